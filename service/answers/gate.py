"""The sentence gate: every sentence of a generated answer is checked before it is sent.

Streaming stays streaming: a sentence is judged alone, as soon as it is complete, against what
the turn supplied (the person's words, the retrieved facts, vetted numbers). The verdicts:

- ``pass``: send it (list markup stripped, so "1. Go…" is not read as "one dot");
- ``retry``: the first sentence is in the wrong language or repeats the question: generate the
  answer once more with a firmer note (nothing has been sent yet, so nobody hears the bad start);
- ``replace``: it names a phone number, address, clock time, price or forecast that nothing
  supplied: the honest referral is sent instead, once per answer;
- ``drop``: a later sentence in the wrong language, a second invented specific, empty markup;
- ``stop``: the answer started repeating itself: generation ends here.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Literal

from service.answers.fallbacks import fallback_text
from service.answers.quality import find_loop, is_echo, strip_list_markup, wrong_language
from service.answers.specifics import unsupported_specifics
from voices.sentences import CLOSERS, TERMINATORS

VerdictKind = Literal["pass", "retry", "replace", "drop", "stop"]

_NORMAL = re.compile(r"[\W_]+", re.UNICODE)
_DOSE = re.compile(
    r"\d[\d.,]*\s?(?:mg|mcg|µg|μg|iu\b|ml\b|cc\b|units?\b|밀리그램|마이크로그램|그램|"
    r"밀리리터|알|정|캡슐|포|방울|단위)",
    re.IGNORECASE,
)
"""An amount of a medicine or supplement ("100mg", "두 알" is the safety layer's; "2알" here):
never the model's to give unless the person's words or a fact supplied it (measured: the
bundled model told a person to take 100 mg of vitamin D a day)."""
_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+")


@dataclass(frozen=True)
class Verdict:
    kind: VerdictKind
    text: str = ""
    """What to send (``pass``, ``replace``)."""
    reason: str = ""
    """Why a sentence was not sent as generated (for the trace and the tests)."""


ADDITION_TOPICS = re.compile(
    r"send|transfer|wire|pay|money|cash|account|code|password|pin\b|app\b|install|gift|card"
    r"|dose|pill|tablet|medicine|drug|mg\b|don'?t call|no need|wait and see"
    r"|보내|송금|이체|입금|계좌|돈|현금|인증|비밀번호|앱|설치|상품권|카드|약|복용|알약"
    r"|전화하지|기다려|괜찮을",
    re.IGNORECASE,
)
"""What a model sentence after a vetted answer may not touch: money, codes, apps, doses, or
whether to call. Such a sentence could contradict the vetted text ("yes, send it"), so it is
dropped unread; a sentence of sympathy or plain encouragement passes."""


def _echoes(question: str, sentence: str) -> bool:
    """A first sentence that only repeats the question. Judged on one sentence, "Paris is the
    capital of France." shares most of its letters with "What is the capital of France?" yet
    answers it: a restatement counts as an echo only when it brings no word of its own ("Your
    mom is diabetic and she's shaky." to "my mom is diabetic she's shaky …") or is itself
    still a question."""
    if not is_echo(question, sentence):
        return False
    return sentence.rstrip().endswith(("?", "까", "까요", "나요")) or not _new_words(
        question, sentence
    )


def _echo_fragment(question: str, chunk: str) -> bool:
    """An unfinished first chunk (no sentence end yet) that alone would count as an echo."""
    spoken = strip_list_markup(chunk).strip().rstrip("".join(CLOSERS))
    finished = spoken.endswith(tuple(TERMINATORS)) or spoken.endswith(("니다", "니까"))
    return bool(spoken) and not finished and _echoes(question, spoken)


_WORD = re.compile(r"[A-Za-z]+|[가-힣]+")
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "am",
        "do",
        "does",
        "did",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "and",
        "or",
        "but",
        "with",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "i",
        "me",
        "my",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "they",
        "them",
        "their",
        "we",
        "us",
        "our",
        "he's",
        "she's",
        "it's",
        "i'm",
        "you're",
        "they're",
        "we're",
        "there",
        "here",
        "not",
        "no",
        "yes",
        "so",
        "can",
        "could",
        "will",
        "would",
        "should",
        "may",
        "might",
        "has",
        "have",
        "had",
        "just",
        "also",
        "now",
        "then",
        "very",
        "too",
    ]
)
"""English words that restating a question changes without adding anything (my → your)."""
_KOREAN_ENDING = re.compile(
    r"(?:습니다|ㅂ니다|입니다|있어요|있습니다|예요|이에요|해요|하며|하고|하세요|어요|아요|에요|요|고|며|"
    r"은|는|이|가|을|를|에|에서|으로|로|와|과|도|만|의)$"
)


def _new_words(question: str, sentence: str) -> list[str]:
    """The content words of ``sentence`` that the question does not have (Korean compared by
    the first two syllables of each word, its endings stripped)."""
    asked = _NORMAL.sub("", question.lower())
    new: list[str] = []
    for word in _WORD.findall(sentence.lower()):
        if word.isascii():
            if word not in _FUNCTION_WORDS and word not in asked and word.rstrip("s") not in asked:
                new.append(word)
            continue
        stem = _KOREAN_ENDING.sub("", word)
        if len(stem) >= 2 and stem[:2] not in asked:
            new.append(word)
    return new


@dataclass
class SentenceGate:
    question: str
    language: str
    supplied: str
    """Text specifics may come from: the question, the retrieved facts, the vetted text."""
    allowed_numbers: Collection[str]
    addition: bool = False
    """The model adds to a vetted answer: no retries, and nothing on :data:`ADDITION_TOPICS`."""
    follows: str = ""
    """What was already said before the model's sentences (a vetted text, a fact): a bad start
    then ends the model's part instead of being generated again, and a repeat of it is a loop."""
    passed: int = 0
    replaced: bool = False
    removed: list[tuple[str, str]] = field(default_factory=list)
    """(sentence, reason) for every sentence not sent as generated."""
    _seen: set[str] = field(default_factory=set)
    _text: str = ""
    _held: str = ""
    _released: bool = False

    def __post_init__(self) -> None:
        self._text = self.follows
        for said in _SENTENCE_END.split(self.follows):
            if key := _NORMAL.sub(" ", said.lower()).strip():
                self._seen.add(key)

    def judgeable(self, chunks: list[str], *, final: bool = False) -> list[str]:
        """The chunks ready to :meth:`check`, in order. A spoken answer's first chunk may be a
        phrase cut early so its voice starts sooner ("The sky looks blue during the day" of
        "… because sunlight scatters."); one that would be taken for an echo of the question is
        held and joined to the rest of its sentence, so the echo check judges a sentence, never a
        fragment (measured: such fragments turned correct answers into the fallback). ``final``:
        the answer has ended, so what is held is judged as it is."""
        ready: list[str] = []
        for chunk in chunks:
            if self._held:
                chunk, self._held = f"{self._held} {chunk}", ""
            if not self._released and _echo_fragment(self.question, chunk):
                self._held = chunk
                continue
            self._released = True
            ready.append(chunk)
        if final and self._held:
            ready.append(self._held)
            self._held = ""
        return ready

    @property
    def holding(self) -> bool:
        """A first phrase is held for the echo check (see :meth:`judgeable`)."""
        return bool(self._held)

    def check(self, sentence: str) -> Verdict:
        spoken = strip_list_markup(sentence).strip()
        if not spoken or not any(ch.isalnum() for ch in spoken):
            return self._remove(sentence, "drop", "no words")
        if self.addition and (ADDITION_TOPICS.search(spoken) or self.passed):
            return self._remove(sentence, "stop", "an addition may not touch the vetted topic")
        if self.passed == 0 and not self.replaced:
            # After a vetted text or a fact the person already has an answer: a bad start of
            # the model's part ends it rather than costing a second generation.
            bad_start: VerdictKind = "stop" if self.addition or self.follows else "retry"
            if wrong_language(spoken, self.language):
                return self._remove(sentence, bad_start, f"not in {self.language}")
            if _echoes(self.question, spoken):
                return self._remove(sentence, bad_start, "repeats the question")
        key = _NORMAL.sub(" ", spoken.lower()).strip()
        if key in self._seen or find_loop(f"{self._text} {spoken}") is not None:
            return self._remove(sentence, "stop", "repeats itself")
        self._seen.add(key)
        if wrong_language(spoken, self.language):
            return self._remove(sentence, "drop", f"not in {self.language}")
        invented = [
            f"{s.kind} {s.text!r}"
            for s in unsupported_specifics(
                spoken, self.language, supplied=self.supplied, allowed_numbers=self.allowed_numbers
            )
        ]
        invented += [f"dose {d!r}" for d in _DOSE.findall(spoken) if d not in self.supplied]
        if invented:
            reason = "unsupported " + ", ".join(invented)
            if self.replaced:
                return self._remove(sentence, "drop", reason)
            self.replaced = True
            self.removed.append((sentence, reason))
            return Verdict("replace", fallback_text("unverified_specifics", self.language), reason)
        self.passed += 1
        self._text = f"{self._text} {spoken}".strip()
        return Verdict("pass", spoken)

    def _remove(self, sentence: str, kind: VerdictKind, reason: str) -> Verdict:
        self.removed.append((sentence, reason))
        return Verdict(kind, "", reason)
