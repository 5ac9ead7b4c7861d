"""Partial transcripts: the turn being spoken, re-recognised at a bounded rate."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

from service.realtime import server_events as ev
from service.realtime.early_recognition import RunningRecognition
from voices.lm.prompt import build_messages
from voices.stt.base import Transcript

if TYPE_CHECKING:
    from service.realtime.session import RealtimeSession


class PartialTranscripts:
    """Re-recognises the turn being spoken, at most once per interval, one at a time."""

    def __init__(self, session: RealtimeSession) -> None:
        self.session = session
        self.interval_s = session.settings.realtime.partial_transcript_interval_ms / 1000
        self.last_start = 0.0
        self.sent = ""
        self.task: asyncio.Task[None] | None = None
        self.recognition: RunningRecognition | None = None
        """The latest partial's recognition: the turn's transcript when it heard all the speech
        (see ``EarlyRecognition``)."""

    def reset(self) -> None:
        # A running partial is left to finish, not cancelled: its thread cannot be stopped, and
        # its result is discarded because the turn's item id has changed.
        self.sent = ""

    def maybe_start(self) -> None:
        now = time.monotonic()
        if self.interval_s <= 0 or (self.task is not None and not self.task.done()):
            return
        if now - self.last_start < self.interval_s or self.session.input.buffered_ms < 500:
            return  # too soon, or too little speech yet to recognise
        self.last_start = now
        session = self.session
        audio = session.input.current_speech()
        language, prior = session.config.language, session.config.language_prior
        recognition = asyncio.create_task(
            # The session's VAD cut this audio: no need for the recogniser's own gate.
            session.engines.transcribe(
                audio, language, optional=True, speech_checked=True, prior=prior
            )
        )
        item_id = session.pending_user_item
        self.recognition = RunningRecognition(item_id, language, prior, audio, recognition)
        self.task = asyncio.create_task(self._run(item_id, recognition))

    async def _run(self, item_id: str, recognition: asyncio.Task[Transcript | None]) -> None:
        transcript = await recognition
        if transcript is None or item_id != self.session.pending_user_item:
            return  # the turn ended meanwhile: the final transcript supersedes this one
        text = transcript.text.strip()
        delta = text[len(self.sent) :] if text.startswith(self.sent) else ""
        if text.startswith(self.sent):
            self.sent = text
        self.session.emit(
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
        if text and self.session.settings.realtime.prefill_partials:
            await self._prefill(text)

    async def _prefill(self, text: str) -> None:
        """The answer's prompt up to the question heard so far (the per-turn note comes after
        the question, so everything before it is shared with the final prompt)."""
        session = self.session
        turn = session.config.turn
        if turn is None or not turn.create_response:
            return  # the client decides when to answer, maybe with another prompt
        if not session.input.speaking or session.input.in_silence:
            return  # the turn may be ending: its recognition and answer need the CPU now
        history = session.conversation.history_before(text)
        await session.engines.prefill(build_messages(history, text, None))
