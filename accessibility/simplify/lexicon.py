"""The per-language word lists the rules use, in one place (see lexicon_en, lexicon_ko)."""

from __future__ import annotations

from typing import Final

from accessibility.simplify import lexicon_en, lexicon_ko

ACRONYM_GLOSSES: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "en": lexicon_en.ACRONYMS,
    "ko": lexicon_ko.ACRONYMS,
}
