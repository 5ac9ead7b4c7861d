"""A stranger's view: a live uvicorn server on loopback, the official ``openai`` SDK (GA and
beta dialects) and the ``websockets`` library, a real recording, the real bundled models."""

from __future__ import annotations

import asyncio
import base64
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import uvicorn
import websockets
from openai import AsyncOpenAI

from scripts.fetch_test_audio import fetch_test_audio
from service.app import create_app
from service.settings import Settings
from voices.audio import decode_audio

pytestmark = pytest.mark.slow

API_KEY = "test-key-123"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class LiveServer:
    def __init__(self, settings: Settings) -> None:
        self.port = _free_port()
        config = uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)

    @property
    def ws_base(self) -> str:
        return f"ws://127.0.0.1:{self.port}/v1"


@pytest.fixture(scope="module")
def jfk_pcm24k() -> bytes:
    """JFK's 11 s of real speech, 24 kHz PCM16, followed by 2.5 s of silence (end of turn)."""
    audio = decode_audio(fetch_test_audio()["jfk.wav"], sample_rate=24_000)
    pcm = audio.to_pcm16()
    return pcm + np.zeros(60_000, dtype="<i2").tobytes()


@pytest.fixture(scope="module")
def live(model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = Settings.model_validate(
        {
            "model_dir": model_dir,
            "auth": {"api_keys": [API_KEY]},
            "profiles": {"sqlite_path": tmp_path_factory.mktemp("db") / "profiles.db"},
            "lm": {"max_tokens": 60},
        }
    )
    with LiveServer(settings) as server:
        yield server


async def _stream_audio(connection: Any, pcm: bytes, realtime: bool = False) -> float:
    """Send audio in 100 ms chunks; return the time the last chunk left."""
    step = 4800
    for offset in range(0, len(pcm), step):
        chunk = base64.b64encode(pcm[offset : offset + step]).decode()
        await connection.input_audio_buffer.append(audio=chunk)
        if realtime:
            await asyncio.sleep(0.1)
    return time.perf_counter()


async def _collect(connection: Any, until: str) -> list[Any]:
    events = []
    async for event in connection:
        events.append(event)
        if event.type == until:
            return events
    raise AssertionError("connection closed before " + until)


async def _spoken_turn_ga(live: LiveServer, pcm: bytes) -> dict[str, Any]:
    client = AsyncOpenAI(api_key=API_KEY, websocket_base_url=live.ws_base)
    async with client.realtime.connect(model="modu") as connection:
        created = await connection.recv()
        assert created.type == "session.created"
        # JFK pauses for breath; a patient listener (2 s) hears the whole sentence as one turn.
        patient: Any = {"type": "server_vad", "silence_duration_ms": 2000}
        await connection.session.update(
            session={"type": "realtime", "audio": {"input": {"turn_detection": patient}}}
        )
        updated: Any = await connection.recv()
        assert updated.type == "session.updated", updated
        assert updated.session.audio.input.turn_detection.silence_duration_ms == 2000
        sent_at = await _stream_audio(connection, pcm)
        events = await _collect(connection, "response.done")
    types = [e.type for e in events]
    first_audio = next(i for i, t in enumerate(types) if t == "response.output_audio.delta")
    return {"events": events, "types": types, "sent_at": sent_at, "first_audio_index": first_audio}


def test_openai_sdk_ga_holds_a_spoken_conversation(live: LiveServer, jfk_pcm24k: bytes) -> None:
    result = asyncio.run(_spoken_turn_ga(live, jfk_pcm24k))
    events, types = result["events"], result["types"]
    transcript = next(
        e for e in events if e.type == "conversation.item.input_audio_transcription.completed"
    )
    errors = [e for e in events if e.type == "error"]
    assert not errors, errors
    assert "ask not what your country can do for you" in transcript.transcript.lower(), types[:12]
    assert "input_audio_buffer.speech_started" in types
    audio = b"".join(
        base64.b64decode(e.delta) for e in events if e.type == "response.output_audio.delta"
    )
    assert len(audio) > 24_000 * 2, "more than a second of spoken answer"
    done = events[-1]
    assert done.response.status == "completed"
    answer = done.response.output[0].content[0].transcript
    assert answer and not any("\uac00" <= ch <= "\ud7a3" for ch in answer), "answered in English"
    label = done.response.model_extra["modu"]["label"]
    assert label["ai_generated"] is True and label["generator"] == "modu"
    assert label["model"] == "qwen2.5-coder-1.5b-instruct"


async def _text_turn_beta(live: LiveServer, text: str) -> list[Any]:
    client = AsyncOpenAI(api_key=API_KEY, websocket_base_url=live.ws_base)
    async with client.beta.realtime.connect(model="modu") as connection:
        created = await connection.recv()
        assert created.type == "session.created"
        await connection.session.update(session={"modalities": ["text", "audio"], "voice": "alloy"})
        await connection.conversation.item.create(
            item={
                "type": "message",
                "role": "user",
                "content": [{"type": "input_text", "text": text}],
            }
        )
        await connection.response.create()
        return await _collect(connection, "response.done")


def test_openai_sdk_beta_answers_korean_in_korean(live: LiveServer) -> None:
    events = asyncio.run(
        _text_turn_beta(live, "한국의 수도는 어디인가요? 한 문장으로 답해 주세요.")
    )
    types = {e.type for e in events}
    assert "response.audio.delta" in types and "response.audio_transcript.delta" in types
    done = events[-1]
    assert done.response.status == "completed"
    answer = done.response.output[0].content[0].transcript
    hangul = sum("\uac00" <= ch <= "\ud7a3" for ch in answer)
    letters = sum(ch.isalpha() for ch in answer)
    assert letters and hangul / letters > 0.5, answer
    assert "서울" in answer


async def _barge_in(live: LiveServer, pcm: bytes) -> list[dict[str, Any]]:
    url = f"{live.ws_base}/realtime?model=modu"
    headers = {"Authorization": f"Bearer {API_KEY}"}
    events: list[dict[str, Any]] = []
    async with websockets.connect(url, additional_headers=headers, max_size=None) as ws:
        events.append(json.loads(await ws.recv()))
        item = {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": "Tell me about the history of Korea."}],
        }
        await ws.send(json.dumps({"type": "conversation.item.create", "item": item}))
        await ws.send(
            json.dumps({"type": "response.create", "response": {"max_output_tokens": 200}})
        )
        while True:
            event = json.loads(await ws.recv())
            events.append(event)
            if event["type"] == "response.output_audio.delta":
                break
        await ws.send(pcm[: 24_000 * 2 * 3])  # 3 s of speech over the answer, as binary frames
        while True:
            event = json.loads(await ws.recv())
            events.append(event)
            if event["type"] == "response.done":
                return events


def test_barge_in_with_real_speech_cancels_and_stops_audio(
    live: LiveServer, jfk_pcm24k: bytes
) -> None:
    events = asyncio.run(_barge_in(live, jfk_pcm24k))
    types = [e["type"] for e in events]
    done = events[-1]["response"]
    assert done["status"] == "cancelled", done["status_details"]
    assert done["status_details"]["reason"] == "turn_detected"
    started = types.index("input_audio_buffer.speech_started")
    assert "response.output_audio.delta" not in types[started:]


async def _concurrent_text_turns(live: LiveServer, count: int) -> list[list[Any]]:
    questions = ["What is two plus two?", "오늘은 무슨 요일이에요?", "Name a color.", "안녕하세요?"]
    return await asyncio.gather(
        *(_text_turn_beta(live, questions[i % len(questions)]) for i in range(count))
    )


def test_several_sessions_at_once_all_get_complete_answers(live: LiveServer) -> None:
    results = asyncio.run(_concurrent_text_turns(live, 3))
    for events in results:
        done = events[-1]
        assert done.response.status == "completed"
        assert done.response.output[0].content[0].transcript.strip()
