"""``modu keys init``, ``modu verify`` and ``modu ask --out`` signing, on fake engines."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("c2pa")

from service.cli import app
from tests.helpers.audio_files import flip_audio_bytes, mp3_bytes, wav_bytes

FAKE_ENV = {
    "MODU_STT__ENGINE": "fake",
    "MODU_VAD__ENGINE": "fake",
    "MODU_LM__ENGINE": "fake",
    "MODU_TTS__ENGINE": "fake",
}


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private user data directory: keys are made there, never in the real home."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("MODU_MODEL_DIR", str(tmp_path / "models"))
    for key, value in FAKE_ENV.items():
        monkeypatch.setenv(key, value)
    return tmp_path / "data"


@pytest.fixture
def runner(data_home: Path) -> CliRunner:
    return CliRunner()


@pytest.fixture
def signed_answer(runner: CliRunner, tmp_path: Path) -> Path:
    out = tmp_path / "answer.wav"
    result = runner.invoke(app, ["ask", "--text", "What time is it?", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_ask_out_writes_a_signed_wav_on_a_fresh_machine(
    runner: CliRunner, data_home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "answer.wav"
    result = runner.invoke(app, ["ask", "--text", "What time is it?", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Provenance   : C2PA manifest embedded" in result.output
    assert "UNTRUSTED development signing certificate" in result.output  # Made just now.
    assert (data_home / "modu" / "keys" / "signing-key.pem").exists()
    again = runner.invoke(app, ["ask", "--text", "Hello", "--out", str(out), "--json"])
    data = json.loads(again.stdout)
    assert data["label"]["ai_generated"] is True and data["label"]["model"] == "fake / fake"
    assert "C2PA manifest embedded" in data["provenance"]
    assert "made an UNTRUSTED" not in data["provenance"]  # Only the first time.


def test_verify_a_signed_answer_exits_0(runner: CliRunner, signed_answer: Path) -> None:
    result = runner.invoke(app, ["verify", str(signed_answer)])
    assert result.exit_code == 0, result.output
    assert "This audio was made by modu, an AI, using model fake / fake" in result.output
    assert "not trusted (a local development certificate)" in result.output
    assert "AI인 modu(모두)가 만들었습니다" in result.output
    as_json = runner.invoke(app, ["verify", str(signed_answer), "--json"])
    report = json.loads(as_json.stdout)
    assert report["made_by_modu"] and report["signature_valid"] and not report["trusted"]


def test_verify_a_tampered_file_exits_1(
    runner: CliRunner, signed_answer: Path, tmp_path: Path
) -> None:
    tampered = tmp_path / "tampered.wav"
    tampered.write_bytes(flip_audio_bytes(signed_answer.read_bytes()))
    result = runner.invoke(app, ["verify", str(tampered)])
    assert result.exit_code == 1, result.output
    assert "verification FAILED: the audio was changed after it was signed" in result.output


@pytest.mark.parametrize(("name", "make"), [("plain.wav", wav_bytes), ("plain.mp3", mp3_bytes)])
def test_verify_a_file_without_a_manifest_exits_2(
    runner: CliRunner, tmp_path: Path, name: str, make: Callable[[], bytes]
) -> None:
    plain = tmp_path / name
    plain.write_bytes(make())
    result = runner.invoke(app, ["verify", str(plain)])
    assert result.exit_code == 2, result.output
    assert "carries no C2PA manifest" in result.output


def test_verify_a_missing_file_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["verify", str(tmp_path / "nothing.wav")])
    assert result.exit_code == 2
    assert "Cannot check" in result.output


def test_keys_init_makes_a_private_untrusted_certificate(
    runner: CliRunner, data_home: Path
) -> None:
    result = runner.invoke(app, ["keys", "init"])
    assert result.exit_code == 0, result.output
    assert "UNTRUSTED, for development only" in result.output
    assert "신뢰할 수 없는 인증서" in result.output
    keys = data_home / "modu" / "keys"
    assert stat.S_IMODE((keys / "signing-key.pem").stat().st_mode) == 0o600
    assert stat.S_IMODE((keys / "watermark-keys.json").stat().st_mode) == 0o600
    assert (keys / "signing-chain.pem").read_text().count("BEGIN CERTIFICATE") == 2
    again = runner.invoke(app, ["keys", "init"])
    assert again.exit_code == 1 and "--force" in again.output
    key = (keys / "signing-key.pem").read_bytes()
    forced = runner.invoke(app, ["keys", "init", "--force"])
    assert forced.exit_code == 0 and (keys / "signing-key.pem").read_bytes() != key


def test_keys_init_into_a_folder_says_how_to_use_it(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "elsewhere"
    result = runner.invoke(app, ["keys", "init", "--dir", str(folder)])
    assert result.exit_code == 0, result.output
    assert f"MODU_PROVENANCE__SIGNING_KEY_PATH={folder / 'signing-key.pem'}" in result.output
    assert (folder / "signing-chain.pem").exists() and (folder / "dev-root.pem").exists()


def test_verify_text_on_llama_cpp_says_it_is_not_watermarked(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MODU_LM__ENGINE", "llamacpp")
    result = runner.invoke(app, ["verify", "text", "Seoul is the capital of Korea."])
    assert result.exit_code == 2
    assert "llama.cpp, whose output is NOT watermarked" in result.output
    assert "워터마크가 없습니다" in result.output


def test_verify_text_needs_the_text(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(app, ["verify", "text"]).exit_code == 2
    missing = runner.invoke(app, ["verify", "text", "--file", str(tmp_path / "none.txt")])
    assert missing.exit_code == 2 and "Cannot read" in missing.output
