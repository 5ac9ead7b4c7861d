"""Fuzzing the realtime session with hypothesis: whatever a client sends, the session answers
with events (an ``error`` for each bad one), never an exception, and still holds a conversation.

The session runs in-process with fake engines (no socket), through the harness in
``tests/helpers/realtime_harness.py``; its outbox encodes every frame as UTF-8, as a WebSocket
must. Which client events are invalid is decided independently of the session: JSON that does
not parse or is not an object, a ``type`` that is not a client event, or an event the protocol's
models refuse, or audio that is not base64 of whole PCM16 samples.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from service.engines import Engines
from service.realtime.client_events import CLIENT_EVENT_ADAPTER, CLIENT_EVENT_TYPES
from service.realtime.server_events import ErrorEvent, ServerEvent
from service.settings import Settings
from tests.helpers.realtime_harness import (
    SessionHarness,
    errors_in,
    live_session,
    silence_pcm16,
    text_turn,
    tone_pcm16,
)

FUZZ = settings(
    deadline=None,  # 2 shared cores: timing varies; behaviour is what is checked
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,  # nothing written into the work tree
)
SAYS_WHAT_WAS_EXPECTED = re.compile(r"expect|should|required", re.IGNORECASE)


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Engines:
    """Fake engines shared by every example (they keep no state that changes answers)."""
    model_dir: Path = tmp_path_factory.mktemp("models")
    fakes = {"engine": "fake"}
    return Engines(
        Settings.model_validate(
            {"model_dir": model_dir, "stt": fakes, "vad": fakes, "lm": fakes, "tts": fakes}
        )
    )


# --- what a client might send ---------------------------------------------------------------

json_leaves = st.one_of(
    st.from_type(type(None)),
    st.from_type(bool),
    st.from_type(int),
    st.from_type(float),  # NaN and ±inf included: Python's json writes and reads them
    st.from_type(str),
    st.integers(min_value=-(10**30), max_value=10**30),
)
json_values = st.recursive(
    json_leaves,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
texts = st.text(max_size=40)
ids = st.one_of(st.text(max_size=70), st.sampled_from(["root", "item_x", "resp_x", ""]))
pcm_bytes = st.one_of(
    st.binary(max_size=3000),  # noise, odd byte counts included
    st.floats(0.01, 0.6).map(tone_pcm16),
    st.floats(0.01, 0.6).map(silence_pcm16),
)
base64_audio = st.one_of(
    pcm_bytes.map(lambda data: base64.b64encode(data).decode()),
    st.text(max_size=30),  # mostly not base64
    st.sampled_from(["", "=", "AAA", "AA==AA==", "   ", "%%%%"]),
)
small_counts = st.integers(min_value=-5, max_value=10**6)


def _turn_detection() -> st.SearchStrategy[Any]:
    return st.none() | st.fixed_dictionaries(
        {},
        optional={
            "type": st.sampled_from(["server_vad", "semantic_vad", "bogus"]),
            "threshold": st.floats(-1, 2),
            "silence_duration_ms": st.integers(-10, 10_000),
            "prefix_padding_ms": st.integers(-10, 3000),
            "create_response": st.booleans(),
        },
    )


session_patches = st.fixed_dictionaries(
    {},
    optional={
        "instructions": texts,
        "modalities": st.lists(st.sampled_from(["text", "audio", "video"]), max_size=2),
        "output_modalities": st.lists(st.sampled_from(["text", "audio"]), max_size=2),
        "voice": st.sampled_from(["alloy", "marin", "auto", "ko-KR"]),
        "input_audio_format": st.sampled_from(["pcm16", "g711_ulaw"]),
        "turn_detection": _turn_detection(),
        "temperature": st.floats(allow_nan=True),
        "max_output_tokens": st.one_of(small_counts, st.just("inf")),
        "audio": st.fixed_dictionaries(
            {},
            optional={
                "input": st.fixed_dictionaries(
                    {},
                    optional={
                        "format": st.fixed_dictionaries(
                            {"type": st.sampled_from(["audio/pcm", "audio/pcmu"])},
                            optional={"rate": st.sampled_from([8000, 16000, 24000, 48000, 44100])},
                        ),
                        "turn_detection": _turn_detection(),
                        "transcription": st.fixed_dictionaries(
                            {}, optional={"language": st.sampled_from(["en", "ko", "x", "zz"])}
                        ),
                    },
                ),
                "output": st.fixed_dictionaries(
                    {}, optional={"voice": texts, "speed": st.floats(0, 5)}
                ),
            },
        ),
        "modu": st.fixed_dictionaries(
            {},
            optional={
                "profile_id": texts,
                "profile": st.dictionaries(
                    st.sampled_from(["speech_rate", "language", "turn_patience_ms", "output", "x"]),
                    json_leaves,
                    max_size=3,
                ),
            },
        ),
    },
)
content_parts = st.fixed_dictionaries(
    {"type": st.sampled_from(["input_text", "input_audio", "text", "output_text", "input_image"])},
    optional={"text": texts, "audio": base64_audio, "transcript": texts},
)
well_formed_events = st.one_of(
    st.builds(lambda s: {"type": "session.update", "session": s}, session_patches),
    st.builds(lambda a: {"type": "input_audio_buffer.append", "audio": a}, base64_audio),
    st.just({"type": "input_audio_buffer.commit"}),
    st.just({"type": "input_audio_buffer.clear"}),
    st.fixed_dictionaries(
        {
            "type": st.just("conversation.item.create"),
            "item": st.fixed_dictionaries(
                {
                    "role": st.sampled_from(["user", "assistant", "system"]),
                    "content": st.lists(content_parts, max_size=3),
                },
                optional={"id": ids, "type": st.just("message")},
            ),
        },
        optional={"previous_item_id": ids},
    ),
    st.fixed_dictionaries(
        {
            "type": st.just("conversation.item.truncate"),
            "item_id": ids,
            "audio_end_ms": small_counts,
        },
        optional={"content_index": small_counts},
    ),
    st.fixed_dictionaries({"type": st.just("conversation.item.delete"), "item_id": ids}),
    st.fixed_dictionaries(
        {"type": st.just("response.create")},
        optional={
            "response": st.fixed_dictionaries(
                {},
                optional={
                    "output_modalities": st.lists(st.sampled_from(["text", "audio"]), max_size=2),
                    "instructions": texts,
                    "max_output_tokens": st.one_of(small_counts, st.just("inf")),
                },
            )
        },
    ),
    st.fixed_dictionaries({"type": st.just("response.cancel")}, optional={"response_id": ids}),
)


@st.composite
def broken_events(draw: st.DrawFn) -> dict[str, Any]:
    """A well-formed event with one thing wrong (it may turn out valid; the oracle decides)."""
    event: dict[str, Any] = copy.deepcopy(draw(well_formed_events))  # st.just values are shared
    key = draw(st.sampled_from(sorted(event)))
    damage = draw(st.sampled_from(["drop", "replace", "retype", "junk"]))
    if damage == "drop":
        del event[key]
    elif damage == "replace":
        event[key] = draw(json_values)
    elif damage == "retype":
        event["type"] = draw(
            texts
            | st.sampled_from(["session.created", "conversation.item.retrieve", "SESSION.UPDATE"])
        )
    else:
        event[draw(st.text(max_size=8))] = draw(json_values)
    if draw(st.booleans()):
        event["event_id"] = draw(json_leaves)
    return event


SURROGATE_FRAMES = [
    '{"type": "no.such.event", "event_id": "evt_\\ud800"}',
    '{"type": "\\udfff"}',
    '{"type": "conversation.item.create", "item": {"role": "user", "content": '
    '[{"type": "input_text", "text": "hi \\ud83d"}]}}',
    '{"type": "conversation.item.create", "item": {"id": "\\ud800", "role": "user", "content": '
    '[{"type": "input_text", "text": "hi"}]}}',
]
"""JSON escapes of lone UTF-16 surrogates: valid JSON, but not encodable as UTF-8."""

EXTREME_FRAMES = [
    '{"type": "response.create", "x": ' + "9" * 5000 + "}",  # past Python's int digits limit
    "[" * 5000 + "]" * 5000,  # past the parser's recursion limit
    '{"type": "session.update", "session": {"instructions": ' + '{"a": ' * 3000 + "1" + "}" * 3002,
]

not_json = st.one_of(
    texts,
    well_formed_events.map(json.dumps).flatmap(  # cut short
        lambda raw: st.integers(0, len(raw) - 1).map(lambda n: raw[:n])
    ),
)
text_frames = st.one_of(  # one_of draws each branch equally often: broken events count twice
    well_formed_events.map(json.dumps),
    broken_events().map(json.dumps),
    broken_events().map(json.dumps),
    json_values.map(json.dumps),  # not an object, or an object without a usable type
    not_json,
    st.sampled_from(SURROGATE_FRAMES + EXTREME_FRAMES + ["", "NaN", "{", "{}", "null", '""']),
)
binary_frames = pcm_bytes
Frame = tuple[str, Any]
frames = st.one_of(
    text_frames.map(lambda raw: ("text", raw)),
    binary_frames.map(lambda data: ("binary", data)),
)


# --- the oracle and the properties ----------------------------------------------------------


def invalid_reason(raw: str) -> str | None:
    """Why the protocol refuses this text frame, decided without the session; ``None`` if it is
    a valid client event."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return "not JSON"
    if not isinstance(data, dict):
        return "not an object"
    if data.get("type") not in CLIENT_EVENT_TYPES:
        return "unknown type"
    try:
        CLIENT_EVENT_ADAPTER.validate_python(data)
    except ValidationError:
        return "refused by the event model"
    if data["type"] == "input_audio_buffer.append":
        try:
            pcm = base64.b64decode(data["audio"], validate=True)
        except (binascii.Error, ValueError):
            return "audio is not base64"
        if len(pcm) % 2:
            return "audio is not whole PCM16 samples"
    return None


