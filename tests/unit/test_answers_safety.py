"""The safety layer's vetted responses and its data file (service/answers/safety.py)."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from service.answers.safety import SafetyMatch, classify, official_numbers, vetted_response
from service.answers.safety_data import CountryData, load_safety_data

EMERGENCY_KINDS = (
    "cardiac",
    "breathing",
    "stroke",
    "unresponsive",
    "bleeding",
    "fire",
    "violence",
    "suicide",
    "poisoning",
    "fall",
    "low_sugar",
)
SCAM_KINDS = (
    "impersonation",
    "family_money",
    "gift_card",
    "credentials",
    "remote_app",
    "safe_account",
    "phishing_link",
)
MEDICATION_KINDS = (
    "missed_dose",
    "double_dose",
    "side_effect",
    "interaction",
    "child_dose",
    "dose_change",
)
ALL_KINDS = (
    [("emergency", kind) for kind in EMERGENCY_KINDS]
    + [("scam", kind) for kind in SCAM_KINDS]
    + [("medication", kind) for kind in MEDICATION_KINDS]
)
COUNTRIES = ("KR", "US", "FR")
LANGUAGES = ("ko", "en")

FIRST_SENTENCE_NUMBER = {
    ("KR", "violence"): "112",
    ("KR", "suicide"): "109",
    ("US", "suicide"): "988",
}
"""The number the first sentence of an emergency answer must name, where not the default."""
DEFAULT_EMERGENCY_NUMBER = {"KR": "119", "US": "911", "FR": "112"}


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]


def respond(category: str, kind: str, country: str, language: str) -> str:
    match = SafetyMatch(category=category, kind=kind, cue="test")  # type: ignore[arg-type]
    return vetted_response(match, country=country, language=language).text


@pytest.mark.parametrize("country", COUNTRIES)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("category", "kind"), ALL_KINDS)
def test_every_response_names_only_vetted_numbers_and_no_other_digits(
    category: str, kind: str, country: str, language: str
) -> None:
    match = SafetyMatch(category=category, kind=kind, cue="test")  # type: ignore[arg-type]
    response = vetted_response(match, country=country, language=language)
    assert set(response.numbers) <= official_numbers(country)
    remainder = response.text
    for number in response.numbers:
        assert number in response.text
        remainder = remainder.replace(number, "")
    assert not re.search(r"\d", remainder), response.text
    assert not re.search(r"[*#\n]|^\s*-\s", response.text), "plain sentences, no markdown"
    if response.numbers:
        assert response.sources, "an answer that names a number carries its source"
    for source in response.sources:
        assert source.url.startswith("http") and re.fullmatch(r"\d{4}-\d\d-\d\d", source.checked)


@pytest.mark.parametrize("country", COUNTRIES)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", EMERGENCY_KINDS)
def test_emergency_first_sentence_names_the_country_number(
    kind: str, country: str, language: str
) -> None:
    expected = FIRST_SENTENCE_NUMBER.get((country, kind), DEFAULT_EMERGENCY_NUMBER[country])
    assert expected in first_sentence(respond("emergency", kind, country, language))


@pytest.mark.parametrize("country", COUNTRIES)
@pytest.mark.parametrize("kind", SCAM_KINDS)
def test_scam_answers_say_scam_first_and_warn_about_money_and_codes(
    kind: str, country: str
) -> None:
    english = respond("scam", kind, country, "en")
    assert first_sentence(english) == "This is very likely a scam."
    korean = respond("scam", kind, country, "ko")
    assert first_sentence(korean) == "사기일 가능성이 아주 높아요."


@pytest.mark.parametrize("country", COUNTRIES)
@pytest.mark.parametrize("kind", MEDICATION_KINDS)
def test_medication_answers_send_to_a_pharmacist_and_never_name_a_dose(
    kind: str, country: str
) -> None:
    english = respond("medication", kind, country, "en")
    korean = respond("medication", kind, country, "ko")
    assert re.search(r"pharmac|doctor", english) and re.search(r"약사|약국|의사|병원", korean)
    for text in (english, korean):
        assert not re.search(r"\b(?:mg|ml)\b|밀리|미리|\d+\s*(?:알|정|번)", text)


def test_korean_answers_are_polite_haeyo_sentences() -> None:
    for country in COUNTRIES:
        for category, kind in ALL_KINDS:
            text = respond(category, kind, country, "ko")
            for sentence in re.split(r"(?<=\.)\s", text):
                assert sentence.endswith("요."), sentence
                assert len(sentence.split()) <= 16, sentence


def test_an_english_speaker_in_korea_gets_119() -> None:
    match = classify("my dad collapsed in the kitchen")
    assert match is not None
    response = vetted_response(match, country="KR", language="en")
    assert first_sentence(response.text) == "Call 119 now."
    assert response.numbers == ("119",)
    assert response.allow_model_addition is False


@pytest.mark.parametrize("country", ["", "zz", "XX", "default", "  "])
def test_unknown_countries_get_the_generic_answer(country: str) -> None:
    text = respond("emergency", "cardiac", country, "en")
    assert first_sentence(text).startswith("Call your local emergency number now")
    assert "112" in first_sentence(text)


def test_country_codes_are_case_and_space_tolerant_and_languages_fall_back_to_english() -> None:
    assert respond("emergency", "fire", " kr ", "ko-KR").startswith("지금 바로 밖으로 나가서 119")
    assert respond("emergency", "fire", "US", "vi").startswith("Get out now and call 911")


def test_official_numbers_per_country() -> None:
    assert official_numbers("KR") == {"119", "112", "1332", "109"}
    assert official_numbers("US") == {"911", "988", "1-800-222-1222"}
    assert official_numbers("JP") == {"112"}


def test_the_data_file_validates_and_every_number_has_a_dated_source() -> None:
    data = load_safety_data()
    for country in data.countries.values():
        for entry in country.numbers:
            assert entry.source.url.startswith("http")
            assert entry.source.checked == "2026-12-06"
            assert entry.source.how.strip()


def test_the_data_model_refuses_a_text_with_an_unvetted_number() -> None:
    data = load_safety_data().countries["KR"].model_dump()
    data["responses"]["scam"]["default"]["en"] = "This is very likely a scam. Call 1588-0000."
    with pytest.raises(ValidationError, match="unvetted"):
        CountryData.model_validate(data)


def test_the_data_model_refuses_a_missing_default() -> None:
    data = load_safety_data().countries["US"].model_dump()
    del data["responses"]["medication"]["default"]
    with pytest.raises(ValidationError, match="no default medication"):
        CountryData.model_validate(data)


def test_scam_answers_may_take_a_model_sentence_emergencies_and_medication_may_not() -> None:
    allowed = load_safety_data().allow_model_addition
    assert allowed == {"emergency": False, "scam": True, "medication": False}
