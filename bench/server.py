"""A live uvicorn server on loopback (in this process, so the naive chain shares its engines),
and a sampler of this process's resident memory."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psutil  # type: ignore[import-untyped]
import uvicorn
from fastapi import FastAPI

from service.engines import Engines

STARTUP_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Live:
    url: str
    """The realtime WebSocket, e.g. ``ws://127.0.0.1:41234/v1/realtime?model=modu``."""
    engines: Engines


@contextmanager
def live_server(app: FastAPI) -> Iterator[Live]:
    """Serve ``app`` with its lifespan; the socket is bound first so the port cannot be taken."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start; see its log above")
        time.sleep(0.02)
    try:
        yield Live(f"ws://127.0.0.1:{port}/v1/realtime?model=modu", app.state.engines)
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_TIMEOUT_S)
        sock.close()


class MemorySampler:
    """Peak RSS of this process and its children, sampled every ``interval_s`` per phase."""

    def __init__(self, interval_s: float = 0.1) -> None:
        self.interval_s = interval_s
        self.peaks_mb: dict[str, float] = {}
        self.phase = "startup"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._process = psutil.Process()

    def rss_mb(self) -> float:
        total: int = self._process.memory_info().rss
        for child in self._process.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:  # a child that just exited has no memory left to count
                continue
        return round(total / 2**20, 1)

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            rss = self.rss_mb()
            self.peaks_mb[self.phase] = max(self.peaks_mb.get(self.phase, 0.0), rss)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
