"""Conversation items the client creates, truncates and deletes (``conversation.item.*``)."""

from __future__ import annotations

import asyncio
import base64
import binascii
from typing import TYPE_CHECKING

from service.realtime import client_events as ce
from service.realtime import server_events as ev
from service.realtime.server_events import request_error
from voices.audio import Audio

if TYPE_CHECKING:
    from service.realtime.session import RealtimeSession


def _needs_recognition(event: ce.ConversationItemCreate) -> bool:
    return any(
        part.type == "input_audio" and part.audio and not part.transcript
        for part in event.item.content
    )


SYSTEM_ITEM_REFUSED = (
    "Expected item.role 'user' or 'assistant'; got 'system'. modu's model keeps its own fixed "
    "prompt, so system items are not accepted: send instructions as session.instructions "
    "(session.update) or response.instructions (response.create)."
)


def _system_item_refused(event_id: str | None) -> ev.ErrorEvent:
    """A client ``system`` item is refused, not stored: it would never reach the model, and
    instructions already have their place (the session's, or one response's)."""
    return request_error("invalid_value", SYSTEM_ITEM_REFUSED, param="item.role", event_id=event_id)


class ConversationItems:
    def __init__(self, session: RealtimeSession) -> None:
        self.session = session
        self._pending: asyncio.Task[None] | None = None
        """The latest item still being created (recognised); later items wait for it, so the
        conversation keeps the order the client sent."""

    async def create(self, event: ce.ConversationItemCreate) -> None:
        """Add the item. One with audio to recognise is added by a session task, so the receive
        loop goes on reading (a ``response.cancel`` is not stuck behind a long recording);
        ``response.create`` waits for session tasks, so it still sees the transcript."""
        if self._pending is None and not _needs_recognition(event):
            await self._create(event)
            return
        work = self.session.guarded(self._after(self._pending, event), event.event_id, event.type)
        self._pending = self.session._spawn(work)

    async def _after(
        self, previous: asyncio.Task[None] | None, event: ce.ConversationItemCreate
    ) -> None:
        if previous is not None:
            await asyncio.wait({previous})  # its failure was its own, already reported
        try:
            await self._create(event)
        finally:
            if self._pending is asyncio.current_task():
                self._pending = None

    async def _create(self, event: ce.ConversationItemCreate) -> None:
        item = event.item
        role = item.role
        if role == "system":
            self.session.emit(_system_item_refused(event.event_id))
            return
        if (
            event.previous_item_id not in (None, "root")
            and self.session.conversation.find(event.previous_item_id) is None
        ):
            self.session.emit(
                request_error(
                    "item_not_found",
                    f"previous_item_id {event.previous_item_id!r} is not in the conversation.",
                    param="previous_item_id",
                    event_id=event.event_id,
                )
            )
            return
        texts: list[str] = []
        spoken = False
        for index, part in enumerate(item.content):
            if part.type == "input_audio" and part.audio and not part.transcript:
                try:
                    pcm = base64.b64decode(part.audio, validate=True)
                    audio = Audio.from_pcm16(pcm, self.session.config.input_rate)
                except (binascii.Error, ValueError) as exc:
                    self.session.emit(
                        request_error(
                            "invalid_audio",
                            f"item.content[{index}].audio: expected base64 PCM16; {exc}",
                            param=f"item.content[{index}].audio",
                            event_id=event.event_id,
                        )
                    )
                    return
                config = self.session.config
                heard = await self.session.engines.transcribe(
                    audio, config.language, prior=config.language_prior
                )
                texts.append(heard.text.strip() if heard else "")
                spoken = True
            else:
                texts.append((part.text or part.transcript or "").strip())
        text = " ".join(t for t in texts if t)
        if not text:
            self.session.emit(
                request_error(
                    "empty_item",
                    "Expected text (or audio with speech) in item.content; got none.",
                    param="item.content",
                    event_id=event.event_id,
                )
            )
            return
        entry, previous = self.session.conversation.add(role, text, audio=spoken, item_id=item.id)
        self.session.emit(ev.ItemAdded(previous_item_id=previous, item=entry.as_item()))
        self.session.emit(ev.ItemDone(previous_item_id=previous, item=entry.as_item()))

    def truncate(self, event: ce.ConversationItemTruncate) -> None:
        entry = self.session.conversation.find(event.item_id)
        if entry is None or entry.role != "assistant":
            self.session.emit(
                request_error(
                    "item_not_found",
                    f"Expected the id of an assistant item; got {event.item_id!r}.",
                    param="item_id",
                    event_id=event.event_id,
                )
            )
            return
        for runner in (self.session.response, self.session.last_response):
            if runner is not None and runner.owns(entry.id):
                runner.truncate(event.audio_end_ms)
        self.session.emit(
            ev.ItemTruncated(
                item_id=entry.id, content_index=event.content_index, audio_end_ms=event.audio_end_ms
            )
        )

    def delete(self, event: ce.ConversationItemDelete) -> None:
        if not self.session.conversation.delete(event.item_id):
            self.session.emit(
                request_error(
                    "item_not_found",
                    f"No item {event.item_id!r} in the conversation.",
                    param="item_id",
                    event_id=event.event_id,
                )
            )
            return
        self.session.emit(ev.ItemDeleted(item_id=event.item_id))
