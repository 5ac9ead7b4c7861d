"""Facts a simplification must keep (L5): extraction, normalisation and comparison."""

from __future__ import annotations

import pytest

from accessibility.simplify.facts import Fact, check_facts, extract_facts
from accessibility.simplify.numbers import korean_number_value
from accessibility.simplify.targets import SimplifyLanguage


def keys(text: str, language: SimplifyLanguage) -> set[tuple[str, str]]:
    return {(f.kind, f.key) for f in extract_facts(text, language)}


def test_korean_notice_facts_of_every_kind() -> None:
    text = (
        "국민건강보험공단은 2025년 1월 1일부터 소득 하위 10% 가구의 상한액을 87만 원으로 "
        "조정합니다. 평일 오전 9시부터 오후 6시까지 고객센터(1577-1000)로 문의하세요. "
        "서울시 강남구 주민에게 3개월간 지원합니다."
    )
    assert keys(text, "ko") >= {
        ("name", "국민건강보험공단"),
        ("date", "2025-01-01"),
        ("percent", "10%"),
        ("amount", "870000 KRW"),
        ("time", "09:00"),
        ("time", "18:00"),
        ("phone", "15771000"),
        ("name", "서울시"),
        ("name", "강남구"),
        ("number", "3"),
    }


def test_english_notice_facts_of_every_kind() -> None:
    text = (
        "From March 1, 2025, the Department for Work and Pensions will pay $1,250. "
        "Call 0800 123 4567 between 9 a.m. and 5:30 p.m. About 20% of claims take 3 weeks."
    )
    found = keys(text, "en")
    assert found >= {
        ("date", "2025-03-01"),
        ("name", "departmentforworkandpensions"),
        ("amount", "1250 USD"),
        ("phone", "08001234567"),
        ("time", "09:00"),
        ("time", "17:30"),
        ("percent", "20%"),
        ("number", "3"),
    }
    # "From", "Call", "About" only start their sentences: they are not names.
    assert not {k for k in found if k[0] == "name"} - {("name", "departmentforworkandpensions")}


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("1,000", 1000),
        ("3만", 30000),
        ("3만 5천", 35000),
        ("87만", 870000),
        ("1억 2,000만", 120_000_000),
        ("2.5억", 250_000_000),
        ("364만 8천", 3_648_000),
        ("34만 2,510", 342_510),
    ],
)
def test_korean_number_words_read_into_values(expression: str, value: int) -> None:
    assert korean_number_value(expression) == value


@pytest.mark.parametrize(
    ("source", "rewrite", "language"),
    [
        ("30,000원을 드립니다.", "3만 원을 줘요.", "ko"),
        ("1억 2,000만 원까지", "120,000,000원까지", "ko"),
        ("오후 6시까지", "18:00까지", "ko"),
        ("9시에 엽니다.", "오전 9시에 열어요.", "ko"),
        ("3개월 동안", "세 달 동안", "ko"),
        ("국민건강보험공단에 문의", "국민 건강 보험 공단에 전화", "ko"),
        ("Pay £1,000 by 1 March 2025.", "Pay £1000 by March 1, 2025.", "en"),
        ("It takes 3 weeks.", "It takes three weeks.", "en"),
        ("Call 0800 123 4567.", "Phone 0800-123-4567.", "en"),
        ("Open 9 a.m. to 5 p.m.", "Open from 9am until 5pm.", "en"),
        ("A 25% discount.", "25 percent off.", "en"),
    ],
)
def test_the_same_fact_written_differently_is_kept(
    source: str, rewrite: str, language: SimplifyLanguage
) -> None:
    facts = extract_facts(source, language)
    assert facts
    assert check_facts(facts, rewrite, language).missing == []


@pytest.mark.parametrize(
    ("source", "rewrite", "language", "lost"),
    [
        ("30,000원을 드립니다.", "3천 원을 줘요.", "ko", "30,000원"),
        ("2025년 3월 1일부터", "3월 1일부터", "ko", "2025년 3월 1일"),
        ("오후 6시까지", "오전 6시까지", "ko", "오후 6시"),
        ("고객센터(1577-1000)", "고객센터(1577-1001)", "ko", "1577-1000"),
        ("소득 하위 10% 가구", "소득이 적은 가구", "ko", "10%"),
        ("국민건강보험공단이 돌려줍니다.", "공단이 돌려줍니다.", "ko", "국민건강보험공단"),
        ("Pay £1,000 by 1 March 2025.", "Pay £100 by 1 March 2025.", "en", "£1,000"),
        ("Apply by 1 March 2025.", "Apply by 1 March 2026.", "en", "1 March 2025"),
        ("Ask Transport for London.", "Ask the transport office.", "en", "Transport for London"),
    ],
)
def test_a_lost_or_changed_fact_is_missing(
    source: str, rewrite: str, language: SimplifyLanguage, lost: str
) -> None:
    missing = check_facts(extract_facts(source, language), rewrite, language).missing
    assert [f.text for f in missing] == [lost]


def test_date_digits_are_not_also_counted_as_numbers() -> None:
    facts = extract_facts("2025년 6월 2일까지 신고하세요.", "ko")
    assert facts == [Fact(kind="date", text="2025년 6월 2일", key="2025-06-02")]


def test_phone_numbers_are_not_read_as_amounts_or_dates() -> None:
    assert keys("문의: 02-2199-6700", "ko") == {("phone", "0221996700")}
    assert keys("Call 1-800-633-4227.", "en") == {("phone", "18006334227")}
