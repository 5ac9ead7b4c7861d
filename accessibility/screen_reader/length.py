"""Short sentences (S6): a sentence over the cap is split at the safest point.

Safest first: a semicolon, colon or dash; then a comma; then before a joining word ("and",
"but", "because") in English or after a connecting ending (-고, -며, -지만, -는데) in Korean;
only when none exists, at the cap itself. Splitting keeps every word, so no fact is lost.
"""

from __future__ import annotations

import re

_TERMINAL = ".!?…。！？"
_STRONG_JOINERS = "and but so because or then while although whereas"
_WEAK_JOINERS = "which who when if after before until unless where since"
_EN_JOINERS_STRONG = frozenset(_STRONG_JOINERS.split())
_EN_JOINERS_WEAK = frozenset(_WEAK_JOINERS.split())
_KO_ENDINGS = re.compile(
    r"(?:고|며|으며|면서|지만|는데|은데|니까|으니|어서|아서|해서|여서|면|으면|거나|도록|므로|"
    r"으므로|는데요|지요|다가)[,]?$"
)
_MIN_PART = 3
"""Neither part of a split may be shorter than this many words."""


def count_words(sentence: str) -> int:
    """Words (Korean: 어절), counting only tokens with a letter or digit."""
    return sum(1 for token in sentence.split() if any(ch.isalnum() for ch in token))


def _candidates(words: list[str], korean: bool) -> list[list[int]]:
    """Split points (index of the first word of the second part), best tier first."""
    strong, comma, joiner, weak = [], [], [], []
    for i in range(_MIN_PART, len(words) - _MIN_PART + 1):
        before, word = words[i - 1], words[i].lower().strip(",")
        if before[-1] in ";:—–":
            strong.append(i)
        elif before[-1] in ",，、":
            comma.append(i)
        elif (korean and _KO_ENDINGS.search(before)) or (not korean and word in _EN_JOINERS_STRONG):
            joiner.append(i)
        elif not korean and word in _EN_JOINERS_WEAK:
            weak.append(i)
    return [tier for tier in (strong, comma, joiner, weak) if tier]


def _finish(words: list[str]) -> str:
    text = " ".join(words).rstrip(",;:—–， ")
    return text if text[-1] in _TERMINAL else f"{text}."


def _start(words: list[str]) -> list[str]:
    first = words[0]
    return [first[:1].upper() + first[1:], *words[1:]]


def cap_sentence(sentence: str, max_words: int, korean: bool) -> list[str]:
    """``sentence`` as one or more sentences of at most ``max_words`` words each."""
    words = sentence.split()
    if count_words(sentence) <= max_words or len(words) < 2:
        return [sentence]
    middle = len(words) / 2
    tiers = _candidates(words, korean)
    # The best tier's point nearest the middle; with no safe point at all, cut at the cap.
    cut = min(tiers[0], key=lambda i: abs(i - middle)) if tiers else max_words
    head, tail = words[:cut], words[cut:]
    if not tail:
        return [sentence]
    return cap_sentence(_finish(head), max_words, korean) + cap_sentence(
        " ".join(_start(tail)), max_words, korean
    )
