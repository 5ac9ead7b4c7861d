"""SARI (Xu, Napoles, Pavlick, Chen and Callison-Burch, TACL 2016), written from the paper.

For n = 1..4, the n-grams of the source (S), the candidate (C) and the references (R, counted
over all references, with S and C counts multiplied by the number of references):

- keep: n-grams in both S and C; precision and recall against those the references keep; F1.
- delete: n-grams of S missing from C; precision of those deletions against the references
  (precision only: the paper found deletion recall rewards over-deleting).
- add: n-grams of C not in S; precision and recall against those the references add; F1.

SARI is the mean over n of the three scores, averaged, times 100.

Two variants: ``"xu2016"`` is the formula as first published (0/0 counts as 0, keep recall
divides by the number of distinct n-grams); ``"easse"`` adds the two later corrections that
EASSE, tensor2tensor and Hugging Face use and that recent papers report (0/0 counts as 1, so a
candidate equal to the references scores 100; keep recall divides by the reference count).
The default is ``"easse"``, so figures compare with published ones.

Tokens: English is lowercased and split into words and punctuation (like sacrebleu's 13a).
Korean is split into morphemes with Kiwi, not into 어절: a particle or ending glued to a word
(돈을, 돈이) would otherwise make two different tokens of one word, and simplification in
Korean is largely changing endings (-하시기 바랍니다 → -하세요) and particles, which morphemes
see as the small edits they are. Characters were rejected because they would count ``을`` in
``을지로`` and in ``돈을`` as the same unit.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Literal, TypeAlias

from accessibility.simplify import korean

Variant: TypeAlias = Literal["easse", "xu2016"]

_EN_TOKEN = re.compile(r"\w+|[^\w\s]")


def tokenize(text: str, language: str) -> list[str]:
    if language == "ko":
        return [m.form.lower() for m in korean.morphemes(text)]
    return _EN_TOKEN.findall(text.lower())


def sari(
    source: str,
    candidate: str,
    references: list[str],
    language: str = "en",
    variant: Variant = "easse",
) -> float:
    """SARI of one candidate, 0..100."""
    if not references:
        raise ValueError("SARI needs at least one reference")
    return sari_tokens(
        tokenize(source, language),
        tokenize(candidate, language),
        [tokenize(r, language) for r in references],
        variant,
    )


def sari_tokens(
    source: list[str],
    candidate: list[str],
    references: list[list[str]],
    variant: Variant = "easse",
) -> float:
    keep, delete, add = 0.0, 0.0, 0.0
    for n in range(1, 5):
        k, d, a = _ngram_scores(
            _ngrams(source, n), _ngrams(candidate, n), [_ngrams(r, n) for r in references], variant
        )
        keep, delete, add = keep + k, delete + d, add + a
    return 100 * (keep + delete + add) / 12


def _ngrams(tokens: list[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def _ngram_scores(
    source: list[tuple[str, ...]],
    candidate: list[tuple[str, ...]],
    references: list[list[tuple[str, ...]]],
    variant: Variant,
) -> tuple[float, float, float]:
    refs = len(references)
    r_counts = Counter(g for ref in references for g in ref)
    s_counts = Counter({g: c * refs for g, c in Counter(source).items()})
    c_counts = Counter({g: c * refs for g, c in Counter(candidate).items()})
    empty = 1.0 if variant == "easse" else 0.0

    kept = s_counts & c_counts
    kept_good = kept & r_counts
    kept_all = s_counts & r_counts
    keep_p = _ratio(sum(kept_good[g] / kept[g] for g in kept_good), len(kept), empty)
    if variant == "easse":
        keep_r = _ratio(sum(kept_good.values()), sum(kept_all.values()), empty)
    else:
        keep_r = _ratio(sum(kept_good[g] / kept_all[g] for g in kept_good), len(kept_all), empty)

    deleted = s_counts - c_counts
    deleted_good = deleted - r_counts
    delete_p = _ratio(sum(deleted_good[g] / deleted[g] for g in deleted_good), len(deleted), empty)

    added = set(c_counts) - set(s_counts)
    added_good = added & set(r_counts)
    added_all = set(r_counts) - set(s_counts)
    add_p = _ratio(len(added_good), len(added), empty)
    add_r = _ratio(len(added_good), len(added_all), empty)
    return _f1(keep_p, keep_r), delete_p, _f1(add_p, add_r)


def _ratio(numerator: float, denominator: float, empty: float) -> float:
    return numerator / denominator if denominator > 0 else empty


def _f1(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total > 0 else 0.0
