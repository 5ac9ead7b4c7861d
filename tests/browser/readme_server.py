"""modu started as the README says: a ``modu serve`` subprocess with no ``--dev`` and no keys.

Only the engines are fakes (``MODU_*__ENGINE=fake``), to keep it fast, and the port is a free one
(``MODU_SERVER__PORT``); every ``MODU_`` variable of the caller's environment is dropped, so no
key or development mode leaks in. Data and cache directories are throwaway ones.
"""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

STARTUP_TIMEOUT_S = 60.0
FAKE_ENGINES = {f"MODU_{group}__ENGINE": "fake" for group in ("STT", "VAD", "LM", "TTS")}


@dataclass(frozen=True)
class ReadmeServer:
    port: int
    process: subprocess.Popen[bytes]
    command: tuple[str, ...]
    log: Path
    """What it printed (stdout and stderr)."""
    ca: Path | None = None
    """The CA that issued its certificate when it serves HTTPS (``--tls-cert``)."""

    @property
    def url(self) -> str:
        scheme = "http" if self.ca is None else "https"
        return f"{scheme}://127.0.0.1:{self.port}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def readme_environment(directory: Path, port: int, extra: Mapping[str, str]) -> dict[str, str]:
    kept = {name: value for name, value in os.environ.items() if not name.startswith("MODU_")}
    return {
        **kept,
        **FAKE_ENGINES,
        "MODU_SERVER__PORT": str(port),
        "XDG_DATA_HOME": str(directory / "data"),  # profiles and signing keys
        "XDG_CACHE_HOME": str(directory / "cache"),  # the model cache
        "OMP_WAIT_POLICY": "PASSIVE",
        "HF_HUB_OFFLINE": "1",
        **extra,
    }


def _wait_until_healthy(server: ReadmeServer, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"modu serve exited: {log.read_text(errors='replace')}")
        try:
            verify = True if server.ca is None else ssl.create_default_context(cafile=server.ca)
            if httpx.get(f"{server.url}/health", timeout=2, verify=verify).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"modu serve did not answer /health: {log.read_text(errors='replace')}")


@contextmanager
def serve_as_readme_says(
    directory: Path,
    extra_env: Mapping[str, str] | None = None,
    arguments: Sequence[str] = (),
    ca: Path | None = None,
) -> Iterator[ReadmeServer]:
    """``modu serve`` (the ``modu`` beside this Python, i.e. ``.venv/bin/modu``) with
    ``arguments``; yields once it answers ``/health`` (over HTTPS, trusting ``ca``, when ``ca``
    is given). Its output goes to ``directory/serve.log``."""
    modu = Path(sys.executable).with_name("modu")
    port = _free_port()
    log = directory / "serve.log"
    command = (str(modu), "serve", *arguments)
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            env=readme_environment(directory, port, extra_env or {}),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = ReadmeServer(port, process, command, log, ca)
    try:
        _wait_until_healthy(server, log)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a stuck shutdown must not hang the test run
            process.kill()
            process.wait(timeout=30)
