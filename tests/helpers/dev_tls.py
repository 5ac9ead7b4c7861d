"""A development CA and server certificate for tests, made the way ``modu keys tls`` makes them,
for a fixed set of names: loopback, and ``modu-test`` / ``modu-test.local`` standing for this
machine as a phone on the LAN would name it (tests map that name to 127.0.0.1)."""

from __future__ import annotations

from pathlib import Path

from service.tls.certificates import DevTls, ensure_dev_tls
from service.tls.names import machine_names

LAN_NAME = "modu-test.local"
"""A name the certificate covers and that is not loopback: how another device reaches modu."""


def make_test_tls(directory: Path) -> DevTls:
    return ensure_dev_tls(directory, machine_names("modu-test", list))


def tls_arguments(made: DevTls) -> list[str]:
    """``modu serve``'s arguments to serve HTTPS with ``made``."""
    return ["--tls-cert", str(made.files.cert), "--tls-key", str(made.files.key)]
