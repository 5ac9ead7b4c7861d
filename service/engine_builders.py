"""Turning settings into engines: one builder per stage.

Heavy engine modules are imported only when chosen, so a missing extra fails with its own
helpful ImportError only for the engine that needs it. :class:`service.engines.Engines` calls
these once each, lazily.
"""

from __future__ import annotations

from collections.abc import Callable

from service.settings import Settings
from voices.assemble import resolve
from voices.catalogue import CATALOGUE
from voices.lm.base import LanguageModel
from voices.lm.fallback import FallbackLanguageModel
from voices.observer import EngineObserver
from voices.stt.base import SpeechRecognizer
from voices.tts.base import SpeechSynthesizer
from voices.vad.base import VoiceActivityDetector
from voices.vad.pool import VadPool


def build_vad_factory(settings: Settings) -> Callable[[], VoiceActivityDetector]:
    """VAD keeps per-stream state, so callers get a factory and make one per stream."""
    if settings.vad.engine == "fake":
        from voices.vad.fake import FakeVad

        return FakeVad
    from voices.vad.silero import SileroVad

    model_path = resolve("silero-vad", settings.model_dir).path

    def make() -> VoiceActivityDetector:
        return SileroVad(model_path)

    return make


def build_vad_pool(settings: Settings) -> VadPool:
    """The process's detectors: sessions and the recogniser's speech gate take one per stream
    and give it back, so a few are reused instead of one made and freed per stream
    (``voices/vad/pool.py``)."""
    return VadPool(build_vad_factory(settings), size=settings.vad.pool_size)


def build_recognizer(
    settings: Settings,
    observer: EngineObserver | None = None,
    *,
    vad_pool: VadPool | None = None,
) -> SpeechRecognizer:
    """``observer`` hears of a remote recogniser's latency and of its fallbacks; ``vad_pool``:
    where the speech gate takes its detectors (a pool of its own when not given)."""
    stt = settings.stt
    if stt.engine == "fake":
        from voices.stt.fake import FakeRecognizer

        return FakeRecognizer()
    if stt.engine == "remote":
        from service.remote_stages import build_remote_recognizer

        pool = (vad_pool or build_vad_pool(settings)) if stt.vad_gate else None
        return build_remote_recognizer(
            settings, observer, lambda local: build_recognizer(local, vad_pool=pool), pool
        )
    resolved = resolve(stt.model, settings.model_dir)
    vad_factory = (vad_pool or build_vad_pool(settings)) if stt.vad_gate else None
    if stt.engine == "openai-whisper":
        from voices.stt.openai_whisper import OpenAIWhisperRecognizer

        return OpenAIWhisperRecognizer(
            resolved.path,
            model_id=resolved.model_id,
            threads=stt.threads,
            no_speech_threshold=stt.no_speech_threshold,
            log_prob_threshold=stt.log_prob_threshold,
            vad_factory=vad_factory,
            vad_threshold=settings.vad.threshold,
        )
    from voices.stt.faster_whisper import FasterWhisperRecognizer

    # A hub id (e.g. "small") only works with a network; a catalogue name or folder never needs one.
    model_ref = str(resolved.path) if resolved.catalogued or resolved.path.exists() else stt.model
    return FasterWhisperRecognizer(
        model_ref,
        model_id=resolved.model_id,
        compute_type=stt.compute_type,
        threads=stt.threads,
        beam_size=stt.beam_size,
        no_speech_threshold=stt.no_speech_threshold,
        log_prob_threshold=stt.log_prob_threshold,
        vad_factory=vad_factory,
        vad_threshold=settings.vad.threshold,
        short_window=stt.short_window,
    )


