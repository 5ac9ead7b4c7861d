"""Names a simplification must keep: organisations, places, programmes, people.

English: runs of capitalised words (with "of", "for", "and", "the" allowed inside), leaving out
a single capitalised word that only starts a sentence, and words capitalised by convention
(months, weekdays, "I"). Initials (NHS, SNAP) are names too.
Korean: Kiwi's proper nouns (NNP), joined with the nouns they touch (서울시, 강남구); public
bodies by their ending (국민건강보험공단, 질병관리청: Kiwi often tags these as common nouns);
programme, tax and procedure names from the word list (기초연금, 전입신고); Latin names
inside Korean text (KTX, LH).
"""

from __future__ import annotations

import re
from typing import Final

from accessibility.simplify import korean
from accessibility.simplify.dates import MONTHS
from accessibility.simplify.lexicon_ko import PROGRAMME_NAMES

_EN_NAME_RUN: Final = re.compile(
    r"(?<![\w'’])[A-Z][A-Za-z&'’-]*(?:[ \t]+(?:(?:of|for|and|the|on)[ \t]+)*[A-Z][A-Za-z&'’-]*)*"
)
_NOT_NAMES: Final = frozenset(
    {
        "i", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mr", "mrs", "ms", "dr", "you", "your", "we", "our", "if", "the", "this", "a", "an",
        "please", "step", "note", "ok", "am", "pm",
    }
    | set(MONTHS)
)  # fmt: skip
_SENTENCE_START: Final = re.compile(r"(?:^|[.!?:]\s+|\n\s*|[\"“(]\s*)$")
_LATIN_IN_KOREAN: Final = re.compile(r"(?<![A-Za-z])[A-Z][A-Za-z0-9&]*[A-Z0-9](?![A-Za-z])")
_NAME_PARTS: Final = frozenset({"NNP", "NNG", "XSN", "SL"})


def names(text: str, language: str) -> list[tuple[int, str]]:
    """``(offset, name)`` for each name occurrence, in order."""
    return _korean_names(text) if language == "ko" else _english_names(text)


def _english_names(text: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for match in _EN_NAME_RUN.finditer(text):
        words = [(m.start() + match.start(), m.group()) for m in re.finditer(r"\S+", match.group())]
        for segment in _segments(words):
            segment = _trim(segment)
            if segment and _starts_sentence(text, segment[0][0]) and _ordinary(segment):
                segment = _trim(segment[1:])
            if segment and len("".join(w for _, w in segment)) >= 2:
                found.append((segment[0][0], " ".join(w for _, w in segment).rstrip(".")))
    return found


_CONNECTORS: Final = frozenset({"of", "for", "and", "the", "on"})


def _segments(words: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Split a capitalised run at words capitalised only by convention (months, I, Please)."""
    segments: list[list[tuple[int, str]]] = [[]]
    for offset, word in words:
        if word.lower().strip(".,") in _NOT_NAMES:
            segments.append([])
        else:
            segments[-1].append((offset, word))
    return [segment for segment in segments if segment]


def _trim(segment: list[tuple[int, str]]) -> list[tuple[int, str]]:
    while segment and segment[0][1] in _CONNECTORS:
        segment = segment[1:]
    while segment and segment[-1][1] in _CONNECTORS:
        segment = segment[:-1]
    return segment


def _ordinary(segment: list[tuple[int, str]]) -> bool:
    """Whether a sentence's first word is capitalised only because it starts the sentence:
    always when it stands alone (Households, Claimants), and when it is an everyday word
    before a name (Contact the NHS). Initials (NHS) are always names."""
    word = segment[0][1]
    if word.isupper():
        return False
    if len(segment) == 1:
        return True
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word.lower(), "en")) >= COMMON_ZIPF


COMMON_ZIPF: Final = 4.5
"""English Zipf at or above which a capitalised first word is taken for an ordinary word
("Contact" 4.9, "From" 6.5; "Universal" 4.3, "Medicare" 3.6 stay names)."""


def _starts_sentence(text: str, offset: int) -> bool:
    return _SENTENCE_START.search(text[max(0, offset - 3) : offset]) is not None or offset == 0


INSTITUTION_SUFFIXES: Final = (
    "공단", "공사", "센터", "청", "처", "부", "위원회", "사무소", "보건소", "세무서", "세무과",
    "구청", "시청", "군청", "도청", "법원", "은행", "병원", "의료원", "협회", "재단",
)  # fmt: skip
"""Endings of public bodies' names (국민건강보험공단, 질병관리청, 관리사무소): Kiwi often tags
these compounds as common nouns."""


def is_korean_name(word: str) -> bool:
    """A public body (by its ending, three syllables or more) or a programme, tax or procedure
    (본인부담상한제, 기초연금, 전입신고)."""
    return word in PROGRAMME_NAMES or is_public_body(word)


def is_public_body(word: str) -> bool:
    return len(word) >= 3 and word.endswith(INSTITUTION_SUFFIXES)


def _korean_names(text: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    run: list[korean.Morpheme] = []

    def flush() -> None:
        if run:
            word = text[run[0].start : run[-1].end]
            if len(word) >= 2 and (any(m.tag == "NNP" for m in run) or is_korean_name(word)):
                found.append((run[0].start, word))
        run.clear()

    for morpheme in korean.morphemes(text):
        touching = bool(run) and run[-1].end == morpheme.start
        if morpheme.tag in _NAME_PARTS and morpheme.tag != "SL" and (touching or not run):
            run.append(morpheme)
            continue
        flush()
        if morpheme.tag in _NAME_PARTS and morpheme.tag != "SL":
            run.append(morpheme)
    flush()
    for match in _LATIN_IN_KOREAN.finditer(text):
        found.append((match.start(), match.group()))
    return sorted(found)
