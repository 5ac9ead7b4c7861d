"""``/v1/audio/speech`` streams sentence by sentence (``pcm``; ``wav`` with ``stream: true``):
the first sentence's audio reaches the client while the last is not yet spoken. A voice that
waits before the last sentence until the test lets it shows this without timing anything."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest

from service.app import create_app
from service.engines import Engines
from service.settings import Settings
from tests.helpers.openai_rest import API_KEY, SECONDS_PER_CHAR, with_key
from tests.helpers.uvicorn_server import serve_in_thread
from voices.audio import decode_audio
from voices.tts.base import SynthesisError, SynthesizedSpeech, VoiceParams
from voices.tts.fake import FakeSynthesizer

TEXT = "First one here. Second one here. Third one here. The last one."
LAST = "The last one."
GUARD_S = 30.0
"""Only so that a broken stream fails instead of hanging; nothing is timed."""


class HeldVoice(FakeSynthesizer):
    """The fake voice, holding the last sentence until :attr:`release` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.spoken: list[str] = []

    def synthesize(self, text: str, params: VoiceParams) -> SynthesizedSpeech:
        if text == LAST and not self.release.wait(GUARD_S):
            raise AssertionError("the test never released the last sentence")
        self.spoken.append(text)
        return super().synthesize(text, params)


@pytest.fixture
def served(fake_settings: Settings) -> Iterator[tuple[httpx.Client, HeldVoice]]:
    settings = with_key(fake_settings)
    voice = HeldVoice()
    app = create_app(settings, engines=Engines(settings, synthesizer=voice))
    with (
        serve_in_thread(app) as url,
        httpx.Client(
            base_url=url, headers={"Authorization": f"Bearer {API_KEY}"}, timeout=GUARD_S
        ) as client,
    ):
        yield client, voice
    voice.release.set()


def first_sentence_bytes() -> int:
    return 2 * round(len("First one here.") * SECONDS_PER_CHAR * 24_000)


@pytest.mark.parametrize(("speech_format", "header"), [("pcm", 0), ("wav", 44)])
def test_the_first_sentence_arrives_before_the_last_is_spoken(
    served: tuple[httpx.Client, HeldVoice], speech_format: str, header: int
) -> None:
    client, voice = served
    body = {"model": "tts-1", "input": TEXT, "response_format": speech_format, "stream": True}
    with client.stream("POST", "/v1/audio/speech", json=body) as response:
        assert response.status_code == 200
        received = b""
        chunks = response.iter_raw()
        while len(received) < header + first_sentence_bytes():
            received += next(chunks)
        assert LAST not in voice.spoken, "the first sentence came before the last was spoken"
        voice.release.set()
        received += b"".join(chunks)
    assert voice.spoken[-1] == LAST
    if speech_format == "wav":
        assert response.headers["x-modu-provenance"].startswith("none (a streamed WAV")
        spoken_s = decode_audio(received).duration_s
    else:
        spoken_s = len(received) / 2 / 24_000
    sentences_s = sum(len(s) for s in TEXT.replace(". ", ".|").split("|")) * SECONDS_PER_CHAR
    assert spoken_s == pytest.approx(sentences_s + 3 * 0.25, abs=0.02)


def test_wav_without_stream_is_still_one_signed_file(
    served: tuple[httpx.Client, HeldVoice],
) -> None:
    client, voice = served
    voice.release.set()
    body = {"model": "tts-1", "input": TEXT, "response_format": "wav"}
    response = client.post("/v1/audio/speech", json=body)
    assert response.headers["x-modu-provenance"] == "c2pa"
    assert "content-length" in response.headers


def test_modu_voice_fields_are_applied(served: tuple[httpx.Client, HeldVoice]) -> None:
    client, voice = served
    voice.release.set()
    body = {
        "model": "tts-1",
        "input": "Hola amigo.",
        "response_format": "pcm",
        "speed": 4.0,  # the rate field wins over OpenAI's speed
        "rate": 0.5,
        "pitch": 1.2,
        "volume": 0.5,
        "sentence_pause_ms": 0,
        "language": "es",
    }
    response = client.post("/v1/audio/speech", json=body)
    assert response.status_code == 200
    assert response.headers["x-modu-speech-rate"] == "0.5"
    _, params = voice.calls[-1]
    assert (params.language, params.rate, params.pitch, params.volume) == ("es", 0.5, 1.2, 0.5)
    assert len(response.content) / 2 / 24_000 == pytest.approx(
        len("Hola amigo.") * SECONDS_PER_CHAR / 0.5, abs=0.01
    )


def test_a_voice_field_out_of_range_names_itself(served: tuple[httpx.Client, HeldVoice]) -> None:
    client, _ = served
    body = {"model": "tts-1", "input": "Hi.", "pitch": 3.0}
    response = client.post("/v1/audio/speech", json=body)
    assert response.status_code == 422
    assert response.json()["error"]["param"] == "pitch"


class FailingLast(FakeSynthesizer):
    def synthesize(self, text: str, params: VoiceParams) -> SynthesizedSpeech:
        if text == LAST:
            raise SynthesisError("the voice broke")
        return super().synthesize(text, params)


def test_a_sentence_that_fails_mid_stream_ends_the_body_after_what_was_spoken(
    fake_settings: Settings,
) -> None:
    settings = with_key(fake_settings)
    app = create_app(settings, engines=Engines(settings, synthesizer=FailingLast()))
    with serve_in_thread(app) as url:
        response = httpx.post(
            f"{url}/v1/audio/speech",
            json={"model": "tts-1", "input": TEXT, "response_format": "pcm"},
            headers={"Authorization": f"Bearer {API_KEY}"},
            timeout=GUARD_S,
        )
    assert response.status_code == 200
    spoken = ("First one here.", "Second one here.", "Third one here.")
    expected_s = sum(len(s) for s in spoken) * SECONDS_PER_CHAR + 2 * 0.25
    assert len(response.content) / 2 / 24_000 == pytest.approx(expected_s, abs=0.02)
