"""A closed realtime session gives its memory back when it closes, not at some later full
collection (issue 16: the real-engine soak kept ~5 MB per turn, mostly closed sessions waiting
in the collector's oldest generation with their native Silero detectors).

Python's automatic collector is switched off in these tests, so only what the service itself
does can free a session."""

from __future__ import annotations

import asyncio
import gc
import time
import weakref
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.engines import Engines
from service.settings import Settings
from tests.unit.test_realtime_protocol import append, say_text, silence, tone, until
from voices.vad.base import VoiceActivityDetector
from voices.vad.fake import FakeVad

WAIT_S = 10.0
"""How long the test waits for the server to let a session go (it takes milliseconds)."""


@pytest.fixture
def automatic_collection_off() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _dev(fake_settings: Settings) -> Settings:
    server = fake_settings.server.model_copy(update={"dev": True})  # no API key needed
    return fake_settings.model_copy(update={"server": server})


def _wait_until(condition: Callable[[], bool], seconds: float = WAIT_S) -> bool:
    # Polled: the server's handler ends in its own thread after the client closes.
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_closed_sessions_detector_and_audio_are_freed_at_close(
    fake_settings: Settings, automatic_collection_off: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _dev(fake_settings)
    engines = Engines(settings)
    detectors: list[weakref.ref[VoiceActivityDetector]] = []

    def recorded_vad() -> VoiceActivityDetector:
        vad = FakeVad()
        detectors.append(weakref.ref(vad))
        return vad

    monkeypatch.setattr(engines, "new_vad", recorded_vad)
    app = create_app(settings, engines=engines)
    with TestClient(app) as client:
        for _ in range(3):
            with client.websocket_connect("/v1/realtime") as ws:
                until(ws, "session.created")
                append(ws, silence(0.3) + tone(1.0) + silence(1.0), chunk=4800)
                until(ws, "response.done")
                say_text(ws, "hello")
                ws.send_json({"type": "response.create"})
                until(ws, "response.done")
        assert detectors, "the sessions made no detector: the test checks nothing"
        assert _wait_until(lambda: not app.state.realtime_sessions.sockets)
        assert _wait_until(lambda: all(ref() is None for ref in detectors)), (
            f"{sum(ref() is not None for ref in detectors)} of {len(detectors)} closed "
            "sessions' detectors are still alive"
        )


def test_the_warm_up_freezes_what_it_loaded(fake_settings: Settings) -> None:
    gc.unfreeze()
    try:
        asyncio.run(Engines(fake_settings).warm_up())
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()  # the rest of the test run is collected as usual
