"""A person's own text, given to be made simpler or explained: every fact of it must survive.

"Make this simpler: Your application must reach the office by 31 March 2026 …" or "이거 쉽게
설명해 줘: 신청서는 2026년 3월 31일까지 …". The model rewrites; the simplifier's fact check
(:mod:`accessibility.simplify.facts`: numbers, dates, times, amounts, phone numbers, names) then
runs with the person's text as the source, sentence by sentence as the answer streams, and any
fact the rewrite lost is said at the end in the source's own words — a shorter answer must never
cost someone a deadline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from accessibility.simplify.facts import Fact, check_facts, extract_facts
from accessibility.simplify.targets import SimplifyLanguage
from voices.sentences import split_sentences

MIN_SOURCE_CHARS: Final = 40
"""Shorter than this, the words around the request are a question, not a text to rework."""

_REQUEST = re.compile(
    r"simpl(?:er|ify|e words|e english|e terms)|plain (?:english|words|language)|easier"
    r"|explain|what does (?:this|it|that) mean|in other words|break (?:it|this) down"
    r"|쉽게|쉬운 ?말|쉽게 ?풀어|풀어서|설명해|무슨 ?뜻|무슨 ?말|이해가 ?안|알기 ?쉽게",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"[:：\n]|[\"“”'‘’「」『』]")

MISSING_INTRO: Final = {
    "en": "Also, from your text:",
    "ko": "원래 글에 있던 중요한 내용도 말씀드릴게요.",
}


@dataclass(frozen=True)
class SourceText:
    """The person's text to rework, and the words that asked for it."""

    text: str
    request: str


def source_text(question: str) -> SourceText | None:
    """The text the person wants made simpler or explained, if ``question`` gives one."""
    match = _REQUEST.search(question)
    if match is None:
        return None
    parts = [p.strip() for p in _SPLIT.split(question) if p.strip()]
    if len(parts) > 1:
        text = max(parts, key=len)
        request = " ".join(p for p in parts if p is not text)
    else:
        # No colon or quotes: the request is the sentence holding the cue, the rest is the text.
        sentences = split_sentences(question)
        cue = next((s for s in sentences if _REQUEST.search(s)), "")
        text = " ".join(s for s in sentences if s is not cue)
        request = cue
    if len(text) < MIN_SOURCE_CHARS or not _REQUEST.search(request or question):
        return None
    return SourceText(text=text, request=request)


@dataclass
class FactKeeper:
    """Tracks which of the source's facts the streamed answer has stated."""

    source: str
    language: SimplifyLanguage
    facts: list[Fact] = field(default_factory=list)
    said: str = ""

    def __post_init__(self) -> None:
        self.facts = extract_facts(self.source, self.language)

    def add(self, sentence: str) -> None:
        self.said = f"{self.said} {sentence}".strip()

    def missing_sentences(self) -> list[str]:
        """The source's sentences that hold a fact the answer did not state, in order."""
        if not self.facts:
            return []
        missing = check_facts(self.facts, self.said, self.language).missing
        if not missing:
            return []
        holders = [
            sentence
            for sentence in split_sentences(self.source)
            if any(fact.text in sentence for fact in missing)
        ]
        return holders or [self.source]
