"""Shutdown is bounded whatever the clients do (issue 16, item 3): with a client that queued
megabytes and never reads, SIGTERM stops the service within ``server.shutdown_grace_s``."""

from __future__ import annotations

import base64
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

GRACE_S = 1.0
SERVER = """
import socket, sys, uvicorn
from service.app import create_app, uvicorn_options
from service.settings import Settings
settings = Settings()
options = {**uvicorn_options(settings), "log_level": "warning"}
if sys.argv[1] == "unbounded":
    options.pop("timeout_graceful_shutdown")
sock = socket.socket()
sock.bind(("127.0.0.1", 0))
print(sock.getsockname()[1], flush=True)
host, port = options.pop("host"), options.pop("port")
uvicorn.Server(uvicorn.Config(create_app(settings), **options)).run(sockets=[sock])
"""


def _frame(text: str) -> bytes:
    """A masked client text frame (RFC 6455)."""
    payload = text.encode()
    mask = os.urandom(4)
    size = len(payload)
    header = (
        bytes([0x81, 0x80 | size]) if size < 126 else bytes([0x81, 0xFE]) + struct.pack("!H", size)
    )
    return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def _connect_and_never_read(port: int) -> socket.socket:
    client = socket.socket()
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # fills up fast
    client.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    client.sendall(
        (
            "GET /v1/realtime HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        ).encode()
    )
    # Each unknown type is answered with an error event of ~0.7 kB: ~14 MB asked for.
    bad = _frame(json.dumps({"type": "nope", "event_id": "e" * 150}))
    client.settimeout(10)
    for _ in range(200):
        try:
            client.sendall(bad * 100)
        except (TimeoutError, OSError):  # the server stopped reading from us too: queued enough
            break
    return client


def seconds_to_stop_after_sigterm(tmp_path: Path, mode: str) -> float:
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "MODU_STT__ENGINE": "fake",
        "MODU_VAD__ENGINE": "fake",
        "MODU_LM__ENGINE": "fake",
        "MODU_TTS__ENGINE": "fake",
        "MODU_SERVER__PRELOAD": "false",
        "MODU_SERVER__DEV": "true",
        "MODU_SERVER__SHUTDOWN_GRACE_S": str(GRACE_S),
    }
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, mode], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        time.sleep(1.0)  # uvicorn listening
        client = _connect_and_never_read(port)
        time.sleep(2.0)  # the server works through the flood until its sends block
        started = time.monotonic()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            return float("inf")
        finally:
            client.close()
        return time.monotonic() - started
    finally:
        server.kill()
        server.wait()
        if server.stdout is not None:
            server.stdout.close()


def test_sigterm_stops_the_service_within_the_grace(tmp_path: Path) -> None:
    assert seconds_to_stop_after_sigterm(tmp_path, "bounded") < GRACE_S + 5
