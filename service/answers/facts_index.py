"""The search index of the fact base: BM25 (rank-bm25) over bilingual terms, plus keyword phrases.

Terms of a text come from ``facts_terms.terms``: Korean stems and syllable bigrams (no model is
loaded), lightly stemmed English words, digits.

Each fact's keywords count twice, and each keyword is also one phrase term ("kw:톡백") that a
question gets when it contains the keyword as written (spaces ignored in Korean), so that a
product name or a fixed phrase counts once more as a whole.

Why rank-bm25: ~100 short documents need no sparse matrices; it is one small pure-Python module
over numpy. Its scores are not normalised, so the relevance threshold below was measured on
``data/facts_queries.jsonl`` (``docs/answers-facts.md``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from service.answers.facts_terms import has_hangul, terms

if TYPE_CHECKING:
    from service.answers.facts import Fact

MIN_SCORE = 8.0
"""A match scores at least this. The labelled set alone put it at 5.8 (between its weakest
answerable question, 6.9, and its strongest unanswerable one, 4.7), but on the evaluation's
everyday questions 5.8 matched "how do plants make food from sunlight" to SNAP and a kimchi
stew question to the iPhone magnifier, and the model then recited the wrong fact. Everyday
questions score up to 7.6; an irrelevant fact in the note does more harm than a missing one (the
model still answers, and the gate still checks it). Measured in docs/answers-facts.md."""

MIN_SHARE_OF_BEST = 0.45
"""A second match scores at least this share of the best one: a weak runner-up is left out."""

_KEYWORD_WEIGHT = 2


def _phrase_key(keyword: str) -> str:
    return "kw:" + re.sub(r"\s+", "", keyword.lower())


def names_a_keyword(fact: Fact, question: str) -> bool:
    """Whether ``question`` names one of ``fact``'s keywords as written (the benefit, service or
    feature by name): the strong evidence a fact needs before it is said as the answer."""
    lower = question.lower()
    compact = re.sub(r"\s+", "", lower)
    keywords = (*fact.keywords_en, *fact.keywords_ko)
    return any(_contains_phrase(lower, compact, keyword) for keyword in keywords)


def _contains_phrase(question_lower: str, question_compact: str, keyword: str) -> bool:
    keyword = keyword.lower()
    if has_hangul(keyword):
        return re.sub(r"\s+", "", keyword) in question_compact
    # English and numbers: whole words only ("ssi" must not match "classic").
    return re.search(rf"(?<![a-z0-9]){re.escape(keyword)}(?![a-z0-9])", question_lower) is not None


def _document(fact: Fact) -> list[str]:
    keywords = (*fact.keywords_en, *fact.keywords_ko)
    keyword_terms = [term for keyword in keywords for term in terms(keyword)]
    phrases = [_phrase_key(keyword) for keyword in keywords]
    return terms(fact.en) + terms(fact.ko) + keyword_terms * _KEYWORD_WEIGHT + phrases


@dataclass(frozen=True)
class Hit:
    fact: Fact
    score: float


class FactIndex:
    """BM25 over the facts' terms; ``matches`` applies the country rule and the thresholds."""

    def __init__(self, facts: Sequence[Fact]) -> None:
        from rank_bm25 import BM25Okapi  # type: ignore[import-untyped]

        self._facts = tuple(facts)
        self._bm25 = BM25Okapi([_document(fact) for fact in self._facts])
        self._keywords = tuple((*fact.keywords_en, *fact.keywords_ko) for fact in self._facts)

    def question_terms(self, question: str) -> list[str]:
        lower = question.lower()
        compact = re.sub(r"\s+", "", lower)
        phrases = {
            _phrase_key(keyword)
            for keywords in self._keywords
            for keyword in keywords
            if _contains_phrase(lower, compact, keyword)
        }
        return terms(question) + sorted(phrases)

    def scores(self, question: str) -> list[float]:
        """The BM25 score of every fact for ``question`` (in the facts' order)."""
        return [float(score) for score in self._bm25.get_scores(self.question_terms(question))]

    def matches(self, question: str, country: str) -> list[Hit]:
        """Facts of ``country`` or country-neutral ones above the thresholds, best first."""
        ranked = sorted(
            (
                Hit(fact, score)
                for fact, score in zip(self._facts, self.scores(question), strict=True)
                if fact.country in (country, "*")
            ),
            key=lambda hit: -hit.score,
        )
        if not ranked or ranked[0].score < MIN_SCORE:
            return []
        floor = max(MIN_SCORE, ranked[0].score * MIN_SHARE_OF_BEST)
        return [hit for hit in ranked if hit.score >= floor]
