"""Everything a session sends goes through one queue and one sender, in order.

Events of an answer carry its response id; when the answer is cancelled, its events still in
the queue are dropped, so audio stops at once. Errors, session and VAD events carry no id and
always go out (pipecat's system frames vs data frames).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable

from service.realtime.config import Dialect
from service.realtime.dialect import to_wire
from service.realtime.server_events import ServerEvent

Send = Callable[[str], Awaitable[None]]


class Outbox:
    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self._queue: asyncio.Queue[tuple[ServerEvent, str | None] | None] = asyncio.Queue()
        self._dropped: set[str] = set()
        self.sent: list[str] = []
        """Types of events sent (for tests and metrics); bounded to the last 1,000."""

    def emit(self, event: ServerEvent, response_id: str | None = None) -> None:
        if response_id is not None and response_id in self._dropped:
            return
        self._queue.put_nowait((event, response_id))

    def drop(self, response_id: str) -> None:
        self._dropped.add(response_id)

    def close(self) -> None:
        self._queue.put_nowait(None)

    async def run(self, send: Send) -> None:
        """Send until :meth:`close`; returns when the queue is drained."""
        while (entry := await self._queue.get()) is not None:
            event, response_id = entry
            if response_id is not None and response_id in self._dropped:
                continue
            wire = to_wire(event, self.dialect)
            if wire is None:
                continue
            text = json.dumps(wire, ensure_ascii=False)
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:  # a client's lone-surrogate escape echoed back
                text = json.dumps(wire)  # ASCII escapes: valid UTF-8, same JSON value
            await send(text)
            self.sent.append(event.type)
            if len(self.sent) > 1000:
                del self.sent[:500]
