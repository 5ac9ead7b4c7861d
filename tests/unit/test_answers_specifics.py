"""The sentence gate's detector: specifics found, ordinary numbers left alone, and what
counts as supplied."""

from __future__ import annotations

import pytest

from service.answers.specifics import find_specifics, unsupported_specifics


@pytest.mark.parametrize(
    ("sentence", "kind", "text"),
    [
        ("Call 02-123-4567 for help.", "phone", "02-123-4567"),
        ("제 번호는 010-1234-5678이에요.", "phone", "010-1234-5678"),
        ("대표번호 1588-1234로 하세요.", "phone", "1588-1234"),
        ("Call (555) 123-4567 today.", "phone", "(555) 123-4567"),
        ("Call 1-800-222-1222 now.", "phone", "1-800-222-1222"),
        ("Dial +82-2-123-4567 from abroad.", "phone", "+82-2-123-4567"),
        ("You can call 120 for bus times.", "phone", "call 120"),
        ("국번 없이 131에 전화하세요.", "phone", "국번 없이 131"),
        ("120번으로 전화하세요.", "phone", "120번으로 전화"),
        ("1345로 연락하세요.", "phone", "1345로 연락"),
        ("The office is at 123 Main Street.", "address", "123 Main Street"),
        ("It is at 45 W Oak Ave near the park.", "address", "45 W Oak Ave"),
        ("세종대로 110에 있어요.", "address", "세종대로 110"),
        ("난계로28길 12로 오세요.", "address", "난계로28길 12"),
        ("역삼동 123-4에 있어요.", "address", "역삼동 123-4"),
        ("서울시 강남구 역삼동에 있어요.", "address", "서울시 강남구 역삼동"),
        ("It opens at 9 a.m.", "clock_time", "9 a.m."),
        ("Closes at 6pm.", "clock_time", "6pm"),
        ("Come at 14:30.", "clock_time", "14:30"),
        ("It is open until 6 on weekdays.", "clock_time", "until 6"),
        ("오전 9시부터 문을 열어요.", "clock_time", "오전 9시"),
        ("9시에 열어요.", "clock_time", "9시"),
        ("아홉 시에 오세요.", "clock_time", "아홉 시"),
        ("Today is Monday.", "date_time_today", "Today is Monday"),
        ("오늘은 12월 6일이에요.", "date_time_today", "오늘은 12월 6일"),
        ("지금은 오후 3시예요.", "date_time_today", "지금은 오후 3시"),
        ("It costs $5.", "price", "$5"),
        ("A ticket is 5 dollars.", "price", "5 dollars"),
        ("5,000원이에요.", "price", "5,000원"),
        ("천 원만 내면 돼요.", "price", "천 원"),
        ("3만 원이에요.", "price", "3만 원"),
        ("It will rain this afternoon.", "forecast", "It will rain"),
        ("It is currently 25 degrees.", "forecast", "currently 25 degrees"),
        ("There is a 60% chance of rain.", "forecast", "chance of rain"),
        ("내일 비가 오겠습니다.", "forecast", "내일 비가"),
        ("하루 종일 맑겠습니다.", "forecast", "맑겠"),
        ("낮 기온은 25도까지 올라요.", "forecast", "낮 기온은 25도"),
        ("Visit www.example.com for details.", "url", "www.example.com"),
        (
            "See https://www.weather.go.kr/w/index.do today.",
            "url",
            "https://www.weather.go.kr/w/index.do",
        ),
        ("응급의료포털(e-gen.or.kr)에서 찾아요.", "url", "e-gen.or.kr"),
    ],
)
def test_specifics_are_found(sentence: str, kind: str, text: str) -> None:
    found = find_specifics(sentence, "ko" if any("가" <= c <= "힣" for c in sentence) else "en")
    assert (kind, text) in [(s.kind, s.text) for s in found]


