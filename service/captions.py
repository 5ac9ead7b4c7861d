"""Caption files from timed text: WebVTT and SubRip (SRT).

A cue is ``(start_s, end_s, text)``. The same writers serve transcripts (one cue per recognised
segment) and spoken answers (one cue per sentence, accessibility requirement V4), so they know
nothing about where the cues came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

Cue = tuple[float, float, str]
"""Start and end in seconds from the start of the audio, and the text shown meanwhile."""

WEBVTT_MIME: Final = "text/vtt; charset=utf-8"
SRT_MIME: Final = "application/x-subrip; charset=utf-8"


def _split_ms(seconds: float) -> tuple[int, int, int, int]:
    total_ms = max(0, round(seconds * 1000))
    hours, rest = divmod(total_ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    whole_seconds, millis = divmod(rest, 1000)
    return hours, minutes, whole_seconds, millis


def vtt_timestamp(seconds: float) -> str:
    """``HH:MM:SS.mmm`` (WebVTT allows more than two hour digits, so long audio is fine)."""
    hours, minutes, whole_seconds, millis = _split_ms(seconds)
    return f"{hours:02d}:{minutes:02d}:{whole_seconds:02d}.{millis:03d}"


def srt_timestamp(seconds: float) -> str:
    """``HH:MM:SS,mmm``: SRT's comma before the milliseconds."""
    hours, minutes, whole_seconds, millis = _split_ms(seconds)
    return f"{hours:02d}:{minutes:02d}:{whole_seconds:02d},{millis:03d}"


def _cue_lines(text: str) -> list[str]:
    # A blank line ends a cue in both formats, so blank lines inside the text are dropped.
    return [line.strip() for line in text.strip().splitlines() if line.strip()]


def _escape_vtt(line: str) -> str:
    # WebVTT cue text is markup: '&' and '<' must be escaped, and "-->" may not appear.
    escaped = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("--&gt;", "&#45;&#45;&gt;")


def _timed(cues: Iterable[Cue]) -> list[tuple[float, float, list[str]]]:
    """Cues with text, each ending no earlier than it starts."""
    kept: list[tuple[float, float, list[str]]] = []
    for start, end, text in cues:
        lines = _cue_lines(text)
        if lines:
            kept.append((start, max(start, end), lines))
    return kept


def to_webvtt(cues: Iterable[Cue]) -> str:
    """A WebVTT file; cues without text are left out. No cues gives a valid, empty file."""
    blocks = ["WEBVTT\n"]
    for start, end, lines in _timed(cues):
        timing = f"{vtt_timestamp(start)} --> {vtt_timestamp(end)}"
        blocks.append("\n".join([timing, *(_escape_vtt(line) for line in lines)]) + "\n")
    return "\n".join(blocks)


def to_srt(cues: Iterable[Cue]) -> str:
    """A SubRip file, cues numbered from 1; cues without text are left out."""
    blocks = []
    for number, (start, end, lines) in enumerate(_timed(cues), start=1):
        timing = f"{srt_timestamp(start)} --> {srt_timestamp(end)}"
        blocks.append("\n".join([str(number), timing, *lines]) + "\n")
    return "\n".join(blocks)
