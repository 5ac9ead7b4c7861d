"""Dates and times in Korean and English, read into comparable keys.

Date keys are ``YYYY-MM-DD`` with ``?`` for a part the text leaves out (``?-03-01`` for
"3월 1일"; ``2025-03-?`` for "March 2025"). Time keys are ``HH:MM`` on a 24-hour clock when
the text says morning or afternoon (오전/오후, a.m./p.m., or an hour past 12), and ``H:MM*``
when it does not: "9시" may be 09:00 or 21:00, so it matches either (:func:`same_time`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

MONTHS: Final[dict[str, int]] = {
    name: index
    for index, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH: Final = r"(?P<month_name>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY: Final = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR: Final = r"(?P<year>\d{4})"

_KO_DATES: Final = [
    re.compile(r"(?P<year>\d{4})\s?년\s?(?P<month>\d{1,2})\s?월\s?(?P<day>\d{1,2})\s?일"),
    re.compile(r"(?<![\d.])(?P<year>\d{4})\s?\.\s?(?P<month>\d{1,2})\s?\.\s?(?P<day>\d{1,2})\.?"),
    re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
    re.compile(r"(?P<year>\d{4})\s?년\s?(?P<month>\d{1,2})\s?월"),
    re.compile(r"(?<!\d)(?P<month>\d{1,2})\s?월\s?(?P<day>\d{1,2})\s?일"),
    re.compile(r"(?<!\d)(?P<year>\d{4})\s?년(?!\s?\d)"),
    re.compile(r"(?<!\d)(?P<month>\d{1,2})\s?월"),
]
_EN_DATES: Final = [
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!:)", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
]

_KO_TIME: Final = re.compile(
    r"(?:(?P<meridiem>오전|오후|새벽|아침|낮|저녁|밤)\s?)?(?P<hour>\d{1,2})\s?시"
    r"(?:\s?(?P<minute>\d{1,2})\s?분|\s?(?P<half>반))?(?!간)"
)
_CLOCK: Final = re.compile(r"(?<![\d:])(?P<hour>\d{1,2}):(?P<minute>\d{2})(?![\d:])")
_EN_TIME: Final = re.compile(
    r"\b(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s?(?P<meridiem>a\.?m\.?|p\.?m\.?)(?![a-z])",
    re.IGNORECASE,
)
_AFTERNOON: Final = frozenset({"오후", "저녁", "밤", "pm", "p.m.", "p.m", "pm."})
_MORNING: Final = frozenset({"오전", "새벽", "아침", "am", "a.m.", "a.m", "am."})


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    key: str


def find_dates(text: str, language: str) -> Iterator[Span]:
    """Dates, longest forms first; spans never overlap."""
    taken: list[tuple[int, int]] = []
    for pattern in _KO_DATES if language == "ko" else _EN_DATES:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append(match.span())
            yield Span(match.start(), match.end(), _date_key(match))


def _date_key(match: re.Match[str]) -> str:
    parts = match.groupdict()
    month: int | None = None
    if parts.get("month_name"):
        month = MONTHS[parts["month_name"].lower()]
    elif parts.get("month"):
        month = int(parts["month"])
    year = parts.get("year")
    day = parts.get("day")
    return "-".join(
        [
            year or "?",
            f"{month:02d}" if month else "?",
            f"{int(day):02d}" if day else "?",
        ]
    )


def find_times(text: str, language: str) -> Iterator[Span]:
    taken: list[tuple[int, int]] = []
    patterns = [_CLOCK, _KO_TIME] if language == "ko" else [_EN_TIME, _CLOCK]
    for pattern in patterns:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            hour = int(match.group("hour"))
            if hour > 24:
                continue
            taken.append(match.span())
            yield Span(match.start(), match.end(), _time_key(match, hour))


def _time_key(match: re.Match[str], hour: int) -> str:
    groups = match.groupdict()
    minute = int(groups.get("minute") or 0)
    if groups.get("half"):
        minute = 30
    meridiem = (groups.get("meridiem") or "").lower().replace(" ", "")
    if meridiem in _AFTERNOON and hour < 12:
        return f"{hour + 12:02d}:{minute:02d}"
    if meridiem in _MORNING:
        return f"{hour % 12:02d}:{minute:02d}"
    if hour >= 13 or hour == 0:
        return f"{hour % 24:02d}:{minute:02d}"
    return f"{hour}:{minute:02d}*"


def same_time(a: str, b: str) -> bool:
    """Equal on the 24-hour clock, or equal on a 12-hour clock when either is ambiguous."""
    if a == b:
        return True
    if not (a.endswith("*") or b.endswith("*")):
        return False
    hour_a, minute_a = (int(x) for x in a.rstrip("*").split(":"))
    hour_b, minute_b = (int(x) for x in b.rstrip("*").split(":"))
    return hour_a % 12 == hour_b % 12 and minute_a == minute_b