@pytest.mark.parametrize(
    "sentence",
    [
        "You can get it from age 65.",
        "어르신은 65세부터 받을 수 있어요.",
        "The rule applies since 2024.",
        "2024년부터 시행됐어요.",
        "Take two pills with water.",
        "하루 2번 드세요.",
        "The center is open 24 hours.",
        "24시간 운영해요.",
        "There are 3 steps.",
        "3단계로 신청해요.",
        "About 50% of people qualify.",
        "Go to the 1st floor.",
        "3번 출구로 나가세요.",
        "100번 버스를 타세요.",
        "택시로 10분 걸려요.",
        "버스로 2정거장 가요.",
        "It takes one hour.",
        "한 시간 걸려요.",
        "다시 한번 해 보세요.",
        "Wait 2 weeks after you apply.",
        "Bake it at 180 degrees.",
        "Version 3.5 of the app works, e.g. on Android.",
        "What is weather made of? Water vapour and air.",
        "You can apply online or at the office.",
        "기초연금은 주민센터에서 신청해요.",
    ],
)
def test_ordinary_numbers_and_text_are_not_specifics(sentence: str) -> None:
    assert find_specifics(sentence, "en") == []


def test_specifics_come_in_order_without_overlaps() -> None:
    found = find_specifics("서울시 종로구 세종대로 209, 오전 9시부터, 02-2100-1234.", "ko")
    assert [s.kind for s in found] == ["address", "clock_time", "phone"]
    assert found[0].text == "서울시 종로구 세종대로 209"


def test_vetted_numbers_compare_by_digits() -> None:
    sentence = "Call Poison Control at 1-800-222-1222."
    assert unsupported_specifics(sentence, "en", supplied="", allowed_numbers=["18002221222"]) == []
    unsupported = unsupported_specifics(sentence, "en", supplied="", allowed_numbers=["911"])
    assert [s.kind for s in unsupported] == ["phone"]


def test_short_service_numbers_are_checked_against_the_vetted_list() -> None:
    sentence = "국번 없이 129에 전화하거나 02-555-1234로 연락하세요."
    unsupported = unsupported_specifics(sentence, "ko", supplied="", allowed_numbers={"129"})
    assert [s.text for s in unsupported] == ["02-555-1234"]


def test_supplied_facts_and_the_users_words_support_specifics() -> None:
    facts = "주민센터는 평일 오전 9시부터 오후 6시까지 문을 열어요. 수수료는 5,000원이에요."
    sentence = "평일 오전 9시부터 열고, 수수료는 5000원이에요."
    assert unsupported_specifics(sentence, "ko", supplied=facts, allowed_numbers=()) == []
    question = "My daughter's number is (555) 123-4567, how do I save it?"
    answer = "Open Contacts and type 555-123-4567."
    assert unsupported_specifics(answer, "en", supplied=question, allowed_numbers=()) == []


def test_same_hour_and_amount_in_other_words_is_supported() -> None:
    supplied = "Open from 9:00 AM. The fee is 5 dollars."
    sentence = "It opens at 9 a.m. and costs $5."
    assert unsupported_specifics(sentence, "en", supplied=supplied, allowed_numbers=()) == []
    assert (
        unsupported_specifics("It opens at 9 a.m.", "en", supplied="오전 9시", allowed_numbers=())
        == []
    )


def test_invented_specifics_are_reported() -> None:
    sentence = "The pharmacy at 12 Elm Street is open until 9 p.m. today; call 555-0100-2233."
    kinds = [s.kind for s in unsupported_specifics(sentence, "en", supplied="", allowed_numbers=())]
    assert kinds == ["address", "clock_time", "phone"]
    forecast = "내일은 비가 오겠고 낮 기온은 25도예요."
    invented = unsupported_specifics(
        forecast, "ko", supplied="내일 날씨 어때요?", allowed_numbers=()
    )
    assert [s.text for s in invented] == ["내일은 비가", "낮 기온은 25도"]


def test_an_official_site_named_in_the_supplied_referral_is_allowed() -> None:
    referral = "기상청 날씨누리(weather.go.kr)에서 확인할 수 있어요."
    sentence = "https://www.weather.go.kr/ 에서 보세요."
    assert unsupported_specifics(sentence, "ko", supplied=referral, allowed_numbers=()) == []
    assert unsupported_specifics(
        "See weather-now.com.", "en", supplied=referral, allowed_numbers=()
    )
