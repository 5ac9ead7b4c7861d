"""Simplify a text to a reading level: ask the model, measure, retry with feedback, reject
rewrites that lose a fact, then apply the rules as a last step (issue 4; L1–L5).

The result is always safe to show: every text it can return either is the source or kept every
fact of the source. Without a model, :func:`simplify_rules_only` applies the rules alone.
"""

from __future__ import annotations

import time
from contextlib import aclosing
from typing import Final

from pydantic import BaseModel

from accessibility.language import hangul_share
from accessibility.simplify.facts import Fact, check_facts, extract_facts
from accessibility.simplify.metrics import Measures, TargetMiss, measure, target_misses
from accessibility.simplify.output import clean_model_output
from accessibility.simplify.prompts import build_rewrite_messages
from accessibility.simplify.rules import apply_rules
from accessibility.simplify.sentencewise import rewrite_sentences
from accessibility.simplify.settings import SimplifySettings
from accessibility.simplify.targets import Level, LevelTargets, targets_for
from voices.lm.base import GenerationOptions, LanguageModel


class Attempt(BaseModel):
    """One model rewrite and what became of it."""

    text: str
    accepted: bool
    reason: str
    """``kept facts``, or why it was rejected: ``lost facts: …``, ``wrong language``, ``empty``."""
    misses: list[TargetMiss] = []
    missing_facts: list[Fact] = []
    seconds: float = 0.0


class SimplifyResult(BaseModel):
    text: str
    language: str
    level: Level
    met_target: bool
    misses: list[TargetMiss]
    before: Measures
    after: Measures
    facts: list[Fact]
    facts_kept: list[Fact]
    facts_missing: list[Fact]
    attempts: list[Attempt] = []
    steps: list[str]
    """What ran, in order: ``model-rewrite`` (per accepted attempt), ``rules:<step>``."""
    model: str | None = None
    seconds: float = 0.0


async def simplify(
    text: str,
    language: str,
    level: Level,
    lm: LanguageModel,
    settings: SimplifySettings,
) -> SimplifyResult:
    started = time.perf_counter()
    targets = targets_for(settings, language, level)
    facts = extract_facts(text, targets.language)
    before = measure(text, targets.language, targets.rare_zipf)
    # The model starts from the rules' version: already split and in plainer words, so even a
    # model that mostly copies its input (the bundled 1.5B did, for Korean) improves on it.
    draft = apply_rules(text, targets, facts).text
    best = text
    best_score = _score(target_misses(measure(draft, targets.language, targets.rare_zipf), targets))
    attempts: list[Attempt] = []
    steps: list[str] = []
    previous: Attempt | None = None
    # Measure first: a text already at its level is only tidied by the rules, never rewritten.
    rewrites = 1 + settings.max_rewrites if target_misses(before, targets) else 0
    for _ in range(rewrites):
        start_from = best if best != text else draft
        # Korean always goes sentence by sentence; English tries the whole passage first.
        if targets.language == "ko" or attempts:
            attempt = await _rewrite_by_sentence(
                start_from, facts, targets, lm, settings, len(attempts)
            )
        else:
            attempt = await _rewrite(
                start_from, facts, targets, lm, settings, previous, len(attempts)
            )
        attempts.append(attempt)
        previous = attempt
        if not attempt.accepted:
            continue
        finished = apply_rules(attempt.text, targets, facts).text
        finished_misses = target_misses(
            measure(finished, targets.language, targets.rare_zipf), targets
        )
        score = _score(finished_misses)
        changed = attempt.text not in (text, draft, best)
        if changed and score <= best_score:
            best, best_score = attempt.text, score
        # Stop asking once the rules can finish the job: each rewrite costs seconds of CPU.
        if not finished_misses:
            break
    if best != text:
        steps.append("model-rewrite")
    return _finish(text, best, targets, facts, before, attempts, steps, lm.model_id, started)


def simplify_rules_only(
    text: str, language: str, level: Level, settings: SimplifySettings | None = None
) -> SimplifyResult:
    """The rules alone: no model, milliseconds, and still measured and fact-checked."""
    started = time.perf_counter()
    targets = targets_for(settings or SimplifySettings(), language, level)
    facts = extract_facts(text, targets.language)
    before = measure(text, targets.language, targets.rare_zipf)
    return _finish(text, text, targets, facts, before, [], [], None, started)


