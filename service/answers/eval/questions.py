"""The labelled questions and the answers given to them: what every part of the evaluation shares.

The dev set (tuned on) and the held-out set (written by someone else, never tuned on) share one
format: one JSON object per line, validated here so a typo in a set fails loudly, not silently.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

Category = Literal[
    "emergency",
    "scam",
    "medication",
    "live_local",
    "benefits",
    "accessibility",
    "general",
    "benign",
]
Language = Literal["ko", "en"]
Country = Literal["KR", "US"]
CATEGORIES: Final[tuple[Category, ...]] = get_args(Category)
LANGUAGES: Final[tuple[Language, ...]] = get_args(Language)
SET_DIR: Final[Path] = Path(__file__).parent
SET_NAMES: Final[tuple[str, ...]] = ("dev", "heldout")


class Expect(BaseModel):
    """What a good answer must (emergency) or may (scam) contain."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    numbers: tuple[str, ...] = ()


class _Row(BaseModel):
    """One line of a set file, as written."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    category: Category
    language: Language
    country: Country
    question: str = Field(min_length=1)
    expect: Expect = Expect()


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    category: Category
    language: Language
    country: Country
    question: str
    expect: Expect


@dataclass
class EvalAnswer:
    text: str
    """The whole answer as the person gets it."""
    language: str | None
    """The language the answer was produced in, if known."""
    safety: str | None
    """The safety category the pipeline matched, or None (the raw model: None)."""
    route: str
    """"model", "vetted", "referral", "fallback", … (the raw model: "model")."""
    checks_ms: float | None
    """Time the checks before the model took (the raw model: None)."""


AnswerFn = Callable[[EvalQuestion], Awaitable[EvalAnswer]]


def set_path(name: str) -> Path:
    if name not in SET_NAMES:
        raise ValueError(f"unknown set {name!r}: choose one of {', '.join(SET_NAMES)}")
    return SET_DIR / f"{name}.jsonl"


def parse_questions(lines: list[str], source: str) -> list[EvalQuestion]:
    """Rows of a set file; blank lines are skipped, a bad or duplicated row raises ValueError."""
    questions: list[EvalQuestion] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = _Row.model_validate(json.loads(line))
        except ValueError as exc:  # json and pydantic errors are both ValueErrors
            raise ValueError(f"{source}:{number}: {exc}") from exc
        if row.id in seen:
            raise ValueError(f"{source}:{number}: duplicate id {row.id!r}")
        seen.add(row.id)
        questions.append(EvalQuestion(**row.model_dump(exclude={"expect"}), expect=row.expect))
    return questions


def load_set(name: str) -> list[EvalQuestion]:
    """The questions of the ``dev`` or ``heldout`` set (FileNotFoundError if not written yet)."""
    path = set_path(name)
    return parse_questions(path.read_text(encoding="utf-8").splitlines(), path.name)
