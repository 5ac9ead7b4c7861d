"""A modu on the real speech engines (Whisper base, Piper, eSpeak NG) as the speech worker of
another modu whose recognition and voices are remote: JFK heard through the worker, a Korean
and English answer spoken by it and streamed, and with the worker stopped the replica's own
embedded engines answer and say so."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import httpx
import pytest

from scripts.fetch_test_audio import fetch_test_audio
from service.app import create_app
from service.settings import Settings
from tests.helpers.uvicorn_server import serve_in_thread
from tests.helpers.wer import word_error_rate
from voices.audio import Audio

pytestmark = pytest.mark.slow

API_KEY = "test-key-remote-real"
AUTH = {"Authorization": f"Bearer {API_KEY}"}
JFK = (
    "And so my fellow Americans, ask not what your country can do for you, "
    "ask what you can do for your country."
)
ANSWER = "안녕하세요. 오늘은 맑습니다. The bus leaves at nine. 좋은 하루 보내세요."


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _settings(model_dir: Path, keys: Path, **groups: dict[str, object]) -> Settings:
    return Settings.model_validate(
        {
            "model_dir": model_dir,
            "auth": {"api_keys": [API_KEY]},
            "lm": {"engine": "fake"},  # the speech stages are what this test is about
            "server": {"preload": False},
            "provenance": {
                "signing_key_path": keys / "signing-key.pem",
                "signing_cert_path": keys / "signing-chain.pem",
            },
            **groups,
        }
    )


@pytest.fixture(scope="module")
def jfk_wav() -> bytes:
    return fetch_test_audio()["jfk.wav"].read_bytes()


@pytest.fixture(scope="module")
def setup(
    model_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[httpx.Client, Settings, int]]:
    """The replica (remote stages, embedded fallbacks) and the worker's settings and port."""
    keys = tmp_path_factory.mktemp("keys")
    port = _free_port()
    remote = {
        "engine": "remote",
        "remote_url": f"http://127.0.0.1:{port}/v1",
        "remote_api_key": API_KEY,
        "remote_recheck_s": 0.0,
        "remote_timeout_s": 120.0,
    }
    replica = _settings(model_dir, keys, stt=remote, tts=remote)
    with (
        serve_in_thread(create_app(replica)) as url,
        httpx.Client(base_url=url, headers=AUTH, timeout=600.0) as client,
    ):
        yield client, _settings(model_dir, keys), port


def _worker(settings: Settings, port: int) -> AbstractContextManager[str]:
    return serve_in_thread(create_app(settings), port=port)


def _transcribe(client: httpx.Client, wav: bytes) -> httpx.Response:
    files = {"file": ("jfk.wav", wav, "audio/wav")}
    form = {"model": "whisper-1", "response_format": "verbose_json"}
    return client.post("/v1/audio/transcriptions", files=files, data=form)


def test_a_real_worker_hears_and_speaks_for_the_replica(
    setup: tuple[httpx.Client, Settings, int], jfk_wav: bytes
) -> None:
    client, worker_settings, port = setup
    with _worker(worker_settings, port):
        heard = _transcribe(client, jfk_wav)
        assert heard.status_code == 200, heard.text
        body = heard.json()
        assert body["language"] == "english" and body["modu"]["note"] is None
        assert word_error_rate(JFK, body["text"]) < 0.15
        spoken = client.post(
            "/v1/audio/speech",
            json={"model": "tts-1", "input": ANSWER, "response_format": "pcm", "rate": 1.2},
        )
    assert spoken.status_code == 200, spoken.text
    assert "x-modu-note" not in spoken.headers
    assert spoken.headers["x-modu-voice"].startswith("remote / ")
    assert Audio.from_pcm16(spoken.content, 24_000).duration_s > 3.0


def test_with_the_worker_stopped_the_replica_hears_and_speaks_itself(
    setup: tuple[httpx.Client, Settings, int], jfk_wav: bytes
) -> None:
    client, _, _ = setup
    heard = _transcribe(client, jfk_wav)
    assert heard.status_code == 200, heard.text
    assert word_error_rate(JFK, heard.json()["text"]) < 0.15
    assert "unreachable" in heard.json()["modu"]["note"]
    spoken = client.post(
        "/v1/audio/speech", json={"model": "tts-1", "input": ANSWER, "response_format": "pcm"}
    )
    assert spoken.status_code == 200
    assert "unreachable" in spoken.headers["x-modu-note"]
    health = client.get("/health").json()
    assert health["status"] == "degraded"
    assert {stage["stage"] for stage in health["remote"] if stage["falling_back"]} == {
        "stt",
        "tts",
    }
