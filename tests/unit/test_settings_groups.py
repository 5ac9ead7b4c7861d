"""Each settings group lives beside its code; service.settings.Settings composes them. The profile
migration command reads its group alone, and must read it as the service does."""

from __future__ import annotations

from pathlib import Path

import pytest

from accessibility.profiles.migrate import ProfilesFromEnvironment
from service.settings import Settings


def test_the_migration_command_reads_profiles_as_the_service_does(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MODU_PROFILES__SQLITE_PATH", str(tmp_path / "p.db"))
    monkeypatch.setenv("MODU_PROFILES__MAX_PER_OWNER", "7")
    monkeypatch.setenv("MODU_LM__THREADS", "1")  # Another group: not the command's business.
    alone = ProfilesFromEnvironment().profiles
    assert alone == Settings().profiles
    assert (alone.sqlite_path, alone.max_per_owner) == (tmp_path / "p.db", 7)
