"""ISO 639-1 language codes: what a profile's preferred languages may be."""

from __future__ import annotations

from typing import Final

ISO_639_1: Final[frozenset[str]] = frozenset(
    """
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr
    ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw
    ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv
    ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr
    ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi
    yo za zh zu
    """.split()  # noqa: SIM905  (184 codes read better as a block than as a list literal)
)
"""Every two-letter code of ISO 639-1 (184, including the retired but still seen `bh`)."""


def normalise_language(code: str) -> str:
    """``"KO"``, ``"ko-KR"`` or ``"ko_KR"`` → ``"ko"``; :class:`ValueError` if not ISO 639-1.

    Region subtags are dropped: recognition, the model and the voices choose by language only.
    """
    base = code.strip().replace("_", "-").split("-", 1)[0].lower()
    if base not in ISO_639_1:
        raise ValueError(
            f"{code!r} is not an ISO 639-1 language code (two letters, e.g. 'ko', 'en') / "
            f"{code!r}은(는) ISO 639-1 언어 코드가 아닙니다 (예: 'ko', 'en')"
        )
    return base


def normalise_languages(codes: list[str]) -> list[str]:
    """Each code normalised, duplicates dropped, first mention kept (the order is preference)."""
    seen: list[str] = []
    for code in codes:
        base = normalise_language(code)
        if base not in seen:
            seen.append(base)
    return seen
