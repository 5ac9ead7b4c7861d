"""Readability measures per language (L1, L3, L4) and the check against a level's targets.

English uses textstat 0.7.8 (Flesch-Kincaid grade; 0.7.13 downloads NLTK data at run time).
Korean has no readability formula in any package, so it is measured directly: sentences and
어절 per sentence (Kiwi), the share of rare content words (wordfreq Zipf < threshold), and
unexplained Latin initials.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from typing import Final

from pydantic import BaseModel

from accessibility.simplify import korean
from accessibility.simplify.acronyms import unexplained_acronyms
from accessibility.simplify.names import is_public_body
from accessibility.simplify.numbers import large_number_count
from accessibility.simplify.targets import LevelTargets, SimplifyLanguage

RARE_ZIPF_DEFAULT: Final = 3.5


class Measures(BaseModel):
    """How hard a text is to read. Fields that do not apply to its language are ``None``."""

    language: SimplifyLanguage
    sentences: int
    words: int
    """English: words; Korean: 어절."""
    words_per_sentence: float
    longest_sentence_words: int
    fk_grade: float | None = None
    long_word_share: float | None = None
    """English: share of words with three or more syllables."""
    rare_share: float | None = None
    """Korean: share of content words rarer than the threshold."""
    rare_words: list[str] = []
    unexplained_acronyms: list[str] = []
    percentages: int = 0
    large_numbers: int = 0
    negations: int = 0
    passives: int = 0


class TargetMiss(BaseModel):
    """One way a text misses its target, with the figures, for reports and model feedback."""

    measure: str
    value: float
    limit: float


def measure(
    text: str, language: SimplifyLanguage, rare_zipf: float = RARE_ZIPF_DEFAULT
) -> Measures:
    if language == "en":
        return _measure_english(text)
    return _measure_korean(text, rare_zipf)


def target_misses(measures: Measures, targets: LevelTargets) -> list[TargetMiss]:
    """Every target the measures miss; empty when the text meets its level."""
    checks = [
        ("fk_grade", measures.fk_grade, targets.max_grade),
        ("words_per_sentence", measures.words_per_sentence, targets.max_words_per_sentence),
        ("rare_share", measures.rare_share, targets.max_rare_share),
        (
            "unexplained_acronyms",
            float(len(measures.unexplained_acronyms)),
            float(targets.max_unexplained_acronyms),
        ),
    ]
    return [
        TargetMiss(measure=name, value=round(value, 3), limit=limit)
        for name, value, limit in checks
        if value is not None and limit is not None and value > limit + 1e-9
    ]


# --- English -------------------------------------------------------------------------------

_EN_WORD: Final = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_EN_NEGATION: Final = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|cannot)\b|n['’]t\b", re.IGNORECASE
)
_EN_PASSIVE: Final = re.compile(
    r"\b(?:am|is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?"
    r"(?:\w+ed|paid|sent|made|given|taken|done|seen|known|held|built|sold|told|found|kept|"
    r"shown|written|set|put|cut|left|brought|bought|chosen|spent|won|met|read|run)\b",
    re.IGNORECASE,
)
_PERCENT: Final = re.compile(r"%|\bper ?cent\b|퍼센트|프로\b", re.IGNORECASE)


def _measure_english(text: str) -> Measures:
    import textstat  # type: ignore[import-untyped]

    sentences = english_sentences(text)
    lengths = [len(_EN_WORD.findall(s)) for s in sentences]
    words = [w for s in sentences for w in _EN_WORD.findall(s)]
    long_words = [w for w in words if textstat.syllable_count(w) >= 3]
    return Measures(
        language="en",
        sentences=len(sentences),
        words=len(words),
        words_per_sentence=_mean(lengths),
        longest_sentence_words=max(lengths, default=0),
        fk_grade=float(textstat.flesch_kincaid_grade(text)) if words else 0.0,
        long_word_share=round(len(long_words) / len(words), 3) if words else 0.0,
        unexplained_acronyms=unexplained_acronyms(text, "en"),
        percentages=len(_PERCENT.findall(text)),
        large_numbers=large_number_count(text, "en"),
        negations=len(_EN_NEGATION.findall(text)),
        passives=len(_EN_PASSIVE.findall(text)),
    )


_EN_SENTENCE_END: Final = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_EN_ABBREVIATION: Final = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|St|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|"
    r"Sept|Oct|Nov|Dec|e\.g|i\.e|etc|a\.m|p\.m|U\.S)\.$"
)


def english_sentences(text: str) -> list[str]:
    """Sentences split at . ! ? followed by a capital or digit, not after common abbreviations."""
    pieces: list[str] = []
    start = 0
    for match in _EN_SENTENCE_END.finditer(text):
        candidate = text[start : match.start()].strip()
        if _EN_ABBREVIATION.search(candidate):
            continue
        if candidate:
            pieces.append(candidate)
        start = match.end()
    tail = text[start:].strip()
    if tail:
        pieces.append(tail)
    return [p for p in pieces if _EN_WORD.search(p)]


# --- Korean --------------------------------------------------------------------------------

_NOUN_PARTS: Final = frozenset({"NNG", "NNP", "XSN", "XPN", "XR"})
_CONTENT_SINGLE: Final = frozenset({"VV", "VA", "MAG"})
_KO_NEGATION_FORMS: Final = {
    ("안", "MAG"),
    ("못", "MAG"),
    ("않", "VX"),
    ("못하", "VX"),
    ("없", "VA"),
    ("아니", "VCN"),
    ("말", "VX"),
}


def _measure_korean(text: str, rare_zipf: float) -> Measures:
    sentences = korean.sentences(text)
    lengths = [len(korean.eojeol(s)) for s in sentences]
    morphemes = korean.morphemes(text)
    units = content_units(morphemes)
    rare = [u for u in units if familiarity_ko(u) < rare_zipf and not explained_in(text, u)]
    return Measures(
        language="ko",
        sentences=len(sentences),
        words=sum(lengths),
        words_per_sentence=_mean(lengths),
        longest_sentence_words=max(lengths, default=0),
        rare_share=round(len(rare) / len(units), 3) if units else 0.0,
        rare_words=sorted(set(rare)),
        unexplained_acronyms=unexplained_acronyms(text, "ko"),
        percentages=len(_PERCENT.findall(text)),
        large_numbers=large_number_count(text, "ko"),
        negations=sum(1 for m in morphemes if (m.form, m.tag) in _KO_NEGATION_FORMS),
        passives=_korean_passives(morphemes),
    )


def content_units(morphemes: list[korean.Morpheme]) -> list[str]:
    """Content words to look up: touching noun parts joined into one compound
    (본인+부담+상한+제 → 본인부담상한제, since each part alone is common), verb and adjective
    stems, adverbs. Names of people, places and public bodies are left out: they are facts and
    have no simpler word. Programme names (본인부담상한제) stay in: rare unless explained."""
    units: list[str] = []
    run: list[korean.Morpheme] = []

    def flush() -> None:
        word = "".join(m.form for m in run)
        if run and not any(m.tag == "NNP" for m in run) and not is_public_body(word):
            units.append(word)
        run.clear()

    for morpheme in morphemes:
        if morpheme.tag in _NOUN_PARTS:
            if run and run[-1].end != morpheme.start:
                flush()
            run.append(morpheme)
            continue
        flush()
        if morpheme.tag in _CONTENT_SINGLE:
            units.append(morpheme.form)
    flush()
    return units


def explained_in(text: str, word: str) -> bool:
    """Whether the text explains the word: ``word(설명)``, ``word는 …이에요.``, or
    ``이것을 word라고 해요`` (easy-read keeps official terms and explains them)."""
    term = re.escape(word)
    patterns = (
        rf"{term}\([^)]*[가-힣][^)]*\)",
        rf"(?:^|[.!?]\s*){term}(?:은|는|이란|란)\s[^.!?]*(?:이에요|예요|입니다|말해요|말합니다|뜻해요|뜻합니다)[.!?]?",
        rf"{term}(?:이)?라고\s(?:해요|합니다|불러요|부릅니다)",
    )
    return any(re.search(pattern, text) for pattern in patterns)


TRANSPARENT_SUFFIXES: Final = frozenset("비료자문금액세별증서")
"""Suffixes that make a transparent compound of a common word: -비 (cost), -료 (fee), -자
(person), -문 (text), -금 (money), -액 (amount), -세 (tax), -별 (per), -증 (card), -서
(document)."""
COMMON_STEM_ZIPF: Final = 4.0


def familiarity_ko(word: str) -> float:
    """How familiar a Korean word is: its Zipf frequency, or for a transparent compound of a
    common word and a common suffix, the word's. wordfreq's Korean list lacks many such
    compounds that everyone reads at once (관리비 0, 의료비 0, 집세 0; 관리 5.3)."""
    zipf = zipf_ko(word)
    if zipf >= COMMON_STEM_ZIPF or len(word) < 3 or word[-1] not in TRANSPARENT_SUFFIXES:
        return zipf
    stem = zipf_ko(word[:-1])
    return max(zipf, stem) if stem >= COMMON_STEM_ZIPF else zipf


@lru_cache(maxsize=8192)
def zipf_ko(word: str) -> float:
    """wordfreq's Zipf frequency of a Korean word (0 when unknown)."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "ko"))


def _korean_passives(morphemes: list[korean.Morpheme]) -> int:
    """되다 after a noun (지급되다) and 어지다 (만들어지다): the common passive shapes."""
    count = 0
    for before, current in pairwise(morphemes):
        noun_passive = current.tag == "XSV" and current.form == "되"
        eojida = current.tag == "VX" and current.form == "지" and before.tag == "EC"
        count += noun_passive or eojida
    return count


def _mean(values: list[int]) -> float:
    return round(sum(values) / len(values), 2) if values else 0.0
