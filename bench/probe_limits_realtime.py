"""Realtime and process probes of :mod:`bench.probe_limits` (issue 16's defects 3, 4, 5, 11
and 12), and the order the probes run in."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import signal
import socket
import struct
import time
from pathlib import Path

import numpy as np
import websockets
from websockets.asyncio.client import ClientConnection

from bench.probe_limits import FAKE_ENGINES, KEY, MB, Figure, Outcome, Server, measured, serve
from bench.probe_limits_rest import (
    AUTH,
    MAIN_SERVER,
    defect_1,
    defect_2,
    defect_6_to_10,
    upgrade_request,
    warm,
)


def tone_pcm16(seconds: float, rate: int = 24_000) -> bytes:
    """A loud 220 Hz tone: speech to the fake voice-activity detector."""
    t = np.arange(round(seconds * rate)) / rate
    return (0.5 * 32767 * np.sin(2 * np.pi * 220 * t)).astype("<i2").tobytes()


def ws_frame(text: str) -> bytes:
    """A masked client text frame (RFC 6455), for clients that must not read."""
    payload = text.encode()
    mask = os.urandom(4)
    size = len(payload)
    # Only the probe's short frames: a 7-bit length, or 126 and a 16-bit one.
    length = bytes([0x80 | size]) if size < 126 else bytes([0xFE]) + struct.pack("!H", size)
    header = b"\x81" + length
    masked = np.frombuffer(payload, np.uint8) ^ np.resize(np.frombuffer(mask, np.uint8), size)
    return header + mask + masked.tobytes()


def _queue_and_never_read(port: int, megabytes: float) -> tuple[socket.socket, int]:
    """A raw WebSocket client that asks for ~``megabytes`` of error events and reads none."""
    client = socket.socket()
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    client.connect(("127.0.0.1", port))
    client.sendall(upgrade_request(f"Bearer {KEY}".encode()))
    bad = ws_frame(json.dumps({"type": "nope", "event_id": "e" * 150}))
    client.settimeout(10)
    frames = 0
    # Each unknown type is answered with an error event of ~0.6 kB.
    while frames * 600 < megabytes * 1e6:
        try:
            client.sendall(bad * 100)
        except (TimeoutError, OSError):  # the server stopped reading from us: queued enough
            break
        frames += 100
    return client, frames


async def defect_3(workdir: Path) -> list[Figure]:
    with serve(FAKE_ENGINES, workdir, "shutdown") as server:
        before = server.rss_mb()
        client, frames = await asyncio.to_thread(_queue_and_never_read, server.port, 10)
        await asyncio.sleep(1.0)
        queued = server.rss_mb()
        started = time.perf_counter()
        server.process.send_signal(signal.SIGTERM)
        code = await asyncio.to_thread(server.process.wait, 120)
        seconds = time.perf_counter() - started
        client.close()
    # uvicorn raises the signal again once it has shut down, so a clean stop exits with -15.
    log = (workdir / "shutdown.log").read_text(errors="replace")
    finished = "Finished server process" in log
    figure = Figure(
        3,
        f"a client that asked for ~10 MB ({frames} error events) and never reads, then SIGTERM",
        f"exited ({code}), {'after' if finished else 'WITHOUT'} a graceful shutdown",
        round(seconds, 3),
        before,
        queued,
    )
    figure.note = "time is from SIGTERM to the process's exit; RSS after is before SIGTERM"
    print(f"[3] {figure.after()}", flush=True)
    return [figure]


async def connect(
    server: Server, *, max_queue: int | None = 64, small_buffer: bool = False
) -> ClientConnection:
    """A realtime session; ``small_buffer``: a 4 kB receive buffer, so that a client that does
    not read leaves the server's queue, not the kernel's, holding what it is sent. A client
    that does not read sends no keepalive pings either (its own would time out first)."""
    sock = socket.socket()
    if small_buffer:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", server.port))
    ws = await websockets.connect(
        server.ws_url,
        sock=sock,
        additional_headers=AUTH,
        max_size=None,
        max_queue=max_queue,
        ping_interval=None if max_queue == 1 else 20,
    )
    assert json.loads(await ws.recv())["type"] == "session.created"
    return ws


async def drain(ws: ClientConnection, timeout_s: float) -> tuple[list[str], int | None]:
    """Every message until the socket closes or ``timeout_s`` passes: (messages, close code)."""
    messages: list[str] = []
    try:
        async with asyncio.timeout(timeout_s):
            while True:
                message = await ws.recv()
                messages.append(message if isinstance(message, str) else "")
    except TimeoutError:
        return messages, None
    except websockets.ConnectionClosed as closed:
        return messages, closed.rcvd.code if closed.rcvd else None


async def _big_unknown_types(server: Server) -> Outcome:
    ws = await connect(server, max_queue=1)  # reads nothing while it sends
    kind = "x" * 1_000_000
    for _ in range(300):
        await ws.send(json.dumps({"type": kind}))
    messages, code = await drain(ws, 5.0)
    largest = max((len(m) for m in messages), default=0)
    await ws.close()
    note = f"{len(messages)} error events back, the largest {largest} bytes; still open: "
    return "open" if code is None else f"closed {code}", note + str(code is None), {}


FLOOD = 150_000
"""Unknown events of the flood: ~600 bytes of error event each, ~90 MB asked for against a
16 MiB queue."""


async def _flood_never_read(server: Server) -> Outcome:
    ws = await connect(server, max_queue=1, small_buffer=True)
    small = json.dumps({"type": "nope", "event_id": "e" * 150})
    for _ in range(FLOOD):
        await ws.send(small)
    await asyncio.sleep(2.0)
    messages, code = await drain(ws, 60.0)
    size = sum(len(m) for m in messages) / max(len(messages), 1)
    total = sum(len(m) for m in messages) / MB
    note = f"{len(messages)} events (~{size:.0f} bytes each, {total:.0f} MB) read afterwards"
    status = "open" if code is None else f"close {code}"
    return status, note, {"close": code, "event_bytes": size, "events": len(messages)}


async def defect_4(server: Server) -> list[Figure]:
    return [
        await measured(
            server,
            4,
            "300 frames with a ~1 MB unknown `type`, not reading while sending",
            lambda: _big_unknown_types(server),
        ),
        await measured(
            server,
            4,
            f"{FLOOD:,} small unknown events (~90 MB of error events asked for), never reading",
            lambda: _flood_never_read(server),
        ),
    ]


async def _stalled_speaker(server: Server) -> tuple[float, int | None]:
    """1.5 s of speech, then no frames at all: (seconds until the server closed, code)."""
    ws = await connect(server)
    speech = tone_pcm16(1.5)
    for start in range(0, len(speech), 9600):
        chunk = base64.b64encode(speech[start : start + 9600]).decode()
        await ws.send(json.dumps({"type": "input_audio_buffer.append", "audio": chunk}))
    stopped = time.perf_counter()
    _, code = await drain(ws, 60.0)
    return time.perf_counter() - stopped, code


async def _eight_stalled(server: Server) -> Outcome:
    speakers = [asyncio.create_task(_stalled_speaker(server)) for _ in range(8)]
    await asyncio.sleep(1.0)
    try:
        ninth = await connect(server)
        during = "admitted"
        await ninth.close()
    except websockets.ConnectionClosed as closed:  # refused at the session limit, as it should be
        during = f"close {closed.rcvd.code if closed.rcvd else None}"
    closes = await asyncio.gather(*speakers)
    fresh = await connect(server)
    await fresh.close()
    codes = sorted({code for _, code in closes if code is not None})
    slowest = max(seconds for seconds, _ in closes)
    note = (
        f"all 8 closed {codes} within {slowest:.1f} s of their last frame; a 9th client "
        f"meanwhile: {during}; a fresh client afterwards: session.created"
    )
    return f"close {codes}", note, {"closes": closes}


async def defect_5(workdir: Path) -> list[Figure]:
    env = {**FAKE_ENGINES, "MODU_REALTIME__IDLE_TIMEOUT_S": "3"}
    with serve(env, workdir, "idle") as server:
        return [
            await measured(
                server,
                5,
                "8 clients: 1.5 s of speech, then no frames at all (IDLE_TIMEOUT_S=3)",
                lambda: _eight_stalled(server),
            )
        ]


ROUNDS = 3


async def _many_large_items(server: Server) -> Outcome:
    """Three rounds of 150 items in one session: a stored conversation that kept them would
    grow by ~135 MB a round; a bounded one levels off."""
    ws = await connect(server, max_queue=None)
    before, held = server.rss_mb(), []
    messages: list[str] = []
    created: asyncio.Queue[None] = asyncio.Queue()
    reader = asyncio.create_task(_collect(ws, messages, created))
    text = "x" * 900_000
    for _round in range(ROUNDS):
        for _ in range(150):
            content = [{"type": "input_text", "text": text}]
            item = {"type": "message", "role": "user", "content": content}
            await ws.send(json.dumps({"type": "conversation.item.create", "item": item}))
        async with asyncio.timeout(300):  # until every item is stored and echoed
            for _ in range(150):
                await created.get()
        held.append(round(server.rss_mb() - before, 1))
    await ws.close()
    await reader
    errors = sum('"type":"error"' in m.replace(" ", "")[:40] for m in messages)
    rounds = ", ".join(f"{mb:+} MB after {150 * (i + 1)}" for i, mb in enumerate(held))
    note = f"RSS with the session open: {rounds} items"
    return f"open, {errors} errors", note, {"held_mb": held}


async def _collect(ws: ClientConnection, messages: list[str], created: asyncio.Queue[None]) -> None:
    try:
        async for message in ws:
            # The start is enough to tell the event; the probe need not hold 900 KB echoes.
            messages.append(message[:200] if isinstance(message, str) else "")
            # Each stored item is echoed as conversation.item.added, then .done.
            if isinstance(message, str) and '"conversation.item.done"' in message[:200]:
                created.put_nowait(None)
    except websockets.ConnectionClosed:  # the probe closed it: nothing more to read
        return


def spoken_pcm16() -> bytes:
    """JFK's 11 s inaugural sentence (the test clip), 24 kHz PCM16: real speech for Whisper."""
    from scripts.fetch_test_audio import fetch_test_audio
    from voices.audio import decode_audio

    return decode_audio(fetch_test_audio()["jfk.wav"], sample_rate=24_000).to_pcm16()


