"""A session's conversation: its items in order, and the bounded history the model sees."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from service.realtime.server_events import Item, ItemContent, new_id
from voices.lm.base import ChatMessage
from voices.lm.prompt import estimate_tokens as estimate_tokens  # response.py counts with it
from voices.lm.prompt import fit_history

Role = Literal["user", "assistant"]
"""Client system items are refused (``service.realtime.items``): instructions have their own
place, and the model keeps its fixed prompt."""


@dataclass
class ConversationEntry:
    id: str
    role: Role
    text: str
    audio: bool = False
    """Spoken (input or output audio) rather than typed."""
    status: Literal["completed", "in_progress", "incomplete"] = "completed"
    spoken_sentences: list[tuple[str, int]] = field(default_factory=list)
    """For assistant audio: each sentence and the audio end (ms) once it was sent."""
    hidden: bool = False
    """Not shown to the model: spoken commands, confirmations and their replies."""
    preamble: str = ""
    """The AI disclosure: in the transcript, not in the answer."""
    preamble_at: int = 0
    """Where in ``text`` the disclosure was said: 0 (first), or after an emergency's first
    sentence, which must come before anything else."""

    @property
    def spoken_text(self) -> str:
        before, after = self.text[: self.preamble_at], self.text[self.preamble_at :]
        return " ".join(part.strip() for part in (before, self.preamble, after) if part.strip())

    def as_item(self) -> Item:
        if self.role == "user":
            content = (
                ItemContent(type="input_audio", transcript=self.text)
                if self.audio
                else ItemContent(type="input_text", text=self.text)
            )
        else:
            content = (
                ItemContent(type="output_audio", transcript=self.spoken_text)
                if self.audio
                else ItemContent(type="output_text", text=self.text)
            )
        return Item(id=self.id, role=self.role, status=self.status, content=[content])


MAX_ITEMS = 2000
"""Items kept in one session, however short (each costs memory beside its text)."""
DEFAULT_MAX_CHARS = 2_000_000


class Conversation:
    """Items in order. The model sees the newest turns that fit ``token_budget``; the session
    keeps the newest that fit ``max_chars`` (and :data:`MAX_ITEMS`), letting the oldest go."""

    def __init__(self, token_budget: int, max_chars: int = DEFAULT_MAX_CHARS) -> None:
        self.token_budget = token_budget
        self.max_chars = max_chars
        self.entries: list[ConversationEntry] = []

    def add(
        self, role: Role, text: str, *, audio: bool = False, item_id: str | None = None
    ) -> tuple[ConversationEntry, str | None]:
        """Append an item; returns it and the id of the item before it."""
        previous = self.entries[-1].id if self.entries else None
        entry = ConversationEntry(id=item_id or new_id("item"), role=role, text=text, audio=audio)
        self.entries.append(entry)
        self._let_go_of_the_oldest()
        return entry, previous

    def _let_go_of_the_oldest(self) -> None:
        """Drop the oldest finished items until the rest fit; the newest and any item still
        being said stay (a client sending 150 items of 900 KB held 148 MB before)."""
        total = sum(len(e.text) + len(e.preamble) for e in self.entries)
        index = 0
        while index < len(self.entries) - 1 and (
            total > self.max_chars or len(self.entries) > MAX_ITEMS
        ):
            oldest = self.entries[index]
            if oldest.status == "in_progress":
                index += 1
                continue
            total -= len(oldest.text) + len(oldest.preamble)
            del self.entries[index]

    def find(self, item_id: str) -> ConversationEntry | None:
        return next((e for e in self.entries if e.id == item_id), None)

    def delete(self, item_id: str) -> bool:
        entry = self.find(item_id)
        if entry is None:
            return False
        self.entries.remove(entry)
        return True

    def history(self) -> tuple[list[ChatMessage], str | None]:
        """Messages for the model (oldest dropped first to fit the budget), the last user text
        excluded, and that last user text itself."""
        usable = self._usable()
        if not usable or usable[-1].role != "user":
            return self._fit(usable), None
        *earlier, last = usable
        return self._fit(earlier, reserve=estimate_tokens(last.text)), last.text

    def history_before(self, next_user_text: str) -> list[ChatMessage]:
        """The history :meth:`history` will give once ``next_user_text`` is added as the next
        user message (for prefilling the model while that message is still being spoken)."""
        return self._fit(self._usable(), reserve=estimate_tokens(next_user_text))

    def _usable(self) -> list[ConversationEntry]:
        """Entries the model may see: said, not hidden (commands, their replies)."""
        return [e for e in self.entries if e.text.strip() and not e.hidden]

    def _fit(self, entries: list[ConversationEntry], reserve: int = 0) -> list[ChatMessage]:
        """The one history rule (:func:`~voices.lm.prompt.fit_history`) with this session's
        budget: the model is sent exactly this."""
        messages = [ChatMessage(role=e.role, content=e.text) for e in entries]
        return fit_history(messages, token_budget=self.token_budget, reserve=reserve)

    def last_answer(self) -> ConversationEntry | None:
        """The latest answer the model gave (not a command's reply)."""
        return next(
            (
                e
                for e in reversed(self.entries)
                if e.role == "assistant" and not e.hidden and e.text
            ),
            None,
        )
