"""Alembic's environment for the profile database: async engines (aiosqlite, asyncpg).

Run through :func:`accessibility.profiles.database.upgrade_to_head` (the service does so at
startup, ``python -m accessibility.profiles.migrate`` as a deploy step), which passes the URL
as ``config.attributes["url"]``.
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from accessibility.profiles.database import MIGRATION_LOCK_KEY, create_profile_engine
from accessibility.profiles.schema import metadata


def _url() -> str:
    config = context.config
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("No database URL: pass config.attributes['url'] / sqlalchemy.url")
    return str(url)


def _run_migrations(connection: Connection) -> None:
    # Batch mode lets later migrations alter columns on SQLite, which has no ALTER COLUMN.
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Released when the migration transaction ends; a second replica waits here, then
            # finds the schema already at head.
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
        context.run_migrations()


async def _run_online(url: str) -> None:
    engine = create_profile_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run_migrations)
    finally:
        await engine.dispose()


def _run_offline(url: str) -> None:
    """``alembic upgrade --sql``: print the SQL instead of running it."""
    context.configure(url=url, target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    _run_offline(_url())
else:
    asyncio.run(_run_online(_url()))
