"""The sentence gate's detector: phone numbers, addresses, clock times, today's date, prices,
forecasts and web addresses in a generated sentence.

The bundled model invents exactly these ("the pharmacy is open until 9 p.m.", "call
02-123-4567"). ``unsupported_specifics`` keeps the ones something supplied (a vetted number,
the retrieved facts, the user's own words) and returns the rest, for the pipeline to replace
the sentence with an honest one (``fallbacks.fallback_text("unverified_specifics", ...)``).

Ordinary numbers are not specifics: ages, years ("since 2024"), counts and doses (the safety
layer's business), durations ("24 hours", "24시간"), steps, percentages and ordinals.
Explicit calendar dates ("12월 6일") are left alone too: deadlines come from the fact base.
Both languages' patterns run on every sentence, since Korean addresses appear in English
answers for people in Korea and "KTX" or "$" appear in Korean ones.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

SpecificKind = Literal[
    "phone", "address", "clock_time", "date_time_today", "price", "forecast", "url"
]


@dataclass(frozen=True)
class Specific:
    kind: SpecificKind
    text: str
    """As it appears in the sentence."""


_HOUR_EN = r"(?:1[0-2]|0?[1-9])"
_NOT_A_TIME_AFTER = (
    r"(?!\s?(?:%|percent|years?|yrs?|days?|hours?|hrs?|minutes?|mins?|seconds?|steps?|pills?|"
    r"tablets?|times?|people|months?|weeks?|kg|mg|km|miles?|st\b|nd\b|rd\b|th\b|\.\d|,\d|\d))"
)
_KO_NUMERAL_HOUR = r"(?:열한|열두|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)"
_WEEKDAY_EN = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
# A Korean road number is followed by a particle or the end, never by a unit ("택시로 10분").
_NOT_A_UNIT_KO = (
    r"(?!\s?(?:분|시|일|개|번째|명|원|%|세|살|km|킬로|미터|m\b|년|월|주|달|회|배|도|kg|mg|알|정|"
    r"번|층|정거장|단계|가지|장|잔|병|시간|초|\d))"
)

# Checked in this order; an earlier kind wins where matches overlap.
_PATTERN_TEXT: tuple[tuple[SpecificKind, str, int], ...] = (
    ("url", r"\b(?:https?://|www\.)[^\s,)]+[^\s,.)!?]", re.IGNORECASE),
    (
        "url",
        r"\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|edu|io|info|us|"
        r"go\.kr|or\.kr|co\.kr|kr)\b(?:/[^\s,)]*[^\s,.)!?])?",
        re.IGNORECASE,
    ),
    # International, KR area-code and mobile, US (555) 123-4567 and 1-800-… forms.
    ("phone", r"\+\d{1,3}[-. ]?\(?\d{1,4}\)?[-. ]\d{3,4}[-. ]\d{4}(?!\d)", 0),
    ("phone", r"(?<![\d-])(?:1[-. ])?\(?\d{2,3}\)?[-. ]?\d{3,4}[-. ]\d{4}(?![\d-])", 0),
    ("phone", r"(?<![\d-])1[5-9]\d{2}-\d{4}(?![\d-])", 0),
    # Short service numbers, only when said as a number to call.
    (
        "phone",
        r"\b(?:call|dial|ring|text|phone|hotline|helpline|number is|numbers? are|line)\s+"
        r"(?:is\s+)?\d{3,4}\b(?![-.]\d)",
        re.IGNORECASE,
    ),
    ("phone", r"국번\s?없이\s?\d{3,4}(?!\d)|☎\s?\d{3,4}(?!\d)", 0),
    (
        "phone",
        r"(?<![\d,.])\d{3,4}\s?(?:번)?(?:으로|로|에|에서|을|를|번)?\s?(?:전화|연락|문의|걸어)",
        0,
    ),
    (
        "phone",
        r"(?<![\d,.])\d{3,4}번(?!\s?(?:버스|출구|국도|도로|방|째|지|길|호|마을|게이트))",
        0,
    ),
    (
        "address",
        r"\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Avenue|Ave|Road|"
        r"Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct|Place|Pl|Parkway|Pkwy|Highway|"
        r"Hwy)\b",
        0,
    ),
    (
        "address",
        r"[가-힣]+(?:시|도)\s[가-힣]+(?:구|군|시)\s[가-힣0-9]+(?:동|읍|면|로|길)"
        r"(?:\s?\d{1,4}(?:-\d{1,4})?)?",
        0,
    ),
    (
        "address",
        r"[가-힣]*[가-힣0-9](?<!으)(?:대로|로|길)(?:\d{1,4}번?길)?\s?\d{1,4}(?:-\d{1,4})?"
        + _NOT_A_UNIT_KO,
        0,
    ),
    ("address", r"[가-힣]+동\s?\d{1,4}-\d{1,4}(?:번지)?|[가-힣]+동\s?\d{1,4}번지", 0),
    ("price", r"[$€£¥₩]\s?\d[\d,]*(?:\.\d+)?", 0),
    (
        "price",
        r"\b\d[\d,]*(?:\.\d+)?\s?(?:dollars?|cents?|won|euros?|yen|usd|krw)\b",
        re.IGNORECASE,
    ),
    ("price", r"(?<![\d,.])\d[\d,.]*\s?(?:[천만억]\s?)*(?:원|달러|엔|유로)", 0),
    ("price", r"(?<![가-힣])(?:[일이삼사오육칠팔구]?[십백천만억]\s?)+원", 0),
    (
        "date_time_today",
        rf"\b(?:today|tomorrow) is (?:a )?{_WEEKDAY_EN}\b|\btoday is\b|"
        r"\bthe (?:current )?(?:date|time) is\b|\b(?:it is|it's) now\b|\bright now it'?s\b",
        re.IGNORECASE,
    ),
    (
        "date_time_today",
        r"(?:오늘|내일)(?:은|이)?\s?(?:\d{1,2}월\s?\d{1,2}일|[월화수목금토일]요일)|"
        r"지금은?\s?(?:오전|오후)?\s?\d{1,2}\s?시|현재 시각",
        0,
    ),
    (
        "clock_time",
        rf"\b{_HOUR_EN}(?::[0-5]\d)?\s?(?:[ap]\.m\.?|[ap]m\b)|\b(?:[01]?\d|2[0-3]):[0-5]\d\b|"
        r"\b(?:noon|midnight)\b",
        re.IGNORECASE,
    ),
    (
        "clock_time",
        r"\b(?:opens?|closes?|closed|open|until|till|from|at|by|before|after)\s+"
        rf"{_HOUR_EN}(?:\s?o'clock)?\b{_NOT_A_TIME_AFTER}",
        re.IGNORECASE,
    ),
    (
        "clock_time",
        r"(?:오전|오후|새벽|아침|저녁|밤|낮)\s?\d{1,2}\s?시(?:\s?\d{1,2}\s?분|\s?반)?|"
        r"(?<!\d)(?:[01]?\d|2[0-4])\s?시(?!간|작|험|설|민|청|장|내|대|기|외|키|도|절|술|력|급)"
        r"(?:\s?\d{1,2}\s?분|\s?반)?|"
        rf"(?<![가-힣]){_KO_NUMERAL_HOUR}\s?시(?!간|작|험|설|민|청|장|내|대|기|외|키|도|절|술|력)",
        0,
    ),
    (
        "forecast",
        r"\bit(?: will|'ll| is going to|'s going to) (?:rain|snow|be (?:sunny|cloudy|hot|cold|"
        r"warm|windy|clear|rainy|freezing|mild))\b|\b(?:rain|snow|showers|storms?|"
        r"thunderstorms?) (?:is|are) (?:expected|forecast|likely)\b|\bchance of (?:rain|"
        r"snow|showers)\b|\b(?:currently|right now|today|tonight|tomorrow|outside|high of|"
        r"low of|temperature)\b[^.]{0,30}?-?\d{1,3}\s?(?:degrees|°\s?[cf]?|celsius|"
        r"fahrenheit)|\b(?:sunny|cloudy|rainy|clear skies|partly cloudy) (?:today|tomorrow|"
        r"tonight|this (?:afternoon|evening|morning|week))\b",
        re.IGNORECASE,
    ),
    (
        "forecast",
        r"(?:비|눈|소나기)(?:가|이)?\s?(?:오겠|내리겠|올 (?:예정|것)|온다고|내릴 (?:예정|것))|"
        r"맑겠|흐리겠|춥겠|덥겠|쌀쌀하겠|포근하겠|"
        r"(?:오늘|내일|모레|주말|이번 주|오후|밤|저녁|아침)(?:은|에는|엔|에)?\s?(?:비|소나기)"
        r"(?:가|는)?|(?:기온|최고|최저|낮 기온|아침 기온|현재)[^.]{0,10}?-?\d{1,2}\s?(?:도|℃)|"
        r"강수\s?확률|미세먼지[^.]{0,6}(?:나쁨|좋음|보통)",
        0,
    ),
)
_PATTERNS: tuple[tuple[SpecificKind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(text, flags)) for kind, text, flags in _PATTERN_TEXT
)


def find_specifics(sentence: str, language: str) -> list[Specific]:
    """The specifics in ``sentence``, in order of appearance, without overlaps.

    ``language`` ("ko" or "en") is a hint only: both languages' patterns run (see above).
    """
    del language  # mixed-language sentences are common; every pattern is cheap
    found: list[tuple[int, int, Specific]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if any(start < taken_end and taken_start < end for taken_start, taken_end, _ in found):
                continue
            found.append((start, end, Specific(kind=kind, text=match.group(0).strip())))
    return [specific for _, _, specific in sorted(found, key=lambda item: item[0])]


def unsupported_specifics(
    sentence: str, language: str, *, supplied: str, allowed_numbers: Collection[str]
) -> list[Specific]:
    """The specifics in ``sentence`` that nothing supplied.

    A phone number is supported when its digits equal a vetted number's digits
    ("1-800-222-1222" == "18002221222") or a number in ``supplied``. Any specific is supported
    when its normalised text appears in the normalised ``supplied`` text, or when ``supplied``
    holds a specific of the same kind with the same digits ("$5" and "5 dollars"; for clock
    times ":00" is ignored, so "9 a.m.", "9:00 AM" and "오전 9시" are the same hour).
    """
    allowed_digits = {_digits(number) for number in allowed_numbers}
    supplied_text, supplied_keys, supplied_numbers = _supplied_index(supplied)
    unsupported: list[Specific] = []
    for specific in find_specifics(sentence, language):
        digits = _digits(specific.text)
        if specific.kind == "phone" and (digits in allowed_digits or digits in supplied_numbers):
            continue
        if _normalise(specific.text) in supplied_text:
            continue
        if digits and _key(specific) in supplied_keys:
            continue
        unsupported.append(specific)
    return unsupported


@lru_cache(maxsize=16)
def _supplied_index(
    supplied: str,
) -> tuple[str, frozenset[tuple[SpecificKind, str]], frozenset[str]]:
    """What ``supplied`` holds, computed once per text: the pipeline checks every sentence of
    an answer against the same facts, and scanning a few retrieved facts costs ~1 ms."""
    return (
        _normalise(supplied),
        frozenset(_key(s) for s in find_specifics(supplied, "")),
        frozenset(_digits(group) for group in _NUMBER_GROUP.findall(supplied)),
    )


_NUMBER_GROUP = re.compile(r"\+?\d[\d\-. ()]*\d|\d")
_NOT_TEXT = re.compile(r"[\s.,·'’\"()\-–—/:]|https?|www")


def _key(specific: Specific) -> tuple[SpecificKind, str]:
    digits = _digits(specific.text)
    if specific.kind == "clock_time" and len(digits) >= 3 and digits.endswith("00"):
        digits = digits[:-2]
    return specific.kind, digits


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def _normalise(text: str) -> str:
    """Lower case without spaces, punctuation or URL schemes: "9 a.m." == "9am",
    "5,000원" == "5000원", "https://www.weather.go.kr/" == "weathergokr"."""
    return _NOT_TEXT.sub("", text.lower())