def build_local_language_model(settings: Settings) -> LanguageModel:
    lm = settings.lm
    if lm.engine == "transformers":
        from accessibility.watermark import watermark_for_settings
        from voices.lm.transformers_engine import TransformersLanguageModel

        watermark = watermark_for_settings(settings.provenance)  # SynthID; None when turned off.
        resolved = resolve(lm.model, settings.model_dir)
        if resolved.catalogued:
            # Catalogue models are GGUF files: transformers loads them from their folder.
            return TransformersLanguageModel(
                resolved.path.parent,
                model_id=resolved.model_id,
                threads=lm.threads,
                gguf_file=resolved.path.name,
                watermark=watermark,
            )
        source = str(resolved.path) if resolved.path.exists() else lm.model
        return TransformersLanguageModel(
            source,
            model_id=resolved.model_id,
            threads=lm.threads,
            gguf_file=lm.gguf_file,
            watermark=watermark,
        )
    # The remote engine's fallback is the embedded default model on llama.cpp.
    model_name = lm.model if lm.engine == "llamacpp" else "qwen2.5-coder-1.5b-instruct"
    from voices.lm.llamacpp import LlamaCppLanguageModel

    resolved = resolve(model_name, settings.model_dir)
    return LlamaCppLanguageModel(
        resolved.path,
        model_id=resolved.model_id,
        threads=lm.threads,
        context_tokens=lm.context_tokens,
        parallel=lm.parallel_sessions,
        prompt_cache_mib=lm.prompt_cache_mib,
    )


def build_language_model(
    settings: Settings, observer: EngineObserver | None = None
) -> LanguageModel:
    """``observer`` hears of the remote model's latency and of fallbacks to the embedded one."""
    lm = settings.lm
    if lm.engine == "fake":
        from voices.lm.fake import FakeLanguageModel

        return FakeLanguageModel()
    if lm.engine != "remote":
        return build_local_language_model(settings)
    from voices.lm.remote import RemoteLanguageModel

    if not lm.remote_url:
        raise ValueError("lm.engine is 'remote' but lm.remote_url is not set (MODU_LM__REMOTE_URL)")
    remote = RemoteLanguageModel(
        lm.remote_url,
        api_key=lm.remote_api_key,
        model=lm.remote_model,
        timeout_s=lm.remote_timeout_s,
        observer=observer,
    )
    if not lm.remote_fallback:
        return remote
    return FallbackLanguageModel(
        remote,
        lambda: build_local_language_model(settings),
        retry_after_s=lm.remote_recheck_s,
        observer=observer,
    )


def build_synthesizer(
    settings: Settings, observer: EngineObserver | None = None
) -> SpeechSynthesizer:
    """``observer`` hears of sentences another voice spoke because one failed."""
    tts = settings.tts
    if tts.engine == "fake":
        from voices.tts.fake import FakeSynthesizer

        return FakeSynthesizer()
    if tts.engine == "remote":
        from service.remote_stages import build_remote_synthesizer

        return build_remote_synthesizer(
            settings, observer, lambda s: build_synthesizer(s, observer)
        )
    from voices.tts.router import SpeechRouter

    english = _piper(settings) if tts.engine in ("auto", "piper") else None
    offline = _espeak(settings)
    online = None
    if tts.engine == "gtts" or (tts.engine == "auto" and tts.online):
        from voices.tts.gtts_voice import GttsSynthesizer

        online = GttsSynthesizer(timeout_s=tts.gtts_timeout_s)
    return SpeechRouter(english=english, fallback=offline, online=online, observer=observer)


def _piper(settings: Settings) -> SpeechSynthesizer:
    from voices.tts.piper import PiperSynthesizer

    resolved = resolve(settings.tts.english_voice, settings.model_dir)
    config = resolved.path.with_name(resolved.path.name + ".json")
    return PiperSynthesizer(
        resolved.path,
        config if config.exists() else None,
        voice_name=resolved.path.name.removesuffix(".onnx"),
        threads=settings.tts.threads,
    )


def _espeak(settings: Settings) -> SpeechSynthesizer:
    from voices.tts.espeak import EspeakSynthesizer

    folder = resolve("espeak-ng", settings.model_dir).path
    library = folder / CATALOGUE["espeak-ng"].files[0].name
    return EspeakSynthesizer(library, folder / "espeak-ng-data")
