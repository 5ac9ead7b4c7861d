"""A preferred language settles Whisper's unsure language detection; it never overrules a sure
one (the figures are Whisper base's, measured: see voices/stt/language_prior.py)."""

from __future__ import annotations

import pytest

from voices.stt.language_prior import PLAUSIBLE_FROM, UNSURE_BELOW, choose_language, whisper_code

JFK = [("en", 0.95), ("pt", 0.01), ("ko", 0.001)]
"""Human English: sure."""
SAY_THAT_AGAIN = [("en", 0.34), ("ar", 0.28), ("ko", 0.0003)]
"""A short Piper phrase: unsure, but Korean is negligible."""
ESPEAK_KOREAN = [("ja", 0.17), ("th", 0.12), ("ko", 0.109)]
"""eSpeak's robotic Korean: unsure, Korean plausible."""
ESPEAK_KOREAN_AS_THAI = [("th", 0.87), ("de", 0.05), ("ko", 0.012)]
"""eSpeak's robotic Korean, confidently mistaken for Thai."""


def test_without_a_prior_the_most_probable_language_wins() -> None:
    assert choose_language(reversed(ESPEAK_KOREAN), None) == ("ja", 0.17)


@pytest.mark.parametrize("detected", [JFK, SAY_THAT_AGAIN, ESPEAK_KOREAN_AS_THAI])
def test_a_prior_leaves_sure_or_implausible_detections_alone(
    detected: list[tuple[str, float]],
) -> None:
    assert choose_language(detected, "ko") == detected[0]


def test_a_plausible_prior_settles_an_unsure_detection() -> None:
    assert choose_language(ESPEAK_KOREAN, "ko") == ("ko", 0.109)
    assert choose_language(ESPEAK_KOREAN, "ko-KR") == ("ko", 0.109), "region tags are dropped"


def test_the_thresholds_are_inclusive_where_documented() -> None:
    at_edges = [("ja", UNSURE_BELOW - 0.001), ("ko", PLAUSIBLE_FROM)]
    assert choose_language(at_edges, "ko")[0] == "ko"
    sure = [("ja", UNSURE_BELOW), ("ko", 0.4)]
    assert choose_language(sure, "ko")[0] == "ja"
    negligible = [("ja", 0.3), ("ko", PLAUSIBLE_FROM - 0.001)]
    assert choose_language(negligible, "ko")[0] == "ja"


def test_a_prior_whisper_cannot_decode_is_ignored() -> None:
    assert choose_language(ESPEAK_KOREAN, "tlh") == ("ja", 0.17)


def test_nothing_detected_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least one"):
        choose_language([], "ko")


@pytest.mark.parametrize(("code", "expected"), [("ko", "ko"), ("ko-KR", "ko"), (" EN_us", "en")])
def test_whisper_codes(code: str, expected: str) -> None:
    assert whisper_code(code) == expected
