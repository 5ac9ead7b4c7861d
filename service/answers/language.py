"""Which language to answer in: the one the person just spoke or typed.

The profile's preferred languages only break ties (a question of digits, a one-letter reply);
they never override what the person used. Script decides first (Hangul is Korean, whatever the
recogniser guessed); for Latin script the recogniser's language is kept (Whisper tells English
from Spanish, a script count cannot), else English.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from accessibility.language import detect_text_language, script_counts

MIN_LETTERS: Final = 2
"""Fewer letters than this say nothing about the language ("119", "?")."""

HANGUL_SHARE: Final = 0.25
"""A question this share Hangul is Korean: product names in Latin letters are common inside
Korean sentences ("VoiceOver 어떻게 켜요?" is 36 % Hangul)."""

NON_LATIN: Final = frozenset({"ko", "ja", "zh", "ru", "ar", "th", "hi", "el", "he"})


def answer_language(text: str, heard: str | None = None, preferred: Sequence[str] = ()) -> str:
    """ISO 639-1 code of the language to answer ``text`` in.

    ``heard``: the language speech recognition detected for this turn, if it was spoken.
    ``preferred``: the profile's preferred languages, most preferred first (ties only).
    """
    counts = script_counts(text)
    letters = sum(counts.values())
    if letters < MIN_LETTERS:
        return _base(heard) or (_base(preferred[0]) if preferred else None) or "en"
    if counts.get("HANGUL", 0) / letters >= HANGUL_SHARE:
        return "ko"
    by_script = detect_text_language(text, default=None)
    if by_script is not None:
        return by_script
    heard_base = _base(heard)
    if heard_base is not None and heard_base not in NON_LATIN:
        return heard_base
    latin_preferred = [b for p in preferred if (b := _base(p)) and b not in NON_LATIN]
    return latin_preferred[0] if latin_preferred else "en"


def _base(language: str | None) -> str | None:
    if not language:
        return None
    return language.replace("_", "-").split("-", 1)[0].lower() or None
