"""Errors inside a session become ``error`` events, never a closed socket or silence (issue 16,
item 12): one guard in the dispatch, recognition of audio items off the receive loop, and
spawned tasks whose failures are logged and told to the client."""

from __future__ import annotations

import asyncio
import base64
from typing import Any

import pytest

from service.realtime.server_events import ErrorEvent, ServerEvent
from service.settings import Settings
from tests.helpers.realtime_harness import live_session, text_turn, tone_pcm16
from voices.audio import Audio
from voices.stt.base import Transcript


def audio_item() -> dict[str, Any]:
    pcm = base64.b64encode(tone_pcm16(1.0)).decode()
    content = [{"type": "input_audio", "audio": pcm}]
    return {
        "type": "conversation.item.create",
        "event_id": "evt_audio",
        "item": {"type": "message", "role": "user", "content": content},
    }


def server_errors(events: list[ServerEvent]) -> list[ErrorEvent]:
    return [e for e in events if isinstance(e, ErrorEvent) and e.error.type == "server_error"]


@pytest.mark.asyncio
async def test_an_unexpected_failure_in_dispatch_is_an_error_event(
    fake_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    async with live_session(fake_settings) as harness:

        async def broken(*_: Any, **__: Any) -> Transcript:
            raise RuntimeError("recogniser exploded")

        harness.session.engines.transcribe = broken  # type: ignore[method-assign]
        await harness.send_json(audio_item())
        await harness.settle()
        errors = server_errors(harness.outbox.emitted)
        assert len(errors) == 1
        assert errors[0].error.event_id == "evt_audio"
        assert "recogniser exploded" not in errors[0].error.message  # internals stay in the log
        assert "recogniser exploded" in caplog.text
        # The session goes on.
        done = await text_turn(harness, "Hello?")
        assert done["response"]["status"] == "completed"


@pytest.mark.asyncio
async def test_an_audio_item_is_recognised_off_the_receive_loop(fake_settings: Settings) -> None:
    async with live_session(fake_settings) as harness:
        release = asyncio.Event()
        original = harness.session.engines.transcribe

        async def slow(audio: Audio, *args: Any, **kwargs: Any) -> Transcript | None:
            await release.wait()
            return await original(audio, *args, **kwargs)

        harness.session.engines.transcribe = slow  # type: ignore[method-assign]
        # Returns at once, while the recogniser is still waiting.
        await asyncio.wait_for(harness.send_json(audio_item()), timeout=2)
        await asyncio.wait_for(harness.send_json({"type": "response.cancel"}), timeout=2)
        start = len(harness.wire)
        create = asyncio.create_task(harness.send_json({"type": "response.create"}))
        release.set()
        await create
        await harness.settle()
        types = harness.wire_types()[start:]
        # response.create waited for the item's transcript: the item comes first.
        assert types.index("conversation.item.done") < types.index("response.created")


@pytest.mark.asyncio
async def test_a_spawned_tasks_failure_is_logged_and_told(
    fake_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    async with live_session(fake_settings) as harness:

        async def fails() -> None:
            raise ValueError("could not save your speed")

        harness.session._spawn(fails())
        await harness.settle()
        errors = server_errors(harness.outbox.emitted)
        assert len(errors) == 1
        assert "could not save your speed" in caplog.text
