"""The AsyncAPI document of /v1/realtime: committed, served, complete and well-formed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from service.app import create_app
from service.realtime import asyncapi
from service.realtime.client_events import CLIENT_EVENT_TYPES
from service.realtime.server_events import SERVER_EVENT_MODELS
from service.settings import Settings
from tests.helpers.openai_realtime_sdk import BETA_SERVER_EVENTS, GA_SERVER_EVENTS

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "realtime.asyncapi.yaml"
REGENERATE = "python -m service.realtime.asyncapi > docs/realtime.asyncapi.yaml"
COMPONENT_KEY = re.compile(r"^[a-zA-Z0-9.\-_]+$")
ID_KEY = re.compile(r"^[A-Za-z0-9_\-]+$")
"""AsyncAPI 3.0: keys of channels, operations and messages (no dots); components allow dots."""
NOT_IN_ASYNCAPI_SCHEMA = {"$defs", "prefixItems", "unevaluatedProperties", "$dynamicRef"}
"""JSON Schema 2020-12 keywords that AsyncAPI 3.0's default schema format (draft-07) lacks."""


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return asyncapi.build_asyncapi()


def _resolve(document: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), f"only local references are expected; got {ref}"
    node: Any = document
    for raw in ref[2:].split("/"):
        key = raw.replace("~1", "/").replace("~0", "~")
        assert isinstance(node, dict) and key in node, f"{ref} does not resolve (at {key!r})"
        node = node[key]
    if isinstance(node, dict) and set(node) == {"$ref"}:
        return _resolve(document, node["$ref"])  # a reference to a reference
    return node


def _walk(node: Any, path: str = "#") -> list[tuple[str, Any]]:
    """Every (path, dict) in the document, depth first."""
    found: list[tuple[str, Any]] = []
    if isinstance(node, dict):
        found.append((path, node))
        for key, value in node.items():
            found += _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _walk(value, f"{path}/{index}")
    return found


def _message(document: dict[str, Any], kind: str) -> dict[str, Any]:
    message: dict[str, Any] = document["components"]["messages"][asyncapi.message_id(kind)]
    assert message["name"] == kind
    return message


def _message_type(document: dict[str, Any], kind: str) -> str:
    """The ``type`` constant of a message's payload."""
    payload = _resolve(document, _message(document, kind)["payload"]["$ref"])
    const: str = payload["properties"]["type"]["const"]
    return const


def _names(document: dict[str, Any], refs: list[dict[str, str]]) -> set[str]:
    return {_resolve(document, ref["$ref"])["name"] for ref in refs}


# --- no drift ----------------------------------------------------------------------------------


def test_committed_file_matches_the_models(document: dict[str, Any]) -> None:
    committed = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    assert committed == document, (
        f"{COMMITTED.name} is out of date with the event models; regenerate it: {REGENERATE}"
    )


