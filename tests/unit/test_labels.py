"""AI-content labels: the label model, its texts in English and Korean, and audio headers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from accessibility.labels import (
    DISCLOSURE,
    LABEL_TEXT,
    AiLabel,
    disclosure,
    label_from_headers,
    label_headers,
    label_text,
    make_label,
)
from voices.version import VERSION


def test_make_label_says_ai_generated_by_modu_now_in_utc() -> None:
    label = make_label("llama.cpp / qwen2.5-coder-1.5b-instruct", "piper / en_US-joe-medium")
    assert label.ai_generated is True
    assert (label.generator, label.generator_version) == ("modu", VERSION)
    assert label.created_at.endswith("Z")
    made = datetime.fromisoformat(label.created_at)
    assert abs((datetime.now(UTC) - made).total_seconds()) < 60
    data = label.model_dump(mode="json")
    assert data["ai_generated"] is True and data["voice"] == "piper / en_US-joe-medium"


def test_label_refuses_non_utc_times_and_a_false_claim() -> None:
    with pytest.raises(ValidationError, match="UTC"):
        make_label("m", None, created_at="2026-05-01T09:00:00+09:00")
    with pytest.raises(ValidationError, match="ISO 8601"):
        make_label("m", None, created_at="yesterday")
    with pytest.raises(ValidationError):
        AiLabel.model_validate(
            {
                "ai_generated": False,
                "model": "m",
                "generator_version": "1",
                "created_at": "2026-05-01T09:00:00Z",
            }
        )
    assert make_label("m", None, created_at="2026-05-01T09:00:00+00:00").created_at


@pytest.mark.parametrize(
    ("language", "text", "spoken"),
    [
        ("en", "AI-generated answer", "I am an AI assistant."),
        ("ko", "AI 생성 답변", "저는 AI 비서입니다."),
        ("ko-KR", "AI 생성 답변", "저는 AI 비서입니다."),
        ("fr", "AI-generated answer", "I am an AI assistant."),  # No French yet: English.
        (None, "AI-generated answer", "I am an AI assistant."),
    ],
)
def test_label_and_disclosure_by_language(language: str | None, text: str, spoken: str) -> None:
    assert label_text(language) == text
    assert disclosure(language) == spoken
    assert set(LABEL_TEXT) == set(DISCLOSURE) == {"en", "ko"}


def test_headers_are_ascii_and_read_back_exactly() -> None:
    label = make_label("transformers / 모두-모델 100%", "espeak-ng / ko")
    headers = label_headers(label)
    assert headers["X-Modu-AI-Generated"] == "true"
    assert headers["X-Modu-Generator"] == f"modu/{VERSION}"
    assert headers["X-Modu-Created-At"] == label.created_at
    assert headers["X-Modu-Voice"] == "espeak-ng / ko"
    for value in headers.values():
        value.encode("ascii")  # Raises if a header is not ASCII.
    assert label_from_headers({k.lower(): v for k, v in headers.items()}) == label


def test_text_only_answers_have_no_voice_header() -> None:
    label = make_label("fake / fake", None)
    headers = label_headers(label)
    assert "X-Modu-Voice" not in headers
    assert label_from_headers(headers).voice is None
    with pytest.raises(ValueError, match="X-Modu-AI-Generated"):
        label_from_headers({})
