"""Text → voice → recognition, per language, on the real bundled engines.

English (Piper's neural voice) comes back nearly word for word. Korean has no neural voice in
any registry package: eSpeak NG's formant Korean is robotic, and Whisper base auto-detects it as
Thai. With the language fixed to Korean the words come back recognisably but imperfectly; the
bound below is what is honestly achievable with these two engines.
"""

from __future__ import annotations

import pytest

from accessibility.language import hangul_share
from service.engines import Engines
from service.settings import Settings
from tests.helpers.wer import word_error_rate
from voices.audio import WHISPER_RATE
from voices.tts.base import VoiceParams

pytestmark = pytest.mark.slow

ENGLISH = [
    "The library opens at nine in the morning on weekdays.",
    "Please bring your passport and a recent photo to the office.",
]
KOREAN = ["서울은 한국의 수도입니다.", "병원에 가고 싶어요.", "오늘 날씨가 좋습니다."]


def character_error_rate(reference: str, hypothesis: str) -> float:
    """Levenshtein distance over characters (spaces and punctuation ignored) / reference length."""
    ref = [c for c in reference if c.isalnum()]
    hyp = [c for c in hypothesis if c.isalnum()]
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, start=1):
        current = [i]
        for j, h in enumerate(hyp, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h)))
        previous = current
    return previous[-1] / max(1, len(ref))


@pytest.fixture(scope="module")
def engines(model_dir: object) -> Engines:
    return Engines(Settings())


def _round_trip(engines: Engines, text: str, language: str, fixed: str | None) -> str:
    speech = engines.synthesizer.synthesize(text, VoiceParams(language=language, rate=0.9))
    audio = speech.audio().resample(WHISPER_RATE)
    return engines.recognizer.transcribe(audio, language=fixed).text


def test_english_round_trip_recovers_the_words(engines: Engines) -> None:
    # Word error rate over both sentences together (errors / reference words), as WER is
    # reported: one merged pair ("Placebring" for "Please bring", seen once in CI) is 2 errors
    # in an 11-word sentence (0.18) but 0.10 of the 21 words; usually there are none.
    heard = [_round_trip(engines, text, "en", None) for text in ENGLISH]
    words = [len(text.split()) for text in ENGLISH]
    errors = sum(word_error_rate(t, h) * n for t, h, n in zip(ENGLISH, heard, words, strict=True))
    assert errors / sum(words) <= 0.15, heard


def test_english_voice_is_piper(engines: Engines) -> None:
    speech = engines.synthesizer.synthesize(ENGLISH[0], VoiceParams(language="en"))
    assert speech.engine == "piper" and speech.voice == "en_US-joe-medium"


# On this garbled input Whisper falls back to sampling at higher temperatures, so one pass is a
# random draw: its mean CER ranged 0.67-0.97 over 20 passes (mean 0.79, sd 0.07), and the same
# build failed a one-pass bound of 0.85 after the whole suite while passing it alone. The
# sampler's seed cannot be fixed from Python (CTranslate2 keeps one per worker thread; two runs
# with the same seeds differed), so the test averages several passes and bounds the average
# where chance alone would not cross it: 8 passes, standard error ~0.025, bound 0.88 (+3.6 SE).
PASSES = 8


def test_korean_round_trip_with_the_language_fixed(engines: Engines) -> None:
    for text in KOREAN:
        speech = engines.synthesizer.synthesize(text, VoiceParams(language="ko"))
        assert speech.engine == "espeak-ng"
    rates = []
    for _ in range(PASSES):
        for text in KOREAN:
            heard = _round_trip(engines, text, "ko", "ko")
            assert hangul_share(heard) > 0.5, heard
            rates.append(character_error_rate(text, heard))
    mean = sum(rates) / len(rates)
    assert mean <= 0.88, rates
