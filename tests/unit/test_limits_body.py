"""Key and Origin are checked before any body is read, and bodies are capped by Content-Length
and by counting streamed bytes (issue 16, item 2). Driven at the ASGI level, so the test sees
exactly how much of the body the service asked for."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator, MutableMapping
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import Settings

KEY = "body-key"
CHUNK = b"[" + b"1," * 32_767 + b"1]"  # 64 KiB of a JSON array


class Upload:
    """An ASGI request body sent in chunks; counts how many the app asked for."""

    def __init__(self, chunks: int) -> None:
        self.chunks = chunks
        self.asked = 0

    async def receive(self) -> dict[str, Any]:
        self.asked += 1
        more = self.asked < self.chunks
        return {"type": "http.request", "body": CHUNK, "more_body": more}


def call(
    app: FastAPI, path: str, headers: dict[str, str], upload: Upload
) -> tuple[int, dict[str, Any]]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("203.0.113.9", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    sent: list[MutableMapping[str, Any]] = []

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, upload.receive, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, json.loads(body)


@pytest.fixture
def app(fake_settings: Settings) -> Iterator[FastAPI]:
    settings = fake_settings.model_copy(
        update={
            "auth": fake_settings.auth.model_copy(
                update={"api_keys": [KEY], "allowed_origins": ["https://app.example"]}
            ),
            "rest": fake_settings.rest.model_copy(update={"max_json_bytes": 256 * 1024}),
        }
    )
    application = create_app(settings)
    with TestClient(application):  # runs the lifespan (stores, settings on app.state)
        yield application


JSON = {"host": "modu.example", "content-type": "application/json"}


def test_no_key_is_refused_before_the_body_is_read(app: FastAPI) -> None:
    upload = Upload(chunks=1600)  # 100 MB if it were read
    status, body = call(app, "/v1/profiles", JSON, upload)
    assert status == 401
    assert body["error"]["code"] == "missing_api_key"
    assert upload.asked == 0


def test_a_refused_origin_is_refused_before_the_body_is_read(app: FastAPI) -> None:
    upload = Upload(chunks=1600)
    headers = {**JSON, "authorization": f"Bearer {KEY}", "origin": "https://evil.example"}
    status, body = call(app, "/v1/profiles", headers, upload)
    assert status == 403
    assert body["error"]["code"] == "origin_not_allowed"
    assert upload.asked == 0


def test_a_declared_large_json_body_is_refused_unread(app: FastAPI) -> None:
    upload = Upload(chunks=1600)
    headers = {**JSON, "authorization": f"Bearer {KEY}", "content-length": str(1600 * len(CHUNK))}
    status, body = call(app, "/v1/profiles", headers, upload)
    assert status == 413
    assert body["error"]["code"] == "body_too_large"
    assert "MODU_REST__MAX_JSON_BYTES" in body["error"]["message"]
    assert upload.asked == 0


def test_an_undeclared_large_json_body_is_refused_once_past_the_cap(app: FastAPI) -> None:
    upload = Upload(chunks=1600)
    status, body = call(app, "/v1/profiles", {**JSON, "authorization": f"Bearer {KEY}"}, upload)
    assert status == 413
    assert body["error"]["code"] == "body_too_large"
    assert upload.asked <= 5  # 256 KiB in 64 KiB chunks, and the one that passed it


def test_the_public_verify_route_caps_json_too(app: FastAPI) -> None:
    upload = Upload(chunks=1600)
    status, _ = call(app, "/v1/verify", JSON, upload)
    assert status == 413
    assert upload.asked <= 5


def test_small_bodies_still_work(app: FastAPI) -> None:
    with TestClient(app) as client:
        response = client.post(
            "/v1/profiles",
            json={"name": "mine"},
            headers={"authorization": f"Bearer {KEY}", "origin": "https://app.example"},
        )
    assert response.status_code == 201, response.text
