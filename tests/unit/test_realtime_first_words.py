"""First words first, in live sessions: a long spoken answer with audio to spare stops its model
while another session's listener waits for first words, then says the rest of the same answer
(service/answers/pacing.py, the realtime response's pace)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

import pytest

from service.engines import Engines
from service.settings import Settings
from tests.helpers.realtime_harness import SessionHarness, live_session
from voices.lm.base import CancelToken, ChatMessage, GenerationOptions
from voices.lm.fake import FakeLanguageModel
from voices.tts.fake import FakeSynthesizer

LONG = (
    "Bread is made from flour, water, salt and yeast. "
    "The yeast eats a little sugar and makes the dough rise. "
    "You knead the dough so that it becomes smooth and stretchy. "
    "Then the dough rests in a warm place for about an hour. "
    "After that you shape it into a loaf and let it rise again. "
    "The oven bakes the loaf until the crust turns golden brown. "
    "You let the bread cool on a rack before you cut it. "
    "Fresh bread keeps best in a paper bag or a bread box."
)
SHORT = "Tea is a drink made by pouring hot water over dried leaves."
LIMIT_S = 30.0


def _settings(fake_settings: Settings, *, first_words_first: bool) -> Settings:
    realtime = fake_settings.realtime.model_copy(
        update={"first_words_first": first_words_first, "give_way_margin_s": 0.5}
    )
    return fake_settings.model_copy(update={"realtime": realtime})


async def _ask(harness: SessionHarness, text: str) -> None:
    item = {
        "type": "message",
        "role": "user",
        "content": [{"type": "input_text", "text": text}],
    }
    await harness.send_json({"type": "conversation.item.create", "item": item})
    await harness.send_json({"type": "response.create"})


async def _until(
    harness: SessionHarness, kind: str, count: int = 1, limit_s: float = LIMIT_S
) -> None:
    async with asyncio.timeout(limit_s):
        # The harness's wire is a plain list the sender appends to: nothing to wait on but it.
        while harness.wire_types().count(kind) < count:  # noqa: ASYNC110
            await asyncio.sleep(0.01)


def _transcript(harness: SessionHarness) -> str:
    done = next(e for e in harness.wire if e["type"] == "response.done")
    transcript: str = done["response"]["output"][0]["content"][0]["transcript"]
    return transcript


async def _two_sessions(settings: Settings) -> tuple[FakeLanguageModel, str, str]:
    """Session A asks for a long answer; once two of its sentences are playing, session B asks
    a short question. Returns the model and both spoken answers."""
    lm = FakeLanguageModel(replies={"bread": LONG, "tea": SHORT}, delay_s=0.03)
    engines = Engines(settings, language_model=lm)
    async with (
        live_session(settings, engines=engines) as a,
        live_session(settings, engines=engines) as b,
    ):
        await _ask(a, "Tell me about bread.")
        # The AI notice and two of the answer's sentences: seconds of audio at the listener.
        await _until(a, "response.output_audio_transcript.delta", 3)
        await _ask(b, "What is tea?")
        await _until(b, "response.done")
        await _until(a, "response.done")
        return lm, _transcript(a), _transcript(b)


def _asked(lm: FakeLanguageModel) -> list[tuple[str, bool]]:
    """Each model request: which question, and whether it goes on from an answer begun."""
    asked: list[tuple[str, bool]] = []
    for messages in lm.calls:
        question = next(m.content for m in reversed(messages) if m.role == "user")
        asked.append(("bread" if "bread" in question else "tea", messages[-1].role == "assistant"))
    return asked


@pytest.mark.asyncio
async def test_a_playing_answer_stops_for_anothers_first_words_and_says_the_rest(
    fake_settings: Settings,
) -> None:
    lm, long_answer, short_answer = await _two_sessions(
        _settings(fake_settings, first_words_first=True)
    )
    asked = _asked(lm)
    assert asked[0] == ("bread", False) and ("tea", False) in asked
    assert ("bread", True) in asked, f"the long answer never stopped: {asked}"
    # It went on only after the other answer had been asked for.
    assert asked.index(("tea", False)) < asked.index(("bread", True))
    continued = next(m for m in lm.calls if m[-1].role == "assistant")[-1].content
    assert LONG.startswith(continued) and continued != LONG
    # Nothing lost, nothing said twice: the same words as without giving way.
    _, plain_long, plain_short = await _two_sessions(
        _settings(fake_settings, first_words_first=False)
    )
    assert long_answer == plain_long and short_answer == plain_short
    assert "Fresh bread keeps best" in long_answer


@pytest.mark.asyncio
async def test_switched_off_no_answer_stops(fake_settings: Settings) -> None:
    lm, _, _ = await _two_sessions(_settings(fake_settings, first_words_first=False))
    assert [continues for _, continues in _asked(lm)] == [False, False]


class HeldTea(FakeLanguageModel):
    """Answers about tea only once the test lets it: that listener waits as long as needed."""

    def __init__(self) -> None:
        super().__init__(replies={"bread": LONG, "tea": SHORT}, delay_s=0.03)
        self.gate = asyncio.Event()

    async def stream(
        self,
        messages: list[ChatMessage],
        options: GenerationOptions,
        cancel: CancelToken | None = None,
    ) -> AsyncGenerator[str, None]:
        if any("tea" in m.content for m in messages if m.role == "user"):
            await self.gate.wait()
        async for delta in super().stream(messages, options, cancel):
            yield delta


@pytest.mark.asyncio
async def test_a_paused_answer_that_is_cancelled_ends_at_once(fake_settings: Settings) -> None:
    settings = _settings(fake_settings, first_words_first=True)
    lm = HeldTea()
    # Long audio per sentence: paused, this answer would wait ~a minute for its margin.
    engines = Engines(
        settings, language_model=lm, synthesizer=FakeSynthesizer(seconds_per_char=0.5)
    )
    async with (
        live_session(settings, engines=engines) as a,
        live_session(settings, engines=engines) as b,
    ):
        await _ask(a, "Tell me about bread.")
        await _until(a, "response.output_audio_transcript.delta", 3)
        await _ask(b, "What is tea?")  # its answer is held: that listener keeps waiting
        async with asyncio.timeout(LIMIT_S):
            # Nothing to wait on but the board itself: until A gives way.
            while not engines.answers.first_words.paused:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
        await a.send_json({"type": "response.cancel"})
        await _until(a, "response.done", limit_s=10.0)
        done = next(e for e in a.wire if e["type"] == "response.done")
        assert done["response"]["status"] == "cancelled"
        lm.gate.set()
        await _until(b, "response.done")
