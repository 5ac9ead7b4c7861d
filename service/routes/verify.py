"""``POST /v1/verify``: does this audio file, or this text, come from modu?

Send an audio file (``multipart/form-data`` with a ``file`` field, or the raw bytes with an
``audio/*`` content type) to read its C2PA manifest, or JSON ``{"text": "…"}`` to score a text
for this installation's SynthID watermark. Verification is a public good: it needs no API key
(it reveals nothing but what the file or text already carries, and never the keys); uploads are
capped at ``rest.max_upload_bytes``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import UploadFile

from accessibility.provenance import ProvenanceError, ProvenanceReport
from accessibility.provenance import read_provenance_for_settings as read_for_settings
from accessibility.watermark import (
    WatermarkKeyError,
    WatermarkScore,
    score_text,
    watermark_unavailable,
)
from service.deps import EnginesDep, SettingsDep
from service.engines import Engines
from service.errors import ErrorResponse
from service.settings import Settings

router = APIRouter(tags=["provenance"])


class TextVerifyRequest(BaseModel):
    text: str = Field(min_length=1, max_length=200_000, description="the text to check")


class AudioVerification(ProvenanceReport):
    """What the file's C2PA manifest says, checked, and in plain words."""

    kind: str = "audio"
    plain_words_en: str
    plain_words_ko: str


class TextVerification(BaseModel):
    """Whether the text carries this installation's SynthID watermark."""

    kind: str = "text"
    checked: bool
    """False when this installation cannot tell (its engine does not watermark; no key)."""
    engine: str
    score: WatermarkScore | None = None
    plain_words_en: str
    plain_words_ko: str


_BODY_SCHEMA: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            },
            "audio/*": {"schema": {"type": "string", "format": "binary"}},
            "application/json": {"schema": TextVerifyRequest.model_json_schema()},
        },
    }
}


def _too_large(size: int, limit: int) -> HTTPException:
    return HTTPException(
        413,
        detail={
            "code": "file_too_large",
            "param": "file",
            "message": f"expected at most {limit} bytes; got {size} bytes",
        },
    )


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(int(declared), limit)
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > limit:
            raise _too_large(len(data), limit)
    return bytes(data)


async def _uploaded(request: Request, limit: int) -> tuple[bytes, str]:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + 64 * 1024:  # Room for the form framing.
        raise _too_large(int(declared), limit)
    async with request.form(max_files=1, max_fields=8) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise HTTPException(
                422,
                detail={
                    "code": "invalid_value",
                    "param": "file",
                    "message": "expected a 'file' field holding the audio file",
                },
            )
        data = await upload.read(limit + 1)
        if len(data) > limit:
            raise _too_large(len(data), limit)
        return data, upload.content_type or "application/octet-stream"


async def _verify_audio(data: bytes, mime: str, settings: Settings) -> AudioVerification:
    try:
        report = await asyncio.to_thread(read_for_settings, data, mime, settings.provenance)
    except ProvenanceError as error:  # The server's own trust anchors are unreadable.
        raise HTTPException(
            503, detail={"code": "provenance_unavailable", "message": str(error)}
        ) from error
    return AudioVerification(
        **report.model_dump(),
        plain_words_en=report.plain_words("en"),
        plain_words_ko=report.plain_words("ko"),
    )


def _score(text: str, engines: Engines) -> WatermarkScore | tuple[str, str]:
    from voices.lm.base import LanguageModelError
    from voices.lm.transformers_engine import TransformersLanguageModel

    try:
        lm = engines.language_model
        if not isinstance(lm, TransformersLanguageModel) or lm.watermark is None:
            return ("This server's language model does not watermark.", "워터마크가 없습니다.")
        return score_text(text, lm.load_tokenizer(), lm.watermark)
    except (WatermarkKeyError, LanguageModelError) as error:
        return (f"Cannot check: {error}", "확인할 수 없습니다.")


async def _verify_text(text: str, settings: Settings, engines: Engines) -> TextVerification:
    engine = settings.lm.engine
    result: WatermarkScore | tuple[str, str] | None = watermark_unavailable(
        engine, settings.provenance
    )
    if result is None:
        result = await asyncio.to_thread(_score, text, engines)
    if isinstance(result, tuple):
        en, ko = result
        return TextVerification(checked=False, engine=engine, plain_words_en=en, plain_words_ko=ko)
    return TextVerification(
        checked=True,
        engine=engine,
        score=result,
        plain_words_en=result.verdict("en"),
        plain_words_ko=result.verdict("ko"),
    )


@router.post(
    "/v1/verify",
    response_model=AudioVerification | TextVerification,
    responses={413: {"model": ErrorResponse}, 415: {"model": ErrorResponse}},
    openapi_extra=_BODY_SCHEMA,
)
async def verify(
    request: Request, settings: SettingsDep, engines: EnginesDep
) -> AudioVerification | TextVerification:
    """Check an audio file's C2PA manifest, or a text's SynthID watermark. No key needed."""
    limit = settings.rest.max_upload_bytes
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        try:
            body = TextVerifyRequest.model_validate_json(await _read_body(request, limit))
        except ValidationError as error:
            raise RequestValidationError(error.errors()) from error
        return await _verify_text(body.text, settings, engines)
    if content_type == "multipart/form-data":
        data, mime = await _uploaded(request, limit)
    elif content_type.startswith("audio/") or content_type == "application/octet-stream":
        data, mime = await _read_body(request, limit), content_type
    else:
        raise HTTPException(
            415,
            detail={
                "code": "unsupported_media_type",
                "message": "expected multipart/form-data with a 'file', an audio/* body, or "
                f'JSON {{"text": "…"}}; got {content_type or "no content type"}',
            },
        )
    return await _verify_audio(data, mime, settings)
