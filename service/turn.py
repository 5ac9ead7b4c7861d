"""One spoken turn: recognise → answer (streamed) → speak sentence by sentence.

The answer is spoken while the model is still generating: each finished sentence goes to the
voice at once, in order, in a worker thread, so the first audio exists long before the last
token. Every stage is timed. The same pipeline serves ``modu ask`` and the realtime service.
"""

from __future__ import annotations

import asyncio
import time
from contextlib import aclosing
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

from accessibility.language import detect_text_language
from service.engines import Engines
from service.lm.base import ChatMessage, GenerationOptions
from service.lm.prompt import build_messages
from voices.audio import Audio
from voices.sentences import SentenceStream
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


async def recognise(engines: Engines, audio: Audio, language: str | None) -> Transcript:
    return await asyncio.to_thread(engines.recognizer.transcribe, audio, language)


async def _speak_in_order(
    engines: Engines,
    sentences: asyncio.Queue[str | None],
    params: VoiceParams,
    spoken: list[SynthesizedSpeech],
    on_first_audio: list[float],
    clock: _Clock,
) -> None:
    """One sentence at a time, in order: the voice runs while the model keeps generating."""
    while (sentence := await sentences.get()) is not None:
        language = detect_text_language(sentence, default=params.language) or params.language
        sentence_params = params.model_copy(update={"language": language})
        speech = await asyncio.to_thread(engines.synthesizer.synthesize, sentence, sentence_params)
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
    options: GenerationOptions | None = None,
) -> TurnResult:
    """Answer one question given as ``audio`` or ``text`` (exactly one)."""
    if (audio is None) == (text is None):
        raise ValueError("run_turn needs exactly one of audio= or text=")
    clock = _Clock()
    settings = engines.settings
    timings = StageTimings()
    notes: list[str] = []
    transcript: Transcript | None = None
    if audio is not None:
        transcript = await recognise(engines, audio, language)
        timings.recognition_s = clock.now()
        if transcript.is_empty:
            raise NoSpeechError("no speech was heard in the audio")
        user_text, user_language = transcript.text.strip(), transcript.language
    else:
        assert text is not None
        user_text = text.strip()
        user_language = language or detect_text_language(user_text, default="en") or "en"

    params = (voice or VoiceParams()).model_copy(update={"language": user_language})
    opts = options or GenerationOptions(
        max_tokens=settings.lm.max_tokens,
        temperature=settings.lm.temperature,
        top_p=settings.lm.top_p,
        seed=settings.lm.seed,
    )
    messages = build_messages(history or [], user_text, user_language)
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    spoken: list[SynthesizedSpeech] = []
    first_audio: list[float] = []
    speaker = (
        asyncio.create_task(_speak_in_order(engines, queue, params, spoken, first_audio, clock))
        if speak
        else None
    )
    splitter = SentenceStream()
    answer_parts: list[str] = []
    try:
        # aclosing: should this loop stop early, the engine stops generating at once.
        async with aclosing(engines.language_model.stream(messages, opts)) as stream:
            async for delta in stream:
                if timings.first_token_s is None:
                    timings.first_token_s = clock.now()
                answer_parts.append(delta)
                for sentence in splitter.feed(delta):
                    queue.put_nowait(sentence)
        for sentence in splitter.flush():
            queue.put_nowait(sentence)
        timings.generation_s = clock.now()
    finally:
        queue.put_nowait(None)
        if speaker is not None:
            await speaker
    if speaker is not None:
        timings.synthesis_done_s = clock.now()
        timings.first_audio_s = first_audio[0] if first_audio else None
    timings.total_s = clock.now()
    lm = engines.language_model
    if lm.note:
        notes.append(lm.note)
    notes.extend(s.note for s in spoken if s.note)
    return TurnResult(
        user_text=user_text,
        language=user_language,
        answer="".join(answer_parts).strip(),
        transcript=transcript,
        speech=spoken,
        timings=timings,
        engines=_engines_used(engines, transcript, spoken),
        notes=notes,
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
