"""The safety layer: emergencies, scams and medication questions, recognised before the model.

It runs on the transcript of each turn (typed, or recognised speech with its misrecognitions)
and, when a rule fires, the pipeline answers with vetted text from ``data/safety.yaml`` instead
of the model's. Pure and fast: regular expressions over a normalised transcript, no model.

Public API (others code against it): ``SafetyCategory``, ``SafetyMatch``, ``classify``,
``VettedResponse``, ``vetted_response``, ``official_numbers``. Design: ``docs/answers-safety.md``.
"""

from __future__ import annotations

import re
import unicodedata
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

ABOUT_A_STORY = re.compile(
    r"\b(?:what'?s|what is|what was|which|name of|title of|remember|forgot|looking for) "
    r"(?:that |the |this |a |an )?(?:old |new |korean |american |sad |famous )?(?:movie|film|"
    r"tv show|show|series|drama|k-?drama|soap opera|sitcom|book|novel|song|episode|play|musical|"
    r"cartoon|anime|webtoon)\b|"
    r"\b(?:movie|film|show|drama|book|novel|episode|song) (?:where|in which|about (?:a|the|an))\b|"
    r"(?:드라마|영화|소설|만화|웹툰|뮤지컬|연극|노래|시트콤|애니메이션|책) ?(?:제목|이름)|"
    r"제목이 ?(?:뭐|무엇|뭔|기억)|(?:나오는|나왔던|나온) ?(?:드라마|영화|소설|만화|노래)"
)
"""A question about a story ("what's that movie where the dad has a heart attack", "주인공이
쓰러지는 그 드라마 제목"): an emergency in it is not happening to anyone. Scams and medicines in
such a question are still read (a scam could quote a film)."""


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
    folded = unicodedata.normalize("NFKC", text).lower()
    priority = CATEGORY_PRIORITY[1:] if ABOUT_A_STORY.search(folded) else CATEGORY_PRIORITY
    found = best_match(text, priority)
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
