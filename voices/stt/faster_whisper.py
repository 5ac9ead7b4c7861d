"""Speech recognition with faster-whisper (CTranslate2), int8 on CPU by default.

The model loads once, on first use, under a lock. Silence and noise give an empty transcript:
see :mod:`voices.stt.gating` for the VAD gate and the no-speech rule.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from voices.audio import Audio
from voices.stt.gating import (
    FALLBACK_TEMPERATURES,
    GatedWhisper,
    RawSegment,
    VadFactory,
    clip_timestamps,
)
from voices.stt.language_prior import choose_language
from voices.stt.short_window import ShortDecode, decode_short


def _whisper_model_class() -> Any:
    try:
        from faster_whisper import WhisperModel
    except ImportError as exc:
        raise ImportError(
            "speech recognition needs the faster-whisper package: pip install 'modu[whisper]'"
        ) from exc
    return WhisperModel


def _model_reference(model_dir: Path | str) -> str:
    """A local folder must hold a CTranslate2 model; a bare name is left to faster-whisper
    (a hub id, which needs a network: never the default)."""
    looks_local = isinstance(model_dir, Path) or os.sep in model_dir or Path(model_dir).exists()
    if not looks_local:
        return str(model_dir)
    folder = Path(model_dir)
    if not (folder / "model.bin").is_file():
        raise FileNotFoundError(
            f"expected a CTranslate2 Whisper model (model.bin, config.json, tokenizer.json) "
            f"in {folder}; none found. `modu models` assembles the bundled one."
        )
    return str(folder)


class FasterWhisperRecognizer(GatedWhisper):
    """Whisper through CTranslate2. Thread-safe; calls may overlap (CTranslate2 queues them).

    ``vad_factory`` gives each call a detector of its own (detectors keep state): a factory
    makes a fresh one, a :class:`~voices.vad.pool.VadPool` (the service's) lends a reset one and
    takes it back; without one, only digital silence is skipped before Whisper and the
    no-speech rule is the sole defence.
    """

    def __init__(
        self,
        model_dir: Path | str,
        *,
        model_id: str,
        compute_type: str = "int8",
        threads: int = 2,
        beam_size: int = 1,
        no_speech_threshold: float = 0.6,
        log_prob_threshold: float = -1.0,
        vad_factory: VadFactory | None = None,
        vad_threshold: float = 0.5,
        short_window: bool = True,
    ) -> None:
        super().__init__(
            model_id=model_id,
            threads=threads,
            beam_size=beam_size,
            no_speech_threshold=no_speech_threshold,
            log_prob_threshold=log_prob_threshold,
            vad_factory=vad_factory,
            vad_threshold=vad_threshold,
        )
        self._model_dir = model_dir
        self._compute_type = compute_type
        self._short_window = short_window
        self.short_window_fallbacks = 0
        """Recognitions the short window handed to ordinary decoding (see short_window)."""
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return "faster-whisper"

    def load(self) -> Any:
        """Load the model if it is not loaded yet (the first transcription does this)."""
        with self._lock:
            if self._model is None:
                model_class = _whisper_model_class()
                self._model = model_class(
                    _model_reference(self._model_dir),
                    device="cpu",
                    compute_type=self._compute_type,
                    cpu_threads=self._threads,
                    num_workers=1,
                )
            return self._model

    def _decode(
        self,
        audio: Audio,
        regions: list[tuple[float, float]] | None,
        language: str | None,
        beam_size: int,
        prior: str | None,
    ) -> tuple[list[RawSegment], str, float]:
        short = None
        if self._short_window:
            short = self._decode_short(audio, regions, language, beam_size, prior)
        if short is not None:
            return short.segments, short.language, short.language_probability
        return self._decode_ordinary(audio, regions, language, beam_size, prior)

    def _decode_short(
        self,
        audio: Audio,
        regions: list[tuple[float, float]] | None,
        language: str | None,
        beam_size: int,
        prior: str | None,
    ) -> ShortDecode | None:
        """One fitted window over the speech (see :mod:`voices.stt.short_window`)."""
        start_s, end_s = (regions[0][0], regions[-1][1]) if regions else (0.0, audio.duration_s)
        rate = audio.sample_rate
        samples = audio.samples[round(start_s * rate) : round(end_s * rate)]
        decoded = decode_short(
            self.load(),
            samples.astype("float32", copy=False),
            language=language,
            prior=prior,
            beam_size=beam_size,
            speech_end_s=end_s - start_s,
            log_prob_threshold=self._log_prob_threshold,
        )
        if decoded is None:
            self.short_window_fallbacks += 1
            return None
        shifted = [
            RawSegment(s.start + start_s, s.end + start_s, s.text, s.no_speech_prob, s.avg_logprob)
            for s in decoded.segments
        ]
        return ShortDecode(decoded.language, decoded.language_probability, shifted)

    def _decode_ordinary(
        self,
        audio: Audio,
        regions: list[tuple[float, float]] | None,
        language: str | None,
        beam_size: int,
        prior: str | None,
    ) -> tuple[list[RawSegment], str, float]:
        """Whisper's own decoding: 30 s windows, temperature fallback."""
        chosen: tuple[str, float] | None = None
        if language is None and prior is not None:
            chosen = self._detect_with_prior(audio, regions, prior)
            language = chosen[0]
        segments, info = self.load().transcribe(
            audio.samples,
            language=language,
            task="transcribe",
            beam_size=beam_size,
            temperature=list(FALLBACK_TEMPERATURES),
            no_speech_threshold=self._no_speech_threshold,
            log_prob_threshold=self._log_prob_threshold,
            # Feeding a window's text into the next one is how Whisper gets stuck in loops;
            # utterances here are short, so the context buys little.
            condition_on_previous_text=False,
            vad_filter=False,  # The gate above already chose the regions.
            clip_timestamps=clip_timestamps(regions) if regions else "0",
        )
        raw = [  # The generator does the decoding: consume it here, inside the call.
            RawSegment(s.start, s.end, s.text, s.no_speech_prob, s.avg_logprob) for s in segments
        ]
        if chosen is not None:  # faster-whisper reports 1.0 for a language it was given
            return raw, chosen[0], chosen[1]
        return raw, info.language, info.language_probability

    def _detect_with_prior(
        self, audio: Audio, regions: list[tuple[float, float]] | None, prior: str
    ) -> tuple[str, float]:
        """faster-whisper's own detection (the first 30 s from the first speech, as its
        ``transcribe`` does), settled by ``prior``. Detecting here instead of inside
        ``transcribe`` costs no extra encoding: ``transcribe`` then skips its own."""
        model = self.load()
        if not model.model.is_multilingual:
            return "en", 1.0  # An English-only (.en) model has no language tokens.
        start = round(regions[0][0] * audio.sample_rate) if regions else 0
        _, _, probabilities = model.detect_language(audio=audio.samples[start:])
        return choose_language(probabilities, prior)
