"""Odd headers are refused, not crashed on (issue 16): a non-ASCII API key is a 401 on REST and
on the WebSocket upgrade (item 7); a huge If-Match is a 400, not a 500 (item 8)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketDenialResponse

from service.app import create_app
from service.auth import INVALID_API_KEY, AuthError, authenticate
from service.settings import Settings

KEY = "ascii-key"
NON_ASCII = {b"authorization": "Bearer 비밀키".encode()}
"""As it arrives over HTTP: UTF-8 bytes, which Starlette reads as Latin-1."""


def test_a_non_ascii_key_is_an_invalid_key() -> None:
    settings = Settings.model_validate({"auth": {"api_keys": [KEY]}, "server": {"preload": False}})
    with pytest.raises(AuthError) as caught:
        authenticate({"authorization": "Bearer 비밀키é"}, (), "203.0.113.9", settings)
    assert (caught.value.status, caught.value.code) == (401, INVALID_API_KEY)


@pytest.fixture
def client(fake_settings: Settings) -> Iterator[TestClient]:
    settings = fake_settings.model_copy(
        update={"auth": fake_settings.auth.model_copy(update={"api_keys": [KEY]})}
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def test_a_non_ascii_key_over_rest_is_a_401(client: TestClient) -> None:
    response = client.get("/v1/profiles", headers=NON_ASCII)
    assert response.status_code == 401, response.text
    assert response.json()["error"]["code"] == INVALID_API_KEY


def test_a_non_ascii_key_on_the_websocket_upgrade_is_refused(client: TestClient) -> None:
    with (
        pytest.raises(WebSocketDenialResponse) as denied,
        client.websocket_connect("/v1/realtime", headers=NON_ASCII),
    ):
        pass
    assert denied.value.status_code == 401


@pytest.mark.parametrize("digits", [19, 4301])
def test_a_huge_if_match_is_refused_not_crashed_on(client: TestClient, digits: int) -> None:
    key = {"authorization": f"Bearer {KEY}"}
    created = client.post("/v1/profiles", json={"name": "mine"}, headers=key)
    assert created.status_code == 201, created.text
    response = client.patch(
        f"/v1/profiles/{created.json()['id']}",
        json={"name": "changed"},
        headers={**key, "if-match": '"' + "9" * digits + '"'},
    )
    assert response.status_code in (400, 412), response.text
    assert len(response.text) < 2000  # the header is not echoed whole
