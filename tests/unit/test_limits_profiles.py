"""``max_per_owner`` holds under concurrent creates (issue 16, item 6): the count and the insert
happen under one write lock, from one process or from several (two stores on one database), on
SQLite and on a real PostgreSQL server (``profile_settings``)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from accessibility.profiles import Profile, ProfileStore
from accessibility.profiles.settings import ProfileSettings
from accessibility.profiles.store import ProfileLimitError

LIMIT = 10
OWNER = "key-racer"


@pytest_asyncio.fixture
async def stores(profile_settings: ProfileSettings) -> AsyncIterator[list[ProfileStore]]:
    settings = profile_settings.model_copy(update={"max_per_owner": LIMIT})
    made = [ProfileStore.from_settings(settings) for _ in range(2)]
    await made[0].migrate()
    yield made
    for store in made:
        await store.aclose()


@pytest.mark.asyncio
async def test_concurrent_creates_stop_at_the_limit(stores: list[ProfileStore]) -> None:
    for index in range(LIMIT - 3):
        await stores[0].create(OWNER, Profile(name=f"p{index}"))
    attempts = [stores[i % 2].create(OWNER, Profile(name=f"race{i}")) for i in range(20)]
    results = await asyncio.gather(*attempts, return_exceptions=True)
    created = [r for r in results if not isinstance(r, BaseException)]
    refused = [r for r in results if isinstance(r, ProfileLimitError)]
    assert len(created) == 3
    assert len(refused) == 17
    assert len(await stores[0].list_for_owner(OWNER)) == LIMIT
