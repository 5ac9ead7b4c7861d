"""What TLS costs a realtime client: connecting (to ``session.created``) and a typed turn (to
``response.done``), over ``ws://`` and over ``wss://``, against the same app on fake engines.

Both servers run in this process, each on its own loopback port, one with the development
certificate ``modu keys tls`` makes (ECDSA P-256). Rounds alternate between them so that a
busy machine slows both alike.

Usage: ``python -m bench.tls_overhead [--rounds 30]``; prints medians and 90th percentiles.
"""

from __future__ import annotations

import argparse
import json
import socket
import ssl
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from websockets.sync.client import ClientConnection, connect

from service.app import create_app
from service.settings import Settings
from service.tls.certificates import ensure_dev_tls
from service.tls.names import machine_names

API_KEY = "bench-key"
TYPED = [
    {
        "type": "conversation.item.create",
        "item": {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": "hello"}],
        },
    },
    {"type": "response.create"},
]


def fake_settings(directory: Path) -> Settings:
    return Settings.model_validate(
        {
            "model_dir": directory / "models",
            **{group: {"engine": "fake"} for group in ("stt", "vad", "lm", "tts")},
            "profiles": {"sqlite_path": directory / "profiles.db"},
            "server": {"preload": False},
            "auth": {"api_keys": [API_KEY]},
        }
    )


@contextmanager
def serve(directory: Path, tls: tuple[Path, Path] | None) -> Iterator[int]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    cert, key = (None, None) if tls is None else (str(tls[0]), str(tls[1]))
    config = uvicorn.Config(
        create_app(fake_settings(directory)),
        log_level="warning",
        ws="websockets-sansio",
        ssl_certfile=cert,
        ssl_keyfile=key,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield sock.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join()
        sock.close()


def until(connection: ClientConnection, event_type: str) -> None:
    while json.loads(connection.recv())["type"] != event_type:
        pass


def one_round(url: str, context: ssl.SSLContext | None) -> tuple[float, float]:
    """Seconds to ``session.created`` and then to a typed turn's ``response.done``."""
    started = time.perf_counter()
    headers = {"Authorization": f"Bearer {API_KEY}"}
    with connect(url, ssl=context, additional_headers=headers) as connection:
        until(connection, "session.created")
        connected = time.perf_counter()
        for event in TYPED:
            connection.send(json.dumps(event))
        until(connection, "response.done")
        return connected - started, time.perf_counter() - connected


def summary(name: str, values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    p90 = ms[min(len(ms) - 1, round(0.9 * (len(ms) - 1)))]
    return f"{name:<22} median {statistics.median(ms):7.1f} ms   p90 {p90:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        made = ensure_dev_tls(root / "tls", machine_names("bench", list))
        context = ssl.create_default_context(cafile=made.files.ca_cert)
        results: dict[str, list[float]] = {}
        with (
            serve(root / "plain", None) as plain_port,
            serve(root / "tls", (made.files.cert, made.files.key)) as tls_port,
        ):
            targets = {
                "ws": (f"ws://127.0.0.1:{plain_port}/v1/realtime", None),
                "wss": (f"wss://127.0.0.1:{tls_port}/v1/realtime", context),
            }
            for _ in range(rounds):
                for scheme, (url, ssl_context) in targets.items():
                    connected, turn = one_round(url, ssl_context)
                    results.setdefault(f"{scheme} connect", []).append(connected)
                    results.setdefault(f"{scheme} typed turn", []).append(turn)
    print(f"{rounds} rounds each, fake engines, loopback")
    for name, values in results.items():
        print(summary(name, values))


if __name__ == "__main__":
    main()
