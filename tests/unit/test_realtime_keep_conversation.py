"""Between turns the model reads the conversation so far, so the next question's request finds
it in the cache (``Engines.keep_conversation``; the realtime session's responses)."""

from __future__ import annotations

import asyncio

import pytest

from service.answers.pacing import Pace
from service.engines import Engines
from service.settings import Settings
from tests.helpers.realtime_harness import live_session, text_turn
from voices.lm.base import ChatMessage
from voices.lm.fake import FakeLanguageModel

pytestmark = pytest.mark.asyncio

REPLIES = {"rice": "Boil the rice in water.", "tea": "Pour hot water over the leaves."}


def _kept(lm: FakeLanguageModel) -> list[list[ChatMessage]]:
    """The prefills that end with an answer (a partial transcript's end with a question)."""
    return [messages for messages in lm.prefills if messages and messages[-1].role == "assistant"]


async def test_the_next_question_begins_with_the_conversation_the_model_was_given(
    fake_settings: Settings,
) -> None:
    lm = FakeLanguageModel(replies=REPLIES)
    engines = Engines(fake_settings, language_model=lm)
    async with live_session(fake_settings, engines=engines) as harness:
        await text_turn(harness, "How do I cook rice?")
        await text_turn(harness, "And tea?")
    first, second = lm.calls
    kept = _kept(lm)
    assert len(kept) == 2, "kept after each answer"
    assert [m.role for m in kept[0]] == ["system", "user", "assistant"]
    assert kept[0][-1].content == REPLIES["rice"]
    # The first request's question carried its turn note; the kept one is as the history has it,
    # so the second request begins with exactly what the model read while the answer played.
    assert first[1].content != kept[0][1].content and first[1].content.startswith("How do I")
    assert second[: len(kept[0])] == kept[0]
    assert kept[1][-1].content == REPLIES["tea"]


async def test_switched_off_nothing_is_kept(fake_settings: Settings) -> None:
    realtime = fake_settings.realtime.model_copy(update={"keep_conversation": False})
    settings = fake_settings.model_copy(update={"realtime": realtime})
    lm = FakeLanguageModel(replies=REPLIES)
    async with live_session(settings, engines=Engines(settings, language_model=lm)) as harness:
        await text_turn(harness, "How do I cook rice?")
    assert len(lm.calls) == 1 and _kept(lm) == []


async def test_a_cancelled_answer_is_not_kept(fake_settings: Settings) -> None:
    lm = FakeLanguageModel(replies=REPLIES, delay_s=0.05)
    engines = Engines(fake_settings, language_model=lm)
    async with live_session(fake_settings, engines=engines) as harness:
        item = {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": "rice?"}],
        }
        await harness.send_json({"type": "conversation.item.create", "item": item})
        await harness.send_json({"type": "response.create"})
        await asyncio.sleep(0.1)
        await harness.send_json({"type": "response.cancel"})
        await harness.settle()
    assert "response.done" in harness.wire_types()
    assert _kept(lm) == []


class CannotContinue(FakeLanguageModel):
    continues_answers = False


async def test_kept_only_when_nobody_waits_and_the_engine_can_continue(
    fake_settings: Settings,
) -> None:
    said = [ChatMessage(role="user", content="hi"), ChatMessage(role="assistant", content="Hello.")]
    lm = FakeLanguageModel()
    engines = Engines(fake_settings, language_model=lm)
    assert await engines.keep_conversation(said) is False  # the model is not even loaded
    engines.language_model.name  # noqa: B018 -- loaded now
    engines.recognitions_in_flight = 1  # someone waits for a transcript
    assert await engines.keep_conversation(said) is False
    engines.recognitions_in_flight = 0
    engines.generations_in_flight = 1  # someone waits for an answer
    assert await engines.keep_conversation(said) is False
    engines.generations_in_flight = 0
    listener = Pace(engines.answers.first_words, margin_s=3.0)
    engines.answers.first_words.waiting(listener)  # someone waits for an answer's first words
    assert await engines.keep_conversation(said) is False
    engines.answers.first_words.heard(listener)
    assert await engines.keep_conversation(said) is True
    assert lm.prefills == [said]
    other = Engines(fake_settings, language_model=CannotContinue())
    other.language_model.name  # noqa: B018
    assert await other.keep_conversation(said) is False
