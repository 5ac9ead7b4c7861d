"""REST probes of :mod:`bench.probe_limits` (issue 16's defects 1, 2 and 6–10), each sending
what the issue's prober sent, or the nearest thing the limits now let through."""

from __future__ import annotations

import asyncio
import base64
import io
import os
import select
import socket
import time
from collections.abc import Iterator
from typing import Any

import httpx
import numpy as np

from bench.probe_limits import ALLOWED_ORIGIN, KEY, Figure, Outcome, Server, measured

AUTH = {"authorization": f"Bearer {KEY}"}
MIB = 1024 * 1024


def flac_silence(seconds: int, rate: int = 48_000) -> bytes:
    """``seconds`` of digital silence as 48 kHz FLAC, written a minute at a time."""
    import soundfile as sf

    buffer = io.BytesIO()
    minute = np.zeros(rate * 60, dtype="<i2")
    with sf.SoundFile(buffer, "w", rate, 1, "PCM_16", format="FLAC") as flac:
        for start in range(0, seconds, 60):
            flac.write(minute[: rate * min(60, seconds - start)])
    return buffer.getvalue()


async def _transcribe(server: Server, data: bytes) -> Outcome:
    async with httpx.AsyncClient(base_url=server.base, timeout=600) as client:
        response = await client.post(
            "/v1/audio/transcriptions",
            headers=AUTH,
            files={"file": ("silence.flac", data, "audio/flac")},
            data={"model": "whisper-1"},
        )
    code = response.json().get("error", {}).get("code", "") if response.is_error else ""
    return f"{response.status_code} {code}".strip(), "", {"body_bytes": len(response.content)}


async def defect_1(server: Server) -> list[Figure]:
    hour, under = flac_silence(3600), flac_silence(590)
    return [
        await measured(
            server,
            1,
            f"60 min of silence, {len(hour) // 1024} KB FLAC, to /v1/audio/transcriptions",
            lambda: _transcribe(server, hour),
        ),
        await measured(
            server,
            1,
            f"590 s of silence ({len(under) // 1024} KB FLAC), just under the cap: decoded "
            "and recognised",
            lambda: _transcribe(server, under),
        ),
        await measured(
            server,
            1,
            f"the same 590 s file, {AT_ONCE} requests at once from one client",
            lambda: _at_once(server, under),
        ),
    ]


AT_ONCE = 8


async def _at_once(server: Server, data: bytes) -> Outcome:
    outcomes = await asyncio.gather(*(_transcribe(server, data) for _ in range(AT_ONCE)))
    statuses = sorted({status for status, _, _ in outcomes})
    return ", ".join(statuses), f"{AT_ONCE} answered", {}


