"""The profile's preferred language reaches recognition as a prior (detection still runs); a
client's ``input_audio_transcription.language`` stays a lock, as OpenAI defines it."""

from __future__ import annotations

import base64
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient

from accessibility.profiles.model import Profile
from service.app import create_app
from service.engines import Engines
from service.realtime.config import SessionConfig
from service.realtime.preferences import profile_config
from service.settings import Settings
from tests.unit.test_realtime_protocol import append, silence, tone, until
from voices.stt.fake import FakeRecognizer

SCRIPT = {"en": "hello", "ko": "안녕하세요"}
SURE_ENGLISH = {"en": 0.95, "ko": 0.006}
"""English as Whisper base hears it from a person (measured: English >= 0.93, Korean <= 0.006)."""
UNSURE = {"ja": 0.17, "th": 0.12, "ko": 0.109}
"""eSpeak's robotic Korean as Whisper base hears it: unsure, Korean plausible."""
TURN = silence(0.3) + tone(1.0) + silence(1.0)


def _settings(fake_settings: Settings, partials_ms: int = 0) -> Settings:
    realtime = fake_settings.realtime.model_copy(
        update={"partial_transcript_interval_ms": partials_ms}
    )
    server = fake_settings.server.model_copy(update={"dev": True})  # no API key needed
    return fake_settings.model_copy(update={"realtime": realtime, "server": server})


@contextmanager
def _session(
    settings: Settings, recognizer: FakeRecognizer, session: Mapping[str, Any]
) -> Iterator[tuple[Any, dict[str, Any]]]:
    """A live session after one ``session.update``; yields the socket and the updated session."""
    engines = Engines(settings, recognizer=recognizer)
    with (
        TestClient(create_app(settings, engines=engines)) as client,
        client.websocket_connect("/v1/realtime") as ws,
    ):
        ws.receive_json()
        ws.send_json({"type": "session.update", "session": dict(session)})
        updated, _ = until(ws, "session.updated")
        yield ws, updated["session"]


def _spoken_turn(ws: Any) -> dict[str, Any]:
    append(ws, TURN, chunk=4800)
    completed, _ = until(ws, "conversation.item.input_audio_transcription.completed")
    until(ws, "response.done")
    return completed


KOREAN_PROFILE = {"modu": {"profile": {"preferred_languages": ["ko"]}}}


def test_english_from_someone_who_prefers_korean_is_heard_as_english(
    fake_settings: Settings,
) -> None:
    recognizer = FakeRecognizer(SCRIPT, detected=SURE_ENGLISH)
    with _session(_settings(fake_settings), recognizer, KOREAN_PROFILE) as (ws, session):
        assert session["audio"]["input"]["transcription"]["language"] is None, "no lock"
        assert session["modu"]["language_prior"] == "ko"
        completed = _spoken_turn(ws)
    assert completed["transcript"] == "hello"
    assert completed["modu"]["language"] == "en"
    assert [language for _, language in recognizer.calls] == [None], "detection ran"
    assert recognizer.priors == ["ko"]


def test_the_preferred_language_settles_an_unsure_detection(fake_settings: Settings) -> None:
    recognizer = FakeRecognizer(SCRIPT, detected=UNSURE)
    with _session(_settings(fake_settings), recognizer, KOREAN_PROFILE) as (ws, _):
        completed = _spoken_turn(ws)
    assert completed["transcript"] == "안녕하세요"
    assert (completed["modu"]["language"], completed["modu"]["language_probability"]) == (
        "ko",
        0.109,
    )


def test_a_clients_transcription_language_still_locks(fake_settings: Settings) -> None:
    recognizer = FakeRecognizer(SCRIPT, detected=UNSURE)
    update = {
        "modu": {"profile": {"language": "ko"}},
        "audio": {"input": {"transcription": {"model": "whisper-1", "language": "en"}}},
    }
    with _session(_settings(fake_settings), recognizer, update) as (ws, session):
        assert session["audio"]["input"]["transcription"]["language"] == "en"
        assert (session["modu"]["language"], session["modu"]["language_prior"]) == ("en", "ko")
        completed = _spoken_turn(ws)
    assert (completed["transcript"], completed["modu"]["language"]) == ("hello", "en")
    assert [language for _, language in recognizer.calls] == ["en"]


def test_partial_transcripts_get_the_prior_too(fake_settings: Settings) -> None:
    recognizer = FakeRecognizer(SCRIPT, detected=UNSURE)
    settings = _settings(fake_settings, partials_ms=200)
    with _session(settings, recognizer, KOREAN_PROFILE) as (ws, _):
        append(ws, silence(0.3) + tone(1.5) + silence(1.0), chunk=4800)
        completed, seen = until(ws, "conversation.item.input_audio_transcription.completed")
        until(ws, "response.done")
    deltas = [e for e in seen if e["type"].endswith("input_audio_transcription.delta")]
    assert deltas, "at least one partial transcript"
    assert completed["transcript"] == "안녕하세요"
    assert len(recognizer.priors) >= 2 and set(recognizer.priors) == {"ko"}


def test_audio_in_a_created_item_gets_the_prior(fake_settings: Settings) -> None:
    recognizer = FakeRecognizer(SCRIPT, detected=UNSURE)
    with _session(_settings(fake_settings), recognizer, KOREAN_PROFILE) as (ws, _):
        audio = base64.b64encode(tone(1.0)).decode()
        item = {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_audio", "audio": audio}],
        }
        ws.send_json({"type": "conversation.item.create", "item": item})
        done, _ = until(ws, "conversation.item.done")
    assert done["item"]["content"][0]["transcript"] == "안녕하세요"
    assert recognizer.priors == ["ko"]


def test_a_profile_sets_the_prior_and_keeps_the_lock(fake_settings: Settings) -> None:
    base = SessionConfig.from_settings("sess_test", "m", fake_settings)
    locked = profile_config(
        SessionConfig(id="s", model="m", language="en"), Profile(preferred_languages=["ko"]), None
    )
    assert (locked.language, locked.language_prior) == ("en", "ko")
    both = profile_config(base, Profile(preferred_languages=["ko", "en"]), None)
    assert (both.language, both.language_prior) == (base.language, None), "detection decides"
