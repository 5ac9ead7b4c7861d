"""Freed memory goes back to the system (service/memory.py): a trim after a realtime session or
an audio transcription ends, in a worker thread, at most once per interval."""

from __future__ import annotations

import asyncio

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.memory import MemoryReleaser, glibc_trim
from service.settings import Settings


class Counting:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return 1


@pytest.mark.asyncio
async def test_a_burst_of_requests_trims_now_and_once_more_after_the_interval() -> None:
    trim = Counting()
    releaser = MemoryReleaser(trim, min_interval_s=0.2)
    releaser.request()
    await asyncio.sleep(0.05)
    assert trim.calls == 1
    for _ in range(5):  # within the interval: one trailing trim for all of them
        releaser.request()
    await asyncio.sleep(0.05)
    assert trim.calls == 1
    await asyncio.sleep(0.4)
    assert trim.calls == 2 and releaser.trims == 2


@pytest.mark.asyncio
async def test_switched_off_nothing_is_trimmed() -> None:
    releaser = MemoryReleaser(None)
    releaser.request()
    await asyncio.sleep(0.05)
    assert not releaser.enabled and releaser.trims == 0


def test_this_machines_c_library_can_trim() -> None:
    trim = glibc_trim()
    assert trim is not None  # Debian's glibc: CI and this machine
    assert trim() in (0, 1)  # 1: memory was given back, 0: there was none to give


def test_a_closed_realtime_session_asks_for_a_trim(fake_settings: Settings) -> None:
    settings = fake_settings.model_copy(
        update={"server": fake_settings.server.model_copy(update={"dev": True})}
    )
    with TestClient(create_app(settings)) as client:
        releaser: MemoryReleaser = client.app.state.memory  # type: ignore[attr-defined]
        trim = Counting()
        releaser._trim = trim
        with client.websocket_connect("/v1/realtime") as ws:
            assert ws.receive_json()["type"] == "session.created"
        for _ in range(100):  # the route's cleanup runs after the socket closed
            if trim.calls:
                break
            client.portal.call(asyncio.sleep, 0.02)  # type: ignore[union-attr]
        assert trim.calls == 1


def test_switched_off_by_setting(fake_settings: Settings) -> None:
    settings = fake_settings.model_copy(
        update={"server": fake_settings.server.model_copy(update={"release_memory": False})}
    )
    with TestClient(create_app(settings)) as client:
        assert not client.app.state.memory.enabled  # type: ignore[attr-defined]
