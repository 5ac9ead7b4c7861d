"""What /v1/realtime sends fits the official ``openai`` SDK's own types, in both dialects, and
what the SDK's client-event types describe, the server accepts.

Server events are produced by a real :class:`RealtimeSession` (fake engines) and taken from
its outbox exactly as they go on the wire; each is validated with pydantic against the SDK's
class for that event name. The SDK's models allow extra keys, so the check also refuses any key
the SDK does not know, except modu's own ``modu`` extension.
"""

from __future__ import annotations

import copy
from typing import Any, get_args, get_type_hints

import pytest
from openai.types.beta.realtime import ResponseCreateEventParam as BetaResponseCreate
from openai.types.beta.realtime import SessionUpdateEventParam as BetaSessionUpdate
from openai.types.realtime import (
    ConversationItemCreateEventParam,
    ConversationItemDeleteEventParam,
    ConversationItemTruncateEventParam,
    InputAudioBufferAppendEventParam,
    InputAudioBufferClearEventParam,
    InputAudioBufferCommitEventParam,
    RealtimeClientEventParam,
    ResponseCancelEventParam,
    ResponseCreateEventParam,
    SessionUpdateEventParam,
)
from pydantic import BaseModel, TypeAdapter, ValidationError

from accessibility.profiles.model import Profile
from service.realtime import server_events as ev
from service.realtime.asyncapi import build_asyncapi, message_id
from service.realtime.client_events import CLIENT_EVENT_ADAPTER, CLIENT_EVENT_TYPES
from service.realtime.config import Dialect, SessionConfig, render_session
from service.realtime.dialect import to_wire
from service.settings import Settings
from tests.helpers.openai_realtime_sdk import BETA_SERVER_EVENTS, GA_SERVER_EVENTS
from tests.helpers.realtime_harness import SessionHarness, live_session, spoken_turn, text_turn

DIALECTS: tuple[Dialect, ...] = ("ga", "beta")

BETA_SESSION_MODEL = ("session", "model")
"""The beta SDK types ``session.model`` as a closed list of OpenAI's model names; modu names its
own model there. The SDK parses events without validating (``construct``), so clients keep the
string; the check tolerates a mismatch at exactly this place and validates everything else."""

OPENAI_SENDS_UNDECLARED = {".session.id", ".session.object"}
"""Keys OpenAI's own GA server sends in ``session.created`` that the SDK's (request-shaped)
session type does not declare; clients keep them as extras."""

# --- checking one event against the SDK ---------------------------------------------------------


def _unknown_keys(value: Any, path: str) -> list[str]:
    """Keys the SDK model does not declare (it keeps them as extras), ``modu`` and nulls
    excepted."""
    if isinstance(value, list):
        return [key for item in value for key in _unknown_keys(item, path)]
    if not isinstance(value, BaseModel):
        return []
    extras = value.model_extra or {}
    # A null extra cannot mislead a client; a misspelt required field fails validation anyway.
    found = [f"{path}.{key}" for key, item in extras.items() if key != "modu" and item is not None]
    for name in type(value).model_fields:
        found += _unknown_keys(getattr(value, name), f"{path}.{name}")
    return found


def sdk_mismatches(event: dict[str, Any], dialect: Dialect) -> list[str]:
    """Why the SDK's type for this event would not take it, or ``[]``."""
    kind = event["type"]
    classes = GA_SERVER_EVENTS if dialect == "ga" else BETA_SERVER_EVENTS
    if kind.startswith("modu."):
        return [] if kind not in classes else [f"{kind}: a modu event name is taken by the SDK"]
    if kind not in classes:
        return [f"{dialect} {kind}: no such event in the openai SDK"]
    checked = event
    if dialect == "beta" and kind.startswith("session."):
        checked = copy.deepcopy(event)
        checked["session"].pop(BETA_SESSION_MODEL[1], None)
    try:
        parsed = TypeAdapter(classes[kind]).validate_python(checked)
    except ValidationError as exc:
        return [
            f"{dialect} {kind}: {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()
        ]
    unknown = set(_unknown_keys(parsed, "")) - OPENAI_SENDS_UNDECLARED
    return [f"{dialect} {kind}: unknown key {key.lstrip('.')}" for key in sorted(unknown)]


def assert_fits_sdk(events: list[dict[str, Any]], dialect: Dialect) -> None:
    problems = sorted({problem for event in events for problem in sdk_mismatches(event, dialect)})
    assert not problems, "events the openai SDK's types refuse:\n" + "\n".join(problems)


