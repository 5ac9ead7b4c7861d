"""Rule-based fixes for Korean, on Kiwi's morphemes so that endings stay grammatical.

Splitting: a long sentence is cut after a connective ending (-고, -며, -지만, -는데, -어서) that
closes an 어절; the left clause is given a sentence ending in the sentence's own style
(합니다 / 해요 / 하세요) and the right clause a connecting word where the ending carried meaning
(-지만 → 하지만, -어서 → 그래서). Words: see :mod:`accessibility.simplify.lexicon_ko`.
"""

from __future__ import annotations

import re
from typing import Final

from accessibility.simplify import korean
from accessibility.simplify.korean import Morpheme
from accessibility.simplify.lexicon_ko import EXPLAIN, NOUNS, PHRASES, VERBS

SPLIT_ENDINGS: Final[dict[str, str]] = {
    "고": "",
    "며": "",
    "으며": "",
    "지만": "하지만 ",
    "는데": "",
    "은데": "",
    "ᆫ데": "",
    "어서": "그래서 ",
    "아서": "그래서 ",
    "여서": "그래서 ",
}
"""Connective ending → word that starts the new sentence."""

MIN_CLAUSE_EOJEOL: Final = 3
"""Both halves of a split keep at least this many 어절, so short pairs (가서 신청하세요) stay."""

_NOUNISH: Final = frozenset({"NNG", "NNP", "XSN", "XPN", "XR", "SN", "NNB", "SL"})


def split_long_sentences(text: str, max_eojeol: float) -> str:
    out: list[str] = []
    for sentence in korean.sentences(text):
        out.extend(_split(sentence, max_eojeol, depth=0))
    return " ".join(out)


def _split(sentence: str, max_eojeol: float, depth: int) -> list[str]:
    if len(korean.eojeol(sentence)) <= max_eojeol or depth > 4:
        return [sentence]
    morphemes = korean.morphemes(sentence)
    cut = _best_cut(sentence, morphemes)
    if cut is None:
        return [sentence]
    left, right = _cut(sentence, morphemes, cut)
    return _split(left, max_eojeol, depth + 1) + _split(right, max_eojeol, depth + 1)


def _best_cut(sentence: str, morphemes: list[Morpheme]) -> int | None:
    """Index of the connective ending closest to the middle with enough words either side."""
    total = len(korean.eojeol(sentence))
    best: tuple[float, int] | None = None
    for index, morpheme in enumerate(morphemes):
        if morpheme.tag != "EC" or morpheme.form not in SPLIT_ENDINGS:
            continue
        after = sentence[morpheme.end : morpheme.end + 1]
        if after not in (" ", ","):
            continue
        following = morphemes[index + 1] if index + 1 < len(morphemes) else None
        if following is None or following.tag in ("VX", "SF"):
            continue  # -고 있다, or the end of the sentence
        left_words = len(korean.eojeol(sentence[: morpheme.end]))
        if left_words < MIN_CLAUSE_EOJEOL or total - left_words < MIN_CLAUSE_EOJEOL:
            continue
        distance = abs(left_words - total / 2)
        if best is None or distance < best[0]:
            best = (distance, index)
    return None if best is None else best[1]


def _cut(sentence: str, morphemes: list[Morpheme], index: int) -> tuple[str, str]:
    ending = morphemes[index]
    word_start = sentence.rfind(" ", 0, ending.start) + 1
    stem = [m for m in morphemes[:index] if m.start >= word_start]
    style = _final_style(morphemes)
    if style == "세요" and not _is_request(stem):
        style = "습니다"  # 안내문이 발송될 예정이며, … 바랍니다: the first half informs
    if style == "세요":
        stem = [m for m in stem if not (m.tag == "EP" and m.form == "시")]
    closed = korean.join([(m.form, m.tag) for m in stem] + [(style, "EF")])
    left = sentence[:word_start] + closed + "."
    right = sentence[ending.end :].lstrip(" ,")
    return left, SPLIT_ENDINGS[ending.form] + right


def _is_request(stem: list[Morpheme]) -> bool:
    """Whether a clause asks the reader to act: an honorific 시 after an action verb
    (준비하시고, 방문하시거나), so it can end in -세요 like the sentence it came from."""
    tags = [(m.form, m.tag) for m in stem]
    if ("시", "EP") not in tags:
        return False
    before = tags[: tags.index(("시", "EP"))]
    return bool(before) and before[-1][1] in ("VV", "XSV")


