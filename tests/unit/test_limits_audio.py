"""Decoded audio is capped while decoding (issue 16, item 1): a small compressed file of a long
silence cannot expand into gigabytes; every decoder path answers with the limit's name."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.audio_formats import encode_speech
from service.engines import Engines
from service.settings import Settings
from voices.audio import Audio, AudioTooLongError, decode_audio
from voices.stt.base import Transcript
from voices.stt.fake import FakeRecognizer

KEY = "limits-key"


@pytest.fixture(scope="module")
def ten_minutes_flac() -> bytes:
    """Ten minutes of silence: a few kilobytes of FLAC, 230 MB of float32 when decoded."""
    return encode_speech(Audio.silence(600.0, 24_000), "flac")


def test_decoding_stops_at_the_cap_and_says_so(ten_minutes_flac: bytes) -> None:
    assert len(ten_minutes_flac) < 200_000
    with pytest.raises(AudioTooLongError) as caught:
        decode_audio(ten_minutes_flac, max_seconds=5.0)
    # How much sooner than a full decode: bench/results/limits-probe.md (timed, not asserted).
    assert caught.value.limit_s == 5.0
    assert "5" in str(caught.value)


def test_audio_under_the_cap_decodes_whole() -> None:
    data = encode_speech(Audio.silence(3.0, 24_000), "flac")
    audio = decode_audio(data, max_seconds=5.0)
    assert audio.duration_s == pytest.approx(3.0, abs=0.05)


def test_a_high_sample_rate_is_capped_by_samples_too() -> None:
    # 192 kHz for 4 s is 768k samples: more than 5 s at 48 kHz (240k) although under 5 s.
    audio = Audio.silence(4.0, 192_000)
    data = audio.to_wav_bytes()
    with pytest.raises(AudioTooLongError):
        decode_audio(data, max_seconds=5.0)


@pytest.fixture
def client(fake_settings: Settings) -> Iterator[TestClient]:
    settings = fake_settings.model_copy(
        update={
            "auth": fake_settings.auth.model_copy(update={"api_keys": [KEY]}),
            "rest": fake_settings.rest.model_copy(update={"max_audio_seconds": 5.0}),
        }
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_transcriptions_refuse_long_audio_with_413(
    client: TestClient, ten_minutes_flac: bytes
) -> None:
    response = client.post(
        "/v1/audio/transcriptions",
        headers={"authorization": f"Bearer {KEY}"},
        files={"file": ("long.flac", ten_minutes_flac, "audio/flac")},
        data={"model": "whisper-1"},
    )
    assert response.status_code == 413, response.text
    error = response.json()["error"]
    assert error["code"] == "audio_too_long"
    assert "MODU_REST__MAX_AUDIO_SECONDS" in error["message"]


def test_modu_ask_refuses_long_audio(
    fake_settings: Settings, ten_minutes_flac: bytes, tmp_path: Path
) -> None:
    from service.ask import AskError, run_ask

    path = tmp_path / "long.flac"
    path.write_bytes(ten_minutes_flac)
    settings = fake_settings.model_copy(
        update={"rest": fake_settings.rest.model_copy(update={"max_audio_seconds": 5.0})}
    )
    with pytest.raises(AskError, match="MODU_REST__MAX_AUDIO_SECONDS"):
        asyncio.run(run_ask(settings, audio=path))


class _HeldRecognizer(FakeRecognizer):
    """Recognises only once ``release`` is set: a transcription that is still running."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.started = threading.Event()

    def transcribe(
        self,
        audio: Audio,
        language: str | None = None,
        beam_size: int | None = None,
        *,
        speech_checked: bool = False,
        prior: str | None = None,
    ) -> Transcript:
        self.started.set()
        assert self.release.wait(10), "the test never released the recogniser"
        return super().transcribe(
            audio, language, beam_size, speech_checked=speech_checked, prior=prior
        )


def test_only_so_many_files_are_recognised_at_once(fake_settings: Settings) -> None:
    """With one slot taken, another file waits its queue time, then gets 503 with Retry-After;
    once the slot is free, files are recognised again."""
    recognizer = _HeldRecognizer()
    settings = fake_settings.model_copy(
        update={
            "auth": fake_settings.auth.model_copy(update={"api_keys": [KEY]}),
            "rest": fake_settings.rest.model_copy(
                update={"max_concurrent_audio": 1, "audio_queue_seconds": 0.2}
            ),
        }
    )
    wav = Audio.silence(1.0, 16_000).to_wav_bytes()

    def post(client: TestClient) -> Any:
        return client.post(
            "/v1/audio/transcriptions",
            headers={"authorization": f"Bearer {KEY}"},
            files={"file": ("a.wav", wav, "audio/wav")},
            data={"model": "whisper-1"},
        )

    engines = Engines(settings, recognizer=recognizer)
    with TestClient(create_app(settings, engines=engines)) as client, ThreadPoolExecutor(1) as pool:
        first = pool.submit(post, client)
        assert recognizer.started.wait(10)
        busy = post(client)
        recognizer.release.set()
        assert first.result(timeout=10).status_code == 200
        again = post(client)
    assert busy.status_code == 503, busy.text
    assert busy.json()["error"]["code"] == "server_busy"
    assert "MODU_REST__MAX_CONCURRENT_AUDIO" in busy.json()["error"]["message"]
    assert busy.headers["retry-after"] == "1"
    assert again.status_code == 200
