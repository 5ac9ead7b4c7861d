"""Answers prepared while the person pauses (service/realtime/speculation.py, pause_answers.py).

A live session on fake engines, its audio sent in real time in 100 ms chunks as a microphone
sends it, with a 1.5 s patience: the answer is asked of the model during the pause, before the
audio that ends the turn has even been sent; the person going on drops it without a trace."""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from service.engines import Engines
from service.settings import Settings
from tests.unit.test_realtime_early_recognition import _session
from tests.unit.test_realtime_protocol import silence, tone, until
from voices.lm.base import CancelToken, ChatMessage, GenerationOptions
from voices.lm.fake import FakeLanguageModel
from voices.stt.fake import FakeRecognizer

PATIENCE_S = 1.5
CHUNK_S = 0.1


class TimedModel(FakeLanguageModel):
    """Records when each answer was asked for."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.asked_at: list[float] = []

    async def stream(
        self,
        messages: list[ChatMessage],
        options: GenerationOptions,
        cancel: CancelToken | None = None,
    ) -> AsyncGenerator[str, None]:
        self.asked_at.append(time.monotonic())
        async for delta in super().stream(messages, options, cancel):
            yield delta


def _settings(fake_settings: Settings, **realtime: Any) -> Settings:
    """Partial transcripts off, so the only recognitions are the pauses' and the turns'."""
    rt = fake_settings.realtime.model_copy(update={"partial_transcript_interval_ms": 0, **realtime})
    server = fake_settings.server.model_copy(update={"dev": True})
    return fake_settings.model_copy(update={"realtime": rt, "server": server})


@contextmanager
def _patient_session(settings: Settings, engines: Engines) -> Iterator[Any]:
    """A live session past its ``session.updated`` with a 1.5 s patience."""
    with _session(settings, engines) as ws:
        detection = {"type": "server_vad", "silence_duration_ms": round(PATIENCE_S * 1000)}
        update = {"type": "realtime", "audio": {"input": {"turn_detection": detection}}}
        ws.send_json({"type": "session.update", "session": update})
        until(ws, "session.updated")
        yield ws


def _speak(ws: Any, pcm: bytes) -> float:
    """Send ``pcm`` in real time; the moment its last chunk left."""
    step = round(24_000 * CHUNK_S) * 2
    for offset in range(0, len(pcm), step):
        ws.send_bytes(pcm[offset : offset + step])
        time.sleep(CHUNK_S)
    return time.monotonic()


def _answer_after(ws: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The open microphone's silence (in real time) past the patience, then the events up to
    the answer's end."""
    _speak(ws, silence(PATIENCE_S + 1.0))
    return until(ws, "response.done", limit=2000)


def test_the_answer_is_asked_for_during_the_pause_and_sent_when_the_turn_ends(
    fake_settings: Settings,
) -> None:
    settings = _settings(fake_settings)
    lm = TimedModel()
    with _patient_session(settings, Engines(settings, language_model=lm)) as ws:
        speech_ended = _speak(ws, silence(0.3) + tone(1.0))
        done, seen = _answer_after(ws)
    assert len(lm.asked_at) == 1, "one answer: the one prepared during the pause"
    # The turn cannot end before 1.5 s of silence has been sent (its 15th chunk leaves 1.4 s
    # after the speech's last): the model was asked before that.
    assert lm.asked_at[0] < speech_ended + PATIENCE_S - CHUNK_S
    assert done["response"]["status"] == "completed"
    assert done["response"]["modu"]["preemptive"] == {"prepared": True, "dropped": 0}
    kinds = [event["type"] for event in seen]
    stopped = kinds.index("input_audio_buffer.speech_stopped")
    assert kinds.index("response.created") > stopped, "nothing of the answer before the turn ended"
    assert "response.output_audio.delta" in kinds
    assert done["response"]["output"][0]["content"][0]["transcript"]


def test_speech_after_the_pause_drops_the_prepared_answer_without_a_trace(
    fake_settings: Settings,
) -> None:
    settings = _settings(fake_settings)
    lm = TimedModel()
    recognizer = FakeRecognizer()
    engines = Engines(settings, language_model=lm, recognizer=recognizer)
    with _patient_session(settings, engines) as ws:
        # A 0.8 s pause (shorter than the 1.5 s patience): the answer is prepared, then the
        # person goes on, and the turn ends after the second part.
        _speak(ws, silence(0.3) + tone(1.0) + silence(0.8) + tone(0.6))
        done, seen = _answer_after(ws)
    assert len(lm.asked_at) == 2, "prepared in each pause: the first dropped, the second sent"
    assert done["response"]["modu"]["preemptive"] == {"prepared": True, "dropped": 1}
    kinds = [event["type"] for event in seen]
    assert kinds.count("response.created") == 1
    assert kinds.count("input_audio_buffer.speech_stopped") == 1
    assert kinds.index("response.created") > kinds.index("input_audio_buffer.speech_stopped")
    added = [e for e in seen if e["type"] == "conversation.item.added"]
    assert [e["item"]["role"] for e in added] == ["user", "assistant"], "nothing else was kept"


def test_a_spoken_command_is_not_prepared(fake_settings: Settings) -> None:
    settings = _settings(fake_settings)
    lm = TimedModel()
    engines = Engines(settings, language_model=lm, recognizer=FakeRecognizer("천천히 말해 줘"))
    with _patient_session(settings, engines) as ws:
        _speak(ws, silence(0.3) + tone(1.0))
        done, _ = _answer_after(ws)
    assert lm.asked_at == [], "a command is answered without the model, prepared or not"
    assert done["response"]["modu"]["preemptive"] is None


def test_switched_off_nothing_is_prepared(fake_settings: Settings) -> None:
    settings = _settings(fake_settings, preemptive_answers=False)
    lm = TimedModel()
    with _patient_session(settings, Engines(settings, language_model=lm)) as ws:
        speech_ended = _speak(ws, silence(0.3) + tone(1.0))
        done, _ = _answer_after(ws)
    assert len(lm.asked_at) == 1
    assert lm.asked_at[0] >= speech_ended + PATIENCE_S - CHUNK_S, "asked once the turn ended"
    assert done["response"]["modu"]["preemptive"] is None


@pytest.mark.parametrize(
    ("language", "text", "reply"),
    [
        ("en", "What is a good breakfast?", "Oatmeal with fruit is a good breakfast."),
        ("ko", "아침으로 뭐가 좋아요?", "과일을 곁들인 오트밀이 좋아요."),
    ],
)
def test_the_prepared_answer_is_the_answer_to_the_words_heard(
    fake_settings: Settings, language: str, text: str, reply: str
) -> None:
    settings = _settings(fake_settings)
    lm = TimedModel(replies={text: reply})
    recognizer = FakeRecognizer(text, language=language)
    engines = Engines(settings, language_model=lm, recognizer=recognizer)
    with _patient_session(settings, engines) as ws:
        _speak(ws, silence(0.3) + tone(1.0))
        done, _ = _answer_after(ws)
    assert done["response"]["modu"]["preemptive"] == {"prepared": True, "dropped": 0}
    assert reply in done["response"]["output"][0]["content"][0]["transcript"]
    assert lm.calls[0][-1].content.startswith(text)
