"""A deterministic energy detector for unit tests: no model, same answer every time."""

from __future__ import annotations

import numpy as np

from voices.audio import WHISPER_RATE

DEFAULT_FRAME_SAMPLES = 512
"""Silero's frame (32 ms at 16 kHz), so tests exercise the same framing as production."""


class FakeVad:
    """Scores a frame 1.0 when its RMS level reaches ``rms_threshold``, else 0.0.

    Tests build "speech" as a tone or noise above the level and "silence" below it, so every
    frame's verdict is known in advance. Frames of the wrong size raise, as silero does, which
    catches framing bugs in callers.
    """

    def __init__(
        self,
        rms_threshold: float = 0.02,
        *,
        frame_samples: int = DEFAULT_FRAME_SAMPLES,
        sample_rate: int = WHISPER_RATE,
    ) -> None:
        if frame_samples <= 0:
            raise ValueError(f"frame_samples must be positive; got {frame_samples}")
        self._rms_threshold = rms_threshold
        self._frame_samples = frame_samples
        self._sample_rate = sample_rate
        self.frames_seen = 0
        """How many frames were scored since the last reset (tests check framing with it)."""

    @property
    def frame_samples(self) -> int:
        return self._frame_samples

    @property
    def sample_rate(self) -> int:
        return self._sample_rate

    def speech_probability(self, frame: bytes) -> float:
        expected = self._frame_samples * 2
        if len(frame) != expected:
            raise ValueError(f"expected a frame of {expected} bytes (PCM16); got {len(frame)}")
        self.frames_seen += 1
        samples = np.frombuffer(frame, dtype="<i2").astype(np.float32) / 32768.0
        rms = float(np.sqrt(np.mean(np.square(samples))))
        return 1.0 if rms >= self._rms_threshold else 0.0

    def reset(self) -> None:
        self.frames_seen = 0
