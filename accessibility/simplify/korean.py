"""Korean analysis with kiwipiepy: sentences, 어절, morphemes, and composing endings.

Kiwi's model ships inside the ``kiwipiepy_model`` package (no download). Loading it takes about
1.5 s and ~100 MB, so one analyser is built on first use and shared; kiwipiepy releases the GIL
and its ``Kiwi`` object may be used from several threads.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiwipiepy import Kiwi  # type: ignore[import-untyped]

_lock = threading.Lock()
_kiwi: Kiwi | None = None

_HANGUL = re.compile(r"[가-힣]")


def kiwi() -> Kiwi:
    """The shared analyser (built once, on first use)."""
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                try:
                    from kiwipiepy import Kiwi
                except ImportError as error:
                    raise ImportError(
                        "Korean simplification needs kiwipiepy: pip install 'modu[simplify]'"
                    ) from error
                # One worker: the cores are shared by speech, the model and the voice.
                _kiwi = Kiwi(num_workers=1)
    return _kiwi


@dataclass(frozen=True)
class Morpheme:
    """One morpheme: its form, Sejong-style tag (NNG, NNP, VV, EC, …) and span in the text."""

    form: str
    tag: str
    start: int
    end: int


def morphemes(text: str) -> list[Morpheme]:
    return [_morpheme(token) for token in kiwi().tokenize(text)]


def _morpheme(token: Any) -> Morpheme:
    start = int(token.start)
    return Morpheme(str(token.form), str(token.tag), start, start + int(token.len))


def sentences(text: str) -> list[str]:
    """Sentences, as Kiwi splits them (it also finds boundaries without punctuation)."""
    return [s.text.strip() for s in kiwi().split_into_sents(text) if s.text.strip()]


def eojeol(sentence: str) -> list[str]:
    """The 어절 (space-separated units) of a sentence that contain a letter or digit."""
    return [word for word in sentence.split() if any(ch.isalnum() for ch in word)]


def has_hangul(text: str) -> bool:
    return _HANGUL.search(text) is not None


def join(parts: list[tuple[str, str]]) -> str:
    """Compose morphemes into text, with Kiwi choosing allomorphs (하+습니다 → 합니다)."""
    return str(kiwi().join(parts))


@lru_cache(maxsize=4096)
def has_final_consonant(syllable: str) -> bool:
    """Whether a Hangul syllable ends in a consonant (받침); digits read aloud count too."""
    if not syllable:
        return False
    char = syllable[-1]
    if "가" <= char <= "힣":
        return (ord(char) - ord("가")) % 28 != 0
    # 0 영, 1 일, 3 삼, 6 육, 7 칠, 8 팔 end in a consonant; 2 이, 4 사, 5 오, 9 구 do not.
    return char in "013678"


_PARTICLE_PAIRS = (
    ("을", "를"),
    ("이", "가"),
    ("은", "는"),
    ("과", "와"),
    ("으로", "로"),
)


def fit_particle(word: str, particle: str) -> str:
    """The form of ``particle`` that follows ``word`` (돈+를 → 을, 제도+을 → 를)."""
    final = has_final_consonant(word)
    for after_consonant, after_vowel in _PARTICLE_PAIRS:
        if particle in (after_consonant, after_vowel):
            if after_consonant == "으로" and word.endswith("ㄹ"):
                return after_vowel
            return after_consonant if final else after_vowel
    return particle
