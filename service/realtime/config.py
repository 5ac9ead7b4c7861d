"""One session's configuration: built from settings, patched by ``session.update`` (GA or beta
shape), and rendered back in the client's dialect."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from accessibility.profiles.model import Profile
from service.realtime.client_events import AudioFormat, SessionUpdate, TurnDetection
from service.settings import Settings
from voices.tts.base import VoiceParams
from voices.vad.semantic import Eagerness

Dialect = Literal["ga", "beta"]
SUPPORTED_RATES = (8000, 16000, 24000, 48000)
"""Input and output PCM16 rates modu accepts (OpenAI's is 24 kHz; others are a modu extension
for low-bandwidth clients)."""

OPENAI_VOICES = frozenset(
    {"alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse", "marin", "cedar"}
)
"""OpenAI's voice names: accepted, and answered with modu's voice for the answer's language."""


class ConfigError(ValueError):
    """A session field the server cannot take; ``param`` names it."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param
        self.message = message


@dataclass(frozen=True)
class TurnConfig:
    threshold: float
    prefix_padding_ms: int
    silence_duration_ms: int
    create_response: bool = True
    interrupt_response: bool = True
    semantic: bool = False
    """``semantic_vad``: the words heard so far stretch or shorten the silence that ends a
    turn, never below the patience when they sound unfinished (docs/turn-taking.md)."""
    eagerness: Eagerness = "auto"


@dataclass(frozen=True)
class SessionConfig:
    id: str
    model: str
    instructions: str | None = None
    audio_out: bool = True
    input_rate: int = 24_000
    output_rate: int = 24_000
    voice: str = "auto"
    turn: TurnConfig | None = None
    language: str | None = None
    """Fixed recognition language (settings, or a client's transcription language: a lock, as
    OpenAI defines it); ``None`` detects it per utterance."""
    language_prior: str | None = None
    """The profile's preferred language: detection still runs, and this wins only when it is
    unsure (``SpeechRecognizer.transcribe(prior=...)``). Ignored while ``language`` is set."""
    voice_params: VoiceParams = field(default_factory=VoiceParams)
    max_output_tokens: int | None = None
    temperature: float | None = None
    profile_id: str | None = None
    prompt_extra: str | None = None
    """Per-turn instruction from the profile (reading level, verbosity, screen reader)."""
    profile: Profile | None = None
    """The accessibility profile driving this session (stored and/or inline)."""
    disclose: bool = True
    """Say once per session, in the answer's language, that an AI assistant is speaking."""
    notes: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, session_id: str, model: str, settings: Settings) -> SessionConfig:
        vad = settings.vad
        return cls(
            id=session_id,
            model=model,
            turn=TurnConfig(vad.threshold, vad.prefix_padding_ms, vad.silence_duration_ms),
            language=settings.stt.language,
            voice_params=VoiceParams(
                rate=settings.tts.rate,
                pitch=settings.tts.pitch,
                volume=settings.tts.volume,
                sentence_pause_ms=settings.tts.sentence_pause_ms,
            ),
        )


def _rate(fmt: AudioFormat | None, current: int, param: str) -> int:
    if fmt is None:
        return current
    if fmt.type not in ("audio/pcm", "pcm16"):
        raise ConfigError(
            f"{param}.type",
            f"Expected audio format 'audio/pcm' (PCM16 little-endian mono); got {fmt.type!r}. "
            "G.711 (audio/pcmu, audio/pcma) is not supported.",
        )
    rate = fmt.rate if fmt.rate is not None else current
    if rate not in SUPPORTED_RATES:
        raise ConfigError(
            f"{param}.rate", f"Expected a sample rate in {list(SUPPORTED_RATES)} Hz; got {rate}."
        )
    return rate


def _beta_format(value: str | None, param: str) -> None:
    if value is not None and value != "pcm16":
        raise ConfigError(param, f"Expected 'pcm16'; got {value!r} (G.711 is not supported).")


def _turn(
    detection: TurnDetection | None, current: TurnConfig | None, base: TurnConfig
) -> TurnConfig:
    start = current or base
    if detection is None:
        return start
    return TurnConfig(
        threshold=detection.threshold if detection.threshold is not None else start.threshold,
        prefix_padding_ms=detection.prefix_padding_ms
        if detection.prefix_padding_ms is not None
        else start.prefix_padding_ms,
        silence_duration_ms=detection.silence_duration_ms
        if detection.silence_duration_ms is not None
        else start.silence_duration_ms,
        create_response=detection.create_response
        if detection.create_response is not None
        else start.create_response,
        interrupt_response=detection.interrupt_response
        if detection.interrupt_response is not None
        else start.interrupt_response,
        semantic=detection.type == "semantic_vad",
        eagerness=detection.eagerness or (start.eagerness if start.semantic else "auto"),
    )


def _tokens(value: int | Literal["inf"] | None, current: int | None) -> int | None:
    if value is None:
        return current
    return None if value == "inf" else max(1, min(value, 4096))


def _speed(config: SessionConfig, speed: float | None) -> tuple[VoiceParams, tuple[str, ...]]:
    if speed is None:
        return config.voice_params, ()
    rate = min(max(speed, 0.5), 2.0)
    note = (
        () if rate == speed else (f"speed {speed} was limited to {rate} (modu's voices: 0.5-2.0)",)
    )
    return config.voice_params.model_copy(update={"rate": rate}), note


