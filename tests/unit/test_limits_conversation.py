"""A session's stored conversation is bounded by size (issue 16, item 11), not only what the
model sees: the oldest items are let go first."""

from __future__ import annotations

from service.auth import Owner
from service.engines import Engines
from service.realtime.conversation import Conversation, estimate_tokens
from service.realtime.outbox import Outbox
from service.realtime.session import RealtimeSession
from service.settings import RealtimeSettings, Settings


def test_the_oldest_items_are_dropped_past_the_size_bound() -> None:
    conversation = Conversation(token_budget=1200, max_chars=10_000)
    ids = [conversation.add("user", "가" * 900)[0].id for _ in range(150)]
    assert sum(len(e.text) for e in conversation.entries) <= 10_000
    assert [e.id for e in conversation.entries] == ids[-11:]


def test_the_newest_item_stays_even_when_alone_it_is_over() -> None:
    conversation = Conversation(token_budget=1200, max_chars=1_000)
    conversation.add("user", "short")
    entry, _ = conversation.add("user", "x" * 5_000)
    assert conversation.entries == [entry]


def test_the_default_bound_is_set() -> None:
    assert RealtimeSettings().max_conversation_chars >= 100_000


def test_a_session_uses_the_setting(fake_settings: Settings) -> None:
    settings = fake_settings.model_copy(
        update={
            "realtime": fake_settings.realtime.model_copy(update={"max_conversation_chars": 12_345})
        }
    )
    session = RealtimeSession(
        engines=Engines(settings), dialect="ga", owner=Owner("o"), outbox=Outbox("ga")
    )
    assert session.conversation.max_chars == 12_345


def test_the_model_sees_the_newest_turns_that_fit_the_token_budget() -> None:
    conversation = Conversation(token_budget=64)
    for i in range(20):
        conversation.add("user", f"question {i}")
        conversation.add("assistant", f"answer {i}")
    conversation.add("user", "last")
    history, last = conversation.history()
    assert last == "last"
    assert history[0].role == "user"
    assert history[-1].content == "answer 19"
    assert sum(estimate_tokens(m.content) for m in history) + estimate_tokens(last) <= 64
    assert len(history) < 40
