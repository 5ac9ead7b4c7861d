"""Spoken questions: synthesised with modu's own voices (Piper English, eSpeak NG Korean) and
cached as WAVs, plus one real recording (JFK, 11 s)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from service.engines import Engines
from voices.audio import Audio, decode_audio, write_wav
from voices.tts.base import VoiceParams

ENGLISH = (
    "Can you tell me what the weather is usually like in Seoul during the spring?",
    "What is a simple way to cook rice if I do not have a rice cooker at home?",
    "How many minutes should I walk every day to stay healthy as I get older?",
    "Please explain in one or two sentences why the sky looks blue during the day.",
    "What should I do first if I think I have lost my bank card?",
    "Could you suggest a short and easy book for someone who is learning English?",
)
KOREAN = (
    "서울에서 부산까지 기차로 얼마나 걸리나요?",
    "감기에 걸렸을 때 집에서 할 수 있는 일을 알려 주세요.",
    "오늘 저녁으로 간단하게 만들 수 있는 음식이 뭐가 있을까요?",
    "버스 카드를 잃어버리면 어떻게 해야 하나요?",
)
JFK_TEXT = (
    "And so my fellow Americans, ask not what your country can do for you, "
    "ask what you can do for your country."
)
JFK_SPEECH_END_S = 10.3
"""The last vowel of "country" fades by 10.2 s (20 ms energy) and Whisper's word times end the
word at 10.36 s; after it the crowd is as loud as quiet speech, so the file's own end (11.0 s)
and an energy threshold both come 0.7 s late."""


@dataclass(frozen=True)
class Question:
    name: str
    language: str
    text: str
    """What is said (the reference transcript)."""
    audio: Audio
    real: bool = False
    """A human recording rather than one of modu's voices."""
    speech_end_s: float | None = None
    """Where the speech ends, when known from a transcript's times (a real recording's tail
    holds noise that an energy threshold takes for speech); otherwise found in the samples."""

    @property
    def duration_s(self) -> float:
        return round(self.audio.duration_s, 2)


def _synthesise(engines: Engines, text: str, language: str, path: Path) -> Audio:
    if not path.exists():
        speech = engines.synthesizer.synthesize(text, VoiceParams(language=language))
        path.parent.mkdir(parents=True, exist_ok=True)
        write_wav(path, Audio.from_pcm16(speech.pcm16, speech.sample_rate))
    return decode_audio(path)


def build_questions(
    engines: Engines, cache_dir: Path, *, quick: bool, jfk: Path | None
) -> list[Question]:
    """English and Korean questions (a few of each when ``quick``), and JFK when given.
    The cache folder is per voice engine, so fake and real voices never mix."""
    english = ENGLISH[:3] if quick else ENGLISH
    korean = KOREAN[:1] if quick else KOREAN
    folder = cache_dir / engines.settings.tts.engine
    questions = [
        Question(f"en-{i}", "en", text, _synthesise(engines, text, "en", folder / f"en-{i}.wav"))
        for i, text in enumerate(english)
    ]
    questions += [
        Question(f"ko-{i}", "ko", text, _synthesise(engines, text, "ko", folder / f"ko-{i}.wav"))
        for i, text in enumerate(korean)
    ]
    if jfk is not None:
        questions.append(
            Question(
                "jfk", "en", JFK_TEXT, decode_audio(jfk), real=True, speech_end_s=JFK_SPEECH_END_S
            )
        )
    return questions
