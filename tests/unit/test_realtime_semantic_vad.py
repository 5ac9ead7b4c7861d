"""``semantic_vad``: the words of the pause's early recognition set how long the pause may last.

Driven at the level of the session's parts (its input audio and turn recognition) with the fake
VAD and a scripted recogniser, so the silence counted is exact: 100 ms chunks of audio, the early
recognition's result handled between chunks as a session's event loop would."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from service.realtime.audio_input import InputAudio
from service.realtime.client_events import SessionUpdate
from service.realtime.config import SessionConfig, TurnConfig, apply_update, render_session
from service.realtime.turn_recognition import TurnRecognition
from tests.unit.test_realtime_protocol import silence, tone
from voices.audio import Audio
from voices.stt.base import Transcript
from voices.vad.fake import FakeVad
from voices.vad.segmenter import SpeechStopped

PATIENCE_MS = 500
SERVER_VAD_MS = 600
"""Where server_vad ends the turn in these 100 ms steps: past 500 ms of 32 ms frames."""


def _turn(semantic: bool, eagerness: str = "medium") -> TurnConfig:
    return TurnConfig(0.5, 300, PATIENCE_MS, semantic=semantic, eagerness=eagerness)  # type: ignore[arg-type]


def _parts(text: str, turn: TurnConfig) -> tuple[InputAudio, TurnRecognition, SessionConfig]:
    audio_in = InputAudio(rate=24_000, turn=turn, vad_factory=FakeVad, max_seconds=60)

    async def transcribe(audio: Audio, language: str | None, **_: Any) -> Transcript:
        return Transcript(text=text, language="en", language_probability=0.99)

    recognition = TurnRecognition(
        input_audio=audio_in,
        transcribe=transcribe,
        emit=lambda event: None,
        history_before=lambda text: [],
        prefill=None,
        partial_interval_ms=0,
    )
    config = SessionConfig(id="sess_test", model="modu", turn=turn)
    return audio_in, recognition, config


async def _silence_that_ended_the_turn(
    text: str,
    turn: TurnConfig,
    each_step: Callable[[int], None] | None = None,
    transcribe: Any = None,
) -> int | None:
    """Speak 1 s, then stay silent in 100 ms chunks: the silence (ms) after which the turn
    ended, or ``None`` if it had not ended after 4 s. ``each_step`` is told the silence so far
    after each chunk."""
    audio_in, recognition, config = _parts(text, turn)
    if transcribe is not None:
        recognition.transcribe = transcribe
    audio_in.append(tone(1.0))
    recognition.on_audio(config)
    for step in range(1, 41):
        events = audio_in.append(silence(0.1))
        recognition.on_audio(config)
        if any(isinstance(event, SpeechStopped) for event in events):
            return step * 100
        if each_step is not None:
            each_step(step * 100)
        for _ in range(3):  # the early recognition's result and its callback
            await asyncio.sleep(0)
    return None


@pytest.mark.asyncio
async def test_server_vad_waits_the_patience_whatever_was_said() -> None:
    # The first 100 ms chunk after 500 ms of silence (32 ms frames: 16 of them) ends it.
    for text in ("What time does the library open?", "I need to renew my passport and"):
        assert await _silence_that_ended_the_turn(text, _turn(semantic=False)) == SERVER_VAD_MS


@pytest.mark.asyncio
async def test_a_complete_question_ends_sooner() -> None:
    ended = await _silence_that_ended_the_turn("What time does the library open?", _turn(True))
    assert ended is not None and ended < SERVER_VAD_MS


@pytest.mark.asyncio
async def test_an_unfinished_turn_waits_longer_than_the_patience() -> None:
    ended = await _silence_that_ended_the_turn("I need to renew my passport and", _turn(True))
    assert ended is not None and ended >= 2000


@pytest.mark.asyncio
async def test_korean_unfinished_and_complete() -> None:
    unfinished = await _silence_that_ended_the_turn("제가 어제 병원에 갔는데", _turn(True))
    complete = await _silence_that_ended_the_turn("기초연금은 어떻게 신청해요?", _turn(True))
    assert unfinished is not None and unfinished >= 2000
    assert complete is not None and complete < SERVER_VAD_MS


@pytest.mark.asyncio
async def test_unclear_words_wait_the_patience() -> None:
    assert await _silence_that_ended_the_turn("I want to know.", _turn(True)) == SERVER_VAD_MS


@pytest.mark.asyncio
async def test_speech_resuming_puts_the_patience_back() -> None:
    audio_in, recognition, config = _parts("What time does the library open?", _turn(True))
    audio_in.append(tone(1.0))
    audio_in.append(silence(0.2))
    recognition.on_audio(config)
    for _ in range(3):
        await asyncio.sleep(0)
    assert audio_in.silence_ms is not None and audio_in.silence_ms < PATIENCE_MS
    audio_in.append(tone(0.3))  # the person goes on: this pause's judgement no longer holds
    assert audio_in.silence_ms == PATIENCE_MS


@pytest.mark.parametrize("eagerness", ["low", "medium", "high", "auto"])
def test_session_update_takes_semantic_vad(eagerness: str) -> None:
    base = TurnConfig(0.5, 300, PATIENCE_MS)
    config = SessionConfig(id="sess_test", model="modu", turn=base)
    update = SessionUpdate.model_validate(
        {"turn_detection": {"type": "semantic_vad", "eagerness": eagerness}}
    )
    updated = apply_update(config, update, base)
    assert updated.turn is not None and updated.turn.semantic
    assert updated.turn.eagerness == eagerness
    rendered = render_session(updated, "ga")
    detection = rendered["audio"]["input"]["turn_detection"]
    assert detection["type"] == "semantic_vad" and detection["eagerness"] == eagerness


def test_an_unknown_eagerness_is_refused_with_what_was_expected() -> None:
    with pytest.raises(ValueError, match="low"):
        SessionUpdate.model_validate(
            {"turn_detection": {"type": "semantic_vad", "eagerness": "eager"}}
        )


async def _silence_with_slow_words(text: str | None, release_after_ms: int | None) -> int | None:
    """As above, but the pause's recognition returns ``text`` only after ``release_after_ms``
    of silence (a busy machine), or never (``None``); ``text`` ``None``: recognition failed."""
    released = asyncio.Event()

    async def slow(audio: Audio, language: str | None, **_: Any) -> Transcript | None:
        await released.wait()
        if text is None:
            raise RuntimeError("the recogniser failed")
        return Transcript(text=text, language="en", language_probability=0.99)

    def release(silence_ms: int) -> None:
        if release_after_ms is not None and silence_ms >= release_after_ms:
            released.set()

    return await _silence_that_ended_the_turn("", _turn(True), release, transcribe=slow)


@pytest.mark.asyncio
async def test_slow_words_are_waited_for_not_cut_by_the_patience() -> None:
    # Recognition takes 1.2 s (a busy machine): server_vad's 500 ms would have ended the turn.
    unfinished = await _silence_with_slow_words("I need to renew my passport and", 1200)
    assert unfinished is not None and unfinished >= 2000, "judged unfinished once heard"
    complete = await _silence_with_slow_words("What time does the library open?", 1200)
    assert complete is not None and 1200 <= complete <= 1400, "ends as soon as it is heard"


@pytest.mark.asyncio
async def test_words_that_never_come_are_waited_for_a_bounded_while() -> None:
    never = await _silence_with_slow_words("What time does the library open?", None)
    assert never is not None and SERVER_VAD_MS < never <= 1600, "patience + 1 s at medium"
    failed = await _silence_with_slow_words(None, 300)
    assert failed == SERVER_VAD_MS, "no words to judge: the patience, as server_vad"
