"""What the checks before the model decide for a turn: a vetted answer, an honest referral, or
the model with the facts that match (docs/answers.md, "Before the model")."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Literal

from service.answers.facts import Fact, FactBase, facts_note
from service.answers.facts_index import names_a_keyword
from service.answers.live_local import needs_live_data, referral, referral_numbers
from service.answers.safety import SafetyMatch, classify, official_numbers, vetted_response
from service.answers.settings import AnswerSettings

Route = Literal["vetted", "referral", "facts", "model", "fixed"]

SAFETY_ADDITION_NOTE = {
    "en": (
        'The person was just told: "{told}" Add one short, practical sentence that agrees with '
        "it. Do not name any phone number, dose, time or place."
    ),
    "ko": (
        '방금 이렇게 안내했어요: "{told}" '
        "이 안내와 어긋나지 않는 짧고 실용적인 문장 하나만 덧붙이세요. "
        "전화번호, 약의 양, 시간, 장소는 말하지 마세요."
    ),
}
FACTS_INSTRUCTION = {
    "en": (
        "The person was just told fact (1). In one short sentence, answer what their question "
        "asks that it does not cover, from these facts only; do not repeat fact (1)."
    ),
    "ko": (
        "방금 (1)번 사실을 말씀드렸어요. 질문에서 (1)번이 답하지 않은 것만 이 사실들로 "
        "한 문장으로 짧게 답하세요. (1)번을 되풀이하지 마세요."
    ),
}


@dataclass
class Plan:
    """The turn's route and what the model may use."""

    route: Route
    lead: str = ""
    """Vetted or referral text, sent first and as it is."""
    ask_model: bool = True
    note: str | None = None
    """Added to the turn's note for the model (facts, or the vetted text to agree with)."""
    max_tokens: int | None = None
    supplied: str = ""
    """Text that specifics in the answer may come from."""
    allowed_numbers: frozenset[str] = frozenset()
    safety: str | None = None
    """``category/kind`` of the safety match, if any."""
    live_local: str | None = None
    facts: list[Fact] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    checks_ms: float = 0.0


def plan_turn(
    question: str,
    language: str,
    country: str,
    settings: AnswerSettings,
    facts: FactBase | None,
) -> Plan:
    """Decide the route for ``question`` (rules only: microseconds to a few milliseconds)."""
    started = time.perf_counter()
    plan = _plan(question, language, country, settings, facts)
    plan.checks_ms = (time.perf_counter() - started) * 1000
    return plan


def _plan(
    question: str,
    language: str,
    country: str,
    settings: AnswerSettings,
    facts: FactBase | None,
) -> Plan:
    match = classify(question, language)
    if match is not None:
        return vetted_plan(match, question, language, country, settings)
    live = needs_live_data(question, language)
    if live is not None:
        told = referral(live, country=country, language=language)
        return Plan(
            route="referral",
            lead=told.text,
            ask_model=False,
            live_local=live.kind,
            supplied=told.text,
            allowed_numbers=frozenset(told.numbers),
            sources=[s.url for s in told.sources],
        )
    numbers = official_numbers(country) | referral_numbers(country)
    if facts is not None:
        numbers |= facts.numbers()
    found: list[Fact] = []
    if facts is not None and settings.facts and settings.facts_per_turn:
        found = facts.search(question, language, country=country, k=settings.facts_per_turn)
    # A fact is said as the answer only when the question names it (its benefit, service or
    # feature): on similar words alone, retrieval matched "472번 버스 지금 어디" to low-floor
    # buses and a scam text about a court letter to 119, and a wrong fact said first is worse
    # than none (docs/answers.md).
    found = [fact for fact in found if names_a_keyword(fact, question)]
    if not found:
        return Plan(route="model", supplied=question, allowed_numbers=frozenset(numbers))
    # The best fact is said first, as written and sourced: its audio starts at once, and the
    # model's one tailored sentence is prefilled and generated while it plays (the facts in the
    # note cost ~3-4 s of prefill on 2 cores before a first model token; docs/answers.md).
    text = facts_note(found, language, max_chars=settings.facts_note_chars)
    return Plan(
        route="facts",
        lead=found[0].text(language),
        ask_model=settings.facts_addition_tokens > 0,
        note=f"{text} {FACTS_INSTRUCTION.get(language, FACTS_INSTRUCTION['en'])}",
        max_tokens=settings.facts_addition_tokens,
        supplied="\n".join([question, *(f.text(language) for f in found)]),
        allowed_numbers=frozenset(numbers),
        facts=found,
        sources=[f.source.url for f in found],
    )


def vetted_plan(
    match: SafetyMatch, question: str, language: str, country: str, settings: AnswerSettings
) -> Plan:
    """An emergency, scam or medication turn: the vetted text first, for the person's country."""
    vetted = vetted_response(match, country=country, language=language)
    add = vetted.allow_model_addition and settings.safety_addition_tokens > 0
    note_template = SAFETY_ADDITION_NOTE.get(language, SAFETY_ADDITION_NOTE["en"])
    return Plan(
        route="vetted",
        lead=vetted.text,
        ask_model=add,
        note=note_template.format(told=vetted.text) if add else None,
        max_tokens=settings.safety_addition_tokens,
        supplied=f"{question}\n{vetted.text}",
        # A model addition names no number of its own: only the vetted ones.
        allowed_numbers=frozenset(vetted.numbers),
        safety=f"{match.category}/{match.kind}",
        sources=[s.url for s in vetted.sources],
    )
