"""At most a few audio files decoded and recognised at once, across the whole process.

One transcription's memory is bounded by ``MODU_REST__MAX_AUDIO_SECONDS`` (a 590 s file peaks
at about +310 MB while decoded and recognised), but nothing bounded how many run together: eight
such requests at once took the server to +1.57 GB (bench/results/limits-probe.md). So each
request holds one of ``MODU_REST__MAX_CONCURRENT_AUDIO`` slots from before its upload is read
until its transcript is made. A request that finds none free waits up to
``MODU_REST__AUDIO_QUEUE_SECONDS`` (people on slow connections are users too, and two cores
finish a short file in well under that), then gets 503 ``server_busy`` with ``Retry-After``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import HTTPException, Request


class AudioSlots:
    def __init__(self, limit: int, queue_s: float, after: Callable[[], None] | None = None) -> None:
        """``after``: called when a slot is given back (the service asks for freed memory to
        be returned to the system: service/memory.py)."""
        self.limit = limit
        self.queue_s = queue_s
        self.after = after
        self._slots = asyncio.Semaphore(limit)

    @asynccontextmanager
    async def hold(self) -> AsyncIterator[None]:
        """One slot for the block; 503 when none frees up within the queue time."""
        try:
            await asyncio.wait_for(self._slots.acquire(), timeout=self.queue_s)
        except TimeoutError:
            raise HTTPException(
                503,
                detail={
                    "code": "server_busy",
                    "message": (
                        f"Expected at most {self.limit} audio files at once "
                        "(MODU_REST__MAX_CONCURRENT_AUDIO); none finished within "
                        f"{self.queue_s:g} s (MODU_REST__AUDIO_QUEUE_SECONDS). Try again shortly."
                    ),
                },
                headers={"Retry-After": str(max(1, round(self.queue_s)))},
            ) from None
        try:
            yield
        finally:
            self._slots.release()
            if self.after is not None:
                self.after()


def get_audio_slots(request: Request) -> AudioSlots:
    slots: AudioSlots = request.app.state.audio_slots
    return slots
