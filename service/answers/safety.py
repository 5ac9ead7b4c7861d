"""The safety layer: emergencies, scams and medication questions, recognised before the model.

It runs on the transcript of each turn (typed, or recognised speech with its misrecognitions)
and, when a rule fires, the pipeline answers with vetted text from ``data/safety.yaml`` instead
of the model's. Pure and fast: regular expressions over a normalised transcript, no model.

Public API (others code against it): ``SafetyCategory``, ``SafetyMatch``, ``classify``,
``VettedResponse``, ``vetted_response``, ``official_numbers``. Design: ``docs/answers-safety.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from service.answers.safety_data import (
    load_safety_data,
    numbers_in_text,
    resolve_country,
    resolve_language,
)
from service.answers.safety_rules import best_match
from service.answers.sources import Source

SafetyCategory = Literal["emergency", "scam", "medication"]

CATEGORY_PRIORITY: tuple[SafetyCategory, ...] = ("emergency", "scam", "medication")
"""When several categories match one turn, the first of these wins."""


@dataclass(frozen=True)
class SafetyMatch:
    """What the safety layer recognised in one turn."""

    category: SafetyCategory
    kind: str
    """emergency: cardiac, breathing, stroke, unresponsive, bleeding, fire, violence, suicide,
    poisoning, fall, injury, low_sugar; scam: impersonation, family_money, gift_card, credentials,
    remote_app, safe_account, phishing_link, romance, investment, account_change, overpayment,
    advance_fee; medication: missed_dose, double_dose, side_effect, interaction, child_dose,
    dose_change. Kinds without a text of their own get their category's default text."""
    cue: str
    """The words that matched (as normalised), for logs and tests."""


@dataclass(frozen=True)
class VettedResponse:
    """The answer given instead of the model's."""

    text: str
    """Spoken-ready plain sentences, no markdown or lists; the first says what to do now."""
    numbers: tuple[str, ...]
    """Every phone number the text names, as written in it."""
    allow_model_addition: bool
    """Whether the model may add one short sentence after it (never contradicting it)."""
    sources: tuple[Source, ...]


def classify(text: str, language: str | None = None) -> SafetyMatch | None:
    """Recognise an emergency, a scam or a medication question in one turn, or None.

    ``language`` ("ko", "en" or None) is only a hint: Korean and English rules both run on
    every turn, because turns mix the two (a migrant's Korean with English words, a
    misrecognised language). Priority: emergency > scam > medication.
    """
    del language  # Both rule sets always run; see the docstring.
    found = best_match(text, CATEGORY_PRIORITY)
    if found is None:
        return None
    category, kind, cue = found
    return SafetyMatch(category=category, kind=kind, cue=cue)


def vetted_response(match: SafetyMatch, *, country: str, language: str) -> VettedResponse:
    """The vetted answer for a match, for where the person is and the language they speak.

    The number depends on ``country`` (an English speaker in Korea gets 119); countries
    without vetted data get the generic text. Languages other than "ko" get English.
    """
    data = load_safety_data()
    place = resolve_country(country, data)
    lang = resolve_language(language)
    entry = data.response_for(place, match.category, match.kind)
    text = entry.text(lang)
    numbers = numbers_in_text(text, data.numbers_for(place))
    sources = data.sources_for(place, numbers, text)
    return VettedResponse(
        text=text,
        numbers=numbers,
        allow_model_addition=data.allow_model_addition[match.category],
        sources=sources,
    )


def official_numbers(country: str) -> frozenset[str]:
    """Every vetted number for a country, as written in the texts (generic data if unknown)."""
    data = load_safety_data()
    return frozenset(entry.number for entry in data.numbers_for(resolve_country(country, data)))
