"""The turn being spoken, recognised: partial transcripts while it is spoken, an early
recognition during each pause that may end it, and the turn's final transcript.

Partial transcripts re-recognise the speech so far at a bounded rate, one at a time, and prefill
the model's prompt with the question heard so far.

A turn ends after the profile's patience of silence (500 ms by default; more for people who
pause while speaking). After 100 ms of that pause, the turn's speech is known if the pause is
its end, so recognition starts on it then and runs during the rest of the wait. When the turn
does end with that speech (its audio is the same plus the rest of its 200 ms of trailing
silence), its transcript is already on the way (measured: ~0.3 s sooner with the default
patience; the whole recognition is hidden behind longer ones). When speech resumes, the result
is simply not used: a recognition thread cannot be stopped, and the next pause starts a new
one. A partial that began at the last speech is hearing that very speech, so its recognition
serves instead of a new one.

:class:`TurnRecognition` holds no session: the session gives it the input buffer, the
``transcribe`` and ``prefill`` engine calls and an ``emit`` for the events it sends, and passes
the session's config with each call.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from service.realtime import server_events as ev
from service.realtime.audio_input import InputAudio
from service.realtime.config import SessionConfig
from voices.audio import Audio
from voices.lm.base import ChatMessage
from voices.lm.prompt import build_messages
from voices.stt.base import Transcript
from voices.vad.segmenter import TRAILING_PADDING_MS
from voices.vad.semantic import semantic_silence_ms, turn_sounds, unheard_silence_ms

log = logging.getLogger(__name__)

PARTIAL_FRAME_SAMPLES = 512
"""A partial transcript starts on whole VAD frames (32 ms at 16 kHz); the audio chunk's last
partial frame, which may still hold speech, is scored only when more audio arrives."""
PAUSE_MS = 100
"""Silence after the last speech before recognition starts (four 32 ms VAD frames), so a frame
that merely dips below the threshold mid-word does not start one."""
MIN_PARTIAL_MS = 500
"""Too little speech to recognise before this much is buffered."""


class Transcribe(Protocol):
    """``Engines.transcribe``: recognition in a worker thread (``None`` when ``optional`` work
    was skipped because another recognition was running)."""

    def __call__(
        self,
        audio: Audio,
        language: str | None,
        *,
        optional: bool = False,
        speech_checked: bool = False,
        prior: str | None = None,
    ) -> Coroutine[Any, Any, Transcript | None]: ...


Prefill = Callable[[list[ChatMessage]], Awaitable[bool]]
"""``Engines.prefill``: an optional head start on the prompt of a coming answer."""

PauseHeard = Callable[[str, Audio, Transcript], None]
"""The turn's item id, the speech up to the pause, and its words: the turn may end with them."""

Emit = Callable[[ev.ServerEvent], None]
"""Queue an event for the client (never dropped: not part of a response)."""


@dataclass(frozen=True)
class RunningRecognition:
    """A recognition started before its turn ended (early, or a partial transcript's)."""

    item_id: str
    language: str | None
    prior: str | None
    audio: Audio
    task: asyncio.Task[Transcript | None]
    """``None`` when it was optional and skipped (another recognition was running)."""

    def hears(self, item_id: str, language: str | None, prior: str | None) -> bool:
        return (self.item_id, self.language, self.prior) == (item_id, language, prior)


