"""A model sentence at the person's reading level (plain and easy-read profiles)."""

from __future__ import annotations

from accessibility.language import detect_text_language
from accessibility.profiles.model import Profile
from accessibility.simplify import UnsupportedLanguageError, simplify_rules_only
from accessibility.simplify.settings import SimplifySettings


def at_reading_level(
    sentence: str, language: str, profile: Profile | None, settings: SimplifySettings
) -> str:
    """The measured rule-based fixes (split long sentences, common words, symbols spelled out)
    for a plain or easy-read ``profile``; a fix that would lose a fact is not applied, and a
    standard profile (or none) gets ``sentence`` as it is. Blocking: run in a worker thread."""
    if profile is None or profile.reading_level == "standard":
        return sentence
    language = detect_text_language(sentence, default=language) or language
    try:
        result = simplify_rules_only(sentence, language, profile.reading_level, settings)
    except UnsupportedLanguageError:
        return sentence
    return sentence if result.facts_missing else result.text
