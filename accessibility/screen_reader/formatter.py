"""Any model output (Markdown or not) as linear, speakable text: :func:`to_speakable`.

The Markdown is parsed into tokens by markdown-it-py (CommonMark plus tables and
strikethrough); each block becomes sentences: headings and paragraphs as they are, lists and
tables counted (:mod:`.structure`), code left out with a short spoken note. Short inline code
(up to 4 words, 40 characters) is read as plain words, since it is usually a name the
listener must say or type ("run `modu ask`"); longer inline code is replaced by "a code
example". The output has one sentence per line and a blank line between blocks: every
line break is a sentence boundary for the voice, and Easy Read guidance puts each sentence on
its own line for readers too.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import emoji
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from accessibility.screen_reader.abbreviations import expand_first_uses
from accessibility.screen_reader.characters import is_art_line
from accessibility.screen_reader.length import cap_sentence
from accessibility.screen_reader.links import link_text
from accessibility.screen_reader.structure import (
    SpokenItem,
    SpokenList,
    list_sentences,
    table_sentences,
)
from accessibility.screen_reader.text import ensure_terminal, speakable_text
from accessibility.screen_reader.wording import Wording, wording_for
from voices.sentences import split_sentences

PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
"""The one Markdown parser, shared with the checker so both see the same structure."""

_SHORT_CODE_WORDS = 4
_SHORT_CODE_CHARS = 40
_CIRCLED_NUMBER = re.compile("^[\u2460-\u2473\u2776-\u2793\u24f5-\u24fe]")
_KEYCAP_NUMBER = re.compile("^[0-9]\ufe0f?\u20e3")
_BULLET_GLYPH = re.compile("^[•◦▪▫‣⁃●○■□►▶▸▹✓✔✗✘☐☑➤➢→⇒※]")
_ENUMERATOR_START = re.compile(r"^(\d{1,9})[.)](?=\s|$)")
_BLOCK_MARKS = re.compile(r"^(?:[-+*>#=](?:\s+|$))+")

Block = list[str]


def to_speakable(markdown_text: str, language: str, *, max_words: int | None = None) -> str:
    """``markdown_text`` as plain sentences that pass S1–S6 for ``language`` (``ko`` gets
    Korean structure words, any other language English ones).

    ``max_words`` caps words (Korean: 어절) per sentence; by default 25 in English, 20 in
    Korean. Every word of the answer is kept apart from code, decoration and visual
    directions, so its numbers and names survive.
    """
    return "\n\n".join(speakable_blocks(markdown_text, language, max_words=max_words))


def speakable_blocks(
    markdown_text: str,
    language: str,
    *,
    max_words: int | None = None,
    seen_abbreviations: set[str] | None = None,
) -> list[str]:
    """:func:`to_speakable`, one string per block (sentences on their own lines).

    ``seen_abbreviations`` (updated in place) carries what earlier parts of the same answer
    already expanded.
    """
    wording = wording_for(language)
    root = SyntaxTreeNode(PARSER.parse(markdown_text))
    blocks = [block for block in _Renderer(wording).blocks(root.children) if block]
    cap = max_words or wording.max_words
    flat = expand_first_uses(
        [line for block in blocks for line in block], wording.language, seen_abbreviations
    )
    out: list[str] = []
    for block in blocks:
        lines, flat = flat[: len(block)], flat[len(block) :]
        sentences = [
            _safe_line(piece)
            for line in lines
            for sentence in split_sentences(line)
            for piece in cap_sentence(sentence, cap, wording.language == "ko")
        ]
        spoken = "\n".join(sentence for sentence in sentences if sentence)
        # Checked again on the spoken text, as SpeakableStream does: a block that said nothing
        # in the end (a lone "-") must not make two code notes in a row.
        if spoken and not (spoken == wording.code_note and out and out[-1] == spoken):
            out.append(spoken)
    return out


def _safe_line(sentence: str) -> str:
    """A line that no Markdown reader would take for a list item ("- - a", "2024. Was…")."""
    return _ENUMERATOR_START.sub(r"\1:", _BLOCK_MARKS.sub("", sentence.strip()))


class _Renderer:
    def __init__(self, wording: Wording) -> None:
        self.wording = wording

    def blocks(self, nodes: list[SyntaxTreeNode]) -> list[Block]:
        out: list[Block] = []
        for node in nodes:
            block = self.block(node)
            if not block:
                continue  # says nothing ("#", "---"), so the code blocks around it are in a row
            if block == [self.wording.code_note] and out and out[-1] == block:
                continue  # one note for several code blocks in a row
            out.append(block)
        return out

    def block(self, node: SyntaxTreeNode) -> Block:
        kind = node.type
        if kind == "paragraph":
            return self.paragraph(node.children[0] if node.children else node)
        if kind == "heading":
            text = self.speak(self.inline(node.children[0])) if node.children else ""
            return [ensure_terminal(text)] if text else []
        if kind in ("bullet_list", "ordered_list"):
            return list_sentences(self.spoken_list(node), self.wording)
        if kind == "table":
            return self.table(node)
        if kind in ("fence", "code_block"):
            return [self.wording.code_note]
        if kind == "html_block":
            return self.plain_lines(_html_text(node.content).split("\n"))
        if kind == "blockquote":
            return [line for block in self.blocks(node.children) for line in block]
        return []  # hr and anything unknown: nothing to say

    def speak(self, raw: str) -> str:
        return speakable_text(raw, self.wording)

    def paragraph(self, inline: SyntaxTreeNode) -> Block:
        lines = [line for line in self.inline(inline).split("\n") if not is_art_line(line)]
        glyphs = [_glyph_item(line) for line in lines]
        marked = [i for i, item in enumerate(glyphs) if item is not None]
        if len(marked) < 2:
            return self.plain_lines(lines)
        first, last = marked[0], marked[-1]
        ordered = all(item is not None and item[0] for item in glyphs[first : last + 1])
        spoken = SpokenList(ordered=ordered)
        for line, item in zip(lines[first : last + 1], glyphs[first : last + 1], strict=True):
            if item is not None:
                spoken.items.append(SpokenItem(text=self.speak(item[1])))
            elif spoken.items:
                spoken.items[-1].after.append(self.speak(line))
        return (
            self.plain_lines(lines[:first])
            + list_sentences(spoken, self.wording)
            + self.plain_lines(lines[last + 1 :])
        )

    def plain_lines(self, lines: list[str]) -> Block:
        text = self.speak(" ".join(line for line in lines if line.strip()))
        return [text] if text else []

    def spoken_list(self, node: SyntaxTreeNode) -> SpokenList:
        spoken = SpokenList(ordered=node.type == "ordered_list")
        for item_node in node.children:
            item = SpokenItem()
            for child in item_node.children:
                if child.type in ("bullet_list", "ordered_list"):
                    item.after.append(self.spoken_list(child))
                    continue
                lines = self.block(child)
                if not item.text and not item.after and child.type == "paragraph" and lines:
                    item.text, lines = lines[0], lines[1:]
                item.after.extend(lines)
            spoken.items.append(item)
        return spoken

    def table(self, node: SyntaxTreeNode) -> Block:
        headers: list[str] = []
        rows: list[list[str]] = []
        for section in node.children:
            for row in section.children:
                cells = [
                    self.speak(self.inline(cell.children[0])) if cell.children else ""
                    for cell in row.children
                ]
                if section.type == "thead":
                    headers = cells
                else:
                    rows.append(cells)
        return table_sentences(headers, rows, self.wording)

    def inline(self, node: SyntaxTreeNode) -> str:
        """Raw text of inline content; ``\\n`` where the source broke the line."""
        return "".join(self.inline_piece(child) for child in node.children)

    def inline_piece(self, node: SyntaxTreeNode) -> str:
        kind = node.type
        if kind == "text":
            return node.content
        if kind in ("softbreak", "hardbreak"):
            return "\n"
        if kind == "code_inline":
            code = node.content.strip()
            short = len(code) <= _SHORT_CODE_CHARS and len(code.split()) <= _SHORT_CODE_WORDS
            return code if short else self.wording.inline_code
        if kind == "link":
            text = self.inline(node).replace("\n", " ")
            return link_text(text, str(node.attrs.get("href", "")), self.wording)
        if kind == "image":
            alt = self.inline(node).replace("\n", " ").strip()
            return self.wording.image(alt) if alt else ""
        if kind == "html_inline":
            return "\n" if re.match(r"<br\s*/?>", node.content, re.IGNORECASE) else ""
        if kind == "s":
            return ""  # struck-through text is withdrawn: "~~$30~~ $25" costs $25
        return self.inline(node)


def _glyph_item(line: str) -> tuple[bool, str] | None:
    """A line that starts with a bullet-like glyph or emoji: (is it numbered, the rest)."""
    stripped = line.strip()
    if not stripped:
        return None
    for pattern, numbered in (
        (_CIRCLED_NUMBER, True),
        (_KEYCAP_NUMBER, True),
        (_BULLET_GLYPH, False),
    ):
        match = pattern.match(stripped)
        if match:
            return numbered, stripped[match.end() :]
    found = emoji.emoji_list(stripped)
    if found and found[0]["match_start"] == 0:
        return False, stripped[found[0]["match_end"] :]
    return None


class _TextOnly(HTMLParser):
    """The text of an HTML block, without scripts or styles; block tags end lines."""

    _SKIP = frozenset({"script", "style"})
    _BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def _html_text(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)
