"""Request and response bodies of the OpenAI-compatible REST endpoints.

The shapes follow OpenAI's API so that its SDKs work unchanged; modu's additions live under a
``modu`` key (the AI-content label, which model really ran), which OpenAI's clients ignore.
Requests accept and ignore fields modu does not use, as a client written for OpenAI may send them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from service.audio_formats import SpeechFormat
from service.openai_labels import AiLabel
from voices.tts.base import PITCH_MAX, PITCH_MIN, RATE_MAX, RATE_MIN, VOLUME_MAX, VOLUME_MIN

TranscriptionFormat = Literal["json", "text", "srt", "verbose_json", "vtt"]

MAX_SPEECH_INPUT_CHARS = 4096
"""OpenAI's limit on ``input`` for ``/v1/audio/speech``."""

# --- shared -----------------------------------------------------------------------------------


class ModuInfo(BaseModel):
    """modu's additions to a response: the AI label and which engine really ran."""

    label: AiLabel
    label_text: str = Field(description="the label people see and screen readers announce")
    engine: str = Field(description="the engine that ran, e.g. 'faster-whisper' or 'llama.cpp'")
    note: str | None = Field(default=None, description="why another engine answered, if one did")
    usage_estimated: bool | None = Field(
        default=None, description="true when token counts are estimated from the text"
    )
    route: str | None = Field(
        default=None,
        description=(
            "how the answer was made: 'model', 'vetted' (an emergency, scam or medication "
            "answer written and checked in advance), 'referral' (live or local information "
            "modu cannot see, and where to find it)"
        ),
    )
    safety: str | None = Field(
        default=None, description="the safety match, e.g. 'emergency/stroke', if any"
    )
    sources: list[str] | None = Field(
        default=None, description="official pages behind the vetted text or the facts used"
    )


# --- /v1/audio/transcriptions -----------------------------------------------------------------


class DurationUsage(BaseModel):
    type: Literal["duration"] = "duration"
    seconds: float


class TranscriptionJson(BaseModel):
    """``response_format=json``."""

    text: str
    usage: DurationUsage
    modu: ModuInfo


class TranscriptionSegmentBody(BaseModel):
    """One segment of ``verbose_json``, in Whisper's shape."""

    id: int
    seek: int = Field(description="offset of the segment's window, in 10 ms frames")
    start: float
    end: float
    text: str
    tokens: list[int] = Field(description="always empty: the engines do not expose token ids")
    temperature: float
    avg_logprob: float
    compression_ratio: float
    no_speech_prob: float


class TranscriptionVerboseJson(BaseModel):
    """``response_format=verbose_json``: ``language`` is a name such as ``"english"``."""

    task: Literal["transcribe"] = "transcribe"
    language: str
    duration: float
    text: str
    segments: list[TranscriptionSegmentBody]
    usage: DurationUsage
    modu: ModuInfo


# --- /v1/audio/speech -------------------------------------------------------------------------


class SpeechRequest(BaseModel):
    """Text to speak. ``speed`` (OpenAI: 0.25–4.0) is clamped to modu's rate range 0.5–2.0."""

    model_config = ConfigDict(extra="ignore")

    model: str = Field(min_length=1, description="any name; the configured voices speak")
    input: str = Field(min_length=1, max_length=MAX_SPEECH_INPUT_CHARS)
    voice: str = Field(
        default="auto", description="any name; the voice is chosen by the text's language"
    )
    response_format: SpeechFormat = "mp3"
    speed: float = Field(default=1.0, ge=0.25, le=4.0)
    instructions: str | None = Field(default=None, description="accepted and ignored")
    stream_format: Literal["audio"] = Field(
        default="audio", description="audio in the body ('sse' is not offered)"
    )
    # modu's extensions: a modu speech worker speaks as the asking modu's profile says.
    rate: float | None = Field(
        default=None,
        ge=RATE_MIN,
        le=RATE_MAX,
        description="modu: pace as a multiple of the voice's normal one; set, it replaces speed",
    )
    pitch: float | None = Field(
        default=None, ge=PITCH_MIN, le=PITCH_MAX, description="modu: multiple of normal pitch"
    )
    volume: float | None = Field(
        default=None, ge=VOLUME_MIN, le=VOLUME_MAX, description="modu: multiple of normal"
    )
    sentence_pause_ms: int | None = Field(
        default=None, ge=0, le=3000, description="modu: silence between sentences"
    )
    language: str | None = Field(
        default=None,
        pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$",
        description="modu: ISO 639-1 code of the text, where its script does not show it",
    )
    stream: bool = Field(
        default=False,
        description="modu: wav streamed sentence by sentence, unsigned (pcm always streams)",
    )