def test_the_check_catches_missing_and_wrong_fields() -> None:
    """The checker itself: a missing field, a wrong literal and an unknown key all fail it."""
    good = to_wire(ev.BufferCleared(), "ga")
    assert good is not None and sdk_mismatches(good, "ga") == []
    delta = to_wire(ev.OutputAudioDelta(response_id="resp_1", item_id="item_1", delta="AAAA"), "ga")
    assert delta is not None
    assert sdk_mismatches({**delta, "delta": None}, "ga")
    assert sdk_mismatches({k: v for k, v in delta.items() if k != "item_id"}, "ga")
    assert sdk_mismatches({**delta, "typo_field": 1}, "ga")
    assert sdk_mismatches({**delta, "modu": {"anything": 1}}, "ga") == []


# --- server events -------------------------------------------------------------------------------


def _configs(settings: Settings) -> list[SessionConfig]:
    base = SessionConfig.from_settings("sess_test", settings.lm.model, settings)
    return [
        base,
        SessionConfig(id="sess_ptt", model="m", turn=None, audio_out=False, max_output_tokens=64),
        SessionConfig(
            id="sess_profile", model="m", profile=Profile(), profile_id="p1", language="ko"
        ),
    ]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_session_events_fit_the_sdk(fake_settings: Settings, dialect: Dialect) -> None:
    events = []
    for config in _configs(fake_settings):
        session = render_session(config, dialect)
        for event in (ev.SessionCreated(session=session), ev.SessionUpdated(session=session)):
            wire = to_wire(event, dialect)
            assert wire is not None
            events.append(wire)
    assert_fits_sdk(events, dialect)


