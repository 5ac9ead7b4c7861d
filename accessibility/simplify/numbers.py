"""Numbers as people write them, read into values: 1,000 = 1000; 3만 = 30000;
1억 2,000만 = 120000000; $1.5 million = 1500000; and, where a rewrite may spell them, small
number words (three, 세 달)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

KO_UNITS: Final[dict[str, float]] = {
    "조": 1e12,
    "억": 1e8,
    "천만": 1e7,
    "백만": 1e6,
    "십만": 1e5,
    "만": 1e4,
    "천": 1e3,
    "백": 1e2,
}
_DIGITS: Final = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_KO_UNIT: Final = "|".join(sorted(KO_UNITS, key=len, reverse=True))
_KO_GROUP: Final = rf"(?:{_DIGITS})\s?(?:{_KO_UNIT})"
KO_NUMBER: Final = re.compile(
    rf"(?<![\d.,])(?:{_KO_GROUP}(?:\s?{_KO_GROUP})*(?:\s?(?:{_DIGITS}))?|(?:{_DIGITS}))(?![\d,]*\d)"
)
"""A Korean number expression: groups with units, largest first (1억 2,000만), or digits."""

EN_SCALES: Final[dict[str, float]] = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
}
EN_NUMBER: Final = re.compile(
    rf"(?<![\d.,])({_DIGITS})(?:\s?(thousand|million|billion|bn|k|m)\b)?(?![\d,]*\d)",
    re.IGNORECASE,
)

EN_NUMBER_WORDS: Final[dict[str, int]] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip
KO_NATIVE_NUMBERS: Final[dict[str, int]] = {
    "한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8,
    "아홉": 9, "열": 10, "열한": 11, "열두": 12, "스무": 20,
}  # fmt: skip
_KO_COUNTERS: Final = "달|번|가지|명|개|살|곳|장|권|주|해|군데|시간|차례|분"
KO_NATIVE_COUNTED: Final = re.compile(
    rf"(?<![가-힣])({'|'.join(sorted(KO_NATIVE_NUMBERS, key=len, reverse=True))})"
    rf"\s?(?:{_KO_COUNTERS})(?![가-힣])?"
)
EN_NUMBER_WORD: Final = re.compile(rf"\b({'|'.join(EN_NUMBER_WORDS)})\b", re.IGNORECASE)

LARGE_NUMBER: Final = 10_000


@dataclass(frozen=True)
class NumberMatch:
    value: float
    start: int
    end: int


def digits_value(text: str) -> float:
    """``"1,000"`` → 1000.0; ``"2.5"`` → 2.5."""
    return float(text.replace(",", ""))


def korean_number_value(expression: str) -> float:
    """``"1억 2,000만"`` → 120000000; ``"3만 5천"`` → 35000; ``"30,000"`` → 30000."""
    total = 0.0
    for match in re.finditer(rf"({_DIGITS})\s?({_KO_UNIT})?", expression):
        unit = KO_UNITS.get(match.group(2) or "", 1.0)
        total += digits_value(match.group(1)) * unit
    return total


def korean_numbers(text: str) -> Iterator[NumberMatch]:
    for match in KO_NUMBER.finditer(text):
        yield NumberMatch(korean_number_value(match.group()), match.start(), match.end())


def english_numbers(text: str) -> Iterator[NumberMatch]:
    for match in EN_NUMBER.finditer(text):
        scale = EN_SCALES.get((match.group(2) or "").lower(), 1.0)
        yield NumberMatch(digits_value(match.group(1)) * scale, match.start(), match.end())


def numbers(text: str, language: str) -> Iterator[NumberMatch]:
    return korean_numbers(text) if language == "ko" else english_numbers(text)


def spelled_numbers(text: str, language: str) -> Iterator[NumberMatch]:
    """Small numbers written as words (three; 세 달), which a rewrite may use for digits."""
    if language == "ko":
        for match in KO_NATIVE_COUNTED.finditer(text):
            yield NumberMatch(float(KO_NATIVE_NUMBERS[match.group(1)]), *match.span(1))
        return
    for match in EN_NUMBER_WORD.finditer(text):
        yield NumberMatch(float(EN_NUMBER_WORDS[match.group(1).lower()]), *match.span())


def large_number_count(text: str, language: str) -> int:
    """Numbers of ten thousand or more (L4: large numbers are hard to hold in mind)."""
    return sum(1 for n in numbers(text, language) if n.value >= LARGE_NUMBER)


def format_value(value: float) -> str:
    """A stable text form of a value for fact keys: 30000 → ``"30000"``, 2.5 → ``"2.5"``."""
    return str(int(value)) if value == int(value) else f"{value:g}"
