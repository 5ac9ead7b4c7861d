"""``modu eval simplify``: run the simplification pipeline over the evaluation set and report,
per language and level, how often the target is met, how many facts survive, the measures
before and after, SARI against the hand-written references, and the time per passage."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Literal

from pydantic import BaseModel

from accessibility.simplify.evalset import EvalPassage, load_passages
from accessibility.simplify.facts import check_facts, extract_facts
from accessibility.simplify.metrics import measure, target_misses
from accessibility.simplify.rewrite import SimplifyResult
from accessibility.simplify.sari import sari
from accessibility.simplify.settings import SimplifySettings
from accessibility.simplify.targets import LANGUAGES, LEVELS, Level, SimplifyLanguage, targets_for

Simplifier = Callable[[str, SimplifyLanguage, Level], Awaitable[SimplifyResult]]


class PassageOutcome(BaseModel):
    id: str
    language: SimplifyLanguage
    level: Level
    source: str
    output: str
    met_target: bool
    source_met_target: bool
    facts_total: int
    facts_kept: int
    listed_facts_total: int
    listed_facts_kept: int
    words_per_sentence_before: float
    words_per_sentence_after: float
    grade_before: float | None
    grade_after: float | None
    rare_before: float | None
    rare_after: float | None
    sari: float | None
    model_attempts: int
    rejected_rewrites: int
    steps: list[str]
    seconds: float


class GroupSummary(BaseModel):
    language: SimplifyLanguage
    level: Level
    passages: int
    met_target: float
    source_met_target: float
    all_facts_kept: float
    facts_kept: float
    listed_facts_kept: float
    words_per_sentence_before: float
    words_per_sentence_after: float
    grade_before: float | None
    grade_after: float | None
    rare_before: float | None
    rare_after: float | None
    sari: float | None
    sari_passages: int
    source_sari: float | None
    """SARI of the unchanged source on the same passages: the do-nothing baseline."""
    rejected_rewrites: int
    model_attempts: float
    seconds_per_passage: float


class EvalReport(BaseModel):
    mode: Literal["model", "rules-only"]
    model: str | None
    groups: list[GroupSummary]
    passages: list[PassageOutcome]


def listed_facts_kept(passage: EvalPassage, text: str) -> int:
    """How many of the passage's hand-listed facts the text keeps: compared by normalised key
    where the extractor reads the fact, otherwise as text (spaces and case ignored)."""
    kept = 0
    flat = "".join(text.split()).casefold()
    for fact in passage.facts:
        parsed = extract_facts(fact, passage.language)
        if parsed:
            kept += check_facts(parsed, text, passage.language).all_kept
        else:
            kept += "".join(fact.split()).casefold() in flat
    return kept


async def evaluate_passage(
    passage: EvalPassage, level: Level, simplifier: Simplifier, settings: SimplifySettings
) -> PassageOutcome:
    started = time.perf_counter()
    result = await simplifier(passage.source, passage.language, level)
    seconds = time.perf_counter() - started
    targets = targets_for(settings, passage.language, level)
    source_measures = measure(passage.source, passage.language, targets.rare_zipf)
    return PassageOutcome(
        id=passage.id,
        language=passage.language,
        level=level,
        source=passage.source,
        output=result.text,
        met_target=result.met_target,
        source_met_target=not target_misses(source_measures, targets),
        facts_total=len(result.facts),
        facts_kept=len(result.facts_kept),
        listed_facts_total=len(passage.facts),
        listed_facts_kept=listed_facts_kept(passage, result.text),
        words_per_sentence_before=result.before.words_per_sentence,
        words_per_sentence_after=result.after.words_per_sentence,
        grade_before=result.before.fk_grade,
        grade_after=result.after.fk_grade,
        rare_before=result.before.rare_share,
        rare_after=result.after.rare_share,
        sari=(
            sari(passage.source, result.text, [passage.reference], passage.language)
            if passage.reference
            else None
        ),
        model_attempts=len(result.attempts),
        rejected_rewrites=sum(1 for a in result.attempts if not a.accepted),
        steps=result.steps,
        seconds=round(seconds, 2),
    )


async def run_evaluation(
    simplifier: Simplifier,
    settings: SimplifySettings,
    *,
    languages: Iterable[SimplifyLanguage] = LANGUAGES,
    levels: Iterable[Level] = LEVELS,
    limit: int | None = None,
    mode: Literal["model", "rules-only"] = "rules-only",
    model: str | None = None,
    progress: bool = False,
) -> EvalReport:
    outcomes: list[PassageOutcome] = []
    groups: list[GroupSummary] = []
    for language in languages:
        passages = load_passages(language)[:limit]
        for level in levels:
            group: list[PassageOutcome] = []
            for passage in passages:
                outcome = await evaluate_passage(passage, level, simplifier, settings)
                group.append(outcome)
                if progress:
                    print(_progress_line(outcome), file=sys.stderr, flush=True)
            groups.append(summarise(language, level, group, passages))
            outcomes += group
    return EvalReport(mode=mode, model=model, groups=groups, passages=outcomes)


def _progress_line(o: PassageOutcome) -> str:
    return (
        f"{o.id} {o.level}: target {'met' if o.met_target else 'missed'}, facts "
        f"{o.facts_kept}/{o.facts_total}, {o.words_per_sentence_before:.1f}→"
        f"{o.words_per_sentence_after:.1f} words/sentence, {o.seconds:.1f} s"
    )


def summarise(
    language: SimplifyLanguage,
    level: Level,
    outcomes: list[PassageOutcome],
    passages: list[EvalPassage],
) -> GroupSummary:
    by_id = {p.id: p for p in passages}
    with_refs = [o for o in outcomes if o.sari is not None]
    baseline = [
        sari(o.source, o.source, [by_id[o.id].reference or ""], language) for o in with_refs
    ]
    facts_total = sum(o.facts_total for o in outcomes)
    listed_total = sum(o.listed_facts_total for o in outcomes)
    return GroupSummary(
        language=language,
        level=level,
        passages=len(outcomes),
        met_target=_share(o.met_target for o in outcomes),
        source_met_target=_share(o.source_met_target for o in outcomes),
        all_facts_kept=_share(o.facts_kept == o.facts_total for o in outcomes),
        facts_kept=sum(o.facts_kept for o in outcomes) / facts_total if facts_total else 1.0,
        listed_facts_kept=(
            sum(o.listed_facts_kept for o in outcomes) / listed_total if listed_total else 1.0
        ),
        words_per_sentence_before=_mean([o.words_per_sentence_before for o in outcomes]) or 0.0,
        words_per_sentence_after=_mean([o.words_per_sentence_after for o in outcomes]) or 0.0,
        grade_before=_mean([o.grade_before for o in outcomes]),
        grade_after=_mean([o.grade_after for o in outcomes]),
        rare_before=_mean([o.rare_before for o in outcomes]),
        rare_after=_mean([o.rare_after for o in outcomes]),
        sari=_mean([o.sari for o in with_refs]),
        sari_passages=len(with_refs),
        source_sari=_mean(list(baseline)),
        rejected_rewrites=sum(o.rejected_rewrites for o in outcomes),
        model_attempts=_mean([float(o.model_attempts) for o in outcomes]) or 0.0,
        seconds_per_passage=_mean([o.seconds for o in outcomes]) or 0.0,
    )


def _share(values: Iterable[bool]) -> float:
    items = list(values)
    return sum(items) / len(items) if items else 0.0


def _mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(statistics.fmean(present), 3) if present else None
