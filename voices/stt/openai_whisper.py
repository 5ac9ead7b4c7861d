"""Speech recognition with OpenAI's reference ``openai-whisper`` package (PyTorch), optional.

For users who already have Whisper ``.pt`` checkpoints: no registry package ships them, so
modu's default is faster-whisper. Needs ``pip install 'modu[openai-whisper]'`` (torch pinned
to the CPU build first; an unpinned torch pulls a multi-GB CUDA build).

Same defences as the faster-whisper engine (see :mod:`voices.stt.gating`).
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from voices.audio import WHISPER_RATE, Audio
from voices.stt.gating import (
    FALLBACK_TEMPERATURES,
    GatedWhisper,
    RawSegment,
    VadFactory,
    clip_timestamps,
)
from voices.stt.language_prior import choose_language


@contextmanager
def _known_upstream_warnings_silenced() -> Iterator[None]:
    """openai-whisper 20250625 emits two harmless warnings that ``-W error`` turns into
    failures: its tokenizer opens the vocabulary without closing it (ResourceWarning, once),
    and beam search calls ``np.argsort`` on a torch tensor (NumPy 2 DeprecationWarning).
    Only these two messages are silenced. ``catch_warnings`` changes process-wide state, so
    callers hold the engine's lock while inside."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r"unclosed file .*\.tiktoken", ResourceWarning)
        warnings.filterwarnings("ignore", r"__array_wrap__ must accept context", DeprecationWarning)
        yield


def _whisper_module() -> Any:
    try:
        import torch
        import whisper
    except ImportError as exc:
        raise ImportError(
            "the openai-whisper engine needs the openai-whisper package and torch: "
            "pip install 'modu[openai-whisper]'"
        ) from exc
    return whisper, torch


class OpenAIWhisperRecognizer(GatedWhisper):
    """Whisper in PyTorch on the CPU, from a local checkpoint file (never a download).
    Thread-safe: calls are serialised (see :func:`_known_upstream_warnings_silenced`).

    ``threads`` sets torch's intra-op threads, which is process-wide in PyTorch: it also
    affects any other torch model in the process.
    """

    def __init__(
        self,
        checkpoint: Path,
        *,
        model_id: str | None = None,
        threads: int = 2,
        beam_size: int = 1,
        no_speech_threshold: float = 0.6,
        log_prob_threshold: float = -1.0,
        vad_factory: VadFactory | None = None,
        vad_threshold: float = 0.5,
    ) -> None:
        super().__init__(
            model_id=model_id or checkpoint.stem,
            threads=threads,
            beam_size=beam_size,
            no_speech_threshold=no_speech_threshold,
            log_prob_threshold=log_prob_threshold,
            vad_factory=vad_factory,
            vad_threshold=vad_threshold,
        )
        self._checkpoint = checkpoint
        self._lock = threading.RLock()  # Guards loading and each transcription.

    @property
    def name(self) -> str:
        return "openai-whisper"

    def load(self) -> Any:
        """Load the checkpoint if it is not loaded yet (the first transcription does this)."""
        with self._lock:
            if self._model is None:
                whisper, torch = _whisper_module()
                # A bare name ("base") would make openai-whisper download it: require a file.
                if not self._checkpoint.is_file():
                    raise FileNotFoundError(
                        f"expected a Whisper .pt checkpoint at {self._checkpoint}; none found"
                    )
                torch.set_num_threads(self._threads)
                self._model = whisper.load_model(str(self._checkpoint), device="cpu")
            return self._model

    def _decode(
        self,
        audio: Audio,
        regions: list[tuple[float, float]] | None,
        language: str | None,
        beam_size: int,
        prior: str | None,
    ) -> tuple[list[RawSegment], str, float]:
        with self._lock, _known_upstream_warnings_silenced():
            return self._recognise(audio, regions, language, beam_size, prior)

    def _recognise(
        self,
        audio: Audio,
        regions: list[tuple[float, float]] | None,
        language: str | None,
        beams: int,
        prior: str | None,
    ) -> tuple[list[RawSegment], str, float]:
        model = self.load()
        whisper, _ = _whisper_module()
        start = regions[0][0] if regions else 0.0
        detected, probability = (
            (language, 1.0) if language else _detect_language(whisper, model, audio, start, prior)
        )
        result = whisper.transcribe(
            model,
            audio.samples,
            verbose=None,  # No printing, no progress bar.
            language=detected,
            task="transcribe",
            temperature=FALLBACK_TEMPERATURES,
            beam_size=beams if beams > 1 else None,  # None: greedy decoding.
            best_of=5,
            fp16=False,  # fp16 is GPU-only; openai-whisper warns on the CPU otherwise.
            no_speech_threshold=self._no_speech_threshold,
            logprob_threshold=self._log_prob_threshold,
            # Feeding a window's text into the next one is how Whisper gets stuck in loops.
            condition_on_previous_text=False,
            clip_timestamps=clip_timestamps(regions) if regions else "0",
        )
        raw = [
            RawSegment(s["start"], s["end"], s["text"], s["no_speech_prob"], s["avg_logprob"])
            for s in result["segments"]
        ]
        return raw, detected, probability


def _detect_language(
    whisper: Any, model: Any, audio: Audio, start_s: float, prior: str | None
) -> tuple[str, float]:
    """Whisper's language identification on the first 30 s from ``start_s``, settled by
    ``prior`` when unsure (:mod:`voices.stt.language_prior`): openai-whisper's ``transcribe``
    detects too, but does not return how sure it was."""
    if not model.is_multilingual:
        return "en", 1.0  # An English-only (.en) checkpoint has no language tokens.
    first = audio.samples[int(start_s * WHISPER_RATE) :]
    mel = whisper.log_mel_spectrogram(whisper.pad_or_trim(first), model.dims.n_mels)
    _, probabilities = model.detect_language(mel)
    return choose_language(
        ((str(language), float(p)) for language, p in probabilities.items()), prior
    )
