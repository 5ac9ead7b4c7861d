"""Korean particles that depend on the sound before them (은/는), for generated sentences."""

from __future__ import annotations

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
# How digits and Latin letters are read aloud in Korean: whether the reading ends in a
# consonant (받침). 0 영, 1 일, 3 삼, 6 육, 7 칠, 8 팔 do; L 엘, M 엠, N 엔, R 알 do.
_DIGITS_WITH_FINAL = frozenset("013678")
_LETTERS_WITH_FINAL = frozenset("lmnr")


def ends_in_consonant(word: str) -> bool:
    """Whether ``word``, read aloud in Korean, ends in a final consonant (받침)."""
    stripped = word.rstrip(" .,;:!?)\"'」』]")
    if not stripped:
        return False
    last = stripped[-1]
    code = ord(last)
    if _HANGUL_FIRST <= code <= _HANGUL_LAST:
        return (code - _HANGUL_FIRST) % 28 != 0
    if last.isdigit():
        return last in _DIGITS_WITH_FINAL
    return last.lower() in _LETTERS_WITH_FINAL


def topic(word: str) -> str:
    """``word`` with the topic particle: 이름은, 나이는, 2단계는."""
    return f"{word}{'은' if ends_in_consonant(word) else '는'}"