USER_ITEM = {
    "type": "conversation.item.create",
    "item": {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hi"}]},
}


async def _conversation(harness: SessionHarness) -> None:
    """Every kind of server event a conversation produces, errors and endings included."""
    await harness.send_json({"type": "response.create"})  # nothing to answer: a failed response
    await harness.settle()
    done = await text_turn(harness, "Hello, who are you?")  # spoken answer
    assistant_item = done["response"]["output"][0]["id"]
    await harness.send_json(
        {"type": "conversation.item.truncate", "item_id": assistant_item, "audio_end_ms": 300}
    )
    await spoken_turn(harness)  # VAD, partial and final transcripts, an answer
    await harness.send_json({"type": "input_audio_buffer.append", "audio": "AAAA"})
    await harness.send_json({"type": "input_audio_buffer.clear"})
    await harness.send_json(USER_ITEM)
    await harness.send_json(
        {"type": "response.create", "response": {"output_modalities": ["text"]}}
    )  # text only
    await harness.settle()
    await harness.send_json(USER_ITEM)
    await harness.send_json({"type": "response.create"})
    await harness.send_json({"type": "response.cancel"})  # cancelled before its first word
    await harness.settle()
    await harness.send_json({"type": "conversation.item.delete", "item_id": assistant_item})
    await harness.send_json({"type": "no.such.event"})
    await harness.send_json({"type": "session.update", "session": {"instructions": "Be brief."}})
    await harness.settle()


EXPECTED_GA = {
    "session.created",
    "session.updated",
    "error",
    "conversation.item.added",
    "conversation.item.done",
    "conversation.item.truncated",
    "conversation.item.deleted",
    "input_audio_buffer.speech_started",
    "input_audio_buffer.speech_stopped",
    "input_audio_buffer.committed",
    "input_audio_buffer.cleared",
    "conversation.item.input_audio_transcription.delta",
    "conversation.item.input_audio_transcription.completed",
    "response.created",
    "response.output_item.added",
    "response.content_part.added",
    "response.output_audio_transcript.delta",
    "response.output_audio.delta",
    "response.output_audio.done",
    "response.output_audio_transcript.done",
    "response.output_text.delta",
    "response.output_text.done",
    "response.content_part.done",
    "response.output_item.done",
    "response.done",
    "modu.caption",
}


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", DIALECTS)
async def test_a_whole_conversation_fits_the_sdk(fake_settings: Settings, dialect: Dialect) -> None:
    realtime = fake_settings.realtime.model_copy(update={"partial_transcript_interval_ms": 1})
    settings = fake_settings.model_copy(update={"realtime": realtime})
    async with live_session(settings, dialect) as harness:
        await _conversation(harness)
    seen = set(harness.wire_types())
    expected = EXPECTED_GA
    if dialect == "beta":
        expected = {BETA_RENAMES.get(kind, kind) for kind in EXPECTED_GA}
        expected -= {"conversation.item.done"}
    assert seen >= expected, f"the scenario missed {expected - seen}"
    statuses = {e["response"]["status"] for e in harness.wire if e["type"] == "response.done"}
    assert statuses == {"completed", "cancelled", "failed"}
    assert_fits_sdk(harness.wire, dialect)


BETA_RENAMES = {
    "conversation.item.added": "conversation.item.created",
    "response.output_audio.delta": "response.audio.delta",
    "response.output_audio.done": "response.audio.done",
    "response.output_audio_transcript.delta": "response.audio_transcript.delta",
    "response.output_audio_transcript.done": "response.audio_transcript.done",
    "response.output_text.delta": "response.text.delta",
    "response.output_text.done": "response.text.done",
}
"""Written out here (REALTIME.md), not imported from the dialect module, to check it."""


def test_the_asyncapi_examples_fit_the_sdk() -> None:
    messages = build_asyncapi()["components"]["messages"]
    examples = messages[message_id("session.created")]["examples"]
    for example in examples:
        assert_fits_sdk([example["payload"]], example["name"])


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_failed_transcription_fits_the_sdk(dialect: Dialect) -> None:
    failed = ev.TranscriptionFailed(
        item_id="item_1",
        error=ev.ErrorDetail(type="server_error", code="transcription_failed", message="boom"),
    )
    wire = to_wire(failed, dialect)
    assert wire is not None
    assert_fits_sdk([wire], dialect)


# --- client events the SDK describes -----------------------------------------------------------

GA_SESSION_UPDATE: SessionUpdateEventParam = {
    "type": "session.update",
    "event_id": "evt_ga_session",
    "session": {
        "type": "realtime",
        "model": "gpt-realtime",
        "instructions": "Answer briefly.",
        "output_modalities": ["text"],
        "max_output_tokens": "inf",
        "tool_choice": "auto",
        "tools": [],
        "tracing": "auto",
        "audio": {
            "input": {
                "format": {"type": "audio/pcm", "rate": 24000},
                "noise_reduction": {"type": "near_field"},
                "transcription": {"model": "whisper-1", "language": "ko", "prompt": "모두"},
                "turn_detection": {
                    "type": "server_vad",
                    "threshold": 0.5,
                    "prefix_padding_ms": 300,
                    "silence_duration_ms": 700,
                    "idle_timeout_ms": None,
                    "create_response": True,
                    "interrupt_response": True,
                },
            },
            "output": {
                "format": {"type": "audio/pcm", "rate": 24000},
                "voice": "marin",
                "speed": 1.1,
            },
        },
    },
}

GA_SESSION_UPDATE_CUSTOM_VOICE: SessionUpdateEventParam = {
    "type": "session.update",
    "session": {"type": "realtime", "audio": {"output": {"voice": {"id": "voice_1234"}}}},
}

BETA_SESSION_UPDATE: BetaSessionUpdate = {
    "type": "session.update",
    "event_id": "evt_beta_session",
    "session": {
        "modalities": ["text", "audio"],
        "instructions": "Answer briefly.",
        "voice": "alloy",
        "input_audio_format": "pcm16",
        "output_audio_format": "pcm16",
        "input_audio_transcription": {"model": "whisper-1", "language": "en"},
        "input_audio_noise_reduction": {"type": "far_field"},
        "turn_detection": {
            "type": "server_vad",
            "threshold": 0.6,
            "prefix_padding_ms": 200,
            "silence_duration_ms": 800,
            "create_response": True,
            "interrupt_response": False,
        },
        "temperature": 0.8,
        "max_response_output_tokens": 200,
        "tool_choice": "auto",
        "tools": [],
        "speed": 1.0,
    },
}

GA_ITEM: ConversationItemCreateEventParam = {
    "type": "conversation.item.create",
    "previous_item_id": "root",
    "item": {
        "type": "message",
        "role": "user",
        "object": "realtime.item",
        "status": "completed",
        "content": [{"type": "input_text", "text": "안녕하세요"}],
    },
}

GA_RESPONSE: ResponseCreateEventParam = {
    "type": "response.create",
    "response": {
        "output_modalities": ["audio"],
        "instructions": "Say it simply.",
        "conversation": "auto",
        "metadata": {"topic": "greeting"},
        "max_output_tokens": 120,
        "audio": {"output": {"voice": "marin", "format": {"type": "audio/pcm", "rate": 24000}}},
    },
}

BETA_RESPONSE: BetaResponseCreate = {
    "type": "response.create",
    "response": {
        "modalities": ["text", "audio"],
        "instructions": "Say it simply.",
        "voice": "alloy",
        "output_audio_format": "pcm16",
        "temperature": 0.7,
        "max_response_output_tokens": "inf",
        "conversation": "auto",
    },
}

OTHER_GA_EVENTS: list[RealtimeClientEventParam] = [
    InputAudioBufferAppendEventParam(type="input_audio_buffer.append", audio="AAAA"),
    InputAudioBufferCommitEventParam(type="input_audio_buffer.commit", event_id="evt_commit"),
    InputAudioBufferClearEventParam(type="input_audio_buffer.clear"),
    ConversationItemTruncateEventParam(
        type="conversation.item.truncate", item_id="item_1", content_index=0, audio_end_ms=1500
    ),
    ConversationItemDeleteEventParam(type="conversation.item.delete", item_id="item_1"),
    ResponseCancelEventParam(type="response.cancel", response_id="resp_1"),
]


@pytest.mark.parametrize(
    "event",
    [
        GA_SESSION_UPDATE,
        BETA_SESSION_UPDATE,
        GA_ITEM,
        GA_RESPONSE,
        BETA_RESPONSE,
        *OTHER_GA_EVENTS,
    ],
    ids=lambda event: f"{event['type']}-{event.get('event_id', '')}",
)
def test_sdk_client_events_validate(event: Any) -> None:
    parsed = CLIENT_EVENT_ADAPTER.validate_python(event)
    assert parsed.type == event["type"]


async def _session_after(settings: Settings, event: Any, dialect: Dialect) -> dict[str, Any]:
    async with live_session(settings, dialect) as harness:
        emitted = await harness.send_json(event)
        await harness.settle()
    errors = [e.model_dump() for e in emitted if isinstance(e, ev.ErrorEvent)]
    assert not errors, f"the server refused an event the SDK describes: {errors}"
    updated = [e for e in harness.wire if e["type"] == "session.updated"]
    assert len(updated) == 1
    session: dict[str, Any] = updated[0]["session"]
    return session


@pytest.mark.asyncio
async def test_ga_session_update_takes_effect(fake_settings: Settings) -> None:
    session = await _session_after(fake_settings, GA_SESSION_UPDATE, "ga")
    assert session["output_modalities"] == ["text"]
    assert session["instructions"] == "Answer briefly."
    assert session["audio"]["input"]["turn_detection"]["silence_duration_ms"] == 700
    assert session["audio"]["input"]["transcription"]["language"] == "ko"
    assert session["audio"]["output"]["speed"] == pytest.approx(1.1)


@pytest.mark.asyncio
async def test_ga_session_update_with_a_custom_voice_is_accepted(fake_settings: Settings) -> None:
    """The SDK allows ``voice: {"id": …}`` (a custom voice); modu speaks with its own voice, as it
    does for OpenAI's voice names, instead of refusing the whole update."""
    await _session_after(fake_settings, GA_SESSION_UPDATE_CUSTOM_VOICE, "ga")


@pytest.mark.asyncio
async def test_beta_session_update_takes_effect(fake_settings: Settings) -> None:
    session = await _session_after(fake_settings, BETA_SESSION_UPDATE, "beta")
    assert session["modalities"] == ["audio", "text"]
    assert session["turn_detection"]["silence_duration_ms"] == 800
    assert session["turn_detection"]["interrupt_response"] is False
    assert session["max_response_output_tokens"] == 200


@pytest.mark.asyncio
@pytest.mark.parametrize(("response", "dialect"), [(GA_RESPONSE, "ga"), (BETA_RESPONSE, "beta")])
async def test_sdk_item_and_response_create_get_an_answer(
    fake_settings: Settings, response: Any, dialect: Dialect
) -> None:
    async with live_session(fake_settings, dialect) as harness:
        assert not [e for e in await harness.send_json(GA_ITEM) if isinstance(e, ev.ErrorEvent)]
        await harness.send_json(response)
        await harness.settle()
    done = [e for e in harness.wire if e["type"] == "response.done"]
    assert len(done) == 1 and done[0]["response"]["status"] == "completed", harness.wire_types()
    assert "error" not in harness.wire_types()


def test_every_event_type_modu_accepts_is_one_the_sdk_sends() -> None:
    """No invented client event names: each is in the SDK's client event union."""
    sdk_types = {
        literal
        for member in get_args(RealtimeClientEventParam)
        for literal in get_args(get_type_hints(member)["type"])
    }
    assert set(CLIENT_EVENT_TYPES) <= sdk_types, set(CLIENT_EVENT_TYPES) - sdk_types
