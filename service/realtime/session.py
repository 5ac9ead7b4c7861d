"""One realtime session: an explicit state machine over the client's events.

Every client event is validated; anything wrong gets an ``error`` event naming what was
expected and what arrived, and the session carries on. Model work runs in worker threads or
the engine's own thread, never on the event loop. Errors, session updates and VAD events are
never dropped; a cancelled answer's queued text and audio are (see :class:`Outbox`).

The session owns the state and the tasks; its parts (``turn_recognition``, ``items``,
``spoken_turns``, ``responses``) get values and callables, never the session, and either emit
through the callable they were given or return what to send or do (docs/architecture.md). The
session's own methods are handed over weakly (``weak.py``), so a closed session is no reference
cycle: it is freed, with its audio and conversation, as soon as the route lets it go.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
import time
from collections.abc import Awaitable, Coroutine
from dataclasses import replace
from typing import Any

from accessibility.profiles.model import ProfilePatch
from service.auth import Owner
from service.engines import Engines
from service.realtime import client_events as ce
from service.realtime import server_events as ev
from service.realtime.audio_input import InputAudio, InputAudioError, TurnCutError
from service.realtime.config import (
    ConfigError,
    Dialect,
    SessionConfig,
    TurnConfig,
    apply_update,
    render_session,
)
from service.realtime.conversation import Conversation
from service.realtime.items import ConversationItems, needs_recognition
from service.realtime.outbox import Outbox
from service.realtime.pause_answers import PauseAnswers
from service.realtime.preferences import PreferenceSource, apply_preferences
from service.realtime.response import ResponseRunner
from service.realtime.responses import Responses
from service.realtime.server_events import request_error, server_error
from service.realtime.spoken_turns import Action, SpokenState, interpret
from service.realtime.turn_recognition import TurnRecognition
from service.realtime.weak import ignore, weak_method
from voices.audio import Audio
from voices.stt.base import Transcript
from voices.vad.segmenter import SpeechStarted, SpeechStopped, VadEvent

log = logging.getLogger(__name__)


class RealtimeSession:
    def __init__(
        self,
        *,
        engines: Engines,
        dialect: Dialect,
        owner: Owner,
        outbox: Outbox,
        preferences: PreferenceSource | None = None,
    ) -> None:
        settings = engines.settings
        rt = settings.realtime
        self.engines = engines
        self.dialect = dialect
        self.owner = owner
        self.outbox = outbox
        self.preferences = preferences
        self.base_turn = TurnConfig(
            settings.vad.threshold, settings.vad.prefix_padding_ms, settings.vad.silence_duration_ms
        )
        self.config = SessionConfig.from_settings(ev.new_id("sess"), settings.lm.model, settings)
        self.conversation = Conversation(
            token_budget=rt.history_token_budget, max_chars=rt.max_conversation_chars
        )
        self.input = InputAudio(
            rate=self.config.input_rate,
            turn=self.config.turn,
            vad_factory=engines.new_vad,
            vad_release=engines.release_vad,
            max_seconds=rt.max_buffer_seconds,
            min_speech_ms=settings.vad.min_speech_ms,
        )
        self.responses = Responses(
            engines=engines,
            conversation=self.conversation,
            outbox=outbox,
            wait_for=weak_method(self._transcripts_done),
        )
        self.turn = TurnRecognition(
            input_audio=self.input,
            transcribe=weak_method(self._transcribe),
            emit=weak_method(self.emit, if_gone=ignore),
            history_before=self.conversation.history_before,
            prefill=engines.prefill if rt.prefill_partials else None,
            partial_interval_ms=rt.partial_transcript_interval_ms,
            on_pause_heard=weak_method(self._prepare_answer, if_gone=ignore),
        )
        self.pause_answers = PauseAnswers(engines, rt)
        self.items = ConversationItems(self.conversation, weak_method(self._transcribe))
        self._item_pending: asyncio.Task[None] | None = None
        """The latest item still being created (recognised); later items wait for it."""
        self.spoken = SpokenState()
        self._tasks: set[asyncio.Task[None]] = set()
        self.last_activity = time.monotonic()

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        self.outbox.emit(ev.SessionCreated(session=render_session(self.config, self.dialect)))

    async def close(self) -> None:
        self.pause_answers.drop()
        tasks = [t for t in (self.responses.close(), *self._tasks) if t is not None]
        for task in tasks:
            task.cancel()
        try:
            await asyncio.gather(*tasks, return_exceptions=True)
        finally:  # Even when the close itself is cut short (shutdown's grace period).
            self.input.close()  # Its detector goes back to the pool, reset, for the next one.

    @property
    def busy(self) -> bool:
        """An answer is being generated or sent. A speaker mid-utterance is not busy: while
        they speak, frames arrive; one who stopped sending is idle (else eight such clients
        would hold every slot)."""
        return self.response is not None

    @property
    def response(self) -> ResponseRunner | None:
        """The response in progress."""
        return self.responses.active

    # --- frames in ---------------------------------------------------------------------------

    async def handle_text(self, raw: str) -> None:
        self.last_activity = time.monotonic()
        event = ce.parse_client_event(raw)
        if isinstance(event, ev.ErrorEvent):
            self.emit(event)
            return
        await self.guarded(self._dispatch(event), event.event_id, event.type)

    async def handle_binary(self, data: bytes) -> None:
        """modu extension: a binary frame is raw PCM16 for ``input_audio_buffer.append``."""
        self.last_activity = time.monotonic()
        await self.guarded(self._append(data, event_id=None), None, "binary audio")

    async def guarded(self, work: Awaitable[None], event_id: str | None, what: str) -> None:
        """Run ``work``; an unexpected failure becomes a ``server_error`` event for the client
        (and a traceback in the log) instead of closing the socket: the one guard every client
        event passes through."""
        try:
            await work
        except Exception:  # the guard itself: whatever escaped, the person is told, not dropped
            log.exception("realtime: handling %s failed", what)
            self.emit(server_error(event_id, what))

    async def _dispatch(self, event: ce.ClientEvent) -> None:
        match event:
            case ce.SessionUpdateEvent():
                await self._session_update(event)
            case ce.InputAudioBufferAppend():
                try:
                    pcm = base64.b64decode(event.audio, validate=True)
                except (binascii.Error, ValueError) as exc:
                    self.emit(
                        request_error(
                            "invalid_base64",
                            f"Expected base64 PCM16 in 'audio': {exc}.",
                            param="audio",
                            event_id=event.event_id,
                        )
                    )
                    return
                await self._append(pcm, event.event_id)
            case ce.InputAudioBufferCommit():
                await self._commit(event.event_id)
            case ce.InputAudioBufferClear():
                self.pause_answers.drop()
                self.input.clear()
                self.turn.reset()
                self.emit(ev.BufferCleared())
            case ce.ConversationItemCreate():
                await self._item_create(event)
            case ce.ConversationItemTruncate():
                self._send(self.items.truncate(event, (self.response, self.responses.last)))
            case ce.ConversationItemDelete():
                self._send(self.items.delete(event))
            case ce.ResponseCreate():
                self._send(self.responses.create(event, self.config))
            case ce.ResponseCancel():
                self._send(self.responses.cancel_requested(event))

    # --- session ---------------------------------------------------------------------------

    async def _session_update(self, event: ce.SessionUpdateEvent) -> None:
        try:
            config = apply_update(self.config, event.session, self.base_turn)
            if event.session.modu is not None:
                config = await apply_preferences(
                    config, event.session.modu, self.owner, self.preferences
                )
        except ConfigError as exc:
            self.emit(
                request_error(
                    "invalid_value", exc.message, param=exc.param, event_id=event.event_id
                )
            )
            return
        self._configure(config)

    def _configure(self, config: SessionConfig) -> None:
        """The one place the config changes (``session.update``, a spoken command): the input
        follows it, and the client is told in ``session.updated``."""
        self.config = config
        self.input.reconfigure(config.input_rate, config.turn)
        self.emit(ev.SessionUpdated(session=render_session(config, self.dialect)))

    # --- audio -----------------------------------------------------------------------------

    async def _append(self, pcm: bytes, event_id: str | None) -> None:
        try:
            events = self.input.append(pcm)
        except TurnCutError as cut:
            self.emit(request_error(cut.code, cut.message, param=cut.param, event_id=event_id))
            events = cut.events
        except InputAudioError as exc:
            self.emit(request_error(exc.code, exc.message, param=exc.param, event_id=event_id))
            return
        for vad_event in events:
            self._on_vad(vad_event)
        if self.pause_answers.current is not None and self.input.speaking_now:
            self.pause_answers.drop()  # the person went on: the pause was not the end
        self.turn.on_audio(self.config)

    def _on_vad(self, vad_event: VadEvent) -> None:
        if isinstance(vad_event, SpeechStarted):
            turn = self.config.turn
            if self.response is not None and (turn is None or turn.interrupt_response):
                self.responses.cancel("turn_detected")  # barge-in: within this VAD frame
            self.emit(
                ev.SpeechStarted(audio_start_ms=vad_event.audio_start_ms, item_id=self.turn.item_id)
            )
        elif isinstance(vad_event, SpeechStopped):
            self.emit(
                ev.SpeechStopped(audio_end_ms=vad_event.audio_end_ms, item_id=self.turn.item_id)
            )
            self._user_turn(
                self.input.take_turn(),
                respond=bool(self.config.turn and self.config.turn.create_response),
            )

    async def _commit(self, event_id: str | None) -> None:
        try:
            audio, events = self.input.commit()
        except InputAudioError as exc:
            self.emit(request_error(exc.code, exc.message, param=exc.param, event_id=event_id))
            return
        for vad_event in events:
            if isinstance(vad_event, SpeechStopped):
                self.emit(
                    ev.SpeechStopped(audio_end_ms=vad_event.audio_end_ms, item_id=self.turn.item_id)
                )
        self._user_turn(
            audio, respond=self.config.turn is not None and self.config.turn.create_response
        )

    def _user_turn(self, audio: Audio, *, respond: bool) -> None:
        """A committed turn: announce the item, recognise it, then answer (if asked to)."""
        item_id, early = self.turn.end_turn(audio, self.config)
        entry, previous = self.conversation.add("user", "", audio=True, item_id=item_id)
        entry.status = "in_progress"
        self.emit(ev.BufferCommitted(previous_item_id=previous, item_id=item_id))
        self.emit(ev.ItemAdded(previous_item_id=previous, item=entry.as_item()))
        self._spawn(self._transcribe_turn(entry.id, audio, respond, early))

    async def _transcribe_turn(
        self,
        item_id: str,
        audio: Audio,
        respond: bool,
        early: asyncio.Task[Transcript | None] | None = None,
    ) -> None:
        entry = self.conversation.find(item_id)
        transcript = await self.turn.recognise(item_id, audio, early, self.config)
        if transcript is None or entry is None:  # failed (and said so), or deleted meanwhile
            self.pause_answers.end_turn()
            return
        entry.text = transcript.text.strip()
        entry.status = "completed"
        self.emit(
            ev.TranscriptionCompleted(
                item_id=item_id,
                transcript=entry.text,
                usage=ev.TranscriptionUsage(seconds=round(audio.duration_s, 3)),
                modu=ev.TranscriptModu(
                    language=transcript.language,
                    language_probability=transcript.language_probability,
                    note=transcript.note,
                ),
            )
        )
        self.emit(ev.ItemDone(item=entry.as_item()))
        if not entry.text or not respond:
            self.pause_answers.end_turn()
            return  # nothing was said (noise, a cough), or the client decides when to answer
        # Spoken commands and confirmations only where the server answers turns by itself;
        # a push-to-talk client decides on its own when to ask for a response.
        action = interpret(
            entry,
            transcript,
            self.spoken,
            config=self.config,
            last_answer=self.conversation.last_answer(),
            can_save=self.preferences is not None,
        )
        await self._carry_out(action, item_id, audio)

    async def _carry_out(self, action: Action, item_id: str, audio: Audio) -> None:
        """Do what the spoken turn ``item_id`` asked (``spoken_turns.Action``), in the order of
        its fields; a question is answered with the answer prepared during its pause, if any."""
        self.spoken = action.state
        if action.question and self.response is None:
            prepared, report = self.pause_answers.take(item_id, audio)
            pause_report = report if self.pause_answers.enabled else None
            self.responses.start(self.config, prepared=prepared, pause_report=pause_report)
            return
        self.pause_answers.end_turn()
        if action.question:
            return
        for entry in action.hide:
            entry.hidden = True
        if action.save is not None and self.preferences is not None:
            patch = ProfilePatch(speech_rate=action.save.rate)
            await self.preferences.update(self.owner.id, action.save.profile_id, patch)
            # Stored: no longer unsaved (a failed save raised above, and the rate stays unsaved).
            self.spoken = replace(self.spoken, unsaved_rate=None)
        if action.config is not None:
            self._configure(action.config)
        if action.stop:
            self.responses.cancel("stop_command")
        if action.reply is not None:
            await self.responses.end_current("replaced")
            self.responses.start(self.config, what=action.reply)

    def _prepare_answer(self, item_id: str, audio: Audio, transcript: Transcript) -> None:
        """A pause's words are back and the person is still silent (pause_answers.py)."""
        if self.response is None:
            self.pause_answers.consider(
                item_id,
                audio,
                transcript,
                config=self.config,
                conversation=self.conversation,
                spoken=self.spoken,
                can_save=self.preferences is not None,
            )

    # --- conversation items --------------------------------------------------------------

    async def _item_create(self, event: ce.ConversationItemCreate) -> None:
        """Add the item. One with audio to recognise is added by a session task, so the receive
        loop goes on reading (a ``response.cancel`` is not stuck behind a long recording);
        ``response.create`` waits for session tasks, so it still sees the transcript. Later items
        wait for the one still being created: the conversation keeps the order the client sent."""
        previous = self._item_pending
        if previous is None and not needs_recognition(event):
            self._send(await self.items.create(event, self.config))
            return
        work = self.guarded(self._item_after(previous, event), event.event_id, event.type)
        self._item_pending = self._spawn(work)

    async def _item_after(
        self, previous: asyncio.Task[None] | None, event: ce.ConversationItemCreate
    ) -> None:
        if previous is not None:
            await asyncio.wait({previous})  # its failure was its own, already reported
        try:
            self._send(await self.items.create(event, self.config))
        finally:
            if self._item_pending is asyncio.current_task():
                self._item_pending = None

    # --- helpers ---------------------------------------------------------------------------

    def emit(self, event: ev.ServerEvent) -> None:
        self.outbox.emit(event, None)

    def _send(self, events: list[ev.ServerEvent]) -> None:
        for event in events:
            self.emit(event)

    def _transcribe(
        self,
        audio: Audio,
        language: str | None,
        *,
        optional: bool = False,
        speech_checked: bool = False,
        prior: str | None = None,
    ) -> Coroutine[Any, Any, Transcript | None]:
        """``Engines.transcribe``, looked up on each call: the session's parts are given this,
        so an engine swapped while the session runs (as tests do) is the one they use."""
        return self.engines.transcribe(
            audio, language, optional=optional, speech_checked=speech_checked, prior=prior
        )

    async def _transcripts_done(self) -> None:
        """A response asked for right after a commit waits for that turn's transcript."""
        current = asyncio.current_task()
        pending = [task for task in self._tasks if task is not current]
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)

    def _spawn(self, coro: Any) -> asyncio.Task[None]:
        task: asyncio.Task[None] = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[None]) -> None:
        """Spawned work that failed (a turn's recognition, a saved preference) is logged and
        told to the client: ``close`` and ``_transcripts_done`` gather and discard results."""
        self._tasks.discard(task)
        if task.cancelled() or task.exception() is None:
            return
        log.error("realtime: a session task failed", exc_info=task.exception())
        self.emit(server_error(None, "background work"))
