"""`modu serve` — the README's first command — starts a real server that answers /health."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_modu_serve_reports_healthy_models(model_dir: Path) -> None:
    port = _free_port()
    modu = Path(sys.executable).with_name("modu")
    env = {**os.environ, "MODU_MODEL_DIR": str(model_dir)}
    server = subprocess.Popen(
        [str(modu), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
            except httpx.TransportError:
                time.sleep(0.2)
                continue
            body = response.json()
            break
        assert body is not None, "the server never answered"
        assert body["status"] == "ok", body
        names = {m["name"] for m in body["models"]}
        assert {"whisper-base", "qwen2.5-coder-1.5b-instruct", "en_US-joe-medium"} <= names
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    # uvicorn shuts down gracefully on SIGTERM, then re-raises the signal (exit status -15).
    assert "Application shutdown complete" in output, output
    assert server.returncode in (0, -15), output
