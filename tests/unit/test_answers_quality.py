"""Answer checks: echoes, loops, the wrong language and list markup."""

from __future__ import annotations

import pytest

from service.answers.quality import find_loop, is_echo, strip_list_markup, wrong_language


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("기초연금은 어디서 신청해요?", "기초연금은 어디서 신청해요?"),
        ("기초연금은 어디서 신청해요?", "기초연금은 어디서 신청하나요?"),
        ("기초연금 어디서 신청해요", "기초연금은 어디서 신청해요? 기초연금은 어디서 신청해요?"),
        ("How do I renew my passport?", "How do I renew my passport?"),
        ("how do i renew my passport", "How can I renew my passport?"),
        ("What is the basic pension?", "What is the basic pension? What is the basic pension?"),
        ("음 버스 카드 어떻게 충전해요", "버스 카드 어떻게 충전해요?"),
    ],
)
def test_echoes_are_found(question: str, answer: str) -> None:
    assert is_echo(question, answer)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("기초연금은 어디서 신청해요?", "주민센터나 국민연금공단 지사에서 신청할 수 있어요."),
        (
            "기초연금은 어디서 신청해요?",
            "기초연금은 가까운 주민센터나 국민연금공단 지사에서 신청해요.",
        ),
        (
            "How do I renew my passport?",
            "You can renew your passport online or at a passport office.",
        ),
        ("How do I renew my passport?", "To renew your passport, fill in form DS-82 and mail it."),
        ("Is it safe?", "Yes."),
        ("안녕하세요", "네, 안녕하세요! 무엇을 도와드릴까요?"),
        ("", "Anything."),
    ],
)
def test_real_answers_are_not_echoes(question: str, answer: str) -> None:
    assert not is_echo(question, answer)


def test_a_repeated_sentence_is_a_loop_from_its_second_time() -> None:
    text = "You can apply online. It takes a week. You can apply online. It takes a week."
    index = find_loop(text)
    assert index is not None
    assert text[:index].strip() == "You can apply online. It takes a week."


def test_a_korean_repeated_sentence_is_a_loop() -> None:
    text = "주민센터에서 신청하세요. 신분증을 가져가세요. 주민센터에서 신청하세요."
    index = find_loop(text)
    assert index is not None
    assert text[:index].strip() == "주민센터에서 신청하세요. 신분증을 가져가세요."


def test_a_phrase_looping_without_full_stops_is_found() -> None:
    text = "you can go to the office and then you can go to the office and then you can go to"
    index = find_loop(text)
    assert index is not None
    assert text[:index].strip() == "you can go to the office and then"


def test_a_short_run_said_three_times_is_a_loop() -> None:
    text = "네 네 알겠습니다 그리고 네 네 알겠습니다 그리고 네 네 알겠습니다 그리고"
    assert find_loop(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "Take one pill in the morning. Take one pill in the evening.",
        "Yes. Yes.",
        "네. 네.",
        "아침에 한 알 드세요. 저녁에도 한 알 드세요.",
        "Call 119. If you cannot speak, stay on the line.",
        "",
        "Go to the office. Bring your ID card. Ask for the form. Fill it in and hand it back.",
    ],
)
def test_ordinary_answers_have_no_loop(text: str) -> None:
    assert find_loop(text) is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("You can apply at the office.", "ko"),
        ("这个问题很好。", "ko"),
        ("오늘은 좋은 날이에요 这个很好", "ko"),
        ("Вы можете подать заявление.", "ko"),
        ("주민센터에 가세요.", "en"),
        ("这个问题很好。", "en"),
        ("You can 신청 at 주민센터 on 평일 오전 only 방문하면 돼요 됩니다.", "en"),
    ],
)
def test_wrong_language_is_found(sentence: str, expected: str) -> None:
    assert wrong_language(sentence, expected)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("KTX는 서울역에서 타요.", "ko"),
        ("Wi-Fi 비밀번호는 공유기 뒷면에 있어요.", "ko"),
        ("VoiceOver를 켜려면 설정으로 가세요.", "ko"),
        ("iPhone에서 TalkBack은 없어요.", "ko"),
        ("e-gen.or.kr에서 찾을 수 있어요.", "ko"),
        ("119에 전화하세요.", "ko"),
        ("Go to the 주민센터 near your home.", "en"),
        ("Call 119 now.", "en"),
        ("123-4567", "en"),
        ("", "ko"),
        ("Ceci est en français.", "fr"),  # other languages are not judged
    ],
)
def test_names_acronyms_and_numbers_are_tolerated(sentence: str, expected: str) -> None:
    assert not wrong_language(sentence, expected)


@pytest.mark.parametrize(
    ("marked", "spoken"),
    [
        ("1. Go to the office.", "Go to the office."),
        ("2) Bring your ID.", "Bring your ID."),
        ("- Bring your ID card", "Bring your ID card"),
        ("* 신분증을 가져가세요", "신분증을 가져가세요"),
        ("• 신분증", "신분증"),
        ("① 주민센터에 가세요.", "주민센터에 가세요."),
        ("**Important:** call 119.", "Important: call 119."),
        ("__중요__해요", "중요해요"),
        ("Use the `Settings` app.", "Use the Settings app."),
        ("### How to apply", "How to apply"),
        ("> Quoted text", "Quoted text"),
        ("See [the portal](https://www.e-gen.or.kr).", "See the portal."),
        ("| 서류 | 신분증 |", "서류 신분증"),
        ("|---|---|", ""),
        ("1. First\n2. Second", "First Second"),
        ("It costs 3.5 dollars.", "It costs 3.5 dollars."),
        ("Take 2 * 3 steps.", "Take 2 * 3 steps."),
        ("No markup here.", "No markup here."),
    ],
)
def test_list_markup_becomes_spoken_text(marked: str, spoken: str) -> None:
    assert strip_list_markup(marked) == spoken
