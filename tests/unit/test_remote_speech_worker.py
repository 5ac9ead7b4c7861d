"""A modu as the speech worker of another, over real HTTP (uvicorn on loopback, fake engines):
recognition and voices go through, the worker stopped means the embedded engines answer and
every answer and ``/health`` say so, the worker back means it is used again, and without an
embedded engine the error names the stage and the URL."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import httpx
import numpy as np
import pytest

from service.app import create_app
from service.engines import Engines
from service.remote_stages import build_remote_recognizer, build_remote_synthesizer
from service.settings import Settings
from service.turn import run_turn
from tests.helpers.openai_rest import API_KEY, SECONDS_PER_CHAR, tone, with_key
from tests.helpers.realtime_harness import live_session, spoken_turn
from tests.helpers.uvicorn_server import serve_in_thread
from voices.audio import Audio
from voices.lm.fake import FakeLanguageModel
from voices.lm.fallback import FallbackLanguageModel
from voices.lm.remote import RemoteLanguageModel
from voices.stt.fake import FakeRecognizer
from voices.tts.base import VoiceParams
from voices.tts.fake import FakeSynthesizer

AUTH = {"Authorization": f"Bearer {API_KEY}"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def remote_settings(settings: Settings, port: int, *, fallback: bool) -> Settings:
    remote = {
        "engine": "remote",
        "remote_url": f"http://127.0.0.1:{port}/v1",
        "remote_api_key": API_KEY,
        "remote_retries": 1,
        "remote_recheck_s": 0.0,  # every request tries the worker first: no waiting in tests
        "remote_timeout_s": 10.0,
        "remote_fallback": fallback,
    }
    return settings.model_copy(
        update={
            "stt": settings.stt.model_copy(update=remote),
            "tts": settings.tts.model_copy(update=remote),
        }
    )


def embedded_engines(settings: Settings) -> Engines:
    """The remote stages as the service builds them, with fakes as the embedded engines."""
    recognizer = build_remote_recognizer(
        settings, None, lambda _: FakeRecognizer("heard here"), None
    )
    voice = build_remote_synthesizer(settings, None, lambda _: FakeSynthesizer("embedded"))
    return Engines(settings, recognizer=recognizer, synthesizer=voice)


def worker(settings: Settings, port: int) -> AbstractContextManager[str]:
    """A modu on fake engines at ``port``: it hears "hello" and speaks with the fake voice."""
    return serve_in_thread(create_app(settings), port=port)


@contextmanager
def front(settings: Settings, engines: Engines | None = None) -> Iterator[httpx.Client]:
    with (
        serve_in_thread(create_app(settings, engines=engines)) as url,
        httpx.Client(base_url=url, headers=AUTH, timeout=30.0) as client,
    ):
        yield client


def transcribe(client: httpx.Client) -> httpx.Response:
    files = {"file": ("q.wav", tone().to_wav_bytes(), "audio/wav")}
    return client.post("/v1/audio/transcriptions", files=files, data={"model": "whisper-1"})


def speak(
    client: httpx.Client, text: str = "Hello there. How are you?", **more: Any
) -> httpx.Response:
    body = {"model": "tts-1", "input": text, "response_format": "pcm", **more}
    return client.post("/v1/audio/speech", json=body)


def pcm_seconds(response: httpx.Response) -> float:
    return Audio.from_pcm16(response.content, 24_000).duration_s


def remote_health(client: httpx.Client) -> tuple[str, dict[str, dict[str, Any]]]:
    body = client.get("/health").json()
    return body["status"], {stage["stage"]: stage for stage in body["remote"]}


@pytest.fixture
def settings(fake_settings: Settings) -> Settings:
    return with_key(fake_settings)


def test_recognition_and_voice_go_through_a_modu_speech_worker(settings: Settings) -> None:
    port = free_port()
    client_settings = remote_settings(settings, port, fallback=True)
    with worker(settings, port), front(client_settings, embedded_engines(client_settings)) as app:
        heard = transcribe(app)
        assert heard.status_code == 200, heard.text
        assert heard.json()["text"] == "hello"
        assert heard.json()["modu"]["engine"] == "remote"
        assert heard.json()["modu"]["note"] is None
        # The worker speaks with modu's voice fields: rate 2 halves every sentence.
        spoken = speak(app, rate=2.0, sentence_pause_ms=0)
        assert spoken.status_code == 200, spoken.text
        chars = len("Hello there.") + len("How are you?")
        assert pcm_seconds(spoken) == pytest.approx(chars * SECONDS_PER_CHAR / 2, abs=0.02)
        assert "x-modu-note" not in spoken.headers
        status, stages = remote_health(app)
    assert status == "ok"
    assert set(stages) == {"stt", "tts"}
    assert stages["stt"]["url"] == f"http://127.0.0.1:{port}/v1/audio/transcriptions"
    assert stages["tts"]["falling_back"] is False


def test_a_stopped_worker_means_fallback_said_everywhere_then_the_worker_again(
    settings: Settings,
) -> None:
    port = free_port()
    client_settings = remote_settings(settings, port, fallback=True)
    engines = embedded_engines(client_settings)
    with front(client_settings, engines) as app:
        with worker(settings, port):
            assert transcribe(app).json()["text"] == "hello"
        # The worker is gone: the embedded engines answer, and say why.
        heard = transcribe(app)
        assert heard.status_code == 200
        assert heard.json()["text"] == "heard here"
        note = heard.json()["modu"]["note"]
        assert f"127.0.0.1:{port}/v1/audio/transcriptions unreachable" in note
        assert "faster-whisper" in note and heard.headers["x-modu-note"]
        spoken = speak(app)
        assert spoken.status_code == 200 and pcm_seconds(spoken) > 0.5
        assert "/v1/audio/speech unreachable" in spoken.headers["x-modu-note"]
        assert spoken.headers["x-modu-voice"] == "embedded / embedded-en"
        status, stages = remote_health(app)
        assert status == "degraded"
        assert stages["stt"]["falling_back"] and stages["tts"]["falling_back"]
        assert stages["stt"]["fallback_loaded"] and "unreachable" in stages["stt"]["last_error"]
        # Back at the same address: the worker answers again, and the fallback ends.
        with worker(settings, port):
            back = transcribe(app)
            assert (back.json()["text"], back.json()["modu"]["note"]) == ("hello", None)
            assert "x-modu-note" not in speak(app).headers
            status, stages = remote_health(app)
    assert status == "ok"
    assert not stages["stt"]["falling_back"] and stages["stt"]["last_error"] is None


def test_a_spoken_turn_says_which_stages_fell_back(settings: Settings) -> None:
    client_settings = remote_settings(settings, free_port(), fallback=True)
    engines = embedded_engines(client_settings)
    try:
        result = asyncio.run(run_turn(engines, audio=tone()))
    finally:
        asyncio.run(engines.aclose())
    assert result.user_text == "heard here"
    stt_notes = [n for n in result.notes if "/v1/audio/transcriptions unreachable" in n]
    tts_notes = [n for n in result.notes if "/v1/audio/speech unreachable" in n]
    assert stt_notes and tts_notes


def test_without_an_embedded_engine_the_error_names_stage_and_url(settings: Settings) -> None:
    port = free_port()  # nothing listens there
    client_settings = remote_settings(settings, port, fallback=False)
    with front(client_settings) as app:  # engines built from the settings, as in service
        heard = transcribe(app)
        assert heard.status_code == 503
        error = heard.json()["error"]
        assert error["code"] == "recognition_unavailable"
        assert f"remote speech recognition at http://127.0.0.1:{port}" in error["message"]
        assert "no embedded engine is loaded" in error["message"]
        spoken = speak(app)
        assert spoken.status_code == 500
        assert f"remote voice at http://127.0.0.1:{port}/v1/audio/speech" in spoken.text
        status, stages = remote_health(app)
    assert status == "degraded"
    assert stages["stt"]["fallback"] is None and stages["stt"]["falling_back"]


def test_health_names_remote_stages_before_first_use(settings: Settings) -> None:
    client_settings = remote_settings(settings, 9, fallback=False)
    with front(client_settings) as app:
        status, stages = remote_health(app)
    assert status == "ok"
    assert stages["tts"] == {
        "stage": "tts",
        "url": "http://127.0.0.1:9/v1/audio/speech",
        "falling_back": False,
        "fallback": None,
        "fallback_loaded": False,
        "last_error": None,
    }


def test_remote_voice_reads_a_streamed_wav_from_the_worker(settings: Settings) -> None:
    port = free_port()
    remote = remote_settings(settings, port, fallback=True)
    client_settings = remote.model_copy(
        update={"tts": remote.tts.model_copy(update={"remote_format": "wav"})}
    )
    with worker(settings, port):
        engines = Engines(client_settings)
        try:
            speech = engines.synthesizer.synthesize(
                "Hello there.", VoiceParams(sentence_pause_ms=0)
            )
        finally:
            asyncio.run(engines.aclose())
    assert (speech.engine, speech.note, speech.sample_rate) == ("remote", None, 24_000)
    expected = len("Hello there.") * SECONDS_PER_CHAR
    assert speech.duration_s == pytest.approx(expected, abs=0.02)
    assert float(np.abs(speech.audio().samples).max()) > 0.1


def test_a_realtime_turn_says_which_stages_fell_back(settings: Settings) -> None:
    client_settings = remote_settings(settings, free_port(), fallback=True)
    engines = embedded_engines(client_settings)

    async def converse() -> list[dict[str, Any]]:
        async with live_session(client_settings, engines=engines) as harness:
            await spoken_turn(harness)
            await harness.settle()
            return harness.wire

    try:
        wire = asyncio.run(converse())
    finally:
        asyncio.run(engines.aclose())
    completed = [e for e in wire if e["type"].endswith("input_audio_transcription.completed")]
    assert completed and completed[-1]["transcript"] == "heard here"
    assert "/v1/audio/transcriptions unreachable" in completed[-1]["modu"]["note"]
    done = [e for e in wire if e["type"] == "response.done"]
    notes = done[-1]["response"]["modu"]["notes"]
    assert any("/v1/audio/speech unreachable" in note for note in notes)


def test_health_says_when_the_remote_model_falls_back(settings: Settings) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    lm_settings = settings.model_copy(
        update={"lm": settings.lm.model_copy(update={"engine": "remote", "remote_url": url})}
    )
    model = FallbackLanguageModel(RemoteLanguageModel(url), FakeLanguageModel())
    engines = Engines(lm_settings, language_model=model)
    with front(lm_settings, engines) as app:
        _, before = remote_health(app)
        chat = {"model": "modu", "messages": [{"role": "user", "content": "Hello"}]}
        answer = app.post("/v1/chat/completions", json=chat)
        assert answer.status_code == 200, answer.text
        status, after = remote_health(app)
    assert before["lm"]["falling_back"] is False
    assert status == "degraded"
    assert after["lm"]["url"] == f"{url}/chat/completions"
    assert after["lm"]["falling_back"] and "unreachable" in after["lm"]["last_error"]
