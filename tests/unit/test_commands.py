"""Spoken commands (V3): recognised in Korean and English, tolerant to small variations, and
never triggered by a real question that merely contains the word."""

from __future__ import annotations

import pytest

from accessibility.commands import (
    MAX_RATE,
    MIN_RATE,
    CommandKind,
    adjusted_rate,
    command_response,
    detect_command,
)

POSITIVE = [
    # English: plain, polite, punctuated, repeated, filler words, mis-heard.
    ("repeat", "en", CommandKind.REPEAT),
    ("Repeat.", "en", CommandKind.REPEAT),
    ("Could you please say that again?", "en", CommandKind.REPEAT),
    ("Say it again, please.", "en", CommandKind.REPEAT),
    ("Again please", "en", CommandKind.REPEAT),
    ("Um, one more time.", "en", CommandKind.REPEAT),
    ("Pardon?", "en", CommandKind.REPEAT),
    ("repeet", "en", CommandKind.REPEAT),
    ("Simpler.", "en", CommandKind.SIMPLER),
    ("Say it simpler", "en", CommandKind.SIMPLER),
    ("In simpler words, please.", "en", CommandKind.SIMPLER),
    ("Can you make it simpler?", "en", CommandKind.SIMPLER),
    ("I don't understand.", "en", CommandKind.SIMPLER),
    ("Slower.", "en", CommandKind.SLOWER),
    ("Speak slower please", "en", CommandKind.SLOWER),
    ("Slow down!", "en", CommandKind.SLOWER),
    ("You're talking too fast.", "en", CommandKind.SLOWER),
    ("speak more slowely", "en", CommandKind.SLOWER),
    ("Faster", "en", CommandKind.FASTER),
    ("Speed up, please.", "en", CommandKind.FASTER),
    ("Stop!", "en", CommandKind.STOP),
    ("Stop. Stop.", "en", CommandKind.STOP),
    ("OK stop.", "en", CommandKind.STOP),
    ("Be quiet.", "en", CommandKind.STOP),
    ("That's enough.", "en", CommandKind.STOP),
    ("Save.", "en", CommandKind.SAVE),
    ("Yes, save it.", "en", CommandKind.SAVE),
    ("Save it to my profile please", "en", CommandKind.SAVE),
    # Korean: spacing as Whisper writes it, politeness endings, fillers, mis-heard.
    ("다시", "ko", CommandKind.REPEAT),
    ("다시요.", "ko", CommandKind.REPEAT),
    ("다시 말해 줘", "ko", CommandKind.REPEAT),
    ("다시말해줘", "ko", CommandKind.REPEAT),
    ("다시 말해 주세요.", "ko", CommandKind.REPEAT),
    ("다시 말씀해 주세요", "ko", CommandKind.REPEAT),
    ("한 번 더", "ko", CommandKind.REPEAT),
    ("한번 더 말해 줄래요?", "ko", CommandKind.REPEAT),
    ("한 번만 더 말해 주세요", "ko", CommandKind.REPEAT),
    ("뭐라고요?", "ko", CommandKind.REPEAT),
    ("더 쉽게", "ko", CommandKind.SIMPLER),
    ("더 쉽게요", "ko", CommandKind.SIMPLER),
    ("쉽게 말해 줘", "ko", CommandKind.SIMPLER),
    ("쉬운 말로 해 주세요", "ko", CommandKind.SIMPLER),
    ("이해가 안 돼요", "ko", CommandKind.SIMPLER),
    ("이해가 안 되요", "ko", CommandKind.SIMPLER),
    ("천천히", "ko", CommandKind.SLOWER),
    ("천천히요!", "ko", CommandKind.SLOWER),
    ("더 천천히 말해 줘", "ko", CommandKind.SLOWER),
    ("좀 천천히 말해 주세요", "ko", CommandKind.SLOWER),
    ("천천이", "ko", CommandKind.SLOWER),
    ("너무 빨라요", "ko", CommandKind.SLOWER),
    ("더 빨리", "ko", CommandKind.FASTER),
    ("빠르게 말해 주세요", "ko", CommandKind.FASTER),
    ("그만", "ko", CommandKind.STOP),
    ("그만!", "ko", CommandKind.STOP),
    ("그만해요", "ko", CommandKind.STOP),
    ("음 좀 그만해 주세요", "ko", CommandKind.STOP),
    ("멈춰", "ko", CommandKind.STOP),
    ("멈춰요.", "ko", CommandKind.STOP),
    ("조용히 해 주세요", "ko", CommandKind.STOP),
    ("저장", "ko", CommandKind.SAVE),
    ("저장해 주세요", "ko", CommandKind.SAVE),
    ("프로필에 저장해 줘", "ko", CommandKind.SAVE),
]

