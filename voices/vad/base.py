"""Voice activity detection: the protocol a frame-level detector meets."""

from __future__ import annotations

from typing import Protocol


class VoiceActivityDetector(Protocol):
    """Scores fixed-size frames of 16 kHz mono PCM16 for speech. Stateful (it keeps context
    across frames): one instance per audio stream, :meth:`reset` between streams."""

    @property
    def frame_samples(self) -> int:
        """Samples per frame (512 for silero = 32 ms at 16 kHz)."""
        ...

    @property
    def sample_rate(self) -> int: ...

    def speech_probability(self, frame: bytes) -> float:
        """Probability in [0, 1] that this frame (exactly ``frame_samples`` PCM16 samples) is
        speech."""
        ...

    def reset(self) -> None: ...
