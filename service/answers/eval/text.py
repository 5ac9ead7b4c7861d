"""Plain text measures the scorer needs: sentences, words, script, echoes and loops.

Written for this evaluation alone (not shared with the answer checks it measures), so a bug in
one is not silently repeated in the other.
"""

from __future__ import annotations

import re
from typing import Final

_SENTENCE_END: Final = re.compile(r"(?<=[.!?。！？])\s+|\n+")
_HANGUL: Final = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN: Final = re.compile(r"[A-Za-z]")
_NOT_WORD: Final = re.compile(r"[^\w]+")
KOREAN_SHARE: Final = 0.5
"""At least this share of the letters in Hangul makes a text Korean; a few English names in a
Korean answer (VoiceOver, SNAP) do not make it English."""
ECHO_SHARE: Final = 0.8
LOOP_NGRAM: Final = {"en": 6, "ko": 4}
"""A phrase this many words long (Korean: eojeol) said twice is a loop, not a style choice."""


def sentences(text: str) -> list[str]:
    """Sentences split at . ! ? (and line breaks), empty ones dropped."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part and part.strip()]


def first_sentence(text: str) -> str:
    found = sentences(text)
    return found[0] if found else ""


def words(text: str) -> list[str]:
    """Whitespace-separated words: for Korean these are eojeol (어절)."""
    return text.split()


def words_per_sentence(text: str) -> float:
    found = sentences(text)
    return sum(len(words(s)) for s in found) / len(found) if found else 0.0


def script_language(text: str) -> str | None:
    """ "ko" or "en" by the share of Hangul among letters; None when there are no letters."""
    hangul, latin = len(_HANGUL.findall(text)), len(_LATIN.findall(text))
    if hangul + latin == 0:
        return None
    return "ko" if hangul / (hangul + latin) >= KOREAN_SHARE else "en"


def _tokens(text: str) -> list[str]:
    return [t for t in _NOT_WORD.split(text.lower()) if t]


def is_echo(question: str, answer: str) -> bool:
    """The answer repeats the question: all of it, or its first sentence is mostly the question's
    words and not much more."""
    question_tokens, answer_tokens = _tokens(question), _tokens(answer)
    if not question_tokens or not answer_tokens:
        return False
    joined_question, joined_answer = "".join(question_tokens), "".join(answer_tokens)
    if len(joined_question) >= 8 and joined_question in joined_answer:
        return True
    first = _tokens(first_sentence(answer))
    if len(question_tokens) < 3 or not first or len(first) > 1.5 * len(question_tokens):
        return False
    shared = sum(1 for token in question_tokens if token in first)
    return shared / len(question_tokens) >= ECHO_SHARE


def repeated_phrase(text: str, language: str) -> str | None:
    """The first sentence or long phrase said twice, or None."""
    seen_sentences: set[str] = set()
    for sentence in sentences(text):
        key = " ".join(_tokens(sentence))
        if len(key) >= 10 and key in seen_sentences:
            return sentence
        seen_sentences.add(key)
    size = LOOP_NGRAM.get(language, LOOP_NGRAM["en"])
    tokens = _tokens(text)
    seen_phrases: set[tuple[str, ...]] = set()
    for start in range(len(tokens) - size + 1):
        phrase = tuple(tokens[start : start + size])
        if phrase in seen_phrases:
            return " ".join(phrase)
        seen_phrases.add(phrase)
    return None
