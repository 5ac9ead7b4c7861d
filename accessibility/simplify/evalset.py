"""The evaluation set: public-service passages (health, benefits, transport, housing, tax) in
English and Korean, each with the facts it must keep and, for some, a reference easy-read
version written by hand. Shipped as package data (accessibility/data/simplify_eval/*.jsonl)."""

from __future__ import annotations

from importlib import resources
from typing import Literal

from pydantic import BaseModel, Field

from accessibility.simplify.targets import SimplifyLanguage

Domain = Literal["health", "benefits", "transport", "housing", "tax"]


class EvalPassage(BaseModel):
    id: str
    domain: Domain
    language: SimplifyLanguage
    source: str
    facts: list[str] = Field(min_length=1)
    """Facts to keep, as written in the source."""
    reference: str | None = None
    """A human easy-read version, where one was written."""


def load_passages(language: SimplifyLanguage) -> list[EvalPassage]:
    data = resources.files("accessibility.data.simplify_eval").joinpath(f"{language}.jsonl")
    lines = data.read_text(encoding="utf-8").splitlines()
    return [EvalPassage.model_validate_json(line) for line in lines if line.strip()]
