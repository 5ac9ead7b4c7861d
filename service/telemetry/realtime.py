"""A realtime session's turns, read from the events it sends.

The protocol's own events mark every stage boundary a client sees: the turn committed
(``input_audio_buffer.committed``), its transcript (``…transcription.completed``), the answer
started (``response.created``), its first audio (``response.output_audio.delta``) and its end
(``response.done``, with its status); ``error`` events carry their code. So the session is
observed where its events are queued (:class:`ObservedOutbox`), without a hook inside it, and
the times are those of the events the client is sent. Only the model's first token is not an
event: it is read from the answer's trace when the response ends.

A session answers one response at a time, so one open response and the latest spoken turn are
all that is kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from service.answers.types import AnswerTrace
from service.realtime import server_events as ev
from service.realtime.config import Dialect
from service.realtime.outbox import UNBOUNDED, Outbox
from service.telemetry.base import InputKind, Telemetry, TurnRecord, TurnStatus

TraceOf = Callable[[str], AnswerTrace | None]
"""The answer trace of the response with this id, if it is the session's current one."""


@dataclass
class _SpokenTurn:
    item_id: str
    committed: float
    recognised: float | None = None


@dataclass
class _OpenResponse:
    id: str
    input: InputKind
    started: float
    answer_started: float
    recognised: float | None
    first_audio: float | None = None


class RealtimeTurns:
    """Builds a :class:`TurnRecord` for each response of one session from its events."""

    def __init__(self, telemetry: Telemetry, trace_of: TraceOf | None = None) -> None:
        self.telemetry = telemetry
        self.trace_of = trace_of
        """Set once the session exists (it is built after its outbox)."""
        self._spoken: _SpokenTurn | None = None
        self._last_input: InputKind = "text"
        self._open: _OpenResponse | None = None

    def see(self, event: ev.ServerEvent) -> None:
        now = time.perf_counter()
        if isinstance(event, ev.OutputAudioDelta):  # by far the most frequent: first
            if self._open is not None and self._open.first_audio is None:
                self._open.first_audio = now
        elif isinstance(event, ev.BufferCommitted):
            self._spoken = _SpokenTurn(event.item_id, now)
            self._last_input = "speech"
        elif isinstance(event, ev.TranscriptionCompleted):
            if self._spoken is not None and self._spoken.item_id == event.item_id:
                self._spoken.recognised = now
        elif isinstance(event, ev.ItemAdded):
            if event.item.role == "user" and event.item.content[0].type == "input_text":
                self._last_input = "text"
                self._spoken = None
        elif isinstance(event, ev.ResponseCreated):
            self._open = self._opened(event.response.id, now)
        elif isinstance(event, ev.ResponseDone):
            self._done(event.response, now)
        elif isinstance(event, ev.ErrorEvent):
            self.telemetry.error("realtime", event.error.code)
        elif isinstance(event, ev.TranscriptionFailed):
            self.telemetry.error("realtime", event.error.code)
            self._spoken = None

    def _opened(self, response_id: str, now: float) -> _OpenResponse:
        spoken = self._spoken
        if spoken is not None and spoken.recognised is not None:
            # The first answer to a spoken turn is timed from the turn's end; the turn is then
            # answered, and a later response (a client's own response.create) from its start.
            self._spoken = None
            return _OpenResponse(response_id, "speech", spoken.committed, now, spoken.recognised)
        return _OpenResponse(response_id, self._last_input, now, now, None)

    def _done(self, response: ev.Response, now: float) -> None:
        opened, self._open = self._open, None
        if opened is None or opened.id != response.id or response.status == "in_progress":
            return
        status: TurnStatus = response.status
        trace = self.trace_of(response.id) if self.trace_of is not None else None
        first_token = None
        if trace is not None and trace.first_token_s is not None:
            # The answer (and its clock) starts with response.created, microseconds apart.
            first_token = opened.answer_started + trace.first_token_s
        self.telemetry.turn_finished(
            TurnRecord(
                front_end="realtime",
                input=opened.input,
                status=status,
                started=opened.started,
                finished=now,
                recognised=opened.recognised,
                answer_started=opened.answer_started,
                first_token=first_token,
                first_audio=opened.first_audio,
                route=response.modu.route,
            )
        )


class ObservedOutbox(Outbox):
    """An :class:`Outbox` that shows every event to a :class:`RealtimeTurns` as it is queued."""

    def __init__(
        self, dialect: Dialect, turns: RealtimeTurns, *, max_bytes: int = UNBOUNDED
    ) -> None:
        super().__init__(dialect, max_bytes=max_bytes)
        self.turns = turns

    def emit(self, event: ev.ServerEvent, response_id: str | None = None) -> None:
        self.turns.see(event)
        super().emit(event, response_id)
