"""The fact index's terms: Korean stems and syllable bigrams without a model, English stems."""

from __future__ import annotations

import pytest

from service.answers.facts_terms import WORD_PREFIX, english_terms, korean_stem, korean_terms, terms


@pytest.mark.parametrize(
    ("run", "stem"),
    [
        ("기초연금은", "기초연금"),
        ("약국에서", "약국"),
        ("신청하려면", "신청"),
        ("신청해요", "신청"),
        ("주민센터로", "주민센터"),
        ("약을", "약"),  # one syllable left after an object particle: the word is 약
        ("국가", "국가"),  # 가 is part of the word, not a particle
        ("필요", "필요"),  # 요 likewise
        ("연금", "연금"),
    ],
)
def test_one_particle_or_ending_is_stripped(run: str, stem: str) -> None:
    assert korean_stem(run) == stem


def test_a_stem_gives_one_whole_word_term_and_its_bigrams() -> None:
    assert korean_terms("기초연금은") == [WORD_PREFIX + "기초연금", "기초", "초연", "연금"]


def test_spacing_does_not_lose_the_bigrams() -> None:
    spaced = set(korean_terms("기초 연금"))
    assert {"기초", "연금"} <= spaced
    assert {"기초", "연금"} <= set(korean_terms("기초연금을"))


def test_a_one_syllable_word_is_one_term() -> None:
    assert korean_terms("맥에서") == ["맥"]


def test_question_words_and_bare_endings_give_no_terms() -> None:
    assert korean_terms("어떻게 해요 어디서 있어요 좀 알려주세요") == []
    assert korean_terms("1339는") == []


def test_english_is_lowercased_stemmed_and_without_function_words() -> None:
    assert english_terms("How do I apply for Pensions") == ["apply", "pension"]


def test_mixed_text_gives_korean_english_and_digits() -> None:
    # The particles after "SNAP" and "1345" are Hangul runs of their own: they are dropped.
    assert terms("SNAP은 1345에서 물어봐요") == [
        WORD_PREFIX + "물어봐",
        "물어",
        "어봐",
        "snap",
        "1345",
    ]
