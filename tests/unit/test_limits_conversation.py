"""A session's stored conversation is bounded by size (issue 16, item 11), not only what the
model sees: the oldest items are let go first."""

from __future__ import annotations

from service.auth import Owner
from service.engines import Engines
from service.realtime.conversation import Conversation
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