async def _ping_behind_audio(server: Server) -> Outcome:
    """A spoken audio item, then at once an unknown event: when does each get its answer?"""
    ws = await connect(server, max_queue=None)
    audio = base64.b64encode(spoken_pcm16()).decode()
    item = {"type": "message", "role": "user", "content": [{"type": "input_audio", "audio": audio}]}
    sent = time.perf_counter()
    create = {"type": "conversation.item.create", "event_id": "item", "item": item}
    await ws.send(json.dumps(create))
    await ws.send(json.dumps({"type": "probe.ping", "event_id": "ping"}))
    answered: dict[str, float] = {}
    transcript = ""
    async with asyncio.timeout(120):
        while len(answered) < 2:
            event = json.loads(await ws.recv())
            if event["type"] == "error":
                # The item's own error (no speech heard) answers it as well as a transcript.
                answered.setdefault(
                    event["error"].get("event_id") or "?", time.perf_counter() - sent
                )
            elif event["type"] == "conversation.item.done":
                answered.setdefault("item", time.perf_counter() - sent)
                transcript = event["item"]["content"][0].get("transcript") or ""
    await ws.close()
    note = (
        f"the unknown event's error after {answered['ping']:.2f} s, the 11 s spoken item's "
        f"transcript after {answered['item']:.2f} s ({transcript[:40]!r}…); the session stayed open"
    )
    return "error event, open", note, answered


async def defect_11_12(server: Server) -> list[Figure]:
    return [
        await measured(
            server,
            11,
            "150 conversation items of 900 KB each, three times, in one session",
            lambda: _many_large_items(server),
        ),
        await measured(
            server,
            12,
            "an audio item (11 s of speech) and at once an unknown event, real Whisper",
            lambda: _ping_behind_audio(server),
        ),
    ]


async def _run(workdir: Path, only: set[int]) -> list[Figure]:
    figures: list[Figure] = []
    if only & {1, 2, 4, 6, 7, 8, 9, 10, 11, 12}:
        with serve(MAIN_SERVER, workdir, "main") as server:
            await warm(server)
            steps = [
                ({1}, defect_1),
                ({2}, defect_2),
                ({4}, defect_4),
                ({6, 7, 8, 9, 10}, defect_6_to_10),
                ({11, 12}, defect_11_12),
            ]
            for numbers, probe in steps:
                if only & numbers:
                    figures += [f for f in await probe(server) if f.defect in only]
    if 3 in only:
        figures += await defect_3(workdir)
    if 5 in only:
        figures += await defect_5(workdir)
    return figures


def run_all(workdir: Path, only: set[int]) -> list[Figure]:
    return asyncio.run(_run(workdir, only))
