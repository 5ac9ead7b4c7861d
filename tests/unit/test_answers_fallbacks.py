"""Honest fallback texts: every reason in both languages, short and naming nothing."""

from __future__ import annotations

import re
from typing import get_args

import pytest

from service.answers.fallbacks import FallbackReason, fallback_text
from service.answers.quality import wrong_language
from service.answers.specifics import find_specifics

REASONS: tuple[FallbackReason, ...] = get_args(FallbackReason)


@pytest.mark.parametrize("reason", REASONS)
@pytest.mark.parametrize("language", ["ko", "en"])
def test_each_reason_has_a_short_text_in_the_language(
    reason: FallbackReason, language: str
) -> None:
    text = fallback_text(reason, language)
    assert text
    assert not wrong_language(text, language)
    sentences = [s for s in re.split(r"(?<=[.?!;])\s+", text) if s]
    assert 1 <= len(sentences) <= 2
    assert len(text) <= 140


@pytest.mark.parametrize("reason", REASONS)
@pytest.mark.parametrize("language", ["ko", "en"])
def test_fallbacks_name_no_specifics(reason: FallbackReason, language: str) -> None:
    text = fallback_text(reason, language)
    assert find_specifics(text, language) == []
    assert not re.search(r"\d", text)


def test_korean_is_polite_and_other_languages_get_english() -> None:
    for reason in REASONS:
        assert fallback_text(reason, "ko").endswith("요.")
        assert fallback_text(reason, "vi") == fallback_text(reason, "en")


def test_the_gate_replacement_says_what_it_cannot_check() -> None:
    assert "official source" in fallback_text("unverified_specifics", "en")
    assert "공식 기관" in fallback_text("unverified_specifics", "ko")
