"""Drive a :class:`RealtimeSession` in-process: feed it frames, collect what it sends.

No socket: the session's outbox runs with a ``send`` that does what a WebSocket does to a text
frame (encode it as UTF-8) and keeps the decoded JSON, so tests see exactly the wire events in
the session's dialect. Every event the session emits is also recorded synchronously, before
the outbox's cancellation filter, so a test can tell which events one client frame caused.
"""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from service.auth import Owner
from service.engines import Engines
from service.realtime.config import Dialect
from service.realtime.outbox import Outbox
from service.realtime.server_events import ErrorEvent, ServerEvent
from service.realtime.session import RealtimeSession
from service.settings import Settings
from voices.audio import Audio

SETTLE_TIMEOUT_S = 30.0
"""Generous: the fakes finish in milliseconds, but this machine's 2 cores are shared."""


class RecordingOutbox(Outbox):
    """An outbox that also remembers every event emitted, in order."""

    def __init__(self, dialect: Dialect) -> None:
        super().__init__(dialect)
        self.emitted: list[ServerEvent] = []

    def emit(self, event: ServerEvent, response_id: str | None = None) -> None:
        self.emitted.append(event)
        super().emit(event, response_id)


@dataclass
class SessionHarness:
    session: RealtimeSession
    outbox: RecordingOutbox
    wire: list[dict[str, Any]] = field(default_factory=list)
    """The JSON objects the client received, in order, in the session's dialect."""

    async def send_json(self, event: Mapping[str, object]) -> list[ServerEvent]:
        """Send one client event; returns the events emitted while it was handled."""
        return await self.send_text(json.dumps(event))

    async def send_text(self, raw: str) -> list[ServerEvent]:
        before = len(self.outbox.emitted)
        await self.session.handle_text(raw)
        return self.outbox.emitted[before:]

    async def send_bytes(self, data: bytes) -> list[ServerEvent]:
        before = len(self.outbox.emitted)
        await self.session.handle_binary(data)
        return self.outbox.emitted[before:]

    async def settle(self) -> None:
        """Wait until every task the session started is done and the outbox has sent all."""
        sender = self._sender
        async with asyncio.timeout(SETTLE_TIMEOUT_S):
            while True:
                others = asyncio.all_tasks() - {asyncio.current_task(), sender}
                if not others:
                    break
                await asyncio.wait(others)
            # Once woken, the sender drains the whole queue without suspending: a few loop
            # turns are enough (the queue is private to the outbox; peeking is test-only).
            for _ in range(10):
                await asyncio.sleep(0)
                if self.outbox._queue.empty():
                    break
        if sender.done():
            sender.result()  # re-raise what stopped the sender (a frame it could not send)

    def wire_types(self) -> list[str]:
        return [event["type"] for event in self.wire]

    _sender: asyncio.Task[None] = field(init=False, repr=False)


def errors_in(events: list[ServerEvent]) -> list[ErrorEvent]:
    return [event for event in events if isinstance(event, ErrorEvent)]


@asynccontextmanager
async def live_session(
    settings: Settings, dialect: Dialect = "ga", engines: Engines | None = None
) -> AsyncIterator[SessionHarness]:
    """A started session (``session.created`` already queued) with its outbox sending."""
    outbox = RecordingOutbox(dialect)
    session = RealtimeSession(
        engines=engines or Engines(settings),
        dialect=dialect,
        owner=Owner("test-owner"),
        outbox=outbox,
    )
    harness = SessionHarness(session=session, outbox=outbox)

    async def send(text: str) -> None:
        text.encode("utf-8")  # a WebSocket text frame must be UTF-8, as uvicorn sends it
        harness.wire.append(json.loads(text))

    harness._sender = asyncio.create_task(outbox.run(send))
    session.start()
    try:
        yield harness
    finally:
        await session.close()
        outbox.close()
        await harness._sender


async def text_turn(harness: SessionHarness, text: str) -> dict[str, Any]:
    """A user text item and ``response.create``; returns the ``response.done`` that ends it."""
    await harness.send_json(
        {
            "type": "conversation.item.create",
            "item": {
                "type": "message",
                "role": "user",
                "content": [{"type": "input_text", "text": text}],
            },
        }
    )
    start = len(harness.wire)
    await harness.send_json({"type": "response.create"})
    await harness.settle()
    done = [e for e in harness.wire[start:] if e["type"] == "response.done"]
    assert len(done) == 1, f"expected one response.done; got {harness.wire_types()[start:]}"
    return done[0]


def tone_pcm16(seconds: float, rate: int = 24_000, amplitude: float = 0.3) -> bytes:
    """A 220 Hz tone: "speech" to the fake VAD and the fake recogniser (loud enough for both)."""
    t = np.arange(round(seconds * rate), dtype=np.float32) / rate
    return Audio((amplitude * np.sin(2 * np.pi * 220.0 * t)).astype(np.float32), rate).to_pcm16()


def silence_pcm16(seconds: float, rate: int = 24_000) -> bytes:
    return bytes(2 * round(seconds * rate))


async def spoken_turn(harness: SessionHarness, speech_s: float = 1.2, chunk_s: float = 0.2) -> None:
    """Speech then enough silence for server VAD to end the turn, in base64 chunks; the
    session's tasks (partial transcripts, the answer) run between chunks."""
    rate = harness.session.config.input_rate
    pcm = tone_pcm16(speech_s, rate) + silence_pcm16(1.0, rate)
    step = 2 * round(chunk_s * rate)
    for offset in range(0, len(pcm), step):
        chunk = base64.b64encode(pcm[offset : offset + step]).decode()
        await harness.send_json({"type": "input_audio_buffer.append", "audio": chunk})
        await harness.settle()