def _finish(
    source: str,
    chosen: str,
    targets: LevelTargets,
    facts: list[Fact],
    before: Measures,
    attempts: list[Attempt],
    steps: list[str],
    model: str | None,
    started: float,
) -> SimplifyResult:
    rules = apply_rules(chosen, targets, facts)
    steps += [f"rules:{name}" for name in rules.steps]
    after = measure(rules.text, targets.language, targets.rare_zipf)
    misses = target_misses(after, targets)
    check = check_facts(facts, rules.text, targets.language)
    return SimplifyResult(
        text=rules.text,
        language=targets.language,
        level=targets.level,
        met_target=not misses,
        misses=misses,
        before=before,
        after=after,
        facts=facts,
        facts_kept=check.kept,
        facts_missing=check.missing,
        attempts=attempts,
        steps=steps,
        model=model,
        seconds=round(time.perf_counter() - started, 3),
    )


def _options(settings: SimplifySettings, attempt_index: int, max_tokens: int) -> GenerationOptions:
    return GenerationOptions(
        max_tokens=max_tokens,
        # A retry that samples exactly as before tends to say the same thing again.
        temperature=min(1.0, settings.temperature + 0.2 * attempt_index),
        seed=attempt_index,
    )


async def _rewrite_by_sentence(
    text: str,
    facts: list[Fact],
    targets: LevelTargets,
    lm: LanguageModel,
    settings: SimplifySettings,
    attempt_index: int,
) -> Attempt:
    """One sentence at a time (see :mod:`accessibility.simplify.sentencewise`)."""
    started = time.perf_counter()
    options = _options(settings, attempt_index, min(settings.max_tokens, SENTENCE_MAX_TOKENS))
    done = await rewrite_sentences(text, targets, lm, options, retry=attempt_index > 0)
    attempt = _judge(done.text, facts, targets, round(time.perf_counter() - started, 3))
    note = f"; sentences asked {done.asked}, rewritten {done.rewritten}, kept {done.kept_as_was}"
    return attempt.model_copy(update={"reason": attempt.reason + note})


SENTENCE_MAX_TOKENS: Final = 120
"""One sentence, even split in three, fits in ~80 tokens (Korean: 1.8 characters a token)."""


async def _rewrite(
    text: str,
    facts: list[Fact],
    targets: LevelTargets,
    lm: LanguageModel,
    settings: SimplifySettings,
    previous: Attempt | None,
    attempt_index: int,
) -> Attempt:
    started = time.perf_counter()
    messages = build_rewrite_messages(
        text,
        facts,
        targets,
        misses=previous.misses if previous is not None else None,
        missing_facts=previous.missing_facts if previous is not None else None,
    )
    options = _options(settings, attempt_index, settings.max_tokens)
    deltas: list[str] = []
    async with aclosing(lm.stream(messages, options)) as stream:
        async for delta in stream:
            deltas.append(delta)
    output = clean_model_output("".join(deltas))
    seconds = round(time.perf_counter() - started, 3)
    return _judge(output, facts, targets, seconds)


def _judge(output: str, facts: list[Fact], targets: LevelTargets, seconds: float) -> Attempt:
    if not output:
        return Attempt(text=output, accepted=False, reason="empty", seconds=seconds)
    korean_share = hangul_share(output)
    if (targets.language == "ko") != (korean_share > 0.5):
        return Attempt(text=output, accepted=False, reason="wrong language", seconds=seconds)
    check = check_facts(facts, output, targets.language)
    misses = target_misses(measure(output, targets.language, targets.rare_zipf), targets)
    if check.missing:
        lost = ", ".join(f.text for f in check.missing)
        return Attempt(
            text=output,
            accepted=False,
            reason=f"lost facts: {lost}",
            misses=misses,
            missing_facts=check.missing,
            seconds=seconds,
        )
    return Attempt(text=output, accepted=True, reason="kept facts", misses=misses, seconds=seconds)


def _score(misses: list[TargetMiss]) -> float:
    """How far from the target: the sum of relative overshoots (0 = meets it)."""
    return sum((m.value - m.limit) / max(m.limit, 1.0) for m in misses)
