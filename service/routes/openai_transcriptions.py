"""``POST /v1/audio/transcriptions``: OpenAI's speech-to-text endpoint, on modu's recogniser.

Any file FFmpeg decodes is accepted (WAV, MP3, OGG/Opus, WebM, FLAC, M4A). The ``model`` field
may name anything (``whisper-1`` included): the configured recogniser runs, and the response
says which (``modu.engine`` and the label in JSON, ``X-Modu-Model`` in headers). ``prompt`` and
``temperature`` are accepted and ignored. Silence or an empty file gives empty text, not an error.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Callable, Coroutine
from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, Response, UploadFile
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field

from accessibility.captions import SRT_MIME, WEBVTT_MIME, Cue, to_srt, to_webvtt
from service.auth import require_owner
from service.deps import EnginesDep, SettingsDep
from service.engines import Engines
from service.errors import ErrorResponse, error_response
from service.openai_labels import engine_model, label_headers, label_text, make_label
from service.openai_languages import (
    is_whisper_language,
    normalise_language_code,
    openai_language_name,
)
from service.openai_schemas import (
    DurationUsage,
    ModuInfo,
    TranscriptionFormat,
    TranscriptionJson,
    TranscriptionSegmentBody,
    TranscriptionVerboseJson,
)
from service.routes.audio_slots import AudioSlots, get_audio_slots
from service.settings import Settings
from voices.audio import Audio, AudioDecodeError, AudioTooLongError, decode_audio
from voices.remote import RemoteStageError
from voices.stt.base import Transcript

FORM_OVERHEAD_BYTES: Final = 64 * 1024
"""Room for the multipart boundaries and the small form fields beside the file."""


class UploadLimitRoute(APIRoute):
    """Refuses a request whose declared size is over the upload limit before reading its body;
    the file's real size is checked again once read (a client may not declare one)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def limited(request: Request) -> Response:
            settings: Settings = request.app.state.settings
            declared = request.headers.get("content-length", "")
            limit = settings.rest.max_upload_bytes
            if declared.isdigit() and int(declared) > limit + FORM_OVERHEAD_BYTES:
                message = _too_large(int(declared), limit)
                return error_response(413, message, param="file", code="file_too_large")
            return await handler(request)

        return limited


router = APIRouter(
    tags=["openai"], dependencies=[Depends(require_owner)], route_class=UploadLimitRoute
)


class TranscriptionForm(BaseModel):
    """The form fields beside ``file``; OpenAI's others (``timestamp_granularities[]``, …) are
    ignored."""

    model_config = ConfigDict(extra="ignore")

    model: str = Field(min_length=1, description="any name; the configured recogniser runs")
    language: str | None = Field(default=None, description="ISO 639-1 code, e.g. 'en' or 'ko'")
    prompt: str | None = Field(default=None, description="accepted and ignored")
    response_format: TranscriptionFormat = "json"
    temperature: float = Field(default=0.0, ge=0.0, le=1.0, description="accepted and ignored")
    stream: bool = False


def _too_large(size: int, limit: int) -> str:
    return (
        f"expected an audio file of at most {limit} bytes (MODU_REST__MAX_UPLOAD_BYTES); "
        f"received {size} bytes"
    )


def _bad_request(message: str, param: str, code: str = "invalid_value") -> HTTPException:
    return HTTPException(400, detail={"code": code, "message": message, "param": param})


def _checked_language(language: str | None) -> str | None:
    if language is None or not language.strip():
        return None
    if not is_whisper_language(language):
        raise _bad_request(
            f"expected an ISO 639-1 language code Whisper knows (e.g. 'en', 'ko'); "
            f"received {language!r}",
            "language",
        )
    return normalise_language_code(language)


def _too_long(error: AudioTooLongError) -> HTTPException:
    message = f"{error} (MODU_REST__MAX_AUDIO_SECONDS)"
    return HTTPException(
        413, detail={"code": "audio_too_long", "message": message, "param": "file"}
    )


async def _read_audio(file: UploadFile, limit: int, max_seconds: float) -> Audio:
    data = await file.read()
    if len(data) > limit:
        raise HTTPException(
            413,
            detail={
                "code": "file_too_large",
                "message": _too_large(len(data), limit),
                "param": "file",
            },
        )
    if not data:
        return Audio.silence(0.0)
    try:
        return await asyncio.to_thread(decode_audio, data, max_seconds=max_seconds)
    except AudioTooLongError as exc:
        raise _too_long(exc) from exc
    except AudioDecodeError as exc:
        arrived = f"file {file.filename!r} ({file.content_type or 'no content type'})"
        raise _bad_request(f"{arrived}: {exc}", "file", "invalid_audio") from exc


