"""What every Whisper engine shares: hear only speech, and never return invented text.

Whisper was trained on 30 s windows that nearly always held speech, so given silence or noise it
tends to "recognise" something ("Thank you.", "시청해주셔서 감사합니다"). Two defences:

1. **Gate on a VAD.** Find the speech regions first; with none, return an empty transcript
   without running Whisper; otherwise recognise only those regions.
2. **Whisper's own no-speech rule**, per segment: drop it when ``no_speech_prob`` is above the
   threshold *and* ``avg_logprob`` is below the log-probability threshold. ``no_speech_prob``
   is read from the first decoding step only, so alone it also fires on real speech that starts
   late in a window; a confident decoding (high ``avg_logprob``) overrules it. Whisper applies
   this rule to each 30 s window while decoding (skipped windows vanish inside the engine, and
   it stops the temperature fallback from sampling text out of silence); the engines apply it
   again to every segment returned, independent of engine internals, and count the drops in
   ``Transcript.dropped_segments``.

The rule alone is not enough: on 5 s of white noise, ungated Whisper base returned
"1.5kg 1.5kg 1.5kg" with no_speech_prob 0.78 but avg_logprob -0.91, so it was kept. The gate
is the defence that counts; the rule catches what slips past it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from voices.audio import WHISPER_RATE, Audio
from voices.stt.base import Transcript, TranscriptSegment
from voices.vad.pool import VadSource, detector_from
from voices.vad.segmenter import speech_regions

UNKNOWN_LANGUAGE = "und"
"""Language of an empty transcript when none was asked for (BCP 47's "undetermined")."""

DIGITAL_SILENCE_PEAK = 1e-4
"""Below ~-80 dBFS (a few PCM16 steps) nothing can be speech: skip even without a VAD."""

FALLBACK_TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
"""Greedy/beam first; sample hotter only when the output is repetitive or improbable
(Whisper's and faster-whisper's default schedule)."""

VadFactory = VadSource
"""A detector factory (one new detector per call) or a :class:`~voices.vad.pool.VadPool`
(the service's: the detector is reset and handed back after the call)."""


@dataclass(frozen=True, slots=True)
class RawSegment:
    """A segment as an engine returns it, before filtering."""

    start: float
    end: float
    text: str
    no_speech_prob: float
    avg_logprob: float


def is_non_speech(
    segment: RawSegment, no_speech_threshold: float, log_prob_threshold: float
) -> bool:
    """Whisper's rule (see the module docstring): both signals must agree."""
    return segment.no_speech_prob > no_speech_threshold and segment.avg_logprob < log_prob_threshold


def is_digital_silence(audio: Audio) -> bool:
    return len(audio.samples) == 0 or float(np.max(np.abs(audio.samples))) < DIGITAL_SILENCE_PEAK


def find_speech(
    audio: Audio,
    vad_factory: VadFactory | None,
    vad_threshold: float,
    *,
    speech_checked: bool = False,
) -> list[tuple[float, float]] | None:
    """Speech regions in seconds; ``[]`` when there is none; ``None`` when ungated (no VAD, or
    the caller's VAD already checked: running it again costs ~50 ms per second of audio)."""
    if is_digital_silence(audio):
        return []
    if vad_factory is None or speech_checked:
        return None
    with detector_from(vad_factory) as vad:
        return speech_regions(audio, vad, vad_threshold)


def empty_transcript(language: str | None, duration_s: float) -> Transcript:
    return Transcript(
        text="",
        language=language or UNKNOWN_LANGUAGE,
        language_probability=1.0 if language else 0.0,
        segments=[],
        duration_s=duration_s,
    )


def assemble_transcript(
    raw: Sequence[RawSegment],
    *,
    language: str,
    language_probability: float,
    duration_s: float,
    no_speech_threshold: float,
    log_prob_threshold: float,
) -> Transcript:
    """Drop non-speech and empty segments, clamp timings into the audio, join the text."""
    kept: list[TranscriptSegment] = []
    pieces: list[str] = []
    dropped = 0
    for segment in raw:
        if is_non_speech(segment, no_speech_threshold, log_prob_threshold):
            dropped += 1
        elif segment.text.strip():
            kept.append(_to_segment(segment, duration_s))
            pieces.append(segment.text)
    return Transcript(
        # Whisper's segment texts carry their own leading spaces (none in Chinese or Japanese).
        text="".join(pieces).strip(),
        language=language,
        language_probability=min(max(language_probability, 0.0), 1.0),
        segments=kept,
        duration_s=duration_s,
        dropped_segments=dropped,
    )


def _to_segment(segment: RawSegment, duration_s: float) -> TranscriptSegment:
    # Whisper's timestamps come in 20 ms steps and may overshoot the end of the audio.
    start = min(max(segment.start, 0.0), duration_s)
    end = min(max(segment.end, start), duration_s)
    return TranscriptSegment(
        start=start,
        end=end,
        text=segment.text.strip(),
        no_speech_prob=min(max(segment.no_speech_prob, 0.0), 1.0),
        avg_logprob=segment.avg_logprob,
    )


def clip_timestamps(regions: Sequence[tuple[float, float]]) -> list[float]:
    """Regions as Whisper's flat ``[start, end, start, end, …]`` list of seconds."""
    return [round(t, 3) for region in regions for t in region]


def to_whisper_rate(audio: Audio) -> Audio:
    return audio.resample(WHISPER_RATE)


class GatedWhisper:
    """What the Whisper engines share: their settings, the VAD gate before decoding and the
    no-speech rule after it. A subclass loads its model and decodes (:meth:`_decode`)."""

    def __init__(
        self,
        *,
        model_id: str,
        threads: int,
        beam_size: int,
        no_speech_threshold: float,
        log_prob_threshold: float,
        vad_factory: VadFactory | None,
        vad_threshold: float,
    ) -> None:
        if beam_size < 1 or threads < 1:
            raise ValueError(f"beam_size and threads must be >= 1; got {beam_size}, {threads}")
        self._model_id = model_id
        self._threads = threads
        self._beam_size = beam_size
        self._no_speech_threshold = no_speech_threshold
        self._log_prob_threshold = log_prob_threshold
        self._vad_factory = vad_factory
        self._vad_threshold = vad_threshold
        self._model: Any = None

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def transcribe(
        self,
        audio: Audio,
        language: str | None = None,
        beam_size: int | None = None,
        *,
        speech_checked: bool = False,
        prior: str | None = None,
    ) -> Transcript:
        audio = to_whisper_rate(audio)
        regions = find_speech(
            audio, self._vad_factory, self._vad_threshold, speech_checked=speech_checked
        )
        if regions == []:
            return empty_transcript(language, audio.duration_s)
        raw, detected, probability = self._decode(
            audio, regions, language, beam_size or self._beam_size, None if language else prior
        )
        return assemble_transcript(
            raw,
            language=detected,
            language_probability=probability,
            duration_s=audio.duration_s,
            no_speech_threshold=self._no_speech_threshold,
            log_prob_threshold=self._log_prob_threshold,
        )

    def _decode(
        self,
        audio: Audio,
        regions: list[tuple[float, float]] | None,
        language: str | None,
        beam_size: int,
        prior: str | None,
    ) -> tuple[list[RawSegment], str, float]:
        """Segments, language and its probability for 16 kHz ``audio``; ``regions`` are the
        gate's speech regions (``None``: ungated). ``prior`` (only with ``language`` ``None``)
        settles an unsure detection: :func:`voices.stt.language_prior.choose_language`."""
        raise NotImplementedError
