"""Events the server sends over ``/v1/realtime``: pydantic models, GA names.

Every event has an ``event_id``; responses and items have ids. modu's additions live under a
``modu`` key (ignored by OpenAI's clients): the AI-content label on every response, and the
detected language on transcripts. Beta clients get the same events renamed by
:mod:`service.realtime.dialect`.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from accessibility.labels import AiLabel
from service.errors import MESSAGE_CHARS, clip


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(10)}"


class ServerEvent(BaseModel):
    model_config = ConfigDict(extra="forbid")

    event_id: str = Field(default_factory=lambda: new_id("event"))
    type: str


# --- errors ---------------------------------------------------------------------------------


def _clip_echo(text: str | None) -> str | None:
    return None if text is None else clip(text)


def _clip_message(text: str) -> str:
    return clip(text, MESSAGE_CHARS)


# Whatever the client sent is clipped here, wherever the event is made: an error never sends a
# huge ``type`` or ``event_id`` back to a client that may not read. (A comment, not a docstring:
# a docstring would change the published AsyncAPI schema.)
class ErrorDetail(BaseModel):
    type: Literal["invalid_request_error", "server_error"] = "invalid_request_error"
    code: Annotated[str, AfterValidator(clip)]
    message: Annotated[str, AfterValidator(_clip_message)]
    param: Annotated[str | None, AfterValidator(_clip_echo)] = None
    event_id: Annotated[str | None, AfterValidator(_clip_echo)] = Field(
        default=None, description="the client event that caused it"
    )


class ErrorEvent(ServerEvent):
    type: Literal["error"] = "error"
    error: ErrorDetail


# --- session ----------------------------------------------------------------------------------


class SessionCreated(ServerEvent):
    type: Literal["session.created"] = "session.created"
    session: dict[str, Any] = Field(description="the session, in the client's dialect")


class SessionUpdated(ServerEvent):
    type: Literal["session.updated"] = "session.updated"
    session: dict[str, Any]


# --- input audio ----------------------------------------------------------------------------


class SpeechStarted(ServerEvent):
    type: Literal["input_audio_buffer.speech_started"] = "input_audio_buffer.speech_started"
    audio_start_ms: int
    item_id: str


class SpeechStopped(ServerEvent):
    type: Literal["input_audio_buffer.speech_stopped"] = "input_audio_buffer.speech_stopped"
    audio_end_ms: int
    item_id: str


class BufferCommitted(ServerEvent):
    type: Literal["input_audio_buffer.committed"] = "input_audio_buffer.committed"
    previous_item_id: str | None = None
    item_id: str


class BufferCleared(ServerEvent):
    type: Literal["input_audio_buffer.cleared"] = "input_audio_buffer.cleared"


# --- conversation -----------------------------------------------------------------------------


class ItemContent(BaseModel):
    type: Literal["input_text", "input_audio", "output_text", "output_audio"]
    text: str | None = None
    transcript: str | None = None


class Item(BaseModel):
    id: str
    object: Literal["realtime.item"] = "realtime.item"
    type: Literal["message"] = "message"
    status: Literal["completed", "in_progress", "incomplete"] = "completed"
    role: Literal["user", "assistant", "system"]
    content: list[ItemContent]


class ItemAdded(ServerEvent):
    type: Literal["conversation.item.added"] = "conversation.item.added"
    previous_item_id: str | None = None
    item: Item


class ItemDone(ServerEvent):
    type: Literal["conversation.item.done"] = "conversation.item.done"
    previous_item_id: str | None = None
    item: Item


class ItemTruncated(ServerEvent):
    type: Literal["conversation.item.truncated"] = "conversation.item.truncated"
    item_id: str
    content_index: int
    audio_end_ms: int


class ItemDeleted(ServerEvent):
    type: Literal["conversation.item.deleted"] = "conversation.item.deleted"
    item_id: str


class TranscriptModu(BaseModel):
    """modu's extension of transcript events."""

    text: str | None = Field(default=None, description="the whole transcript so far")
    language: str | None = None
    language_probability: float | None = None
    note: str | None = Field(default=None, description="why another recogniser heard it")


class TranscriptionDelta(ServerEvent):
    type: Literal["conversation.item.input_audio_transcription.delta"] = (
        "conversation.item.input_audio_transcription.delta"
    )
    item_id: str
    content_index: int = 0
    delta: str
    modu: TranscriptModu | None = None


class TranscriptionUsage(BaseModel):
    """Billed by audio duration, as OpenAI's whisper-1 transcription usage is."""

    type: Literal["duration"] = "duration"
    seconds: float


class TranscriptionCompleted(ServerEvent):
    type: Literal["conversation.item.input_audio_transcription.completed"] = (
        "conversation.item.input_audio_transcription.completed"
    )
    item_id: str
    content_index: int = 0
    transcript: str
    usage: TranscriptionUsage
    modu: TranscriptModu | None = None


class TranscriptionFailed(ServerEvent):
    type: Literal["conversation.item.input_audio_transcription.failed"] = (
        "conversation.item.input_audio_transcription.failed"
    )
    item_id: str
    content_index: int = 0
    error: ErrorDetail


# --- responses --------------------------------------------------------------------------------


class Preemptive(BaseModel):
    """How the answer to a spoken turn was prepared (modu extension; docs/turn-taking.md)."""

    prepared: bool
    """The answer was made during the pause, before the turn ended, and sent as it ended."""
    dropped: int = 0
    """Answers prepared during this turn's pauses and thrown away because the person went on
    speaking or the turn ended differently (never sent, never in the conversation)."""


