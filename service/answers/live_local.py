"""Questions that need live or local data, and the honest referral that answers them.

The bundled model cannot see today's weather, a bus's arrival, a pharmacy's hours or a shop's
phone number, but it answers anyway, with invented numbers. The pipeline asks
``needs_live_data`` before the model; a match is answered with ``referral``: first the honest
sentence (modu cannot see live or local information), then where to find it, naming only
numbers vetted in ``data/referrals.json``.

The line (see ``docs/answers-honesty.md``): a question matches when it asks for a *current*
state (weather now or on a named day, whether a place is open, when a bus comes, today's price
or news, how long a queue is) or for *one specific place's* contact or location (the nearest
pharmacy, the district office's phone number). General knowledge is answerable and must not
match: what weather is, how low-floor buses kneel, what pharmacies do, where one applies for a
benefit in general, which time zone a city is in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, model_validator

from service.answers.live_local_more import SHAPE_PATTERNS
from service.answers.live_local_rules import (
    BENIGN_PATTERNS,
    KIND_PATTERNS,
    LIVE_LOCAL_KINDS,
    TIME_ANCHOR,
    LiveLocalKind,
)
from service.answers.sources import Source

__all__ = [
    "BENIGN_PATTERNS",
    "KIND_PATTERNS",
    "LIVE_LOCAL_KINDS",
    "TIME_ANCHOR",
    "LiveLocalKind",
    "LiveLocalMatch",
    "Referral",
    "load_referrals",
    "needs_live_data",
    "referral",
    "referral_numbers",
]


@dataclass(frozen=True)
class LiveLocalMatch:
    """A question that needs live or local data: which kind, and the words that showed it."""

    kind: LiveLocalKind
    cue: str
    """The matched words, as they appear in the question (lower-cased for English)."""


@dataclass(frozen=True)
class Referral:
    """The honest answer to a live/local question, in plain spoken sentences."""

    text: str
    numbers: tuple[str, ...]
    """The phone numbers named in ``text``, each vetted in ``data/referrals.json``."""
    sources: tuple[Source, ...]
    """Where those numbers and named sites come from."""


# --- Referral data --------------------------------------------------------------------------


class VettedNumber(BaseModel):
    """A phone number a referral may name, with who answers it and where that is stated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name_ko: str
    name_en: str
    sources: tuple[Source, ...]


class ReferralEntry(BaseModel):
    """One referral: the spoken text in Korean and English, and the sources for named sites."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ko: str
    en: str
    sources: tuple[Source, ...] = ()


class CountryReferrals(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    numbers: dict[str, VettedNumber]
    referrals: dict[LiveLocalKind, ReferralEntry]

    @model_validator(mode="after")
    def _complete_and_vetted(self) -> CountryReferrals:
        missing = set(LIVE_LOCAL_KINDS) - set(self.referrals)
        if missing:
            raise ValueError(f"referrals missing for kinds: {sorted(missing)}")
        for kind, entry in self.referrals.items():
            for text in (entry.ko, entry.en):
                # Every run of 3+ digits is a number the person may dial: it must be vetted.
                for digits in re.findall(r"\d{3,}", text):
                    if digits not in self.numbers:
                        raise ValueError(f"{kind}: unvetted number {digits} in {text!r}")
        return self


class ReferralData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    countries: dict[str, CountryReferrals]

    @model_validator(mode="after")
    def _has_fallback(self) -> ReferralData:
        if FALLBACK_COUNTRY not in self.countries:
            raise ValueError(f"no {FALLBACK_COUNTRY!r} entry for other countries")
        return self

    def country(self, code: str) -> CountryReferrals:
        return self.countries.get(code.upper(), self.countries[FALLBACK_COUNTRY])

    def entry(self, code: str, kind: LiveLocalKind) -> ReferralEntry:
        return self.country(code).referrals[kind]

    def numbers(self, code: str) -> dict[str, VettedNumber]:
        return self.country(code).numbers


FALLBACK_COUNTRY = "default"


@cache
def load_referrals() -> ReferralData:
    """The referral data, read and validated once (on first use, not at import)."""
    path = resources.files("service.answers.data").joinpath("referrals.json")
    return ReferralData.model_validate_json(path.read_text(encoding="utf-8"))


_SPACES = re.compile(r"\s+")


def _normalise(text: str) -> str:
    return _SPACES.sub(" ", text.lower()).strip()


def needs_live_data(text: str, language: str | None = None) -> LiveLocalMatch | None:
    """The kind of live or local data the question needs, or ``None`` when it needs none.

    ``language`` is a hint only: both languages' patterns run, since people mix them
    ("KTX 몇 시에 와요?", an English speaker naming a 구청).
    """
    del language  # both pattern sets are cheap and mixed-language questions are common
    question = _normalise(text)
    if not question:
        return None
    if any(p.search(question) for p in BENIGN_PATTERNS) and not TIME_ANCHOR.search(question):
        return None
    # The phrase table first, then the shapes it has no phrase for (live_local_more.py).
    for kind, patterns in KIND_PATTERNS + SHAPE_PATTERNS:
        for pattern in patterns:
            found = pattern.search(question)
            if found:
                return LiveLocalMatch(kind=kind, cue=found.group(0).strip())
    return None


def referral(match: LiveLocalMatch, *, country: str, language: str) -> Referral:
    """The referral for ``match`` in ``language`` ("ko" or "en"; others get English) for a
    person in ``country`` (ISO code; countries without their own entry get the generic one)."""
    data = load_referrals()
    entry = data.entry(country, match.kind)
    text = entry.ko if language == "ko" else entry.en
    registry = data.numbers(country)
    numbers = tuple(number for number in registry if _names_number(text, number))
    sources = list(entry.sources)
    for number in numbers:
        sources.extend(s for s in registry[number].sources if s not in sources)
    return Referral(text=text, numbers=numbers, sources=tuple(sources))


def referral_numbers(country: str) -> frozenset[str]:
    """Every phone number the referrals for ``country`` may name."""
    return frozenset(load_referrals().numbers(country))


def _names_number(text: str, number: str) -> bool:
    # A number is named when it stands alone: "131" must not be found inside "1313".
    return re.search(rf"(?<!\d){re.escape(number)}(?!\d)", text) is not None
