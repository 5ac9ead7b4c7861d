"""Connecting to the profile database (SQLite in WAL mode, or PostgreSQL) and migrating it.

SQLite is the default: one file under the user data directory, in WAL mode so readers never
wait for a writer, with a busy timeout so two writers queue instead of failing. PostgreSQL
(``postgresql+asyncpg://…``, the ``modu[postgres]`` extra) serves deployments with several
service replicas. The schema is made only by Alembic migrations (``migrations/versions``).
"""

from __future__ import annotations

import asyncio
import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

from alembic import command
from alembic.config import Config
from sqlalchemy import URL, event, make_url, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from accessibility.profiles.settings import ProfileSettings

MIGRATIONS: Final = "accessibility.profiles:migrations"
"""Alembic's script location as a package resource, so migrations run from an installed
package as well as from a checkout."""

SQLITE_BUSY_TIMEOUT_MS: Final = 5000
"""How long a writer waits for another writer's lock before SQLite reports 'database is
locked'. Profile writes take milliseconds, so a wait this long means something is stuck."""


class ProfileDatabaseError(RuntimeError):
    """The profile database could not be opened or migrated; the message says where."""


def database_url(settings: ProfileSettings) -> str:
    """The configured URL, or an aiosqlite URL for ``sqlite_path``."""
    if settings.database_url is not None:
        return settings.database_url.get_secret_value()
    url = URL.create("sqlite+aiosqlite", database=str(settings.sqlite_path))
    return url.render_as_string(hide_password=False)


def describe_url(url: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)


def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL; ``None`` for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # WAL is stored in the file, but setting it on every connection costs nothing and makes
        # a file created by another tool WAL too.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # NORMAL is durable in WAL mode except for the last commits on power loss (not on a
        # process crash), and avoids an fsync per write.
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def create_profile_engine(url: str, **options: Any) -> AsyncEngine:
    """An async engine for ``url``; SQLite files get WAL mode and a busy timeout, and their
    folder is created."""
    path = sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
    return engine


OWNER_LOCK_NAMESPACE: Final = 0x6D6F6475  # "modu"
"""First key of PostgreSQL's two-key advisory locks taken per owner (the second is a hash of
the owner id), apart from any other lock in the same database."""


async def lock_owner_for_writing(connection: AsyncConnection, owner_id: str) -> None:
    """Serialise writers of one owner's profiles until this transaction ends, so a count and
    the insert that depends on it are one step (``max_per_owner`` under concurrent creates).

    PostgreSQL: a transaction-scoped advisory lock on the owner (READ COMMITTED would let two
    transactions count the same rows). SQLite: a write that changes nothing takes the database's
    write lock now, before the count (pysqlite begins the transaction lazily, at the first write,
    and WAL readers see a snapshot); other writers queue behind the busy timeout."""
    if connection.dialect.name == "postgresql":
        await connection.execute(
            text("SELECT pg_advisory_xact_lock(:namespace, hashtext(:owner))"),
            {"namespace": OWNER_LOCK_NAMESPACE, "owner": owner_id},
        )
    elif connection.dialect.name == "sqlite":
        await connection.execute(text("UPDATE profiles SET version = version WHERE 0"))


MIGRATION_LOCK_KEY: Final = 0x6D6F6475  # "modu"
"""PostgreSQL's one-key advisory lock that migrators take for their transaction (``env.py``):
one migrator at a time per database. One-key and two-key advisory locks never collide, so this
is apart from :data:`OWNER_LOCK_NAMESPACE`'s locks."""


def alembic_config(url: str) -> Config:
    """Alembic's configuration, built in code: no ``alembic.ini`` is needed or read."""
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    config.set_main_option("path_separator", "os")
    # Passed as an attribute, not a main option: ConfigParser would read '%' in a password
    # as interpolation.
    config.attributes["url"] = url
    return config


@contextmanager
def _migration_lock(url: str) -> Iterator[None]:
    """One migrator at a time per SQLite file, across processes (two services or test runs
    starting together would both try to create the table: SQLite's DDL is not transactional
    through pysqlite). PostgreSQL serialises migrators with an advisory lock in ``env.py``."""
    path = sqlite_file(url)
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_name(path.name + ".migrate-lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def upgrade_to_head(url: str) -> None:
    """Run every pending migration. Blocking, and it runs its own event loop: call it from a
    worker thread or a plain script, never from inside a running event loop."""
    with _migration_lock(url):
        command.upgrade(alembic_config(url), "head")


async def migrate(url: str) -> None:
    """:func:`upgrade_to_head` in a worker thread, so the service's event loop keeps running."""
    try:
        await asyncio.to_thread(upgrade_to_head, url)
    except (OSError, ImportError, SQLAlchemyError) as exc:
        raise ProfileDatabaseError(
            f"Could not migrate the profile database {describe_url(url)}: {exc}. Set "
            "MODU_PROFILES__SQLITE_PATH to a writable file or MODU_PROFILES__DATABASE_URL. / "
            "프로필 데이터베이스를 준비하지 못했습니다."
        ) from exc
