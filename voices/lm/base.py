"""The language model: message types, generation options and the protocol every engine meets."""

from __future__ import annotations

import threading
from collections.abc import AsyncGenerator
from typing import Literal, Protocol

from pydantic import BaseModel, Field


class ChatMessage(BaseModel):
    role: Literal["system", "user", "assistant"]
    content: str


class GenerationOptions(BaseModel):
    max_tokens: int = Field(default=160, ge=1, le=8192)
    temperature: float = Field(default=0.3, ge=0.0, le=2.0)
    top_p: float = Field(default=0.9, gt=0.0, le=1.0)
    seed: int | None = 0
    stop: list[str] = []


class CancelToken:
    """Set from any thread to stop a generation; engines check it between tokens."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


class LanguageModelError(RuntimeError):
    """The engine failed to generate (model missing, server unreachable, bad output)."""


class LanguageModel(Protocol):
    """Streams an answer token by token. ``stream`` must not block the event loop: engines run
    their model in a worker thread and hand text deltas over as they come."""

    @property
    def name(self) -> str:
        """Engine name: ``llama.cpp``, ``transformers``, ``remote`` or ``fake``."""
        ...

    @property
    def model_id(self) -> str: ...

    @property
    def note(self) -> str | None:
        """Set when the engine had to fall back (e.g. a remote server was unreachable)."""
        ...

    def stream(
        self,
        messages: list[ChatMessage],
        options: GenerationOptions,
        cancel: CancelToken | None = None,
    ) -> AsyncGenerator[str, None]:
        """Yield text deltas of the assistant's answer. Stops early, without error, once
        ``cancel`` is set. Raises :class:`LanguageModelError` on engine failure."""
        ...

    async def prefill(self, messages: list[ChatMessage]) -> bool:
        """Process ``messages`` as a prompt and keep its cache, so that a later request that
        begins the same way starts sooner (the question heard so far, while the user is still
        speaking). ``False``: this engine keeps no such cache and did nothing."""
        ...
