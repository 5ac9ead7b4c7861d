"""``/v1/profiles`` over HTTP on the whole app: owners kept apart, partial updates, export and
import, and errors that name the field — and never lose what is stored. Every test runs on
SQLite and on a real PostgreSQL server (``profile_settings``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from accessibility.profiles.settings import ProfileSettings
from service.app import create_app
from service.settings import Settings

ALICE = {"Authorization": "Bearer key-alice"}
BOB = {"Authorization": "Bearer key-bob"}


@pytest.fixture
def client(fake_settings: Settings, profile_settings: ProfileSettings) -> Iterator[TestClient]:
    settings = fake_settings.model_copy(
        update={
            "auth": fake_settings.auth.model_copy(update={"api_keys": ["key-alice", "key-bob"]}),
            "profiles": profile_settings,
        }
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _create(client: TestClient, body: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    response = client.post("/v1/profiles", json=body, headers=headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _error(response: Any) -> dict[str, Any]:
    error: dict[str, Any] = response.json()["error"]
    return error


def test_presets_are_listed_with_korean_and_english_names(client: TestClient) -> None:
    response = client.get("/v1/profiles/presets")
    assert response.status_code == 200
    presets = {p["id"]: p for p in response.json()["data"]}
    assert presets["older-listener"]["name"] == {"ko": "어르신", "en": "Older listener"}
    assert presets["low-vision"]["name"]["ko"] == "저시력·시각장애"
    assert presets["deaf-hard-of-hearing"]["profile"]["output"] == "text"


def test_profiles_need_an_api_key(client: TestClient) -> None:
    assert client.get("/v1/profiles").status_code == 401
    assert client.get("/v1/profiles", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_create_from_a_preset_with_fields_on_top(client: TestClient) -> None:
    response = client.post(
        "/v1/profiles",
        json={"preset": "older-listener", "name": "할머니", "speech_rate": 0.7},
        headers=ALICE,
    )
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"] == f"/v1/profiles/{body['id']}"
    assert response.headers["etag"] == '"1"'
    assert body["name"] == "할머니" and body["speech_rate"] == 0.7
    assert body["turn_patience_ms"] == 1500 and body["captions"] is True, "from the preset"
    assert body["version"] == 1


def test_create_from_fields_only_starts_from_the_defaults(client: TestClient) -> None:
    body = _create(client, {"screen_reader": True}, ALICE)
    assert body["screen_reader"] is True and body["speech_rate"] == 1.0
    assert body["preferred_languages"] == ["ko", "en"]


def test_owner_cannot_see_change_or_delete_another_owners_profile(client: TestClient) -> None:
    alices = _create(client, {"name": "Alice", "speech_rate": 1.4}, ALICE)
    path = f"/v1/profiles/{alices['id']}"
    missing = f"/v1/profiles/{'0' * 8}-0000-4000-8000-{'0' * 12}"

    assert client.get("/v1/profiles", headers=BOB).json()["data"] == []
    attempts: list[tuple[str, str, dict[str, Any] | None]] = [
        ("GET", path, None),
        ("PATCH", path, {"speech_rate": 0.5}),
        ("DELETE", path, None),
        ("GET", f"{path}/export", None),
    ]
    for method, url, body in attempts:
        response = client.request(method, url, headers=BOB, json=body)
        assert response.status_code == 404, (method, url)
        error = _error(response)
        assert error["code"] == "profile_not_found"
        # Exactly what a profile that does not exist gets: existence is not revealed.
        other = client.request(method, url.replace(path, missing), headers=BOB, json=body)
        assert _error(other)["message"].replace(missing[-36:], "ID") == error["message"].replace(
            alices["id"], "ID"
        )

    assert client.get(path, headers=ALICE).json() == alices, "untouched"
    assert [p["id"] for p in client.get("/v1/profiles", headers=ALICE).json()["data"]] == [
        alices["id"]
    ]


def test_partial_update_keeps_every_other_field(client: TestClient) -> None:
    created = _create(client, {"preset": "low-vision"}, ALICE)
    response = client.patch(
        f"/v1/profiles/{created['id']}",
        json={"speech_rate": 1.8, "page": {"text_size": 175}},
        headers=ALICE,
    )
    assert response.status_code == 200
    updated = response.json()
    assert updated["speech_rate"] == 1.8 and updated["page"]["text_size"] == 175
    assert updated["page"]["theme"] == "high-contrast" and updated["page"]["reduced_motion"]
    assert updated["version"] == 2 and response.headers["etag"] == '"2"'
    ignore = {"speech_rate", "page", "version", "updated_at"}
    assert {k: v for k, v in updated.items() if k not in ignore} == {
        k: v for k, v in created.items() if k not in ignore
    }


def test_speech_rate_out_of_bounds_names_the_field_and_bound(client: TestClient) -> None:
    created = _create(client, {}, ALICE)
    response = client.patch(f"/v1/profiles/{created['id']}", json={"speech_rate": 5}, headers=ALICE)
    assert response.status_code == 422
    error = _error(response)
    assert error["param"] == "speech_rate"
    assert "speech_rate" in error["message"] and "less than or equal to 2" in error["message"]


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"turn_patience_ms": 100}, "turn_patience_ms", "greater than or equal to 200"),
        ({"page": {"text_size": 500}}, "page.text_size", "less than or equal to 200"),
        ({"preferred_languages": ["ko", "klingon"]}, "preferred_languages", "ISO 639-1"),
        ({"verbosity": "chatty"}, "verbosity", "'brief', 'normal' or 'detailed'"),
        ({"speech_rat": 1.0}, "speech_rat", "Extra inputs are not permitted"),
        ({"captions": None}, "captions", "leave the field out"),
    ],
)
def test_bad_fields_are_named_and_nothing_stored_changes(
    client: TestClient, body: dict[str, Any], field: str, words: str
) -> None:
    created = _create(client, {"preset": "easy-read"}, ALICE)
    path = f"/v1/profiles/{created['id']}"
    response = client.patch(path, json=body, headers=ALICE)
    assert response.status_code == 422
    error = _error(response)
    assert error["param"] == field and words in error["message"]
    assert client.get(path, headers=ALICE).json() == created, "the stored row is as it was"

    refused = client.post("/v1/profiles", json=body, headers=ALICE)
    assert refused.status_code == 422 and _error(refused)["param"] == field
    assert len(client.get("/v1/profiles", headers=ALICE).json()["data"]) == 1


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("a\u0000b", "U+0000"),
        ("line\nbreak", "U+000A"),
        ("half \ud800", "unicode string"),  # not UTF-8: pydantic's own refusal
    ],
)
def test_a_name_postgresql_cannot_store_is_refused_on_every_backend(
    client: TestClient, name: str, shown: str
) -> None:
    """PostgreSQL refuses NUL in text (the store answered 500 there, while SQLite kept it), and
    an unpaired surrogate is not UTF-8: a 422 naming the field before any database sees it, so
    whatever SQLite keeps, PostgreSQL keeps too."""
    kept = _create(client, {"name": "keep me"}, ALICE)
    # Escaped by json.dumps: httpx would refuse to encode the surrogate itself.
    body = json.dumps({"name": name}).encode()
    headers = {**ALICE, "Content-Type": "application/json"}
    refused = client.post("/v1/profiles", content=body, headers=headers)
    assert refused.status_code == 422, refused.text
    error = _error(refused)
    assert error["param"] == "name" and shown in error["message"]
    patched = client.patch(f"/v1/profiles/{kept['id']}", content=body, headers=headers)
    assert patched.status_code == 422 and _error(patched)["param"] == "name"
    assert client.get("/v1/profiles", headers=ALICE).json()["data"] == [kept]


def test_malformed_json_is_a_clear_400_and_changes_nothing(client: TestClient) -> None:
    created = _create(client, {}, ALICE)
    path = f"/v1/profiles/{created['id']}"
    headers = {**ALICE, "Content-Type": "application/json"}
    response = client.patch(path, content=b'{"speech_rate": 0.8,', headers=headers)
    assert response.status_code == 400
    error = _error(response)
    assert error["code"] == "invalid_json" and "not valid JSON" in error["message"]
    assert client.get(path, headers=ALICE).json() == created


def test_if_match_guards_against_overwriting_a_newer_version(client: TestClient) -> None:
    created = _create(client, {}, ALICE)
    path = f"/v1/profiles/{created['id']}"
    first = client.patch(path, json={"volume": 1.5}, headers={**ALICE, "If-Match": '"1"'})
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = client.patch(path, json={"volume": 0.1}, headers={**ALICE, "If-Match": '"1"'})
    assert stale.status_code == 412 and _error(stale)["code"] == "version_conflict"
    bad = client.patch(path, json={"volume": 0.1}, headers={**ALICE, "If-Match": "yesterday"})
    assert bad.status_code == 400 and _error(bad)["param"] == "If-Match"
    assert client.get(path, headers=ALICE).json()["volume"] == 1.5


def test_delete(client: TestClient) -> None:
    created = _create(client, {}, ALICE)
    path = f"/v1/profiles/{created['id']}"
    assert client.delete(path, headers=ALICE).status_code == 204
    assert client.get(path, headers=ALICE).status_code == 404
    assert client.delete(path, headers=ALICE).status_code == 404


def test_export_then_import_round_trip(client: TestClient) -> None:
    original = _create(client, {"preset": "speech-difficulty", "name": "내 설정"}, ALICE)
    exported = client.get(f"/v1/profiles/{original['id']}/export", headers=ALICE)
    assert exported.status_code == 200
    assert exported.headers["content-type"] == "application/json"
    assert exported.headers["content-disposition"].startswith("attachment; filename=")
    document = json.loads(exported.content)
    assert document["format"] == "modu.profile" and document["profile"]["id"] is None

    imported = client.post("/v1/profiles/import", json=document, headers=BOB)
    assert imported.status_code == 201
    copy = imported.json()
    assert copy["id"] != original["id"]
    bookkeeping = {"id", "version", "created_at", "updated_at"}
    assert {k: v for k, v in copy.items() if k not in bookkeeping} == {
        k: v for k, v in original.items() if k not in bookkeeping
    }
    assert client.get(f"/v1/profiles/{copy['id']}", headers=BOB).status_code == 200


@pytest.mark.parametrize(
    ("content", "status", "param"),
    [
        (b"not json at all", 400, "body"),
        (b'{"format": "modu.profile", "profile": {"speech_rate": 9}}', 422, "profile.speech_rate"),
        (b'{"format": "other.app", "profile": {}}', 422, "format"),
        (b'{"format": "modu.profile"}', 422, "profile"),
        (b"[]", 422, "body"),
    ],
)
def test_bad_import_is_refused_clearly_and_stores_nothing(
    client: TestClient, content: bytes, status: int, param: str
) -> None:
    kept = _create(client, {"name": "keep me"}, ALICE)
    response = client.post(
        "/v1/profiles/import",
        content=content,
        headers={**ALICE, "Content-Type": "application/json"},
    )
    assert response.status_code == status, response.text
    assert _error(response)["param"] == param
    assert client.get("/v1/profiles", headers=ALICE).json()["data"] == [kept]


def test_the_store_is_migrated_at_startup_and_survives_a_restart(
    fake_settings: Settings, profile_settings: ProfileSettings, tmp_path: Path
) -> None:
    kept = tmp_path / "kept" / "profiles.db"
    settings = fake_settings.model_copy(
        update={
            "auth": fake_settings.auth.model_copy(update={"api_keys": ["key-alice"]}),
            "profiles": profile_settings.model_copy(update={"sqlite_path": kept}),
        }
    )
    with TestClient(create_app(settings)) as first:
        created = _create(first, {"preset": "easy-read"}, ALICE)
    # SQLite makes its file (and folder) at startup; PostgreSQL keeps it on the server.
    assert kept.exists() == (profile_settings.database_url is None)
    with TestClient(create_app(settings)) as second:
        assert second.get(f"/v1/profiles/{created['id']}", headers=ALICE).json() == created


def test_openapi_documents_the_profile_routes_and_labels(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {
        "/v1/profiles",
        "/v1/profiles/presets",
        "/v1/profiles/import",
        "/v1/profiles/{profile_id}",
        "/v1/profiles/{profile_id}/export",
    } <= set(schema["paths"])
    rate = schema["components"]["schemas"]["Profile"]["properties"]["speech_rate"]
    assert rate["title"] == "Speech rate / 말 속도"
    assert (rate["minimum"], rate["maximum"]) == (0.5, 2.0)
