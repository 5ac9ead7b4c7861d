"""``POST /v1/verify``: uploads read back in plain words; public (no API key); bounded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

pytest.importorskip("c2pa")

from accessibility.labels import make_label
from accessibility.provenance import sign_for_settings
from accessibility.provenance.settings import ProvenanceSettings
from service.app import create_app
from service.settings import Settings
from tests.helpers.audio_files import flip_audio_bytes, mp3_bytes, wav_bytes

LABEL = make_label("fake / fake", "fake / fake-en")


@pytest.fixture
def settings(fake_settings: Settings, tmp_path: Path) -> Settings:
    """An API key is configured and dev mode is off: verification must still be open."""
    return fake_settings.model_copy(
        update={
            "auth": fake_settings.auth.model_copy(update={"api_keys": ["secret-key"]}),
            "rest": fake_settings.rest.model_copy(update={"max_upload_bytes": 200_000}),
            "provenance": ProvenanceSettings(
                signing_key_path=tmp_path / "keys" / "signing-key.pem",
                signing_cert_path=tmp_path / "keys" / "signing-chain.pem",
                watermark_key_path=tmp_path / "keys" / "watermark-keys.json",
            ),
        }
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_a_signed_wav_upload_is_modus_with_a_valid_signature(
    client: TestClient, settings: Settings
) -> None:
    signed = sign_for_settings(wav_bytes(), "audio/wav", LABEL, settings.provenance)
    response = client.post("/v1/verify", files={"file": ("answer.wav", signed, "audio/wav")})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["kind"] == "audio"
    assert body["has_manifest"] and body["made_by_modu"] and body["signature_valid"]
    assert not body["trusted"] and body["development_certificate"]
    assert (body["model"], body["voice"]) == ("fake / fake", "fake / fake-en")
    assert "made by modu, an AI" in body["plain_words_en"]
    assert "AI인 modu" in body["plain_words_ko"]


def test_a_raw_mp3_body_and_a_tampered_one(client: TestClient, settings: Settings) -> None:
    signed = sign_for_settings(mp3_bytes(), "audio/mpeg", LABEL, settings.provenance)
    good = client.post("/v1/verify", content=signed, headers={"content-type": "audio/mpeg"})
    assert good.status_code == 200 and good.json()["signature_valid"], good.text
    bad = client.post(
        "/v1/verify", content=flip_audio_bytes(signed), headers={"content-type": "audio/mpeg"}
    )
    assert bad.status_code == 200
    assert not bad.json()["signature_valid"]
    assert "the audio was changed after it was signed" in bad.json()["issues"]
    assert "verification FAILED" in bad.json()["plain_words_en"]


def test_an_unsigned_upload_has_no_manifest(client: TestClient) -> None:
    response = client.post("/v1/verify", files={"file": ("plain.wav", wav_bytes(), "audio/wav")})
    assert response.status_code == 200
    assert response.json()["has_manifest"] is False
    assert "no C2PA manifest" in response.json()["plain_words_en"]


def test_text_on_a_non_watermarking_engine_is_not_checked(client: TestClient) -> None:
    response = client.post("/v1/verify", json={"text": "Seoul is the capital of Korea."})
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "text" and body["checked"] is False and body["score"] is None
    assert "does not watermark" in body["plain_words_en"]


def test_bad_requests_say_what_was_expected(client: TestClient) -> None:
    empty = client.post("/v1/verify", json={"text": ""})
    assert empty.status_code == 422 and empty.json()["error"]["param"] == "text"
    no_file = client.post("/v1/verify", files={"other": ("x.wav", b"123", "audio/wav")})
    assert no_file.status_code == 422 and "'file' field" in no_file.json()["error"]["message"]
    wrong = client.post("/v1/verify", content=b"hello", headers={"content-type": "text/plain"})
    assert wrong.status_code == 415
    assert "multipart/form-data" in wrong.json()["error"]["message"]


def test_uploads_over_the_limit_are_refused(client: TestClient) -> None:
    big = bytes(300_000)
    raw = client.post("/v1/verify", content=big, headers={"content-type": "audio/wav"})
    assert raw.status_code == 413 and raw.json()["error"]["code"] == "file_too_large"
    form = client.post("/v1/verify", files={"file": ("big.wav", big, "audio/wav")})
    assert form.status_code == 413
