"""The OpenAI-compatible REST endpoints on the real bundled engines, through the openai SDK:
Whisper hears JFK, Piper and eSpeak NG speak English and Korean, Qwen answers in Korean."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openai import OpenAI

from accessibility.labels import label_from_headers
from accessibility.language import hangul_share
from scripts.fetch_test_audio import fetch_test_audio
from service.app import create_app
from service.settings import Settings
from tests.helpers.uvicorn_server import serve_in_thread
from tests.helpers.wer import word_error_rate
from voices.audio import decode_audio

pytestmark = pytest.mark.slow

API_KEY = "test-key-openai-rest-real"
JFK = (
    "And so my fellow Americans, ask not what your country can do for you, "
    "ask what you can do for your country."
)


@pytest.fixture(scope="module")
def client(model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenAI]:
    """One server for the module, so each model loads once. The settings are ``real_settings``'
    (the bundled defaults) with an API key and a signing key of the test's own."""
    keys = tmp_path_factory.mktemp("keys")
    settings = Settings.model_validate(
        {
            "model_dir": model_dir,
            "auth": {"api_keys": [API_KEY]},
            "provenance": {
                "signing_key_path": keys / "signing-key.pem",
                "signing_cert_path": keys / "signing-chain.pem",
            },
        }
    )
    with (
        serve_in_thread(create_app(settings)) as url,
        OpenAI(base_url=f"{url}/v1", api_key=API_KEY, max_retries=0, timeout=600) as sdk,
    ):
        yield sdk


@pytest.fixture(scope="module")
def jfk_wav() -> bytes:
    return fetch_test_audio()["jfk.wav"].read_bytes()


def test_transcribes_jfk_with_segments_in_openai_shape(client: OpenAI, jfk_wav: bytes) -> None:
    raw = client.audio.transcriptions.with_raw_response.create(
        model="whisper-1", file=("jfk.wav", jfk_wav, "audio/wav"), response_format="verbose_json"
    )
    result = raw.parse()
    assert word_error_rate(JFK, result.text) <= 0.1, result.text
    assert result.language == "english"
    assert result.duration == pytest.approx(11.0, abs=0.1)
    assert result.segments
    assert all(0.0 <= s.start < s.end <= result.duration + 0.05 for s in result.segments)
    assert label_from_headers(raw.headers).model == "faster-whisper / whisper-base"


def test_jfk_as_captions(client: OpenAI, jfk_wav: bytes) -> None:
    vtt = client.audio.transcriptions.create(
        model="whisper-1", file=("jfk.wav", jfk_wav), response_format="vtt"
    )
    assert vtt.startswith("WEBVTT\n\n00:00:0")
    assert "ask not what your country can do for you" in vtt.lower()


def test_english_speech_is_piper_signed_and_heard_back(client: OpenAI) -> None:
    text = "The library opens at nine in the morning. It closes at six."
    speech = client.audio.speech.create(
        model="tts-1", voice="alloy", input=text, response_format="wav"
    )
    audio = decode_audio(speech.content)
    assert 2.0 < audio.duration_s < 8.0
    assert label_from_headers(speech.response.headers).voice == "piper / en_US-joe-medium"
    assert speech.response.headers["x-modu-provenance"] == "c2pa"
    heard = client.audio.transcriptions.create(
        model="whisper-1", file=("answer.wav", speech.content), response_format="text"
    )
    assert word_error_rate(text, heard) <= 0.25, heard


def test_korean_speech_is_espeak(client: OpenAI) -> None:
    speech = client.audio.speech.create(
        model="tts-1",
        voice="alloy",
        input="도서관은 아침 아홉 시에 문을 엽니다.",
        response_format="mp3",
    )
    audio = decode_audio(speech.content)
    assert 1.0 < audio.duration_s < 8.0
    assert label_from_headers(speech.response.headers).voice == "espeak-ng / ko"


def test_korean_chat_streams_a_labelled_answer_in_hangul(client: OpenAI) -> None:
    stream = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "한국의 수도는 어디인가요?"}],
        stream=True,
        max_tokens=60,
    )
    chunks = list(stream)
    answer = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert hangul_share(answer) > 0.5, answer
    label = (chunks[0].model_extra or {})["modu"]["label"]
    assert label["model"] == "llama.cpp / qwen2.5-coder-1.5b-instruct"
    assert label["ai_generated"] is True
