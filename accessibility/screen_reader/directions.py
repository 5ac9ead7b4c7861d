"""Visual directions (S3): "see the table above", "on the left", "위의 표", "아래와 같이".

A listener hears the answer in order; nothing is above, below or to the left. References to
earlier or later parts are rephrased in order words ("earlier", "next", "앞서 말한", "다음");
positions on a screen are dropped. The same patterns are the checker's word lists, so the
formatter removes exactly what the checker would flag.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

Replacement = str | Callable[[re.Match[str]], str]


@dataclass(frozen=True)
class DirectionRule:
    pattern: re.Pattern[str]
    replacement: Replacement


def _en(pattern: str, replacement: Replacement) -> DirectionRule:
    return DirectionRule(re.compile(pattern, re.IGNORECASE), replacement)


def _ko(pattern: str, replacement: Replacement) -> DirectionRule:
    return DirectionRule(re.compile(pattern), replacement)


_EN_NOUNS = (
    r"(?:tables?|charts?|lists?|images?|pictures?|figures?|diagrams?|graphs?|screenshots?|"
    r"links?|buttons?|boxes|box|panels?|columns?|sections?|examples?|steps?|information|"
    r"details|options?|items?|text|code|menus?|forms?|instructions|summary|points?|"
    r"documents?|notes?|rows?|answers?|messages?)"
)
_ORDER = {"above": "earlier", "below": "next"}
_VISUAL_VERBS = {
    "shown": "explained",
    "seen": "explained",
    "displayed": "explained",
    "illustrated": "explained",
}
_COMPARISON = (
    "and or at is are was be degrees zero freezing average age ages aged level levels "
    "limit normal par poverty threshold ground sea"
)
_COMPARISON_WORDS = frozenset(_COMPARISON.split())
"""Words before "above" / "below" that make it a comparison ("65 and above"), not a place."""


def _order(word: str) -> str:
    return _ORDER[word.lower()]


def _see_reference(match: re.Match[str]) -> str:
    noun, where = match.group("noun"), match.group("where")
    said = f"refer to the {noun}" if where is None else f"refer to the {_order(where)} {noun}"
    return said.capitalize() if match.group(0)[0].isupper() else said


def _as_shown(match: re.Match[str]) -> str:
    verb = match.group("verb")
    verb = _VISUAL_VERBS.get(verb.lower(), verb)
    return f"{verb} {_order(match.group('where'))}"


def _noun_where(match: re.Match[str]) -> str:
    the, noun, where = match.group("the"), match.group("noun"), match.group("where")
    return f"{the}{_order(where)} {noun}" if the else f"{noun} {_order(where)}"


_SCREEN_NOUNS = re.compile(
    r"\b(?:button|menu|column|panel|screen|page|table|image|picture|icon|link|tab|sidebar|"
    r"box|field|chart|window|app|website|site)s?\b",
    re.IGNORECASE,
)


def _screen_position(match: re.Match[str]) -> str:
    """ "Press the button on the left." loses "on the left"; "The bank is on the left." (a
    real place) keeps it: only a sentence about a screen gets the position dropped."""
    start = max(match.string.rfind(mark, 0, match.start()) for mark in ".!?\n")
    if _SCREEN_NOUNS.search(match.string, start + 1, match.start()):
        return ""
    return match.group(0)


def _standalone(match: re.Match[str]) -> str:
    """ "…the form below." → "…the form next."; "aged 65 and above." stays."""
    before = match.string[: match.start()].split()
    previous = before[-1].lower() if before else ""
    if previous[-1:] in (".", "!", "?"):
        previous = ""  # another sentence: nothing is being compared
    previous = previous.strip(",")
    if previous in _COMPARISON_WORDS or any(ch.isdigit() for ch in previous):
        return match.group(0)
    said = _order(match.group("where"))
    return (
        f"{match.group('space')}{said.capitalize() if match.group('where')[0].isupper() else said}"
    )


ENGLISH_RULES: list[DirectionRule] = [
    _en(
        rf"\b(?:please\s+)?(?:see|look\s+at|check\s+out|view)\s+(?:the\s+)?(?P<noun>{_EN_NOUNS})"
        r"(?:\s+(?P<where>above|below))?\b",
        _see_reference,
    ),
    _en(
        r"\b(?:refer\s+to|check)\s+(?:the\s+)?(?P<noun>"
        + _EN_NOUNS
        + r")\s+(?P<where>above|below)\b",
        _see_reference,
    ),
    _en(
        r"\b(?P<verb>shown|listed|mentioned|described|explained|noted|seen|given|outlined|"
        r"displayed|illustrated|stated|provided)\s+(?P<where>above|below)\b",
        _as_shown,
    ),
    _en(rf"\b(?P<the>the\s+)?(?P<noun>{_EN_NOUNS})\s+(?P<where>above|below)\b", _noun_where),
    _en(rf"\b(?P<the>the\s+)?(?P<where>above|below)\s+(?P<noun>{_EN_NOUNS})\b", _noun_where),
    _en(
        r"\s*\b(?:on|at|in|to)\s+the\s+(?:(?:top|bottom|upper|lower)[\s-]+)?(?:left|right)?"
        r"(?:-hand)?\s*(?:side|corner|part|edge)?\s+of\s+(?:the|your)\s+(?:screen|page|window|"
        r"display)\b",
        "",
    ),
    _en(
        r"\s*\b(?:on|at|in)\s+the\s+(?:(?:top|bottom|upper|lower)[\s-]+)?(?:left|right)"
        r"(?:-hand)?(?:\s+(?:side|corner|column|panel|sidebar))?(?=\s*(?:[.,;:!?)]|$))",
        _screen_position,
    ),
    _en(r"\b(?:left|right)[\s-]hand\s+(?=column|side|panel|menu|sidebar)", ""),
    _en(r"\bin\s+the\s+(?:left|right)\s+(?:column|panel|sidebar)\b", ""),
    # After spaces, the start, or a symbol the formatter drops later ("}below" → "below").
    _en(r"(?P<space>\s+|(?<!\w))(?P<where>above|below)(?=\s*(?:[.,;:!?)]|$))", _standalone),
]

_KO_NOUNS = (
    r"(?:표|목록|리스트|내용|그림|링크|안내|설명|정보|단계|예시|예|방법|항목|사항|자료|이미지|사진|"
    r"차트|그래프|코드|버튼|메뉴|문서|글|답변|양식|서식|도표|순서|절차)"
)
_KO_UI = r"(?:메뉴|버튼|표|그림|칸|열|목록|링크|아이콘|창|탭|화면|이미지|사진)"


def _ko_position(match: re.Match[str]) -> str:
    return "앞서 말한 " if match.group("where") in ("위", "상단", "위쪽") else "다음 "


KOREAN_RULES: list[DirectionRule] = [
    _ko(r"위와\s*같이", "앞서 말한 대로"),
    _ko(r"아래와\s*같이", "다음과 같이"),
    _ko(r"위와\s*같은", "앞서 말한"),
    _ko(r"아래와\s*같은", "다음과 같은"),
    _ko(r"위에서\s*(?=(?:설명|말씀|언급|안내|소개|정리|말한|보신|본))", "앞서 "),
    _ko(r"아래에서\s*(?=(?:설명|말씀|언급|안내|소개|정리|확인|보))", "다음에서 "),
    _ko(
        r"(?:화면|페이지|창)\s*(?:의\s*)?(?:왼쪽|오른쪽|좌측|우측|위쪽|아래쪽|상단|하단)"
        r"(?:\s*(?:위|아래|상단|하단|구석))?(?:에서|에 있는|에 보이는|에|의)?\s*",
        "",
    ),
    _ko(
        rf"(?:왼쪽|오른쪽|좌측|우측)(?:\s*(?:위|아래|상단|하단))?(?:에 있는|에 보이는|의|에서|에)?"
        rf"\s*(?={_KO_UI})",
        "",
    ),
    _ko(
        rf"(?P<where>위|아래|상단|하단|위쪽|아래쪽)(?:의|에 있는|에 나온|에 나오는|에 보이는)?\s*"
        rf"(?={_KO_NOUNS}(?:[을를이가은는의에도와과로]|\s|[.,!?]|$))",
        _ko_position,
    ),
    _ko(
        r"(표|그림|목록|이미지|사진|차트|그래프|도표)(?:을|를)?\s*(?:보시면|보면)",
        r"\1 내용에 따르면",
    ),
    _ko(
        r"(표|그림|목록|이미지|사진|차트|그래프|도표)(?:을|를)?\s*(?:보세요|봐\s*주세요|보십시오|확인하세요)",
        r"\1 내용을 참고하세요",
    ),
]


_MAX_PASSES = 4


def rules_for(language: str) -> list[DirectionRule]:
    return KOREAN_RULES if language == "ko" else ENGLISH_RULES


def rephrase_directions(text: str, language: str) -> str:
    """Visual directions rephrased in order words, or dropped."""
    changed = 0
    for _ in range(_MAX_PASSES):  # dropping one phrase can join two halves of another
        before = changed
        for rule in rules_for(language):
            text, count = rule.pattern.subn(rule.replacement, text)
            changed += count
        if changed == before or not find_directions(text, language):
            break
    # "…matter. In the top right corner, press Save." lost its opening phrase: the comma goes
    # and the next word opens the sentence.
    return _ORPHANED_CLAUSE.sub(_reopen, text) if changed else text


_ORPHANED_CLAUSE = re.compile(r"(^|[.!?])\s*[,;:]+\s*(\S)")


def _reopen(match: re.Match[str]) -> str:
    opening = f"{match.group(1)} " if match.group(1) else ""
    return f"{opening}{match.group(2).upper()}"


def find_directions(text: str, language: str) -> list[str]:
    """Every visual direction left in ``text`` (what the checker reports), line by line: a
    phrase never runs across a line break, which ends a sentence."""
    found: list[str] = []
    for line, rule in ((line, rule) for line in text.split("\n") for rule in rules_for(language)):
        for match in rule.pattern.finditer(line):
            if callable(rule.replacement) and rule.replacement(match) == match.group(0):
                continue  # the rule itself says this one is not visual ("65 and above")
            found.append(match.group(0).strip())
    return found
