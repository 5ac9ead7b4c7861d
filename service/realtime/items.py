"""Conversation items the client creates, truncates and deletes (``conversation.item.*``).

Each handler returns the events to send (an ``error``, or what changed); the session sends them,
and decides when an item is added (one with audio to recognise is added by a session task).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable

from service.realtime import client_events as ce
from service.realtime import server_events as ev
from service.realtime.config import SessionConfig
from service.realtime.conversation import Conversation
from service.realtime.response import ResponseRunner
from service.realtime.server_events import request_error
from service.realtime.turn_recognition import Transcribe
from voices.audio import Audio

Events = list[ev.ServerEvent]


def needs_recognition(event: ce.ConversationItemCreate) -> bool:
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
    def __init__(self, conversation: Conversation, transcribe: Transcribe) -> None:
        self.conversation = conversation
        self.transcribe = transcribe

    async def create(self, event: ce.ConversationItemCreate, config: SessionConfig) -> Events:
        item = event.item
        role = item.role
        if role == "system":
            return [_system_item_refused(event.event_id)]
        if (
            event.previous_item_id not in (None, "root")
            and self.conversation.find(event.previous_item_id) is None
        ):
            return [
                request_error(
                    "item_not_found",
                    f"previous_item_id {event.previous_item_id!r} is not in the conversation.",
                    param="previous_item_id",
                    event_id=event.event_id,
                )
            ]
        texts: list[str] = []
        spoken = False
        for index, part in enumerate(item.content):
            if part.type == "input_audio" and part.audio and not part.transcript:
                try:
                    pcm = base64.b64decode(part.audio, validate=True)
                    audio = Audio.from_pcm16(pcm, config.input_rate)
                except (binascii.Error, ValueError) as exc:
                    return [
                        request_error(
                            "invalid_audio",
                            f"item.content[{index}].audio: expected base64 PCM16; {exc}",
                            param=f"item.content[{index}].audio",
                            event_id=event.event_id,
                        )
                    ]
                heard = await self.transcribe(audio, config.language, prior=config.language_prior)
                texts.append(heard.text.strip() if heard else "")
                spoken = True
            else:
                texts.append((part.text or part.transcript or "").strip())
        text = " ".join(t for t in texts if t)
        if not text:
            return [
                request_error(
                    "empty_item",
                    "Expected text (or audio with speech) in item.content; got none.",
                    param="item.content",
                    event_id=event.event_id,
                )
            ]
        entry, previous = self.conversation.add(role, text, audio=spoken, item_id=item.id)
        return [
            ev.ItemAdded(previous_item_id=previous, item=entry.as_item()),
            ev.ItemDone(previous_item_id=previous, item=entry.as_item()),
        ]

    def truncate(
        self, event: ce.ConversationItemTruncate, runners: Iterable[ResponseRunner | None]
    ) -> Events:
        """``runners``: the answer in progress and the last one; the one that made the item
        keeps only what was heard."""
        entry = self.conversation.find(event.item_id)
        if entry is None or entry.role != "assistant":
            return [
                request_error(
                    "item_not_found",
                    f"Expected the id of an assistant item; got {event.item_id!r}.",
                    param="item_id",
                    event_id=event.event_id,
                )
            ]
        for runner in runners:
            if runner is not None and runner.owns(entry.id):
                runner.truncate(event.audio_end_ms)
        return [
            ev.ItemTruncated(
                item_id=entry.id, content_index=event.content_index, audio_end_ms=event.audio_end_ms
            )
        ]

    def delete(self, event: ce.ConversationItemDelete) -> Events:
        if not self.conversation.delete(event.item_id):
            return [
                request_error(
                    "item_not_found",
                    f"No item {event.item_id!r} in the conversation.",
                    param="item_id",
                    event_id=event.event_id,
                )
            ]
        return [ev.ItemDeleted(item_id=event.item_id)]
