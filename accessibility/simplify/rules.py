"""Rule-based fixes, the last step of simplification (and the whole of it without a model):
spell out symbols, swap hard words for everyday ones, explain terms and initials, split long
sentences. Each step is kept only if every fact of the source survives it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from pydantic import BaseModel

from accessibility.simplify import lexicon_en, rules_ko
from accessibility.simplify.acronyms import unexplained_acronyms
from accessibility.simplify.facts import Fact, check_facts
from accessibility.simplify.lexicon import ACRONYM_GLOSSES
from accessibility.simplify.metrics import english_sentences
from accessibility.simplify.targets import LevelTargets, SimplifyLanguage

EASY_READ_SPLIT_SHARE: Final = 0.75
"""Easy read splits sentences longer than this share of the level's words-per-sentence target."""


class RulesResult(BaseModel):
    text: str
    steps: list[str]
    """Names of the steps that changed the text and were kept."""
    rejected_steps: list[str] = []
    """Steps that would have lost a fact, so were undone."""


def apply_rules(text: str, targets: LevelTargets, facts: list[Fact]) -> RulesResult:
    language = targets.language
    max_words = targets.max_words_per_sentence or 15.0
    if targets.level == "easy-read":
        # One idea per sentence: split any long-ish sentence, not only those past the mean.
        max_words *= EASY_READ_SPLIT_SHARE
    steps: list[tuple[str, Callable[[str], str]]] = [
        ("spell-out-symbols", lambda t: spell_out_symbols(t, language)),
        ("replace-words", lambda t: replace_words(t, language)),
        ("explain-terms", lambda t: explain_terms(t, language)),
        ("split-sentences", lambda t: split_long_sentences(t, language, max_words)),
    ]
    kept: list[str] = []
    rejected: list[str] = []
    for name, step in steps:
        changed = step(text)
        if changed == text:
            continue
        if check_facts(facts, changed, language).all_kept:
            text = changed
            kept.append(name)
        else:
            rejected.append(name)
    return RulesResult(text=text, steps=kept, rejected_steps=rejected)


# --- symbols -------------------------------------------------------------------------------

_RANGE_KO: Final = re.compile(r"(\d[^\s~∼〜]*?)\s?[~∼〜]\s?(\d[^\s~∼〜]*?)(까지)?(?=[\s.,)]|$)")
_RANGE_EN: Final = re.compile(r"(\d[\w:.]*)\s?[~∼〜–]\s?(\d)")
_SYMBOLS: Final[dict[str, dict[str, str]]] = {
    "en": {"&": " and ", "→": " then ", "+": " plus ", "※": "", "·": ", ", "~": " about "},
    "ko": {"&": " 그리고 ", "→": " 그다음 ", "+": " 그리고 ", "※": "", "·": ", ", "~": " 약 "},
}


def spell_out_symbols(text: str, language: SimplifyLanguage) -> str:
    """&, %, →, ~ and friends as words; a range 9시~18시 as 9시부터 18시까지."""
    if language == "ko":
        text = _RANGE_KO.sub(lambda m: f"{m.group(1)}부터 {m.group(2)}까지", text)
        text = re.sub(r"(\d)\s?%", r"\1퍼센트", text)
    else:
        text = _RANGE_EN.sub(r"\1 to \2", text)
        text = re.sub(r"(\d)\s?%", r"\1 percent", text)
    for symbol, words in _SYMBOLS[language].items():
        text = text.replace(symbol, words)
    text = re.sub(r"[ \t]{2,}", " ", text)
    return re.sub(r"\s+([,.])", r"\1", text).strip()


# --- words ---------------------------------------------------------------------------------

