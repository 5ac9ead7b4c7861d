"""Voice routing, fallback notes, sentence pauses and rate, with fake voices (no models)."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

import httpx
import numpy as np
import pytest

from voices.audio import Audio
from voices.tts.base import SynthesisError, SynthesizedSpeech, VoiceParams
from voices.tts.espeak import espeak_pitch, espeak_rate, espeak_volume
from voices.tts.fake import FakeSynthesizer
from voices.tts.router import SpeechRouter, cue_times, join_speech

if TYPE_CHECKING:
    from voices.tts.gtts_voice import GttsSynthesizer

EN = VoiceParams(language="en")
KO = VoiceParams(language="ko")


class Clock:
    """A hand-moved clock, so the online retry window is tested without sleeping."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def voices(online_error: str | None = None) -> tuple[FakeSynthesizer, ...]:
    online = FakeSynthesizer("online", error=online_error)
    english = FakeSynthesizer("english", languages={"en"})
    fallback = FakeSynthesizer("fallback", languages={"en", "ko", "fr"})
    return online, english, fallback


def test_english_goes_to_the_english_voice_and_the_rest_to_the_fallback() -> None:
    _, english, fallback = voices()
    router = SpeechRouter(english, fallback)
    assert router.synthesize("Hello.", EN).engine == "english"
    spoken = router.synthesize("안녕하세요.", KO)
    assert (spoken.engine, spoken.voice, spoken.note) == ("fallback", "fallback-ko", None)
    assert router.synthesize("Bonjour.", VoiceParams(language="fr-FR")).engine == "fallback"


def test_without_an_english_voice_the_fallback_speaks_english() -> None:
    _, _, fallback = voices()
    assert SpeechRouter(None, fallback).synthesize("Hello.", EN).engine == "fallback"


def test_online_voice_comes_first() -> None:
    online, english, fallback = voices()
    router = SpeechRouter(english, fallback, online)
    assert router.synthesize("Hello.", EN).engine == "online"
    assert router.synthesize("안녕.", KO).engine == "online"
    assert not english.calls and not fallback.calls


def test_online_failure_falls_back_with_a_note() -> None:
    online, english, fallback = voices(online_error="Failed to connect")
    router = SpeechRouter(english, fallback, online)
    spoken = router.synthesize("안녕하세요.", KO)
    assert spoken.engine == "fallback"
    assert spoken.note is not None
    assert "online failed: Failed to connect" in spoken.note
    assert "spoken by fallback instead" in spoken.note
    assert router.synthesize("Hello.", EN).engine == "english"


def test_a_failed_online_voice_rests_then_is_tried_again() -> None:
    online, english, fallback = voices(online_error="offline")
    clock = Clock()
    router = SpeechRouter(english, fallback, online, online_retry_s=60, clock=clock)
    router.synthesize("One.", KO)
    clock.now = 30.0
    spoken = router.synthesize("Two.", KO)
    assert len(online.calls) == 1  # not asked again inside the window
    assert spoken.note == "online voice unavailable (offline); spoken by fallback instead"
    clock.now = 61.0
    online.error = None
    spoken = router.synthesize("Three.", KO)
    assert (spoken.engine, spoken.note) == ("online", None)


def test_english_voice_failure_falls_back_too() -> None:
    english = FakeSynthesizer("english", languages={"en"}, error="model file is damaged")
    fallback = FakeSynthesizer("fallback")
    spoken = SpeechRouter(english, fallback).synthesize("Hello.", EN)
    assert spoken.engine == "fallback"
    assert spoken.note == "english failed: model file is damaged; spoken by fallback instead"


def test_no_voice_for_a_language_raises() -> None:
    _, english, fallback = voices()
    router = SpeechRouter(english, fallback)
    assert not router.supports("xx")
    with pytest.raises(SynthesisError, match="cannot speak language 'xx'"):
        router.synthesize("?", VoiceParams(language="xx"))


def test_every_voice_failing_raises_with_all_reasons() -> None:
    router = SpeechRouter(FakeSynthesizer("a", error="boom"), FakeSynthesizer("b", error="bust"))
    with pytest.raises(SynthesisError, match="a failed: boom; b failed: bust"):
        router.synthesize("Hello.", EN)


