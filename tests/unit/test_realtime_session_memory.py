"""A closed realtime session gives its memory back when it closes, by reference counting, not
at some later full collection (issue 16: the real-engine soak kept ~5 MB per turn, mostly closed
sessions waiting in the collector's oldest generation with their native Silero detectors).

Python's automatic collector is switched off in these tests and ``gc.collect`` is replaced by a
counter that collects nothing, so only reference counting can free a session: its parts must
hold no reference back to it (service/realtime/weak.py), and its detector goes back to the
pool (voices/vad/pool.py)."""

from __future__ import annotations

import asyncio
import gc
import time
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

import service.engine_builders
import service.routes.realtime
from service.app import create_app
from service.engines import Engines
from service.realtime.session import RealtimeSession
from service.settings import Settings
from tests.unit.test_realtime_protocol import append, say_text, silence, tone, until
from voices.vad.base import VoiceActivityDetector
from voices.vad.fake import FakeVad

WAIT_S = 10.0
"""How long the test waits for the server to let a session go (it takes milliseconds)."""

SESSIONS = 3


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """Automatic collection off, and ``gc.collect`` counted instead of run: the list holds one
    entry per call anything made."""
    calls: list[int] = []
    was_enabled = gc.isenabled()
    real_collect = gc.collect
    real_collect()
    gc.disable()

    def counted(generation: int = 2) -> int:
        calls.append(generation)
        return 0

    gc.collect = counted
    try:
        yield calls
    finally:
        gc.collect = real_collect
        if was_enabled:
            gc.enable()


def _dev(fake_settings: Settings, pool_size: int) -> Settings:
    server = fake_settings.server.model_copy(update={"dev": True})  # no API key needed
    vad = fake_settings.vad.model_copy(update={"pool_size": pool_size})
    return fake_settings.model_copy(update={"server": server, "vad": vad})


def _wait_until(condition: Callable[[], bool], seconds: float = WAIT_S) -> bool:
    # Polled: the server's handler ends in its own thread after the client closes.
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("pool_size", [0, 2])
def test_a_closed_session_is_freed_by_reference_counting(
    fake_settings: Settings,
    collections: list[int],
    monkeypatch: pytest.MonkeyPatch,
    pool_size: int,
) -> None:
    settings = _dev(fake_settings, pool_size)
    sessions: list[weakref.ref[RealtimeSession]] = []
    detectors: list[weakref.ref[VoiceActivityDetector]] = []

    class RecordedSession(RealtimeSession):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            sessions.append(weakref.ref(self))

    def recorded_vad() -> VoiceActivityDetector:
        vad = FakeVad()
        detectors.append(weakref.ref(vad))
        return vad

    monkeypatch.setattr(service.routes.realtime, "RealtimeSession", RecordedSession)
    monkeypatch.setattr(service.engine_builders, "build_vad_factory", lambda _: recorded_vad)
    engines = Engines(settings)
    app = create_app(settings, engines=engines)
    with TestClient(app) as client:
        for _ in range(SESSIONS):
            with client.websocket_connect("/v1/realtime") as ws:
                until(ws, "session.created")
                append(ws, silence(0.3) + tone(1.0) + silence(1.0), chunk=4800)
                until(ws, "response.done")
                say_text(ws, "hello")
                ws.send_json({"type": "response.create"})
                until(ws, "response.done")
        assert len(sessions) == SESSIONS, "the sessions were not recorded: the test checks nothing"
        assert _wait_until(lambda: not app.state.realtime_sessions.sockets)
        assert _wait_until(lambda: all(ref() is None for ref in sessions)), (
            f"{sum(ref() is not None for ref in sessions)} of {SESSIONS} closed sessions are "
            "still alive without a garbage collection"
        )
        assert collections == [], "the service collected garbage: the test proves nothing"
        pool = engines.vad_pool
        if pool_size:
            # One session at a time: one detector, reused, kept for the next session.
            assert len(detectors) == pool.created == 1
            assert pool.idle == 1
        else:
            # Nothing kept: each session's detector was freed with its session.
            assert len(detectors) == SESSIONS
            assert all(ref() is None for ref in detectors)


def test_the_warm_up_freezes_what_it_loaded(fake_settings: Settings) -> None:
    gc.unfreeze()
    try:
        asyncio.run(Engines(fake_settings).warm_up())
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()  # the rest of the test run is collected as usual
