"""Piper 1.8: a neural English voice (en_US "joe", 22.05 kHz) on onnxruntime, CPU only.

The voice's small JSON config is read at construction, so a wrong path fails at once; the
63 MB ONNX model is loaded lazily, on the first :meth:`PiperSynthesizer.synthesize` (about a
second) or when :meth:`PiperSynthesizer.load` is called to pay that cost up front.

``PiperVoice.load`` builds its ``InferenceSession`` with default ``SessionOptions``, which use
every core and spin while idle. STT, the language model and TTS share two cores, so the session
is built here with a thread cap and handed to the public ``PiperVoice`` dataclass constructor.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import numpy as np

from voices.audio import Audio
from voices.tts.base import SynthesisError, SynthesizedSpeech, VoiceParams

try:
    # onnxruntime ships no type information and pyproject's mypy overrides do not list it.
    import onnxruntime
    from onnxruntime.capi import (
        onnxruntime_pybind11_state as _ort_state,
    )
    from piper import PiperConfig, PiperVoice, SynthesisConfig
except ImportError as exc:  # the optional extra is not installed
    raise ImportError(
        f"the Piper voice needs {exc.name or 'piper-tts'}, which is not installed: "
        "pip install 'modu[piper]'"
    ) from exc

# onnxruntime's own exception classes; they derive from Exception and nothing narrower.
_ONNX_ERRORS: tuple[type[Exception], ...] = (
    _ort_state.Fail,
    _ort_state.InvalidArgument,
    _ort_state.NoSuchFile,
    _ort_state.InvalidProtobuf,
    _ort_state.RuntimeException,
)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as file:
            data: dict[str, Any] = json.load(file)
    except (OSError, json.JSONDecodeError) as exc:
        raise SynthesisError(f"could not read the Piper voice config {path}: {exc}") from exc
    return data


class PiperSynthesizer:
    """One Piper voice. It speaks only its own language (``en`` for the bundled joe voice)."""

    def __init__(
        self,
        model_path: Path,
        config_path: Path | None = None,
        *,
        voice_name: str,
        threads: int = 1,
    ) -> None:
        if threads < 1:
            raise ValueError(f"expected threads >= 1; got {threads}")
        self.model_path = model_path
        self.config_path = config_path or model_path.with_name(model_path.name + ".json")
        self.voice_name = voice_name
        self.threads = threads
        raw = _read_json(self.config_path)
        try:
            self._config: PiperConfig = PiperConfig.from_dict(raw)
        except (KeyError, ValueError) as exc:
            raise SynthesisError(f"{self.config_path} is not a Piper voice config: {exc}") from exc
        family = raw.get("language", {}).get("family") or self._config.espeak_voice
        self.language = str(family).split("-")[0].lower()
        self._voice: PiperVoice | None = None
        self._load_lock = threading.Lock()

    @property
    def name(self) -> str:
        return "piper"

    @property
    def sample_rate(self) -> int:
        return self._config.sample_rate

    def supports(self, language: str) -> bool:
        return language.strip().lower().replace("_", "-").split("-")[0] == self.language

    def load(self) -> None:
        """Load the ONNX model now rather than on the first sentence."""
        self._loaded()

    def synthesize(self, text: str, params: VoiceParams) -> SynthesizedSpeech:
        if not self.supports(params.language):
            raise SynthesisError(
                f"the Piper voice {self.voice_name} speaks {self.language!r}, "
                f"not {params.language!r}"
            )
        voice = self._loaded()
        # Piper reads [[ ... ]] as raw phonemes; answer text must never be taken for that.
        speakable = text.replace("[[", "[ [")
        # length_scale is time per phoneme: a faster rate means proportionally shorter phonemes.
        syn_config = SynthesisConfig(
            length_scale=self._config.length_scale / params.rate, volume=params.volume
        )
        try:
            chunks = [chunk.audio_float_array for chunk in voice.synthesize(speakable, syn_config)]
        except _ONNX_ERRORS as exc:
            raise SynthesisError(f"Piper failed to speak with {self.voice_name}: {exc}") from exc
        samples = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
        audio = Audio(samples.astype(np.float32), self._config.sample_rate)
        return SynthesizedSpeech(
            pcm16=audio.to_pcm16(),
            sample_rate=audio.sample_rate,
            engine=self.name,
            voice=self.voice_name,
            text=text,
        )

    def _loaded(self) -> PiperVoice:
        with self._load_lock:  # two first sentences at once must not load the model twice
            if self._voice is None:
                self._voice = PiperVoice(session=self._session(), config=self._config)
            return self._voice

    def _session(self) -> onnxruntime.InferenceSession:
        try:
            return onnxruntime.InferenceSession(
                str(self.model_path),
                sess_options=session_options(self.threads),
                providers=["CPUExecutionProvider"],
            )
        except _ONNX_ERRORS as exc:
            raise SynthesisError(
                f"could not load the Piper voice {self.model_path}: {exc}"
            ) from exc


def session_options(threads: int) -> onnxruntime.SessionOptions:
    """Piper's onnxruntime options: ``threads`` for one synthesis, no spinning, no arena."""
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # Idle worker threads would otherwise spin and take CPU from the other engines.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3  # errors only: no optimiser chatter on stderr
    # onnxruntime's CPU arena grows to the largest set of sentences synthesised at once and never
    # gives memory back, in steps (measured: 4 threads x 12 sentences of 4-48 words a round,
    # 239 -> 1174 MB after 5 rounds, none of it released by malloc_trim; without the arena
    # ~320 MB after a malloc_trim each round, and synthesis no slower within the noise). It is
    # not what grows in the real-engine soak, which synthesises little at once
    # (bench/results/soak/soak-20min.md).
    options.enable_cpu_mem_arena = False
    return options
