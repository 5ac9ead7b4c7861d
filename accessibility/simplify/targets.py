"""Reading levels, the languages simplification measures, and each level's targets (L1, L3)."""

from __future__ import annotations

from typing import Literal, TypeAlias

from pydantic import BaseModel

from accessibility.simplify.settings import SimplifySettings

Level: TypeAlias = Literal["plain", "easy-read"]
SimplifyLanguage: TypeAlias = Literal["en", "ko"]

LEVELS: tuple[Level, ...] = ("plain", "easy-read")
LANGUAGES: tuple[SimplifyLanguage, ...] = ("en", "ko")


class UnsupportedLanguageError(ValueError):
    """Simplification measures English and Korean only (textstat has no Korean formula)."""


def simplify_language(language: str) -> SimplifyLanguage:
    """``"ko-KR"`` → ``"ko"``; raises :class:`UnsupportedLanguageError` for other languages."""
    base = language.replace("_", "-").split("-", 1)[0].lower()
    if base == "en":
        return "en"
    if base == "ko":
        return "ko"
    raise UnsupportedLanguageError(
        f"simplified language is measured for English (en) and Korean (ko), not {language!r}"
    )


class LevelTargets(BaseModel):
    """What a text must measure to count as written for one level in one language.
    ``None`` means the measure does not apply to the language."""

    language: SimplifyLanguage
    level: Level
    max_grade: float | None = None
    """English: highest Flesch-Kincaid grade."""
    max_words_per_sentence: float | None = None
    """English: mean words per sentence; Korean: mean 어절 per sentence."""
    max_rare_share: float | None = None
    """Korean: highest share of content words rarer than ``rare_zipf``."""
    rare_zipf: float = 3.0
    max_unexplained_acronyms: int = 0


def targets_for(settings: SimplifySettings, language: str, level: Level) -> LevelTargets:
    lang = simplify_language(language)
    easy = level == "easy-read"
    if lang == "en":
        return LevelTargets(
            language=lang,
            level=level,
            max_grade=settings.en_easy_read_max_grade if easy else settings.en_plain_max_grade,
            max_words_per_sentence=(
                settings.en_easy_read_max_words_per_sentence
                if easy
                else settings.en_plain_max_words_per_sentence
            ),
        )
    return LevelTargets(
        language=lang,
        level=level,
        max_words_per_sentence=(
            settings.ko_easy_read_max_eojeol_per_sentence
            if easy
            else settings.ko_plain_max_eojeol_per_sentence
        ),
        max_rare_share=(
            settings.ko_easy_read_max_rare_share if easy else settings.ko_plain_max_rare_share
        ),
        rare_zipf=settings.ko_rare_zipf,
    )
