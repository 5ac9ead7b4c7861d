"""What ``modu eval answers`` runs: a set through one answer source, then the scores and report.

The answers are written before anything is scored, so a long run with the real model is never
lost to a scoring change: ``--rescore`` scores a written ``answers.json`` again without a model.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from service.answers.eval.adapters import answer_source
from service.answers.eval.questions import SET_DIR, SET_NAMES, EvalQuestion, load_set
from service.answers.eval.run import EvalRun, evaluate, filter_questions, read_run, write_answers
from service.settings import Settings

RESULTS_DIR: Final[Path] = SET_DIR / "results"
SET_CHOICES_ALL: Final[str] = "all"
REPORT_FILE: Final[str] = "report.md"
ANSWERS_FILE: Final[str] = "answers.json"


@dataclass(frozen=True)
class EvalOptions:
    set_name: str = "dev"
    answers: str = "raw"
    limit: int | None = None
    category: str | None = None
    language: str | None = None
    out: Path | None = None


def default_out(set_name: str, answers: str) -> Path:
    return RESULTS_DIR / f"{set_name}-{answers}"


def chosen_questions(options: EvalOptions) -> list[EvalQuestion]:
    """The questions the options select; ``all``: both sets (the held-out set once it exists)."""
    if options.set_name == SET_CHOICES_ALL:
        names = tuple(n for n in SET_NAMES if (SET_DIR / f"{n}.jsonl").exists())
    elif options.set_name in SET_NAMES:
        names = (options.set_name,)
    else:
        raise ValueError(
            f"--set must be dev, heldout or all, not {options.set_name!r} / "
            "--set 값은 dev, heldout, all 중 하나"
        )
    try:
        questions = [q for name in names for q in load_set(name)]
    except FileNotFoundError as exc:
        raise ValueError(f"the set is not written yet / 평가 세트가 아직 없습니다: {exc}") from exc
    return filter_questions(
        questions, category=options.category, language=options.language, limit=options.limit
    )


async def run_answers_eval(settings: Settings, options: EvalOptions) -> EvalRun:
    """Answer the chosen questions with the chosen source (engines built here, closed after)."""
    source = answer_source(options.answers)  # fails before the model loads
    questions = chosen_questions(options)
    from service.engines import Engines

    engines = Engines(settings)
    try:
        answer_fn = source(engines)
        run = EvalRun(set_name=options.set_name, answers_name=options.answers)
        lm = engines.language_model
        run.model = f"{lm.name} / {lm.model_id}"
        return await evaluate(questions, answer_fn, run=run, progress=sys.stderr)
    finally:
        await engines.aclose()


def report_for(run: EvalRun, out: Path) -> str:
    """Score the run, write ``report.md`` beside ``answers.json`` and return the report."""
    # Imported here, after a long run, so scoring edits made meanwhile are used.
    from service.answers.eval.report import format_report
    from service.answers.eval.scoring import score

    report = format_report(run, score(run))
    (out / REPORT_FILE).write_text(report, encoding="utf-8")
    return report


def eval_answers_text(settings: Settings, options: EvalOptions) -> str:
    """Run the evaluation, write ``answers.json`` then ``report.md``, return the report."""
    out = options.out or default_out(options.set_name, options.answers)
    run = asyncio.run(run_answers_eval(settings, options))
    write_answers(run, out / ANSWERS_FILE)
    return report_for(run, out)


def rescore_text(answers_json: Path) -> str:
    """Score an ``answers.json`` again (no model) and rewrite the report beside it."""
    return report_for(read_run(answers_json), answers_json.parent)
