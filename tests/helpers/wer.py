"""Word error rate, for checking recognition against a reference transcript."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w\s']|_")


def normalise(text: str) -> list[str]:
    """Lower case, punctuation removed (apostrophes inside words kept: "didn't" is one word)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = _NOT_WORD.sub(" ", folded).split()
    return [w.strip("'") for w in words if w.strip("'")]


def edit_distance(reference: list[str], hypothesis: list[str]) -> int:
    """Levenshtein distance over words: substitutions + deletions + insertions."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref_word in enumerate(reference, start=1):
        current = [i]
        for j, hyp_word in enumerate(hypothesis, start=1):
            current.append(
                min(
                    previous[j] + 1,  # deletion
                    current[j - 1] + 1,  # insertion
                    previous[j - 1] + (ref_word != hyp_word),  # substitution or match
                )
            )
        previous = current
    return previous[-1]


def word_error_rate(reference: str, hypothesis: str) -> float:
    """Errors per reference word, after :func:`normalise`. With an empty reference, any word
    heard is an error without bound: 0.0 for an empty hypothesis, infinity otherwise."""
    ref, hyp = normalise(reference), normalise(hypothesis)
    if not ref:
        return float("inf") if hyp else 0.0
    return edit_distance(ref, hyp) / len(ref)
