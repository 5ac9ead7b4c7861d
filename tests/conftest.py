"""Shared fixtures: the real bundled models (assembled once per run) and settings for fakes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from pydantic import SecretStr

# Offline and polite on 2 shared cores, before any engine library starts its thread pools.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

from accessibility.profiles.settings import ProfileSettings
from service.settings import Settings
from tests.helpers.postgres_server import PostgresServer, find_binaries, running_postgres
from voices.assemble import assemble_model
from voices.catalogue import CATALOGUE

# CI explores the same examples every run, so a red build is reproducible; locally, fresh ones.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(scope="session")
def model_dir() -> Path:
    """The real model cache (``MODU_MODEL_DIR`` or the user cache), every default assembled."""
    directory = Settings().model_dir
    for name in ("whisper-base", "qwen2.5-coder-1.5b-instruct", "silero-vad", "espeak-ng"):
        assemble_model(CATALOGUE[name], directory)
    assemble_model(CATALOGUE["en_US-joe-medium"], directory)
    return directory


@pytest.fixture(scope="session")
def whisper_model_dir(model_dir: Path) -> Path:
    return model_dir / "whisper-base"


@pytest.fixture(scope="session")
def qwen_gguf_path(model_dir: Path) -> Path:
    return assemble_model(CATALOGUE["qwen2.5-coder-1.5b-instruct"], model_dir)


def _tmp_keys(tmp_path: Path) -> dict[str, Path]:
    """Signing and watermark keys made for one test, never in the user's home."""
    keys = tmp_path / "keys"
    return {
        "signing_key_path": keys / "signing-key.pem",
        "signing_cert_path": keys / "signing-chain.pem",
        "watermark_key_path": keys / "watermark-keys.json",
    }


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests that build ``Settings()`` from the environment (the CLI) write profiles and keys
    under a throwaway XDG data dir, not the user's."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def fake_settings(tmp_path: Path) -> Settings:
    """Settings whose every engine is a fake: fast, deterministic, no weights needed."""
    return Settings.model_validate(
        {
            "model_dir": tmp_path / "models",
            "stt": {"engine": "fake"},
            "vad": {"engine": "fake"},
            "lm": {"engine": "fake"},
            "tts": {"engine": "fake"},
            "profiles": {"sqlite_path": tmp_path / "profiles.db"},
            "provenance": _tmp_keys(tmp_path),
            "server": {"preload": False},
        }
    )


@pytest.fixture
def real_settings(model_dir: Path, tmp_path: Path) -> Settings:
    """The real bundled engines; profiles in a throwaway database."""
    return Settings.model_validate(
        {
            "model_dir": model_dir,
            "profiles": {"sqlite_path": tmp_path / "profiles.db"},
            "provenance": _tmp_keys(tmp_path),
            "server": {"preload": False},
        }
    )


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for the whole run (started on first use, in a throwaway data
    directory, as an unprivileged user when the tests run as root)."""
    binaries = find_binaries()
    if binaries is None:
        pytest.skip(
            "PostgreSQL's server programs (initdb, postgres) are not installed; scripts/setup "
            "installs Debian's postgresql (or set MODU_TEST_PG_BINDIR)"
        )
    with running_postgres(binaries) as server:
        yield server


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.slow]),
    ]
)
def profile_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ProfileSettings]:
    """Where a profile test keeps its profiles: a fresh SQLite file, and a fresh database on
    the real PostgreSQL server, so the same test runs on both."""
    if request.param == "sqlite":
        yield ProfileSettings(sqlite_path=tmp_path / "profiles.db")
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = server.create_database()
    yield ProfileSettings(database_url=SecretStr(url))
    server.drop_database(url)
