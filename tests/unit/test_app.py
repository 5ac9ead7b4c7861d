"""The HTTP app: built by create_app(settings), nothing at import time."""

from __future__ import annotations

import asyncio
import time

from fastapi.testclient import TestClient

from service.app import create_app
from service.engines import Engines
from service.settings import Settings
from voices.lm.fake import FakeLanguageModel
from voices.tts.fake import FakeSynthesizer


def test_health_with_fake_engines_needs_no_models(fake_settings: Settings) -> None:
    with TestClient(create_app(fake_settings)) as client:
        response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["engines"] == {"stt": "fake", "vad": "fake", "lm": "fake", "tts": "fake"}
    assert body["models"] == []


def test_health_reports_missing_models_as_degraded(fake_settings: Settings) -> None:
    settings = fake_settings.model_copy(
        update={"lm": fake_settings.lm.model_copy(update={"engine": "llamacpp"})}
    )
    with TestClient(create_app(settings)) as client:
        body = client.get("/health").json()
    assert body["status"] == "degraded"
    assert {"name": "qwen2.5-coder-1.5b-instruct", "kind": "lm", "status": "not assembled"} in body[
        "models"
    ]


def test_warm_up_loads_engines_and_primes_the_model(fake_settings: Settings) -> None:
    model, voice = FakeLanguageModel(), FakeSynthesizer()
    engines = Engines(fake_settings, language_model=model, synthesizer=voice)
    asyncio.run(engines.warm_up())
    assert len(model.calls) == 1, "one request primes the prompt cache"
    assert model.calls[0][0].role == "system"
    assert len(voice.calls) == 1, "the voice spoke once"


def test_app_warms_up_in_the_background_when_asked(fake_settings: Settings) -> None:
    settings = fake_settings.model_copy(
        update={"server": fake_settings.server.model_copy(update={"preload": True})}
    )
    model = FakeLanguageModel()
    app = create_app(settings, engines=Engines(settings, language_model=model))
    with TestClient(app) as client:
        assert client.get("/health").status_code == 200
        deadline = time.monotonic() + 5
        while not model.calls and time.monotonic() < deadline:
            time.sleep(0.02)
    assert model.calls, "the model was primed at start-up"


def test_optional_recognition_yields_to_running_ones(fake_settings: Settings) -> None:
    from voices.audio import Audio

    engines = Engines(fake_settings)
    speech = Audio.silence(0.5)
    engines.recognitions_in_flight = 1  # a final transcript is being made
    assert asyncio.run(engines.transcribe(speech, None, optional=True)) is None
    engines.recognitions_in_flight = 0
    heard = asyncio.run(engines.transcribe(speech, None, optional=True))
    assert heard is not None and engines.recognitions_in_flight == 0
