"""AI-content labels: every answer says, to people and to machines, that an AI made it.

Korea's AI Basic Act and the Seoul AI Business Pledge ask for it. One :class:`AiLabel` travels
with each answer: in the realtime protocol (``response.modu.label``), in REST responses, as HTTP
headers on audio (:func:`label_headers`) and inside audio files as a C2PA manifest
(``accessibility.provenance``). People see :data:`LABEL_TEXT` on every answer and hear
:data:`DISCLOSURE` once per session.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import quote, unquote

from pydantic import BaseModel, field_validator

from voices.version import VERSION

LABEL_TEXT = {"en": "AI-generated answer", "ko": "AI 생성 답변"}
"""The visible (and screen-reader announced) label on every answer."""

DISCLOSURE = {"en": "I am an AI assistant.", "ko": "저는 AI 비서입니다."}
"""Spoken once per session, when the profile asks for it."""

HEADER_AI_GENERATED = "X-Modu-AI-Generated"
HEADER_MODEL = "X-Modu-Model"
HEADER_VOICE = "X-Modu-Voice"
HEADER_GENERATOR = "X-Modu-Generator"
HEADER_CREATED_AT = "X-Modu-Created-At"

# Header values must be visible ASCII: everything else (Korean voice names, say) is
# percent-encoded, and "%" itself, so decoding is exact.
_HEADER_SAFE = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) != "%")


class AiLabel(BaseModel):
    """Machine-readable: this content is AI-generated, by which model and voice, and when."""

    ai_generated: Literal[True] = True
    model: str
    """The language model, as ``engine / model id``
    (e.g. ``llama.cpp / qwen2.5-coder-1.5b-instruct``)."""
    voice: str | None = None
    """The voice that spoke the answer (``engine / voice``); ``None`` for text only."""
    generator: Literal["modu"] = "modu"
    generator_version: str
    created_at: str
    """UTC time in ISO 8601, e.g. ``2026-05-01T09:30:00Z``."""

    @field_validator("created_at")
    @classmethod
    def _utc_iso_8601(cls, value: str) -> str:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError as error:
            raise ValueError(f"expected an ISO 8601 time, got {value!r}") from error
        offset = parsed.utcoffset()
        if offset is None or offset.total_seconds() != 0:
            raise ValueError(f"expected a UTC time (ending in Z or +00:00), got {value!r}")
        return value


def utc_now_iso() -> str:
    """Now, in UTC, ISO 8601 to the second with a ``Z``."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def make_label(model: str, voice: str | None, *, created_at: str | None = None) -> AiLabel:
    """The label for one answer made now (or at ``created_at``) by this modu."""
    return AiLabel(
        model=model,
        voice=voice,
        generator_version=VERSION,
        created_at=created_at or utc_now_iso(),
    )


def _base_language(language: str | None) -> str:
    return (language or "en").replace("_", "-").split("-")[0].lower()


def label_text(language: str | None) -> str:
    """The visible label in ``language`` (``ko``, ``ko-KR`` …); English when there is none."""
    return LABEL_TEXT.get(_base_language(language), LABEL_TEXT["en"])


def disclosure(language: str | None) -> str:
    """The spoken disclosure in ``language``; English when there is none."""
    return DISCLOSURE.get(_base_language(language), DISCLOSURE["en"])


def label_headers(label: AiLabel) -> dict[str, str]:
    """HTTP headers that label an audio response (ASCII only; see :func:`label_from_headers`)."""
    headers = {
        HEADER_AI_GENERATED: "true",
        HEADER_MODEL: quote(label.model, safe=_HEADER_SAFE),
        HEADER_GENERATOR: f"{label.generator}/{label.generator_version}",
        HEADER_CREATED_AT: label.created_at,
    }
    if label.voice is not None:
        headers[HEADER_VOICE] = quote(label.voice, safe=_HEADER_SAFE)
    return headers


def label_from_headers(headers: Mapping[str, str]) -> AiLabel:
    """Read the label back from response headers (names in any case)."""
    lower = {name.lower(): value for name, value in headers.items()}

    def get(name: str) -> str | None:
        return lower.get(name.lower())

    if get(HEADER_AI_GENERATED) != "true":
        raise ValueError(f"expected the header {HEADER_AI_GENERATED}: true")
    generator, _, version = (get(HEADER_GENERATOR) or "").partition("/")
    voice = get(HEADER_VOICE)
    return AiLabel.model_validate(
        {
            "model": unquote(get(HEADER_MODEL) or ""),
            "voice": unquote(voice) if voice is not None else None,
            "generator": generator,
            "generator_version": version,
            "created_at": get(HEADER_CREATED_AT) or "",
        }
    )
