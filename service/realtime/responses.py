"""The session's responses: at most one at a time (each a :class:`ResponseRunner`), started by
``response.create``, a finished turn or a spoken command, and cancelled by
``response.cancel``, a barge-in or a replacement. The spoken AI disclosure is said once per
session, before the first spoken answer.

:class:`Responses` holds no session: it is given the engines, the conversation, the outbox its
answers are queued in (a cancelled answer's queued events are dropped there) and what to await
before answering; the session passes its config with each start.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from accessibility.labels import disclosure
from service.engines import Engines
from service.realtime import client_events as ce
from service.realtime import server_events as ev
from service.realtime.answer_request import ResponseInput
from service.realtime.config import SessionConfig
from service.realtime.conversation import Conversation
from service.realtime.outbox import Outbox
from service.realtime.response import ResponseRunner
from service.realtime.server_events import request_error
from service.realtime.speculation import PauseReport, Speculation
from voices.lm.prompt import conversation_so_far

log = logging.getLogger(__name__)


class Responses:
    def __init__(
        self,
        *,
        engines: Engines,
        conversation: Conversation,
        outbox: Outbox,
        wait_for: Callable[[], Awaitable[None]],
    ) -> None:
        """``wait_for``: awaited before answering (the user's last turn may still be being
        recognised)."""
        self.engines = engines
        self.conversation = conversation
        self.outbox = outbox
        self.wait_for = wait_for
        self.active: ResponseRunner | None = None
        """The response in progress."""
        self.last: ResponseRunner | None = None
        """The latest finished one (a client may still truncate what it played)."""
        self._task: asyncio.Task[None] | None = None
        self._disclosed = False

    def create(self, event: ce.ResponseCreate, config: SessionConfig) -> list[ev.ServerEvent]:
        """``response.create``: the response starts, or the error says one is in progress."""
        if self.active is not None:
            return [
                request_error(
                    "conversation_already_has_active_response",
                    f"Expected no active response; {self.active.id} is still in progress. "
                    "Send response.cancel first.",
                    event_id=event.event_id,
                )
            ]
        self.start(config, event.response)
        return []

    def start(
        self,
        config: SessionConfig,
        options: ce.ResponseOptions | None = None,
        what: ResponseInput | None = None,
        *,
        prepared: Speculation | None = None,
        pause_report: PauseReport | None = None,
    ) -> None:
        """``prepared`` and ``pause_report``: see :class:`ResponseRunner`."""
        modalities = (options.output_modalities or options.modalities) if options else None
        audio_out = ("audio" in modalities) if modalities is not None else config.audio_out
        tokens = (
            (options.max_output_tokens or options.max_response_output_tokens) if options else None
        )
        spoken_disclosure = None
        if audio_out and not self._disclosed and config.disclose:
            spoken_disclosure = disclosure(config.language or self._last_user_language())
            self._disclosed = True
        runner = ResponseRunner(
            engines=self.engines,
            config=config,
            conversation=self.conversation,
            emit=self.outbox.emit,
            audio_out=audio_out,
            extra_instructions=options.instructions if options else None,
            max_output_tokens=tokens if isinstance(tokens, int) else config.max_output_tokens,
            disclosure=spoken_disclosure,
            what=what,
            wait_for=self.wait_for,
            prepared=prepared,
            pause_report=pause_report,
        )
        self.active = runner
        self._task = asyncio.create_task(self._run(runner))

    async def end_current(self, reason: str) -> None:
        """Cancel the response in progress, if any, and wait until it has ended."""
        if self.active is not None and self._task is not None:
            self.cancel(reason)
            await asyncio.gather(self._task, return_exceptions=True)

    def cancel_requested(self, event: ce.ResponseCancel) -> list[ev.ServerEvent]:
        """``response.cancel``: the response is cancelled, or the error says why not."""
        if self.active is None:
            return [
                request_error(
                    "response_cancel_not_active",
                    "Expected an active response to cancel; there is none.",
                    event_id=event.event_id,
                )
            ]
        if event.response_id and event.response_id != self.active.id:
            return [
                request_error(
                    "response_not_found",
                    f"Expected the active response id {self.active.id}; got {event.response_id!r}.",
                    param="response_id",
                    event_id=event.event_id,
                )
            ]
        self.cancel("client_cancelled")
        return []

    def cancel(self, reason: str) -> None:
        runner = self.active
        if runner is None:
            return
        runner.cancel(reason)
        self.outbox.drop(runner.id)  # its queued audio and text never leave

    def close(self) -> asyncio.Task[None] | None:
        """The session is closing: the response in progress is cancelled; its task, to await."""
        if self.active is not None:
            self.active.cancel("session_closed")
        return self._task

    async def _run(self, runner: ResponseRunner) -> None:
        try:
            await runner.run()
        finally:
            if self.active is runner:
                self.active = None
            self.last = runner
        if not runner.is_cancelled() and self.engines.settings.realtime.keep_conversation:
            self._keep_conversation()

    def _keep_conversation(self) -> None:
        """The answer is out: the model reads the conversation so far while it is heard
        (``Engines.keep_conversation``), so the next question only costs its own words. The
        task holds the engines and the messages, not the session."""
        history, last_question = self.conversation.history()
        if last_question is not None or not history or history[-1].role != "assistant":
            return  # a question waits for its answer, or nothing was said
        asked_before = next((m.content for m in reversed(history) if m.role == "user"), "")
        history = self.conversation.history_before(asked_before)  # room for a question as long
        task = asyncio.create_task(self.engines.keep_conversation(conversation_so_far(history)))
        task.add_done_callback(_retrieve)

    def _last_user_language(self) -> str:
        from accessibility.language import detect_text_language

        _, text = self.conversation.history()
        return detect_text_language(text or "", default="en") or "en"


def _retrieve(task: asyncio.Task[bool]) -> None:
    """Keeping the conversation is a head start only: a failure was logged by the prefill (and
    the next answer meets the same error and reports it)."""
    if not task.cancelled() and task.exception() is not None:
        log.info("keeping the conversation failed: %s", task.exception())
