"""Answer checks for what the small model does wrong besides inventing facts: it echoes the
question back as an "answer", loops until the token limit, drifts into another language
(often Chinese or English in a Korean answer) and writes Markdown lists that a voice would
read aloud as "one dot", "asterisk asterisk".

All checks are script and string rules, well under a millisecond per call.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[\W_]+")


def _compact(text: str) -> str:
    """Lower case, letters and digits only (Korean has no case; spacing varies in speech)."""
    return _NOT_WORD.sub("", text.lower())


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def is_echo(question: str, answer: str) -> bool:
    """Whether the answer only repeats the question (perhaps reworded a little, perhaps twice).

    Character bigrams of the compacted texts work for Korean and English alike: an echo's
    bigrams nearly all come from the question, while an answer that starts by restating the
    question and then answers it brings many new ones.
    """
    question_grams = _bigrams(_compact(question))
    answer_grams = _bigrams(_compact(answer))
    if len(answer_grams) < 4 or not question_grams:
        return False
    covered = len(answer_grams & question_grams) / len(answer_grams)
    return covered >= 0.75


_SENTENCE = re.compile(r"[^.!?。\n]+[.!?。]*")
_TOKEN = re.compile(r"\S+")
_MIN_REPEATED_SENTENCE = 10
"""Compacted characters: a repeated "네." or "Yes." is not a loop; a repeated sentence is."""
_LONG_NGRAM = 8
_SHORT_NGRAM = 4


def find_loop(text: str) -> int | None:
    """Index in ``text`` where repetition starts (keep ``text[:index]``), or ``None``.

    A loop is a sentence said again (10+ letters; shorter ones three times), an 8-word run
    said twice, or a 4-word run said three times (at the second time).
    """
    candidates = [
        index for index in (_repeated_sentence(text), _repeated_ngram(text)) if index is not None
    ]
    return min(candidates) if candidates else None


def _repeated_sentence(text: str) -> int | None:
    seen: dict[str, list[int]] = {}
    for match in _SENTENCE.finditer(text):
        key = _compact(match.group(0))
        if not key:
            continue
        starts = seen.setdefault(key, [])
        starts.append(match.start() + len(match.group(0)) - len(match.group(0).lstrip()))
        needed = 2 if len(key) >= _MIN_REPEATED_SENTENCE else 3
        if len(starts) >= needed:
            return starts[1]
    return None


def _repeated_ngram(text: str) -> int | None:
    tokens = [(m.start(), _compact(m.group(0))) for m in _TOKEN.finditer(text)]
    words = [word for _, word in tokens]
    best: int | None = None
    for size, needed in ((_LONG_NGRAM, 2), (_SHORT_NGRAM, 3)):
        seen: dict[tuple[str, ...], list[int]] = {}
        for i in range(len(words) - size + 1):
            gram = tuple(words[i : i + size])
            starts = seen.setdefault(gram, [])
            if starts and i < starts[-1] + size:
                continue  # an overlapping run ("a a a a") is counted once per stride
            starts.append(i)
            if len(starts) >= needed:
                index = tokens[starts[1]][0]
                best = index if best is None else min(best, index)
                break
    return best


# ASCII only: "e-gen.or.kr에서" is a site followed by a Korean particle.
_URL = re.compile(
    r"(?:https?://|www\.)[!-~]+|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9])"
)
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_FOREIGN_IDEOGRAPHS = ("CJK", "HIRAGANA", "KATAKANA")


def _script(char: str) -> str:
    return unicodedata.name(char, "UNKNOWN").split(" ")[0]


def _is_tolerated_latin(word: str) -> bool:
    """Names, acronyms and brands inside Korean: "KTX", "Wi-Fi", "VoiceOver", "iPhone"."""
    return any(char.isupper() for char in word) or len(word) == 1


def wrong_language(sentence: str, expected: str) -> bool:
    """Whether ``sentence`` is not in ``expected`` ("ko" or "en"), judged by script.

    Korean: wrong when letters outside Hangul (lower-case Latin words, Chinese characters,
    Cyrillic...) outnumber Hangul letters. Capitalised Latin words, acronyms, numbers and web
    addresses are tolerated. English: wrong when non-Latin letters outnumber Latin ones.
    Either: two or more Chinese or Japanese characters are wrong (the model's usual drift, and
    a Korean or English voice cannot read them). Other languages are not judged.
    """
    if expected not in ("ko", "en"):
        return False
    text = _URL.sub(" ", sentence)
    ideographs = sum(1 for char in text if char.isalpha() and _script(char) in _FOREIGN_IDEOGRAPHS)
    if ideographs >= 2:
        return True
    if expected == "ko":
        hangul = sum(1 for char in text if char.isalpha() and _script(char) == "HANGUL")
        latin = sum(
            len(word) for word in _LATIN_WORD.findall(text) if not _is_tolerated_latin(word)
        )
        other = sum(
            1 for char in text if char.isalpha() and _script(char) not in ("HANGUL", "LATIN")
        )
        return latin + other > hangul
    latin = sum(1 for char in text if char.isalpha() and _script(char) == "LATIN")
    foreign = sum(1 for char in text if char.isalpha() and _script(char) != "LATIN")
    return foreign > latin


_LIST_MARKER = re.compile(
    r"^\s*(?:#{1,6}\s+|>\s*|[-*+•·▪●◦]\s+|\(?\d{1,2}[.)]\s+|\(?[a-zA-Z][.)]\s+|[①-⑳]\s*|\|\s*)"
)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|~~|`)(?=\S)(.+?)(?<=\S)\1")
_TABLE_PIPES = re.compile(r"\s*\|\s*")


def strip_list_markup(sentence: str) -> str:
    """Spoken text without Markdown: "1. Go to…" → "Go to…", "- item" → "item",
    "**x**" → "x", "[site](url)" → "site"; lines are joined with spaces."""
    lines = []
    for line in sentence.splitlines():
        line = _LIST_MARKER.sub("", line, count=1)
        line = _LINK.sub(r"\1", line)
        previous = None
        while previous != line:  # nested emphasis: "**_x_**"
            previous = line
            line = _EMPHASIS.sub(r"\2", line)
        line = _TABLE_PIPES.sub(" ", line.strip("| ")).strip()
        if line and set(line) - set("-:| "):
            lines.append(line)
    return " ".join(lines)
