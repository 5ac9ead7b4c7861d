"""Screen-reader formatting for a streamed answer: whole Markdown blocks, as soon as each is
complete, so the voice can start before the model has finished.

A block is complete once the next one has begun: markdown-it-py decides, so a list with blank
lines between its items, or a code fence with blank lines inside, stays one block. Tables and
lists are therefore counted correctly, at the cost of waiting for the end of each block
(usually one paragraph) rather than each sentence.
"""

from __future__ import annotations

import re

from accessibility.screen_reader.formatter import PARSER, speakable_blocks
from accessibility.screen_reader.wording import wording_for


class SpeakableStream:
    """Feed text deltas; get speakable blocks (sentences on lines) as blocks complete."""

    def __init__(self, language: str, *, max_words: int | None = None) -> None:
        self.language = language
        self.max_words = max_words
        self._buffer = ""
        self._seen: set[str] = set()
        self._last = ""
        self._code_note = wording_for(language).code_note

    def feed(self, delta: str) -> list[str]:
        """Add streamed text; return the speakable text of every block it completed."""
        # Line ends as markdown-it counts them; a final "\r" waits to see if "\n" follows.
        self._buffer = _LINE_END.sub("\n", self._buffer + delta)
        # Only whole lines count: "2" may yet become "2. Pay the fee", a list item.
        whole_lines = self._buffer[: self._buffer.rfind("\n") + 1]
        start = _last_block_start(whole_lines)
        if start is None or start == 0:
            return []
        cut = _offset_of_line(self._buffer, start)
        done, self._buffer = self._buffer[:cut], self._buffer[cut:]
        return self._format(done)

    def flush(self) -> list[str]:
        """The answer is complete: everything left, formatted; the stream is reset."""
        done, self._buffer = self._buffer, ""
        out = self._format(done)
        self._seen, self._last = set(), ""
        return out

    def _format(self, markdown: str) -> list[str]:
        blocks = speakable_blocks(
            markdown, self.language, max_words=self.max_words, seen_abbreviations=self._seen
        )
        if blocks and blocks[0] == self._code_note == self._last:
            blocks = blocks[1:]  # one note for code blocks in a row, as in a whole answer
        if blocks:
            self._last = blocks[-1]
        return blocks


_LINE_END = re.compile(r"\r\n|\r(?!$)")


def _offset_of_line(text: str, line: int) -> int:
    """Where line number ``line`` (from 0, lines ended by ``\n``) starts in ``text``."""
    offset = 0
    for _ in range(line):
        offset = text.index("\n", offset) + 1
    return offset


def _last_block_start(markdown: str) -> int | None:
    """The first line of the last top-level block (which may still grow)."""
    starts = [
        token.map[0]
        for token in PARSER.parse(markdown)
        if token.level == 0 and token.nesting >= 0 and token.map is not None
    ]
    return starts[-1] if starts else None
