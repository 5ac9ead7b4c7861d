"""The realtime protocol over a real WebSocket (Starlette's test client), on fake engines."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketDenialResponse
from starlette.websockets import WebSocketDisconnect

from service.app import create_app
from service.engines import Engines
from service.settings import Settings
from voices.lm.fake import FakeLanguageModel

Event = dict[str, Any]


def _settings(fake_settings: Settings, **realtime: Any) -> Settings:
    return fake_settings.model_copy(
        update={
            "server": fake_settings.server.model_copy(update={"dev": True}),
            "realtime": fake_settings.realtime.model_copy(update=realtime),
        }
    )


@pytest.fixture
def client(fake_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(_settings(fake_settings))) as test_client:
        yield test_client


def until(ws: Any, wanted: str, limit: int = 400) -> tuple[Event, list[Event]]:
    """Read events until one of type ``wanted``; return it and everything read before."""
    seen: list[Event] = []
    for _ in range(limit):
        event: Event = ws.receive_json()
        if event["type"] == wanted:
            return event, seen
        seen.append(event)
    raise AssertionError(f"no {wanted} in {[e['type'] for e in seen]}")


def tone(seconds: float, rate: int = 24_000) -> bytes:
    t = np.arange(round(seconds * rate)) / rate
    return (np.sin(2 * np.pi * 220 * t) * 0.5 * 32767).astype("<i2").tobytes()


def silence(seconds: float, rate: int = 24_000) -> bytes:
    return np.zeros(round(seconds * rate), dtype="<i2").tobytes()


def append(ws: Any, pcm: bytes, chunk: int = 9600) -> None:
    for offset in range(0, len(pcm), chunk):
        piece = base64.b64encode(pcm[offset : offset + chunk]).decode()
        ws.send_json({"type": "input_audio_buffer.append", "audio": piece})


def say_text(ws: Any, text: str) -> None:
    item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}
    ws.send_json({"type": "conversation.item.create", "item": item})
    until(ws, "conversation.item.done")


def test_session_created_in_ga_shape(client: TestClient) -> None:
    with client.websocket_connect("/v1/realtime", subprotocols=["realtime"]) as ws:
        created = ws.receive_json()
    assert created["type"] == "session.created"
    session = created["session"]
    assert session["type"] == "realtime"
    assert session["audio"]["input"]["format"] == {"type": "audio/pcm", "rate": 24000}
    assert session["audio"]["input"]["turn_detection"]["type"] == "server_vad"
    assert session["output_modalities"] == ["audio"]


def test_text_turn_streams_audio_transcript_and_label(client: TestClient) -> None:
    with client.websocket_connect("/v1/realtime") as ws:
        ws.receive_json()
        say_text(ws, "What is the capital of France?")
        ws.send_json({"type": "response.create"})
        done, seen = until(ws, "response.done")
    types = [e["type"] for e in seen]
    assert types.index("response.created") < types.index("response.output_audio.delta")
    transcript = "".join(
        e["delta"] for e in seen if e["type"] == "response.output_audio_transcript.delta"
    )
    response = done["response"]
    assert response["status"] == "completed"
    assert response["output"][0]["content"][0]["transcript"] == transcript
    label = response["modu"]["label"]
    assert label["ai_generated"] is True and label["generator"] == "modu"
    assert label["model"] == "fake" and label["voice"]
    audio = b"".join(
        base64.b64decode(e["delta"]) for e in seen if e["type"] == "response.output_audio.delta"
    )
    assert len(audio) > 24_000 * 2 * 0.5, "at least half a second of 24 kHz PCM16"
    captions = [e for e in seen if e["type"] == "modu.caption"]
    assert captions and all(c["end_ms"] > c["start_ms"] for c in captions)
    assert "I am an AI assistant." in transcript, "spoken disclosure on the first answer"


def test_text_only_modalities_yield_text_deltas(client: TestClient) -> None:
    with client.websocket_connect("/v1/realtime") as ws:
        ws.receive_json()
        ws.send_json({"type": "session.update", "session": {"output_modalities": ["text"]}})
        updated, _ = until(ws, "session.updated")
        assert updated["session"]["output_modalities"] == ["text"]
        say_text(ws, "안녕하세요, 오늘 날씨 어때요?")
        ws.send_json({"type": "response.create"})
        done, seen = until(ws, "response.done")
    assert not [e for e in seen if e["type"] == "response.output_audio.delta"]
    text = "".join(e["delta"] for e in seen if e["type"] == "response.output_text.delta")
    assert text and any("\uac00" <= ch <= "\ud7a3" for ch in text), "answered in Korean"
    assert done["response"]["output_modalities"] == ["text"]


def test_spoken_turn_with_server_vad(client: TestClient) -> None:
    with client.websocket_connect("/v1/realtime") as ws:
        ws.receive_json()
        append(ws, silence(0.3) + tone(1.0) + silence(1.0))
        started, _ = until(ws, "input_audio_buffer.speech_started")
        stopped, _ = until(ws, "input_audio_buffer.speech_stopped")
        assert started["item_id"] == stopped["item_id"]
        assert 200 <= started["audio_start_ms"] <= 400
        completed, _ = until(ws, "conversation.item.input_audio_transcription.completed")
        assert completed["item_id"] == started["item_id"]
        assert completed["transcript"] == "hello"
        assert completed["modu"]["language"] == "en"
        done, _ = until(ws, "response.done")
    assert done["response"]["status"] == "completed"


def test_binary_frames_are_audio_appends(client: TestClient) -> None:
    with client.websocket_connect("/v1/realtime") as ws:
        ws.receive_json()
        ws.send_bytes(silence(0.2) + tone(1.0) + silence(1.0))
        until(ws, "input_audio_buffer.speech_started")
        until(ws, "input_audio_buffer.committed")
        done, _ = until(ws, "response.done")
    assert done["response"]["status"] == "completed"


def test_push_to_talk_commits_on_request(client: TestClient) -> None:
    with client.websocket_connect("/v1/realtime") as ws:
        ws.receive_json()
        ws.send_json(
            {"type": "session.update", "session": {"audio": {"input": {"turn_detection": None}}}}
        )
        updated, _ = until(ws, "session.updated")
        assert updated["session"]["audio"]["input"]["turn_detection"] is None
        ws.send_json({"type": "input_audio_buffer.commit", "event_id": "c1"})
        error, _ = until(ws, "error")
        assert error["error"]["code"] == "input_audio_buffer_commit_empty"
        assert error["error"]["event_id"] == "c1"
        append(ws, tone(1.0))
        ws.send_json({"type": "input_audio_buffer.commit"})
        committed, _ = until(ws, "input_audio_buffer.committed")
        completed, _ = until(ws, "conversation.item.input_audio_transcription.completed")
        assert completed["item_id"] == committed["item_id"]
        ws.send_json({"type": "response.create"})
        done, _ = until(ws, "response.done")
    assert done["response"]["status"] == "completed"


def test_barge_in_cancels_the_answer_and_stops_its_audio(fake_settings: Settings) -> None:
    app = slow_app(_settings(fake_settings), delay_s=0.05, words=60)
    with TestClient(app) as client, client.websocket_connect("/v1/realtime") as ws:
        ws.receive_json()
        say_text(ws, "Tell me a long story.")
        ws.send_json({"type": "response.create"})
        first_audio, before = until(ws, "response.output_audio.delta")
        append(ws, tone(0.6))  # the user starts speaking over the answer
        done, after_audio = until(ws, "response.done")
        seen = [*before, first_audio, *after_audio]
        assert done["response"]["status"] == "cancelled"
        assert done["response"]["status_details"]["reason"] == "turn_detected"
        types = [e["type"] for e in seen]
        assert "input_audio_buffer.speech_started" in types
        after = types[types.index("input_audio_buffer.speech_started") :]
        assert "response.output_audio.delta" not in after, "no audio after the user spoke"
        kept = done["response"]["output"][0]["content"][0]["transcript"]
        spoken = "".join(
            e["delta"] for e in seen if e["type"] == "response.output_audio_transcript.delta"
        )
        assert kept == spoken, "the conversation keeps exactly what was sent"
        assert len(kept.split()) < 60


def test_response_cancel_and_wrong_state_errors(fake_settings: Settings) -> None:
    app = slow_app(_settings(fake_settings), delay_s=0.05, words=40)
    with TestClient(app) as client, client.websocket_connect("/v1/realtime") as ws:
        ws.receive_json()
        ws.send_json({"type": "response.cancel", "event_id": "x"})
        error, _ = until(ws, "error")
        assert error["error"]["code"] == "response_cancel_not_active"
        say_text(ws, "Talk for a while.")
        ws.send_json({"type": "response.create"})
        until(ws, "response.created")
        ws.send_json({"type": "response.create", "event_id": "second"})
        error, _ = until(ws, "error")
        assert error["error"]["code"] == "conversation_already_has_active_response"
        ws.send_json({"type": "response.cancel"})
        done, _ = until(ws, "response.done")
        assert done["response"]["status"] == "cancelled"
        # The session still answers.
        say_text(ws, "Are you still there?")
        ws.send_json({"type": "response.create"})
        done, _ = until(ws, "response.done")
        assert done["response"]["status"] == "completed"


@pytest.mark.parametrize(
    ("frame", "code", "expected"),
    [
        ("{not json", "invalid_json", "Expected a JSON object"),
        ("[1, 2]", "invalid_event", "Expected a JSON object"),
        ('{"type": "session.explode"}', "unknown_event_type", "Expected 'type' to be one of"),
        ('{"type": "input_audio_buffer.append"}', "invalid_value", "audio"),
        ('{"type": "input_audio_buffer.append", "audio": "%%%"}', "invalid_base64", "base64"),
        ('{"type": "input_audio_buffer.append", "audio": "AAAA"}', "invalid_audio", "even number"),
        (
            '{"type": "session.update", "session": {"audio": {"input": {"format": '
            '{"type": "audio/pcm", "rate": 44100}}}}}',
            "invalid_value",
            "sample rate",
        ),
        (
            '{"type": "session.update", "session": {"input_audio_format": "g711_ulaw"}}',
            "invalid_value",
            "pcm16",
        ),
        (
            '{"type": "session.update", "session": {"audio": {"input": {"turn_detection": '
            '{"type": "server_vad", "silence_duration_ms": 99999}}}}}',
            "invalid_value",
            "silence_duration_ms",
        ),
        (
            '{"type": "conversation.item.truncate", "item_id": "nope", "audio_end_ms": 5}',
            "item_not_found",
            "assistant",
        ),
        ('{"type": "conversation.item.delete", "item_id": "nope"}', "item_not_found", "nope"),
        (
            '{"type": "conversation.item.create", "item": {"role": "user", "content": []}}',
            "invalid_value",
            "content",
        ),
        (
            '{"type": "conversation.item.create", "item": {"role": "system", "content": '
            '[{"type": "input_text", "text": "Speak like a pirate."}]}}',
            "invalid_value",
            "session.instructions",
        ),
    ],
)
def test_bad_input_gets_an_error_and_the_session_goes_on(
    client: TestClient, frame: str, code: str, expected: str
) -> None:
    with client.websocket_connect("/v1/realtime") as ws:
        ws.receive_json()
        ws.send_text(frame)
        error, _ = until(ws, "error")
        assert error["error"]["code"] == code, error
        assert expected in error["error"]["message"], error
        say_text(ws, "Still there?")
        ws.send_json({"type": "response.create"})
        done, _ = until(ws, "response.done")
    assert done["response"]["status"] == "completed"


def test_oversize_frames_and_overlong_buffers_are_refused(fake_settings: Settings) -> None:
    settings = _settings(fake_settings, max_frame_bytes=4096, max_buffer_seconds=1.0)
    with TestClient(create_app(settings)) as client, client.websocket_connect("/v1/realtime") as ws:
        ws.receive_json()
        ws.send_bytes(b"\x00" * 5000)
        error, _ = until(ws, "error")
        assert error["error"]["code"] == "frame_too_large"
        assert "at most 4096 bytes" in error["error"]["message"]
        ws.send_json({"type": "session.update", "session": {"turn_detection": None}})
        until(ws, "session.updated")
        for _ in range(20):
            ws.send_bytes(tone(0.08))  # 3840 bytes each, 1.6 s in all
        error, _ = until(ws, "error")
        assert error["error"]["code"] == "input_audio_buffer_too_long"
        ws.send_json({"type": "input_audio_buffer.commit"})
        committed, _ = until(ws, "input_audio_buffer.committed")
        assert committed["item_id"]


def test_beta_dialect_uses_beta_names(client: TestClient) -> None:
    headers = {"OpenAI-Beta": "realtime=v1"}
    with client.websocket_connect("/v1/realtime", headers=headers) as ws:
        created = ws.receive_json()
        assert created["session"]["modalities"] == ["audio", "text"]
        assert created["session"]["input_audio_format"] == "pcm16"
        item = {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": "Hi"}],
        }
        ws.send_json({"type": "conversation.item.create", "item": item})
        until(ws, "conversation.item.created")
        ws.send_json({"type": "response.create"})
        done, seen = until(ws, "response.done")
    types = {e["type"] for e in seen}
    assert {"response.audio.delta", "response.audio_transcript.delta"} <= types
    assert not {t for t in types if t.startswith("response.output_audio")}
    assert "conversation.item.done" not in types
    assert done["response"]["modalities"] == ["audio"]
    assert done["response"]["output"][0]["content"][0]["type"] == "audio"


def test_profile_in_session_update_drives_patience_voice_and_output(client: TestClient) -> None:
    profile = {"turn_patience_ms": 2500, "speech_rate": 0.7, "output": "text", "language": "ko"}
    with client.websocket_connect("/v1/realtime") as ws:
        ws.receive_json()
        ws.send_json({"type": "session.update", "session": {"modu": {"profile": profile}}})
        updated, _ = until(ws, "session.updated")
        session = updated["session"]
        assert session["audio"]["input"]["turn_detection"]["silence_duration_ms"] == 2500
        assert session["modu"]["voice"]["rate"] == 0.7
        assert session["output_modalities"] == ["text"]
        # The profile's language is a prior for recognition, not OpenAI's transcription lock.
        assert session["audio"]["input"]["transcription"]["language"] is None
        assert (session["modu"]["language"], session["modu"]["language_prior"]) == (None, "ko")
        ws.send_json(
            {"type": "session.update", "session": {"modu": {"profile": {"speech_rate": 9}}}}
        )
        error, _ = until(ws, "error")
    assert error["error"]["param"] == "session.modu.profile.speech_rate"


def test_api_key_header_and_browser_subprotocol(fake_settings: Settings) -> None:
    settings = fake_settings.model_copy(
        update={"auth": fake_settings.auth.model_copy(update={"api_keys": ["k-123"]})}
    )
    with TestClient(create_app(settings)) as client:
        with (
            pytest.raises(WebSocketDenialResponse) as denied,
            client.websocket_connect("/v1/realtime"),
        ):
            pass
        assert denied.value.status_code == 401
        assert "missing_api_key" in denied.value.text
        wrong = {"Authorization": "Bearer wrong"}
        with (
            pytest.raises(WebSocketDenialResponse) as denied,
            client.websocket_connect("/v1/realtime", headers=wrong),
        ):
            pass
        assert denied.value.status_code == 401
        with client.websocket_connect(
            "/v1/realtime", headers={"Authorization": "Bearer k-123"}
        ) as ws:
            assert ws.receive_json()["type"] == "session.created"
        protocols = ["realtime", "openai-insecure-api-key.k-123"]
        with client.websocket_connect("/v1/realtime", subprotocols=protocols) as ws:
            accepted: object = ws.accepted_subprotocol  # typed None in Starlette; set at runtime
            assert accepted == "realtime"
            assert ws.receive_json()["type"] == "session.created"
        evil = {"Authorization": "Bearer k-123", "Origin": "https://evil.example"}
        with (
            pytest.raises(WebSocketDenialResponse) as denied,
            client.websocket_connect("/v1/realtime", headers=evil),
        ):
            pass
        assert denied.value.status_code == 403


def test_sessions_past_the_limit_are_refused_cleanly(fake_settings: Settings) -> None:
    with TestClient(create_app(_settings(fake_settings, max_sessions=1))) as client:
        with client.websocket_connect("/v1/realtime") as first:
            first.receive_json()
            with (
                client.websocket_connect("/v1/realtime") as second,
                pytest.raises(WebSocketDisconnect) as closed,
            ):
                second.receive_json()
            assert closed.value.code == 1013
            assert "maximum of 1 sessions" in closed.value.reason
        with client.websocket_connect("/v1/realtime") as third:
            assert third.receive_json()["type"] == "session.created"


def test_idle_sessions_are_closed(fake_settings: Settings) -> None:
    app = create_app(_settings(fake_settings, idle_timeout_s=1.0))
    with TestClient(app) as client, client.websocket_connect("/v1/realtime") as ws:
        ws.receive_json()
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 1000 and "idle" in closed.value.reason


def slow_app(settings: Settings, *, delay_s: float, words: int) -> FastAPI:
    """An app whose model is slow and long-winded, so an answer can be interrupted."""
    long_answer = " ".join(f"Word{i}." for i in range(words))
    model = FakeLanguageModel(default=long_answer, delay_s=delay_s)
    return create_app(settings, engines=Engines(settings, language_model=model))


def test_events_are_json_objects_with_ids(client: TestClient) -> None:
    with client.websocket_connect("/v1/realtime") as ws:
        ws.receive_json()
        say_text(ws, "Hello")
        ws.send_json({"type": "response.create"})
        _, seen = until(ws, "response.done")
    assert all(isinstance(e.get("event_id"), str) and e["event_id"] for e in seen)
    assert json.dumps(seen)  # every event is plain JSON


def test_stored_profile_by_id_drives_the_session(fake_settings: Settings) -> None:
    settings = _settings(fake_settings)
    settings = settings.model_copy(
        update={"auth": settings.auth.model_copy(update={"api_keys": ["key-a", "key-b"]})}
    )
    with TestClient(create_app(settings)) as client:
        created = client.post(
            "/v1/profiles",
            json={"preset": "older-listener"},
            headers={"Authorization": "Bearer key-a"},
        )
        assert created.status_code == 201, created.text
        profile = created.json()
        headers_a = {"Authorization": "Bearer key-a"}
        with client.websocket_connect("/v1/realtime", headers=headers_a) as ws:
            ws.receive_json()
            ws.send_json(
                {"type": "session.update", "session": {"modu": {"profile_id": profile["id"]}}}
            )
            updated, _ = until(ws, "session.updated")
            session = updated["session"]
            patience = session["audio"]["input"]["turn_detection"]["silence_duration_ms"]
            assert patience == profile["turn_patience_ms"]
            assert session["modu"]["voice"]["rate"] == profile["speech_rate"]
            assert session["modu"]["profile_id"] == profile["id"]
        # Another key cannot use it.
        with client.websocket_connect(
            "/v1/realtime", headers={"Authorization": "Bearer key-b"}
        ) as ws:
            ws.receive_json()
            ws.send_json(
                {"type": "session.update", "session": {"modu": {"profile_id": profile["id"]}}}
            )
            error, _ = until(ws, "error")
            assert error["error"]["param"] == "session.modu.profile_id"


def test_response_right_after_commit_waits_for_the_transcript(client: TestClient) -> None:
    with client.websocket_connect("/v1/realtime") as ws:
        ws.receive_json()
        ws.send_json({"type": "session.update", "session": {"turn_detection": None}})
        until(ws, "session.updated")
        append(ws, tone(1.0))
        ws.send_json({"type": "input_audio_buffer.commit"})
        ws.send_json({"type": "response.create"})  # before the transcript exists
        done, seen = until(ws, "response.done")
    assert done["response"]["status"] == "completed", done["response"]["status_details"]
    types = [e["type"] for e in seen]
    transcribed = types.index("conversation.item.input_audio_transcription.completed")
    assert transcribed < types.index("response.created")


def test_partial_transcripts_arrive_while_the_user_speaks(fake_settings: Settings) -> None:
    settings = _settings(fake_settings, partial_transcript_interval_ms=200)
    with TestClient(create_app(settings)) as client, client.websocket_connect("/v1/realtime") as ws:
        ws.receive_json()
        for _ in range(20):  # 2 s of speech in 100 ms frames, sent in real time
            ws.send_bytes(tone(0.1))
            time.sleep(0.1)
        ws.send_bytes(silence(1.0))
        completed, seen = until(ws, "conversation.item.input_audio_transcription.completed")
    types = [e["type"] for e in seen]
    deltas = [e for e in seen if e["type"] == "conversation.item.input_audio_transcription.delta"]
    assert deltas, types
    assert types.index(deltas[0]["type"]) < types.index("input_audio_buffer.speech_stopped")
    assert all(d["item_id"] == completed["item_id"] for d in deltas)
    assert deltas[0]["modu"]["text"] == "hello"
