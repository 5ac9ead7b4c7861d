"""Invented specifics: phone numbers, street addresses, clock times, prices and forecasts that
the answer states but nothing supplied (neither the question nor the list of known official
lines in ``known_numbers.json``).

The bundled model invents these confidently; each one can send an older person to a wrong
number or a closed office, so the target is zero.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Final

from pydantic import BaseModel, ConfigDict

from service.answers.eval.text import sentences

KNOWN_NUMBERS_PATH: Final[Path] = Path(__file__).with_name("known_numbers.json")
FACTS_PATH: Final[Path] = Path(__file__).parent.parent / "data" / "facts.jsonl"
"""The curated fact base: its numbers are sourced, so an answer may repeat them."""

_FULL_PHONE: Final = re.compile(
    r"(?<![\d-])(?:\+?\d{1,3}[-. ]?)?\(?\d{2,4}\)?[-. ]\d{3,4}[-. ]\d{4}(?![\d-])"
    r"|(?<![\d-])1[-. ]?8\d\d[-. ]?[A-Z0-9]{3}[-. ]?[A-Z0-9]{4}(?![\d-])"
    r"|(?<![\d-])1[5-9]\d\d-\d{4}(?![\d-])"  # Korean 4-4 service numbers (1577-1366)
)
_SHORT_NUMBER: Final = re.compile(r"(?<![\d.,:/-])\d{3,6}(?![\d.,:/%-])")
_CALL_WORD: Final = re.compile(
    r"\b(call|dial|phone|text|hotline|helpline|line|number|contact)\b|전화|번호|연락|신고|상담|문의",
    re.IGNORECASE,
)
_CALL_WINDOW: Final = 24
"""Characters either side of a short number in which a call word makes it a phone number:
"call 1345" or "1345번으로 전화" is a number to ring; "1443년" or "350 degrees" is not."""
_ADDRESS: Final = re.compile(
    r"\b\d{1,5}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][a-z]+\s+){1,3}"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Court|Ct|Place|Pl)\b\.?"
    # A road name ("세종대로 175", "연세로 2길"), not an adverb ending in 로 ("지금 바로 119에",
    # "따로 1332에"): those are the words before a number to call, not an address. Nor a
    # number of hours or days after one ("여러 언어로 24시간").
    r"|(?<![가-힣])(?!(?:바|새|서|따|별|홀|절|함부|스스|그대|으)로)"
    r"[가-힣]{1,10}(?:로|길)\s?\d{1,4}(?:-\d{1,4})?(?:번길)?(?![\d가-힣]*(?:년|분|개|명|세|살|시간|시|일|월|주|회|배|층|퍼센트))"
    r"|\d{1,5}(?:-\d{1,5})?\s?(?:번지|호(?!선|실|기|차))"
)
_CLOCK_TIME: Final = re.compile(
    r"\b\d{1,2}:\d{2}\b"
    r"|\b\d{1,2}\s?(?:a\.?m\.?|p\.?m\.?)(?![a-z])"
    r"|\b\d{1,2}\s?o'clock\b"
    r"|(?:오전|오후|새벽|아침|저녁|밤)\s?\d{1,2}\s?시"
    r"|\d{1,2}\s?시(?:\s?\d{1,2}\s?분|\s?반)?(?:부터|까지|에|쯤|경|\s?예정|\s?정각|입니다|이에요|예요)",
    re.IGNORECASE,
)
_PRICE: Final = re.compile(
    r"[$₩]\s?\d[\d,]*(?:\.\d+)?"
    r"|\b\d[\d,]*(?:\.\d+)?\s?(?:dollars?|cents?|USD|KRW|won)\b"
    r"|\d[\d,]*(?:\.\d+)?\s?(?:만|천|백|억)?\s?원(?!인|래|칙|소|리|형|가|장|님|룸)",
    re.IGNORECASE,
)
_WEATHER_WORD: Final = re.compile(
    r"weather|forecast|rain|snow|sunny|cloudy|humid|outside|tomorrow|tonight|this afternoon|"
    r"this week|날씨|기온|예보|비가|눈이|맑|흐리|미세먼지|강수|영하|최고|최저|내일|오늘|주말",
    re.IGNORECASE,
)
_FORECAST: Final = re.compile(
    r"\b(?:it|there)\s?(?:will|'ll|is going to|'s going to|is gonna|'s gonna|is expected to|"
    r"is likely to)\s+"
    r"(?:be\s+)?(?:rain|snow|sunny|cloudy|clear|warm|cold|hot|windy|storm)\w*"
    r"|\b(?:high|low)s?\s+(?:of|around|near)\s+-?\d+"
    r"|\b-?\d+\s?(?:°|degrees?)\s?[FC]?\b"
    r"|\d+\s?%\s?(?:chance|probability)"
    r"|(?:비|눈|소나기)가?\s?(?:오겠|올\s?것|내리겠|내릴\s?것|예상)"
    r"|맑겠|흐리겠|맑을\s?것|흐릴\s?것|춥겠|덥겠"
    r"|(?:영하\s?)?-?\d+\s?(?:도|℃|°C)(?![가-힣]*(?:화상|수|정도의?\s?열))"
    r"|(?:좋음|보통|나쁨)\s?(?:수준|입니다|이에요|이겠)"
    r"|(?:비|눈)가?\s?(?:많이\s?)?(?:오고\s?있|내리고\s?있)"
    r"|미세먼지가?\s?(?:좋|나쁘|나빠|많|적)",
    re.IGNORECASE,
)


class Specific(BaseModel):
    """One invented specific: what kind, and the text as the answer wrote it."""

    model_config = ConfigDict(frozen=True)

    kind: str
    text: str


@cache
def known_numbers() -> frozenset[str]:
    """Digits of every official line in ``known_numbers.json``, and of every number the curated
    fact base names (each with its official source: a number the answer took from a supplied
    fact is not invented). US numbers also without the leading 1, as people write both."""
    rows = json.loads(KNOWN_NUMBERS_PATH.read_text(encoding="utf-8"))["numbers"]
    digits = {_digits(str(row["number"])) for row in rows}
    digits |= {_digits(number) for number in _fact_base_numbers()}
    return frozenset(digits | {d[1:] for d in digits if len(d) == 11 and d.startswith("1")})


def _fact_base_numbers() -> list[str]:
    facts = FACTS_PATH.read_text(encoding="utf-8").splitlines()
    return [str(n) for line in facts if line.strip() for n in json.loads(line).get("numbers", [])]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _letters_to_digits(text: str) -> str:
    """1-800-MEDICARE → 1-800-6334227: vanity numbers compared as the digits dialled."""
    groups = ["", "", "ABC", "DEF", "GHI", "JKL", "MNO", "PQRS", "TUV", "WXYZ"]
    keypad = {c: str(d) for d, letters in enumerate(groups) for c in letters}
    return "".join(keypad.get(c.upper(), c) for c in text)


def _phone_numbers(text: str) -> list[str]:
    found = [m.group(0) for m in _FULL_PHONE.finditer(text)]
    covered = [m.span() for m in _FULL_PHONE.finditer(text)]
    for match in _SHORT_NUMBER.finditer(text):
        if any(start <= match.start() < end for start, end in covered):
            continue
        window = text[max(0, match.start() - _CALL_WINDOW) : match.end() + _CALL_WINDOW]
        if _CALL_WORD.search(window):
            found.append(match.group(0))
    return found


def _supplied(found: str, question: str) -> bool:
    """Said in the question already (the same digits), so not invented by the answer."""
    digits = _digits(found)
    return bool(digits) and digits in _digits_groups(question)


def _digits_groups(question: str) -> set[str]:
    groups = set(re.findall(r"\d+", question))
    return groups | {_digits(m) for m in re.findall(r"\d[\d\s:.,-]*\d", question)}


def invented_specifics(answer: str, question: str) -> list[Specific]:
    """Every specific in the answer that neither the question nor the known lines supplied."""
    invented: list[Specific] = []
    known = known_numbers()
    for number in _phone_numbers(answer):
        digits = _digits(_letters_to_digits(number))
        if digits not in known and not _supplied(number, question):
            invented.append(Specific(kind="phone", text=number))
    for kind, pattern in (("address", _ADDRESS), ("time", _CLOCK_TIME), ("price", _PRICE)):
        for match in pattern.finditer(answer):
            if not _supplied(match.group(0), question):
                invented.append(Specific(kind=kind, text=match.group(0).strip(" .")))
    for sentence in sentences(answer):
        if not _WEATHER_WORD.search(sentence):
            continue  # "350 degrees" in a recipe is an oven, not a forecast
        for match in _FORECAST.finditer(sentence):
            if not _supplied(match.group(0), question):
                invented.append(Specific(kind="forecast", text=match.group(0).strip()))
    return invented
