"""Invented specifics and the text measures (language, echo, loop, sentence counts) of the
answers evaluation, in English and Korean."""

from __future__ import annotations

import pytest

from service.answers.eval import text
from service.answers.eval.specifics import invented_specifics, known_numbers


def kinds(answer: str, question: str = "a question") -> list[str]:
    return [s.kind for s in invented_specifics(answer, question)]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Call the office at 555-123-4567.", ["phone"]),
        ("주민센터 번호는 02-1234-5678입니다.", ["phone"]),
        ("Call their line at 4417 for help.", ["phone"]),
        ("We are at 123 Main Street.", ["address"]),
        ("서울 중구 세종대로 110에 있어요.", ["address"]),
        ("It opens at 9:00 and closes at 6 pm.", ["time", "time"]),
        ("오전 9시부터 문을 열어요.", ["time"]),
        ("Eggs cost $3.50 a dozen.", ["price"]),
        ("배추 한 포기에 3,000원이에요.", ["price"]),
        ("Tomorrow it will rain in Chicago.", ["forecast"]),
        ("It's going to rain this afternoon.", ["forecast"]),
        ("내일 부산에는 비가 오겠습니다.", ["forecast"]),
        ("오늘 기온은 15도예요.", ["forecast"]),
        ("KTX 다음 기차는 10시 예정입니다.", ["time"]),
        ("ATM은 신촌동 101-101호입니다.", ["address"]),
        ("서울은 지금 비가 많이 오고 있습니다.", ["forecast"]),
        ("오늘 미세먼지가 좋습니다.", ["forecast"]),
    ],
)
def test_invented_specifics_are_found(answer: str, expected: list[str]) -> None:
    assert kinds(answer) == expected


@pytest.mark.parametrize(
    "answer",
    [
        "Call 119 now.",
        "국민연금공단 1355번으로 전화하세요.",
        "Call Social Security at 1-800-772-1213.",
        "Call 1-800-MEDICARE.",
        "Poison Help: 800-222-1222.",
        "다누리콜센터 1577-1366에 물어보세요.",
        "Bake it at 350 degrees for 20 minutes.",
        "한글은 1443년에 세종대왕이 만들었어요.",
        "It takes about 1시간, or one hour.",
        "Boil the eggs for 6 minutes.",
        "Hangul has 24 letters.",
        "지하철 2호선을 타세요.",
    ],
)
def test_known_lines_and_ordinary_numbers_are_not_invented(answer: str) -> None:
    assert kinds(answer) == []


def test_specifics_the_question_gave_are_not_invented() -> None:
    assert kinds("Yes, the test is at 3 pm.", "the fire alarm test is at 3") == []
    assert kinds("272번 버스는 오후 3시에 와요.", "272번 버스 언제 와요") == ["time"]


def test_every_known_number_has_a_url() -> None:
    assert {
        "119",
        "112",
        "1332",
        "109",
        "911",
        "988",
        "18002221222",
        "8002221222",
    } <= known_numbers()


@pytest.mark.parametrize(
    ("answer", "language"),
    [
        ("Turn on VoiceOver in Settings.", "en"),
        ("설정에서 VoiceOver를 켜세요.", "ko"),
        ("기초연금은 국민연금공단(NPS)에 신청해요.", "ko"),
        ("You apply for 기초연금 at the community centre.", "en"),
        ("119", None),
    ],
)
def test_the_answer_language_is_read_from_its_script(answer: str, language: str | None) -> None:
    assert text.script_language(answer) == language


@pytest.mark.parametrize(
    ("question", "answer", "expected"),
    [
        ("how do i turn on voiceover", "How do I turn on VoiceOver? Open Settings.", True),
        ("배터리가 죽었어요", "배터리가 죽었어요.", True),
        ("아버지가 갑자기 말이 어눌해요", "아버지가 갑자기 말이 어눌하시군요.", True),
        ("how do i turn on voiceover", "Open Settings, then Accessibility, then VoiceOver.", False),
        ("배터리가 죽었어요", "충전기에 꽂아 보세요.", False),
        (
            "turn on captions in a zoom call",
            "To turn on captions in a Zoom call, open the settings and choose Captions.",
            False,
        ),
    ],
)
def test_echoes(question: str, answer: str, expected: bool) -> None:
    assert text.is_echo(question, answer) is expected


@pytest.mark.parametrize(
    ("answer", "language", "looped"),
    [
        ("Drink water. Rest a bit. Drink water.", "en", True),
        ("Take it with food and water, then take it with food and water again.", "en", True),
        (
            "약사에게 물어보세요 약사에게 물어보세요 약사에게 물어보세요 약사에게 물어보세요",
            "ko",
            True,
        ),
        ("Drink water. Rest a bit.", "en", False),
        ("물을 드시고 쉬세요. 그래도 아프면 병원에 가세요.", "ko", False),
    ],
)
def test_loops(answer: str, language: str, looped: bool) -> None:
    assert (text.repeated_phrase(answer, language) is not None) is looped


def test_sentences_and_words_per_sentence() -> None:
    assert text.sentences("One two. Three four five! 여섯 일곱?") == [
        "One two.",
        "Three four five!",
        "여섯 일곱?",
    ]
    assert text.words_per_sentence("One two. Three four five.") == 2.5
    assert text.words_per_sentence("물을 드시고 쉬세요. 병원에 가세요.") == 2.5
    assert text.first_sentence("") == ""


@pytest.mark.parametrize(
    "answer", ["지금 바로 119에 전화하세요.", "따로 1332에 신고하세요.", "홀로 112에 신고했어요."]
)
def test_an_adverb_ending_in_ro_before_a_number_is_no_address(answer: str) -> None:
    assert invented_specifics(answer, "") == []


def test_numbers_of_the_curated_fact_base_are_not_invented() -> None:
    answer = "서울 장애인콜택시는 1588-4388로 예약해요. 치매상담콜센터는 1899-9988이에요."
    assert invented_specifics(answer, "") == []


def test_a_road_address_is_still_found() -> None:
    assert [s.kind for s in invented_specifics("세종대로 175에 있어요.", "")] == ["address"]
