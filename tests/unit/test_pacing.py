"""First words first (service/answers/pacing.py): an answer with audio to spare gives way to
another whose listener waits for first words, and goes on with the rest of the same answer."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

import pytest

from service.answers.pacing import FirstWordsBoard, Pace, paced_stream
from service.engines import Engines
from service.settings import Settings
from voices.audio import Audio
from voices.lm.base import CancelToken, ChatMessage, GenerationOptions
from voices.lm.fake import FakeLanguageModel
from voices.stt.fake import FakeRecognizer

REPLY = "One two three four five six seven eight nine ten."
QUESTION = [ChatMessage(role="user", content="count")]


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_audio_ahead_runs_down_as_the_listener_plays() -> None:
    clock = Clock()
    pace = Pace(FirstWordsBoard(), margin_s=1.0, clock=clock)
    assert pace.ahead_s() == 0.0  # nothing sent: nothing to spare
    pace.sent(2.0, first_words=False)
    pace.sent(3.0, first_words=True)
    clock.now += 1.5
    assert pace.ahead_s() == 3.5
    clock.now += 10
    assert pace.ahead_s() == 0.0


def test_gives_way_only_to_another_waiting_listener_and_only_with_audio_to_spare() -> None:
    clock = Clock()
    board = FirstWordsBoard()
    playing = Pace(board, margin_s=1.0, clock=clock)
    playing.waiting_for_first_words()
    playing.sent(4.0, first_words=True)
    assert board.count == 0 and not playing.should_give_way()  # nobody else waits
    other = Pace(board, margin_s=1.0, clock=clock)
    other.waiting_for_first_words()
    assert playing.should_give_way()
    assert not other.should_give_way()  # it has nothing playing
    clock.now += 3.2  # 0.8 s left to play: below the margin, it must go on
    assert not playing.should_give_way()
    clock.now -= 3.2
    other.sent(1.0, first_words=False)  # an AI notice: the other still waits for the answer
    assert playing.should_give_way()
    other.sent(2.0, first_words=True)
    assert not playing.should_give_way()


def _playing_while_another_waits(ahead_s: float) -> tuple[Pace, Pace]:
    """An answer with ``ahead_s`` of audio at its listener, and another waiting for words."""
    board = FirstWordsBoard()
    playing = Pace(board, margin_s=0.5)
    playing.sent(ahead_s, first_words=True)
    other = Pace(board, margin_s=0.5)
    other.waiting_for_first_words()
    return playing, other


@pytest.mark.asyncio
async def test_a_paused_answer_goes_on_when_the_other_hears_its_first_words() -> None:
    playing, other = _playing_while_another_waits(30.0)
    paused = asyncio.create_task(playing.give_way())
    await asyncio.sleep(0.05)
    assert not paused.done()
    other.sent(1.0, first_words=True)
    await asyncio.wait_for(paused, 5)
    assert playing.pauses == 1 and playing.gave_way_s > 0


@pytest.mark.asyncio
async def test_a_cancelled_answer_stops_giving_way_at_once() -> None:
    playing, _still_waiting = _playing_while_another_waits(60.0)
    paused = asyncio.create_task(playing.give_way())
    await asyncio.sleep(0.05)
    assert not paused.done()
    playing.stop()
    await asyncio.wait_for(paused, 5)  # not the 59.5 s until its margin
    assert not playing.should_give_way()


@pytest.mark.asyncio
async def test_a_paused_answer_goes_on_when_its_listener_is_down_to_the_margin() -> None:
    playing, _never_hears = _playing_while_another_waits(0.7)
    await asyncio.wait_for(playing.give_way(), 5)
    assert playing.ahead_s() <= 0.5 + 0.05


async def _collect(stream: AsyncGenerator[str, None]) -> str:
    return "".join([delta async for delta in stream])


class GivesWayOnce:
    """A pace that gives way after ``after`` tokens until the test lets it go on."""

    def __init__(self, after: int) -> None:
        self.board = FirstWordsBoard()
        self.pace = Pace(self.board, margin_s=0.5)
        self.pace.sent(60.0, first_words=True)
        self.other = Pace(self.board, margin_s=0.5)
        self.after = after
        self.tokens = 0

    def __call__(self) -> Pace:
        self.tokens += 1
        if self.tokens == self.after:
            self.other.waiting_for_first_words()
            asyncio.get_running_loop().call_later(0.05, self.other.close)
        return self.pace


@pytest.mark.asyncio
async def test_the_stopped_model_is_asked_for_the_rest_of_the_same_answer() -> None:
    lm = FakeLanguageModel(default=REPLY)
    pace = GivesWayOnce(after=4)
    options = GenerationOptions(max_tokens=50)
    said = await _collect(paced_stream(lm, QUESTION, options, CancelToken(), pace))
    assert said == REPLY  # one unbroken answer
    assert len(lm.calls) == 2 and pace.pace.pauses == 1
    first, rest = lm.calls
    assert first == QUESTION
    assert rest[:-1] == QUESTION
    assert rest[-1] == ChatMessage(role="assistant", content="One two three four")


@pytest.mark.asyncio
async def test_the_token_limit_counts_the_whole_answer() -> None:
    lm = FakeLanguageModel(default=REPLY)
    said = await _collect(
        paced_stream(lm, QUESTION, GenerationOptions(max_tokens=6), CancelToken(), GivesWayOnce(4))
    )
    assert said == "One two three four five six"


@pytest.mark.asyncio
async def test_an_engine_that_cannot_go_on_is_never_stopped() -> None:
    class Restarts(FakeLanguageModel):
        continues_answers = False

    lm = Restarts(default=REPLY)
    pace = GivesWayOnce(after=2)
    said = await _collect(
        paced_stream(lm, QUESTION, GenerationOptions(max_tokens=50), CancelToken(), pace)
    )
    assert said == REPLY and len(lm.calls) == 1 and pace.pace.pauses == 0


@pytest.mark.asyncio
async def test_without_a_pace_nothing_pauses() -> None:
    lm = FakeLanguageModel(default=REPLY)
    said = await _collect(
        paced_stream(lm, QUESTION, GenerationOptions(max_tokens=50), CancelToken(), lambda: None)
    )
    assert said == REPLY and len(lm.calls) == 1


@pytest.mark.asyncio
async def test_a_cancel_while_paused_ends_the_answer() -> None:
    lm = FakeLanguageModel(default=REPLY)
    cancel = CancelToken()
    board = FirstWordsBoard()
    pace = Pace(board, margin_s=0.5)
    pace.sent(60.0, first_words=True)
    other = Pace(board, margin_s=0.5)
    other.waiting_for_first_words()
    loop = asyncio.get_running_loop()
    loop.call_later(0.05, cancel.cancel)
    loop.call_later(0.1, other.close)
    options = GenerationOptions(max_tokens=50)
    said = await _collect(paced_stream(lm, QUESTION, options, cancel, lambda: pace))
    assert said == "One" and len(lm.calls) == 1


@pytest.mark.asyncio
async def test_partial_transcripts_wait_while_a_listener_waits_for_first_words(
    fake_settings: Settings,
) -> None:
    recognizer = FakeRecognizer()
    engines = Engines(fake_settings, recognizer=recognizer)
    speech = Audio.silence(1.0, 16_000)
    waiting = Pace(engines.answers.first_words, margin_s=3.0)
    waiting.waiting_for_first_words()
    assert await engines.transcribe(speech, "en", optional=True) is None
    assert await engines.transcribe(speech, "en") is not None  # a turn's own words never wait
    assert len(recognizer.calls) == 1
    waiting.sent(2.0, first_words=True)
    assert await engines.transcribe(speech, "en", optional=True) is not None
    assert len(recognizer.calls) == 2
