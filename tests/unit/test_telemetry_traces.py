"""Traces: a turn is one span with a child per stage (an in-memory exporter stands in for the
OTLP endpoint), and an unreachable collector never reaches a turn."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator, Sequence

import pytest
from fastapi.testclient import TestClient
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import StatusCode

from service.app import create_app
from service.engines import Engines
from service.settings import Settings
from service.telemetry.settings import TelemetrySettings
from service.telemetry.wiring import AppTelemetry
from tests.unit.test_telemetry_metrics import _settings, chat, spoken_turn, typed_turn
from voices.lm.fake import FakeLanguageModel


@pytest.fixture
def exporter() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture
def client(fake_settings: Settings, exporter: InMemorySpanExporter) -> Iterator[TestClient]:
    app = create_app(_settings(fake_settings), span_exporter=exporter)
    with TestClient(app) as test_client:
        yield test_client


def turn_spans(spans: Sequence[ReadableSpan]) -> list[ReadableSpan]:
    return [span for span in spans if span.name == "modu.turn"]


def children(spans: Sequence[ReadableSpan], parent: ReadableSpan) -> dict[str, ReadableSpan]:
    assert parent.context is not None
    return {
        span.name: span
        for span in spans
        if span.parent is not None and span.parent.span_id == parent.context.span_id
    }


def test_a_spoken_turn_is_one_span_with_a_child_per_stage(
    client: TestClient, exporter: InMemorySpanExporter
) -> None:
    with client.websocket_connect("/v1/realtime") as ws:
        ws.receive_json()
        spoken_turn(ws)
    spans = exporter.get_finished_spans()
    [turn] = turn_spans(spans)
    assert turn.attributes is not None
    assert dict(turn.attributes) == {
        "modu.front_end": "realtime",
        "modu.input": "speech",
        "modu.status": "completed",
        "modu.route": "model",
    }
    stages = children(spans, turn)
    assert set(stages) == {
        "modu.recognition",
        "modu.answer",
        "modu.first_token",
        "modu.first_audio",
    }
    assert turn.start_time is not None and turn.end_time is not None
    for name, stage in stages.items():
        assert stage.context is not None and turn.context is not None
        assert stage.context.trace_id == turn.context.trace_id, name
        assert stage.start_time is not None and stage.end_time is not None
        assert turn.start_time <= stage.start_time <= stage.end_time <= turn.end_time, name
    recognition, answer = stages["modu.recognition"], stages["modu.answer"]
    assert recognition.end_time is not None and answer.start_time is not None
    assert recognition.end_time <= answer.start_time, "recognised before the answer began"
    # The turn sits in the WebSocket's own span (FastAPI's instrumentation).
    assert turn.parent is not None
    [socket_span] = [s for s in spans if s.context and s.context.span_id == turn.parent.span_id]
    assert "/v1/realtime" in socket_span.name


def test_a_typed_turn_has_no_recognition_span(
    client: TestClient, exporter: InMemorySpanExporter
) -> None:
    with client.websocket_connect("/v1/realtime") as ws:
        ws.receive_json()
        typed_turn(ws)
    spans = exporter.get_finished_spans()
    [turn] = turn_spans(spans)
    assert turn.attributes is not None and turn.attributes["modu.input"] == "text"
    assert set(children(spans, turn)) == {"modu.answer", "modu.first_token", "modu.first_audio"}


def test_a_chat_turn_is_a_child_of_its_http_request(
    client: TestClient, exporter: InMemorySpanExporter
) -> None:
    chat(client)
    spans = exporter.get_finished_spans()
    [turn] = turn_spans(spans)
    assert set(children(spans, turn)) == {"modu.answer", "modu.first_token"}
    assert turn.parent is not None
    [request] = [s for s in spans if s.context and s.context.span_id == turn.parent.span_id]
    assert request.name == "POST /v1/chat/completions"
    client.get("/metrics")
    client.get("/health")
    scraped = [
        s for s in exporter.get_finished_spans() if "/metrics" in s.name or "/health" in s.name
    ]
    assert scraped == [], "scrapes and health checks are not traced"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_an_unreachable_collector_never_fails_a_turn(
    fake_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    endpoint = f"http://127.0.0.1:{_closed_port()}/v1/traces"
    settings = _settings(fake_settings, otlp_endpoint=endpoint, otlp_timeout_s=1.0)
    with caplog.at_level(logging.WARNING), TestClient(create_app(settings)) as client:
        chat(client)
        with client.websocket_connect("/v1/realtime") as ws:
            ws.receive_json()
            assert typed_turn(ws)[-1]["response"]["status"] == "completed"
    # Shutting down flushed to the dead collector, failed, and only logged it.
    assert any("opentelemetry" in record.name for record in caplog.records), [
        (r.name, r.getMessage()) for r in caplog.records
    ]


def test_offline_by_default_and_set_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    default = AppTelemetry(TelemetrySettings())
    assert default.provider is None, "no endpoint: no tracer, no exporter, nothing sent"
    assert default.metrics is not None
    monkeypatch.setenv("MODU_TELEMETRY__OTLP_ENDPOINT", "http://collector:4318/v1/traces")
    monkeypatch.setenv("MODU_TELEMETRY__METRICS", "false")
    configured = Settings().telemetry
    assert configured.otlp_endpoint == "http://collector:4318/v1/traces"
    traced = AppTelemetry(configured)
    assert traced.provider is not None and traced.metrics is None


def test_a_failed_turn_span_has_an_error_status(
    fake_settings: Settings, exporter: InMemorySpanExporter
) -> None:
    engines = Engines(_settings(fake_settings), language_model=FakeLanguageModel(fail="boom"))
    app = create_app(_settings(fake_settings), engines=engines, span_exporter=exporter)
    with TestClient(app) as client:
        body = {"model": "modu", "messages": [{"role": "user", "content": "Tell me about rivers."}]}
        assert client.post("/v1/chat/completions", json=body).status_code == 500
    [turn] = turn_spans(exporter.get_finished_spans())
    assert turn.attributes is not None and turn.attributes["modu.status"] == "failed"
    assert turn.status.status_code == StatusCode.ERROR
