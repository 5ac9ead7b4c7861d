"""The profile store on a real SQLite file and on a real PostgreSQL server (the same tests,
through ``profile_settings``): migrations, WAL, CRUD, owners kept apart, races."""

from __future__ import annotations

import asyncio
import io
import sqlite3
import sys
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import UUID, uuid4

import pytest
import pytest_asyncio
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from pydantic import SecretStr
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.pool import NullPool

from accessibility.profiles import (
    PagePatch,
    Profile,
    ProfileExport,
    ProfileLimitError,
    ProfileNotFoundError,
    ProfilePatch,
    ProfileStore,
    StoredProfile,
    VersionConflictError,
    preset_profile,
)
from accessibility.profiles.database import (
    MIGRATION_LOCK_KEY,
    alembic_config,
    create_profile_engine,
    database_url,
    describe_url,
    sqlite_file,
    upgrade_to_head,
)
from accessibility.profiles.migrate import main as migrate_command
from accessibility.profiles.schema import metadata
from accessibility.profiles.settings import ProfileSettings
from service.settings import Settings
from tests.helpers.postgres_server import PostgresServer

ALICE = "key-alice"
BOB = "key-bob"


@pytest_asyncio.fixture
async def store(profile_settings: ProfileSettings) -> AsyncIterator[ProfileStore]:
    opened = ProfileStore.from_settings(profile_settings)
    await opened.migrate()
    try:
        yield opened
    finally:
        await opened.aclose()


@pytest_asyncio.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[ProfileStore]:
    opened = ProfileStore.from_settings(ProfileSettings(sqlite_path=tmp_path / "profiles.db"))
    await opened.migrate()
    try:
        yield opened
    finally:
        await opened.aclose()


def test_default_database_is_sqlite_under_the_user_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    url = database_url(Settings().profiles)
    assert url.startswith("sqlite+aiosqlite:///")
    assert sqlite_file(url) == tmp_path / "data" / "modu" / "profiles.db"


def test_postgres_by_url_with_the_password_kept_out_of_messages() -> None:
    settings = ProfileSettings(database_url=SecretStr("postgresql+asyncpg://modu:s3cr%40t@db/modu"))
    url = database_url(settings)
    assert url == "postgresql+asyncpg://modu:s3cr%40t@db/modu"
    assert "s3cr" not in describe_url(url) and "s3cr" not in repr(settings)
    assert sqlite_file(url) is None
    engine = create_profile_engine(url)  # connects lazily: no server needed to build it
    assert engine.dialect.name == "postgresql" and engine.dialect.driver == "asyncpg"


def test_postgres_migration_renders_as_sql_without_a_server() -> None:
    """``alembic upgrade --sql`` mode: the same migration, rendered for PostgreSQL."""
    config = alembic_config("postgresql+asyncpg://modu@db/modu")
    buffer = io.StringIO()
    config.output_buffer = buffer
    command.upgrade(config, "head", sql=True)
    sql = buffer.getvalue()
    assert "CREATE TABLE profiles" in sql
    assert "id UUID NOT NULL" in sql and "data JSON NOT NULL" in sql
    assert "CREATE INDEX ix_profiles_owner_created" in sql


def _revision_and_differences(connection: Connection) -> tuple[str | None, list[object]]:
    context = MigrationContext.configure(connection)
    return context.get_current_revision(), compare_metadata(context, metadata)


async def _schema_state(url: str) -> tuple[str | None, list[object]]:
    """The database's Alembic revision, and how its schema differs from the store's metadata."""
    engine = create_profile_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_revision_and_differences)
    finally:
        await engine.dispose()


@pytest.mark.asyncio
async def test_migrations_build_exactly_the_schema_the_store_uses(store: ProfileStore) -> None:
    head = ScriptDirectory.from_config(alembic_config(store.url)).get_current_head()
    assert head == "0001"
    assert await _schema_state(store.url) == (head, [])
    await store.migrate()  # again: nothing to do, nothing breaks
    assert await _schema_state(store.url) == (head, [])


