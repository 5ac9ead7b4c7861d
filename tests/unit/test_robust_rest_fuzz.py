"""Every REST route from the OpenAPI document, with and without a key, under generated input
(issue 16): never a 500, never an error body over 64 KB, never a request over 30 s."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.app import create_app
from service.settings import Settings

KEY = "fuzz-key"
MAX_ERROR_BYTES = 64 * 1024
MAX_SECONDS = 30.0

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=20,
)
HEADER_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=60)


def _operations() -> list[tuple[str, str]]:
    fake = Settings.model_validate({"server": {"preload": False}})
    document = create_app(fake).openapi()
    return [
        (path, method.upper())
        for path, item in document["paths"].items()
        for method in item
        if method in ("get", "post", "patch", "delete", "put")
    ]


OPERATIONS = _operations()


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    base = tmp_path_factory.mktemp("fuzz")
    fake = Settings.model_validate(
        {
            "model_dir": base / "models",
            "stt": {"engine": "fake"},
            "vad": {"engine": "fake"},
            "lm": {"engine": "fake"},
            "tts": {"engine": "fake"},
            "profiles": {"sqlite_path": base / "profiles.db"},
            "provenance": {
                "signing_key_path": base / "keys" / "k.pem",
                "signing_cert_path": base / "keys" / "c.pem",
                "watermark_key_path": base / "keys" / "w.json",
            },
            "server": {"preload": False},
            "auth": {"api_keys": [KEY]},
        }
    )
    with TestClient(create_app(fake), raise_server_exceptions=False) as test_client:
        yield test_client


def _filled(path: str, values: list[str]) -> str:
    parts = iter(values)
    return re.sub(r"\{[^}]+\}", lambda _: next(parts, "x") or "x", path)


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    keyed=st.booleans(),
    path_values=st.lists(
        st.uuids().map(str)
        | st.text(
            st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="/?#%"),
            min_size=1,
            max_size=20,
        ),
        max_size=3,
    ),
    body=JSON_VALUES,
    if_match=st.none() | HEADER_TEXT | st.integers(1, 5000).map(lambda n: '"' + "9" * n + '"'),
    origin=st.none() | st.sampled_from(["https://evil.example", "null", "http://127.0.0.1:1"]),
)
def test_no_route_fails_under_generated_input(
    client: TestClient,
    path: str,
    method: str,
    keyed: bool,
    path_values: list[str],
    body: Any,
    if_match: str | None,
    origin: str | None,
) -> None:
    headers = {"content-type": "application/json"}
    if keyed:
        headers["authorization"] = f"Bearer {KEY}"
    if if_match is not None:
        headers["if-match"] = if_match
    if origin is not None:
        headers["origin"] = origin
    content = None if method in ("GET", "DELETE") else json.dumps(body).encode()
    started = time.monotonic()
    response = client.request(method, _filled(path, path_values), content=content, headers=headers)
    elapsed = time.monotonic() - started
    assert response.status_code < 500, response.text[:500]
    if response.status_code >= 400:
        assert len(response.content) <= MAX_ERROR_BYTES
    assert elapsed < MAX_SECONDS
