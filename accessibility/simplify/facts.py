"""The facts a simplification must keep (L5): numbers, dates, times, amounts, phone numbers
and names, each read into a normalised key so that a rewrite may write them differently but
not change them (30,000원 = 3만 원; March 1, 2025 = 1 March 2025; 오후 6시 = 18:00).

Extraction runs in order phone → date → time → amount → percent → number, masking each span, so
the digits of a date are not also counted as loose numbers. Names are found separately
(:mod:`accessibility.simplify.names`).
"""

from __future__ import annotations

import re
from typing import Literal, TypeAlias

from pydantic import BaseModel

from accessibility.simplify import dates
from accessibility.simplify.names import names
from accessibility.simplify.numbers import format_value, numbers, spelled_numbers
from accessibility.simplify.targets import SimplifyLanguage

FactKind: TypeAlias = Literal["phone", "date", "time", "amount", "percent", "number", "name"]


class Fact(BaseModel):
    """One fact: where it came from (``text``) and what must survive (``key``)."""

    kind: FactKind
    text: str
    key: str


class FactCheck(BaseModel):
    kept: list[Fact]
    missing: list[Fact]

    @property
    def all_kept(self) -> bool:
        return not self.missing


_PHONE = re.compile(
    r"(?<![\d-])(?:\+?\d{1,3}[-\s.])?\(?0?\d{1,4}\)?[-\s.]\d{3,4}[-\s.]\d{4}(?![\d-])"
    r"|(?<![\d-])1\d{3}-\d{4}(?![\d-])"
    r"|(?<![\d-])\d{3}-\d{3}-\d{4}(?![\d-])"
)
_CURRENCY_BEFORE = {"$": "USD", "£": "GBP", "€": "EUR", "₩": "KRW"}
_CURRENCY_AFTER = {
    "원": "KRW", "won": "KRW", "달러": "USD", "dollar": "USD", "dollars": "USD", "usd": "USD",
    "pound": "GBP", "pounds": "GBP", "gbp": "GBP", "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "유로": "EUR", "엔": "JPY",
}  # fmt: skip
_AFTER_CURRENCY = re.compile(
    r"\s?(원|달러|유로|엔|won\b|dollars?\b|usd\b|pounds?\b|gbp\b|euros?\b|eur\b)", re.IGNORECASE
)
_PERCENT_AFTER = re.compile(r"\s?(%|퍼센트|프로(?![가-힣])|per ?cent\b)", re.IGNORECASE)


def extract_facts(text: str, language: SimplifyLanguage) -> list[Fact]:
    """Every fact in ``text``, once each, in order of appearance."""
    found: list[tuple[int, Fact]] = []
    masked = text

    def take(start: int, end: int, fact: Fact) -> None:
        nonlocal masked
        found.append((start, fact))
        masked = masked[:start] + " " * (end - start) + masked[end:]

    for match in _PHONE.finditer(masked):
        digits = re.sub(r"\D", "", match.group())
        take(match.start(), match.end(), Fact(kind="phone", text=match.group().strip(), key=digits))
    for span in dates.find_dates(masked, language):
        take(
            span.start, span.end, Fact(kind="date", text=text[span.start : span.end], key=span.key)
        )
    for span in dates.find_times(masked, language):
        take(
            span.start, span.end, Fact(kind="time", text=text[span.start : span.end], key=span.key)
        )
    for start, end, fact in _amounts_and_percents(masked, text, language):
        take(start, end, fact)
    for number in numbers(masked, language):
        source = text[number.start : number.end]
        take(
            number.start,
            number.end,
            Fact(kind="number", text=source, key=format_value(number.value)),
        )
    for start, name in names(text, language):
        found.append((start, Fact(kind="name", text=name, key=_name_key(name))))
    return _unique([fact for _, fact in sorted(found, key=lambda item: item[0])])


def _amounts_and_percents(
    masked: str, text: str, language: SimplifyLanguage
) -> list[tuple[int, int, Fact]]:
    out: list[tuple[int, int, Fact]] = []
    for number in numbers(masked, language):
        value = format_value(number.value)
        before = masked[max(0, number.start - 2) : number.start].strip()
        after_currency = _AFTER_CURRENCY.match(masked, number.end)
        after_percent = _PERCENT_AFTER.match(masked, number.end)
        if before and before[-1] in _CURRENCY_BEFORE:
            start = masked.rindex(before[-1], 0, number.start)
            currency = _CURRENCY_BEFORE[before[-1]]
            fact = Fact(kind="amount", text=text[start : number.end], key=f"{value} {currency}")
            out.append((start, number.end, fact))
        elif after_currency:
            currency = _CURRENCY_AFTER[after_currency.group(1).lower()]
            end = after_currency.end()
            fact = Fact(kind="amount", text=text[number.start : end], key=f"{value} {currency}")
            out.append((number.start, end, fact))
        elif after_percent:
            end = after_percent.end()
            fact = Fact(kind="percent", text=text[number.start : end], key=f"{value}%")
            out.append((number.start, end, fact))
    return out


def check_facts(facts: list[Fact], candidate: str, language: SimplifyLanguage) -> FactCheck:
    """Which of ``facts`` the candidate text still states (same kind and normalised key)."""
    present = extract_facts(candidate, language)
    keys: set[tuple[str, str]] = {(f.kind, f.key) for f in present}
    loose_numbers = {f.key for f in present if f.kind in ("number", "amount", "percent")}
    loose_numbers |= {format_value(n.value) for n in spelled_numbers(candidate, language)}
    flat = _name_key(candidate)
    kept: list[Fact] = []
    missing: list[Fact] = []
    for fact in facts:
        ok = _kept(fact, keys, loose_numbers, flat)
        (kept if ok else missing).append(fact)
    return FactCheck(kept=kept, missing=missing)


def _kept(fact: Fact, keys: set[tuple[str, str]], loose_numbers: set[str], flat: str) -> bool:
    if fact.kind == "name":
        return fact.key in flat
    if (fact.kind, fact.key) in keys:
        return True
    if fact.kind == "number":
        # A bare number may come back as an amount or a word (3 → 세 달, three); the value counts.
        return fact.key in loose_numbers or any(k.split(" ")[0] == fact.key for k in loose_numbers)
    if fact.kind == "time":
        return any(kind == "time" and dates.same_time(fact.key, key) for kind, key in keys)
    return False


def _name_key(text: str) -> str:
    """Names compare without spaces or case (국민 건강 보험 공단 = 국민건강보험공단)."""
    return re.sub(r"\s+", "", text).casefold()


def _unique(facts: list[Fact]) -> list[Fact]:
    seen: set[tuple[str, str]] = set()
    out: list[Fact] = []
    for fact in facts:
        if (fact.kind, fact.key) not in seen:
            seen.add((fact.kind, fact.key))
            out.append(fact)
    return out