def _client_event_id(raw: str) -> str | None:
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    event_id = data.get("event_id") if isinstance(data, dict) else None
    return event_id if isinstance(event_id, str) else None


def assert_one_clear_error(emitted: list[ServerEvent], why: str, event_id: str | None) -> None:
    assert [type(e).__name__ for e in emitted] == ["ErrorEvent"], f"{why}: got {emitted}"
    error = emitted[0]
    assert isinstance(error, ErrorEvent)
    detail = error.error
    assert detail.type == "invalid_request_error", f"{why}: the client's mistake, not the server's"
    assert detail.code and detail.message
    assert SAYS_WHAT_WAS_EXPECTED.search(detail.message), f"{why}: {detail.message!r}"
    assert detail.event_id == event_id


async def feed(harness: SessionHarness, frame: Frame) -> None:
    kind, payload = frame
    if kind == "binary":
        emitted = await harness.send_bytes(payload)
        event("binary frame, odd" if len(payload) % 2 else "binary frame, even")
        if len(payload) % 2:
            assert_one_clear_error(emitted, "odd byte count", None)
        return
    emitted = await harness.send_text(payload)
    why = invalid_reason(payload)
    event(f"text frame: {why or 'valid'}")  # hypothesis' statistics show the mix
    if why is not None:
        assert_one_clear_error(emitted, why, _client_event_id(payload))