def test_the_module_prints_exactly_the_committed_file(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    asyncapi.main()
    printed = capsysbinary.readouterr().out
    assert printed == COMMITTED.read_bytes(), f"regenerate it: {REGENERATE}"


def test_every_event_model_is_a_message_of_the_channel(document: dict[str, Any]) -> None:
    messages = document["components"]["messages"]
    channel = document["channels"][asyncapi.CHANNEL]
    server_types = [model.model_fields["type"].default for model in SERVER_EVENT_MODELS]
    for kind in [*CLIENT_EVENT_TYPES, *server_types]:
        assert asyncapi.message_id(kind) in messages, f"{kind} has no message"
        assert asyncapi.message_id(kind) in channel["messages"], f"{kind} is not on the channel"
        assert _message_type(document, kind) == kind
    sent = _names(document, document["operations"]["sendClientEvents"]["messages"])
    received = _names(document, document["operations"]["receiveServerEvents"]["messages"])
    assert sent == {*CLIENT_EVENT_TYPES, asyncapi.BINARY_AUDIO}
    assert received == set(server_types)
    assert _names(document, list(channel["messages"].values())) == sent | received


def test_event_names_are_the_official_sdks(document: dict[str, Any]) -> None:
    """GA names are the GA SDK's; beta names (renamed or not) are the beta SDK's."""
    ga, beta = GA_SERVER_EVENTS, BETA_SERVER_EVENTS
    for model in SERVER_EVENT_MODELS:
        kind = model.model_fields["type"].default
        message = _message(document, kind)
        if kind.startswith("modu."):
            assert message["x-modu-extension"] is True
            continue
        assert kind in ga, f"{kind} is not a GA event of the openai SDK"
        if message.get("x-modu-dialects") == ["ga"]:
            continue
        beta_name = message.get("x-modu-beta-name", kind)
        assert beta_name in beta, f"{kind}: beta name {beta_name} is not in the beta SDK"
    assert _message(document, "response.output_audio.delta")["x-modu-beta-name"] == (
        "response.audio.delta"
    )


# --- what the document must say ------------------------------------------------------------


def test_modu_extensions_are_documented(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    session_modu = schemas["ModuSession"]["properties"]
    assert {"profile_id", "profile"} <= set(session_modu)
    profile_ref = session_modu["profile"]["anyOf"][0]["$ref"]
    assert "speech_rate" in _resolve(document, profile_ref)["properties"]
    response_modu = _resolve(document, schemas["Response"]["properties"]["modu"]["$ref"])
    label = _resolve(document, response_modu["properties"]["label"]["$ref"])
    assert label["properties"]["ai_generated"]["const"] is True
    assert label["properties"]["generator"]["const"] == "modu"
    assert {"ai_generated", "model", "voice", "generator", "created_at"} <= set(label["required"])
    caption = _message(document, "modu.caption")
    assert {"start_ms", "end_ms", "text", "language"} <= set(
        _resolve(document, caption["payload"]["$ref"])["properties"]
    )


def test_binary_audio_frames_are_a_documented_alias(document: dict[str, Any]) -> None:
    binary = _message(document, asyncapi.BINARY_AUDIO)
    assert binary["contentType"] == "application/octet-stream"
    assert binary["payload"] == {
        "type": "string",
        "format": "binary",
        "description": binary["payload"]["description"],
    }
    assert binary["x-modu-alias-of"] == "input_audio_buffer.append"
    assert "PCM16" in binary["description"]


def test_authentication_dialects_and_close_codes_are_documented(document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes["apiKey"] == {**schemes["apiKey"], "type": "http", "scheme": "bearer"}
    assert schemes["browserSubprotocol"]["name"] == "Sec-WebSocket-Protocol"
    assert "openai-insecure-api-key." in schemes["browserSubprotocol"]["description"]
    channel = document["channels"][asyncapi.CHANNEL]
    headers = channel["bindings"]["ws"]["headers"]["properties"]
    assert "realtime=v1" in headers["OpenAI-Beta"]["description"]
    assert "openai-beta.realtime-v1" in headers["Sec-WebSocket-Protocol"]["description"]
    codes = {entry["code"] for entry in channel["x-modu-close-codes"]}
    assert {1000, 1008, 1009, 1013} <= codes
    for code in ("1000", "1008", "1009", "1013"):
        assert code in channel["description"]
    examples = _message(document, "session.created")["examples"]
    assert [example["name"] for example in examples] == ["ga", "beta"]
    assert "output_modalities" in examples[0]["payload"]["session"]
    assert "modalities" in examples[1]["payload"]["session"]


# --- well-formed ---------------------------------------------------------------------------


def test_document_structure_is_asyncapi_3(document: dict[str, Any]) -> None:
    assert document["asyncapi"] == "3.0.0"
    assert document["info"]["title"] and document["info"]["version"]
    assert document["defaultContentType"] == "application/json"
    for server in document["servers"].values():
        assert server["protocol"] == "ws" and server["host"]
        for scheme in server["security"]:
            _resolve(document, scheme["$ref"])
    for name, channel in document["channels"].items():
        assert ID_KEY.match(name) and channel["address"] == "/v1/realtime", name
        for key, ref in channel["messages"].items():
            assert ID_KEY.match(key), f"channel message id {key!r}"
            assert asyncapi.message_id(_resolve(document, ref["$ref"])["name"]) == key
    for name, operation in document["operations"].items():
        assert ID_KEY.match(name) and operation["action"] in ("send", "receive"), name
        channel_ref = operation["channel"]["$ref"]
        _resolve(document, channel_ref)
        assert operation["messages"], name
        for ref in operation["messages"]:
            # AsyncAPI 3: an operation's messages must be messages of its own channel.
            assert ref["$ref"].startswith(channel_ref + "/messages/"), (name, ref)
            _resolve(document, ref["$ref"])
    for section in ("schemas", "messages", "securitySchemes"):
        for key in document["components"][section]:
            assert COMPONENT_KEY.match(key), f"components.{section}.{key}: invalid key"


def test_every_reference_resolves_and_schemas_are_draft_07(document: dict[str, Any]) -> None:
    refs = 0
    for path, node in _walk(document):
        if "$ref" in node and isinstance(node["$ref"], str):
            _resolve(document, node["$ref"])
            refs += 1
        if path.startswith("#/components/schemas"):
            assert not NOT_IN_ASYNCAPI_SCHEMA & set(node), f"{path} uses {set(node)}"
            assert not isinstance(node.get("discriminator"), dict), f"{path}: AsyncAPI wants a str"
    assert refs > 100  # the walk really visited the document


# --- served --------------------------------------------------------------------------------


def test_the_app_serves_the_document(fake_settings: Settings, document: dict[str, Any]) -> None:
    client = TestClient(create_app(fake_settings))  # no lifespan: these routes need no state
    as_yaml = client.get("/v1/realtime/asyncapi.yaml")
    assert as_yaml.status_code == 200
    assert as_yaml.headers["content-type"].startswith("application/yaml")
    assert as_yaml.content == COMMITTED.read_bytes()
    as_json = client.get("/v1/realtime/asyncapi.json")
    assert as_json.status_code == 200
    assert as_json.headers["content-type"].startswith("application/json")
    assert as_json.json() == document
