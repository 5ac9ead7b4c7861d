"""The one place that turns settings into engines, and owns their lifetime.

Each engine is built on first use (never at import or app creation), once, under a lock, and
shared by every session. The builders (:mod:`service.engine_builders`) import heavy engine
modules only when chosen, so a missing extra fails with its own helpful ImportError only for
the engine that needs it.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from service.answers.pacing import continues_answers
from service.answers.pipeline import AnswerPipeline
from service.engine_builders import build_language_model as build_language_model
from service.engine_builders import build_local_language_model as build_local_language_model
from service.engine_builders import build_recognizer as build_recognizer
from service.engine_builders import build_synthesizer as build_synthesizer
from service.engine_builders import build_vad_factory as build_vad_factory
from service.engine_builders import build_vad_pool
from service.settings import Settings
from service.telemetry.base import NoTelemetry, Telemetry
from voices.assemble import ModelError
from voices.audio import Audio
from voices.lm.base import ChatMessage, GenerationOptions, LanguageModel, LanguageModelError
from voices.lm.fallback import FallbackLanguageModel
from voices.lm.prompt import build_messages
from voices.observer import Outcome
from voices.stage_fallback import StageStatus
from voices.stt.base import SpeechRecognizer, Transcript
from voices.tts.base import SpeechSynthesizer, SynthesisError, SynthesizedSpeech, VoiceParams
from voices.vad.base import VoiceActivityDetector
from voices.vad.pool import VadPool

T = TypeVar("T")
MAX_CACHED_PHRASES = 32
"""Fixed phrases kept synthesised (a few languages × voices × rates)."""
log = logging.getLogger(__name__)


def apply_thread_policy(settings: Settings) -> None:
    """OpenMP threads sleep when idle instead of spinning, so engines sharing the cores don't
    starve each other. Must be set before the first OpenMP runtime starts; an explicit value
    in the environment wins."""
    os.environ.setdefault("OMP_WAIT_POLICY", settings.omp_wait_policy)


class _Lazy(Generic[T]):
    """Build a value on first ``get()``, once, even when several threads ask at the same time."""

    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._value: T | None = None
        self._lock = threading.Lock()

    def peek(self) -> T | None:
        """The value if it was built, without building it."""
        return self._value

    def get(self) -> T:
        if self._value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._build()
        return self._value


class Engines:
    """The engines one process shares: built lazily from settings, once each."""

    def __init__(
        self,
        settings: Settings,
        *,
        recognizer: SpeechRecognizer | None = None,
        language_model: LanguageModel | None = None,
        synthesizer: SpeechSynthesizer | None = None,
        telemetry: Telemetry | None = None,
    ) -> None:
        """Engines given here are used as they are (tests, embedding); the rest are built from
        ``settings`` on first use. ``telemetry``: where the engines and the front ends that use
        them report (the app sets it; nothing by default)."""
        self.settings = settings
        self.telemetry: Telemetry = telemetry or NoTelemetry()
        self.events = _EngineEvents(self)
        """What the built engines report to: this object's :attr:`telemetry`, whenever set."""
        apply_thread_policy(settings)
        self._vad_pool = _Lazy(lambda: build_vad_pool(settings))
        self._recognizer = _Lazy(
            lambda: (
                recognizer or build_recognizer(settings, self.events, vad_pool=self._vad_pool.get())
            )
        )
        self._language_model = _Lazy(
            lambda: language_model or build_language_model(settings, self.events)
        )
        self._synthesizer = _Lazy(lambda: synthesizer or build_synthesizer(settings, self.events))
        self.recognitions_in_flight = 0
        """Recognitions running now, across every session of this process."""
        self.generations_in_flight = 0
        """Answers being generated now (``ResponseRunner`` counts them)."""
        self._prefilling = False
        self._phrases: OrderedDict[tuple[str, str], SynthesizedSpeech] = OrderedDict()
        self._phrases_lock = threading.Lock()
        self.answers = AnswerPipeline(self)
        """The one answer pipeline every front end uses (service/answers/pipeline.py)."""

    @property
    def recognizer(self) -> SpeechRecognizer:
        return self._recognizer.get()

    async def transcribe(
        self,
        audio: Audio,
        language: str | None,
        *,
        optional: bool = False,
        speech_checked: bool = False,
        prior: str | None = None,
    ) -> Transcript | None:
        """Recognise in a worker thread. ``optional`` work (a partial transcript) is skipped,
        returning ``None``, while any other recognition runs: a recognition thread cannot be
        stopped once started, and on 2 cores it would delay the final transcripts people wait
        for (measured: +2.4 s per turn with partials competing); so too while any spoken answer
        waits for its first words (``service/answers/pacing.py``). ``speech_checked``: the
        session's VAD already found this to be speech; ``language`` locks the language, while
        ``prior`` (the person's preferred one) only settles an unsure detection (see
        ``SpeechRecognizer.transcribe``)."""
        if optional and (self.recognitions_in_flight or self.answers.first_words.count):
            return None  # someone waits for a transcript, or for an answer's first words
        self.recognitions_in_flight += 1
        try:
            return await asyncio.to_thread(
                self.recognizer.transcribe,
                audio,
                language,
                speech_checked=speech_checked,
                prior=prior,
            )
        finally:
            self.recognitions_in_flight -= 1

    @property
    def language_model(self) -> LanguageModel:
        return self._language_model.get()

    async def prefill(self, messages: list[ChatMessage]) -> bool:
        """Optional head start for a coming answer (see ``LanguageModel.prefill``): skipped,
        returning ``False``, while the model generates or prefills anything else, since on
        2 cores it would slow an answer someone is waiting for. A failure is only logged: the
        answer itself will meet the same error and report it."""
        if self.generations_in_flight or self._prefilling:
            return False
        self._prefilling = True
        try:
            return await self.language_model.prefill(messages)
        except (LanguageModelError, ModelError) as error:
            log.info("prefill skipped: %s", error)
            return False
        finally:
            self._prefilling = False

    async def keep_conversation(self, messages: list[ChatMessage]) -> bool:
        """Between turns, while the person listens to an answer: the model reads the
        conversation so far (``messages`` ends with that answer), so the next question's request
        finds all of it in the cache and reads only the new question (the cache still holds the
        last request, whose question carried its turn note, which the history does not keep).
        Only for an engine that takes a final answer as a start to continue (llama.cpp), never
        while anyone waits for a transcript, an answer or its first words; skipped, ``False``,
        otherwise."""
        lm = self._language_model.peek()  # not built yet: nothing to keep (never load it here)
        if not continues_answers(lm):
            return False
        if self.recognitions_in_flight or self.answers.first_words.count:
            return False
        return await self.prefill(messages)

    @property
    def synthesizer(self) -> SpeechSynthesizer:
        return self._synthesizer.get()

    def synthesize_phrase(self, text: str, params: VoiceParams) -> SynthesizedSpeech:
        """A fixed phrase (the spoken AI disclosure), synthesised once per voice and then kept:
        every session's first answer begins with it, and synthesising it each time competes
        with the model for the CPU just when the first answer is being prepared."""
        key = (text, params.model_dump_json())
        with self._phrases_lock:
            if key in self._phrases:
                return self._phrases[key]
        speech = self.synthesizer.synthesize(text, params)
        with self._phrases_lock:
            self._phrases[key] = speech
            while len(self._phrases) > MAX_CACHED_PHRASES:
                self._phrases.popitem(last=False)
        return speech

    @property
    def vad_pool(self) -> VadPool:
        """The detectors every session and the recogniser's speech gate share (reused)."""
        return self._vad_pool.get()

    def new_vad(self) -> VoiceActivityDetector:
        """A detector for one audio stream, reset; give it back with :meth:`release_vad`."""
        return self.vad_pool.acquire()

    def release_vad(self, vad: VoiceActivityDetector) -> None:
        """The stream is done: the detector is reset and kept for the next one."""
        self.vad_pool.release(vad)

    async def warm_up(self) -> None:
        """Load every engine now and prime the model's prompt cache with the fixed system
        prompt, so the first person to speak does not wait for loading. Failures are logged
        only: the same error reaches the first request that needs the engine."""
        steps: list[tuple[str, Callable[[], object]]] = [
            ("speech recognition", lambda: _load(self.recognizer)),
            ("voice", lambda: _load(self.synthesizer)),  # a remote voice's embedded fallback
            ("voice", lambda: self.synthesizer.synthesize("Hello.", VoiceParams(language="en"))),
            ("language model", lambda: _load(self.language_model)),
            # The answer checks: the safety rules compile (~0.1 s) and the fact index is
            # built (~0.2 s), once, before anyone is waiting.
            ("answer checks", self.answers.warm_up),
        ]
        for name, step in steps:
            try:
                await asyncio.to_thread(step)
            except (ModelError, ImportError, SynthesisError, LanguageModelError, OSError) as exc:
                log.warning("warm-up of the %s failed: %s", name, exc)
        try:
            messages = build_messages([], "Hello", "en")
            async for _ in self.language_model.stream(messages, GenerationOptions(max_tokens=1)):
                pass
        except (ModelError, ImportError, LanguageModelError) as exc:
            log.warning("warm-up of the prompt cache failed: %s", exc)
        # What is loaded now lives as long as the process (~170k objects with the real engines:
        # tokenisers, rules, the fact index). Frozen, the collector no longer scans them, so
        # Python's own full collections take milliseconds instead of 250-650 ms of the event
        # loop (measured on 2 busy cores). (Closed sessions no longer need one: they are freed
        # by reference counting, service/realtime/weak.py.)
        gc.collect()
        gc.freeze()

    async def aclose(self) -> None:
        """Release what was loaded (llama.cpp's server thread, remote connections)."""
        await close_engine(self._recognizer.peek())  # remote stages' connection pools
        await close_engine(self._synthesizer.peek())
        lm = self._language_model.peek()
        await close_engine(lm)
        if isinstance(lm, FallbackLanguageModel):
            await close_engine(lm.primary)
            await close_engine(lm.fallback_if_built)

    def remote_stages(self) -> list[StageStatus]:
        """How each remote stage is doing (``/health``); builds nothing."""
        from service.remote_stages import stage_status

        built = {
            "stt": self._recognizer.peek(),
            "lm": self._language_model.peek(),
            "tts": self._synthesizer.peek(),
        }
        statuses = (stage_status(stage, engine, self.settings) for stage, engine in built.items())
        return [status for status in statuses if status is not None]


class _EngineEvents:
    """An :class:`EngineObserver` that passes each report to the engines' current telemetry,
    so engines built before the app set it report to it too."""

    def __init__(self, engines: Engines) -> None:
        self._engines = engines

    def fallback(self, stage: str, failed: str, used: str) -> None:
        self._engines.telemetry.fallback(stage, failed, used)

    def remote_call(self, stage: str, seconds: float, outcome: Outcome) -> None:
        self._engines.telemetry.remote_call(stage, seconds, outcome)


def _load(engine: object) -> None:
    """Engines with a lazy model offer ``load()``; others are ready once built."""
    load = getattr(engine, "load", None)
    if callable(load):
        load()


async def close_engine(engine: object) -> None:
    """Engines may offer ``aclose()`` (async clients) or ``close()`` (native handles)."""
    if engine is None:
        return
    aclose = getattr(engine, "aclose", None)
    if callable(aclose):
        await aclose()
        return
    close = getattr(engine, "close", None)
    if callable(close):
        await asyncio.to_thread(close)
