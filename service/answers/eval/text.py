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
"""At least this share of words with Hangul makes a text Korean; a few English names in a
Korean answer (VoiceOver, SNAP) do not make it English. Words, not letters: one Hangul syllable
holds as much as two or three Latin letters."""
ECHO_SHARE: Final = 0.8
LOOP_NGRAM: Final = {"en": 6, "ko": 5}
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
    """Korean ("ko") or English ("en"): Korean when at least half the words hold Hangul
    ("VoiceOver를" is a Korean word: its particle is Korean); None when no word has a letter."""
    lettered = [w for w in words(text) if _HANGUL.search(w) or _LATIN.search(w)]
    if not lettered:
        return None
    korean = sum(1 for w in lettered if _HANGUL.search(w))
    return "ko" if korean / len(lettered) >= KOREAN_SHARE else "en"


def _tokens(text: str) -> list[str]:
    return [t for t in _NOT_WORD.split(text.lower()) if t]


def is_echo(question: str, answer: str) -> bool:
    """The answer opens by repeating the question: its first sentence is mostly the question's
    words and not much more. A long first sentence that starts with the question ("To turn on
    captions in Zoom, open …") is a lead-in, not an echo."""
    question_tokens, answer_tokens = _tokens(question), _tokens(answer)
    if not question_tokens or not answer_tokens:
        return False
    joined_question = "".join(question_tokens)
    first = first_sentence(answer)
    if _HANGUL.search(question):
        # Korean endings change in a repeat (어눌해요 → 어눌하시군요): compare syllable pairs.
        question_units, first_units = _bigrams(joined_question), _bigrams("".join(_tokens(first)))
    else:
        question_units, first_units = question_tokens, _tokens(first)
    if len(question_units) < 3 or not first_units:
        return False
    if len(first_units) > 1.5 * len(question_units):
        return False
    shared = sum(1 for unit in question_units if unit in first_units)
    return shared / len(question_units) >= ECHO_SHARE


def _bigrams(joined: str) -> list[str]:
    return [joined[i : i + 2] for i in range(len(joined) - 1)]


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
