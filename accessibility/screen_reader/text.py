"""One run of inline text made speakable: the character and word passes, in order.

Order matters: bare URLs are described before their ``&``, ``%`` or ``~`` could be spelled;
arrows are normalised before ASCII art (``-->``) is removed; symbols are spelled before the
last pass drops whatever is left.
"""

from __future__ import annotations

import re

from accessibility.screen_reader.characters import (
    drop_unspeakable,
    fold_fancy_letters,
    remove_drawing,
    remove_emoji,
)
from accessibility.screen_reader.directions import rephrase_directions
from accessibility.screen_reader.links import describe_bare_urls, replace_click_here
from accessibility.screen_reader.symbols import (
    normalise_arrows,
    spell_before_folding,
    spell_symbols,
)
from accessibility.screen_reader.wording import Wording

_SPACES = re.compile(r"[^\S\n]+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?)])")
_SPACE_AFTER_OPENING = re.compile(r"\(\s+")
_EMPTY_BRACKETS = re.compile(r"\(\s*[,;:]*\s*\)")
_REPEATED_MARKS = re.compile(r"([,;:])(?:\s*[,;:])+")
_MARK_BEFORE_END = re.compile(r"[,;:]+\s*([.!?])")
_LEADING_MARKS = re.compile(r"^[\s,;:.!?)]+")
_ORPHAN_MARKS = re.compile(r"(^|[.!?]\s+)[,;:]+\s*(\S)")
"""A clause mark left at a sentence start (after a removed emoji, say)."""
TERMINAL = ".!?…。！？"


def tidy(text: str) -> str:
    """Spaces collapsed; no space before punctuation; no empty brackets or doubled commas."""
    text = _SPACES.sub(" ", text)
    text = _EMPTY_BRACKETS.sub(" ", text)
    text = _SPACE_AFTER_OPENING.sub("(", text)
    text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)
    text = _REPEATED_MARKS.sub(r"\1", text)
    text = _MARK_BEFORE_END.sub(r"\1", text)
    text = _ORPHAN_MARKS.sub(lambda m: m.group(1) + m.group(2).upper(), text)
    text = _LEADING_MARKS.sub("", text)
    return _SPACES.sub(" ", text).strip()


def speakable_text(raw: str, wording: Wording) -> str:
    """Inline text (no Markdown left) turned into words a listener can use."""
    korean = wording.language == "ko"
    text = spell_before_folding(raw, korean)
    text = fold_fancy_letters(text)
    text = describe_bare_urls(text, wording)
    text = normalise_arrows(text)
    text = remove_emoji(text)
    text = remove_drawing(text)
    text = spell_symbols(text, korean)
    text = drop_unspeakable(replace_click_here(text))
    text = tidy(rephrase_directions(text, wording.language))
    # A URL glued to a symbol ("x&www.a.kr") only stands alone once the symbol is spelled.
    return tidy(describe_bare_urls(text, wording))


def ensure_terminal(text: str) -> str:
    """A sentence end: a trailing colon or comma becomes a full stop; none gets one."""
    text = text.rstrip(" ,;:")
    if not text:
        return text
    closed = text.rstrip("\"')”’」』")
    return text if closed and closed[-1] in TERMINAL else f"{text}."
