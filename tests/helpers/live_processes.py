"""Real server processes for the live deployment test: each logs to its own file, is waited on
until it answers over HTTP, and is always stopped (SIGTERM, then SIGKILL) when its context ends.

Each runs in its own session (``start_new_session``), so a Ctrl-C meant for pytest does not hit
it; it is stopped by its own process id only.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import httpx

STOP_TIMEOUT_S: Final = 30.0
LOG_TAIL_CHARS: Final = 6000


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def child_environment(overrides: Mapping[str, str]) -> dict[str, str]:
    """This process's environment without any ``MODU_…`` variable of its own, plus
    ``overrides``: each server gets exactly the settings the test gives it."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("MODU_")}
    base.update({"OMP_WAIT_POLICY": "PASSIVE", "HF_HUB_OFFLINE": "1"})
    return {**base, **overrides}


@dataclass
class Process:
    """A started server process and its log."""

    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def log_tail(self) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return f"--- {self.name} (pid {self.pid}) log, last part ---\n{text[-LOG_TAIL_CHARS:]}"

    def kill(self) -> None:
        """SIGKILL, as a crash or the OOM killer would: no shutdown of any kind."""
        if self.alive():
            self.popen.send_signal(signal.SIGKILL)
        self.popen.wait()

    def stop(self) -> None:
        """SIGTERM (every server here shuts down cleanly on it), SIGKILL if it hangs."""
        if self.alive():
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def spawned(
    name: str,
    argv: Sequence[str],
    *,
    env: Mapping[str, str],
    logs: Path,
    cwd: Path | None = None,
) -> Iterator[Process]:
    """Start ``argv``, logging stdout and stderr to ``logs/<name>.log``; stop it at the end."""
    log = logs / f"{name}.log"
    with log.open("ab") as log_file:
        popen = subprocess.Popen(
            list(argv),
            env=dict(env),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    process = Process(name, popen, log)
    try:
        yield process
    finally:
        process.stop()


def wait_until_answering(
    process: Process,
    url: str,
    *,
    timeout_s: float,
    ready: Callable[[httpx.Response], bool] = lambda r: r.status_code == 200,
) -> float:
    """Poll ``url`` until ``ready`` says yes; the seconds it took. Fails with the process's log
    when it exits or the time runs out."""
    started = time.monotonic()
    while True:
        if not process.alive():
            raise AssertionError(
                f"{process.name} exited with {process.popen.returncode} before {url} answered\n"
                + process.log_tail()
            )
        try:
            if ready(httpx.get(url, timeout=2.0)):
                return time.monotonic() - started
        except httpx.TransportError:
            pass  # not listening yet
        if time.monotonic() - started > timeout_s:
            raise AssertionError(
                f"{process.name}: {url} did not answer within {timeout_s:.0f} s\n"
                + process.log_tail()
            )
        time.sleep(0.2)