class CaptionCue(BaseModel):
    """One sentence: when it is heard in the audio, and what it says."""

    start: float
    end: float
    text: str
    language: str


class SpeechWithCaptions(BaseModel):
    """``/v1/audio/speech/captions``: the audio and its captions from one synthesis, so the cue
    times match the audio exactly (the neural voice's timing varies a little between runs)."""

    object: Literal["audio.speech.captions"] = "audio.speech.captions"
    format: SpeechFormat
    mime_type: str
    audio: str = Field(description="the audio file, base64")
    duration: float
    vtt: str = Field(description="WebVTT captions, one cue per sentence")
    cues: list[CaptionCue]
    provenance: str
    modu: ModuInfo


# --- /v1/chat/completions ---------------------------------------------------------------------


class ContentPart(BaseModel):
    """A part of a message's content. Only ``text`` parts are understood."""

    model_config = ConfigDict(extra="allow")

    type: str
    text: str | None = None


class RequestMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")

    role: Literal["system", "developer", "user", "assistant"]
    content: str | list[ContentPart] | None = None
    name: str | None = None


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="ignore")

    include_usage: bool = False


class ChatModu(BaseModel):
    """modu's extension to a chat request: the accessibility profile the answer follows, as in
    a realtime session's ``session.modu`` (reading level, verbosity, screen reader, country)."""

    model_config = ConfigDict(extra="forbid")

    profile_id: str | None = Field(default=None, description="a stored profile of this API key")
    profile: dict[str, Any] | None = Field(
        default=None, description="profile fields for this request only, over the stored one"
    )


class ChatCompletionRequest(BaseModel):
    """OpenAI's chat request; fields modu does not use (tools, logprobs, …) are ignored."""

    model_config = ConfigDict(extra="ignore")

    model: str = Field(min_length=1, description="any name; the configured model answers")
    messages: list[RequestMessage] = Field(min_length=1)
    stream: bool = False
    stream_options: StreamOptions | None = None
    max_tokens: int | None = Field(default=None, ge=1, le=8192)
    max_completion_tokens: int | None = Field(default=None, ge=1, le=8192)
    temperature: float | None = Field(default=None, ge=0.0, le=2.0)
    top_p: float | None = Field(default=None, gt=0.0, le=1.0)
    stop: str | list[str] | None = None
    seed: int | None = None
    n: Literal[1] = Field(default=1, description="modu gives one answer per request")
    modu: ChatModu | None = Field(default=None, description="modu's extension: a profile")


FinishReason = Literal["stop", "length"]


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str
    refusal: None = None


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: FinishReason
    logprobs: None = None


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage
    system_fingerprint: str | None = None
    modu: ModuInfo


class Delta(BaseModel):
    role: Literal["assistant"] | None = None
    content: str | None = None


class ChunkChoice(BaseModel):
    index: int = 0
    delta: Delta
    finish_reason: FinishReason | None = None
    logprobs: None = None


class ChatCompletionChunk(BaseModel):
    id: str
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int
    model: str
    choices: list[ChunkChoice]
    usage: Usage | None = None
    system_fingerprint: str | None = None
    modu: ModuInfo | None = None


# --- /v1/models -------------------------------------------------------------------------------


class ModelRole(BaseModel):
    kind: Literal["chat", "transcription", "speech"]
    engine: str


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str
    modu: ModelRole


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]