NEGATIVE = [
    "How do I stop smoking?",
    "Why did you stop?",
    "Stop the bleeding how?",
    "Can you repeat the question about my taxes?",
    "What does simpler mean?",
    "Is the bus slower than the train?",
    "Save money on rent",
    "How can I save for retirement?",
    "Say it in Korean",
    "Thank you.",
    "Okay.",
    "please",
    "flower",
    "",
    "   ",
    "다시 태어나면 뭐 할래?",
    "다시 만나요",
    "다시마",
    "가시",
    "그만두고 싶어요",
    "그만큼 비싸요?",
    "천천히 걷는 게 건강에 좋아요?",
    "쉽게 살 빼는 방법",
    "저장 공간이 부족해요",
    "빨리 병원에 가야 하나요?",
    "한 번 더 신청할 수 있나요?",
    "시청해 주셔서 감사합니다",
    "멈춰 선 버스는 언제 출발해요?",
]


@pytest.mark.parametrize(("heard", "language", "kind"), POSITIVE)
def test_commands_are_recognised(heard: str, language: str, kind: CommandKind) -> None:
    command = detect_command(heard, language)
    assert command is not None, heard
    assert command.kind is kind
    assert command.language == language
    assert command.heard == heard
    assert 0.5 <= command.confidence <= 1.0


@pytest.mark.parametrize("heard", NEGATIVE)
def test_questions_containing_command_words_are_not_commands(heard: str) -> None:
    for language in ("en", "ko", None):
        assert detect_command(heard, language) is None, (heard, language)


def test_exact_matches_are_fully_confident_and_fuzzy_ones_less() -> None:
    exact = detect_command("천천히", "ko")
    fuzzy = detect_command("천천이", "ko")
    assert exact is not None and fuzzy is not None
    assert exact.confidence == 1.0 and exact.phrase == "천천히"
    assert 0.5 < fuzzy.confidence < 1.0 and fuzzy.phrase == "천천히"


def test_short_words_must_match_exactly() -> None:
    assert detect_command("stip", "en") is None  # one letter from "stop", but too short
    assert detect_command("다사", "ko") is None


def test_the_language_hint_does_not_hide_the_other_language() -> None:
    command = detect_command("Stop!", "ko")
    assert command is not None and command.kind is CommandKind.STOP and command.language == "en"
    command = detect_command("그만", "en")
    assert command is not None and command.kind is CommandKind.STOP and command.language == "ko"


def test_long_utterances_are_never_commands() -> None:
    assert detect_command("stop " * 9, "en") is None


@pytest.mark.parametrize(
    ("key", "language", "text"),
    [
        (
            CommandKind.SLOWER,
            "en",
            "I'll speak more slowly. Say 'save' to keep this in your profile.",
        ),
        (
            CommandKind.SLOWER,
            "ko",
            "천천히 말할게요. 프로필에 저장하려면 '저장'이라고 말해 주세요.",
        ),
        (CommandKind.SAVE, "ko-KR", "프로필에 저장했어요."),
        ("nothing_to_repeat", "en", "There is no answer to repeat yet."),
        ("slowest_already", "ko", "이미 가장 느린 속도예요."),
    ],
)
def test_responses_in_both_languages(key: CommandKind | str, language: str, text: str) -> None:
    response = command_response(key, language)  # type: ignore[arg-type]  # str keys are ReplyKeys
    assert response.text == text


def test_every_reply_exists_in_both_languages() -> None:
    for kind in CommandKind:
        english, korean = command_response(kind, "en"), command_response(kind, "ko")
        assert english.text and korean.text and english.text != korean.text
        assert english.language == "en" and korean.language == "ko"


def test_rate_steps_stay_within_the_voice_bounds() -> None:
    assert adjusted_rate(1.0, CommandKind.SLOWER) == 0.85
    assert adjusted_rate(1.0, CommandKind.FASTER) == 1.15
    assert adjusted_rate(0.55, CommandKind.SLOWER) == MIN_RATE
    assert adjusted_rate(MIN_RATE, CommandKind.SLOWER) is None
    assert adjusted_rate(MAX_RATE, CommandKind.FASTER) is None
    with pytest.raises(ValueError, match="slower or faster"):
        adjusted_rate(1.0, CommandKind.STOP)