def assert_no_server_bug(harness: SessionHarness) -> None:
    """With fake engines nothing fails by itself: an unexpected exception is the server's bug."""
    for error in errors_in(harness.outbox.emitted):
        assert error.error.code not in ("engine_failed", "transcription_failed"), error


async def assert_still_answers(harness: SessionHarness) -> None:
    done = await text_turn(harness, "Hello, how are you?")
    response = done["response"]
    assert response["status"] == "completed", response["status_details"]
    content = response["output"][0]["content"][0]
    assert (content.get("transcript") or content.get("text") or "").strip(), response


def run_session(engines: Engines, scenario: Callable[[SessionHarness], Any]) -> None:
    async def main() -> None:
        async with live_session(engines.settings, engines=engines) as harness:
            await scenario(harness)

    asyncio.run(main())


# --- the fuzz tests (1,000 cases in all) ----------------------------------------------------


@settings(FUZZ, max_examples=400)
@given(raw=text_frames)
def test_every_text_frame_gets_events_and_bad_ones_one_clear_error(
    engines: Engines, raw: str
) -> None:
    async def scenario(harness: SessionHarness) -> None:
        await feed(harness, ("text", raw))
        await harness.settle()
        assert_no_server_bug(harness)
        await assert_still_answers(harness)

    run_session(engines, scenario)