def _raw_post(
    port: int, head: list[str], body: Iterator[bytes], *, chunked: bool
) -> tuple[int, int]:
    """POST on a raw socket, stopping the body as soon as an answer arrives: (status, body
    bytes sent before it)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(("\r\n".join(["POST /v1/profiles HTTP/1.1", *head]) + "\r\n\r\n").encode())
        sent = 0
        for chunk in body:
            if select.select([sock], [], [], 0)[0]:
                break  # answered already
            frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" if chunked else chunk
            try:
                sock.sendall(frame)
            except (TimeoutError, OSError):  # the server stopped reading: it has answered
                break
            sent += len(chunk)
        sock.settimeout(30)
        return int(sock.recv(4096).split(b" ", 2)[1]), sent


ARRAY_CHUNK = b"12345," * 174_762
"""1 MiB of a JSON array's items; 96 of them make the issue's 100 MB, 17 M-item body."""
ARRAY_CHUNKS = 96
ARRAY_BYTES = 1 + ARRAY_CHUNKS * len(ARRAY_CHUNK) + 2


def _array_body() -> Iterator[bytes]:
    yield b"["
    for _ in range(ARRAY_CHUNKS):
        yield ARRAY_CHUNK
    yield b"0]"


async def _post_array(server: Server, extra: list[str], *, chunked: bool) -> Outcome:
    head = ["Host: 127.0.0.1", "Content-Type: application/json", *extra]
    head.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {ARRAY_BYTES}")
    status, sent = await asyncio.to_thread(
        _raw_post, server.port, head, _array_body(), chunked=chunked
    )
    return str(status), f"{sent / MIB:.1f} MiB of the body sent before the answer", {"sent": sent}


async def defect_2(server: Server) -> list[Figure]:
    key = f"Authorization: Bearer {KEY}"
    cases = [
        ("no key", [], False),
        ("a key and a refused Origin", [key, "Origin: https://refused.example"], False),
        ("a key, Content-Length 100 MB", [key], False),
        ("a key, chunked (no Content-Length)", [key], True),
    ]
    return [
        await measured(
            server,
            2,
            f"100 MB JSON, a 17 M-item array, to POST /v1/profiles: {label}",
            lambda extra=extra, chunked=chunked: _post_array(server, extra, chunked=chunked),  # type: ignore[misc]
        )
        for label, extra, chunked in cases
    ]


def upgrade_request(key_header: bytes) -> bytes:
    key = base64.b64encode(os.urandom(16))
    return (
        b"GET /v1/realtime HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
        b"Connection: Upgrade\r\nSec-WebSocket-Key: " + key + b"\r\n"
        b"Sec-WebSocket-Version: 13\r\nAuthorization: " + key_header + b"\r\n\r\n"
    )


async def _race_creates(server: Server) -> Outcome:
    async with httpx.AsyncClient(base_url=server.base, headers=AUTH, timeout=60) as client:
        for index in range(95):
            (await client.post("/v1/profiles", json={"name": f"p{index}"})).raise_for_status()
        racing = [client.post("/v1/profiles", json={"name": f"race{i}"}) for i in range(20)]
        codes = [r.status_code for r in await asyncio.gather(*racing)]
        count = len((await client.get("/v1/profiles")).json()["data"])
    tally = {code: codes.count(code) for code in sorted(set(codes))}
    return f"{count} profiles", f"the 20 creates answered {tally}", {"codes": tally}


async def _rest_status(server: Server, method: str, path: str, **kwargs: Any) -> Outcome:
    async with httpx.AsyncClient(base_url=server.base, timeout=60) as client:
        response = await client.request(method, path, **kwargs)
    headers = {k: v for k, v in response.headers.items() if k.startswith("access-control")}
    note = f"response {len(response.content)} bytes"
    if "access-control-allow-origin" in headers:
        note += f"; Access-Control-Allow-Origin: {headers['access-control-allow-origin']}"
    elif response.request.headers.get("origin"):
        note += "; no Access-Control-Allow-Origin"
    return str(response.status_code), note, {"headers": headers}


def _upgrade_status(port: int, key_header: bytes) -> str:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(upgrade_request(key_header))
        return sock.recv(4096).split(b"\r\n", 1)[0].decode("latin-1")


async def defect_6_to_10(server: Server) -> list[Figure]:
    key = "Bearer 열쇠-ключ".encode()
    figures = [
        await measured(
            server,
            6,
            "95 profiles, then 20 concurrent creates (MAX_PER_OWNER=100)",
            lambda: _race_creates(server),
        ),
        await measured(
            server,
            7,
            "GET /v1/profiles with a non-ASCII key",
            lambda: _rest_status(server, "GET", "/v1/profiles", headers={"authorization": key}),
        ),
    ]

    async def upgrade() -> Outcome:
        return await asyncio.to_thread(_upgrade_status, server.port, key), "", {}

    figures.append(await measured(server, 7, "WebSocket upgrade with a non-ASCII key", upgrade))
    async with httpx.AsyncClient(base_url=server.base, headers=AUTH) as client:
        profile_id = (await client.get("/v1/profiles")).json()["data"][0]["id"]
    figures.append(
        await measured(
            server,
            8,
            "PATCH /v1/profiles/{id} with a 4,301-digit If-Match",
            lambda: _rest_status(
                server,
                "PATCH",
                f"/v1/profiles/{profile_id}",
                headers={**AUTH, "if-match": "1" * 4301},
                json={"name": "x"},
            ),
        )
    )
    for size, label in ((20_000_000, "20 MB"), (900_000, "900 KB (under the 1 MiB cap)")):
        figures.append(
            await measured(
                server,
                9,
                f"a {label} `text` to the public /v1/verify",
                lambda size=size: _rest_status(  # type: ignore[misc]
                    server, "POST", "/v1/verify", json={"text": "a" * size}
                ),
            )
        )
    for origin in (ALLOWED_ORIGIN, "https://refused.example"):
        preflight = {
            "origin": origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "authorization,content-type",
        }
        figures.append(
            await measured(
                server,
                10,
                f"OPTIONS /v1/profiles preflight from {origin}",
                lambda preflight=preflight: _rest_status(  # type: ignore[misc]
                    server, "OPTIONS", "/v1/profiles", headers=preflight
                ),
            )
        )
    return figures


MAIN_SERVER = {
    "MODU_VAD__ENGINE": "fake",
    "MODU_LM__ENGINE": "fake",
    "MODU_TTS__ENGINE": "fake",
    "MODU_PROFILES__MAX_PER_OWNER": "100",
}


async def warm(server: Server, *, steady_s: float = 5.0, limit_s: float = 120.0) -> None:
    """One short transcription, so Whisper is loaded, then until the RSS holds still (the
    engines' background warm-up also builds the answer checks) before anything is measured."""
    await _transcribe(server, flac_silence(1))
    deadline = time.monotonic() + limit_s
    last, since = server.rss_mb(), time.monotonic()
    while time.monotonic() - since < steady_s and time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        rss = server.rss_mb()
        if abs(rss - last) > 2.0:
            last, since = rss, time.monotonic()