async def _start_migrator(url: str) -> asyncio.subprocess.Process:
    """``python -m accessibility.profiles.migrate`` (the deploy step) in its own process."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "accessibility.profiles.migrate",
        "--url",
        url,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


async def _finished(migrator: asyncio.subprocess.Process) -> tuple[int | None, str]:
    output, _ = await migrator.communicate()
    return migrator.returncode, output.decode(errors="replace")


@pytest.mark.asyncio
async def test_two_processes_migrating_a_fresh_database_at_once_both_succeed(
    profile_settings: ProfileSettings,
) -> None:
    url = database_url(profile_settings)
    migrators = [await _start_migrator(url) for _ in range(2)]
    for returncode, output in await asyncio.gather(*(_finished(m) for m in migrators)):
        assert returncode == 0, output
        assert "newest schema" in output
    assert await _schema_state(url) == ("0001", [])
    assert await _recorded_versions(url) == [("0001",)], "at head, recorded once"


async def _recorded_versions(url: str) -> list[tuple[object, ...]]:
    engine = create_profile_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            rows = (await connection.execute(text("SELECT * FROM alembic_version"))).all()
    finally:
        await engine.dispose()
    return [tuple(row) for row in rows]


LOCK_WAIT_TIMEOUT_S = 60.0
"""How long the two migrators may take to start and reach the lock (Python and SQLAlchemy
import in a second or two each on a quiet machine)."""


async def _migrators_waiting(connection: AsyncConnection) -> int:
    # A one-key advisory lock shows in pg_locks as classid = the key's high half, objid = its
    # low half, objsubid = 1.
    waiting = await connection.scalar(
        text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
            "AND classid = :high AND objid = :low AND objsubid = 1"
        ),
        {"high": MIGRATION_LOCK_KEY >> 32, "low": MIGRATION_LOCK_KEY & 0xFFFFFFFF},
    )
    return int(waiting or 0)


async def _public_tables(connection: AsyncConnection) -> list[str]:
    rows = await connection.execute(
        text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    )
    return [row[0] for row in rows]


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.asyncio
async def test_postgres_migrators_queue_on_the_lock_and_the_second_finds_head(
    postgres_server: PostgresServer,
) -> None:
    """Both migrators are made to wait on the migration lock at the same moment (the test
    holds it until both are queued), so the race is certain, not left to timing."""
    url = postgres_server.create_database()
    holder_engine = create_profile_engine(url, poolclass=NullPool)
    try:
        async with holder_engine.connect() as holder:
            await holder.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            await holder.commit()
            migrators = [await _start_migrator(url) for _ in range(2)]
            deadline = asyncio.get_running_loop().time() + LOCK_WAIT_TIMEOUT_S
            while await _migrators_waiting(holder) < 2:
                finished = [m.returncode for m in migrators if m.returncode is not None]
                assert not finished, f"a migrator exited before the lock was free: {finished}"
                assert asyncio.get_running_loop().time() < deadline, "migrators never queued"
                await holder.rollback()  # a fresh snapshot of pg_locks on the next look
                await asyncio.sleep(0.1)
            assert await _public_tables(holder) == [], "nothing migrated while locked"
            await holder.execute(
                text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
            await holder.commit()
        results = await asyncio.gather(*(_finished(m) for m in migrators))
    finally:
        await holder_engine.dispose()
    for returncode, output in results:
        assert returncode == 0, output
    assert await _schema_state(url) == ("0001", [])
    assert await _recorded_versions(url) == [("0001",)]


def test_two_threads_migrating_one_sqlite_file_at_once_both_succeed(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'race.db'}"
    errors: list[BaseException] = []

    def run() -> None:
        try:
            upgrade_to_head(url)
        except BaseException as exc:  # noqa: BLE001  (collected and asserted below)
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with sqlite3.connect(tmp_path / "race.db") as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            ("0001",)
        ]


@pytest.mark.asyncio
async def test_sqlite_runs_in_wal_mode(sqlite_store: ProfileStore, tmp_path: Path) -> None:
    async with sqlite_store.engine.connect() as connection:
        assert (await connection.scalar(text("PRAGMA journal_mode"))) == "wal"
        assert (await connection.scalar(text("PRAGMA busy_timeout"))) == 5000
    with sqlite3.connect(tmp_path / "profiles.db") as connection:  # stored in the file itself
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


@pytest.mark.asyncio
async def test_create_get_list_update_delete(store: ProfileStore) -> None:
    created = await store.create(ALICE, preset_profile("older-listener"))
    assert isinstance(created.id, UUID) and created.version == 1
    assert created.created_at == created.updated_at and created.created_at.tzinfo is not None

    fetched = await store.get(ALICE, created.id)
    assert fetched == created

    updated = await store.update(ALICE, created.id, ProfilePatch(speech_rate=0.6))
    assert updated.speech_rate == 0.6 and updated.version == 2
    assert updated.updated_at > created.updated_at and updated.created_at == created.created_at
    assert updated.turn_patience_ms == created.turn_patience_ms, "other fields kept"
    assert await store.get(ALICE, created.id) == updated

    second = await store.create(ALICE, Profile(name="둘째"))
    assert [p.id for p in await store.list_for_owner(ALICE)] == [created.id, second.id]

    await store.delete(ALICE, created.id)
    with pytest.raises(ProfileNotFoundError):
        await store.get(ALICE, created.id)
    with pytest.raises(ProfileNotFoundError):
        await store.delete(ALICE, created.id)
    assert [p.id for p in await store.list_for_owner(ALICE)] == [second.id]


@pytest.mark.asyncio
async def test_an_id_sent_by_the_client_is_never_used(store: ProfileStore) -> None:
    chosen = uuid4()
    created = await store.create(ALICE, Profile(id=chosen))
    assert created.id != chosen


@pytest.mark.asyncio
async def test_empty_patch_changes_nothing(store: ProfileStore) -> None:
    created = await store.create(ALICE, Profile())
    assert await store.update(ALICE, created.id, ProfilePatch()) == created


@pytest.mark.asyncio
async def test_no_owner_reaches_another_owners_profile(store: ProfileStore) -> None:
    alices = await store.create(ALICE, Profile(name="Alice", speech_rate=1.3))
    assert await store.list_for_owner(BOB) == []
    with pytest.raises(ProfileNotFoundError):
        await store.get(BOB, alices.id)
    with pytest.raises(ProfileNotFoundError):
        await store.update(BOB, alices.id, ProfilePatch(speech_rate=0.5))
    with pytest.raises(ProfileNotFoundError):
        await store.delete(BOB, alices.id)
    with pytest.raises(ProfileNotFoundError):
        await store.export_profile(BOB, alices.id)
    assert await store.get(ALICE, alices.id) == alices, "untouched by Bob's attempts"


@pytest.mark.asyncio
async def test_export_then_import_makes_an_equal_new_profile(store: ProfileStore) -> None:
    original = await store.create(ALICE, preset_profile("low-vision"))
    exported = await store.export_profile(ALICE, original.id)
    assert exported.profile.id is None, "the file carries no id"
    document = ProfileExport.model_validate_json(exported.model_dump_json())
    imported = await store.import_profile(BOB, document)
    assert imported.id != original.id and imported.version == 1
    assert imported.profile().model_dump(exclude={"id"}) == original.profile().model_dump(
        exclude={"id"}
    )
    assert [p.id for p in await store.list_for_owner(BOB)] == [imported.id]


@pytest.mark.asyncio
async def test_the_profile_limit_per_owner_holds(profile_settings: ProfileSettings) -> None:
    settings = profile_settings.model_copy(update={"max_per_owner": 2})
    store = ProfileStore.from_settings(settings)
    await store.migrate()
    try:
        await store.create(ALICE, Profile())
        await store.create(ALICE, Profile())
        with pytest.raises(ProfileLimitError):
            await store.create(ALICE, Profile())
        assert len(await store.list_for_owner(ALICE)) == 2
        await store.create(BOB, Profile())  # a limit per owner, not for everyone
    finally:
        await store.aclose()


class _RacingStore(ProfileStore):
    """Holds the first two reads until both have happened: two updates have then both read
    the same version before either writes, the race optimistic concurrency must survive."""

    def __init__(self, base: ProfileStore) -> None:
        super().__init__(base.engine, base.url)
        self.reads = 0
        self._both_read = asyncio.Barrier(2)

    async def get(self, owner_id: str, profile_id: UUID) -> StoredProfile:
        stored = await super().get(owner_id, profile_id)
        self.reads += 1
        if self.reads <= 2:
            await self._both_read.wait()
        return stored


@pytest.mark.asyncio
async def test_two_concurrent_updates_both_land(store: ProfileStore) -> None:
    created = await store.create(ALICE, Profile())
    racing = _RacingStore(store)
    await asyncio.gather(
        racing.update(ALICE, created.id, ProfilePatch(speech_rate=0.7)),
        racing.update(ALICE, created.id, ProfilePatch(page=PagePatch(text_size=180))),
    )
    final = await store.get(ALICE, created.id)
    assert final.speech_rate == 0.7 and final.page.text_size == 180, "neither change was lost"
    assert final.version == 3
    assert racing.reads == 3, "the update that lost the race re-read and re-applied its patch"


@pytest.mark.asyncio
async def test_update_with_a_stale_version_is_refused_and_changes_nothing(
    store: ProfileStore,
) -> None:
    created = await store.create(ALICE, Profile())
    newer = await store.update(ALICE, created.id, ProfilePatch(volume=1.5), expected_version=1)
    assert newer.version == 2
    with pytest.raises(VersionConflictError) as caught:
        await store.update(ALICE, created.id, ProfilePatch(volume=0.2), expected_version=1)
    assert (caught.value.expected, caught.value.current) == (1, 2)
    assert await store.get(ALICE, created.id) == newer


@pytest.mark.asyncio
async def test_load_by_string_id_for_the_realtime_session(store: ProfileStore) -> None:
    created = await store.create(ALICE, preset_profile("speech-difficulty"))
    loaded = await store.load(ALICE, str(created.id))
    assert loaded is not None and type(loaded) is Profile
    assert loaded == created.profile() and loaded.turn_patience_ms == 3000
    assert await store.load(BOB, str(created.id)) is None, "another owner gets nothing"
    assert await store.load(ALICE, "not-a-uuid") is None
    assert await store.load(ALICE, str(uuid4())) is None


def test_a_stored_profile_can_be_patched_like_a_profile() -> None:
    stored = StoredProfile.model_validate(
        {
            "id": uuid4(),
            "version": 3,
            "created_at": "2026-01-22T00:00:00Z",
            "updated_at": "2026-01-22T00:00:00Z",
        }
    )
    patched = stored.with_patch(ProfilePatch(captions=True))
    assert type(patched) is Profile and patched.captions and patched.id == stored.id


def test_migrate_command_brings_a_new_database_to_head(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deploy" / "profiles.db"
    migrate_command(["--url", f"sqlite+aiosqlite:///{path}"])
    assert "newest schema" in capsys.readouterr().out
    with sqlite3.connect(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert {"profiles", "alembic_version"} <= tables