_EN_PHRASES: Final = sorted(lexicon_en.PHRASES.items(), key=lambda item: -len(item[0]))
_EN_WORD: Final = re.compile(
    r"\b(" + "|".join(sorted(lexicon_en.WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE
)


def replace_words(text: str, language: SimplifyLanguage) -> str:
    if language == "ko":
        return rules_ko.replace_words(rules_ko.replace_phrases(text))
    for phrase, plain in _EN_PHRASES:
        text = _replace_phrase(text, phrase, plain)

    def swap(match: re.Match[str]) -> str:
        word = match.group()
        inside_name = word[0].isupper() and not _starts_sentence(text, match.start())
        return word if inside_name else _same_case(word, lexicon_en.WORDS[word.lower()])

    return _EN_WORD.sub(swap, text)


def _starts_sentence(text: str, offset: int) -> bool:
    """A capitalised word elsewhere is part of a name (Penalty Charge Notice): left alone."""
    return not text[:offset].strip() or text[:offset].rstrip().endswith((".", "!", "?", ":"))


_MARK: Final = "\u2063"
"""An invisible separator marking where a dropped phrase started a sentence."""


def _replace_phrase(text: str, phrase: str, plain: str) -> str:
    pattern = re.compile(rf"\b{re.escape(phrase)}\b\s*", re.IGNORECASE)

    def swap(match: re.Match[str]) -> str:
        if plain:
            return _same_case(match.group(), plain) + " "
        # A phrase dropped at a sentence start leaves the next word to start it.
        at_start = match.start() == 0 or text[: match.start()].rstrip().endswith((".", "!", "?"))
        following = text[match.end() : match.end() + 1]
        return _MARK if at_start and following.islower() else ""

    replaced = pattern.sub(swap, text)
    return re.sub(f"{_MARK}(.)", lambda m: m.group(1).upper(), replaced)


def _same_case(original: str, plain: str) -> str:
    if plain and original[:1].isupper():
        return plain[:1].upper() + plain[1:]
    return plain


def explain_terms(text: str, language: SimplifyLanguage) -> str:
    """Explain official terms (Korean) and unexplained initials (both languages) on first use."""
    if language == "ko":
        text = rules_ko.explain_terms(text)
    glosses = ACRONYM_GLOSSES[language]
    for acronym in unexplained_acronyms(text, language):
        if acronym not in glosses:
            continue
        match = re.search(rf"(?<![A-Za-z]){re.escape(acronym)}(?![A-Za-z])", text)
        if match is None:
            continue
        # After the whole name the initials start (NHS App), so the name stays in one piece.
        name_end = _CAPITALISED_RUN.match(text, match.end())
        end = name_end.end() if name_end else match.end()
        gloss = glosses[acronym][0]
        if end != match.end():
            gloss = f"{acronym}: {gloss}"
        space = "" if language == "ko" else " "
        text = f"{text[:end]}{space}({gloss}){text[end:]}"
    return text


_CAPITALISED_RUN: Final = re.compile(r"(?:[ \t]+[A-Z][A-Za-z]*)+")


# --- sentences -----------------------------------------------------------------------------

_EN_SPLITS: Final = [
    (re.compile(r";\s+"), ""),
    (re.compile(r",\s+and\s+"), ""),
    (re.compile(r",\s+but\s+"), "But "),
    (re.compile(r",\s+so\s+"), "So "),
    (re.compile(r",\s+which\s+"), "This "),
    (re.compile(r"\s+because\s+"), "This is because "),
    (re.compile(r"\s+and\s+(?=(?:you|we|they|it|he|she|this|there|your|the)\b)"), ""),
    (re.compile(r",\s+(?=(?:you|we|they|it|he|she|this|there)\s)"), ""),
]
MIN_CLAUSE_WORDS: Final = 4


def split_long_sentences(text: str, language: SimplifyLanguage, max_words: float) -> str:
    if language == "ko":
        return rules_ko.split_long_sentences(text, max_words)
    out: list[str] = []
    for sentence in english_sentences(text):
        out.extend(_split_english(sentence, max_words, depth=0))
    return " ".join(out)


def _split_english(sentence: str, max_words: float, depth: int) -> list[str]:
    words = sentence.split()
    if len(words) <= max_words or depth > 4:
        return [sentence]
    best: tuple[float, int, int, str] | None = None
    for pattern, opener in _EN_SPLITS:
        for match in pattern.finditer(sentence):
            left_words = len(sentence[: match.start()].split())
            right_words = len(words) - left_words
            if min(left_words, right_words) < MIN_CLAUSE_WORDS:
                continue
            distance = abs(left_words - len(words) / 2)
            if best is None or distance < best[0]:
                best = (distance, match.start(), match.end(), opener)
    if best is None:
        return [sentence]
    _, start, end, opener = best
    left = sentence[:start].rstrip(" ,") + "."
    rest = sentence[end:]
    right = (opener + rest) if opener else rest[:1].upper() + rest[1:]
    return _split_english(left, max_words, depth + 1) + _split_english(right, max_words, depth + 1)
