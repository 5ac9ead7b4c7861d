"""deploy/nginx.conf run for real by Debian's nginx, on loopback, without root's paths.

The configuration is the shipped file with only these changes (:data:`TEST_ADDITIONS` and the
two substitutions), so the live test proves the shipped proxying, upstream and passive-check
settings rather than a look-alike:

- each ``server NAME:PORT …;`` of ``upstream modu`` points at a replica's loopback port, its
  options (``max_fails``, ``fail_timeout``) kept;
- ``listen 80;`` becomes ``listen 127.0.0.1:PORT;`` (never port 80);
- temp and access-log paths in a throwaway folder (Debian's are root's), and a response header
  naming the replica(s) nginx tried (``$upstream_addr``), so the test knows where a request or
  WebSocket landed.

The pid file, the early error log and ``daemon off`` are given on the command line.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from tests.helpers.live_processes import Process, child_environment, spawned

SHIPPED: Final = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"

UPSTREAM_HEADER: Final = "X-Modu-Upstream"
"""Names the replica(s) nginx tried for a response, e.g. ``127.0.0.1:4001, 127.0.0.1:4002``
when the first could not be reached; the last one answered."""

_UPSTREAM_SERVER: Final = re.compile(r"^(\s*server\s+)[\w.-]+:\d+(\s[^;]*)?;", re.M)
_LISTEN: Final = re.compile(r"^(\s*)listen\s+80;", re.M)


def _test_additions(folder: Path) -> tuple[str, str]:
    """What goes at the start of the ``http`` block and of ``location /``."""
    http = "\n".join(
        [
            f"    client_body_temp_path {folder}/body;",
            f"    proxy_temp_path {folder}/proxy;",
            f"    fastcgi_temp_path {folder}/fastcgi;",
            f"    uwsgi_temp_path {folder}/uwsgi;",
            f"    scgi_temp_path {folder}/scgi;",
            "    log_format upstreams '$request $status $upstream_addr $request_time';",
            f"    access_log {folder}/access.log upstreams;",
        ]
    )
    location = f"            add_header {UPSTREAM_HEADER} $upstream_addr always;"
    return http, location


def local_config(
    shipped: str, *, listen_port: int, replica_ports: Sequence[int], folder: Path
) -> str:
    """The shipped configuration pointed at loopback (see the module's docstring)."""
    servers = _UPSTREAM_SERVER.findall(shipped)
    if len(servers) != len(replica_ports):
        raise ValueError(
            f"deploy/nginx.conf names {len(servers)} upstream servers; "
            f"{len(replica_ports)} replica ports were given"
        )
    ports = iter(replica_ports)
    local = _UPSTREAM_SERVER.sub(lambda m: f"{m[1]}127.0.0.1:{next(ports)}{m[2] or ''};", shipped)
    local, listens = _LISTEN.subn(rf"\g<1>listen 127.0.0.1:{listen_port};", local)
    http, location = _test_additions(folder)
    local, https = re.subn(r"^http\s*\{\n", lambda m: m[0] + http + "\n", local, flags=re.M)
    local, locations = re.subn(
        r"^(\s*)location\s+/\s*\{\n", lambda m: m[0] + location + "\n", local, flags=re.M
    )
    if (listens, https, locations) != (1, 1, 1):
        raise ValueError(
            "deploy/nginx.conf changed shape: expected one `listen 80;`, one http block and one "
            f"`location /`, found {listens}, {https} and {locations}"
        )
    return local


def added_lines(folder: Path) -> list[str]:
    """The lines :func:`local_config` adds, stripped (for checking that nothing else changed)."""
    http, location = _test_additions(folder)
    return [line.strip() for line in (*http.splitlines(), location)]


def nginx_binary() -> Path | None:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return Path(found) if Path(found).is_file() else None


@contextmanager
def running_nginx(
    binary: Path, *, listen_port: int, replica_ports: Sequence[int], folder: Path
) -> Iterator[Process]:
    """nginx in the foreground with the local copy of deploy/nginx.conf; stopped at the end
    (SIGTERM: its fast shutdown, workers included)."""
    folder.mkdir(parents=True, exist_ok=True)
    # As root, nginx's workers run as nobody: they must reach the temp folders in here.
    folder.chmod(0o755)
    config = folder / "nginx.conf"
    config.write_text(
        local_config(
            SHIPPED.read_text(), listen_port=listen_port, replica_ports=replica_ports, folder=folder
        )
    )
    argv = [
        str(binary), "-p", str(folder), "-c", str(config), "-e", str(folder / "error.log"),
        "-g", f"daemon off; pid {folder / 'nginx.pid'};",
    ]  # fmt: skip
    with spawned("nginx", argv, env=child_environment({}), logs=folder) as process:
        yield process
