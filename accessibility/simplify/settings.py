"""Settings of simplified language (``MODU_SIMPLIFY__…``), composed into
:class:`service.settings.Settings`."""

from __future__ import annotations

from pydantic import BaseModel, Field


class SimplifySettings(BaseModel):
    """Simplified language (plain, easy read): the targets an answer is measured against, per
    language and level, and how hard the model is asked to meet them (accessibility/simplify)."""

    en_easy_read_max_grade: float = Field(default=6.0, ge=0.0, le=20.0)
    """English easy read: highest Flesch-Kincaid grade (WCAG 3.1.5: lower secondary)."""
    en_easy_read_max_words_per_sentence: float = Field(default=15.0, ge=3.0, le=60.0)
    en_plain_max_grade: float = Field(default=8.0, ge=0.0, le=20.0)
    en_plain_max_words_per_sentence: float = Field(default=20.0, ge=3.0, le=60.0)
    ko_easy_read_max_eojeol_per_sentence: float = Field(default=12.0, ge=2.0, le=60.0)
    """Korean easy read: mean 어절 (space-separated words) per sentence."""
    ko_plain_max_eojeol_per_sentence: float = Field(default=16.0, ge=2.0, le=60.0)
    ko_easy_read_max_rare_share: float = Field(default=0.08, ge=0.0, le=1.0)
    """Korean easy read: highest share of content words rarer than ``ko_rare_zipf`` (measured
    on the evaluation set: hand-written easy-read versions 0–0.04, public notices 0.03–0.26,
    median 0.12)."""
    ko_plain_max_rare_share: float = Field(default=0.12, ge=0.0, le=1.0)
    ko_rare_zipf: float = Field(default=3.5, ge=0.0, le=8.0)
    """Zipf frequency (wordfreq) below which a Korean word counts as rare (3.5: about three
    uses in a million words; 고양이 4.84, 환급 3.05, 본인부담상한제 0)."""
    max_rewrites: int = Field(default=2, ge=0, le=5)
    """Model rewrites after the first when the target is missed or a fact was lost."""
    max_tokens: int = Field(default=400, ge=32, le=4096)
    """Upper bound on one rewrite's length."""
    temperature: float = Field(default=0.2, ge=0.0, le=2.0)
