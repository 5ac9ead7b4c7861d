"""A small curated bilingual fact base, retrieved per turn so that the model answers from it.

The bundled model invents specifics (numbers, places, who pays what). For the topics modu's
users ask about most — public benefits, help lines, phone and computer accessibility, accessible
transport, help for foreign residents, where to ask about health — a few vetted facts are
retrieved per turn and put into the turn's note (``facts_note``); the pipeline tells the model to
answer from them. Every fact carries its source (``service.answers.sources.Source``).

Retrieval is BM25 over Korean stems and syllable bigrams (no model: ``facts_terms``) and lightly
stemmed English words, in one bilingual index: a question that mixes languages ("how do I get
기초연금") finds the fact either way. The index is built once per process, on first use
(``service.answers.facts_index``).
Design and measured figures: ``docs/answers-facts.md``.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from service.answers.sources import Source

if TYPE_CHECKING:
    from service.answers.facts_index import FactIndex

Country = Literal["KR", "US", "*"]
"""Where a fact applies; "*" for facts that do not depend on the country (phone settings)."""

Topic = Literal["benefits", "helplines", "accessibility", "transport", "foreigners", "health"]

NEUTRAL = "*"

_DATA_FILE = "facts.jsonl"


class Fact(BaseModel):
    """One vetted fact, written natively in Korean and English, with its source."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    country: Country
    topic: Topic
    en: str = Field(min_length=1)
    ko: str = Field(min_length=1)
    keywords_en: tuple[str, ...] = ()
    keywords_ko: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    """Every phone number or other figure the texts name, as written in them."""
    source: Source

    def text(self, language: str) -> str:
        """The Korean text for ``ko``; English for any other language."""
        return self.ko if language == "ko" else self.en


class FactBase:
    """The facts, and search over them (the index is built on the first search)."""

    def __init__(self, facts: Sequence[Fact]) -> None:
        ids = [fact.id for fact in facts]
        duplicates = sorted({fact_id for fact_id in ids if ids.count(fact_id) > 1})
        if duplicates:
            raise ValueError(f"duplicate fact ids: {', '.join(duplicates)}")
        self.facts: tuple[Fact, ...] = tuple(facts)
        self._index_lock = threading.Lock()
        self._built_index: FactIndex | None = None

    @classmethod
    def load(cls, path: Path | None = None) -> FactBase:
        """The packaged ``data/facts.jsonl`` by default; every line is validated."""
        if path is None:
            text = resources.files("service.answers.data").joinpath(_DATA_FILE).read_text("utf-8")
            origin = _DATA_FILE
        else:
            text = path.read_text(encoding="utf-8")
            origin = str(path)
        facts: list[Fact] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                facts.append(Fact.model_validate(json.loads(line)))
            except ValueError as error:  # json.JSONDecodeError and ValidationError both are
                raise ValueError(f"{origin}:{number}: {error}") from error
        return cls(facts)

    def __len__(self) -> int:
        return len(self.facts)

    def get(self, fact_id: str) -> Fact:
        for fact in self.facts:
            if fact.id == fact_id:
                return fact
        raise KeyError(fact_id)

    @property
    def _index(self) -> FactIndex:
        """The search index, built once on first use (~0.2 s, ~20 MB with numpy; no model)."""
        if self._built_index is None:
            with self._index_lock:
                if self._built_index is None:
                    from service.answers.facts_index import FactIndex

                    self._built_index = FactIndex(self.facts)
        return self._built_index

    def search(self, question: str, language: str, *, country: str, k: int = 2) -> list[Fact]:
        """The best matches for ``question``, at most ``k``, only those above the measured
        relevance threshold (an unrelated question gets ``[]``).

        Only facts of the person's ``country`` and country-neutral ones ("*") are candidates, so
        a person in Korea is never told about a US benefit; among the matches, the person's
        country comes first. ``language`` is the answer's language; matching is bilingual.
        """
        del language  # the index is bilingual: a Korean question may name "SNAP", and vice versa
        if k <= 0 or not question.strip():
            return []
        hits = self._index.matches(question, country)[:k]
        hits.sort(key=lambda hit: (hit.fact.country != country, -hit.score))
        return [hit.fact for hit in hits]

    def numbers(self) -> frozenset[str]:
        """Every number any fact names: the sentence gate allows them."""
        return frozenset(number for fact in self.facts for number in fact.numbers)


@lru_cache(maxsize=1)
def default_fact_base() -> FactBase:
    """The packaged fact base, loaded once per process and shared (its index too)."""
    return FactBase.load()


_SENTENCE_END = re.compile(r"(?<=[.!?요다])\s+")

_NOTE_HEADER = {"ko": "답에 쓸 사실: ", "en": "Facts to answer from: "}


def facts_note(facts: Sequence[Fact], language: str, *, max_chars: int = 350) -> str:
    """The short text for the turn's note: the facts in the person's language, numbered.

    Whole facts are kept while they fit in ``max_chars``; a first fact that does not fit is cut
    at a sentence end (never inside a number). No facts, or no room, give "".
    """
    header = _NOTE_HEADER["ko" if language == "ko" else "en"]
    note = header
    for position, fact in enumerate(facts, start=1):
        item = f"({position}) {fact.text(language)}"
        separator = "" if note == header else " "
        if len(note) + len(separator) + len(item) <= max_chars:
            note += separator + item
        elif note == header:
            note += _cut_at_sentence(item, max_chars - len(note))
        if len(note) >= max_chars:
            break
    return "" if note == header else note


def _cut_at_sentence(text: str, room: int) -> str:
    """The longest run of whole sentences of ``text`` that fits in ``room`` characters."""
    kept = ""
    for sentence in _SENTENCE_END.split(text):
        candidate = f"{kept} {sentence}" if kept else sentence
        if len(candidate) > room:
            break
        kept = candidate
    return kept
