"""Each session's outgoing queue is bounded in bytes (issue 16, item 4): a client that never
reads is cut off once its queue passes the limit, and what was queued is let go."""

from __future__ import annotations

import asyncio

import pytest

from service.realtime.outbox import Outbox
from service.realtime.server_events import request_error
from service.settings import RealtimeSettings

LIMIT = 200_000


async def never_returns(_: str) -> None:
    await asyncio.Event().wait()


@pytest.mark.asyncio
async def test_a_client_that_never_reads_overflows_and_the_queue_is_let_go() -> None:
    outbox = Outbox("ga", max_bytes=LIMIT)
    sender = asyncio.create_task(outbox.run(never_returns))
    for _ in range(300):
        outbox.emit(request_error("unknown_event_type", "x" * 1000))
    await asyncio.sleep(0)
    assert outbox.overflowed.is_set()
    assert outbox.queued_bytes == 0
    assert outbox.queued_bytes <= LIMIT
    sender.cancel()


@pytest.mark.asyncio
async def test_a_client_that_reads_never_overflows() -> None:
    outbox = Outbox("ga", max_bytes=LIMIT)
    received: list[str] = []

    async def reads(text: str) -> None:
        received.append(text)

    sender = asyncio.create_task(outbox.run(reads))
    for _ in range(300):
        outbox.emit(request_error("unknown_event_type", "x" * 1000))
        await asyncio.sleep(0)
    outbox.close()
    await sender
    assert not outbox.overflowed.is_set()
    assert len(received) == 300


def test_the_default_bound_holds_a_long_answer() -> None:
    # 160 tokens (lm.max_tokens) is ~600 characters, ~40 s of speech at the normal rate and
    # ~80 s at the slowest profile rate (0.5); 24 kHz PCM16 in base64 is 64 kB per second.
    slowest_answer_bytes = 80 * 24_000 * 2 * 4 // 3
    assert RealtimeSettings().max_outbox_bytes >= 3 * slowest_answer_bytes