class ResponseModu(BaseModel):
    label: AiLabel
    notes: list[str] = []
    language: str | None = None
    route: str | None = None
    """How the answer was made: ``model``, ``vetted`` (an emergency, scam or medication answer
    written and checked in advance), ``referral`` (live or local information modu cannot see,
    and where to find it) or ``fixed`` (a command's reply)."""
    safety: str | None = None
    """The safety match, e.g. ``emergency/stroke``."""
    sources: list[str] = []
    """Official pages behind the vetted text or the facts the answer used."""
    preemptive: Preemptive | None = None
    """Spoken turns the server answered by itself: whether the answer was prepared during the
    pause (``None`` for other responses)."""


class StatusDetails(BaseModel):
    type: Literal["completed", "cancelled", "failed", "incomplete"]
    reason: str | None = None
    error: ErrorDetail | None = None


class Usage(BaseModel):
    total_tokens: int = 0
    input_tokens: int = 0
    output_tokens: int = 0


class Response(BaseModel):
    id: str
    object: Literal["realtime.response"] = "realtime.response"
    status: Literal["in_progress", "completed", "cancelled", "failed", "incomplete"]
    status_details: StatusDetails | None = None
    output: list[Item] = []
    output_modalities: list[Literal["text", "audio"]]
    usage: Usage | None = None
    modu: ResponseModu


class ResponseCreated(ServerEvent):
    type: Literal["response.created"] = "response.created"
    response: Response


class ResponseDone(ServerEvent):
    type: Literal["response.done"] = "response.done"
    response: Response


class _InResponse(ServerEvent):
    response_id: str
    output_index: int = 0


class OutputItemAdded(_InResponse):
    type: Literal["response.output_item.added"] = "response.output_item.added"
    item: Item


class OutputItemDone(_InResponse):
    type: Literal["response.output_item.done"] = "response.output_item.done"
    item: Item


class _InContent(_InResponse):
    item_id: str
    content_index: int = 0


class ResponsePart(BaseModel):
    """A part of an answer as response.content_part.* name it (``text`` / ``audio`` in both
    dialects, unlike items' ``output_text`` / ``output_audio``)."""

    type: Literal["text", "audio"]
    text: str | None = None
    transcript: str | None = None


class ContentPartAdded(_InContent):
    type: Literal["response.content_part.added"] = "response.content_part.added"
    part: ResponsePart


class ContentPartDone(_InContent):
    type: Literal["response.content_part.done"] = "response.content_part.done"
    part: ResponsePart


class OutputAudioDelta(_InContent):
    type: Literal["response.output_audio.delta"] = "response.output_audio.delta"
    delta: str = Field(description="base64 PCM16 mono at the session's output rate")


class OutputAudioDone(_InContent):
    type: Literal["response.output_audio.done"] = "response.output_audio.done"


class OutputAudioTranscriptDelta(_InContent):
    type: Literal["response.output_audio_transcript.delta"] = (
        "response.output_audio_transcript.delta"
    )
    delta: str


class OutputAudioTranscriptDone(_InContent):
    type: Literal["response.output_audio_transcript.done"] = "response.output_audio_transcript.done"
    transcript: str


class OutputTextDelta(_InContent):
    type: Literal["response.output_text.delta"] = "response.output_text.delta"
    delta: str


class OutputTextDone(_InContent):
    type: Literal["response.output_text.done"] = "response.output_text.done"
    text: str


class Caption(_InContent):
    """modu extension: a caption cue for the sentence whose audio follows (WebVTT-style)."""

    type: Literal["modu.caption"] = "modu.caption"
    start_ms: int = Field(description="from the start of this response's audio")
    end_ms: int
    text: str
    language: str


SERVER_EVENT_MODELS: tuple[type[ServerEvent], ...] = (
    ErrorEvent,
    SessionCreated,
    SessionUpdated,
    SpeechStarted,
    SpeechStopped,
    BufferCommitted,
    BufferCleared,
    ItemAdded,
    ItemDone,
    ItemTruncated,
    ItemDeleted,
    TranscriptionDelta,
    TranscriptionCompleted,
    TranscriptionFailed,
    ResponseCreated,
    ResponseDone,
    OutputItemAdded,
    OutputItemDone,
    ContentPartAdded,
    ContentPartDone,
    OutputAudioDelta,
    OutputAudioDone,
    OutputAudioTranscriptDelta,
    OutputAudioTranscriptDone,
    OutputTextDelta,
    OutputTextDone,
    Caption,
)


def request_error(
    code: str,
    message: str,
    *,
    param: str | None = None,
    event_id: str | None = None,
    kind: str = "invalid_request_error",
) -> ErrorEvent:
    """An ``error`` event about what the client sent (``kind`` names another type)."""
    return ErrorEvent(
        error=ErrorDetail(type=kind, code=code, message=message, param=param, event_id=event_id)  # type: ignore[arg-type]
    )


def server_error(event_id: str | None, what: str) -> ErrorEvent:
    """An ``error`` event for a failure on the server's side while handling ``what``."""
    return ErrorEvent(
        error=ErrorDetail(
            type="server_error",
            code="server_error",
            message=f"Something went wrong with {what} on the server; the session goes on, "
            "please try again. / 서버에서 문제가 생겼습니다. 대화는 계속됩니다. 다시 해 주세요.",
            event_id=event_id,
        )
    )
