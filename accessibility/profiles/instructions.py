"""The per-turn instruction a profile adds to the model's request.

It goes into the note at the end of the user's message (``voices.lm.prompt.build_messages``,
``extra=``), never into the system prompt, whose KV cache is shared by every turn. It is in
English because the system prompt is, and it is kept short: unlike the system prompt, it is
prefilled again on every turn. The standard profile adds nothing.
"""

from __future__ import annotations

from typing import Final

from accessibility.profiles.fields import ReadingLevel, Verbosity

SENTENCE_WORD_LIMITS: Final[dict[tuple[ReadingLevel, str], int]] = {
    ("plain", "en"): 15,
    ("easy-read", "en"): 10,
    ("plain", "ko"): 14,
    ("easy-read", "ko"): 10,
}
"""Words per sentence asked of the model, a little under what the simplifier measures
(docs/accessibility.md L1: ≤ 15 English words; L3: ≤ 16 plain / 12 easy-read Korean 어절), so that
a first answer usually passes without a rewrite. Korean counts 어절 (space-separated units)."""

_VERBOSITY: Final[dict[Verbosity, str | None]] = {
    "brief": "Answer in one or two short sentences.",
    "normal": None,  # the system prompt already asks for one to three sentences
    "detailed": "Give a fuller answer, up to six sentences, then offer more detail.",
}

_READING_LEVEL: Final[dict[ReadingLevel, str | None]] = {
    "standard": None,
    "plain": (
        "Use plain language: common words, active voice, at most {limit} per sentence; "
        "explain any hard word."
    ),
    "easy-read": (
        "Use easy-read language: very common words, one idea per sentence, at most {limit} per "
        "sentence, no figures of speech or abbreviations; explain a hard word with an example."
    ),
}

_KOREAN_POLITE: Final = "Use polite 해요체 endings."

_SCREEN_READER: Final = (
    "A screen reader reads the answer: main point first; no tables, symbols or emoji; "
    "no visual directions like 'above' or 'on the left'; before several items say how many, "
    "then give each as a sentence; spell out an abbreviation the first time."
)


def _base_language(language: str | None) -> str:
    return (language or "").replace("_", "-").split("-", 1)[0].lower()


def _word_limit_phrase(reading_level: ReadingLevel, language: str | None) -> str:
    """``"10 words"``, or for Korean ``"10 words (어절)"``."""
    base = _base_language(language)
    limit = SENTENCE_WORD_LIMITS.get((reading_level, base))
    if limit is None:
        limit = SENTENCE_WORD_LIMITS[(reading_level, "en")]
    return f"{limit} words (어절)" if base == "ko" else f"{limit} words"


def answer_instructions(
    *,
    reading_level: ReadingLevel,
    verbosity: Verbosity,
    screen_reader: bool,
    language: str | None,
) -> str | None:
    """One short paragraph of instructions, or ``None`` when there is nothing to add."""
    parts: list[str] = []
    if (length := _VERBOSITY[verbosity]) is not None:
        parts.append(length)
    if (level := _READING_LEVEL[reading_level]) is not None:
        parts.append(level.format(limit=_word_limit_phrase(reading_level, language)))
        if _base_language(language) == "ko":
            parts.append(_KOREAN_POLITE)
    if screen_reader:
        parts.append(_SCREEN_READER)
    return " ".join(parts) or None
