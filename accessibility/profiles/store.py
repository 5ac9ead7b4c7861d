"""Where profiles are kept: one table, every query scoped to its owner.

No method can reach another owner's profile: each one filters by ``owner_id`` in SQL, and a
profile that exists but belongs to someone else is reported exactly like one that does not
exist (:class:`ProfileNotFoundError`), so ids leak nothing. Updates are optimistic: a row is written
only if its version is still the one read, so two updates at once never lose either change.
Creates count the owner's profiles under a write lock, so concurrent creates cannot pass
``max_per_owner``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Final
from uuid import UUID, uuid4

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from accessibility.profiles.database import (
    create_profile_engine,
    database_url,
    lock_owner_for_writing,
    migrate,
)
from accessibility.profiles.model import Profile, ProfilePatch, StoredProfile
from accessibility.profiles.schema import profiles
from accessibility.profiles.settings import ProfileSettings
from accessibility.profiles.transfer import ProfileExport

UPDATE_ATTEMPTS: Final = 5
"""An update re-reads and re-applies its patch when another update won the race; more
attempts than this means something writes the row in a loop."""


class ProfileNotFoundError(LookupError):
    """No profile with this id belongs to this owner (it may not exist at all)."""

    def __init__(self, profile_id: UUID) -> None:
        super().__init__(f"no profile {profile_id} for this owner")
        self.profile_id = profile_id


class VersionConflictError(RuntimeError):
    """The profile changed since the version the caller read."""

    def __init__(self, profile_id: UUID, expected: int, current: int) -> None:
        super().__init__(f"profile {profile_id} is at version {current}, not {expected}")
        self.profile_id = profile_id
        self.expected = expected
        self.current = current


class ProfileLimitError(RuntimeError):
    """The owner already keeps the most profiles allowed."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"an owner may keep at most {limit} profiles")
        self.limit = limit


def _utc(moment: datetime) -> datetime:
    # SQLite stores times without a zone; they were written in UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _stored(row: Any) -> StoredProfile:
    return StoredProfile.model_validate(
        {
            **row.data,
            "id": row.id,
            "name": row.name,
            "version": row.version,
            "created_at": _utc(row.created_at),
            "updated_at": _utc(row.updated_at),
        }
    )


def _data(profile: Profile) -> dict[str, Any]:
    return profile.model_dump(mode="json", exclude={"id"})


