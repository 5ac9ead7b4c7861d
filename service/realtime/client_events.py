"""Events a client sends over ``/v1/realtime``: pydantic models, validated on arrival.

Field names follow the OpenAI Realtime API (GA). Beta clients send the same events with a flat
session shape (``modalities``, ``voice``, ``input_audio_format``…); both shapes validate here and
:mod:`service.realtime.config` turns either into one session configuration. Unknown fields are
ignored, as OpenAI's server does, so newer SDKs keep working; wrong types and out-of-range values
are errors that name the field.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from service.realtime.server_events import ErrorEvent, request_error
from voices.tts.base import PITCH_MAX, PITCH_MIN, RATE_MAX, RATE_MIN, VOLUME_MAX, VOLUME_MIN

TokenLimit = Annotated[int, Field(ge=1, le=4096)] | Literal["inf"]
"""OpenAI's bounds for a response's output tokens."""


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class AudioFormat(_Lenient):
    type: str = "audio/pcm"
    rate: int | None = None


class TurnDetection(_Lenient):
    type: Literal["server_vad", "semantic_vad"] = "server_vad"
    eagerness: Literal["low", "medium", "high", "auto"] | None = None
    """``semantic_vad`` only: how soon a complete-sounding turn may end (voices/vad/semantic.py)."""
    threshold: float | None = Field(default=None, ge=0.05, le=0.95)
    prefix_padding_ms: int | None = Field(default=None, ge=0, le=2000)
    silence_duration_ms: int | None = Field(default=None, ge=200, le=5000)
    create_response: bool | None = None
    interrupt_response: bool | None = None


class Transcription(_Lenient):
    model: str | None = None
    language: str | None = Field(default=None, min_length=2, max_length=8)
    prompt: str | None = None


class AudioInput(_Lenient):
    format: AudioFormat | None = None
    turn_detection: TurnDetection | None = None
    transcription: Transcription | None = None


class VoiceId(_Lenient):
    id: str


class AudioOutput(_Lenient):
    format: AudioFormat | None = None
    voice: str | VoiceId | None = None
    speed: float | None = Field(default=None, ge=0.25, le=4.0)


class AudioConfig(_Lenient):
    input: AudioInput | None = None
    output: AudioOutput | None = None


class ModuProfileInline(_Lenient):
    """Accessibility preferences sent inline (until a stored profile is named)."""

    language: str | None = Field(default=None, min_length=2, max_length=8)
    voice: str | None = None
    speech_rate: float | None = Field(default=None, ge=RATE_MIN, le=RATE_MAX)
    pitch: float | None = Field(default=None, ge=PITCH_MIN, le=PITCH_MAX)
    volume: float | None = Field(default=None, ge=VOLUME_MIN, le=VOLUME_MAX)
    sentence_pause_ms: int | None = Field(default=None, ge=0, le=3000)
    turn_patience_ms: int | None = Field(default=None, ge=200, le=5000)


class ModuSession(_Lenient):
    """modu's extension of the session: an accessibility profile by id, or inline."""

    profile_id: str | None = None
    profile: dict[str, Any] | None = None


class SessionUpdate(_Lenient):
    """A session patch in either dialect; ``model_fields_set`` says what the client sent."""

    type: str | None = None
    instructions: str | None = None
    # GA shape
    output_modalities: list[Literal["text", "audio"]] | None = None
    audio: AudioConfig | None = None
    max_output_tokens: int | Literal["inf"] | None = None
    # beta shape
    modalities: list[Literal["text", "audio"]] | None = None
    voice: str | None = None
    input_audio_format: str | None = None
    output_audio_format: str | None = None
    input_audio_transcription: Transcription | None = None
    turn_detection: TurnDetection | None = None
    temperature: float | None = Field(default=None, ge=0.0, le=2.0)
    max_response_output_tokens: int | Literal["inf"] | None = None
    speed: float | None = Field(default=None, ge=0.25, le=4.0)
    # modu extension
    modu: ModuSession | None = None


class ContentPart(_Lenient):
    type: Literal["input_text", "input_audio", "text", "output_text", "audio", "output_audio"]
    text: str | None = None
    audio: str | None = None
    transcript: str | None = None


