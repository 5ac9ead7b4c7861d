"""A real uvicorn server on a free loopback port, in a thread, for tests that use real clients."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

STARTUP_TIMEOUT_S = 30.0


@contextmanager
def serve_in_thread(app: FastAPI, *, ws: str = "none", port: int = 0) -> Iterator[str]:
    """Serve ``app`` (lifespan included) and yield its base URL, e.g. ``http://127.0.0.1:41234``.

    The socket is bound before the server starts, so the port cannot be taken in between.
    ``ws``: uvicorn's WebSocket implementation (``"websockets-sansio"`` for the realtime
    service; ``"none"`` for HTTP-only tests). ``port``: a fixed one (a server stopped and
    started again at the same address); 0 picks a free one.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on", ws=ws)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start; see its log above")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_TIMEOUT_S)
        sock.close()
