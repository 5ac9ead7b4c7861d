"""Settings of the profile store (``MODU_PROFILES__…``), composed into
:class:`service.settings.Settings`."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field, SecretStr

from accessibility.data_dir import default_data_dir


class ProfileSettings(BaseModel):
    """Accessibility profiles: where they are stored."""

    database_url: SecretStr | None = None
    """An SQLAlchemy async URL, e.g. ``postgresql+asyncpg://modu:secret@db/modu`` (install
    ``modu[postgres]``). Unset: SQLite at ``sqlite_path``."""
    sqlite_path: Path = Field(default_factory=lambda: default_data_dir() / "profiles.db")
    """The SQLite file used when ``database_url`` is unset (WAL mode)."""
    migrate_on_startup: bool = True
    """Bring the schema up to date (Alembic ``upgrade head``) when the service starts; turn off
    when migrations run as a deploy step (``python -m accessibility.profiles.migrate``)."""
    max_per_owner: int = Field(default=100, ge=1, le=100_000)
    """How many profiles one owner (API key) may keep."""
