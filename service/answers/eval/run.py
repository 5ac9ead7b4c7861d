"""Ask every question of a set, one after another, and keep each answer verbatim with its time.

Sequential on purpose: the bundled model serves one generation at a time on two cores, and the
seconds per question are only comparable when nothing else competes for them.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TextIO

from pydantic import BaseModel, ConfigDict

from service.answers.eval.questions import (
    AnswerFn,
    EvalAnswer,
    EvalQuestion,
    Expect,
    load_set,
)

__all__ = ["EvalRun", "RunItem", "evaluate", "filter_questions", "load_set", "read_run"]


class RunItem(BaseModel):
    """One question with the answer it got and how long the whole answer took."""

    model_config = ConfigDict(frozen=True)

    id: str
    category: str
    language: str
    country: str
    question: str
    expect: Expect
    answer: str
    answer_language: str | None
    safety: str | None
    route: str
    checks_ms: float | None
    seconds: float

    @classmethod
    def of(cls, question: EvalQuestion, answer: EvalAnswer, seconds: float) -> RunItem:
        return cls(
            id=question.id,
            category=question.category,
            language=question.language,
            country=question.country,
            question=question.question,
            expect=question.expect,
            answer=answer.text,
            answer_language=answer.language,
            safety=answer.safety,
            route=answer.route,
            checks_ms=answer.checks_ms,
            seconds=round(seconds, 3),
        )

    def as_question(self) -> EvalQuestion:
        return EvalQuestion(
            id=self.id,
            category=self.category,  # type: ignore[arg-type]  # validated when the set was read
            language=self.language,  # type: ignore[arg-type]
            country=self.country,  # type: ignore[arg-type]
            question=self.question,
            expect=self.expect,
        )


class EvalRun(BaseModel):
    """Everything one evaluation produced: what was asked, of what, and every answer verbatim."""

    set_name: str
    answers_name: str
    model: str | None = None
    started: str = ""
    items: list[RunItem] = []


def filter_questions(
    questions: list[EvalQuestion],
    *,
    category: str | None = None,
    language: str | None = None,
    limit: int | None = None,
) -> list[EvalQuestion]:
    """The questions of one category and/or language; ``limit``: the first N of each category ×
    language cell, so a short run still covers every cell."""
    chosen = [
        q
        for q in questions
        if (category is None or q.category == category)
        and (language is None or q.language == language)
    ]
    if limit is None:
        return chosen
    taken: dict[tuple[str, str], int] = {}
    kept: list[EvalQuestion] = []
    for q in chosen:
        cell = (q.category, q.language)
        if taken.get(cell, 0) < limit:
            taken[cell] = taken.get(cell, 0) + 1
            kept.append(q)
    return kept


async def evaluate(
    questions: list[EvalQuestion],
    answer_fn: AnswerFn,
    *,
    run: EvalRun | None = None,
    progress: TextIO | None = None,
) -> EvalRun:
    """Answer the questions one at a time; ``progress`` (e.g. stderr) gets one line each."""
    result = run or EvalRun(set_name="?", answers_name="?")
    if not result.started:
        result.started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    for index, question in enumerate(questions, start=1):
        start = time.perf_counter()
        answer = await answer_fn(question)
        item = RunItem.of(question, answer, time.perf_counter() - start)
        result.items.append(item)
        if progress is not None:
            line = f"[{index}/{len(questions)}] {item.id} {item.seconds:.1f}s"
            print(line, file=progress, flush=True)
    return result


def write_answers(run: EvalRun, path: Path) -> None:
    """Every question and answer verbatim (UTF-8, Korean unescaped so it can be read)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(run.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )


def read_run(path: Path) -> EvalRun:
    """A run written by ``write_answers``: rescoring it needs no model."""
    return EvalRun.model_validate_json(path.read_text(encoding="utf-8"))
