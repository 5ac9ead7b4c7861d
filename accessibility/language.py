"""Which language a text is in, by its script: enough to choose a voice and to tell the model
which language to answer in. Speech gets its language from the recogniser instead."""

from __future__ import annotations

import unicodedata

from voices.lm.prompt import language_name as model_language_name

_SCRIPT_LANGUAGE = {
    "HANGUL": "ko",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "CJK": "zh",
    "CYRILLIC": "ru",
    "ARABIC": "ar",
    "THAI": "th",
    "DEVANAGARI": "hi",
    "GREEK": "el",
    "HEBREW": "he",
}


def script_counts(text: str) -> dict[str, int]:
    """Letters per script (the first word of each letter's Unicode name, e.g. HANGUL, LATIN)."""
    counts: dict[str, int] = {}
    for char in text:
        if not char.isalpha():
            continue
        script = unicodedata.name(char, "UNKNOWN").split(" ")[0]
        counts[script] = counts.get(script, 0) + 1
    return counts


def hangul_share(text: str) -> float:
    """Share of letters that are Hangul, 0..1 (0 for text without letters)."""
    counts = script_counts(text)
    total = sum(counts.values())
    return counts.get("HANGUL", 0) / total if total else 0.0


def detect_text_language(text: str, default: str | None = None) -> str | None:
    """ISO 639-1 code guessed from the dominant script; Latin script gives ``default``, since
    English, Spanish and German share it and only the model can tell them apart well."""
    counts = script_counts(text)
    if not counts:
        return default
    # Japanese mixes kana with CJK ideographs: any kana means Japanese.
    if counts.get("HIRAGANA", 0) + counts.get("KATAKANA", 0) > 0:
        return "ja"
    script, _ = max(counts.items(), key=lambda item: item[1])
    if script == "LATIN":
        return default if default is not None else "en"
    return _SCRIPT_LANGUAGE.get(script, default)


def language_name(code: str) -> str:
    """The name the model is told (``"Korean (한국어)"``), or the code itself when unknown."""
    return model_language_name(code) or code