@settings(FUZZ, max_examples=200)
@given(chunks=st.lists(binary_frames, min_size=1, max_size=8))
def test_binary_frames_are_audio_and_odd_ones_one_clear_error(
    engines: Engines, chunks: list[bytes]
) -> None:
    async def scenario(harness: SessionHarness) -> None:
        for chunk in chunks:
            await feed(harness, ("binary", chunk))
        await harness.settle()
        assert_no_server_bug(harness)
        await assert_still_answers(harness)

    run_session(engines, scenario)


@settings(FUZZ, max_examples=400)
@given(sequence=st.lists(frames, min_size=1, max_size=8))
def test_after_any_sequence_the_session_still_answers(
    engines: Engines, sequence: list[Frame]
) -> None:
    async def scenario(harness: SessionHarness) -> None:
        for frame in sequence:
            await feed(harness, frame)
        await harness.settle()
        assert_no_server_bug(harness)
        await assert_still_answers(harness)

    run_session(engines, scenario)


# --- what fuzzing found, one test each ----------------------------------------------------------


@pytest.mark.parametrize("raw", SURROGATE_FRAMES, ids=["event_id", "type", "item-text", "item-id"])
def test_a_lone_surrogate_from_the_client_does_not_stop_the_session(
    engines: Engines, raw: str
) -> None:
    """A ``\\ud800`` escape echoed back (event_id, item text, item id) must still go out as
    valid UTF-8; the outbox's sender must not die on it."""

    async def scenario(harness: SessionHarness) -> None:
        await harness.send_text(raw)
        await harness.settle()
        await assert_still_answers(harness)

    run_session(engines, scenario)


@pytest.mark.parametrize("raw", EXTREME_FRAMES, ids=["huge-int", "deep-array", "deep-object"])
def test_json_past_the_parsers_limits_gets_an_error(engines: Engines, raw: str) -> None:
    async def scenario(harness: SessionHarness) -> None:
        emitted = await harness.send_text(raw)
        assert_one_clear_error(emitted, "past the JSON parser's limits", None)
        await assert_still_answers(harness)

    run_session(engines, scenario)


@pytest.mark.parametrize("tokens", [-3, 9000, 100_000])
def test_response_max_output_tokens_out_of_range_is_the_clients_error(
    engines: Engines, tokens: int
) -> None:
    """Not an engine failure (server_error) after the response started: an invalid_request_error
    naming the field, before it starts."""

    async def scenario(harness: SessionHarness) -> None:
        await harness.send_json(
            {
                "type": "conversation.item.create",
                "item": {"role": "user", "content": [{"type": "input_text", "text": "Hi"}]},
            }
        )
        emitted = await harness.send_json(
            {"type": "response.create", "response": {"max_output_tokens": tokens}}
        )
        await harness.settle()
        assert_no_server_bug(harness)
        assert_one_clear_error(emitted, "max_output_tokens out of range", None)
        assert "max_output_tokens" in str(emitted[0].model_dump())

    run_session(engines, scenario)


def test_session_max_output_tokens_limits_each_answer(engines: Engines) -> None:
    """``session.max_output_tokens`` (beta: ``max_response_output_tokens``) applies to every
    response that does not set its own (the fake model speaks one word per token)."""

    async def scenario(harness: SessionHarness) -> None:
        await harness.send_json(
            {
                "type": "session.update",
                "session": {"max_output_tokens": 3, "output_modalities": ["text"]},
            }
        )
        done = await text_turn(harness, "Hello, how are you?")
        text = done["response"]["output"][0]["content"][0]["text"]
        assert len(text.split()) <= 3, text

    run_session(engines, scenario)
