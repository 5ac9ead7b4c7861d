"""The search index of the fact base: BM25 (rank-bm25) over bilingual terms, plus keyword phrases.

Terms of a text (``terms``):
- Korean: Kiwi's content morphemes (nouns, roots, verb and adjective stems), from the analyser
  that ``accessibility.simplify.korean`` builds once and shares;
- English: lowercased words, lightly stemmed ("pensions" → "pension"), without function words;
- digits, so that "what is 1345" finds the fact that names 1345.

Each fact's keywords count twice, and each keyword is also one phrase term ("kw:톡백") that a
question gets when it contains the keyword as written (spaces ignored in Korean). Kiwi does not
know every product name (it reads 톡백 as 톡 + 백): the phrase term still finds it.

Why rank-bm25: ~100 short documents need no sparse matrices; it is one small pure-Python module
over numpy. Its scores are not normalised, so the relevance threshold below was measured on
``data/facts_queries.jsonl`` (``docs/answers-facts.md``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from accessibility.simplify.korean import has_hangul, kiwi

if TYPE_CHECKING:
    from service.answers.facts import Fact

MIN_SCORE = 5.0
"""A match scores at least this (measured: see docs/answers-facts.md)."""

MIN_SHARE_OF_BEST = 0.45
"""A second match scores at least this share of the best one: a weak runner-up is left out."""

_KEYWORD_WEIGHT = 2

_KOREAN_CONTENT_TAGS = ("NNG", "NNP", "XR", "VV", "VA", "SH")


# Morphemes in almost every question ("어떻게 하면 받을 수 있어요"): they say nothing of the topic.
def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_KOREAN_STOP = _word_set(
    "하 있 되 받 주 알 싶 먹 어떻 가 오 보 좋 없 같 이렇 그렇 말 좀 것 거 때 방법 어디 뭐 "
    "무엇 요즘 지금 저 제 나 우리 사람 분 문의 질문 궁금 알려 도움 도와주 모르 필요"
)

_ENGLISH_STOP = _word_set(
    """a an the and or but if of to in on at by for with from about into over under up out
    is are was were be been being am do does did done doing have has had having can could will
    would shall should may might must i me my mine we us our you your he him his she her it its
    they them their this that these those there here what which who whom whose when where why
    how not no yes so too very just also than then please tell know want need get got getting
    help thank thanks hi hello hey ok okay some any all much many more most one lot really
    something anything thing way like make let go going use im ive dont cant whats hows"""
)

_ENGLISH_WORD = re.compile(r"[a-z]+")
_DIGITS = re.compile(r"\d+")
_APOSTROPHE = re.compile(r"['’]")


def _stem(word: str) -> str:
    """Light English stemming: the same rule on both sides is what matters, not linguistics."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def english_terms(text: str) -> list[str]:
    words = _ENGLISH_WORD.findall(_APOSTROPHE.sub("", text.lower()))
    return [_stem(word) for word in words if word not in _ENGLISH_STOP and len(word) > 1]


def korean_terms(text: str) -> list[str]:
    if not has_hangul(text):
        return []
    return [
        str(token.form)
        for token in kiwi().tokenize(text)
        if str(token.tag).startswith(_KOREAN_CONTENT_TAGS) and str(token.form) not in _KOREAN_STOP
    ]


def terms(text: str) -> list[str]:
    """The terms of a question or a fact: Korean morphemes, English stems and digits."""
    return korean_terms(text) + english_terms(text) + _DIGITS.findall(text)


def _phrase_key(keyword: str) -> str:
    return "kw:" + re.sub(r"\s+", "", keyword.lower())


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
