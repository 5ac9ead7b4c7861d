"""Freed memory goes back to the system: glibc's ``malloc_trim`` after the work that frees most.

Measured (bench/results/soak/heaptrack-2026-12-06.md): in a 20-minute real-engine soak the
process grew +420 MB, and ~234 MB of it was memory already freed that glibc kept — the engines'
threads allocate and free large buffers (decoded audio, ONNX and CTranslate2 tensors) in
per-thread arenas, and glibc gives an arena's free pages back only from its top. ``malloc_trim(0)``
returns them all. So when a realtime session closes or an audio transcription ends, the service
asks for a trim: in a worker thread (it holds the arena locks; 3.3 ms on a warmed heap), at most
once per ``min_interval_s`` (a burst of closes gets one trim now and one at the end of the
interval). Where the C library is not glibc (musl, macOS) there is nothing to call: a no-op.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import logging
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

Trim = Callable[[], object]
"""Gives free memory back; its result is only logged."""


def glibc_trim() -> Trim | None:
    """``malloc_trim(0)`` of this process's C library, or ``None`` where there is none."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        libc = ctypes.CDLL(name)
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc: musl and macOS have no malloc_trim
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return lambda: trim(0)


class MemoryReleaser:
    """Asks for a trim after work that freed memory, in a worker thread, rate-limited."""

    def __init__(
        self,
        trim: Trim | None,
        min_interval_s: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._trim = trim
        self.min_interval_s = min_interval_s
        self._clock = clock
        self._last = float("-inf")
        self._scheduled = False
        self._task: asyncio.Task[None] | None = None
        self.trims = 0
        """Trims done (for tests and the soak's report)."""

    @property
    def enabled(self) -> bool:
        return self._trim is not None

    def request(self) -> None:
        """Trim soon: now, or once the interval since the last trim has passed. Requests while
        one is waiting are the same request."""
        if self._trim is None or self._scheduled:
            return
        self._scheduled = True
        delay = max(0.0, self._last + self.min_interval_s - self._clock())
        asyncio.get_running_loop().call_later(delay, self._start)

    def _start(self) -> None:
        self._task = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        trim = self._trim
        assert trim is not None
        try:
            started = self._clock()
            result = await asyncio.to_thread(trim)
            self.trims += 1
            log.debug("malloc_trim returned %s in %.1f ms", result, (self._clock() - started) * 1e3)
        finally:
            self._last = self._clock()
            self._scheduled = False
