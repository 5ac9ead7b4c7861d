"""Where the speech ends inside a question's own samples.

The benchmark times an answer from the moment the person stopped speaking. A recording (or a
synthesised question) carries 0.2–0.4 s of silence after the last word, and a real microphone
carries more, so "the last chunk of the file was sent" is later than the end of speech and hides
part of the wait. This finds the end of the last stretch of sound in the samples themselves:

- the samples are cut into 20 ms frames and each frame's loudness (RMS, in dB of full scale) is
  compared with a threshold set from the file itself: ``BELOW_PEAK_DB`` under its loudest frame,
  ``ABOVE_FLOOR_DB`` over its quiet frames (a recording's hiss or crowd is not speech), and never
  under ``ABSOLUTE_FLOOR_DB``;
- the end of speech is the end of the last run of at least ``MIN_RUN_FRAMES`` loud frames, so a
  click in the trailing silence is not taken for a word, and a pause *inside* the question (a
  person hesitating mid-sentence) does not matter: only the last sound counts.

Energy is enough here because the benchmark knows each file ends in silence; it is not a VAD
for live audio (the service uses Silero for that).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FRAME_S = 0.02
BELOW_PEAK_DB = 40.0
"""Soft final consonants ("s", "f") are 25–35 dB under a vowel's peak; 40 keeps them."""
ABOVE_FLOOR_DB = 10.0
"""Over the file's quiet level (its 10th percentile frame): background noise is not speech."""
ABSOLUTE_FLOOR_DB = -60.0
SAME_LEVEL_DB = 6.0
"""A file whose quiet level is within this of its peak has no silence to tell apart."""
MIN_RUN_FRAMES = 3
"""60 ms: shorter bursts after the last word (clicks, a breath's pop) are ignored."""


class NoSpeechError(ValueError):
    """The samples hold no sound louder than their own background."""


def _frame_db(samples: NDArray[np.float32], frame: int) -> NDArray[np.float64]:
    count = len(samples) // frame
    if len(samples) % frame:
        count += 1
    padded = np.zeros(count * frame, dtype=np.float64)
    padded[: len(samples)] = samples
    rms = np.sqrt(np.mean(padded.reshape(count, frame) ** 2, axis=1))
    result: NDArray[np.float64] = 20.0 * np.log10(rms + 1e-10)
    return result


def speech_end_sample(samples: NDArray[np.float32], sample_rate: int) -> int:
    """The sample index just after the last speech in ``samples`` (mono, [-1, 1]).

    Raises ``NoSpeechError`` when nothing stands out from the background."""
    if sample_rate <= 0:
        raise ValueError(f"expected a positive sample rate; got {sample_rate}")
    frame = max(1, round(sample_rate * FRAME_S))
    if len(samples) == 0:
        raise NoSpeechError("expected audio with speech; got no samples")
    levels = _frame_db(samples, frame)
    peak = float(levels.max())
    floor = float(np.percentile(levels, 10))
    # A file with no quiet stretch (its floor is its speech) must not rise above its own peak.
    over_floor = min(floor + ABOVE_FLOOR_DB, peak - SAME_LEVEL_DB)
    threshold = max(peak - BELOW_PEAK_DB, over_floor, ABSOLUTE_FLOOR_DB)
    loud = levels > threshold
    if peak <= ABSOLUTE_FLOOR_DB or not loud.any():
        raise NoSpeechError(
            f"expected speech louder than {threshold:.0f} dBFS; the loudest 20 ms is {peak:.0f}"
        )
    run = 0
    for index in range(len(loud) - 1, -1, -1):
        run = run + 1 if loud[index] else 0
        if run >= MIN_RUN_FRAMES:
            last = index + run - 1  # scanning backwards: the run's last frame
            return min(len(samples), (last + 1) * frame)
    # Only bursts shorter than a run: the longest sound there is, is the speech.
    return min(len(samples), (int(np.flatnonzero(loud)[-1]) + 1) * frame)


def speech_end_s(samples: NDArray[np.float32], sample_rate: int) -> float:
    """Seconds from the start of ``samples`` to the end of the last speech in them."""
    return speech_end_sample(samples, sample_rate) / sample_rate
