"""Text → voice → recognition, per language, on the real bundled engines.

English (Piper's neural voice) comes back nearly word for word. Korean has no neural voice in
any registry package: eSpeak NG's formant Korean is robotic, and Whisper base auto-detects it as
Thai. With the language fixed to Korean the words come back recognisably but imperfectly; the
bound below is what is honestly achievable with these two engines.
"""

from __future__ import annotations

import ctranslate2
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
    for text in ENGLISH:
        heard = _round_trip(engines, text, "en", None)
        assert word_error_rate(text, heard) <= 0.15, (text, heard)


def test_english_voice_is_piper(engines: Engines) -> None:
    speech = engines.synthesizer.synthesize(ENGLISH[0], VoiceParams(language="en"))
    assert speech.engine == "piper" and speech.voice == "en_US-joe-medium"


# On this garbled input Whisper falls back to sampling at higher temperatures, so one pass
# depends on the sampler's random state, which every earlier transcription in the process moves:
# alone a pass scored 0.70, after the whole suite 0.85. The test fixes the seeds and averages
# several passes so its result depends neither on test order nor on one lucky draw.
SAMPLING_SEEDS = range(5)


def test_korean_round_trip_with_the_language_fixed(engines: Engines) -> None:
    for text in KOREAN:
        speech = engines.synthesizer.synthesize(text, VoiceParams(language="ko"))
        assert speech.engine == "espeak-ng"
    rates = []
    for seed in SAMPLING_SEEDS:
        ctranslate2.set_random_seed(seed)
        for text in KOREAN:
            heard = _round_trip(engines, text, "ko", "ko")
            assert hangul_share(heard) > 0.5, heard
            rates.append(character_error_rate(text, heard))
    mean = sum(rates) / len(rates)
    # Measured over seeds 0-19: mean CER 0.79 (0.67-0.97 per pass, 0.38-1.33 per sentence).
    assert mean <= 0.85, rates
