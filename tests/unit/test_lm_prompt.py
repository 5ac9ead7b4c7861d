"""The system prompt and per-turn message list."""

from __future__ import annotations

from voices.lm.base import ChatMessage
from voices.lm.prompt import (
    SYSTEM_PROMPT,
    build_messages,
    fit_history,
    language_name,
    split_turn_note,
    turn_note,
)


def _exchange(n: int) -> list[ChatMessage]:
    messages: list[ChatMessage] = []
    for i in range(n):
        messages.append(ChatMessage(role="user", content=f"question {i}"))
        messages.append(ChatMessage(role="assistant", content=f"answer {i}"))
    return messages


def test_system_prompt_says_who_how_and_what_not() -> None:
    text = SYSTEM_PROMPT.lower()
    for phrase in ("modu", "ai assistant", "same language", "one to three short sentences"):
        assert phrase in text
    for forbidden in ("markdown", "lists", "tables", "emoji", "code", "make up facts"):
        assert forbidden in text


def test_fixed_part_is_identical_across_turns_and_languages() -> None:
    first = build_messages([], "안녕하세요", "ko")
    later = build_messages(_exchange(2), "What time is it?", "en", extra="Use simple words.")
    assert first[0] == later[0] == ChatMessage(role="system", content=SYSTEM_PROMPT)


def test_language_is_named_in_the_last_user_message() -> None:
    messages = build_messages([], "날씨 어때요?", "ko")
    assert [m.role for m in messages] == ["system", "user"]
    assert messages[-1].content == "날씨 어때요?\n\n(Answer in Korean (한국어).)"
    assert "Korean" not in messages[0].content


def test_language_names() -> None:
    assert language_name("ko") == "Korean (한국어)"
    assert language_name("ko-KR") == "Korean (한국어)"
    assert language_name("EN_us") == "English"
    assert language_name("xx") is None
    assert language_name(None) is None
    assert language_name("") is None


def test_unknown_language_and_no_extra_add_nothing() -> None:
    assert turn_note(None) is None
    assert turn_note("xx", "  ") is None
    assert build_messages([], "Hi", None)[-1].content == "Hi"


def test_extra_instruction_joins_the_note() -> None:
    note = turn_note("en", "Use simple words.")
    assert note == "Answer in English. Use simple words."
    assert build_messages([], "Hi", None, extra="Be very short.")[-1].content == (
        "Hi\n\n(Be very short.)"
    )


def test_split_turn_note_undoes_the_note() -> None:
    content = build_messages([], "Hello there", "en", extra="Slowly.")[-1].content
    assert split_turn_note(content) == ("Hello there", "Answer in English. Slowly.")
    assert split_turn_note("plain (text)") == ("plain (text)", None)
    assert split_turn_note("two\n\n(lines\nhere)") == ("two\n\n(lines\nhere)", None)


def test_history_keeps_the_newest_that_fit_the_token_budget() -> None:
    # "question i" is 3 estimated tokens, "answer i" 2: 10 tokens hold two exchanges.
    kept = fit_history(_exchange(10), token_budget=10)
    assert [m.content for m in kept] == ["question 8", "answer 8", "question 9", "answer 9"]


def test_history_leaves_room_for_this_turn() -> None:
    kept = fit_history(_exchange(10), token_budget=10, reserve=5)
    assert [m.content for m in kept] == ["question 9", "answer 9"]


def test_one_long_message_ends_the_history() -> None:
    history = [
        ChatMessage(role="user", content="q" * 50),
        ChatMessage(role="assistant", content="a" * 50),
        ChatMessage(role="user", content="short"),
        ChatMessage(role="assistant", content="reply"),
    ]
    kept = fit_history(history, token_budget=20)
    assert [m.content for m in kept] == ["short", "reply"]


def test_history_never_starts_with_an_answer_and_drops_system_messages() -> None:
    history = [
        ChatMessage(role="system", content="old prompt"),
        *_exchange(3),
    ]
    kept = fit_history(history, token_budget=7)
    assert [m.content for m in kept] == ["question 2", "answer 2"]


def test_build_messages_sends_the_history_as_given() -> None:
    """History is trimmed once, where it is kept; the prompt does not trim it again."""
    assert len(build_messages(_exchange(10), "next", "en")) == 1 + 20 + 1


def test_build_messages_orders_system_history_turn() -> None:
    messages = build_messages(_exchange(1), "next", "en")
    assert [m.role for m in messages] == ["system", "user", "assistant", "user"]
    assert messages[1].content == "question 0"  # History is not given this turn's note.
    assert messages[-1].content.startswith("next\n\n(Answer in English")


def test_one_table_names_languages_for_the_model_and_for_people() -> None:
    from accessibility.language import language_name as shown_name

    assert shown_name("ko") == language_name("ko") == "Korean (한국어)"
    assert shown_name("he") == language_name("he") == "Hebrew (עברית)"
    assert shown_name("xx") == "xx"
