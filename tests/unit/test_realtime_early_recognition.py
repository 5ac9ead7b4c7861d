"""Work started before a turn ends: recognition during the pause that may end it (used only when
the turn ends with exactly the audio it heard), and the model's prompt for the question heard so
far."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient

from service.app import create_app
from service.engines import Engines
from service.settings import Settings
from tests.unit.test_realtime_protocol import append, silence, tone, until
from voices.lm.fake import FakeLanguageModel
from voices.stt.fake import FakeRecognizer
from voices.tts.base import VoiceParams
from voices.tts.fake import FakeSynthesizer


def _settings(fake_settings: Settings, partials_ms: int = 0) -> Settings:
    """Partial transcripts off by default, so every recognition counted is a turn's."""
    realtime = fake_settings.realtime.model_copy(
        update={"partial_transcript_interval_ms": partials_ms}
    )
    server = fake_settings.server.model_copy(update={"dev": True})  # no API key needed
    return fake_settings.model_copy(update={"realtime": realtime, "server": server})


@contextmanager
def _session(settings: Settings, engines: Engines) -> Iterator[Any]:
    """A live session's WebSocket, past its ``session.created``."""
    with (
        TestClient(create_app(settings, engines=engines)) as client,
        client.websocket_connect("/v1/realtime") as ws,
    ):
        ws.receive_json()
        yield ws


def _turn_transcripts(settings: Settings, pcm: bytes) -> tuple[FakeRecognizer, list[str]]:
    recognizer = FakeRecognizer()
    with _session(settings, Engines(settings, recognizer=recognizer)) as ws:
        append(ws, pcm, chunk=4800)  # 100 ms chunks, as a microphone sends them
        completed, seen = until(ws, "conversation.item.input_audio_transcription.completed")
        until(ws, "response.done")
    stops = [e for e in seen if e["type"] == "input_audio_buffer.speech_stopped"]
    assert len(stops) == 1 and stops[0]["item_id"] == completed["item_id"]
    return recognizer, [completed["transcript"]]


def test_the_turn_is_recognised_once_during_the_pause(fake_settings: Settings) -> None:
    recognizer, transcripts = _turn_transcripts(
        _settings(fake_settings), silence(0.3) + tone(1.0) + silence(1.0)
    )
    assert transcripts == ["hello"]
    # One recognition: the one started during the pause became the turn's transcript.
    assert len(recognizer.calls) == 1
    audio, _ = recognizer.calls[0]
    assert 1.4 <= audio.duration_s <= 1.6, "300 ms before + 1 s of speech + 200 ms after"


def test_speech_after_a_pause_is_recognised_with_the_whole_turn(fake_settings: Settings) -> None:
    # A 300 ms pause is shorter than the 500 ms patience: the turn goes on after it.
    recognizer, transcripts = _turn_transcripts(
        _settings(fake_settings), silence(0.3) + tone(1.0) + silence(0.3) + tone(0.5) + silence(1.0)
    )
    assert transcripts == ["hello"]
    durations = [audio.duration_s for audio, _ in recognizer.calls]
    assert len(durations) == 2, "one early recognition per pause; the second one was used"
    assert 1.4 <= durations[0] <= 1.6
    assert 2.2 <= durations[1] <= 2.4, "300 ms before + 1.8 s of turn + 200 ms after"


def test_a_fixed_phrase_is_synthesised_once_per_voice(fake_settings: Settings) -> None:
    synthesizer = FakeSynthesizer()
    engines = Engines(fake_settings, synthesizer=synthesizer)
    english, slower = VoiceParams(language="en"), VoiceParams(language="en", rate=0.8)
    first = engines.synthesize_phrase("I am an AI assistant.", english)
    assert engines.synthesize_phrase("I am an AI assistant.", english) is first
    engines.synthesize_phrase("I am an AI assistant.", slower)
    assert len(synthesizer.calls) == 2


def test_the_question_heard_so_far_is_prefilled_while_it_is_spoken(
    fake_settings: Settings,
) -> None:
    settings = _settings(fake_settings, partials_ms=200)
    lm = FakeLanguageModel()
    with _session(settings, Engines(settings, language_model=lm)) as ws:
        for _ in range(15):  # 1.5 s of speech, in real time
            ws.send_bytes(tone(0.1))
            time.sleep(0.1)
        ws.send_bytes(silence(1.0))
        until(ws, "response.done")
    # (After the answer the model may also be given the conversation so far, ending with it.)
    partials = [messages for messages in lm.prefills if messages[-1].role == "user"]
    assert partials, "a partial transcript was prefilled"
    final = lm.calls[-1]
    prefilled = partials[-1]
    # Everything but the last message is the same, and the question is where the final starts.
    assert prefilled[:-1] == final[:-1]
    assert prefilled[-1].role == final[-1].role == "user"
    assert final[-1].content.startswith(prefilled[-1].content)


def test_prefill_waits_for_no_answer(fake_settings: Settings) -> None:
    lm = FakeLanguageModel()
    engines = Engines(fake_settings, language_model=lm)
    engines.generations_in_flight = 1  # someone's answer is being generated
    assert asyncio.run(engines.prefill([])) is False
    engines.generations_in_flight = 0
    assert asyncio.run(engines.prefill([])) is True
    assert lm.prefills == [[]]


def test_a_partial_that_heard_all_the_speech_is_the_turns_transcript(
    fake_settings: Settings,
) -> None:
    settings = _settings(fake_settings, partials_ms=200)
    recognizer = FakeRecognizer()
    with _session(settings, Engines(settings, recognizer=recognizer)) as ws:
        append(ws, silence(0.3) + tone(1.0), chunk=2 * 24_000 * 2)  # a partial starts at its end
        append(ws, silence(1.0), chunk=4800)
        completed, _ = until(ws, "conversation.item.input_audio_transcription.completed")
        until(ws, "response.done")
    assert completed["transcript"] == "hello"
    assert len(recognizer.calls) == 1, "the partial's recognition was the turn's"