def _recognise(engines: Engines, audio: Audio, language: str | None) -> tuple[Transcript, str, str]:
    """In a worker thread: the first use also loads the model."""
    recognizer = engines.recognizer
    if len(audio.samples) == 0:
        empty = Transcript(text="", language=language or "und", language_probability=0.0)
        return empty, recognizer.name, recognizer.model_id
    return recognizer.transcribe(audio, language), recognizer.name, recognizer.model_id


@router.post(
    "/v1/audio/transcriptions",
    response_model=None,
    responses={
        200: {
            "description": "json or verbose_json; text, srt and vtt are plain text",
            "model": TranscriptionJson | TranscriptionVerboseJson,
        },
        400: {"model": ErrorResponse},
        413: {"model": ErrorResponse},
        503: {"model": ErrorResponse},
    },
)
async def create_transcription(
    file: Annotated[UploadFile, File(description="the audio: WAV, MP3, OGG/Opus, WebM, FLAC…")],
    form: Annotated[TranscriptionForm, Form()],
    engines: EnginesDep,
    settings: SettingsDep,
    slots: Annotated[AudioSlots, Depends(get_audio_slots)],
) -> Response:
    """Recognise the speech in ``file``; the result's format is ``response_format``."""
    if form.stream:
        raise _bad_request(
            "expected stream=false: streaming transcription is offered by the realtime "
            "WebSocket (/v1/realtime)",
            "stream",
        )
    language = _checked_language(form.language)
    rest = settings.rest
    async with slots.hold():  # decoding and recognition are where one file's memory goes
        audio = await _read_audio(file, rest.max_upload_bytes, rest.max_audio_seconds)
        try:
            transcript, engine, model_id = await asyncio.to_thread(
                _recognise, engines, audio, language
            )
        except RemoteStageError as exc:  # a remote recogniser failed, and no fallback is loaded
            raise HTTPException(
                503, detail={"code": "recognition_unavailable", "message": str(exc)}
            ) from exc
    info = ModuInfo(
        label=make_label(engine_model(engine, model_id), None),
        label_text=label_text(transcript.language),
        engine=engine,
        note=transcript.note,
    )
    return render_transcript(transcript, audio.duration_s, form.response_format, info)


def render_transcript(
    transcript: Transcript, duration_s: float, response_format: TranscriptionFormat, info: ModuInfo
) -> Response:
    """The transcript in one of OpenAI's five formats, labelled in headers."""
    headers = label_headers(info.label)
    if info.note:  # another recogniser heard it: clients reading only headers see why
        headers["X-Modu-Note"] = info.note.encode("ascii", "backslashreplace").decode()
    text = transcript.text.strip()
    usage = DurationUsage(seconds=round(duration_s, 3))
    if response_format == "json":
        body = TranscriptionJson(text=text, usage=usage, modu=info)
        return JSONResponse(body.model_dump(mode="json"), headers=headers)
    if response_format == "verbose_json":
        verbose = TranscriptionVerboseJson(
            language=openai_language_name(transcript.language),
            duration=round(duration_s, 3),
            text=text,
            segments=_segments(transcript),
            usage=usage,
            modu=info,
        )
        return JSONResponse(verbose.model_dump(mode="json"), headers=headers)
    if response_format == "text":
        return PlainTextResponse(text, headers=headers)
    cues = _cues(transcript, duration_s)
    if response_format == "srt":
        return Response(to_srt(cues), media_type=SRT_MIME, headers=headers)
    return Response(to_webvtt(cues), media_type=WEBVTT_MIME, headers=headers)


def _cues(transcript: Transcript, duration_s: float) -> list[Cue]:
    if transcript.segments:
        return [Cue(s.start, s.end, s.text) for s in transcript.segments]
    return [Cue(0.0, duration_s, transcript.text)] if transcript.text.strip() else []


def compression_ratio(text: str) -> float:
    """Whisper's repetition signal: UTF-8 size over zlib-compressed size (above 2.4: suspect)."""
    data = text.encode()
    return round(len(data) / len(zlib.compress(data)), 4) if data else 0.0


def _segments(transcript: Transcript) -> list[TranscriptionSegmentBody]:
    return [
        TranscriptionSegmentBody(
            id=index,
            seek=round(segment.start * 100),
            start=segment.start,
            end=segment.end,
            text=segment.text,
            tokens=[],
            temperature=0.0,
            avg_logprob=segment.avg_logprob,
            compression_ratio=compression_ratio(segment.text),
            no_speech_prob=segment.no_speech_prob,
        )
        for index, segment in enumerate(transcript.segments)
    ]


__all__ = ["render_transcript", "router"]