def _final_style(morphemes: list[Morpheme]) -> str:
    """The sentence's own ending style, for the new ending: 습니다, 어요 or 세요."""
    finals = [m for m in morphemes if m.tag == "EF"]
    if not finals:
        return "습니다"
    last = finals[-1].form
    if last in ("세요", "으세요", "십시오", "으십시오") or "바라" in "".join(
        m.form for m in morphemes[-4:]
    ):
        return "세요"
    if last.endswith("요"):
        return "어요"
    return "습니다"


# --- words ---------------------------------------------------------------------------------


_DIGIT_PARTICLE: Final = re.compile(r"(\d)(으로|로|을|를|이|가|은|는|과|와)(?![가-힣])")


def fix_number_particles(text: str) -> str:
    """The particle after a number as it is read aloud: 1577-1000으로 (천), 129로 (구)."""

    def fit(match: re.Match[str]) -> str:
        digit, particle = match.group(1), match.group(2)
        if particle in ("으로", "로"):
            # 일, 칠, 팔 end in ㄹ, which takes 로 like a vowel.
            return digit + ("로" if digit in "1782459" else "으로")
        return digit + korean.fit_particle(digit, particle)

    return _DIGIT_PARTICLE.sub(fit, text)


def replace_phrases(text: str) -> str:
    text = fix_number_particles(text)
    for phrase, plain in PHRASES.items():
        text = text.replace(phrase, plain)
    return re.sub(
        r"(\S+) 및 ", lambda m: m.group(1) + korean.fit_particle(m.group(1), "과") + " ", text
    )


def replace_words(text: str) -> str:
    """Swap hard verbs and nouns (never names) and refit what follows them in the 어절."""
    morphemes = korean.morphemes(text)
    edits: list[tuple[int, int, str]] = []
    for match in re.finditer(r"\S+", text):
        start, end = match.span()
        inside = [m for m in morphemes if start <= m.start < end]
        replaced = _replace_in_word(match.group(), start, inside)
        if replaced is not None:
            edits.append((start, end, replaced))
    for start, end, new in reversed(edits):
        text = text[:start] + new + text[end:]
    return text


def _replace_in_word(word: str, offset: int, morphemes: list[Morpheme]) -> str | None:
    """The 어절 with its first hard word swapped, or ``None`` to leave it as it is."""
    for index, morpheme in enumerate(morphemes):
        if morpheme.tag != "NNG":
            continue
        previous = morphemes[index - 1] if index else None
        if previous is not None and previous.tag in _NOUNISH and previous.end == morpheme.start:
            return None  # part of a compound or a name
        run = _noun_run(morphemes, index)
        rest = morphemes[index + len(run) :]
        tail = _tail_punctuation(rest)
        body = rest[: len(rest) - len(tail)]
        if any(m.tag in _NOUNISH or m.tag.startswith("S") for m in body):
            return None  # a number or a bracket follows: leave the word alone
        prefix = word[: morpheme.start - offset]
        suffix = "".join(m.form for m in tail)
        compound = "".join(m.form for m in run)
        if len(run) == 1 and body and body[0].tag in ("XSV", "XSA"):
            verb = VERBS.get((morpheme.form, body[0].form))
            if verb is None:
                return None
            parts = [(verb, "VV"), *((m.form, m.tag) for m in body[1:])]
        else:
            # 상한액 is 상한 + 액 to Kiwi: the list is looked up with the whole compound.
            plain = NOUNS.get(compound)
            if plain is None:
                return None
            parts = [(plain, "NNG"), *((m.form, m.tag) for m in body)]
        return prefix + korean.join(parts) + suffix
    return None


def _noun_run(morphemes: list[Morpheme], start: int) -> list[Morpheme]:
    """The noun at ``start`` with the noun parts that touch it (상한 + 액)."""
    run = [morphemes[start]]
    for morpheme in morphemes[start + 1 :]:
        if morpheme.tag not in ("NNG", "XSN") or morpheme.start != run[-1].end:
            break
        run.append(morpheme)
    return run


def _tail_punctuation(morphemes: list[Morpheme]) -> list[Morpheme]:
    tail: list[Morpheme] = []
    for morpheme in reversed(morphemes):
        if morpheme.tag not in ("SF", "SP", "SS", "SE"):
            break
        tail.insert(0, morpheme)
    return tail


_PARTICLE_STARTS: Final = frozenset("은는이가을를에의도와과로으만까부처")


def explain_terms(text: str) -> str:
    """Add a short explanation in parentheses after the first use of each official term."""
    for term, explanation in EXPLAIN.items():
        position = text.find(term)
        if position == -1 or explanation in text:
            continue
        end = position + len(term)
        following = text[end : end + 1]
        if following == "(" or (korean.has_hangul(following) and following not in _PARTICLE_STARTS):
            continue
        text = f"{text[:end]}({explanation}){text[end:]}"
    return text
