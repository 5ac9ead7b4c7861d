"""Caption cues for spoken answers (V4): one cue per sentence, timed from its audio.

Cue times come from :func:`voices.tts.router.cue_times`, the same arithmetic that joins the
sentences into one clip (:func:`voices.tts.router.join_speech`), so each cue starts with its
sentence's audio and ends with it; the pause between sentences falls between cues. Voices pad
their clips with silence (Piper adds about 150 ms at the end), so by default each cue is
narrowed to the part of its clip that is audible (frame RMS at or above about -40 dBFS):
captions then change within a few tens of milliseconds of the voice.

The WebVTT and SRT writers below serve both spoken answers and transcripts (one cue per
recognised segment, ``/v1/audio/transcriptions``), so they take any ``(start, end, text)``
tuple and know nothing about where the cues came from; :class:`Cue` is such a tuple.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final, NamedTuple

import numpy as np

from voices.tts.base import SynthesizedSpeech
from voices.tts.router import cue_times


class Cue(NamedTuple):
    """Text shown from ``start_s`` to ``end_s`` (seconds from the start of the audio)."""

    start_s: float
    end_s: float
    text: str


TimedText = tuple[float, float, str]
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


def _timed(cues: Iterable[TimedText]) -> list[tuple[float, float, list[str]]]:
    """Cues with text, each ending no earlier than it starts."""
    kept: list[tuple[float, float, list[str]]] = []
    for start, end, text in cues:
        lines = _cue_lines(text)
        if lines:
            kept.append((start, max(start, end), lines))
    return kept


def to_webvtt(cues: Iterable[TimedText]) -> str:
    """A WebVTT file; cues without text are left out. No cues gives a valid, empty file."""
    blocks = ["WEBVTT\n"]
    for start, end, lines in _timed(cues):
        timing = f"{vtt_timestamp(start)} --> {vtt_timestamp(end)}"
        blocks.append("\n".join([timing, *(_escape_vtt(line) for line in lines)]) + "\n")
    return "\n".join(blocks)


def to_srt(cues: Iterable[TimedText]) -> str:
    """A SubRip file, cues numbered from 1; cues without text are left out."""
    blocks = []
    for number, (start, end, lines) in enumerate(_timed(cues), start=1):
        timing = f"{srt_timestamp(start)} --> {srt_timestamp(end)}"
        blocks.append("\n".join([str(number), timing, *lines]) + "\n")
    return "\n".join(blocks)


SILENCE_RMS = 0.01
"""Frame RMS below this (about -40 dBFS) counts as silence."""
_FRAME_S = 0.010


def audible_span(part: SynthesizedSpeech, threshold: float = SILENCE_RMS) -> tuple[float, float]:
    """Seconds from the start of ``part``'s clip to its first and past its last audible 10 ms
    frame; the whole clip when nothing in it is audible."""
    samples = part.audio().samples
    frame = max(1, round(_FRAME_S * part.sample_rate))
    count = len(samples) // frame
    if count == 0:
        return 0.0, part.duration_s
    frames = samples[: count * frame].reshape(count, frame)
    loud = np.flatnonzero(np.sqrt(np.mean(frames**2, axis=1)) >= threshold)
    if len(loud) == 0:
        return 0.0, part.duration_s
    first, last = float(loud[0]) * frame, float(loud[-1] + 1) * frame
    return first / part.sample_rate, min(part.duration_s, last / part.sample_rate)


def cues_from_speech(
    parts: Sequence[SynthesizedSpeech],
    pause_ms: int,
    offset_s: float = 0.0,
    *,
    trim_silence: bool = True,
) -> list[Cue]:
    """One cue per spoken sentence, for audio joined with ``pause_ms`` between sentences and
    starting ``offset_s`` seconds into the stream. ``trim_silence`` narrows each cue to the
    audible part of its clip."""
    cues: list[Cue] = []
    for (start, end), part in zip(cue_times(parts, pause_ms), parts, strict=True):
        lead, trail = audible_span(part) if trim_silence else (0.0, end - start)
        cues.append(
            Cue(round(offset_s + start + lead, 3), round(offset_s + start + trail, 3), part.text)
        )
    return cues


class _Timed(NamedTuple):
    """What :func:`cue_times` needs from a part: its duration."""

    duration_s: float


def cues_from_durations(
    texts: Iterable[str], durations_s: Iterable[float], pause_ms: int, offset_s: float = 0.0
) -> list[Cue]:
    """Cues for sentences whose audio lengths are known (e.g. from another synthesiser)."""
    texts, durations = list(texts), [_Timed(d) for d in durations_s]
    if len(texts) != len(durations):
        raise ValueError(
            f"expected one duration per sentence; got {len(texts)} sentences and "
            f"{len(durations)} durations"
        )
    times = cue_times(durations, pause_ms)  # type: ignore[arg-type]  # only duration_s is read
    return [
        Cue(round(offset_s + start, 3), round(offset_s + end, 3), text)
        for (start, end), text in zip(times, texts, strict=True)
    ]


class CueClock:
    """Cues for sentences spoken one at a time, as a streamed answer is: each call to
    :meth:`add` gives the next sentence's cue, the pause counted between sentences."""

    def __init__(self, pause_ms: int, offset_s: float = 0.0, *, trim_silence: bool = True) -> None:
        self.pause_ms = pause_ms
        self.trim_silence = trim_silence
        self._next_start = offset_s
        self._started = False

    def add(self, part: SynthesizedSpeech) -> Cue:
        if self._started:
            self._next_start += self.pause_ms / 1000
        self._started = True
        [cue] = cues_from_speech(
            [part], self.pause_ms, offset_s=self._next_start, trim_silence=self.trim_silence
        )
        self._next_start += part.duration_s
        return cue
