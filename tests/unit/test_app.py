"""The HTTP app: built by create_app(settings), nothing at import time."""

from __future__ import annotations

from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import Settings


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
    assert {"name": "qwen2.5-1.5b-instruct", "kind": "lm", "status": "not assembled"} in body[
        "models"
    ]
