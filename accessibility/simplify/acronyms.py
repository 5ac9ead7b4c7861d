"""Latin initials (KTX, SNAP, ARS) and whether the text explains them (L3; S4).

An acronym counts as explained when any of its occurrences

- is followed by a parenthesis holding words: ``KTX(고속열차)``, ``SNAP (food help)``;
- stands in parentheses right after its expansion: ``고속열차(KTX)``, and for English the
  initials of the words before it spell it: ``Supplemental Nutrition Assistance Program (SNAP)``;
- has a known gloss from the word list within :data:`GLOSS_WINDOW` characters.

A few initials everyone reads as words (TV, OK) never need explaining.
"""

from __future__ import annotations

import re
from typing import Final

from accessibility.simplify.lexicon import ACRONYM_GLOSSES

GLOSS_WINDOW: Final = 60
"""Characters either side of an acronym searched for a known gloss."""

COMMON_INITIALS: Final = frozenset(
    {"TV", "OK", "PC", "AM", "PM", "ID", "CCTV", "USB", "SMS", "UK", "US", "USA", "EU", "GOV"}
)

_ACRONYM = re.compile(r"(?<![A-Za-z])[A-Z][A-Z0-9&]*[A-Z](?![A-Za-z])")
_AFTER_PAREN = re.compile(r"\s?\(([^()]{2,80})\)")
_WORD = re.compile(r"[A-Za-z]+")


def acronyms(text: str) -> list[str]:
    """Distinct acronyms in order of first use, common initials left out."""
    seen: dict[str, None] = {}
    for match in _ACRONYM.finditer(text):
        if match.group() not in COMMON_INITIALS:
            seen.setdefault(match.group(), None)
    return list(seen)


def unexplained_acronyms(text: str, language: str) -> list[str]:
    """Acronyms of which no occurrence is explained."""
    return [a for a in acronyms(text) if not _explained(text, a, language)]


def _explained(text: str, acronym: str, language: str) -> bool:
    pattern = re.compile(rf"(?<![A-Za-z]){re.escape(acronym)}(?![A-Za-z])")
    return any(_occurrence_explained(text, m, acronym, language) for m in pattern.finditer(text))


def _occurrence_explained(text: str, match: re.Match[str], acronym: str, language: str) -> bool:
    following = _AFTER_PAREN.match(text, match.end())
    if following and _is_gloss(following.group(1)):
        return True
    inside = text[match.start() - 1 : match.start()] == "(" and text[match.end() :].startswith(")")
    if inside and _expansion_before(text[: match.start() - 1], acronym, language):
        return True
    glosses = ACRONYM_GLOSSES.get(language, {}).get(acronym, ())
    window = text[max(0, match.start() - GLOSS_WINDOW) : match.end() + GLOSS_WINDOW].casefold()
    return any(gloss.casefold() in window for gloss in glosses)


def _is_gloss(content: str) -> bool:
    """A parenthesis explains when it holds Hangul or a lowercase word, not just more initials
    or a number."""
    return bool(re.search(r"[가-힣]|[a-z]{2,}", content))


def _expansion_before(before: str, acronym: str, language: str) -> bool:
    before = before.rstrip()
    if language == "ko" and re.search(r"[가-힣]{2,}$", before):
        return True
    words = _WORD.findall(before)
    letters = [ch for ch in acronym if ch.isalpha()]
    # Allow small words (of, and, the, for) between the initials.
    candidates = [w for w in words[-(len(letters) * 2) :] if w.casefold() not in _SMALL_WORDS]
    initials = "".join(w[0].upper() for w in candidates[-len(letters) :])
    return len(candidates) >= len(letters) and initials == "".join(letters)


_SMALL_WORDS: Final = frozenset({"of", "and", "the", "for", "to", "in", "on", "a", "an"})
