"""Browsers on the allowed origins can call the API (issue 16, item 10): preflights are answered
and responses carry ``Access-Control-Allow-Origin``; other origins get neither."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import Settings

KEY = "cors-key"
ALLOWED = "https://app.example"


@pytest.fixture
def client(fake_settings: Settings) -> Iterator[TestClient]:
    auth = fake_settings.auth.model_copy(update={"api_keys": [KEY], "allowed_origins": [ALLOWED]})
    with TestClient(create_app(fake_settings.model_copy(update={"auth": auth}))) as test_client:
        yield test_client


def preflight(client: TestClient, origin: str) -> tuple[int, dict[str, str]]:
    response = client.options(
        "/v1/profiles",
        headers={
            "origin": origin,
            "access-control-request-method": "PATCH",
            "access-control-request-headers": "authorization, content-type, if-match",
        },
    )
    return response.status_code, dict(response.headers)


def test_a_preflight_from_an_allowed_origin_is_answered(client: TestClient) -> None:
    status, headers = preflight(client, ALLOWED)
    assert status == 200
    assert headers["access-control-allow-origin"] == ALLOWED
    assert "PATCH" in headers["access-control-allow-methods"]
    assert "if-match" in headers["access-control-allow-headers"].lower()


def test_a_preflight_from_another_origin_is_not(client: TestClient) -> None:
    _, headers = preflight(client, "https://evil.example")
    assert "access-control-allow-origin" not in headers


def test_responses_to_an_allowed_origin_say_so_and_expose_the_etag(client: TestClient) -> None:
    response = client.post(
        "/v1/profiles",
        json={"name": "mine"},
        headers={"authorization": f"Bearer {KEY}", "origin": ALLOWED},
    )
    assert response.status_code == 201
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "etag" in response.headers["access-control-expose-headers"].lower()
