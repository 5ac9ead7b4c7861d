"""The OpenAI-compatible REST endpoints, on a live uvicorn server, driven by the openai SDK:
the model list and authentication. Audio and chat: test_openai_rest_audio.py and
test_openai_rest_chat.py.

Engines are fakes (a scripted recogniser, the fake language model and voice), so every answer is
known in advance; the server, the HTTP stack and the client are the real ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest
from openai import OpenAI

from service.settings import Settings
from tests.helpers.openai_rest import (
    Live,
    error_of,
    live_server,
    tone,
    with_key,
)


@pytest.fixture
def live(fake_settings: Settings) -> Iterator[Live]:
    with live_server(with_key(fake_settings)) as server:
        yield server


# --- /v1/models -------------------------------------------------------------------------------


def test_models_lists_the_configured_engines_without_loading_them(
    fake_settings: Settings,
) -> None:
    defaults = Settings.model_validate({"model_dir": fake_settings.model_dir})
    with live_server(with_key(defaults)) as server:
        models = {model.id: model for model in server.client.models.list()}
        whisper = server.client.models.retrieve("whisper-base")
        with pytest.raises(openai.NotFoundError):
            server.client.models.retrieve("gpt-4o")
    assert {"qwen2.5-coder-1.5b-instruct", "whisper-base", "en_US-joe-medium", "espeak-ng"} <= set(
        models
    )
    kinds = {m.id: (m.model_extra or {})["modu"]["kind"] for m in models.values()}
    assert kinds["qwen2.5-coder-1.5b-instruct"] == "chat"
    assert kinds["whisper-base"] == "transcription"
    assert kinds["espeak-ng"] == "speech"
    assert whisper.owned_by == "modu"


# --- authentication ---------------------------------------------------------------------------


def _calls(client: OpenAI) -> dict[str, Any]:
    wav = tone().to_wav_bytes()
    messages: Any = [{"role": "user", "content": "Hi"}]
    return {
        "models": lambda: client.models.list(),
        "transcriptions": lambda: client.audio.transcriptions.create(
            model="whisper-1", file=("q.wav", wav)
        ),
        "speech": lambda: client.audio.speech.create(model="tts-1", voice="alloy", input="Hi."),
        "chat": lambda: client.chat.completions.create(model="m", messages=messages),
    }


@pytest.mark.parametrize("endpoint", ["models", "transcriptions", "speech", "chat"])
def test_a_wrong_key_is_refused(live: Live, endpoint: str) -> None:
    wrong = OpenAI(base_url=f"{live.url}/v1", api_key="not-the-key", max_retries=0)
    with wrong, pytest.raises(openai.AuthenticationError) as caught:
        _calls(wrong)[endpoint]()
    error = error_of(caught.value)
    assert error["code"] == "invalid_api_key"
    assert error["type"] == "authentication_error"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/models"),
        ("POST", "/v1/audio/transcriptions"),
        ("POST", "/v1/audio/speech"),
        ("POST", "/v1/audio/speech/captions"),
        ("POST", "/v1/chat/completions"),
    ],
)
def test_no_key_is_a_401_in_openai_shape(live: Live, method: str, path: str) -> None:
    response = httpx.request(method, f"{live.url}{path}", json={})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "missing_api_key"
