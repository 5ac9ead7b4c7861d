"""The words the formatter adds, in English and Korean: counts, list markers, notes.

The checker (:mod:`accessibility.screen_reader.checker`) recognises exactly these phrases, so
a stated count can be compared with the items that follow it. Languages other than Korean get
the English wording: the structure words are few, and a clear English frame around the
answer's own words beats none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from accessibility.screen_reader.korean import topic

_EN_ORDINAL_WORDS = "First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth"
_KO_ORDINAL_WORDS = "첫째 둘째 셋째 넷째 다섯째 여섯째 일곱째 여덟째 아홉째 열째"
_EN_ORDINALS = _EN_ORDINAL_WORDS.split()
_KO_ORDINALS = _KO_ORDINAL_WORDS.split()


@dataclass(frozen=True)
class CountPattern:
    """How the checker finds one kind of counted list: the statement and its markers.

    ``statement`` captures the count in group ``n`` (and, for nested lists, the parent's
    label in group ``label``); ``markers`` captures each item's number in group ``k``, or an
    ordinal word in group ``word``. ``{label}`` in ``markers`` is replaced by the escaped
    parent label.
    """

    kind: str
    statement: re.Pattern[str]
    markers: str


class Wording:
    """English structure words; :class:`KoreanWording` overrides each one."""

    language = "en"
    max_words = 25
    """S6: the longest sentence, in words, before it is split."""
    code_note = "A code example was left out."
    inline_code = "a code example"
    empty_row = "empty"
    note = "Note: "

    def link_to(self, host: str | None) -> str:
        return f"a link to {host}" if host else "a link"

    def image(self, alt: str) -> str:
        return f"(image: {alt})"

    def steps(self, n: int) -> str:
        return "There is 1 step." if n == 1 else f"There are {n} steps."

    def step(self, k: int) -> str:
        return f"Step {k}:"

    def step_label(self, k: int) -> str:
        return f"Step {k}"

    def items(self, n: int) -> str:
        return "There is 1 item." if n == 1 else f"There are {n} items."

    def item(self, k: int) -> str:
        return f"{_EN_ORDINALS[k - 1]}," if k <= len(_EN_ORDINALS) else f"Item {k}:"

    def item_label(self, k: int) -> str:
        return f"Item {k}"

    def parts(self, label: str, n: int) -> str:
        return f"{label} has 1 part." if n == 1 else f"{label} has {n} parts."

    def part(self, label: str, k: int) -> str:
        return f"{label}, part {k}:"

    def part_label(self, label: str, k: int) -> str:
        return f"{label}, part {k}"

    def rows(self, n: int) -> str:
        return "The table has 1 row." if n == 1 else f"The table has {n} rows."

    def row(self, k: int) -> str:
        return f"Row {k}:"

    def cell(self, header: str, value: str) -> str:
        return f"{header}, {value}" if header else value

    cell_separator = "; "

    def columns(self, headers: list[str]) -> str:
        return f"The table has the columns {', '.join(headers)}."

    def count_patterns(self) -> list[CountPattern]:
        ordinals = "|".join(_EN_ORDINALS)
        return [
            CountPattern(
                "steps",
                _line(r"There (?:are (?P<n>\d+) steps|is (?P<n1>1) step)\."),
                r"Step (?P<k>\d+):",
            ),
            CountPattern(
                "items",
                _line(r"There (?:are (?P<n>\d+) items|is (?P<n1>1) item)\."),
                rf"(?:(?P<word>{ordinals}),|Item (?P<k>\d+):)",
            ),
            CountPattern(
                "rows",
                _line(r"The table has (?:(?P<n>\d+) rows|(?P<n1>1) row)\."),
                r"Row (?P<k>\d+):",
            ),
            CountPattern(
                "parts",
                _line(
                    r"(?P<label>(?:Step|Item) \d+(?:, part \d+)*) has "
                    r"(?:(?P<n>\d+) parts|(?P<n1>1) part)\."
                ),
                r"{label}, part (?P<k>\d+):",
            ),
        ]

    def ordinal_number(self, word: str) -> int:
        return _EN_ORDINALS.index(word) + 1


class KoreanWording(Wording):
    language = "ko"
    max_words = 20
    """S6 for Korean counts 어절 (space-separated words)."""
    code_note = "코드 예시는 생략했습니다."
    inline_code = "코드 예시"
    empty_row = "비어 있음"
    note = "참고: "

    def link_to(self, host: str | None) -> str:
        return f"{host} 링크" if host else "링크"

    def image(self, alt: str) -> str:
        return f"(그림: {alt})"

    def steps(self, n: int) -> str:
        return f"{n}단계가 있습니다."

    def step(self, k: int) -> str:
        return f"{k}단계:"

    def step_label(self, k: int) -> str:
        return f"{k}단계"

    def items(self, n: int) -> str:
        return f"{n}가지가 있습니다."

    def item(self, k: int) -> str:
        return f"{_KO_ORDINALS[k - 1]}," if k <= len(_KO_ORDINALS) else f"{k}번째 항목:"

    def item_label(self, k: int) -> str:
        return f"{k}번째 항목"

    def parts(self, label: str, n: int) -> str:
        return f"{topic(label)} {n}가지로 나뉩니다."

    def part(self, label: str, k: int) -> str:
        return f"{label}의 {k}번:"

    def part_label(self, label: str, k: int) -> str:
        return f"{label}의 {k}번"

    def rows(self, n: int) -> str:
        return f"표에는 {n}개의 행이 있습니다."

    def row(self, k: int) -> str:
        return f"{k}행:"

    def cell(self, header: str, value: str) -> str:
        return f"{topic(header)} {value}" if header else value

    cell_separator = ", "

    def columns(self, headers: list[str]) -> str:
        return f"표의 열은 {', '.join(headers)}입니다."

    def count_patterns(self) -> list[CountPattern]:
        ordinals = "|".join(_KO_ORDINALS)
        return [
            CountPattern("steps", _line(r"(?P<n>\d+)단계가 있습니다\."), r"(?P<k>\d+)단계:"),
            CountPattern(
                "items",
                _line(r"(?P<n>\d+)가지가 있습니다\."),
                rf"(?:(?P<word>{ordinals}),|(?P<k>\d+)번째 항목:)",
            ),
            CountPattern("rows", _line(r"표에는 (?P<n>\d+)개의 행이 있습니다\."), r"(?P<k>\d+)행:"),
            CountPattern(
                "parts",
                _line(r"(?P<label>[^\s,:.][^,:.]*?)[은는] (?P<n>\d+)가지로 나뉩니다\."),
                r"{label}의 (?P<k>\d+)번:",
            ),
        ]

    def ordinal_number(self, word: str) -> int:
        return _KO_ORDINALS.index(word) + 1


def _line(pattern: str) -> re.Pattern[str]:
    """A statement that opens a sentence or follows an item marker ("First, Item 1 has …")."""
    return re.compile(rf"(?:^|(?<=[.!?:,]\s))\s*{pattern}", re.MULTILINE)


ENGLISH = Wording()
KOREAN = KoreanWording()


def wording_for(language: str) -> Wording:
    """Korean wording for ``ko`` (and ``ko-KR``), English for every other language."""
    return KOREAN if language.split("-")[0].lower() == "ko" else ENGLISH
