"""One spoken turn: recognise → answer (streamed) → speak sentence by sentence.

The answer comes from the one answer pipeline (:mod:`service.answers.pipeline`), as in the
realtime service; each checked sentence goes to the voice at once, in order, in a worker thread,
so the first audio exists long before the last token. Every stage is timed. ``modu ask`` is its
client; the realtime session runs the same pipeline through its own response runner.
"""

from __future__ import annotations

import asyncio
import time
from contextlib import aclosing
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

from accessibility.profiles.model import Profile
from service.answers.types import AnswerRequest, AnswerSentence, AnswerTrace
from service.engines import Engines
from service.speaking import speak_sentence
from voices.audio import Audio
from voices.lm.base import ChatMessage
from voices.stt.base import Transcript
from voices.tts.base import SynthesizedSpeech, VoiceParams
from voices.tts.router import join_speech


class StageTimings(BaseModel):
    """Seconds, each measured from the start of the turn."""

    recognition_s: float | None = None
    first_token_s: float | None = None
    generation_s: float | None = None
    first_audio_s: float | None = None
    synthesis_done_s: float | None = None
    total_s: float = 0.0


class TurnResult(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    user_text: str
    language: str
    answer: str
    transcript: Transcript | None = None
    speech: list[SynthesizedSpeech] = []
    timings: StageTimings = StageTimings()
    engines: dict[str, str] = {}
    notes: list[str] = []
    trace: AnswerTrace | None = None
    """What the answer pipeline did: route, safety match, facts, removed sentences."""

    def answer_audio(self, sentence_pause_ms: int = 250) -> Audio | None:
        """All spoken sentences joined, with the profile's pause between sentences."""
        return join_speech(self.speech, sentence_pause_ms) if self.speech else None


@dataclass
class _Clock:
    start: float = field(default_factory=time.perf_counter)

    def now(self) -> float:
        return round(time.perf_counter() - self.start, 3)


class NoSpeechError(ValueError):
    """The audio held no speech, so there is nothing to answer."""


async def recognise(
    engines: Engines, audio: Audio, language: str | None, prior: str | None = None
) -> Transcript:
    """``language`` locks the recognition language; ``prior`` (the profile's preferred one)
    only settles a detection Whisper is unsure of."""
    return await asyncio.to_thread(engines.recognizer.transcribe, audio, language, prior=prior)


async def _speak_in_order(
    engines: Engines,
    sentences: asyncio.Queue[AnswerSentence | None],
    params: VoiceParams,
    spoken: list[SynthesizedSpeech],
    on_first_audio: list[float],
    clock: _Clock,
) -> None:
    """One sentence at a time, in order: the voice runs while the model keeps generating."""
    while (sentence := await sentences.get()) is not None:
        speech = await speak_sentence(
            engines,
            sentence.text,
            params,
            language=sentence.language,
            fixed_phrase=sentence.origin != "model",
        )
        if not on_first_audio:
            on_first_audio.append(clock.now())
        spoken.append(speech)


async def run_turn(
    engines: Engines,
    *,
    audio: Audio | None = None,
    text: str | None = None,
    language: str | None = None,
    voice: VoiceParams | None = None,
    speak: bool = True,
    history: list[ChatMessage] | None = None,
    profile: Profile | None = None,
) -> TurnResult:
    """Answer one question given as ``audio`` or ``text`` (exactly one), through the answer
    pipeline, as the realtime service does: same checks, same profile, same sentences."""
    if (audio is None) == (text is None):
        raise ValueError("run_turn needs exactly one of audio= or text=")
    clock = _Clock()
    timings = StageTimings()
    transcript: Transcript | None = None
    heard: str | None = language
    if audio is not None:
        prior = profile.language_hint() if profile else None
        transcript = await recognise(engines, audio, language, prior)
        timings.recognition_s = clock.now()
        if transcript.is_empty:
            raise NoSpeechError("no speech was heard in the audio")
        user_text, heard = transcript.text.strip(), transcript.language
    else:
        assert text is not None
        user_text = text.strip()
    request = AnswerRequest(
        question=user_text,
        history=history or [],
        heard_language=heard,
        preferred_languages=(language,) if language else (),
        profile=profile,
    )
    answer = engines.answers.answer(request)
    base_voice = profile.voice_params(answer.language) if profile else voice or VoiceParams()
    params = base_voice.model_copy(update={"language": answer.language})
    queue: asyncio.Queue[AnswerSentence | None] = asyncio.Queue()
    spoken: list[SynthesizedSpeech] = []
    first_audio: list[float] = []
    speaker = (
        asyncio.create_task(_speak_in_order(engines, queue, params, spoken, first_audio, clock))
        if speak
        else None
    )
    sentences: list[str] = []
    try:
        async with aclosing(answer.sentences()) as stream:
            async for sentence in stream:
                sentences.append(sentence.text)
                queue.put_nowait(sentence)
        timings.generation_s = clock.now()
    finally:
        queue.put_nowait(None)
        if speaker is not None:
            await speaker
    timings.first_token_s = answer.trace.first_token_s
    if speaker is not None:
        timings.synthesis_done_s = clock.now()
        timings.first_audio_s = first_audio[0] if first_audio else None
    timings.total_s = clock.now()
    notes = [transcript.note] if transcript is not None and transcript.note else []
    notes += answer.trace.notes
    notes.extend(s.note for s in spoken if s.note)
    return TurnResult(
        user_text=user_text,
        language=answer.language,
        answer=" ".join(sentences).strip(),
        transcript=transcript,
        speech=spoken,
        timings=timings,
        engines=_engines_used(engines, transcript, spoken),
        notes=notes,
        trace=answer.trace,
    )


def _engines_used(
    engines: Engines, transcript: Transcript | None, spoken: list[SynthesizedSpeech]
) -> dict[str, str]:
    used: dict[str, str] = {}
    if transcript is not None:
        recognizer = engines.recognizer
        used["speech recognition"] = f"{recognizer.name} / {recognizer.model_id}"
    lm = engines.language_model
    used["language model"] = f"{lm.name} / {lm.model_id}"
    voices = sorted({f"{s.engine} / {s.voice}" for s in spoken})
    if voices:
        used["voice"] = ", ".join(voices)
    return used
