"""The page's own words are plain (issue 15, item 2): every interface string in
``service/web/i18n.js``, English and Korean, measured with the readability metrics answers are
held to (``accessibility.simplify.metrics``) against the "plain" targets.

The strings are read from the JavaScript source itself, so nothing can drift: every line of the
``en`` and ``ko`` blocks must be one ``key: "text",`` entry, or the parser fails loudly.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Final

import pytest

from accessibility.simplify.metrics import Measures, measure, target_misses
from accessibility.simplify.settings import SimplifySettings
from accessibility.simplify.targets import SimplifyLanguage, targets_for

I18N: Final = Path(__file__).resolve().parents[2] / "service" / "web" / "i18n.js"
ENTRY: Final = re.compile(r'^\s+(?P<key>\w+): (?P<text>"(?:[^"\\]|\\.)*"),$')
BLOCK_START: Final = re.compile(r"^  (?P<language>en|ko): \{$")
LANGUAGES: Final[tuple[SimplifyLanguage, ...]] = ("en", "ko")

MAX_SENTENCE_WORDS: Final = {"en": 20, "ko": 12}
"""No single interface sentence longer than this (English words, Korean 어절): the plain
target is a mean over a text, and one long sentence on a button or in the status line is
already too long for a first-time user."""
KNOWN_ACRONYMS: Final = frozenset({"AI", "API"})
"""Left as they are, on purpose: "AI-generated answer" / "AI 생성 답변" is the label the law
asks for and must stay recognisable, and "API key" only ever follows its plain name, "access
key", which is the name a person is told to ask for. Any other acronym fails the test."""
NOT_PROSE: Final = frozenset({"heading", "title"})
"""The product name and the window title: names, not sentences to read."""


@cache
def page_strings() -> dict[str, dict[str, str]]:
    """``{"en": {key: text}, "ko": {...}}`` exactly as i18n.js has them."""
    strings: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for number, line in enumerate(I18N.read_text(encoding="utf-8").splitlines(), start=1):
        start = BLOCK_START.match(line)
        if start:
            current = strings.setdefault(start["language"], {})
            continue
        if current is None:
            continue
        if line.strip() in {"},", "}"}:
            current = None
            continue
        entry = ENTRY.match(line)
        assert entry, f'i18n.js line {number} is not a `key: "text",` entry: {line!r}'
        current[entry["key"]] = json.loads(entry["text"])
    return strings


def prose(language: SimplifyLanguage) -> list[str]:
    """Every string a person reads, as a sentence of its own (labels get a full stop so the
    measures count each as one sentence instead of running them together)."""
    texts = [text for key, text in page_strings()[language].items() if key not in NOT_PROSE]
    return [
        text if text.rstrip().endswith((".", "?", "!", ":", "…")) else f"{text}." for text in texts
    ]


def measured(language: SimplifyLanguage) -> Measures:
    return measure(" ".join(prose(language)), language)


def test_the_parser_reads_both_languages_with_the_same_keys() -> None:
    strings = page_strings()
    assert set(strings) == {"en", "ko"}
    assert len(strings["en"]) > 50
    assert strings["en"].keys() == strings["ko"].keys()
    assert strings["en"]["talkStart"] == "Start talking"
    assert strings["ko"]["stop"] == "답변 멈추기"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_filled_in(language: SimplifyLanguage) -> None:
    empty = [key for key, text in page_strings()[language].items() if not text.strip()]
    assert empty == []


def test_korean_strings_are_korean() -> None:
    hangul = re.compile(r"[가-힣]")
    english_only = [k for k, t in page_strings()["ko"].items() if not hangul.search(t)]
    assert english_only == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_interface_text_meets_the_plain_targets(language: SimplifyLanguage) -> None:
    measures = measured(language)
    targets = targets_for(SimplifySettings(), language, "plain")
    assert set(measures.unexplained_acronyms) <= KNOWN_ACRONYMS, measures.unexplained_acronyms
    targets = targets.model_copy(update={"max_unexplained_acronyms": len(KNOWN_ACRONYMS)})
    assert target_misses(measures, targets) == [], measures


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_interface_sentence_is_long(language: SimplifyLanguage) -> None:
    limit = MAX_SENTENCE_WORDS[language]
    long_ones = [
        (text, m.longest_sentence_words)
        for text in prose(language)
        if (m := measure(text, language)).longest_sentence_words > limit
    ]
    assert long_ones == []


def test_english_is_written_for_a_low_school_grade() -> None:
    """Plain allows grade 8 for answers; the buttons and status lines should be easier still."""
    grade = measured("en").fk_grade
    assert grade is not None and grade <= 6.0, grade
