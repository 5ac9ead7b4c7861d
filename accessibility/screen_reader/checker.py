"""Check text against docs/accessibility.md S1–S6: :func:`check_speakable` lists each violation.

Used by the tests on every formatted answer, and by the realtime service as a guard. The
checks, rule by rule:

* S1 — Markdown structure, found as markdown-it-py token types (tables, code, headings,
  emphasis, images, HTML); box drawing (U+2500–257F) and blocks; fancy letters (U+1D400–1D7FF,
  full-width, circled); emoji (the ``emoji`` package); ASCII-art runs and pipes.
* S2 — no Markdown lists; every stated count ("There are 3 steps.", "3단계가 있습니다.")
  equals the numbered items that follow it.
* S3 — no symbols that should be words (& % + → ~ …); no visual directions (word lists
  per language, :mod:`.directions`).
* S4 — each dictionary abbreviation has its expansion next to its first use. Acronyms not
  in the dictionary are not checked (an unknown name cannot be verified).
* S5 — no bare URLs, no Markdown links, no "click here" / "여기를 클릭".
* S6 — no sentence longer than the cap (25 words in English, 20 어절 in Korean).
"""

from __future__ import annotations

import re
from typing import Literal

import emoji
from pydantic import BaseModel, ConfigDict

from accessibility.screen_reader.abbreviations import unexpanded_first_uses
from accessibility.screen_reader.characters import ART_RUN, BOX_DRAWING, FANCY_LETTERS
from accessibility.screen_reader.directions import find_directions
from accessibility.screen_reader.formatter import PARSER
from accessibility.screen_reader.length import count_words
from accessibility.screen_reader.links import BARE_URL, CLICK_HERE
from accessibility.screen_reader.symbols import UNSPOKEN_SYMBOLS
from accessibility.screen_reader.wording import CountPattern, Wording, wording_for
from voices.sentences import split_sentences

Rule = Literal["S1", "S2", "S3", "S4", "S5", "S6"]


class Violation(BaseModel):
    """One way a text fails a screen-reader requirement."""

    model_config = ConfigDict(frozen=True)

    rule: Rule
    message: str
    excerpt: str = ""


_TOKEN_RULES: dict[str, tuple[Rule, str]] = {
    "table_open": ("S1", "a Markdown table"),
    "fence": ("S1", "a code fence"),
    "code_block": ("S1", "an indented code block"),
    "code_inline": ("S1", "inline code in backticks"),
    "heading_open": ("S1", "a Markdown heading mark"),
    "hr": ("S1", "a horizontal rule"),
    "html_block": ("S1", "raw HTML"),
    "html_inline": ("S1", "raw HTML"),
    "image": ("S1", "a Markdown image"),
    "strong_open": ("S1", "emphasis marks"),
    "em_open": ("S1", "emphasis marks"),
    "s_open": ("S1", "strikethrough marks"),
    "blockquote_open": ("S1", "a quote mark"),
    "bullet_list_open": ("S2", "a Markdown list (lists must be counted sentences)"),
    "ordered_list_open": ("S2", "a Markdown list (lists must be counted sentences)"),
    "link_open": ("S5", "a Markdown link"),
}


def check_speakable(text: str, language: str, *, max_words: int | None = None) -> list[Violation]:
    """Every S1–S6 violation in ``text`` (empty when it is fit for a listener)."""
    wording = wording_for(language)
    violations = _markdown(text)
    violations += _characters(text)
    violations += _counts(text, wording)
    violations += _symbols_and_directions(text, wording.language)
    violations += [
        Violation(rule="S4", message=f"{token} is not expanded on first use", excerpt=token)
        for token in unexpanded_first_uses(text, wording.language)
    ]
    violations += _links(text, wording.language)
    violations += _lengths(text, max_words or wording.max_words)
    return violations


def _markdown(text: str) -> list[Violation]:
    found: list[Violation] = []
    for token in PARSER.parse(text):
        for item in [token, *(token.children or [])]:
            rule = _TOKEN_RULES.get(item.type)
            if rule is not None:
                excerpt = (item.content or item.markup)[:40]
                found.append(Violation(rule=rule[0], message=rule[1], excerpt=excerpt))
    return found


def _characters(text: str) -> list[Violation]:
    checks: list[tuple[re.Pattern[str], str]] = [
        (re.compile(f"{BOX_DRAWING.pattern}+"), "box-drawing characters"),
        (re.compile(f"{FANCY_LETTERS.pattern}+"), "fancy Unicode letters"),
        (ART_RUN, "ASCII art"),
        (re.compile(r"\|+"), "a table pipe"),
    ]
    found = [
        Violation(rule="S1", message=message, excerpt=match.group(0))
        for pattern, message in checks
        for match in pattern.finditer(text)
    ]
    found += [
        Violation(rule="S1", message="a decorative emoji", excerpt=item["emoji"])
        for item in emoji.emoji_list(text)
    ]
    return found


def _counts(text: str, wording: Wording) -> list[Violation]:
    found: list[Violation] = []
    for pattern in wording.count_patterns():
        statements = list(pattern.statement.finditer(text))
        for index, statement in enumerate(statements):
            label = statement.groupdict().get("label")
            stated = int(statement.group("n") or statement.groupdict().get("n1") or 0)
            end = len(text)
            for later in statements[index + 1 :]:
                if later.groupdict().get("label") == label:
                    end = later.start()
                    break
            counted = _count_items(pattern, wording, text[statement.end() : end], label)
            if counted != stated:
                found.append(
                    Violation(
                        rule="S2",
                        message=f"states {stated} but {counted} numbered items follow",
                        excerpt=statement.group(0).strip(),
                    )
                )
    return found


def _count_items(pattern: CountPattern, wording: Wording, span: str, label: str | None) -> int:
    """How many items follow in sequence (1, 2, 3 …) after a count statement."""
    markers = pattern.markers.replace("{label}", re.escape(label or ""))
    expected = 1
    for match in re.finditer(rf"(?:^|(?<=[.!?:]\s))\s*{markers}", span, re.MULTILINE):
        word = match.groupdict().get("word")
        number = wording.ordinal_number(word) if word else int(match.group("k"))
        if number == expected:
            expected += 1
    return expected - 1


def _symbols_and_directions(text: str, language: str) -> list[Violation]:
    found = [
        Violation(rule="S3", message="a symbol that should be a word", excerpt=match.group(0))
        for match in UNSPOKEN_SYMBOLS.finditer(text)
    ]
    found += [
        Violation(rule="S3", message="a visual direction", excerpt=phrase)
        for phrase in find_directions(text, language)
    ]
    return found


def _links(text: str, language: str) -> list[Violation]:
    found = [
        Violation(rule="S5", message="a bare URL", excerpt=match.group(0))
        for match in BARE_URL.finditer(text)
    ]
    found += [
        Violation(rule="S5", message='"click here" link text', excerpt=match.group(0))
        for pattern in CLICK_HERE.values()
        for match in pattern.finditer(text)
    ]
    return found


def _lengths(text: str, max_words: int) -> list[Violation]:
    return [
        Violation(
            rule="S6",
            message=f"a sentence of {count_words(sentence)} words (cap {max_words})",
            excerpt=sentence[:60],
        )
        for sentence in split_sentences(text)
        if count_words(sentence) > max_words
    ]
