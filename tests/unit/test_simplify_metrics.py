"""Readability measures: English (textstat 0.7.8), Korean (Kiwi, wordfreq), acronyms, L4."""

from __future__ import annotations

import pytest

from accessibility.simplify.acronyms import unexplained_acronyms
from accessibility.simplify.metrics import measure, target_misses, zipf_ko
from accessibility.simplify.settings import SimplifySettings
from accessibility.simplify.targets import (
    UnsupportedLanguageError,
    simplify_language,
    targets_for,
)

ENGLISH = (
    "The council will review every application that it receives before the end of the month. "
    "Applicants who are successful will be informed in writing."
)


def test_flesch_kincaid_grade_of_a_fixed_text() -> None:
    measures = measure(ENGLISH, "en")
    # 24 words, 2 sentences, 39 syllables: 0.39 * 12 + 11.8 * 39 / 24 - 15.59 = 8.265
    assert measures.fk_grade == pytest.approx(8.265, abs=1e-3)
    assert measures.sentences == 2
    assert measures.words == 24
    assert measures.words_per_sentence == 12.0
    assert measures.longest_sentence_words == 15


def test_english_sentences_do_not_split_after_abbreviations() -> None:
    measures = measure("Call us at 9 a.m. on Monday. Dr. Smith will answer.", "en")
    assert measures.sentences == 2


def test_korean_eojeol_per_sentence() -> None:
    text = "신청은 주민센터에서 할 수 있어요. 신분증을 가지고 오세요. 궁금하면 전화하세요"
    measures = measure(text, "ko")
    assert measures.sentences == 3
    assert measures.words == 5 + 3 + 2
    assert measures.words_per_sentence == pytest.approx(10 / 3, abs=0.01)
    assert measures.longest_sentence_words == 5
    assert measures.fk_grade is None


def test_zipf_of_common_and_rare_korean_words() -> None:
    assert zipf_ko("고양이") > 4
    assert zipf_ko("본인부담상한제") < 1


def test_rare_share_counts_compounds_and_skips_names_and_explained_terms() -> None:
    hard = "본인부담상한제에 따라 환급금이 지급됩니다."
    measures = measure(hard, "ko")
    assert "본인부담상한제" in measures.rare_words
    assert measures.rare_share is not None and measures.rare_share > 0.2
    explained = "본인부담상한제(병원비를 많이 낸 사람에게 돌려주는 제도)로 돈을 돌려받아요."
    assert "본인부담상한제" not in measure(explained, "ko").rare_words
    named = "국민건강보험공단에 전화하세요."
    assert measure(named, "ko").rare_words == []


def test_plain_korean_has_a_lower_rare_share_than_a_notice() -> None:
    notice = (
        "환급 대상자에게는 안내문이 발송될 예정이며 별도 신청 없이 계좌로 지급됩니다. "
        "체납액이 있는 경우 환급금에서 충당됩니다."
    )
    plain = "돌려받을 돈이 있으면 편지가 와요. 따로 신청하지 않아도 돼요. 돈은 통장으로 들어와요."
    assert (measure(plain, "ko").rare_share or 0) < (measure(notice, "ko").rare_share or 0)


@pytest.mark.parametrize(
    ("text", "language", "unexplained"),
    [
        ("KTX 승차권을 예매하세요.", "ko", ["KTX"]),
        ("KTX(고속열차) 승차권을 예매하세요.", "ko", []),
        ("고속열차(KTX) 승차권을 예매하세요.", "ko", []),
        ("ARS(1544-9944)로 신청하세요.", "ko", ["ARS"]),
        ("Apply for SNAP today.", "en", ["SNAP"]),
        ("The Supplemental Nutrition Assistance Program (SNAP) helps.", "en", []),
        ("Ask the IRS, the tax office, for help.", "en", []),
        ("Watch it on TV.", "en", []),
    ],
)
def test_acronyms_are_explained_by_a_gloss_or_an_expansion(
    text: str, language: str, unexplained: list[str]
) -> None:
    assert unexplained_acronyms(text, language) == unexplained


def test_generic_counts_percentages_large_numbers_negations_passives() -> None:
    en = measure("20% of claims were rejected. You do not need to pay $15,000.", "en")
    assert (en.percentages, en.large_numbers, en.negations, en.passives) == (1, 1, 1, 1)
    ko = measure("소득 하위 10% 가구는 87만 원이 지급됩니다. 신청하지 않아도 됩니다.", "ko")
    assert ko.percentages == 1
    assert ko.large_numbers == 1
    assert ko.negations == 1
    assert ko.passives == 1


def test_targets_per_level_and_misses() -> None:
    settings = SimplifySettings()
    easy = targets_for(settings, "en", "easy-read")
    assert (easy.max_grade, easy.max_words_per_sentence) == (6.0, 15.0)
    misses = target_misses(measure(ENGLISH, "en"), easy)
    assert [m.measure for m in misses] == ["fk_grade"]
    plain_ko = targets_for(settings, "ko-KR", "plain")
    assert plain_ko.max_words_per_sentence == 16.0
    assert plain_ko.max_rare_share == settings.ko_plain_max_rare_share


def test_unsupported_language_is_refused_by_name() -> None:
    assert simplify_language("en-GB") == "en"
    with pytest.raises(UnsupportedLanguageError, match="'fr'"):
        simplify_language("fr")
