"""Language names as OpenAI's transcription API spells them.

OpenAI's ``verbose_json`` gives the language as Whisper's lower-case English name (``"english"``,
``"korean"``), not as a code; clients compare against those names. The table is Whisper's own
(openai-whisper ``whisper/tokenizer.py``, MIT), the 100 languages the model was trained on: a
``language`` a client asks for must be one of them.
"""

from __future__ import annotations

from typing import Final

WHISPER_LANGUAGES: Final[dict[str, str]] = {
    "en": "english",
    "zh": "chinese",
    "de": "german",
    "es": "spanish",
    "ru": "russian",
    "ko": "korean",
    "fr": "french",
    "ja": "japanese",
    "pt": "portuguese",
    "tr": "turkish",
    "pl": "polish",
    "ca": "catalan",
    "nl": "dutch",
    "ar": "arabic",
    "sv": "swedish",
    "it": "italian",
    "id": "indonesian",
    "hi": "hindi",
    "fi": "finnish",
    "vi": "vietnamese",
    "he": "hebrew",
    "uk": "ukrainian",
    "el": "greek",
    "ms": "malay",
    "cs": "czech",
    "ro": "romanian",
    "da": "danish",
    "hu": "hungarian",
    "ta": "tamil",
    "no": "norwegian",
    "th": "thai",
    "ur": "urdu",
    "hr": "croatian",
    "bg": "bulgarian",
    "lt": "lithuanian",
    "la": "latin",
    "mi": "maori",
    "ml": "malayalam",
    "cy": "welsh",
    "sk": "slovak",
    "te": "telugu",
    "fa": "persian",
    "lv": "latvian",
    "bn": "bengali",
    "sr": "serbian",
    "az": "azerbaijani",
    "sl": "slovenian",
    "kn": "kannada",
    "et": "estonian",
    "mk": "macedonian",
    "br": "breton",
    "eu": "basque",
    "is": "icelandic",
    "hy": "armenian",
    "ne": "nepali",
    "mn": "mongolian",
    "bs": "bosnian",
    "kk": "kazakh",
    "sq": "albanian",
    "sw": "swahili",
    "gl": "galician",
    "mr": "marathi",
    "pa": "punjabi",
    "si": "sinhala",
    "km": "khmer",
    "sn": "shona",
    "yo": "yoruba",
    "so": "somali",
    "af": "afrikaans",
    "oc": "occitan",
    "ka": "georgian",
    "be": "belarusian",
    "tg": "tajik",
    "sd": "sindhi",
    "gu": "gujarati",
    "am": "amharic",
    "yi": "yiddish",
    "lo": "lao",
    "uz": "uzbek",
    "fo": "faroese",
    "ht": "haitian creole",
    "ps": "pashto",
    "tk": "turkmen",
    "nn": "nynorsk",
    "mt": "maltese",
    "sa": "sanskrit",
    "lb": "luxembourgish",
    "my": "myanmar",
    "bo": "tibetan",
    "tl": "tagalog",
    "mg": "malagasy",
    "as": "assamese",
    "tt": "tatar",
    "haw": "hawaiian",
    "ln": "lingala",
    "ha": "hausa",
    "ba": "bashkir",
    "jw": "javanese",
    "su": "sundanese",
    "yue": "cantonese",
}
"""ISO 639-1 code (Whisper's few extras: ``haw``, ``yue``, ``jw``) → OpenAI's language name."""

UNKNOWN_LANGUAGE_NAME: Final = "unknown"
"""Reported when no language could be told (silence, an empty file)."""


def normalise_language_code(code: str) -> str:
    """``"KO"``, ``"ko-KR"`` and ``"ko_KR"`` → ``"ko"``."""
    return code.strip().replace("_", "-").split("-", 1)[0].lower()


def is_whisper_language(code: str) -> bool:
    return normalise_language_code(code) in WHISPER_LANGUAGES


def openai_language_name(code: str | None) -> str:
    """``"en"`` → ``"english"``; unknown or undetermined codes → ``"unknown"``."""
    if not code:
        return UNKNOWN_LANGUAGE_NAME
    return WHISPER_LANGUAGES.get(normalise_language_code(code), UNKNOWN_LANGUAGE_NAME)
