"""A realtime client for the live deployment test: the ``websockets`` library through nginx, as
any program would connect (GA dialect, an API key), reading which replica took it from nginx's
upstream header."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Final

import websockets
from websockets.asyncio.client import ClientConnection

from tests.helpers.nginx_server import UPSTREAM_HEADER

INPUT_RATE: Final = 24_000
"""pcm16 input, as a GA session expects by default (and as /v1/audio/speech answers pcm)."""
CHUNK_BYTES: Final = 2 * INPUT_RATE // 10  # 100 ms per input_audio_buffer.append
TURN_TIMEOUT_S: Final = 180.0
"""A loaded 2-core machine answers in seconds; minutes mean something hangs."""


@dataclass
class Turn:
    """What one spoken turn brought back."""

    transcript: str | None = None
    transcript_note: str | None = None
    answer: str = ""
    audio_bytes: int = 0
    status: str | None = None
    notes: list[str] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    sent_at: float = 0.0
    """``time.monotonic()`` when the last audio (the silence that ends the turn) was sent."""
    transcript_at: float | None = None
    """``time.monotonic()`` when the transcript arrived."""
    first_audio_at: float | None = None
    """``time.monotonic()`` when the first answer audio arrived."""

    @property
    def first_audio_after_s(self) -> float:
        """From the end of the audio sent to the first audio of the answer (the silence that
        ends the turn included: the turn patience is part of it)."""
        assert self.first_audio_at is not None, "no answer audio arrived"
        return self.first_audio_at - self.sent_at

    @property
    def audio_seconds(self) -> float:
        return self.audio_bytes / 2 / INPUT_RATE


@dataclass
class LiveSession:
    ws: ClientConnection
    tried: list[str]
    """The replicas nginx tried for the handshake, in order; the last one took it."""
    created: dict[str, Any]

    @property
    def replica(self) -> str:
        return self.tried[-1]

    async def receive(self) -> dict[str, Any]:
        event: dict[str, Any] = json.loads(await self.ws.recv())
        return event

    async def use_profile(self, profile_id: str) -> dict[str, Any]:
        """``session.update`` naming the profile; the session as ``session.updated`` says."""
        update = {"type": "realtime", "modu": {"profile_id": profile_id}}
        await self.ws.send(json.dumps({"type": "session.update", "session": update}))
        while True:
            event = await self.receive()
            if event["type"] == "session.updated":
                session: dict[str, Any] = event["session"]
                return session
            if event["type"] == "error":
                raise AssertionError(f"session.update refused: {event}")

    async def say(self, pcm: bytes, *, silence_s: float = 1.5) -> None:
        """Speech, then enough silence for the server to end the turn."""
        tail = bytes(2 * round(silence_s * INPUT_RATE))
        audio = pcm + tail
        for offset in range(0, len(audio), CHUNK_BYTES):
            chunk = base64.b64encode(audio[offset : offset + CHUNK_BYTES]).decode()
            await self.ws.send(json.dumps({"type": "input_audio_buffer.append", "audio": chunk}))

    async def spoken_turn(
        self, pcm: bytes, on_first_audio: Callable[[], Awaitable[None]] | None = None
    ) -> Turn:
        """Say ``pcm`` and read until ``response.done``. ``on_first_audio`` runs when the
        answer's first audio arrives; if it ends the connection, the turn so far is returned."""
        await self.say(pcm)
        turn = Turn(sent_at=time.monotonic())
        return await asyncio.wait_for(self._read_turn(turn, on_first_audio), TURN_TIMEOUT_S)

    async def _read_turn(
        self, turn: Turn, on_first_audio: Callable[[], Awaitable[None]] | None
    ) -> Turn:
        while True:
            try:
                event = await self.receive()
            except websockets.ConnectionClosed:
                if turn.first_audio_at is None:
                    raise
                return turn
            kind = event["type"]
            if kind == "conversation.item.input_audio_transcription.completed":
                turn.transcript = event["transcript"]
                turn.transcript_at = time.monotonic()
                turn.transcript_note = (event.get("modu") or {}).get("note")
            elif kind == "response.output_audio.delta":
                turn.audio_bytes += len(base64.b64decode(event["delta"]))
                if turn.first_audio_at is None:
                    turn.first_audio_at = time.monotonic()
                    if on_first_audio is not None:
                        await on_first_audio()
            elif kind == "error":
                turn.errors.append(event)
            elif kind == "response.done":
                response = event["response"]
                turn.status = response["status"]
                turn.notes = list((response.get("modu") or {}).get("notes") or [])
                turn.answer = " ".join(
                    part.get("transcript") or part.get("text") or ""
                    for item in response.get("output", [])
                    for part in item.get("content", [])
                ).strip()
                return turn


@asynccontextmanager
async def connect(base_ws_url: str, api_key: str) -> AsyncIterator[LiveSession]:
    """A realtime session through ``base_ws_url`` (nginx), its ``session.created`` read."""
    url = f"{base_ws_url}/v1/realtime?model=modu"
    headers = {"Authorization": f"Bearer {api_key}"}
    async with websockets.connect(url, additional_headers=headers, max_size=None) as ws:
        assert ws.response is not None
        tried = [part.strip() for part in ws.response.headers[UPSTREAM_HEADER].split(",")]
        created: dict[str, Any] = json.loads(await ws.recv())
        assert created["type"] == "session.created", created
        yield LiveSession(ws=ws, tried=tried, created=created)
