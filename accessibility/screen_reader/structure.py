"""Lists and tables as counted sentences (S2): "There are 3 steps. Step 1: …".

Nested lists are flattened with their parent named ("Step 2 has 2 parts. Step 2, part 1: …"),
so a listener never has to hold an indentation level in mind. Items with nothing to say
(only an emoji, say) are left out of both the count and the list, so the count stays true.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import zip_longest

from accessibility.screen_reader.text import ensure_terminal
from accessibility.screen_reader.wording import Wording


@dataclass
class SpokenList:
    ordered: bool
    items: list[SpokenItem] = field(default_factory=list)


@dataclass
class SpokenItem:
    text: str = ""
    """The item's first paragraph, already speakable."""
    after: list[str | SpokenList] = field(default_factory=list)
    """What follows in the item, in order: more sentences, or nested lists."""

    def is_empty(self) -> bool:
        return not self.text and not any(
            (isinstance(part, str) and part) or (isinstance(part, SpokenList) and _kept(part))
            for part in self.after
        )


def _kept(spoken: SpokenList) -> list[SpokenItem]:
    return [item for item in spoken.items if not item.is_empty()]


def list_sentences(spoken: SpokenList, wording: Wording, parent: str | None = None) -> list[str]:
    """The list as lines: the count first, then one line per item, nested lists after it."""
    items = _kept(spoken)
    if not items:
        return []
    if parent is not None:
        count = wording.parts(parent, len(items))
    else:
        count = wording.steps(len(items)) if spoken.ordered else wording.items(len(items))
    lines = [count]
    for k, item in enumerate(items, start=1):
        marker, label = _marker(spoken, wording, parent, k)
        lines.extend(_item_lines(item, marker, label, wording))
    return lines


def _marker(spoken: SpokenList, wording: Wording, parent: str | None, k: int) -> tuple[str, str]:
    if parent is not None:
        return wording.part(parent, k), wording.part_label(parent, k)
    if spoken.ordered:
        return wording.step(k), wording.step_label(k)
    return wording.item(k), wording.item_label(k)


def _item_lines(item: SpokenItem, marker: str, label: str, wording: Wording) -> list[str]:
    after = [
        part
        for part in item.after
        if (isinstance(part, str) and part) or (isinstance(part, SpokenList) and _kept(part))
    ]
    head = after[0] if after else None
    if item.text:
        first = ensure_terminal(item.text)
    elif isinstance(head, str):
        first = ensure_terminal(head)
        after = after[1:]
    else:
        first = ""  # only nested lists: the first one's count is what this item says
    lines = [f"{marker} {first}"] if first else []
    for part in after:
        if isinstance(part, str):
            lines.append(ensure_terminal(part))
            continue
        nested = list_sentences(part, wording, parent=label)
        if not lines:
            nested[0] = f"{marker} {nested[0]}"
        lines.extend(nested)
    return lines


def table_sentences(headers: list[str], rows: list[list[str]], wording: Wording) -> list[str]:
    """A table as "The table has 2 rows. Row 1: Name, Kim; Age, 30." (empty rows left out)."""
    kept = [row for row in rows if any(cell for cell in row)]
    if not kept:
        named = [header for header in headers if header]
        return [wording.columns(named)] if named else []
    lines = [wording.rows(len(kept))]
    for k, row in enumerate(kept, start=1):
        cells = [
            wording.cell(header or "", value.rstrip(" .;"))
            for header, value in zip_longest(headers, row)
            if value and value.rstrip(" .;")
        ]
        lines.append(f"{wording.row(k)} {wording.cell_separator.join(cells)}.")
    return lines
