"""Split text into sentences for speech, in one go or as an LLM streams its tokens.

English, Korean and most other languages written with spaces are handled by one scanner:

* ``.`` ``!`` ``?`` ``…`` (and runs like ``?!`` or ``...``) end a sentence when a space follows
  and the next word does not start in lower case; full-width ``。！？．`` always end one.
* Korean often omits the space (``했습니다.그래서``): a terminator between two Hangul syllables
  ends a sentence too, and so does a space after the formal endings ``-니다`` / ``-니까``
  even without a period (``감사합니다 또 오세요``).
* Every line break is a boundary, so list items and headings are spoken separately; a leading
  bullet (``-``, ``*``, ``•``) or Markdown heading mark is removed.
* Not boundaries: decimals (``3.5``), times (``10:30``), titles and Latin abbreviations
  (``Dr.``, ``e.g.``), dotted acronyms (``U.S.``), initials (``J. R. R.``), ``No. 5``, list
  enumerators (``1. Buy milk``) and an ellipsis inside a sentence (``well... maybe``).

Both APIs share one implementation, so a streamed answer is cut exactly where the whole text
would be: a boundary is only decided once the characters that decide it have arrived.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TERMINATORS = frozenset(".!?…。！？．‼⁇⁈⁉")
FULL_WIDTH_TERMINATORS = frozenset("。！？．")
CLOSERS = frozenset("\"')]}»”’」』】〉》）*")
"""Closing quotes and brackets after a terminator belong to the sentence it ends."""
CLAUSE_MARKS = frozenset(",;:—，、；：")
FULL_WIDTH_CLAUSE_MARKS = frozenset("，、；：")
FORMAL_ENDINGS = frozenset({"니다", "니까"})
"""Korean formal endings (-습니다, -ㅂ니까) close a sentence even when the period is missing."""
LINE_BREAKS = frozenset("\n\r\u2028\u2029\x0b\x0c\x85")
_STARTERS = """and but or so because since by with without for if when while which who where
after before until unless although though then"""
PHRASE_STARTERS = frozenset(_STARTERS.split())
"""English words that open a new phrase: the first spoken chunk may end before one."""
KOREAN_CONNECTIVES = ("고", "서", "며", "면", "지만", "는데", "도록", "려면")
"""Korean endings after which a phrase ends (-고, -아서, -면, -지만…): the first spoken chunk
may end after a word ending in one."""

# Never sentence-final in practice: a name, number or lower-case word always follows.
_TITLES = """mr mrs ms mx dr prof sr jr st mt ft gen col capt lt sgt cmdr adm gov sen rep pres
rev hon fr vs v cf e.g i.e viz approx jan feb mar apr jun jul aug sep sept oct nov dec"""
TITLE_ABBREVIATIONS = frozenset(_TITLES.split())
# Abbreviations only when a number follows ("No. 5", "Fig. 3"); "I said no. Then…" still splits.
_NUMBER_PREFIXES = "no nos vol vols fig figs p pp ch sec art eq op"
NUMBER_ABBREVIATIONS = frozenset(_NUMBER_PREFIXES.split())
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_LEADING_MARKS = re.compile(r"^(?:[-*•·‣▪●◦–]|#{1,6}|>)\s+")
_WHITESPACE = re.compile(r"\s+")


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e"


@dataclass(frozen=True)
class _Cut:
    """A decided boundary: the segment is ``text[:end]``; the rest starts at ``end``."""

    end: int


class _Pending:
    """The scan reached text whose meaning depends on characters not yet received."""


_PENDING = _Pending()
_NOT_A_BOUNDARY = -1


def _is_abbreviation(text: str, seg_start: int, dot: int, next_char: str) -> bool:
    """Whether the ``.`` at ``dot`` ends an abbreviation rather than a sentence."""
    start = dot
    while start > seg_start and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot]
    if not word:
        return False
    lower = word.lower()
    if lower in TITLE_ABBREVIATIONS or _DOTTED_ACRONYM.fullmatch(word):
        return True
    if lower in NUMBER_ABBREVIATIONS:
        return next_char.isdigit()
    if len(word) == 1 and word.isascii() and word.isupper() and word != "I":
        return True  # an initial: "J. R. R. Tolkien"
    at_segment_start = start == seg_start
    # A list enumerator such as "1." or "a." opens the segment.
    return at_segment_start and (
        (word.isdigit() and len(word) <= 3) or (len(word) == 1 and word.isalpha())
    )


def _terminator(text: str, seg_start: int, i: int, final: bool) -> int | _Pending:
    """Decide the terminator run at ``i``: the cut position, ``_NOT_A_BOUNDARY`` or pending."""
    n = len(text)
    run_end = i
    while run_end < n and text[run_end] in TERMINATORS:
        run_end += 1
    end = run_end
    while end < n and text[end] in CLOSERS:
        end += 1
    if end == n:  # the run, or its closing quotes, may continue ("3." may become "3.5")
        return end if final else _PENDING
    run = text[i:run_end]
    if any(ch in FULL_WIDTH_TERMINATORS for ch in run):
        return end
    after = text[end]
    if not after.isspace():
        # Korean often omits the space after a sentence: "했습니다.그래서". Not after a closing
        # quote, where a particle follows: “좋아요.”라고 했다.
        korean = end == run_end and i > 0 and _is_hangul(text[i - 1]) and _is_hangul(after)
        return end if korean else _NOT_A_BOUNDARY
    nxt = end
    while nxt < n and text[nxt].isspace() and text[nxt] not in LINE_BREAKS:
        nxt += 1
    if nxt == n:
        return end if final else _PENDING
    next_char = text[nxt]
    if next_char in LINE_BREAKS:
        return _NOT_A_BOUNDARY  # the line break itself cuts, a few characters on
    if next_char.islower():
        return _NOT_A_BOUNDARY  # "e.g. this", "well... maybe", '"Why?" she asked'
    if run == "." and _is_abbreviation(text, seg_start, i, next_char):
        return _NOT_A_BOUNDARY
    return end


def _formal_ending(text: str, i: int, final: bool) -> int | _Pending:
    """A space after "-니다"/"-니까" cuts when Korean text follows on the same line."""
    nxt = i
    while nxt < len(text) and text[nxt].isspace() and text[nxt] not in LINE_BREAKS:
        nxt += 1
    if nxt == len(text):
        return _NOT_A_BOUNDARY if final else _PENDING
    return i if _is_hangul(text[nxt]) else _NOT_A_BOUNDARY


def _clause(text: str, i: int, final: bool) -> int | _Pending:
    """A clause mark at ``i`` is a cut when a space (or nothing, at the end) follows."""
    if text[i] in FULL_WIDTH_CLAUSE_MARKS:
        return i + 1
    if i + 1 == len(text):
        return _NOT_A_BOUNDARY if final else _PENDING
    return i + 1 if text[i + 1].isspace() else _NOT_A_BOUNDARY  # not "3,000" or "10:30"


def _phrase(text: str, seg_start: int, i: int, final: bool) -> int | _Pending:
    """The space at ``i`` is a cut between two phrases: after a Korean connective ending, or
    before an English phrase starter ("…cook rice | by boiling water")."""
    word_start = i
    while word_start > seg_start and not text[word_start - 1].isspace():
        word_start -= 1
    before = text[word_start:i]
    if before and _is_hangul(before[-1]) and before.endswith(KOREAN_CONNECTIVES):
        return i
    nxt = i + 1
    end = nxt
    while end < len(text) and text[end].isalpha():
        end += 1
    if end == len(text) and not final:
        return _PENDING  # the next word may still grow ("so" → "some")
    word = text[nxt:end]
    return i if word in PHRASE_STARTERS else _NOT_A_BOUNDARY


def _scan(
    text: str, resume: int, final: bool, clause_after: int | None, phrase_after: int | None = None
) -> tuple[_Cut | None, int]:
    """Find the first decided boundary in ``text`` (one segment's worth, from its start).

    Returns the cut (or ``None``) and the index from which a later scan, with more text, may
    resume: everything before it is decided and cannot change. ``clause_after`` allows a cut at
    a comma or similar once the segment is at least that long; ``phrase_after`` likewise at a
    phrase boundary (see :func:`_phrase`).
    """
    seg_start = len(text) - len(text.lstrip())
    i = max(resume, seg_start)
    while i < len(text):
        ch = text[i]
        decision: int | _Pending = _NOT_A_BOUNDARY
        if ch in LINE_BREAKS:
            decision = i + 1
        elif ch in TERMINATORS:
            decision = _terminator(text, seg_start, i, final)
        elif ch.isspace() and i >= 2 and text[i - 2 : i] in FORMAL_ENDINGS:
            decision = _formal_ending(text, i, final)
        elif ch in CLAUSE_MARKS and clause_after is not None and i - seg_start >= clause_after:
            decision = _clause(text, i, final)
        elif ch == " " and phrase_after is not None and i - seg_start >= phrase_after:
            decision = _phrase(text, seg_start, i, final)
        if isinstance(decision, _Pending):
            return None, i
        if decision != _NOT_A_BOUNDARY:
            return _Cut(decision), decision
        i = _skip_run(text, i) if ch in TERMINATORS else i + 1
    return None, i


def _skip_run(text: str, i: int) -> int:
    """Past a terminator run and its closers, so "..." is judged once, as a whole."""
    while i < len(text) and text[i] in TERMINATORS:
        i += 1
    while i < len(text) and text[i] in CLOSERS:
        i += 1
    return i


def clean_segment(segment: str) -> str:
    """One speakable line: bullets and heading marks dropped, whitespace collapsed.

    Returns ``""`` for a segment with nothing to say (only punctuation, a rule, an emoji).
    """
    text = _LEADING_MARKS.sub("", segment.strip())
    text = _WHITESPACE.sub(" ", text).strip()
    return text if any(ch.isalnum() for ch in text) else ""


class SentenceStream:
    """Cut streamed text into sentences as soon as each one is certainly complete.

    ``min_chars``: a sentence shorter than this is held and spoken together with the next one
    (so "Yes." does not become its own tiny clip). ``first_clause_chars``: the first chunk may
    end at a comma, colon or semicolon once it is at least this long, so the first audio
    starts sooner; later chunks are whole sentences. ``first_phrase_chars``: likewise at a
    phrase boundary without punctuation (before "and", "because"…; after Korean "-고", "-면"…).
    """

    def __init__(
        self,
        *,
        min_chars: int = 0,
        first_clause_chars: int | None = None,
        first_phrase_chars: int | None = None,
        max_chars: int | None = None,
    ) -> None:
        if (
            min_chars < 0
            or (first_clause_chars is not None and first_clause_chars < 1)
            or (first_phrase_chars is not None and first_phrase_chars < 1)
        ):
            raise ValueError(
                f"expected min_chars >= 0, first_clause_chars and first_phrase_chars >= 1 or "
                f"None; got {min_chars}, {first_clause_chars} and {first_phrase_chars}"
            )
        self.min_chars = min_chars
        self.first_clause_chars = first_clause_chars
        self.first_phrase_chars = first_phrase_chars
        self.max_chars = max_chars
        """Text this long without any sentence end is cut at its last space anyway: a model that
        stops punctuating must not hold the whole answer back (nor keep its checks waiting)."""
        self._buffer = ""
        self._resume = 0
        self._held = ""  # cleaned sentences shorter than min_chars, waiting for the next
        self._emitted_any = False

    def feed(self, delta: str) -> list[str]:
        """Add streamed text; return the sentences it completed (possibly none)."""
        self._buffer += delta
        return self._drain(final=False)

    def flush(self) -> list[str]:
        """The text is complete: return every remaining sentence and reset the stream."""
        out = self._drain(final=True)
        rest = self._join(self._held, clean_segment(self._buffer))
        if rest:
            out.append(rest)
        self._buffer, self._resume, self._held, self._emitted_any = "", 0, "", False
        return out

    def first_chunk_again(self) -> None:
        """The chunk just cut as the first is not used alone (the answer checks hold a first
        phrase that only restates the question, to judge it with what follows): the next chunk
        may again end at a comma or a phrase, so the wait for that judgement is one phrase, not
        the rest of a long sentence. The text not yet cut is scanned again under that rule."""
        self._emitted_any = False
        self._resume = 0

    def _first_chunk_after(self, chars: int | None) -> int | None:
        if chars is None or self._emitted_any:
            return None
        need = max(chars, self.min_chars) - len(self._held)
        return max(need, 1)

    def _drain(self, final: bool) -> list[str]:
        out: list[str] = []
        while True:
            cut, self._resume = _scan(
                self._buffer,
                self._resume,
                final,
                self._first_chunk_after(self.first_clause_chars),
                self._first_chunk_after(self.first_phrase_chars),
            )
            if cut is None:
                cut = self._forced_cut(final)
            if cut is None:
                return out
            segment = clean_segment(self._buffer[: cut.end])
            self._buffer, self._resume = self._buffer[cut.end :], 0
            self._held = self._join(self._held, segment)
            if self._held and len(self._held) >= self.min_chars:
                out.append(self._held)
                self._held, self._emitted_any = "", True

    def _forced_cut(self, final: bool) -> _Cut | None:
        if final or self.max_chars is None or len(self._buffer) <= self.max_chars:
            return None
        space = self._buffer.rfind(" ", 0, self.max_chars)
        return _Cut(space if space > 0 else self.max_chars)

    @staticmethod
    def _join(first: str, second: str) -> str:
        return f"{first} {second}" if first and second else first or second


def split_sentences(
    text: str,
    *,
    min_chars: int = 0,
    first_clause_chars: int | None = None,
    first_phrase_chars: int | None = None,
) -> list[str]:
    """All sentences of ``text``; the same cuts :class:`SentenceStream` makes when streamed."""
    stream = SentenceStream(
        min_chars=min_chars,
        first_clause_chars=first_clause_chars,
        first_phrase_chars=first_phrase_chars,
    )
    return stream.feed(text) + stream.flush()
