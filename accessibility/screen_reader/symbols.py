"""Symbols spelled out in words (S3), in English and Korean.

A screen reader says "ampersand", "tilde" or nothing at all; a voice may say worse. Ranges
(``3~5일``, ``9:00–18:00``) become "3 to 5" / "3에서 5일", arrows between steps become
"then" / "그다음", and units that Unicode folding would corrupt (``m²`` → ``m2``, ``½`` →
``1⁄2``) are spelled before folding. Patterns run over plain inline text, never over
Markdown structure.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from accessibility.screen_reader.korean import topic

Replacement = str | Callable[[re.Match[str]], str]


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    english: Replacement
    korean: Replacement


def _rule(pattern: str, english: Replacement, korean: Replacement) -> _Rule:
    return _Rule(re.compile(pattern), english, korean)


_NUMBER = r"\d(?:[\d,.:]*\d)?"
_UNIT = r"\s?[^\s\d~〜–—→]{0,3}"  # "일", "km", " am" between a number and a range mark
_THEN_NUMBER = r"\s*(?=(?:[^\s\d]{1,3}\s?)?\d)"  # "5일", "오후 6시", "pm 6"

BEFORE_FOLDING: list[_Rule] = [
    _rule(r"(?:km²|㎢)", " square kilometers", "제곱킬로미터"),
    _rule(r"(?:cm²|㎠)", " square centimeters", "제곱센티미터"),
    _rule(r"(?:m²|㎡)", " square meters", "제곱미터"),
    _rule(r"(?:m³|㎥)", " cubic meters", "세제곱미터"),
    _rule(r"㈜|\(주\)", "", "주식회사 "),
    _rule(r"[™®©]", " ", " "),
    _rule(r"(?<=\d)½", ".5", ".5"),
    _rule(r"(?<=\d)¼", ".25", ".25"),
    _rule(r"(?<=\d)¾", ".75", ".75"),
    _rule(r"½", "one half", "2분의 1"),
    _rule(r"¼", "one quarter", "4분의 1"),
    _rule(r"¾", "three quarters", "4분의 3"),
    _rule(r"⅓", "one third", "3분의 1"),
    _rule(r"⅔", "two thirds", "3분의 2"),
    _rule(r"℃", "°C", "°C"),
    _rule(r"℉", "°F", "°F"),
    # Footnote marks (Seoul¹) would fold into the word; other superscripts are dropped too.
    _rule(r"[¹²³⁰⁴-⁹ⁱⁿ]", "", ""),
]

ARROW = "→"
_ASCII_ARROWS = re.compile(r"\s*(?:-+>|=+>|[⇒⟶➔➜➝➞⟹➡]\ufe0f?|→)\s*")


def _topic_before(match: re.Match[str]) -> str:
    return f"{topic(match.group(1))} "


_PER_EN = r"(?:month|day|year|week|hour|night|person|people|mo|yr|hr|h|min|sec)s?\b"
_PER_KO = "월|일|년|주|시간|회|명|인"
_KOREAN_PER = {
    "월": "월",
    "일": "하루",
    "년": "1년에",
    "주": "1주에",
    "시간": "1시간에",
    "회": "1회에",
    "명": "1명당",
    "인": "1인당",
}


def _korean_rate(match: re.Match[str]) -> str:
    """ "213만원/월" → "월 213만원": Korean says the period first."""
    return f"{_KOREAN_PER[match.group(2)]} {match.group(1)}"


AFTER_FOLDING: list[_Rule] = [
    # Ranges: a number, maybe a short unit, then ~ – — or an arrow, then a number.
    _rule(rf"({_NUMBER}{_UNIT})\s*[~〜–—{ARROW}]{_THEN_NUMBER}", r"\1 to ", r"\1에서 "),
    _rule(r"(\d{1,2}:\d{2})\s*-\s*(?=\d{1,2}:\d{2})", r"\1 to ", r"\1에서 "),
    _rule(rf"^\s*{ARROW}\s*", "", ""),
    _rule(rf"\s*{ARROW}\s*", ", then ", ", 그다음 "),
    # "~30 days": about 30 ("약 ~30일" already says it).
    _rule(r"(?<![\w.])(?<!약)(?<!약 )\s*[~〜]\s*(?=[$€£¥₩]?\d)", " about ", " 약 "),
    _rule(r"[~〜]", " ", " "),
    _rule(
        r"(?:US)?\$\s?(\d(?:[\d,.]*\d)?(?:\s?(?:million|billion|thousand))?)",
        r"\1 dollars",
        r"\1달러",
    ),
    _rule(r"€\s?(\d(?:[\d,.]*\d)?(?:\s?(?:million|billion|thousand))?)", r"\1 euros", r"\1유로"),
    _rule(r"£\s?(\d(?:[\d,.]*\d)?(?:\s?(?:million|billion|thousand))?)", r"\1 pounds", r"\1파운드"),
    _rule(r"¥\s?(\d(?:[\d,.]*\d)?(?:\s?(?:million|billion|thousand))?)", r"\1 yen", r"\1엔"),
    _rule(
        r"₩\s?(\d(?:[\d,.]*\d)?(?:\s?(?:만|억|천|조|million|billion|thousand))?)",
        r"\1 won",
        r"\1원",
    ),
    _rule(r"\$", " dollars ", "달러 "),
    _rule(r"€", " euros ", "유로 "),
    _rule(r"£", " pounds ", "파운드 "),
    _rule(r"¥", " yen ", "엔 "),
    _rule(r"₩", " won ", "원 "),
    _rule(r"(\d)\s*%p", r"\1 percentage points", r"\1퍼센트포인트"),
    _rule(r"(\d)\s*%", r"\1 percent", r"\1퍼센트"),
    _rule(r"%", " percent ", " 퍼센트 "),
    _rule(r"(\d(?:[\d.,]*\d)?)\s*°\s*C\b", r"\1 degrees Celsius", r"\1도"),
    _rule(r"(\d(?:[\d.,]*\d)?)\s*°\s*F\b", r"\1 degrees Fahrenheit", r"화씨 \1도"),
    _rule(r"°", " degrees ", "도 "),
    _rule(r"\s*&\s*", " and ", " 그리고 "),
    _rule(r"(?<=\d)\s*\+\s*(?=\d)", " plus ", " 더하기 "),
    _rule(r"(?<=\d)(세|살|years?)?\+(?![\w+])", r"\1 or more", r"\1 이상"),  # "65+"
    _rule(r"(?<![\w)])\+\s*(?=\d)", "plus ", "플러스 "),
    _rule(r"\s*\+\s*", " plus ", " 플러스 "),
    _rule(r"(\S+?)\s*=\s*", r"\1 equals ", _topic_before),
    _rule(r"(?<=\d)\s*[×xX]\s*(?=\d)", " times ", " 곱하기 "),
    _rule(r"\s*×\s*", " times ", " 곱하기 "),
    _rule(r"\s*÷\s*", " divided by ", " 나누기 "),
    _rule(r"\s*±\s*", " plus or minus ", " 플러스 마이너스 "),
    _rule(r"\s*≈\s*", " about ", " 약 "),
    _rule(r"\s*≤\s*(\S+)", r" at most \1", r" \1 이하"),
    _rule(r"\s*≥\s*(\S+)", r" at least \1", r" \1 이상"),
    _rule(r"\s*<\s*(\d\S*)", r" less than \1", r" \1 미만"),
    _rule(r"\s*>\s*(\d\S*)", r" more than \1", r" \1 초과"),
    _rule(r"\s*>\s*", ", then ", ", 그다음 "),  # menu paths: Settings > Privacy
    _rule(r"<", " ", " "),
    _rule(r"#\s?(\d)", r"number \1", r"\1번 "),
    _rule(r"#", " ", " "),
    _rule(r"※\s*", "Note: ", "참고: "),
    _rule(r"(?<=[가-힣])\s*[·ㆍ]\s*(?=[가-힣])", ", ", ", "),
    _rule(r"\s*[•·ㆍ]\s*", ", ", ", "),
    _rule(rf"/\s*(?={_PER_EN})", " per ", " per "),
    _rule(rf"(\S+)\s*/\s*({_PER_KO})(?![가-힣])", _korean_rate, _korean_rate),
    _rule(r"(?<=[A-Za-z]{2})\s*/\s*(?=[A-Za-z]{2})", " or ", " 또는 "),
    _rule(r"(?<=[가-힣])\s*/\s*(?=[가-힣])", " or ", " 또는 "),
    _rule(r"[\[{]", "(", "("),
    _rule(r"[\]}]", ")", ")"),
    _rule(r"[*_`\\^|]", " ", " "),
]


def _apply(rules: list[_Rule], text: str, korean: bool) -> str:
    for rule in rules:
        text = rule.pattern.sub(rule.korean if korean else rule.english, text)
    return text


def spell_before_folding(text: str, korean: bool) -> str:
    """Units and fractions that NFKC folding would turn into wrong numbers."""
    return _apply(BEFORE_FOLDING, text, korean)


def normalise_arrows(text: str) -> str:
    """``->``, ``=>``, ``⇒``, ``➡️`` all become ``→`` (before ASCII art is removed)."""
    return _ASCII_ARROWS.sub(f" {ARROW} ", text)


def spell_symbols(text: str, korean: bool) -> str:
    """Ranges, currencies, percentages, arithmetic, arrows and stray marks, in words."""
    return _apply(AFTER_FOLDING, text, korean)


UNSPOKEN_SYMBOLS = re.compile(r"[&%+→⇒~〜×÷±≤≥≈<>=#$€£¥₩°※•*`|\\^_\[\]{}]")
"""S3/S1: characters that must not reach the listener as symbols."""
