"""Retrieval quality and cost of the fact base on the labelled set ``data/facts_queries.jsonl``.

Run: ``python -m service.answers.facts_eval`` (about a second on 2 cores; no model is loaded).
It also scores ``data/facts_queries_fresh.jsonl``: 20 questions written before the Korean
tokenizer changed and never tuned on, a check of how retrieval does on new wording.

- hit@k: share of questions with expected facts where one of them is among the first k results;
- false matches: share of questions that must match nothing (chit-chat, general knowledge,
  emergencies) that got any fact;
- the index build time, the process's resident memory before and after loading the base and
  running one search, and search time per question (p50, p95).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from service.answers.facts import FactBase


class LabelledQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    question: str
    language: str
    country: str
    expect: tuple[str, ...]


class Scores(BaseModel):
    """Retrieval quality on one slice of the labelled set."""

    model_config = ConfigDict(frozen=True)

    questions: int
    with_answer: int
    hit_at_1: float
    hit_at_2: float
    without_answer: int
    false_matches: float


LABELLED_FILE = "facts_queries.jsonl"
FRESH_FILE = "facts_queries_fresh.jsonl"


def load_questions(path: Path | None = None, name: str = LABELLED_FILE) -> list[LabelledQuestion]:
    """The packaged file ``name`` (the labelled set by default), or the file at ``path``."""
    if path is None:
        text = resources.files("service.answers.data").joinpath(name).read_text("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    return [LabelledQuestion.model_validate(json.loads(line)) for line in text.splitlines() if line]


def results(base: FactBase, questions: Sequence[LabelledQuestion], k: int = 2) -> list[list[str]]:
    """The ids each question retrieves, in order."""
    return [
        [fact.id for fact in base.search(q.question, q.language, country=q.country, k=k)]
        for q in questions
    ]


def score(questions: Sequence[LabelledQuestion], found: Sequence[Sequence[str]]) -> Scores:
    answerable = [(q, ids) for q, ids in zip(questions, found, strict=True) if q.expect]
    unanswerable = [ids for q, ids in zip(questions, found, strict=True) if not q.expect]

    def hit_rate(k: int) -> float:
        hits = sum(1 for q, ids in answerable if set(ids[:k]) & set(q.expect))
        return hits / len(answerable) if answerable else 1.0

    false = sum(1 for ids in unanswerable if ids)
    return Scores(
        questions=len(questions),
        with_answer=len(answerable),
        hit_at_1=hit_rate(1),
        hit_at_2=hit_rate(2),
        without_answer=len(unanswerable),
        false_matches=false / len(unanswerable) if unanswerable else 0.0,
    )


def _resident_mb() -> float:
    # Linux only (the service's platform); statm's second field is resident pages.
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 1e6


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    questions = load_questions()
    before_mb = _resident_mb()
    started = time.perf_counter()
    base = FactBase.load()
    base.search("기초연금", "ko", country="KR")  # builds the index
    build_s = time.perf_counter() - started
    after_mb = _resident_mb()
    timings: list[float] = []
    found: list[list[str]] = []
    for q in questions:
        started = time.perf_counter()
        found.append([f.id for f in base.search(q.question, q.language, country=q.country)])
        timings.append((time.perf_counter() - started) * 1000)
    print(f"facts: {len(base)}; questions: {len(questions)}")
    print(
        f"load + index build: {build_s:.2f} s; resident memory {before_mb:.0f} -> {after_mb:.0f} MB"
    )
    print(
        f"search: p50 {statistics.median(timings):.2f} ms, p95 {_percentile(timings, 0.95):.2f} ms"
    )
    _print_scores("labelled", questions, found)
    fresh = load_questions(name=FRESH_FILE)
    _print_scores("fresh (held out)", fresh, results(base, fresh))


def _print_scores(
    title: str, questions: Sequence[LabelledQuestion], found: Sequence[Sequence[str]]
) -> None:
    for language in ("ko", "en", None):
        chosen = [i for i, q in enumerate(questions) if language in (None, q.language)]
        scores = score([questions[i] for i in chosen], [found[i] for i in chosen])
        print(f"{title} {language or 'all'}: {scores.model_dump()}")


if __name__ == "__main__":
    main()