def test_pauses_add_exactly_the_right_silence() -> None:
    _, english, fallback = voices()
    router = SpeechRouter(english, fallback)
    parts = [router.synthesize(s, EN) for s in ("One.", "Two three!", "Four.")]
    joined = join_speech(parts, pause_ms=250)
    rate = parts[0].sample_rate
    lengths = [len(p.pcm16) // 2 for p in parts]
    gap = round(0.25 * rate)
    assert len(joined.samples) == sum(lengths) + 2 * gap
    first_gap = joined.samples[lengths[0] : lengths[0] + gap]
    assert not first_gap.any()
    assert np.abs(joined.samples[: lengths[0]]).max() > 0.1
    assert join_speech(parts, pause_ms=0).duration_s == pytest.approx(sum(lengths) / rate)
    cues = cue_times(parts, pause_ms=250)
    assert cues[1][0] == pytest.approx((lengths[0] + gap) / rate)
    assert cues[-1][1] == pytest.approx(joined.duration_s)


def test_join_resamples_other_rates_and_handles_nothing() -> None:
    slow = FakeSynthesizer("a", sample_rate=16_000).synthesize("abcd", EN)
    fast = FakeSynthesizer("b", sample_rate=24_000).synthesize("abcd", EN)
    joined = join_speech([slow, fast], pause_ms=100)
    assert joined.sample_rate == 16_000
    assert joined.duration_s == pytest.approx(0.2 + 0.1 + 0.2, abs=0.002)
    assert join_speech([], pause_ms=100).duration_s == 0.0


def test_rate_changes_duration() -> None:
    _, english, fallback = voices()
    router = SpeechRouter(english, fallback)
    normal = router.synthesize("The same sentence.", EN).duration_s
    slow = router.synthesize("The same sentence.", VoiceParams(rate=0.7)).duration_s
    fast = router.synthesize("The same sentence.", VoiceParams(rate=2.0)).duration_s
    assert slow == pytest.approx(normal / 0.7, rel=0.01)
    assert fast == pytest.approx(normal / 2.0, rel=0.01)


def test_fake_voice_is_deterministic_and_follows_volume() -> None:
    fake = FakeSynthesizer()
    assert fake.synthesize("abc", EN) == fake.synthesize("abc", EN)
    loud = fake.synthesize("abc", VoiceParams(volume=2.0)).audio()
    quiet = fake.synthesize("abc", VoiceParams(volume=0.5)).audio()
    assert np.abs(loud.samples).max() == pytest.approx(4 * np.abs(quiet.samples).max(), rel=0.01)


def test_espeak_parameter_mapping() -> None:
    assert (espeak_rate(1.0), espeak_rate(0.7), espeak_rate(0.1), espeak_rate(3)) == (
        175,
        122,
        80,
        450,
    )
    assert (espeak_pitch(0.5), espeak_pitch(1.0), espeak_pitch(1.5)) == (0, 50, 100)
    assert (espeak_volume(0.0), espeak_volume(1.0), espeak_volume(2.0)) == (0, 100, 200)


def gtts_answer(audio: Audio) -> str:
    """A batchexecute reply in the shape Google sends (audio base64 inside escaped JSON)."""
    encoded = base64.b64encode(audio.to_wav_bytes()).decode()
    return f')]}}\'\n\n123\n[["wrb.fr","jQ1olc","[\\"{encoded}\\"]",null,null,null,"generic"]]\n'


def gtts_with(handler: httpx.MockTransport) -> tuple[GttsSynthesizer, httpx.Client]:
    pytest.importorskip("gtts")  # an optional extra; the tests above need no engine
    from voices.tts.gtts_voice import GttsSynthesizer

    client = httpx.Client(transport=handler)
    return GttsSynthesizer(timeout_s=1.0, client=client), client


def test_gtts_decodes_the_audio_google_returns() -> None:
    tone = FakeSynthesizer(sample_rate=24_000).synthesize("x" * 20, EN).audio()
    requests: list[httpx.Request] = []

    def reply(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, text=gtts_answer(tone))

    voice, client = gtts_with(httpx.MockTransport(reply))
    with client:
        spoken = voice.synthesize("안녕하세요.", VoiceParams(language="ko-KR", volume=0.5))
    assert (spoken.engine, spoken.voice, spoken.sample_rate) == ("gtts", "gtts-ko", 24_000)
    assert spoken.duration_s == pytest.approx(tone.duration_s, abs=0.001)
    assert b"%5C%22ko%5C%22" in requests[0].content  # the language went into the request
    assert voice.supports("ko") and voice.supports("en-US") and not voice.supports("xx")


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (httpx.ConnectError("Name or service not known"), "could not reach Google"),
        (httpx.ReadTimeout("timed out"), "no answer from"),
        (httpx.Response(503), "could not reach Google"),
        (httpx.Response(200, text="[]"), "without audio"),
    ],
)
def test_gtts_network_failures_raise_synthesis_error(
    failure: Exception | httpx.Response, message: str
) -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        if isinstance(failure, httpx.Response):
            return failure
        raise failure

    voice, client = gtts_with(httpx.MockTransport(reply))
    with client, pytest.raises(SynthesisError, match=message):
        voice.synthesize("Hello.", EN)


def test_router_falls_back_from_an_unreachable_gtts() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Failed to connect")

    online, client = gtts_with(httpx.MockTransport(refuse))
    router = SpeechRouter(None, FakeSynthesizer("espeak-ng"), online)
    with client:
        spoken: SynthesizedSpeech = router.synthesize("안녕하세요.", KO)
    assert spoken.engine == "espeak-ng"
    assert spoken.note is not None and spoken.note.startswith("gtts failed: gTTS could not")
