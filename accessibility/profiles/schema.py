"""The profiles table. Alembic migrations create it (``migrations/versions``); this metadata is
what the store queries and what a test compares the migrated schema against."""

from __future__ import annotations

from typing import Final

from sqlalchemy import JSON, Column, DateTime, Index, Integer, MetaData, String, Table, Uuid

metadata: Final = MetaData()

profiles: Final = Table(
    "profiles",
    metadata,
    Column("id", Uuid(), primary_key=True),
    # A hash of the API key (service.auth.owner_id_for_key), never the key itself.
    Column("owner_id", String(64), nullable=False),
    Column("name", String(80), nullable=False),
    # The Profile's settings as JSON: new settings need no schema change, only a default.
    Column("data", JSON(), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # Optimistic concurrency: every update is "UPDATE … WHERE version = the one read".
    Column("version", Integer(), nullable=False),
    Index("ix_profiles_owner_created", "owner_id", "created_at"),
)
