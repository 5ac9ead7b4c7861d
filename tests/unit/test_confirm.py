"""Confirming what was heard (V6): when recognition is unsure, ask; parse the yes or no."""

from __future__ import annotations

import math

import pytest

from accessibility.confirm import (
    confirmation_prompt,
    needs_confirmation,
    parse_yes_no,
    recognition_confidence,
)
from voices.stt.base import Transcript, TranscriptSegment


def heard(
    text: str = "How do I renew my passport?",
    *,
    avg_logprob: float = -0.2,
    no_speech_prob: float = 0.02,
    language_probability: float = 0.98,
    language: str = "en",
    segments: int = 1,
) -> Transcript:
    return Transcript(
        text=text,
        language=language,
        language_probability=language_probability,
        segments=[
            TranscriptSegment(
                start=float(i),
                end=float(i + 1),
                text=text,
                avg_logprob=avg_logprob,
                no_speech_prob=no_speech_prob,
            )
            for i in range(segments)
        ],
    )


def test_clear_speech_needs_no_confirmation() -> None:
    transcript = heard()
    assert recognition_confidence(transcript) == pytest.approx(math.exp(-0.2), abs=1e-3)
    assert not needs_confirmation(transcript)


@pytest.mark.parametrize(
    "transcript",
    [
        heard(avg_logprob=-1.1),  # Whisper was unsure of the words
        heard(no_speech_prob=0.7),  # it may not have been speech
        heard(language_probability=0.35),  # it could not tell the language
    ],
)
def test_each_weak_signal_asks_for_confirmation(transcript: Transcript) -> None:
    assert needs_confirmation(transcript)


def test_the_threshold_is_the_profiles_choice() -> None:
    borderline = heard(avg_logprob=-0.6)  # token probability ≈ 0.55
    assert not needs_confirmation(borderline, threshold=0.5)
    assert needs_confirmation(borderline, threshold=0.7)
    assert not needs_confirmation(heard(avg_logprob=-3.0), threshold=0.0)
    with pytest.raises(ValueError, match="between 0 and 1"):
        needs_confirmation(borderline, threshold=1.5)


def test_segments_weigh_by_duration() -> None:
    transcript = Transcript(
        text="I need a new passport. um",
        language="en",
        language_probability=0.99,
        segments=[
            TranscriptSegment(
                start=0.0,
                end=4.0,
                text="I need a new passport.",
                avg_logprob=-0.1,
                no_speech_prob=0.01,
            ),
            TranscriptSegment(start=4.0, end=4.3, text="um", avg_logprob=-1.5, no_speech_prob=0.3),
        ],
    )
    assert not needs_confirmation(transcript)


def test_empty_or_typed_input() -> None:
    assert not needs_confirmation(heard(""))
    typed = Transcript(text="여권 갱신", language="ko", language_probability=1.0)
    assert recognition_confidence(typed) == 1.0 and not needs_confirmation(typed)


def test_prompts_in_both_languages() -> None:
    assert confirmation_prompt("How do I renew my passport.", "en") == (
        'I heard: "How do I renew my passport". Is that right?'
    )
    assert confirmation_prompt("여권을  갱신하고 싶어요", "ko-KR") == (
        '이렇게 들었어요: "여권을 갱신하고 싶어요". 맞나요?'
    )


@pytest.mark.parametrize(
    "reply",
    [
        "yes",
        "Yes.",
        "Yeah!",
        "Yep",
        "That's right.",
        "Correct",
        "OK",
        "Yes, that's right.",
        "Yes please",
        "네",
        "네.",
        "예",
        "응",
        "맞아요",
        "맞습니다",
        "네, 맞아요",
        "그래요",
        "네 맞아요",
    ],
)
def test_yes_replies(reply: str) -> None:
    assert parse_yes_no(reply, "en") is True
    assert parse_yes_no(heard(reply), "ko") is True


@pytest.mark.parametrize(
    "reply",
    [
        "no",
        "No.",
        "Nope",
        "That's wrong",
        "No, I said Busan.",
        "Not really",
        "아니요",
        "아니",
        "아뇨",
        "아니에요",
        "아니요, 부산이요",
        "틀렸어요",
        "아닙니다.",
    ],
)
def test_no_replies(reply: str) -> None:
    assert parse_yes_no(reply, "ko") is False
    assert parse_yes_no(heard(reply), "en") is False


@pytest.mark.parametrize(
    "reply",
    [
        "",
        "Maybe",
        "I don't know",
        "How much is the fee?",
        "Yes or no?",
        "네이버",
        "응급실",
        "아니 근데 수수료는 얼마예요",
        "yesterday",
        "Noted",
    ],
)
def test_anything_else_is_neither(reply: str) -> None:
    assert parse_yes_no(reply, "en") is None
