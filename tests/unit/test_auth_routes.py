"""The local-page rules through the app: REST and ``/v1/realtime`` on a server started with no
keys and no dev mode (as ``modu serve`` is), and how refusals reach a page and a program."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketDenialResponse
from starlette.websockets import WebSocketDisconnect

from service.app import create_app
from service.routes.realtime import CLOSE_UNAUTHORIZED
from service.settings import Settings

LOCAL_URL = "http://127.0.0.1:8000"
LOCAL_WS = "ws://127.0.0.1:8000/v1/realtime"
"""Starlette's test client ignores ``base_url`` for WebSockets: they take the whole URL."""


def page_origin() -> dict[str, str]:
    """A fresh dict each time: the test client adds its handshake headers to the one given."""
    return {"Origin": LOCAL_URL}


@pytest.fixture
def local(fake_settings: Settings) -> Iterator[TestClient]:
    """A client on this machine (loopback peer) reaching the server as http://127.0.0.1:8000."""
    app = create_app(fake_settings)
    with TestClient(app, base_url=LOCAL_URL, client=("127.0.0.1", 50000)) as client:
        yield client


def test_the_local_page_talks_without_a_key(local: TestClient) -> None:
    with local.websocket_connect(LOCAL_WS, headers=page_origin()) as ws:
        assert ws.receive_json()["type"] == "session.created"


def test_the_local_page_saves_and_loads_its_profile_without_a_key(local: TestClient) -> None:
    created = local.post("/v1/profiles", json={"preset": "low-vision"}, headers=page_origin())
    assert created.status_code == 201, created.text
    again = local.get(
        f"/v1/profiles/{created.json()['id']}", headers={"Sec-Fetch-Site": "same-origin"}
    )
    assert again.status_code == 200, again.text


def test_a_program_on_this_machine_still_needs_a_key(local: TestClient) -> None:
    response = local.get("/v1/models")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "missing_api_key"
    with pytest.raises(WebSocketDenialResponse) as denied, local.websocket_connect(LOCAL_WS):
        pass
    assert denied.value.status_code == 401  # programs read HTTP statuses


def test_a_proxied_page_is_told_it_needs_a_key(local: TestClient) -> None:
    proxied = {**page_origin(), "X-Forwarded-For": "203.0.113.9"}
    with (
        local.websocket_connect(LOCAL_WS, headers=proxied) as ws,
        pytest.raises(WebSocketDisconnect) as closed,
    ):
        ws.receive_json()
    # Accepted, then closed with a code and reason the page can read (a refused handshake
    # reaches a page only as 1006).
    assert (closed.value.code, closed.value.reason) == (CLOSE_UNAUTHORIZED, "missing_api_key")


def test_a_rebinding_page_is_refused_through_rest_and_websocket(fake_settings: Settings) -> None:
    app = create_app(fake_settings)
    rebound = "http://evil.example:8000"
    with TestClient(app, base_url=rebound, client=("127.0.0.1", 50000)) as client:
        response = client.post("/v1/profiles", json={}, headers={"Origin": rebound})
        assert response.status_code == 401
        with (
            client.websocket_connect(
                "ws://evil.example:8000/v1/realtime", headers={"Origin": rebound}
            ) as ws,
            pytest.raises(WebSocketDisconnect) as closed,
        ):
            ws.receive_json()
    assert closed.value.code == CLOSE_UNAUTHORIZED


def test_a_wrong_key_on_the_page_is_named(local: TestClient) -> None:
    protocols = ["realtime", "openai-insecure-api-key.nope"]
    with (
        local.websocket_connect(LOCAL_WS, headers=page_origin(), subprotocols=protocols) as ws,
        pytest.raises(WebSocketDisconnect) as closed,
    ):
        ws.receive_json()
    assert (closed.value.code, closed.value.reason) == (CLOSE_UNAUTHORIZED, "invalid_api_key")


def test_a_foreign_origin_is_refused_before_the_handshake(local: TestClient) -> None:
    foreign = {"Origin": "https://evil.example"}
    with (
        pytest.raises(WebSocketDenialResponse) as denied,
        local.websocket_connect(LOCAL_WS, headers=foreign),
    ):
        pass
    assert denied.value.status_code == 403


def test_turned_off_the_local_page_needs_a_key(fake_settings: Settings) -> None:
    auth = fake_settings.auth.model_copy(update={"local_page_without_key": False})
    app = create_app(fake_settings.model_copy(update={"auth": auth}))
    with (
        TestClient(app, base_url=LOCAL_URL, client=("127.0.0.1", 50000)) as client,
        client.websocket_connect(LOCAL_WS, headers=page_origin()) as ws,
        pytest.raises(WebSocketDisconnect) as closed,
    ):
        ws.receive_json()
    assert (closed.value.code, closed.value.reason) == (CLOSE_UNAUTHORIZED, "missing_api_key")
