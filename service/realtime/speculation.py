"""Answers prepared while the person pauses (preemptive generation; docs/turn-taking.md).

When a pause's early recognition comes back and the person is still silent, the turn will most
often end with exactly those words. So the whole answer starts then — the checks before the
model, the model, the first sentence's voice — and is held: nothing is sent, nothing enters the
conversation. If the turn ends with the same speech and its response asks the answer pipeline
exactly what was prepared, the response takes the answer over (:meth:`Speculation.adopt`) and
sends at once what is ready; if the person speaks again, it is dropped without a trace (no
event, no audio, no conversation item).

Bounds: a few attempts per turn; none for very long speech; none while any other answer or
recognition runs on the machine; and any confirmed answer anywhere stops a held one
(``AnswerPipeline.speculative``), so a guess never slows an answer someone is waiting for.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncGenerator
from contextlib import aclosing
from dataclasses import dataclass
from typing import TYPE_CHECKING

from service.answers.types import AnswerRequest, AnswerSentence, AnswerTrace
from service.speaking import speak_sentence
from voices.audio import Audio
from voices.lm.base import CancelToken
from voices.tts.base import SynthesisError, SynthesizedSpeech, VoiceParams

if TYPE_CHECKING:
    from service.answers.pacing import Pace
    from service.engines import Engines

log = logging.getLogger(__name__)


class Speculation:
    """One answer prepared during a pause, held until its turn ends or the person goes on."""

    def __init__(
        self,
        engines: Engines,
        *,
        item_id: str,
        audio: Audio,
        request: AnswerRequest,
        voice_params: VoiceParams,
        audio_out: bool,
    ) -> None:
        """``item_id`` and ``audio``: the turn and the speech its words were recognised from."""
        self.engines = engines
        self.item_id = item_id
        self.audio = audio
        self.request = request
        self.voice_params = voice_params
        self.cancel_token = CancelToken()
        self._answer = engines.answers.answer(request, self.cancel_token, speculative=True)
        self.held: list[AnswerSentence] = []
        """The checked sentences made so far, in order."""
        self._first_voice: asyncio.Task[SynthesizedSpeech] | None = None
        self._failure: Exception | None = None
        self._finished = False
        self._changed = asyncio.Event()
        self._task = asyncio.create_task(self._prepare(audio_out))

    @property
    def language(self) -> str:
        return self._answer.language

    @property
    def trace(self) -> AnswerTrace:
        return self._answer.trace

    @property
    def ready(self) -> int:
        """Sentences ready now (for tests and logs)."""
        return len(self.held)

    # --- preparing ---------------------------------------------------------------------------

    async def _prepare(self, audio_out: bool) -> None:
        try:
            async with aclosing(self._answer.sentences()) as stream:
                async for sentence in stream:
                    if self.cancel_token.cancelled:
                        break
                    if not self.held and audio_out:
                        self._first_voice = asyncio.create_task(self._voice(sentence))
                    self.held.append(sentence)
                    self._changed.set()
        except Exception as exc:  # kept for the response that adopts this answer: it reports the
            # failure exactly as it would a live answer's; a dropped answer's failure is only logged
            self._failure = exc
            log.warning("a prepared answer failed", exc_info=True)
        finally:
            self._finished = True
            self._changed.set()

    async def _voice(self, sentence: AnswerSentence) -> SynthesizedSpeech:
        return await speak_sentence(
            self.engines,
            sentence.text,
            self.voice_params,
            language=sentence.language,
            fixed_phrase=sentence.origin != "model",
        )

    # --- the turn ends ------------------------------------------------------------------------

    def adopt(self, request: AnswerRequest) -> bool:
        """The response is about to ask ``request``: take the prepared answer over if it was
        asked exactly that (same words, history, profile, instructions, limits) and is still
        alive; it is then no longer a guess that another answer may stop."""
        if self.cancel_token.cancelled or request != self.request:
            return False
        self.engines.answers.confirm(self.cancel_token)
        # The trace times the first token from the answer's start; from now on that is the
        # response's start, and a token already made kept nobody waiting (metrics: first_token).
        trace = self._answer.trace
        self._answer.started = time.perf_counter()
        if trace.first_token_s is not None:
            trace.first_token_s = 0.0
        return True

    def pace_with(self, pace: Pace | None) -> None:
        """Adopted by a spoken response: from now on the answer gives way like a live one."""
        self._answer.pace = pace

    def drop(self) -> None:
        """Not wanted: stop the model and the voice; nothing of it was ever sent."""
        self.cancel_token.cancel()
        self.engines.answers.confirm(self.cancel_token)
        self._task.cancel()
        if self._first_voice is not None:
            self._first_voice.cancel()  # its thread finishes on its own; the result is unused
        self._task.add_done_callback(_retrieve)

    def close(self) -> None:
        """The adopting response has ended: stop whatever is still being made for it (nothing,
        unless the response ended early), leaving the cancel token to the response."""
        if not self._finished:
            self._task.cancel()
            self._task.add_done_callback(_retrieve)
        if self._first_voice is not None:
            self._first_voice.cancel()

    async def sentences(self) -> AsyncGenerator[AnswerSentence, None]:
        """The held sentences, then the rest as they are made (once, for the adopting response);
        a failure while preparing is raised here."""
        index = 0
        while True:
            while index < len(self.held):
                yield self.held[index]
                index += 1
            if self._finished:
                if self._failure is not None:
                    raise self._failure
                return
            await self._changed.wait()
            self._changed.clear()

    async def voice_for(
        self, sentence: AnswerSentence, params: VoiceParams
    ) -> SynthesizedSpeech | None:
        """The first sentence's voice, made while the answer was held; ``None`` for any other
        sentence, other voice settings, or a voice that failed (the response voices it itself
        then, and reports a failure as usual)."""
        task = self._first_voice
        if task is None or not self.held or sentence is not self.held[0]:
            return None
        self._first_voice = None
        if params != self.voice_params:
            task.cancel()
            return None
        try:
            return await task
        except SynthesisError:
            return None


def _retrieve(task: asyncio.Task[None]) -> None:
    if not task.cancelled():
        task.exception()  # already logged in _prepare; retrieved so asyncio does not warn


@dataclass(frozen=True)
class PauseReport:
    """What preparing during pauses did for one turn (``response.done`` → ``modu.preemptive``)."""

    prepared: bool
    """The answer sent was the one prepared during the pause."""
    dropped: int
    """Answers prepared during this turn's pauses and thrown away (the person went on, or the
    turn ended differently): the wasted work."""