class TurnRecognition:
    def __init__(
        self,
        *,
        input_audio: InputAudio,
        transcribe: Transcribe,
        emit: Emit,
        history_before: Callable[[str], list[ChatMessage]],
        prefill: Prefill | None,
        partial_interval_ms: int,
        on_pause_heard: PauseHeard | None = None,
    ) -> None:
        """``prefill``: ``None`` leaves the prompt alone; ``partial_interval_ms`` 0: no partial
        transcripts; ``on_pause_heard``: told each pause's words while the person is still
        silent."""
        self.input = input_audio
        self.transcribe = transcribe
        self.emit = emit
        self.history_before = history_before
        self.prefill = prefill
        self.interval_s = partial_interval_ms / 1000
        self.on_pause_heard = on_pause_heard
        self.item_id = ev.new_id("item")
        """The turn being spoken: the user item it will become."""
        self._sent = ""
        self._last_start = 0.0
        self._partial_task: asyncio.Task[None] | None = None
        self._partial: RunningRecognition | None = None
        """The latest partial's recognition: the turn's transcript when it heard all the speech."""
        self._early: RunningRecognition | None = None

    # --- while the turn is spoken ---------------------------------------------------------

    def on_audio(self, config: SessionConfig) -> None:
        """Called with each audio chunk: a pause may be the turn's end, so recognise it now;
        speech gets a partial transcript now and then."""
        if self.input.in_silence:
            self._start_early(config)
        elif self.input.speaking:
            self._start_partial(config)

    def reset(self) -> None:
        """The buffer was cleared: the next partial starts afresh. A running partial is left to
        finish, not cancelled: its thread cannot be stopped, and its result is discarded once the
        turn's item id has changed."""
        self._sent = ""

    def end_turn(
        self, audio: Audio, config: SessionConfig
    ) -> tuple[str, asyncio.Task[Transcript | None] | None]:
        """The turn ended with ``audio``: its item id, and the recognition already running on
        exactly this speech, if any (handed over once; one started under another language or
        prior, a ``session.update`` meanwhile, is not used). The next turn gets a new id."""
        item_id, self.item_id = self.item_id, ev.new_id("item")
        self._sent = ""
        early, self._early = self._early, None
        if (
            early is None
            or not early.hears(item_id, config.language, config.language_prior)
            or not same_speech(early.audio, audio)
        ):
            return item_id, None
        return item_id, early.task

    async def recognise(
        self,
        item_id: str,
        audio: Audio,
        early: asyncio.Task[Transcript | None] | None,
        config: SessionConfig,
    ) -> Transcript | None:
        """The turn's transcript: the early recognition's when it heard this audio, else a new
        one. ``None`` when recognition failed; the item then says so (``…transcription.failed``)."""
        try:
            # An adopted partial may have been skipped (``None``): recognise the turn then.
            transcript = (await early if early else None) or await self.transcribe(
                audio,
                config.language,
                speech_checked=self.input.vad_checked,
                prior=config.language_prior,
            )
            assert transcript is not None  # only optional recognitions are skipped
            return transcript
        except Exception as exc:  # a recogniser failure fails this item, never the session
            log.exception("transcription failed")
            self.emit(
                ev.TranscriptionFailed(
                    item_id=item_id,
                    error=ev.ErrorDetail(
                        type="server_error",
                        code="transcription_failed",
                        message=f"{type(exc).__name__}: {exc}",
                    ),
                )
            )
            return None

    # --- early recognition ----------------------------------------------------------------

    def _start_early(self, config: SessionConfig) -> None:
        audio = self.input.settled_speech(PAUSE_MS)
        if audio is None:
            return
        item_id, language, prior = self.item_id, config.language, config.language_prior
        early = self._early
        if early and early.item_id == item_id and same_speech(early.audio, audio):
            return  # this pause's recognition is already running
        partial = self._partial
        if (
            partial is not None
            and partial.hears(item_id, language, prior)
            and len(partial.audio.samples) + PARTIAL_FRAME_SAMPLES >= self.input.speech_samples
        ):
            # The latest partial began at the last speech: it is hearing this very speech (at
            # most the VAD frame that was still arriving missing), so its recognition serves and
            # the CPU stays free for the answer.
            self._early = RunningRecognition(item_id, language, prior, audio, partial.task)
            self._when_heard(self._early, config)
            return
        task = asyncio.create_task(
            self.transcribe(audio, language, speech_checked=True, prior=prior)
        )
        task.add_done_callback(_log_unused_failure)
        self._early = RunningRecognition(item_id, language, prior, audio, task)
        self._when_heard(self._early, config)

    def _when_heard(self, early: RunningRecognition, config: SessionConfig) -> None:
        """Once this pause's recognition is back and the person is still silent: with
        ``semantic_vad`` its words set how long the pause may last before the turn ends
        (docs/turn-taking.md; until then it may last a little longer than the patience); then
        ``on_pause_heard`` may prepare the answer."""
        turn = config.turn
        semantic = turn is not None and turn.semantic
        if turn is not None and semantic and not early.task.done():
            # Until the words are known, a busy machine's slow recognition must not let the
            # patience alone end a hesitant speaker's turn: wait for them, a bounded while.
            self.input.stretch_silence(unheard_silence_ms(turn.eagerness, turn.silence_duration_ms))

        def heard(task: asyncio.Task[Transcript | None]) -> None:
            if task.cancelled() or self._early is not early:
                return  # the person spoke again or the turn ended: a later pause is judged anew
            transcript = task.result() if task.exception() is None else None
            if transcript is None or not self.input.in_silence:
                if semantic:
                    self.input.restore_silence()  # no words to judge (failed, or skipped)
                return
            if turn is not None and semantic:
                sound = turn_sounds(transcript.text)
                silence = semantic_silence_ms(sound, turn.eagerness, turn.silence_duration_ms)
                self.input.stretch_silence(silence)
                log.debug("semantic turn end: %s → wait %d ms", sound, silence)
            if self.on_pause_heard is not None:
                self.on_pause_heard(early.item_id, early.audio, transcript)

        early.task.add_done_callback(heard)

    # --- partial transcripts --------------------------------------------------------------

    def _start_partial(self, config: SessionConfig) -> None:
        """At most once per interval, one at a time."""
        now = time.monotonic()
        if self.interval_s <= 0 or (
            self._partial_task is not None and not self._partial_task.done()
        ):
            return
        if now - self._last_start < self.interval_s or self.input.buffered_ms < MIN_PARTIAL_MS:
            return  # too soon, or too little speech yet to recognise
        self._last_start = now
        audio = self.input.current_speech()
        language, prior = config.language, config.language_prior
        recognition = asyncio.create_task(
            # The session's VAD cut this audio: no need for the recogniser's own gate.
            self.transcribe(audio, language, optional=True, speech_checked=True, prior=prior)
        )
        item_id = self.item_id
        self._partial = RunningRecognition(item_id, language, prior, audio, recognition)
        # Only where the server answers turns by itself: a push-to-talk client decides when to
        # answer, maybe with another prompt.
        answers = config.turn is not None and config.turn.create_response
        self._partial_task = asyncio.create_task(self._send_partial(item_id, recognition, answers))

    async def _send_partial(
        self, item_id: str, recognition: asyncio.Task[Transcript | None], prefill: bool
    ) -> None:
        transcript = await recognition
        if transcript is None or item_id != self.item_id:
            return  # the turn ended meanwhile: the final transcript supersedes this one
        text = transcript.text.strip()
        delta = text[len(self._sent) :] if text.startswith(self._sent) else ""
        if text.startswith(self._sent):
            self._sent = text
        self.emit(
            ev.TranscriptionDelta(
                item_id=item_id,
                delta=delta,
                modu=ev.TranscriptModu(
                    text=text,
                    language=transcript.language,
                    language_probability=transcript.language_probability,
                ),
            )
        )
        if text and prefill and self.prefill is not None:
            await self._prefill(text, self.prefill)

    async def _prefill(self, text: str, prefill: Prefill) -> None:
        """The answer's prompt up to the question heard so far (the per-turn note comes after
        the question, so everything before it is shared with the final prompt)."""
        if not self.input.speaking or self.input.in_silence:
            return  # the turn may be ending: its recognition and answer need the CPU now
        await prefill(build_messages(self.history_before(text), text, None))


def same_speech(early: Audio, later: Audio) -> bool:
    """``later`` is ``early`` plus only trailing silence: it begins with every sample of
    ``early`` and is at most the trailing padding longer. Speech after the pause would have
    made it longer than that (the segment then runs to the new speech plus the padding)."""
    extra = len(later.samples) - len(early.samples)
    if early.sample_rate != later.sample_rate or not 0 <= extra <= _padding(later):
        return False
    return bool(np.array_equal(later.samples[: len(early.samples)], early.samples))


def _padding(audio: Audio) -> int:
    return audio.sample_rate * TRAILING_PADDING_MS // 1000


def _log_unused_failure(task: asyncio.Task[Transcript | None]) -> None:
    # A failure of a recognition whose turn went on is only logged; one that is used is
    # raised again where it is awaited, and reported on the turn's item there.
    if not task.cancelled() and task.exception() is not None:
        log.warning("early recognition failed: %r", task.exception())
