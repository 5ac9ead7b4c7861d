"""A real PostgreSQL server for tests: Debian's binaries, a throwaway data directory, loopback.

``initdb`` and ``postgres`` refuse to run as root, so as root the server runs as an unprivileged
system user (:data:`SERVER_USER`, made with ``useradd --system`` the first time); otherwise it
runs as the current user. Trust authentication on 127.0.0.1 only: nothing else can reach it, and
the data directory is removed when the server stops.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import Final

SERVER_USER: Final = "modu-pg"
"""The system user the server runs as when the tests run as root."""

SUPERUSER: Final = "postgres"
"""The database superuser ``initdb`` makes (``-U``), whatever the system user is called."""

STARTUP_TIMEOUT_S: Final = 60.0
"""How long the server may take to accept connections; a shared 2-core machine is slow, but a
minute without an answer means it will not come up."""

STOP_TIMEOUT_S: Final = 30.0

DEBIAN_BINARIES: Final = Path("/usr/lib/postgresql")
"""Debian keeps each major version's server programs in ``/usr/lib/postgresql/<major>/bin``,
off ``PATH`` (only wrappers like ``pg_ctlcluster`` are on it)."""


def find_binaries() -> Path | None:
    """The folder with ``initdb`` and ``postgres``: ``MODU_TEST_PG_BINDIR``, else Debian's newest
    installed major version, else wherever ``initdb`` is on ``PATH``; ``None`` if none exists."""
    candidates: list[Path] = []
    if configured := os.environ.get("MODU_TEST_PG_BINDIR"):
        candidates.append(Path(configured))
    if DEBIAN_BINARIES.is_dir():
        versions = [p for p in DEBIAN_BINARIES.iterdir() if p.name.isdigit()]
        candidates += [p / "bin" for p in sorted(versions, key=lambda p: int(p.name), reverse=True)]
    if on_path := shutil.which("initdb"):
        candidates.append(Path(on_path).resolve().parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "postgres").is_file():
            return folder
    return None


@dataclass(frozen=True)
class _Account:
    """Who the server runs as: ``None`` fields mean "this process's own user"."""

    user: str | None
    group: int | None

    @property
    def extra_groups(self) -> list[int] | None:
        # An empty list drops root's supplementary groups, not just its user and group.
        return None if self.user is None else []


def _server_account() -> _Account:
    if os.geteuid() != 0:
        return _Account(user=None, group=None)
    try:
        entry = pwd.getpwnam(SERVER_USER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                SERVER_USER,
            ],
            check=True,
            capture_output=True,
        )
        entry = pwd.getpwnam(SERVER_USER)
    return _Account(user=SERVER_USER, group=entry.pw_gid)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class PostgresServer:
    """A running server: make databases on it and build their URLs."""

    binaries: Path
    port: int
    _names: Iterator[int]

    def create_database(self, prefix: str = "modu_test") -> str:
        """A new empty database; returns its ``postgresql+asyncpg://`` URL."""
        name = f"{prefix}_{next(self._names)}"
        self._run("createdb", name)
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database :meth:`create_database` made (each is a few MB of the data directory),
        ending any connection a test left open."""
        self._run("dropdb", "--force", url.rsplit("/", 1)[1])

    def _run(self, program: str, *arguments: str) -> None:
        done = subprocess.run(
            [str(self.binaries / program), *self._client_args(), *arguments],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{program} {' '.join(arguments)} failed: {done.stderr.strip()}")

    def url(self, database: str) -> str:
        return f"postgresql+asyncpg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _client_args(self) -> list[str]:
        return ["-h", "127.0.0.1", "-p", str(self.port), "-U", SUPERUSER]


def _wait_until_ready(
    binaries: Path, port: int, server: subprocess.Popen[bytes], log: Path
) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    ready = [str(binaries / "pg_isready"), "-h", "127.0.0.1", "-p", str(port), "-t", "1"]
    while subprocess.run(ready, capture_output=True).returncode != 0:
        if server.poll() is not None:
            raise RuntimeError(f"PostgreSQL exited with {server.returncode}:\n{log.read_text()}")
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"PostgreSQL did not accept connections on 127.0.0.1:{port} within "
                f"{STARTUP_TIMEOUT_S:.0f} s:\n{log.read_text()}"
            )
        time.sleep(0.1)


def _stop(server: subprocess.Popen[bytes]) -> None:
    # SIGINT is PostgreSQL's "fast shutdown": open sessions are ended, the data stays consistent.
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@contextmanager
def running_postgres(binaries: Path) -> Iterator[PostgresServer]:
    """Start a fresh server in a temporary data directory; stop it and remove the directory."""
    account = _server_account()
    # tempfile's own folder, not pytest's (/tmp/pytest-of-root is 0700: the server user could
    # not reach a data directory under it).
    root = Path(tempfile.mkdtemp(prefix="modu-pg-"))
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    try:
        sockets.mkdir()
        log.touch()
        if account.user is not None:
            for path in (root, sockets, log):
                shutil.chown(path, user=account.user, group=account.group)
        initdb = [str(binaries / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust"]
        subprocess.run(
            [*initdb, "--encoding=UTF8", "--locale=C.UTF-8"],
            check=True,
            capture_output=True,
            cwd=root,
            user=account.user,
            group=account.group,
            extra_groups=account.extra_groups,
        )
        port = _free_port()
        # fsync=off: the data directory is thrown away, so durability buys nothing but waits.
        settings = ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"]
        command = [str(binaries / "postgres"), "-D", str(data), "-k", str(sockets), "-p", str(port)]
        with log.open("ab") as log_file:
            server = subprocess.Popen(
                [*command, *settings],
                stdout=log_file,
                stderr=subprocess.STDOUT,
                cwd=root,
                user=account.user,
                group=account.group,
                extra_groups=account.extra_groups,
            )
        try:
            _wait_until_ready(binaries, port, server, log)
            yield PostgresServer(binaries=binaries, port=port, _names=count(1))
        finally:
            _stop(server)
    finally:
        shutil.rmtree(root, ignore_errors=True)
