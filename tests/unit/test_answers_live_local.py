"""Live/local questions: detection (with measured precision and recall on the labelled set),
the honest referrals and their vetted numbers."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from service.answers.live_local import (
    LIVE_LOCAL_KINDS,
    LiveLocalMatch,
    load_referrals,
    needs_live_data,
    referral,
    referral_numbers,
)
from service.answers.specifics import find_specifics

COUNTRIES = ("KR", "US", "FR")  # FR has no entry of its own: the generic fallback


def _labelled() -> list[dict[str, str]]:
    text = resources.files("service.answers.data").joinpath("live_local_labelled.jsonl")
    return [json.loads(line) for line in text.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("what's the weather like in Seoul tomorrow", "weather"),
        ("Will it rain today?", "weather"),
        ("내일 비 올까요?", "weather"),
        ("오늘 날씨 좀 알려줘", "weather"),
        ("is the pharmacy open now", "opening_hours"),
        ("What time does the bank open on Monday?", "opening_hours"),
        ("약국 몇 시까지 해요?", "opening_hours"),
        ("일요일에 문 여는 병원 있어요?", "opening_hours"),
        ("where is the nearest hospital", "nearby"),
        ("근처 약국 어디 있어요", "nearby"),
        # Which places have something: local knowledge, and a wrong list misleads.
        ("Which subway stations in Busan have an elevator?", "nearby"),
        ("which hospitals near me have doctors who speak Vietnamese", "nearby"),
        ("어느 역에 휠체어 리프트가 있어요?", "nearby"),
        ("장애인 화장실 있는 식당 좀 알려줘", "nearby"),
        ("when does the next train to Busan leave", "transit"),
        ("버스 언제 와요?", "transit"),
        ("첫차가 몇 시예요", "transit"),
        ("what is the phone number of the district office", "contact"),
        ("구청 전화번호 알려주세요", "contact"),
        ("서울역 주소 알려줘", "contact"),
        ("what is the exchange rate today", "prices"),
        ("금값 얼마예요", "prices"),
        ("today's headlines please", "news"),
        ("어제 축구 누가 이겼어?", "news"),
        ("what day is it", "date"),
        ("오늘 며칠이야", "date"),
        ("how long is the wait at the DMV", "queue"),
        ("은행 대기 시간 얼마나 돼요", "queue"),
    ],
)
def test_live_and_local_questions_match_their_kind(question: str, kind: str) -> None:
    match = needs_live_data(question)
    assert match is not None
    assert match.kind == kind
    assert match.cue


@pytest.mark.parametrize(
    "question",
    [
        "what is weather made of",
        "how do buses kneel for wheelchairs",
        "what are pharmacies for",
        "how does a clock work",
        "기초연금은 어디서 신청해요?",
        "what time zone is Seoul in",
        "서울은 표준시가 뭐예요?",
        "What is an exchange rate?",
        "환율이 뭐예요?",
        "how do I change my phone number",
        "전화번호 바꾸는 법 알려줘",
        "is it okay to open the window when I have a cold",
        "Can I bring my guide dog on the bus?",
        "저상버스 타는 법 알려주세요",
        "how do I read the news with VoiceOver",
        "배가 아파요",
        "신청서는 어디서 받아요",
        "Which planets have rings?",
        "Which foods have the most protein?",
        "어느 쪽이 더 좋아요?",
        "어떤 운동이 무릎에 좋아요?",
        "",
        "   ",
    ],
)
def test_benign_look_alikes_do_not_match(question: str) -> None:
    assert needs_live_data(question) is None


def test_the_language_hint_does_not_hide_mixed_questions() -> None:
    assert needs_live_data("KTX 몇 시에 출발해요?", "en") == LiveLocalMatch(
        "transit", "ktx 몇 시에 출발"
    )
    assert needs_live_data("is the 주민센터 open today", "ko") is not None


@pytest.mark.parametrize("language", ["ko", "en"])
def test_labelled_set_precision_and_recall(language: str) -> None:
    rows = [row for row in _labelled() if row["language"] == language]
    positives = [row for row in rows if row["label"] != "none"]
    benign = [row for row in rows if row["label"] == "none"]
    assert len(positives) >= 30 and len(benign) >= 30
    assert {row["label"] for row in positives} == set(LIVE_LOCAL_KINDS)
    matches = [(row, needs_live_data(row["text"], language)) for row in rows]
    true_pos = sum(1 for row, m in matches if m is not None and row["label"] != "none")
    false_pos = sum(1 for row, m in matches if m is not None and row["label"] == "none")
    right_kind = sum(1 for row, m in matches if m is not None and m.kind == row["label"])
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / len(positives)
    # Measured 2026-12-06: precision 1.00 (ko, en), recall 1.00 (ko, en), kind accuracy 1.00.
    # The set was written by the same engineer as the rules: the floors leave room for a
    # held-out set to be harsher, but a change that loses more than this is a regression.
    assert precision >= 0.95
    assert recall >= 0.90
    assert right_kind / true_pos >= 0.90


_HONEST_FIRST = {
    "en": re.compile(r"^I can't (?:see|check) (?:live|local) information\b"),
    "ko": re.compile(r"^저는 [^.]*(?:실시간|지역) 정보를 (?:정확히 )?(?:볼|확인할) 수 없어요\."),
}


@pytest.mark.parametrize("country", COUNTRIES)
@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("kind", LIVE_LOCAL_KINDS)
def test_referrals_start_honestly_and_name_only_vetted_numbers(
    country: str, language: str, kind: str
) -> None:
    answer = referral(LiveLocalMatch(kind, "cue"), country=country, language=language)  # type: ignore[arg-type]
    assert _HONEST_FIRST[language].match(answer.text), answer.text
    sentences = [s for s in re.split(r"(?<=[.?!])\s+", answer.text) if s]
    assert 2 <= len(sentences) <= 3
    allowed = referral_numbers(country)
    assert set(answer.numbers) <= allowed
    for specific in find_specifics(answer.text, language):
        if specific.kind == "phone":
            assert "".join(c for c in specific.text if c.isdigit()) in allowed
    for digits in re.findall(r"\d{3,}", answer.text):
        assert digits in answer.numbers
    if answer.numbers:
        assert answer.sources


def test_referral_numbers_per_country() -> None:
    assert referral_numbers("KR") >= {"131", "110", "120", "129", "1345"}
    assert referral_numbers("us") >= {"211", "511", "311"}
    assert referral_numbers("FR") == frozenset()
    assert "411" not in referral_numbers("US")  # paid and carrier-dependent: not named


def test_every_vetted_number_has_a_dated_source() -> None:
    for country in load_referrals().countries.values():
        for number in country.numbers.values():
            assert number.sources
            for source in number.sources:
                assert source.url.startswith(("http://", "https://"))
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", source.checked)
                assert source.how


def test_referral_for_a_korean_weather_question() -> None:
    match = needs_live_data("오늘 날씨 어때요?", "ko")
    assert match is not None
    answer = referral(match, country="KR", language="ko")
    assert answer.numbers == ("131",)
    assert "weather.go.kr" in answer.text
    english = referral(match, country="KR", language="en")
    assert english.text.startswith("I can't see live information like today's weather.")
