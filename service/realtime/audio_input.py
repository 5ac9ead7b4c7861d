"""The session's input audio: PCM16 at the client's rate in, 16 kHz turns out.

With server VAD, every chunk goes through the speech segmenter, which says when a turn starts
and ends (the profile's patience is its end-of-turn silence) and keeps each turn's audio with
its prefix padding. Without it (push-to-talk), audio collects until the client commits.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import soxr

from service.realtime.config import TurnConfig
from voices.audio import WHISPER_RATE, Audio
from voices.vad.base import VoiceActivityDetector
from voices.vad.segmenter import SpeechSegmenter, VadEvent


class InputAudioError(ValueError):
    """Audio the session cannot take; ``code`` and ``param`` go into the error event."""

    def __init__(self, code: str, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.param = param


class InputAudio:
    def __init__(
        self,
        *,
        rate: int,
        turn: TurnConfig | None,
        vad_factory: Callable[[], VoiceActivityDetector],
        max_seconds: float,
        min_speech_ms: int = 150,
        vad_release: Callable[[VoiceActivityDetector], None] | None = None,
    ) -> None:
        """``vad_release`` takes back a detector this input no longer uses (a new mode or
        threshold, or :meth:`close`): the service's pool resets it for the next session."""
        self._vad_factory = vad_factory
        self._vad_release = vad_release
        self._vad: VoiceActivityDetector | None = None
        self._max_samples = round(max_seconds * WHISPER_RATE)
        self._min_speech_ms = min_speech_ms
        self.rate = rate
        self.turn = turn
        self._buffer = bytearray()  # push-to-talk audio at 16 kHz
        self._resampler = self._new_resampler()
        self._segmenter = self._new_segmenter()

    # --- configuration -------------------------------------------------------------------

    def reconfigure(self, rate: int, turn: TurnConfig | None) -> None:
        """New rate or turn detection. A new rate or mode starts a fresh buffer; a new patience
        applies from the next frame, mid-turn included."""
        mode_changed = (turn is None) != (self.turn is None)
        if (
            rate != self.rate
            or mode_changed
            or (turn and self.turn and turn.threshold != self.turn.threshold)
        ):
            self.rate, self.turn = rate, turn
            self._resampler = self._new_resampler()
            self._release_vad()
            self._segmenter = self._new_segmenter()
            self._buffer.clear()
            return
        self.turn = turn
        if turn is not None and self._segmenter is not None:
            self._segmenter.silence_duration_ms = turn.silence_duration_ms

    def stretch_silence(self, silence_ms: int) -> None:
        """For the pause under way only (semantic turn detection): the silence that ends this
        turn. Speech resuming or the turn ending puts the patience back (``restore_silence``)."""
        if self._segmenter is not None:
            self._segmenter.silence_duration_ms = silence_ms

    def restore_silence(self) -> None:
        """Back to the configured patience (a no-op when it was not changed)."""
        if self._segmenter is not None and self.turn is not None:
            self._segmenter.silence_duration_ms = self.turn.silence_duration_ms

    @property
    def silence_ms(self) -> int | None:
        """The silence that ends the turn under way now; ``None`` without turn detection."""
        return self._segmenter.silence_duration_ms if self._segmenter is not None else None

    def _new_resampler(self) -> soxr.ResampleStream | None:
        if self.rate == WHISPER_RATE:
            return None
        return soxr.ResampleStream(self.rate, WHISPER_RATE, 1, dtype="int16", quality="HQ")

    def close(self) -> None:
        """The session is over: its detector is given back, its audio dropped. Audio appended
        after this is only buffered (as without turn detection)."""
        self._release_vad()
        self._segmenter = None
        self.turn = None
        self._buffer.clear()

    def _release_vad(self) -> None:
        vad, self._vad = self._vad, None
        if vad is not None and self._vad_release is not None:
            self._vad_release(vad)

    def _new_segmenter(self) -> SpeechSegmenter | None:
        if self.turn is None:
            return None
        self._vad = self._vad_factory()
        return SpeechSegmenter(
            self._vad,
            threshold=self.turn.threshold,
            min_speech_ms=self._min_speech_ms,
            silence_duration_ms=self.turn.silence_duration_ms,
            prefix_padding_ms=self.turn.prefix_padding_ms,
        )

    # --- audio in ------------------------------------------------------------------------

    @property
    def speaking(self) -> bool:
        return self._segmenter is not None and self._segmenter.speaking

    @property
    def buffered_ms(self) -> int:
        if self._segmenter is not None:
            return self._segmenter.current_duration_ms
        return len(self._buffer) * 1000 // (2 * WHISPER_RATE)

    def append(self, pcm16: bytes) -> list[VadEvent]:
        if len(pcm16) % 2:
            raise InputAudioError(
                "invalid_audio",
                f"Expected PCM16 audio: an even number of bytes (2 per sample); got {len(pcm16)}.",
                "audio",
            )
        samples = np.frombuffer(pcm16, dtype="<i2")
        if self._resampler is not None:
            samples = self._resampler.resample_chunk(samples)
        data = samples.astype("<i2").tobytes()
        if self._segmenter is None:
            if (len(self._buffer) + len(data)) // 2 > self._max_samples:
                raise InputAudioError(
                    "input_audio_buffer_too_long",
                    f"The input audio buffer may hold at most {self._max_samples // WHISPER_RATE}"
                    " s; commit or clear it first. This chunk was not added.",
                    "audio",
                )
            self._buffer += data
            return []
        events = self._segmenter.feed(data)
        if events or (self._segmenter.speaking and not self._segmenter.in_silence):
            # A stretched or shortened wait was for one pause: speech resumed or the turn
            # started or ended, so the patience applies again.
            self.restore_silence()
        if self._segmenter.speaking and self.buffered_ms > self._max_samples * 1000 // WHISPER_RATE:
            events += self._segmenter.flush()
            raise TurnCutError(events, self._max_samples // WHISPER_RATE)
        return events

    def current_speech(self) -> Audio:
        """The turn being spoken so far (for partial transcripts)."""
        if self._segmenter is None:
            return Audio.from_pcm16(bytes(self._buffer), WHISPER_RATE)
        return self._segmenter.current_utterance()

    @property
    def vad_checked(self) -> bool:
        """Turns come from the VAD (server VAD): their audio is known to be speech."""
        return self._segmenter is not None

    @property
    def speaking_now(self) -> bool:
        """A turn is under way and its speaker is speaking, not pausing."""
        return self.speaking and not self.in_silence

    @property
    def in_silence(self) -> bool:
        """A turn is under way and its speaker has paused: the turn may be ending."""
        return self._segmenter is not None and self._segmenter.in_silence

    @property
    def speech_samples(self) -> int:
        """16 kHz samples of the turn under way up to its last speech frame (0 between turns)."""
        return self._segmenter.speech_samples if self._segmenter is not None else 0

    def settled_speech(self, min_silence_ms: int) -> Audio | None:
        """The turn's audio as it will be if the pause becomes its end, less trailing silence
        not heard yet (see ``SpeechSegmenter.settled_utterance``); ``None`` before the pause
        has lasted ``min_silence_ms``."""
        if self._segmenter is None:
            return None
        return self._segmenter.settled_utterance(min_silence_ms)

    def take_turn(self) -> Audio:
        """The audio of the turn that just ended (server VAD)."""
        assert self._segmenter is not None
        return self._segmenter.take_utterance()

    def commit(self) -> tuple[Audio, list[VadEvent]]:
        """Everything buffered, as one turn (push-to-talk, or a manual commit mid-turn)."""
        if self._segmenter is not None:
            events = self._segmenter.flush()
            if not self._segmenter.pending_utterances:
                raise InputAudioError(
                    "input_audio_buffer_commit_empty",
                    "Expected speech in the input audio buffer before commit; the VAD heard none.",
                )
            return self._segmenter.take_utterance(), events
        if not self._buffer:
            raise InputAudioError(
                "input_audio_buffer_commit_empty",
                "Expected audio in the input buffer before commit; it is empty.",
            )
        audio = Audio.from_pcm16(bytes(self._buffer), WHISPER_RATE)
        self._buffer.clear()
        return audio, []

    def clear(self) -> None:
        self._buffer.clear()
        if self._segmenter is not None:
            self._segmenter.reset()


class TurnCutError(InputAudioError):
    """A turn ran past the limit and was ended; ``events`` still need handling."""

    def __init__(self, events: list[VadEvent], seconds: int) -> None:
        super().__init__(
            "input_audio_buffer_too_long",
            f"A turn may last at most {seconds} s; it was ended there and will be answered.",
            "audio",
        )
        self.events = events
