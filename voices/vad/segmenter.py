"""Turn detection: from a stream of PCM16 and a frame-level VAD to "speech started / stopped".

This is the logic behind the Realtime protocol's ``server_vad``: a turn starts once speech has
lasted ``min_speech_ms`` and ends after ``silence_duration_ms`` of silence. That silence is the
accessibility profile's *patience*: a hesitant speaker needs a longer one, so it can change
between turns. The audio of each turn is kept, with ``prefix_padding_ms`` of what came before,
so the recogniser hears the first syllable whole.

Results depend only on the audio, never on how it was chunked: partial frames are buffered.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

from voices.audio import Audio
from voices.vad.base import VoiceActivityDetector

NEGATIVE_THRESHOLD_OFFSET = 0.15
"""Once speech has started, a frame counts as silence only below ``threshold - 0.15`` (as
silero's own segmentation does): the probability wavers mid-word, and without this hysteresis
soft syllables would end the turn early."""

TRAILING_PADDING_MS = 200
"""Silence kept after the last speech frame: Whisper clips words cut off right at their end."""


@dataclass(frozen=True, slots=True)
class SpeechStarted:
    audio_start_ms: int
    """When speech began, in ms since the stream started (without the prefix padding)."""


@dataclass(frozen=True, slots=True)
class SpeechStopped:
    audio_end_ms: int
    """When the last speech frame ended, in ms since the stream started (the silence that
    confirmed the end comes after this)."""


VadEvent = SpeechStarted | SpeechStopped


class NoUtteranceError(LookupError):
    """:meth:`SpeechSegmenter.take_utterance` was called with no finished turn waiting."""


class SpeechSegmenter:
    """Feed any amount of 16 kHz mono PCM16; get turn events; take each turn's audio.

    Not thread-safe: one instance per stream, fed from one task.
    """

    def __init__(
        self,
        vad: VoiceActivityDetector,
        *,
        threshold: float = 0.5,
        min_speech_ms: int = 150,
        silence_duration_ms: int = 500,
        prefix_padding_ms: int = 300,
        keep_audio: bool = True,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1]; got {threshold}")
        if min_speech_ms < 0 or prefix_padding_ms < 0:
            raise ValueError(
                f"min_speech_ms and prefix_padding_ms must be >= 0; "
                f"got {min_speech_ms} and {prefix_padding_ms}"
            )
        self._vad = vad
        self._threshold = threshold
        self._negative_threshold = max(threshold - NEGATIVE_THRESHOLD_OFFSET, 0.01)
        self._frame_bytes = vad.frame_samples * 2
        self._frame_ms = vad.frame_samples * 1000 / vad.sample_rate
        self._min_speech_frames = max(1, math.ceil(min_speech_ms / self._frame_ms))
        self._prefix_frames = math.ceil(prefix_padding_ms / self._frame_ms)
        self._trailing_frames = math.ceil(TRAILING_PADDING_MS / self._frame_ms)
        self._keep_audio = keep_audio
        self.silence_duration_ms = silence_duration_ms
        self._completed: deque[Audio] = deque()
        self._reset_stream()

    def _reset_stream(self) -> None:
        self._pending = bytearray()
        self._frame_index = 0
        # While idle: the last frames, for the prefix padding and the speech run being confirmed.
        self._history: deque[bytes] = deque(maxlen=self._prefix_frames + self._min_speech_frames)
        self._speech_run = 0
        self._speaking = False
        self._utterance: list[bytes] = []
        self._silence_run = 0

    @property
    def silence_duration_ms(self) -> int:
        """Silence that ends a turn. May change at any time; it applies from the next frame."""
        return self._silence_duration_ms

    @silence_duration_ms.setter
    def silence_duration_ms(self, value: int) -> None:
        if value <= 0:
            raise ValueError(f"silence_duration_ms must be > 0; got {value}")
        self._silence_duration_ms = value

    @property
    def speaking(self) -> bool:
        """True between a SpeechStarted and its SpeechStopped."""
        return self._speaking

    @property
    def pending_utterances(self) -> int:
        """Finished turns waiting for :meth:`take_utterance`."""
        return len(self._completed)

    def feed(self, pcm16: bytes) -> list[VadEvent]:
        """Add audio (any length, even an odd number of bytes); return the events it caused."""
        self._pending += pcm16
        events: list[VadEvent] = []
        whole = len(self._pending) - len(self._pending) % self._frame_bytes
        for offset in range(0, whole, self._frame_bytes):
            event = self._process(bytes(self._pending[offset : offset + self._frame_bytes]))
            if event is not None:
                events.append(event)
        del self._pending[:whole]
        return events

    def flush(self) -> list[VadEvent]:
        """Close a turn in progress now (end of stream, a manual commit, a length limit).

        A partial frame stays buffered, so if audio keeps coming, frames and event times stay
        aligned with it; at the end of a stream it is under 32 ms and simply never scored."""
        return [self._stop()] if self._speaking else []

    def current_utterance(self) -> Audio:
        """The turn being spoken so far, prefix padding included (for partial transcripts);
        empty between turns. A copy: the turn stays in the segmenter."""
        frames = b"".join(self._utterance) if self._speaking else b""
        return Audio.from_pcm16(frames, self._vad.sample_rate)

    def settled_utterance(self, min_silence_ms: int = TRAILING_PADDING_MS) -> Audio | None:
        """The turn being spoken, up to its last speech and the silence after it (at most the
        trailing padding), once that silence has lasted ``min_silence_ms``; ``None`` before
        (or between turns). With the default it is exactly what :meth:`take_utterance` will
        return if no more speech comes; with less, that minus some trailing silence.
        Recognition can start on it while the turn's end is still being confirmed."""
        needed = math.ceil(min_silence_ms / self._frame_ms)
        if not (self._speaking and self._keep_audio) or self._silence_run < max(needed, 1):
            return None
        kept_silence = min(self._silence_run, self._trailing_frames)
        cut = len(self._utterance) - self._silence_run + kept_silence
        return Audio.from_pcm16(b"".join(self._utterance[:cut]), self._vad.sample_rate)

    @property
    def speech_samples(self) -> int:
        """Samples of the turn under way up to the end of its last speech frame, prefix
        padding included; 0 between turns."""
        if not self._speaking:
            return 0
        return (len(self._utterance) - self._silence_run) * self._vad.frame_samples

    @property
    def in_silence(self) -> bool:
        """Speaking, but the last frame was silence: the turn may be ending."""
        return self._speaking and self._silence_run > 0

    def take_utterance(self) -> Audio:
        """The oldest finished turn's audio, prefix padding included.

        Raises :class:`NoUtteranceError` when no turn has ended since the last call.
        """
        if not self._completed:
            raise NoUtteranceError("no finished utterance: wait for a SpeechStopped event")
        return self._completed.popleft()

    @property
    def current_duration_ms(self) -> int:
        """Length of :meth:`current_utterance`, without copying the audio."""
        return self._ms(len(self._utterance)) if self._speaking else 0

    def reset(self) -> None:
        """Forget the stream (and its finished turns) and reset the VAD, for a new stream."""
        self._vad.reset()
        self._completed.clear()
        self._reset_stream()

    def _ms(self, frame_index: int) -> int:
        return round(frame_index * self._frame_ms)

    def _process(self, frame: bytes) -> VadEvent | None:
        probability = self._vad.speech_probability(frame)
        self._frame_index += 1
        if self._speaking:
            return self._continue_turn(frame, probability)
        return self._maybe_start(frame, probability)

    def _maybe_start(self, frame: bytes, probability: float) -> VadEvent | None:
        self._history.append(frame)
        self._speech_run = self._speech_run + 1 if probability >= self._threshold else 0
        if self._speech_run < self._min_speech_frames:
            return None
        self._speaking = True
        self._silence_run = 0
        start_index = self._frame_index - self._speech_run
        if self._keep_audio:
            kept = min(len(self._history), self._prefix_frames + self._speech_run)
            self._utterance = list(self._history)[-kept:]
        self._history.clear()
        return SpeechStarted(self._ms(start_index))

    def _continue_turn(self, frame: bytes, probability: float) -> VadEvent | None:
        if self._keep_audio:
            self._utterance.append(frame)
        self._silence_run = 0 if probability >= self._negative_threshold else self._silence_run + 1
        if self._silence_run * self._frame_ms < self._silence_duration_ms:
            return None
        return self._stop()

    def _stop(self) -> SpeechStopped:
        end_index = self._frame_index - self._silence_run
        if self._keep_audio:
            # Trailing silence goes to the history too: it is the next turn's prefix padding.
            silent = self._utterance[len(self._utterance) - self._silence_run :]
            self._history.extend(silent)
            cut = (
                len(self._utterance)
                - self._silence_run
                + min(self._silence_run, self._trailing_frames)
            )
            audio = Audio.from_pcm16(b"".join(self._utterance[:cut]), self._vad.sample_rate)
            self._completed.append(audio)
        self._utterance = []
        self._speaking = False
        self._speech_run = 0
        self._silence_run = 0
        return SpeechStopped(self._ms(end_index))


def speech_regions(
    audio: Audio,
    vad: VoiceActivityDetector,
    threshold: float = 0.5,
    *,
    min_speech_ms: int = 100,
    silence_duration_ms: int = 2000,
    padding_ms: int = 400,
) -> list[tuple[float, float]]:
    """Where ``audio`` holds speech, as (start, end) seconds, padded and merged; for gating
    offline recognition. The VAD is reset first. An empty list means: no speech at all.

    The defaults are faster-whisper's own VAD filter's: pauses under 2 s stay inside a region,
    since Whisper recognises a sentence better whole, and each region costs a 30 s window."""
    resampled = audio.resample(vad.sample_rate)
    vad.reset()
    segmenter = SpeechSegmenter(
        vad,
        threshold=threshold,
        min_speech_ms=min_speech_ms,
        silence_duration_ms=silence_duration_ms,
        prefix_padding_ms=0,
        keep_audio=False,
    )
    events = segmenter.feed(resampled.to_pcm16()) + segmenter.flush()
    starts = [e.audio_start_ms for e in events if isinstance(e, SpeechStarted)]
    ends = [e.audio_end_ms for e in events if isinstance(e, SpeechStopped)]
    return _pad_and_merge(list(zip(starts, ends, strict=True)), padding_ms, resampled.duration_s)


def _pad_and_merge(
    regions_ms: list[tuple[int, int]], padding_ms: int, duration_s: float
) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for start_ms, end_ms in regions_ms:
        start = max(0.0, (start_ms - padding_ms) / 1000)
        end = min(duration_s, (end_ms + padding_ms) / 1000)
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
