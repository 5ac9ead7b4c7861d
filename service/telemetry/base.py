"""What the service reports about itself, and to what: the :class:`Telemetry` protocol.

The front ends (the realtime session's events, chat completions) and the engines (fallbacks,
remote calls) report through one object the app gives them; with metrics and traces off it is
:class:`NoTelemetry`, which does nothing. Nothing here is global: each app has its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from voices.observer import Outcome

FrontEnd = Literal["realtime", "chat"]
InputKind = Literal["speech", "text"]
TurnStatus = Literal["completed", "cancelled", "failed", "incomplete"]


@dataclass(frozen=True)
class TurnRecord:
    """One finished turn. Times are :func:`time.perf_counter` readings (seconds), so stages
    measured in different places line up; ``None`` where the turn had no such stage."""

    front_end: FrontEnd
    input: InputKind
    status: TurnStatus
    started: float
    """When the person had finished asking: the spoken turn's end as the server detected it
    (after the patience silence), or the typed question's answer being asked for."""
    finished: float
    recognised: float | None = None
    """The spoken turn's transcript was ready."""
    answer_started: float | None = None
    first_token: float | None = None
    """The model's first token (``None`` when no model ran: a vetted answer, a command)."""
    first_audio: float | None = None
    """The first audio of the answer left for the client (the spoken AI notice counts: it is
    what the person hears first)."""
    route: str | None = None

    def recognition_s(self) -> float | None:
        return _between(self.started, self.recognised)

    def first_token_s(self) -> float | None:
        return _between(self.answer_started, self.first_token)

    def first_audio_s(self) -> float | None:
        return _between(self.answer_started, self.first_audio)

    def ttfa_s(self) -> float | None:
        """Time to first audio: from the end of the question to the first audio out."""
        return _between(self.started, self.first_audio)


def _between(start: float | None, end: float | None) -> float | None:
    if start is None or end is None:
        return None
    return max(0.0, end - start)


class Telemetry(Protocol):
    """Everything modu reports (the engines' :class:`~voices.observer.EngineObserver` reports
    included). Implementations must be cheap and must never raise into a turn."""

    def session_opened(self) -> None: ...

    def session_closed(self) -> None: ...

    def session_refused(self, reason: str) -> None:
        """A realtime connection turned away: ``at_capacity`` or the auth error's code."""

    def turn_finished(self, turn: TurnRecord) -> None: ...

    def error(self, front_end: str, kind: str) -> None:
        """An error a client was sent; ``kind`` is its code (``invalid_json``, …)."""

    def fallback(self, stage: str, failed: str, used: str) -> None:
        """``stage`` (``lm``, ``tts``) was answered by ``used`` because ``failed`` could not."""

    def remote_call(self, stage: str, seconds: float, outcome: Outcome) -> None:
        """A remote stage's server first answered (or failed) after ``seconds``."""


class NoTelemetry:
    """Metrics and traces off."""

    def session_opened(self) -> None:
        pass

    def session_closed(self) -> None:
        pass

    def session_refused(self, reason: str) -> None:
        pass

    def turn_finished(self, turn: TurnRecord) -> None:
        pass

    def error(self, front_end: str, kind: str) -> None:
        pass

    def fallback(self, stage: str, failed: str, used: str) -> None:
        pass

    def remote_call(self, stage: str, seconds: float, outcome: Outcome) -> None:
        pass


class Fanout:
    """Metrics and traces at once: each report goes to every part, in order."""

    def __init__(self, parts: Sequence[Telemetry]) -> None:
        self.parts = tuple(parts)

    def session_opened(self) -> None:
        for part in self.parts:
            part.session_opened()

    def session_closed(self) -> None:
        for part in self.parts:
            part.session_closed()

    def session_refused(self, reason: str) -> None:
        for part in self.parts:
            part.session_refused(reason)

    def turn_finished(self, turn: TurnRecord) -> None:
        for part in self.parts:
            part.turn_finished(turn)

    def error(self, front_end: str, kind: str) -> None:
        for part in self.parts:
            part.error(front_end, kind)

    def fallback(self, stage: str, failed: str, used: str) -> None:
        for part in self.parts:
            part.fallback(stage, failed, used)

    def remote_call(self, stage: str, seconds: float, outcome: Outcome) -> None:
        for part in self.parts:
            part.remote_call(stage, seconds, outcome)
