"""Everything a session sends goes through one queue and one sender, in order.

Events of an answer carry its response id; when the answer is cancelled, its events still in
the queue are dropped, so audio stops at once. Errors, session and VAD events carry no id and
always go out (pipecat's system frames vs data frames).

The queue is bounded in bytes: events are serialised as they are queued, and a client that lets
more than ``max_bytes`` pile up (it stopped reading) overflows the box: what was queued is let
go, nothing more is queued, and :attr:`Outbox.overflowed` tells the connection to close.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Final

from service.realtime.config import Dialect
from service.realtime.dialect import to_wire
from service.realtime.server_events import ServerEvent

Send = Callable[[str], Awaitable[None]]

UNBOUNDED: Final = 2**62
"""The default bound when none is given (tests, embedding); the service passes its setting."""


def _serialised(event: ServerEvent, dialect: Dialect) -> str | None:
    wire = to_wire(event, dialect)
    if wire is None:
        return None
    text = json.dumps(wire, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a client's lone-surrogate escape echoed back
        text = json.dumps(wire)  # ASCII escapes: valid UTF-8, same JSON value
    return text


class Outbox:
    def __init__(self, dialect: Dialect, *, max_bytes: int = UNBOUNDED) -> None:
        self.dialect = dialect
        self.max_bytes = max_bytes
        self._queue: asyncio.Queue[tuple[str, str, str | None] | None] = asyncio.Queue()
        self._dropped: set[str] = set()
        self.queued_bytes = 0
        """Characters of JSON waiting to be sent (about their bytes: most are ASCII)."""
        self.overflowed = asyncio.Event()
        self.sent: list[str] = []
        """Types of events sent (for tests and metrics); bounded to the last 1,000."""

    def emit(self, event: ServerEvent, response_id: str | None = None) -> None:
        if self.overflowed.is_set():
            return
        if response_id is not None and response_id in self._dropped:
            return
        text = _serialised(event, self.dialect)
        if text is None:
            return
        self.queued_bytes += len(text)
        if self.queued_bytes > self.max_bytes:
            self._overflow()
            return
        self._queue.put_nowait((text, event.type, response_id))

    def _overflow(self) -> None:
        """The client stopped reading: let go of what it will never read, and say so."""
        while not self._queue.empty():
            self._queue.get_nowait()
        self.queued_bytes = 0
        self.overflowed.set()
        self._queue.put_nowait(None)

    def drop(self, response_id: str) -> None:
        self._dropped.add(response_id)

    def close(self) -> None:
        self._queue.put_nowait(None)

    async def run(self, send: Send) -> None:
        """Send until :meth:`close`; returns when the queue is drained."""
        while (entry := await self._queue.get()) is not None:
            text, event_type, response_id = entry
            self.queued_bytes -= len(text)
            if response_id is not None and response_id in self._dropped:
                continue
            await send(text)
            self.sent.append(event_type)
            if len(self.sent) > 1000:
                del self.sent[:500]