class ConversationItem(_Lenient):
    id: str | None = Field(default=None, max_length=64)
    type: Literal["message"] = "message"
    role: Literal["user", "assistant", "system"] = Field(
        description=(
            "'user' or 'assistant'. 'system' is refused with an invalid_request_error "
            "(invalid_value, param item.role): give instructions as session.instructions "
            "(session.update) or response.instructions (response.create)."
        )
    )
    content: list[ContentPart] = Field(min_length=1)


class ResponseOptions(_Lenient):
    instructions: str | None = None
    output_modalities: list[Literal["text", "audio"]] | None = None
    modalities: list[Literal["text", "audio"]] | None = None
    max_output_tokens: TokenLimit | None = None
    max_response_output_tokens: TokenLimit | None = None
    conversation: str | None = None


class _ClientEvent(_Lenient):
    event_id: str | None = Field(default=None, max_length=128)


class SessionUpdateEvent(_ClientEvent):
    type: Literal["session.update"]
    session: SessionUpdate


class InputAudioBufferAppend(_ClientEvent):
    type: Literal["input_audio_buffer.append"]
    audio: str = Field(description="base64 of PCM16 little-endian mono at the session's rate")


class InputAudioBufferCommit(_ClientEvent):
    type: Literal["input_audio_buffer.commit"]


class InputAudioBufferClear(_ClientEvent):
    type: Literal["input_audio_buffer.clear"]


class ConversationItemCreate(_ClientEvent):
    type: Literal["conversation.item.create"]
    previous_item_id: str | None = None
    item: ConversationItem


class ConversationItemTruncate(_ClientEvent):
    type: Literal["conversation.item.truncate"]
    item_id: str
    content_index: int = Field(default=0, ge=0)
    audio_end_ms: int = Field(ge=0)


class ConversationItemDelete(_ClientEvent):
    type: Literal["conversation.item.delete"]
    item_id: str


class ResponseCreate(_ClientEvent):
    type: Literal["response.create"]
    response: ResponseOptions | None = None


class ResponseCancel(_ClientEvent):
    type: Literal["response.cancel"]
    response_id: str | None = None


ClientEvent = Annotated[
    SessionUpdateEvent
    | InputAudioBufferAppend
    | InputAudioBufferCommit
    | InputAudioBufferClear
    | ConversationItemCreate
    | ConversationItemTruncate
    | ConversationItemDelete
    | ResponseCreate
    | ResponseCancel,
    Field(discriminator="type"),
]

CLIENT_EVENT_ADAPTER: TypeAdapter[ClientEvent] = TypeAdapter(ClientEvent)

CLIENT_EVENT_TYPES: tuple[str, ...] = (
    "session.update",
    "input_audio_buffer.append",
    "input_audio_buffer.commit",
    "input_audio_buffer.clear",
    "conversation.item.create",
    "conversation.item.truncate",
    "conversation.item.delete",
    "response.create",
    "response.cancel",
)


def parse_client_event(raw: str) -> ClientEvent | ErrorEvent:
    """A text frame as a validated client event, or the ``error`` event that says what was
    expected and what arrived."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # bad JSON, >4300-digit ints, deep nesting
        return request_error("invalid_json", f"Expected a JSON object; could not parse it: {exc}")
    if not isinstance(data, dict):
        return request_error("invalid_event", f"Expected a JSON object; got {type(data).__name__}.")
    event_id = data.get("event_id") if isinstance(data.get("event_id"), str) else None
    kind = data.get("type")
    if kind not in CLIENT_EVENT_TYPES:
        return request_error(
            "unknown_event_type",
            f"Expected 'type' to be one of {list(CLIENT_EVENT_TYPES)}; got {kind!r}.",
            param="type",
            event_id=event_id,
        )
    try:
        return CLIENT_EVENT_ADAPTER.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"][1:]) or "event"
        return request_error(
            "invalid_value",
            f"{kind}: {where}: {first['msg']} (received {_shown(first.get('input'))}).",
            param=where,
            event_id=event_id,
        )


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