def apply_update(
    config: SessionConfig, update: SessionUpdate, base_turn: TurnConfig
) -> SessionConfig:
    """``config`` patched with the fields the client sent (either dialect)."""
    sent = update.model_fields_set
    audio = update.audio
    audio_in = audio.input if audio else None
    audio_out = audio.output if audio else None
    _beta_format(update.input_audio_format, "session.input_audio_format")
    _beta_format(update.output_audio_format, "session.output_audio_format")
    input_rate = _rate(
        audio_in.format if audio_in else None, config.input_rate, "session.audio.input.format"
    )
    output_rate = _rate(
        audio_out.format if audio_out else None, config.output_rate, "session.audio.output.format"
    )
    modalities = update.output_modalities if "output_modalities" in sent else update.modalities
    turn: TurnConfig | None = config.turn
    if audio_in is not None and "turn_detection" in audio_in.model_fields_set:
        turn = (
            _turn(audio_in.turn_detection, config.turn, base_turn)
            if audio_in.turn_detection
            else None
        )
    elif "turn_detection" in sent:
        turn = (
            _turn(update.turn_detection, config.turn, base_turn) if update.turn_detection else None
        )
    transcription = (
        audio_in.transcription if audio_in else None
    ) or update.input_audio_transcription
    language = config.language
    if transcription is not None and "language" in transcription.model_fields_set:
        language = transcription.language
    out_voice = audio_out.voice if audio_out else None
    if out_voice is not None and not isinstance(out_voice, str):
        out_voice = out_voice.id
    voice = out_voice or update.voice or config.voice
    speed = (audio_out.speed if audio_out else None) or update.speed
    voice_params, notes = _speed(config, speed)
    if voice in OPENAI_VOICES:
        notes += (f"voice {voice!r} is OpenAI's; modu speaks with its own voice per language",)
    return replace(
        config,
        instructions=update.instructions if "instructions" in sent else config.instructions,
        audio_out=("audio" in modalities) if modalities is not None else config.audio_out,
        input_rate=input_rate,
        output_rate=output_rate,
        voice=voice,
        turn=turn,
        language=language,
        voice_params=voice_params,
        max_output_tokens=_tokens(
            update.max_output_tokens or update.max_response_output_tokens, config.max_output_tokens
        ),
        temperature=update.temperature if update.temperature is not None else config.temperature,
        notes=config.notes + notes,
    )


def _turn_dict(turn: TurnConfig | None) -> dict[str, Any] | None:
    if turn is None:
        return None
    kind: dict[str, Any] = (
        {"type": "semantic_vad", "eagerness": turn.eagerness}
        if turn.semantic
        else {"type": "server_vad"}
    )
    return {
        **kind,
        "threshold": turn.threshold,
        "prefix_padding_ms": turn.prefix_padding_ms,
        "silence_duration_ms": turn.silence_duration_ms,
        "create_response": turn.create_response,
        "interrupt_response": turn.interrupt_response,
    }


def _modu_dict(config: SessionConfig) -> dict[str, Any]:
    return {
        "profile_id": config.profile_id,
        "profile": config.profile.model_dump(mode="json") if config.profile else None,
        "language": config.language,
        "language_prior": config.language_prior,
        "voice": config.voice_params.model_dump(exclude={"language"}),
        "turn_patience_ms": config.turn.silence_duration_ms if config.turn else None,
        "notes": list(config.notes),
    }


def render_session(config: SessionConfig, dialect: Dialect) -> dict[str, Any]:
    """The session object as the client's SDK expects it. The transcription language is the
    lock only (OpenAI's meaning); the profile's preference is ``modu.language_prior``."""
    transcription = {"model": "whisper-base", "language": config.language}
    tokens: int | str = config.max_output_tokens if config.max_output_tokens else "inf"
    if dialect == "beta":
        return {
            "id": config.id,
            "object": "realtime.session",
            "model": config.model,
            "modalities": ["audio", "text"] if config.audio_out else ["text"],
            "instructions": config.instructions or "",
            "voice": config.voice,
            "input_audio_format": "pcm16",
            "output_audio_format": "pcm16",
            "input_audio_transcription": transcription,
            "turn_detection": _turn_dict(config.turn),
            "temperature": config.temperature if config.temperature is not None else 0.8,
            "max_response_output_tokens": tokens,
            "speed": config.voice_params.rate,
            "modu": _modu_dict(config),
        }
    return {
        "type": "realtime",
        "object": "realtime.session",
        "id": config.id,
        "model": config.model,
        "output_modalities": ["audio"] if config.audio_out else ["text"],
        "instructions": config.instructions or "",
        "audio": {
            "input": {
                "format": {"type": "audio/pcm", "rate": config.input_rate},
                "transcription": transcription,
                "turn_detection": _turn_dict(config.turn),
            },
            "output": {
                "format": {"type": "audio/pcm", "rate": config.output_rate},
                "voice": config.voice,
                "speed": config.voice_params.rate,
            },
        },
        "max_output_tokens": tokens,
        "modu": _modu_dict(config),
    }
