"""Characters a listener cannot use: fancy letters (folded), emoji, drawing and art (removed).

Fancy letters — mathematical alphanumerics (U+1D400–1D7FF), full-width Latin, circled and
squared letters, small capitals — are how chat output fakes bold or decorative type; a screen
reader spells them out letter by letter or skips them, so they are folded to plain letters
with Unicode NFKC. Emoji are found with the ``emoji`` package (its data follows Unicode's
emoji list) and removed: in an answer they decorate. Every other pictographic or drawing
character (box drawing, blocks, geometric shapes, dingbats) is removed by Unicode category.
"""

from __future__ import annotations

import re
import unicodedata

import emoji

BOX_DRAWING = re.compile("[\u2500-\u259f]")
"""Box drawing (U+2500–257F) and block elements (U+2580–259F)."""
SMALL_CAPITALS = "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ"
FANCY_LETTERS = re.compile(
    "[\U0001d400-\U0001d7ff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u24b6-\u24e9"
    f"\U0001f130-\U0001f149{SMALL_CAPITALS}]"
)
"""What S1 calls fancy letters: math alphanumerics, full-width Latin, circled, squared, and
small capitals."""
ART_RUN = re.compile(r"[-=_*~+|\\/<>^#]{3,}")
"""Three or more drawing characters in a row (``+---+``, ``====``, ``|__|``): ASCII art."""

# Blocks whose compatibility forms are plain letters, digits or punctuation.
_FOLD_RANGES = (
    (0x1D400, 0x1D7FF),  # mathematical alphanumerics: 𝐁𝐨𝐥𝐝, 𝓈𝒸𝓇𝒾𝓅𝓉
    (0xFF01, 0xFF5E),  # full-width ASCII: ＡＢＣ, １２３, ！
    (0x2460, 0x24FF),  # enclosed alphanumerics: ①, ⓐ, Ⓐ
    (0x1F130, 0x1F149),  # squared Latin letters: 🄰
    (0x2100, 0x214F),  # letterlike symbols: ℍ, ℓ, №
    (0x2070, 0x209C),  # super- and subscripts: H₂O
    (0x3000, 0x3000),  # ideographic space
    (0x00A0, 0x00A0),  # no-break space
)
_SMALL_CAPITALS = str.maketrans(SMALL_CAPITALS, "abcdefghijklmnoprstuvwyz")
_KEYCAP = re.compile("([0-9#*])\ufe0f?\u20e3")
_DROPPED_CATEGORIES = frozenset({"So", "Sk", "Sm", "Co", "Cn", "Cf", "Cc", "Me"})
_COMBINING_RANGES = (
    (0x0300, 0x036F),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE00, 0xFE0F),
    (0xFE20, 0xFE2F),
)


def _in(ranges: tuple[tuple[int, int], ...], char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in ranges)


# Negative circled and squared letters (🅐, 🅰) have no NFKC form: A–Z by position.
_NEGATIVE_LETTERS = (0x1F150, 0x1F170)


def _fold(ch: str) -> str:
    code = ord(ch)
    for base in _NEGATIVE_LETTERS:
        if base <= code < base + 26:
            return chr(ord("A") + code - base)
    return unicodedata.normalize("NFKC", ch) if _in(_FOLD_RANGES, ch) else ch


def fold_fancy_letters(text: str) -> str:
    """Fancy letters and digits to plain ones (NFKC, character by character: Hangul
    compatibility jamo such as ㅋ must stay as they are)."""
    return "".join(_fold(ch) for ch in text).translate(_SMALL_CAPITALS)


def remove_emoji(text: str) -> str:
    """Keycaps become their digit (1️⃣ → 1); every other emoji is removed."""
    text = _KEYCAP.sub(r"\1", text)
    return str(emoji.replace_emoji(text, replace=" "))


def remove_drawing(text: str) -> str:
    """Box drawing, blocks and ASCII-art runs removed."""
    return ART_RUN.sub(" ", BOX_DRAWING.sub(" ", text))


def is_art_line(line: str) -> bool:
    """A line that is mostly drawing (``+--+--+``, ``(╯°□°)╯``): nothing to say."""
    visible = [ch for ch in line if not ch.isspace()]
    if len(visible) < 3:
        return False
    letters = sum(ch.isalnum() for ch in visible)
    return letters / len(visible) < 0.4


def drop_unspeakable(text: str) -> str:
    """The last pass: symbols not spelled out by now, stray combining marks, control and
    format characters (zero-width joiners, variation selectors) go."""
    text = unicodedata.normalize("NFC", text)
    return "".join(
        " " if unicodedata.category(ch) in _DROPPED_CATEGORIES and ch not in "\n" else ch
        for ch in text
        if not _in(_COMBINING_RANGES, ch)
    )
