"""Remote speech stages: build them from settings, and say how each remote stage is doing.

A remote recogniser or voice is wrapped with its embedded fallback (faster-whisper; Piper and
eSpeak NG) when the settings ask for one, or by default when its weights are installed. The
fallback is built on first need, or at warm-up when the service preloads its engines.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from service.openai_languages import WHISPER_LANGUAGES
from service.remote_settings import RemoteStageFields
from service.settings import Settings
from voices.assemble import model_status
from voices.catalogue import CATALOGUE
from voices.lm.fallback import FallbackLanguageModel
from voices.lm.remote import RemoteLanguageModel
from voices.observer import EngineObserver
from voices.remote import RemoteEndpoint
from voices.stage_fallback import StageFallback, StageStatus
from voices.stt.base import SpeechRecognizer
from voices.stt.remote import FallbackRecognizer, RemoteRecognizer
from voices.tts.base import SpeechSynthesizer
from voices.tts.remote import FallbackSynthesizer, RemoteSynthesizer
from voices.vad.pool import VadSource


def _weights_installed(name: str, settings: Settings) -> bool:
    """Whether ``name`` (a catalogue model, or a path) can be loaded without a network."""
    if name in CATALOGUE:
        return model_status(CATALOGUE[name], settings.model_dir) != "package missing"
    return Path(name).exists()


PATHS = {"stt": "/audio/transcriptions", "tts": "/audio/speech", "lm": "/chat/completions"}


def _full_url(base_url: str, path: str) -> str:
    base = base_url.rstrip("/")
    return base if base.endswith(path) else base + path


def _endpoint(
    stage: str,
    what: str,
    path: str,
    fields: RemoteStageFields,
    observer: EngineObserver | None,
) -> RemoteEndpoint:
    if not fields.remote_url:
        raise ValueError(
            f"{stage}.engine is 'remote' but {stage}.remote_url is not set "
            f"(MODU_{stage.upper()}__REMOTE_URL)"
        )
    url = _full_url(fields.remote_url, path)
    return RemoteEndpoint(
        stage,
        what,
        url,
        api_key=fields.remote_api_key,
        timeout_s=fields.remote_timeout_s,
        retries=fields.remote_retries,
        observer=observer,
    )


def build_remote_recognizer(
    settings: Settings,
    observer: EngineObserver | None,
    embedded: Callable[[Settings], SpeechRecognizer],
    vad_factory: VadSource | None,
) -> FallbackRecognizer:
    """``embedded`` builds the fallback from settings naming a local engine."""
    stt = settings.stt
    endpoint = _endpoint("stt", "remote speech recognition", "/audio/transcriptions", stt, observer)
    remote = RemoteRecognizer(
        endpoint,
        model=stt.remote_model,
        response_format=stt.remote_response_format,
        language_codes={name: code for code, name in WHISPER_LANGUAGES.items()},
        vad_factory=vad_factory,
        vad_threshold=settings.vad.threshold,
    )
    local = settings.model_copy(update={"stt": stt.model_copy(update={"engine": "faster-whisper"})})
    wanted = stt.remote_fallback
    enabled = _weights_installed(stt.model, settings) if wanted is None else wanted
    switch: StageFallback[SpeechRecognizer] = StageFallback(
        "stt",
        endpoint.url,
        "remote speech recognition",
        (lambda: embedded(local)) if enabled else None,
        fallback_name=f"faster-whisper/{stt.model}",
        recheck_s=stt.remote_recheck_s,
        observer=observer,
    )
    return FallbackRecognizer(remote, switch)


def build_remote_synthesizer(
    settings: Settings,
    observer: EngineObserver | None,
    embedded: Callable[[Settings], SpeechSynthesizer],
) -> FallbackSynthesizer:
    tts = settings.tts
    endpoint = _endpoint("tts", "remote voice", "/audio/speech", tts, observer)
    remote = RemoteSynthesizer(
        endpoint,
        model=tts.remote_model,
        voice=tts.remote_voice,
        voices=tts.remote_voices,
        response_format=tts.remote_format,
        extensions=tts.remote_extensions,
        languages=tts.remote_languages,
    )
    local = settings.model_copy(update={"tts": tts.model_copy(update={"engine": "auto"})})
    wanted = tts.remote_fallback
    installed = all(_weights_installed(n, settings) for n in (tts.english_voice, "espeak-ng"))
    enabled = installed if wanted is None else wanted
    switch: StageFallback[SpeechSynthesizer] = StageFallback(
        "tts",
        endpoint.url,
        "remote voice",
        (lambda: embedded(local)) if enabled else None,
        fallback_name="piper/espeak-ng",
        recheck_s=tts.remote_recheck_s,
        observer=observer,
    )
    return FallbackSynthesizer(remote, switch)


def stage_status(stage: str, engine: object, settings: Settings) -> StageStatus | None:
    """How a remote stage is doing; ``None`` for a stage that is not remote. An engine not
    built yet (``None``) has not failed."""
    if isinstance(engine, FallbackRecognizer | FallbackSynthesizer):
        return engine.switch.status()
    if isinstance(engine, FallbackLanguageModel) and isinstance(
        engine.primary, RemoteLanguageModel
    ):
        return StageStatus(
            stage=stage,
            url=engine.primary.url,
            falling_back=engine.falling_back,
            fallback=f"llama.cpp/{settings.lm.model}",
            fallback_loaded=engine.fallback_if_built is not None,
            last_error=engine.last_error,
        )
    if isinstance(engine, RemoteLanguageModel):
        return StageStatus(stage, engine.url, False, None, False, None)
    return _configured(stage, settings) if engine is None else None


def _configured(stage: str, settings: Settings) -> StageStatus | None:
    configured = {
        "stt": (settings.stt.engine, settings.stt.remote_url),
        "tts": (settings.tts.engine, settings.tts.remote_url),
        "lm": (settings.lm.engine, settings.lm.remote_url),
    }
    engine, url = configured[stage]
    if engine != "remote":
        return None
    return StageStatus(
        stage=stage,
        url=_full_url(url, PATHS[stage]) if url else "",
        falling_back=False,
        fallback=None,
        fallback_loaded=False,
        last_error=None,
    )