class ProfileStore:
    """Async create/get/update/delete/list/export/import of profiles, scoped by owner."""

    def __init__(self, engine: AsyncEngine, url: str, *, max_per_owner: int = 100) -> None:
        self.engine = engine
        self.url = url
        self.max_per_owner = max_per_owner

    @classmethod
    def from_settings(cls, settings: ProfileSettings) -> ProfileStore:
        """A store on the configured database. Connects lazily; call :meth:`migrate` first."""
        url = database_url(settings)
        return cls(create_profile_engine(url), url, max_per_owner=settings.max_per_owner)

    async def migrate(self) -> None:
        """Bring the schema to the newest migration (in a worker thread)."""
        await migrate(self.url)

    async def aclose(self) -> None:
        await self.engine.dispose()

    async def create(self, owner_id: str, profile: Profile) -> StoredProfile:
        """Store ``profile`` as a new profile of ``owner_id`` (its ``id``, if any, is ignored)."""
        now = datetime.now(UTC)
        row: dict[str, Any] = {
            "id": uuid4(),
            "owner_id": owner_id,
            "name": profile.name,
            "data": _data(profile),
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }
        async with self.engine.begin() as connection:
            await lock_owner_for_writing(connection, owner_id)
            count = await connection.scalar(
                select(func.count()).select_from(profiles).where(profiles.c.owner_id == owner_id)
            )
            if (count or 0) >= self.max_per_owner:
                raise ProfileLimitError(self.max_per_owner)
            await connection.execute(profiles.insert().values(row))
        return StoredProfile.model_validate(
            {**row["data"], "id": row["id"], "version": 1, "created_at": now, "updated_at": now}
        )

    async def get(self, owner_id: str, profile_id: UUID) -> StoredProfile:
        async with self.engine.connect() as connection:
            return await self._get(connection, owner_id, profile_id)

    async def load(self, owner_id: str, profile_id: str) -> Profile | None:
        """The owner's profile by id as a client sent it (a string), or ``None`` when there is
        no such profile for this owner or the id is not a UUID. For the realtime session."""
        try:
            parsed = UUID(profile_id)
        except ValueError:
            return None
        try:
            stored = await self.get(owner_id, parsed)
        except ProfileNotFoundError:
            return None
        return stored.profile()

    async def list_for_owner(self, owner_id: str) -> list[StoredProfile]:
        """The owner's profiles, oldest first."""
        query = (
            select(profiles)
            .where(profiles.c.owner_id == owner_id)
            .order_by(profiles.c.created_at, profiles.c.id)
        )
        async with self.engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return [_stored(row) for row in rows]

    async def update(
        self,
        owner_id: str,
        profile_id: UUID,
        patch: ProfilePatch,
        *,
        expected_version: int | None = None,
    ) -> StoredProfile:
        """Apply ``patch``. With ``expected_version``, only if the profile is still at that
        version (else :class:`VersionConflictError`); without it, a concurrent update is merged by
        re-applying the patch to the newer profile."""
        read_version = expected_version
        for _ in range(UPDATE_ATTEMPTS):
            current = await self.get(owner_id, profile_id)
            if expected_version is not None and current.version != expected_version:
                raise VersionConflictError(profile_id, expected_version, current.version)
            if patch.is_empty():
                return current
            read_version = current.version
            changed = current.profile().with_patch(patch)
            written = await self._write(owner_id, current, changed)
            if written is not None:
                return written
        latest = await self.get(owner_id, profile_id)
        raise VersionConflictError(profile_id, read_version or 0, latest.version)

    async def delete(self, owner_id: str, profile_id: UUID) -> None:
        statement = profiles.delete().where(
            profiles.c.id == profile_id, profiles.c.owner_id == owner_id
        )
        async with self.engine.begin() as connection:
            result = await connection.execute(statement)
        if result.rowcount != 1:
            raise ProfileNotFoundError(profile_id)

    async def export_profile(self, owner_id: str, profile_id: UUID) -> ProfileExport:
        stored = await self.get(owner_id, profile_id)
        profile = stored.profile().model_copy(update={"id": None})
        return ProfileExport(exported_at=datetime.now(UTC), profile=profile)

    async def import_profile(self, owner_id: str, document: ProfileExport) -> StoredProfile:
        """A new profile of ``owner_id`` from an exported file (validated before this call)."""
        return await self.create(owner_id, document.profile)

    async def _get(
        self, connection: AsyncConnection, owner_id: str, profile_id: UUID
    ) -> StoredProfile:
        query = select(profiles).where(profiles.c.id == profile_id, profiles.c.owner_id == owner_id)
        row = (await connection.execute(query)).first()
        if row is None:
            raise ProfileNotFoundError(profile_id)
        return _stored(row)

    async def _write(
        self, owner_id: str, current: StoredProfile, changed: Profile
    ) -> StoredProfile | None:
        """Write ``changed`` if the row is still at ``current.version``; ``None`` if it moved."""
        now = datetime.now(UTC)
        statement = (
            profiles.update()
            .where(
                profiles.c.id == current.id,
                profiles.c.owner_id == owner_id,
                profiles.c.version == current.version,
            )
            .values(
                name=changed.name,
                data=_data(changed),
                updated_at=now,
                version=current.version + 1,
            )
        )
        async with self.engine.begin() as connection:
            result = await connection.execute(statement)
        if result.rowcount != 1:
            return None
        return StoredProfile.model_validate(
            {
                **_data(changed),
                "id": current.id,
                "version": current.version + 1,
                "created_at": current.created_at,
                "updated_at": now,
            }
        )
