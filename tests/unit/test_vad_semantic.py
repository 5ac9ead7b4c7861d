"""Semantic end of turn on transcripts, Korean and English (Korean speech cannot be recognised
here, so the rules are tested on what Whisper writes): the first part of a hesitant question
must never sound complete, and a complete question should."""

from __future__ import annotations

import pytest

from voices.vad.semantic import (
    COMPLETE_FLOOR_MS,
    UNFINISHED_CAP_MS,
    Eagerness,
    resolve_eagerness,
    semantic_silence_ms,
    turn_sounds,
    unheard_silence_ms,
)

# What a person had said when they paused mid-question ("…" is where the hesitation was).
HESITANT_FIRST_PARTS = [
    "I need to renew my passport and",
    "Can you tell me what",
    "My doctor said I should take the",
    "What time does the",
    "I want to ask about, uh",
    "Is it okay if I",
    "So my daughter wants to know whether",
    "Um, I was wondering",
    "How do I get to the",
    "I forgot my pill this morning and",
    "The pharmacist told me to",
    "Could you read me the,",
    "My mother has a question about her",
    "Where can I find a",
    "I'm looking for help with my...",
    "제가 어제 병원에 갔는데",
    "그러니까 제가",
    "혈압약을 아침에 먹고",
    "기초연금 신청하려면",
    "음",
    "우리 엄마가 요즘 다리가 아파서",
    "주민센터에",
    "그리고",
    "약을",
    "손자가 학교에서",
    "이 문자를 받았는데,",
    "저기 혹시",
    "버스를 타려면",
    "카드를 잃어버려서",
    "날씨가 추우면",
]
COMPLETE_QUESTIONS = [
    "What time does the library open?",
    "How do I renew my passport?",
    "Can you tell me about the weather today?",
    "Is it going to rain tomorrow?",
    "What is the capital of Korea?",
    "Please read that again.",
    "Stop.",
    "How much is a bus ticket in Seoul?",
    "Who can help me apply for food stamps?",
    "Tell me a short story.",
    "한국의 수도는 어디인가요?",
    "기초연금은 어떻게 신청해요?",
    "오늘 날씨 알려 줘.",
    "병원에 가야 할까요?",
    "다시 말해 주세요.",
    "천천히 말해 줘",
    "이 약은 언제 먹어요",
    "장애인 등록은 어디서 하나요",
    "서울역 가는 버스 몇 번 타요",
    "고맙습니다",
]


@pytest.mark.parametrize("text", HESITANT_FIRST_PARTS)
def test_a_hesitant_first_part_never_sounds_complete(text: str) -> None:
    assert turn_sounds(text) != "complete"


def test_most_hesitant_first_parts_sound_unfinished() -> None:
    unfinished = sum(turn_sounds(text) == "unfinished" for text in HESITANT_FIRST_PARTS)
    assert unfinished >= 0.9 * len(HESITANT_FIRST_PARTS)


@pytest.mark.parametrize("text", COMPLETE_QUESTIONS)
def test_complete_questions_sound_complete(text: str) -> None:
    assert turn_sounds(text) == "complete"


@pytest.mark.parametrize(
    "text",
    ["I want to know.", "My husband is.", "what time does the?", "제가 어제 병원에 갔는데."],
)
def test_punctuation_the_recogniser_added_does_not_finish_a_clause(text: str) -> None:
    assert turn_sounds(text) != "complete"


def test_empty_is_unclear() -> None:
    assert turn_sounds("  ") == "unclear"
    assert turn_sounds("...") == "unfinished"


@pytest.mark.parametrize("patience", [300, 500, 1500, 3000])
@pytest.mark.parametrize("eagerness", ["low", "medium", "high", "auto"])
def test_patience_is_the_least_an_unfinished_turn_gets(patience: int, eagerness: str) -> None:
    unfinished = semantic_silence_ms("unfinished", eagerness, patience)  # type: ignore[arg-type]
    complete = semantic_silence_ms("complete", eagerness, patience)  # type: ignore[arg-type]
    assert unfinished >= patience
    assert unfinished <= max(UNFINISHED_CAP_MS, patience)
    assert COMPLETE_FLOOR_MS <= complete <= max(patience, COMPLETE_FLOOR_MS)
    assert semantic_silence_ms("unclear", eagerness, patience) == patience  # type: ignore[arg-type]


def test_eagerness_orders_the_waits() -> None:
    waits = [semantic_silence_ms("complete", level, 1000) for level in ("low", "medium", "high")]
    assert waits == sorted(waits, reverse=True)
    stretches = [semantic_silence_ms("unfinished", lvl, 1000) for lvl in ("low", "medium", "high")]
    assert stretches == sorted(stretches, reverse=True)


def test_auto_follows_the_profile() -> None:
    assert resolve_eagerness("auto", 500) == "medium"
    assert resolve_eagerness("auto", 1500) == "low"
    assert resolve_eagerness("auto", 3000) == "low"
    assert resolve_eagerness("high", 3000) == "high"


@pytest.mark.parametrize("eagerness", ["low", "medium", "high", "auto"])
@pytest.mark.parametrize("patience", [200, 500, 1500, 3000, 5000])
def test_unheard_words_wait_more_than_the_patience_less_than_unfinished(
    eagerness: Eagerness, patience: int
) -> None:
    unheard = unheard_silence_ms(eagerness, patience)
    assert patience < unheard <= semantic_silence_ms("unfinished", eagerness, patience)
