"""FakeRecognizer: the scripted stand-in for Whisper in unit tests."""

from __future__ import annotations

import numpy as np
import pytest

from voices.audio import Audio
from voices.stt.base import SpeechRecognizer
from voices.stt.fake import FakeRecognizer, ScriptExhaustedError


def loud(seconds: float = 1.0) -> Audio:
    t = np.arange(round(seconds * 16_000), dtype=np.float32) / 16_000
    return Audio((0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), 16_000)


def test_loud_audio_gives_the_scripted_text() -> None:
    recognizer: SpeechRecognizer = FakeRecognizer("hello there", language="en")
    transcript = recognizer.transcribe(loud(2.0))
    assert transcript.text == "hello there"
    assert (transcript.language, transcript.language_probability) == ("en", 1.0)
    (segment,) = transcript.segments
    assert (segment.start, segment.end) == (0.0, 2.0)
    assert transcript.duration_s == 2.0


def test_silence_gives_an_empty_transcript() -> None:
    recognizer = FakeRecognizer("never said")
    assert recognizer.transcribe(Audio.silence(1.0)).is_empty
    assert recognizer.transcribe(Audio.silence(1.0), language="ko").language == "ko"
    assert recognizer.transcribe(Audio.silence(0.0)).language == "und"


def test_a_sequence_is_a_scripted_conversation() -> None:
    recognizer = FakeRecognizer(["first", "second"])
    assert recognizer.transcribe(Audio.silence(1.0)).is_empty  # silence uses no line
    assert [recognizer.transcribe(loud()).text for _ in range(2)] == ["first", "second"]
    with pytest.raises(ScriptExhaustedError, match="holds 2 utterances"):
        recognizer.transcribe(loud())


def test_a_mapping_answers_per_language() -> None:
    recognizer = FakeRecognizer({"ko": "안녕하세요", "en": "hello"}, language="ko")
    assert recognizer.transcribe(loud()).text == "안녕하세요"
    english = recognizer.transcribe(loud(), language="en")
    assert (english.text, english.language) == ("hello", "en")
    assert recognizer.transcribe(loud(), language="fr").is_empty


def test_a_callable_sees_the_audio_and_language_and_calls_are_recorded() -> None:
    recognizer = FakeRecognizer(lambda audio, language: f"{audio.duration_s:.1f}s {language}")
    assert recognizer.transcribe(loud(1.5), language="en").text == "1.5s en"
    assert [language for _, language in recognizer.calls] == ["en"]
    assert (recognizer.name, recognizer.model_id) == ("fake", "fake")


def test_a_prior_is_recorded_and_settles_only_an_unsure_detection() -> None:
    sure = FakeRecognizer({"ko": "안녕하세요", "en": "hello"}, language="en")
    english = sure.transcribe(loud(), prior="ko")
    assert (english.text, english.language, english.language_probability) == ("hello", "en", 1.0)
    unsure = FakeRecognizer(
        {"ko": "안녕하세요", "en": "hello"}, detected={"ja": 0.3, "th": 0.2, "ko": 0.05}
    )
    korean = unsure.transcribe(loud(), prior="ko")
    assert (korean.text, korean.language, korean.language_probability) == ("안녕하세요", "ko", 0.05)
    assert unsure.transcribe(loud()).language == "ja", "without a prior, the top language"
    assert unsure.priors == ["ko", None]
    assert len(unsure.calls) == len(unsure.priors)


def test_a_fixed_language_still_locks_whatever_the_prior() -> None:
    recognizer = FakeRecognizer({"ko": "안녕하세요", "en": "hello"}, detected={"ko": 0.3})
    locked = recognizer.transcribe(loud(), language="en", prior="ko")
    assert (locked.text, locked.language, locked.language_probability) == ("hello", "en", 1.0)
    assert recognizer.priors == ["ko"]
