"""No error quotes unbounded client input back (issue 16, items 4 and 9): REST errors (422s
included) and realtime ``error`` events clip what they echo."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.errors import ECHO_CHARS, MESSAGE_CHARS, describe_validation_errors
from service.realtime.server_events import request_error
from service.settings import Settings


@pytest.fixture
def client(fake_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(fake_settings)) as test_client:
        yield test_client


def test_a_422_does_not_echo_a_long_text(client: TestClient) -> None:
    response = client.post("/v1/verify", json={"text": "가" * 300_000})
    assert response.status_code == 422
    assert len(response.content) < 2 * MESSAGE_CHARS
    assert "more characters" in response.json()["error"]["message"]


def test_many_validation_errors_are_summarised() -> None:
    errors = [{"loc": ("body", i), "msg": "bad", "input": "x" * 10_000} for i in range(10_000)]
    message, param = describe_validation_errors(errors)
    assert param == "0"
    assert len(message) <= MESSAGE_CHARS
    assert "9990 more" in message


def test_realtime_errors_clip_what_the_client_sent() -> None:
    huge = "t" * 1_000_000
    event = request_error("unknown_event_type", f"got {huge!r}", param=huge, event_id=huge)
    assert len(event.model_dump_json()) < MESSAGE_CHARS + 3 * ECHO_CHARS + 200
    assert event.error.event_id is not None and len(event.error.event_id) <= ECHO_CHARS
