"""``GET /metrics``: real turns over the app (fake engines) move the histograms and counters,
read back with Prometheus' own parser."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import httpx
import numpy as np
import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import WebSocketDenialResponse
from starlette.websockets import WebSocketDisconnect

from service.app import create_app
from service.engines import Engines
from service.settings import Settings
from voices.lm.fake import FakeLanguageModel
from voices.lm.fallback import FallbackLanguageModel
from voices.lm.remote import RemoteLanguageModel
from voices.tts.fake import FakeSynthesizer
from voices.tts.router import SpeechRouter

Event = dict[str, Any]
Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]
QUESTION = "Tell me something about rivers."
"""A question no check answers: the model does, so it has a first token."""


def _settings(fake_settings: Settings, **telemetry: Any) -> Settings:
    return fake_settings.model_copy(
        update={
            "server": fake_settings.server.model_copy(update={"dev": True}),
            "telemetry": fake_settings.telemetry.model_copy(update=telemetry),
        }
    )


def scrape(client: TestClient, **headers: str) -> Samples:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    samples: Samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def value(samples: Samples, name: str, **labels: str) -> float:
    """A sample's value; 0 when it was never recorded (Prometheus' own reading)."""
    return samples.get((name, frozenset(labels.items())), 0.0)


def until(ws: Any, wanted: str, limit: int = 400) -> list[Event]:
    seen: list[Event] = []
    for _ in range(limit):
        event: Event = ws.receive_json()
        seen.append(event)
        if event["type"] == wanted:
            return seen
    raise AssertionError(f"no {wanted} in {[e['type'] for e in seen]}")


def pcm(tone_s: float, silence_s: float, rate: int = 24_000) -> bytes:
    t = np.arange(round(tone_s * rate)) / rate
    tone = (np.sin(2 * np.pi * 220 * t) * 0.5 * 32767).astype("<i2")
    return tone.tobytes() + np.zeros(round(silence_s * rate), dtype="<i2").tobytes()


def spoken_turn(ws: Any) -> list[Event]:
    audio = pcm(1.0, 1.0)
    for offset in range(0, len(audio), 9600):
        piece = base64.b64encode(audio[offset : offset + 9600]).decode()
        ws.send_json({"type": "input_audio_buffer.append", "audio": piece})
    return until(ws, "response.done")


def typed_turn(ws: Any, text: str = QUESTION) -> list[Event]:
    content = [{"type": "input_text", "text": text}]
    item = {"type": "message", "role": "user", "content": content}
    ws.send_json({"type": "conversation.item.create", "item": item})
    until(ws, "conversation.item.done")
    ws.send_json({"type": "response.create"})
    return until(ws, "response.done")


def chat(client: TestClient, text: str = QUESTION) -> None:
    body = {"model": "modu", "messages": [{"role": "user", "content": text}]}
    response = client.post("/v1/chat/completions", json=body)
    assert response.status_code == 200, response.text


@pytest.fixture
def client(fake_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(_settings(fake_settings))) as test_client:
        yield test_client


def test_nothing_recorded_before_any_turn(client: TestClient) -> None:
    samples = scrape(client)
    assert value(samples, "modu_sessions_active") == 0
    assert value(samples, "modu_ttfa_seconds_count", front_end="realtime", input="speech") == 0


def test_spoken_typed_and_rest_turns_move_the_histograms(client: TestClient) -> None:
    with client.websocket_connect("/v1/realtime") as ws:
        ws.receive_json()
        spoken = spoken_turn(ws)
        typed = typed_turn(ws)
        during = scrape(client)
    chat(client)
    samples = scrape(client)
    assert spoken[-1]["response"]["status"] == typed[-1]["response"]["status"] == "completed"
    assert value(during, "modu_sessions_active") == 1
    assert value(samples, "modu_sessions_active") == 0
    for kind in ("speech", "text"):
        turns = value(
            samples, "modu_turns_total", front_end="realtime", input=kind, status="completed"
        )
        assert turns == 1, kind
        assert value(samples, "modu_ttfa_seconds_count", front_end="realtime", input=kind) == 1
    assert value(samples, "modu_turns_total", front_end="chat", input="text", status="completed")
    stage = "modu_stage_seconds_count"
    assert value(samples, stage, stage="recognition", front_end="realtime") == 1
    assert value(samples, stage, stage="first_token", front_end="realtime") == 2
    assert value(samples, stage, stage="first_audio", front_end="realtime") == 2
    assert value(samples, stage, stage="first_token", front_end="chat") == 1
    assert value(samples, stage, stage="first_audio", front_end="chat") == 0, "chat has no audio"
    # Every observation fell in a bucket: the +Inf bucket counts them all.
    ttfa_inf = value(
        samples, "modu_ttfa_seconds_bucket", front_end="realtime", input="speech", le="+Inf"
    )
    assert ttfa_inf == 1
    assert value(samples, "modu_ttfa_seconds_sum", front_end="realtime", input="speech") > 0


def test_errors_are_counted_by_their_code(client: TestClient) -> None:
    with client.websocket_connect("/v1/realtime") as ws:
        ws.receive_json()
        ws.send_text("{not json")
        assert until(ws, "error")[-1]["error"]["code"] == "invalid_json"
        ws.send_json({"type": "response.cancel"})
        assert until(ws, "error")[-1]["error"]["code"] == "response_cancel_not_active"
    only_system = {"model": "modu", "messages": [{"role": "system", "content": "Be brief."}]}
    assert client.post("/v1/chat/completions", json=only_system).status_code == 400
    assert client.post("/v1/chat/completions", json={"model": "modu"}).status_code == 422
    assert client.get("/no/such/page").status_code == 404
    samples = scrape(client)
    assert value(samples, "modu_errors_total", front_end="rest", type="invalid_value") == 2
    assert value(samples, "modu_errors_total", front_end="rest", type="not_found_error") == 1
    assert value(samples, "modu_errors_total", front_end="realtime", type="invalid_json") == 1
    errors = value(
        samples, "modu_errors_total", front_end="realtime", type="response_cancel_not_active"
    )
    assert errors == 1


def test_refused_sessions_are_counted_with_their_reason(fake_settings: Settings) -> None:
    settings = _settings(fake_settings)
    settings = settings.model_copy(
        update={"realtime": settings.realtime.model_copy(update={"max_sessions": 1})}
    )
    with TestClient(create_app(settings)) as client, client.websocket_connect("/v1/realtime"):
        with (
            pytest.raises(WebSocketDisconnect) as refused,
            client.websocket_connect("/v1/realtime") as second,
        ):
            second.receive_json()
        assert refused.value.code == 1013
        samples = scrape(client)
    assert value(samples, "modu_sessions_refused_total", reason="at_capacity") == 1
    assert value(samples, "modu_sessions_active") == 1


def test_a_failing_voice_is_counted_as_a_tts_fallback(fake_settings: Settings) -> None:
    router = SpeechRouter(
        english=FakeSynthesizer("piper", error="no voice"), fallback=FakeSynthesizer("espeak")
    )
    engines = Engines(_settings(fake_settings), synthesizer=router)
    router.observer = engines.events
    with TestClient(create_app(_settings(fake_settings), engines=engines)) as client:
        with client.websocket_connect("/v1/realtime") as ws:
            ws.receive_json()
            typed_turn(ws)
        samples = scrape(client)
    fallbacks = value(samples, "modu_fallbacks_total", stage="tts", failed="piper", used="espeak")
    assert fallbacks >= 2, "the spoken AI notice and each sentence of the answer"


def _sse_server(request: httpx.Request) -> httpx.Response:
    chunk = '{"choices": [{"index": 0, "delta": {"content": "Rivers flow."}}]}'
    body = f"data: {chunk}\n\ndata: [DONE]\n\n"
    return httpx.Response(200, text=body, headers={"Content-Type": "text/event-stream"})


def _unreachable(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


@pytest.mark.parametrize(
    ("server", "outcome", "fell_back"), [(_sse_server, "ok", 0), (_unreachable, "error", 1)]
)
def test_remote_model_latency_and_its_fallback(
    fake_settings: Settings, server: Any, outcome: str, fell_back: int
) -> None:
    remote = RemoteLanguageModel("http://llm.test/v1", transport=httpx.MockTransport(server))
    model = FallbackLanguageModel(remote, FakeLanguageModel())
    engines = Engines(_settings(fake_settings), language_model=model)
    remote.observer = model.observer = engines.events
    with TestClient(create_app(_settings(fake_settings), engines=engines)) as client:
        chat(client)
        samples = scrape(client)
    assert value(samples, "modu_remote_seconds_count", stage="lm", outcome=outcome) == 1
    fallbacks = value(samples, "modu_fallbacks_total", stage="lm", failed="remote", used="fake")
    assert fallbacks == fell_back


def test_metrics_and_sessions_need_a_key_unless_opened(fake_settings: Settings) -> None:
    keyed = fake_settings.model_copy(
        update={"auth": fake_settings.auth.model_copy(update={"api_keys": ["scrape-key"]})}
    )
    with TestClient(create_app(keyed)) as client:
        assert client.get("/metrics").status_code == 401
        with (
            pytest.raises(WebSocketDenialResponse) as denied,
            client.websocket_connect("/v1/realtime"),
        ):
            pass
        assert denied.value.status_code == 401
        samples = scrape(client, Authorization="Bearer scrape-key")
    assert value(samples, "modu_sessions_refused_total", reason="missing_api_key") == 1
    opened = keyed.model_copy(
        update={"telemetry": keyed.telemetry.model_copy(update={"metrics_without_key": True})}
    )
    with TestClient(create_app(opened)) as client:
        scrape(client)


def test_metrics_off_means_no_route(fake_settings: Settings) -> None:
    with TestClient(create_app(_settings(fake_settings, metrics=False))) as client:
        assert client.get("/metrics").status_code == 404
        with client.websocket_connect("/v1/realtime") as ws:
            ws.receive_json()
            assert typed_turn(ws)[-1]["response"]["status"] == "completed"


def test_a_failed_answer_is_a_failed_turn_and_an_error(fake_settings: Settings) -> None:
    engines = Engines(_settings(fake_settings), language_model=FakeLanguageModel(fail="boom"))
    with TestClient(create_app(_settings(fake_settings), engines=engines)) as client:
        body = {"model": "modu", "messages": [{"role": "user", "content": QUESTION}]}
        assert client.post("/v1/chat/completions", json=body).status_code == 500
        with client.websocket_connect("/v1/realtime") as ws:
            ws.receive_json()
            assert typed_turn(ws)[-1]["response"]["status"] == "failed"
        samples = scrape(client)
    for front_end in ("chat", "realtime"):
        failed = value(
            samples, "modu_turns_total", front_end=front_end, input="text", status="failed"
        )
        assert failed == 1, front_end
    assert value(samples, "modu_errors_total", front_end="rest", type="engine_error") == 1
    assert value(samples, "modu_errors_total", front_end="realtime", type="model_failed") == 1
