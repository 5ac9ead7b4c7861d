"""The small pieces a realtime response is made of: where its events sit, its timings, its
pace, and the ``modu`` parts of its events (kept apart so ``response.py`` reads as the run)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Literal, TypedDict

from service.answers.pacing import Pace
from service.engines import Engines
from service.realtime import server_events as ev
from service.realtime.speculation import PauseReport

Status = Literal["completed", "cancelled", "failed", "incomplete"]


class Where(TypedDict):
    """Where an event's content sits: response, item, output and content indexes."""

    response_id: str
    item_id: str
    output_index: int
    content_index: int


@dataclass
class ResponseTimings:
    """Seconds from the response's start (for the benchmark harness)."""

    started_at: float = field(default_factory=time.perf_counter)
    first_token_s: float | None = None
    first_audio_s: float | None = None
    done_s: float | None = None

    def mark(self) -> float:
        return time.perf_counter() - self.started_at


def spoken_pace(engines: Engines) -> Pace | None:
    """A spoken answer's pace (first words first), unless switched off."""
    settings = engines.settings.realtime
    if not settings.first_words_first:
        return None
    return Pace(engines.answers.first_words, settings.give_way_margin_s)


def pause_event(report: PauseReport | None) -> ev.Preemptive | None:
    if report is None:
        return None
    return ev.Preemptive(prepared=report.prepared, dropped=report.dropped)


def voice_error(message: str) -> ev.ErrorEvent:
    return ev.ErrorEvent(
        error=ev.ErrorDetail(
            type="server_error",
            code="voice_unavailable",
            message=f"The voice failed ({message}); the answer continues as text.",
        )
    )
