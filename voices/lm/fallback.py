"""Answer with a second engine when the first cannot start (e.g. a remote server is down)."""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from contextlib import asynccontextmanager

from voices.lm.base import (
    CancelToken,
    ChatMessage,
    GenerationOptions,
    LanguageModel,
    LanguageModelError,
)
from voices.observer import EngineObserver


class FallbackLanguageModel:
    """Tries ``primary``; if it raises :class:`LanguageModelError` before its first delta, the
    same request goes to ``fallback`` and :attr:`note` says why.

    ``fallback`` may be a zero-argument factory: it is then built only when first needed, so a
    deployment whose remote server never fails never resolves (or assembles) local weights.

    A failure after the first delta is re-raised: the listener has already heard part of one
    answer, and starting a different one would be worse than saying it broke.

    After a failure the primary is skipped for ``retry_after_s`` seconds, so that an unreachable
    server (which can take a whole connect timeout to fail) does not delay every turn.

    :attr:`name`, :attr:`model_id` and :attr:`answered_by` describe the engine that answered the
    most recent request. They are per-engine state, like ``note`` in the protocol; with several
    sessions streaming at once, read them right after your own stream ends.
    """

    def __init__(
        self,
        primary: LanguageModel,
        fallback: LanguageModel | Callable[[], LanguageModel],
        *,
        retry_after_s: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        observer: EngineObserver | None = None,
    ) -> None:
        self.primary = primary
        self._fallback: LanguageModel | None = None
        self._make_fallback: Callable[[], LanguageModel] | None = None
        if callable(fallback):
            self._make_fallback = fallback
        else:
            self._fallback = fallback
        self._retry_after_s = retry_after_s
        self._clock = clock
        self._primary_down_until = float("-inf")
        self._last_error: str | None = None
        self._answered_by: LanguageModel = primary
        self._note: str | None = None
        self.observer = observer
        """Told of each answer the fallback gives."""

    @property
    def name(self) -> str:
        return self._answered_by.name

    @property
    def model_id(self) -> str:
        return self._answered_by.model_id

    @property
    def note(self) -> str | None:
        return self._note

    @property
    def answered_by(self) -> LanguageModel:
        return self._answered_by

    @property
    def fallback(self) -> LanguageModel:
        """The fallback engine (built now if it was given as a factory)."""
        if self._fallback is None:
            assert self._make_fallback is not None  # One of the two is always set.
            self._fallback = self._make_fallback()
        return self._fallback

    @property
    def falling_back(self) -> bool:
        """The primary's last try failed and it has not answered since (``/health`` says so)."""
        return self._last_error is not None

    @property
    def last_error(self) -> str | None:
        """Why the primary last failed, until it answers again."""
        return self._last_error

    @property
    def fallback_if_built(self) -> LanguageModel | None:
        """The fallback engine if it exists already (for shutdown: never builds it)."""
        return self._fallback

    def load(self) -> None:
        """Build the fallback and load its model now (the service's warm-up), so that the first
        failure of the primary finds it ready instead of waiting seconds for the weights. The
        primary (a remote server) has nothing to load."""
        load = getattr(self.fallback, "load", None)
        if callable(load):
            load()

    async def prefill(self, messages: list[ChatMessage]) -> bool:
        """Prefills whichever engine would answer now (never building the fallback for it); a
        failure only means no head start."""
        primary_up = self._clock() >= self._primary_down_until
        engine = self.primary if primary_up else self.fallback_if_built
        if engine is None:
            return False
        try:
            return await engine.prefill(messages)
        except LanguageModelError:
            return False

    async def stream(
        self,
        messages: list[ChatMessage],
        options: GenerationOptions,
        cancel: CancelToken | None = None,
    ) -> AsyncGenerator[str, None]:
        if self._clock() >= self._primary_down_until:
            started = False
            try:
                async with _closing(self.primary.stream(messages, options, cancel)) as deltas:
                    async for delta in deltas:
                        if not started:
                            started = True
                            self._answered_by, self._note = self.primary, None
                            self._last_error = None  # the primary answers again
                        yield delta
            except LanguageModelError as error:
                if started:
                    raise
                self._primary_down_until = self._clock() + self._retry_after_s
                self._last_error = str(error)
            else:
                if not started:  # An empty answer (or cancelled at once) still counts.
                    self._answered_by, self._note = self.primary, None
                    self._last_error = None
                return
        async for delta in self._stream_fallback(messages, options, cancel):
            yield delta

    async def _stream_fallback(
        self,
        messages: list[ChatMessage],
        options: GenerationOptions,
        cancel: CancelToken | None,
    ) -> AsyncGenerator[str, None]:
        fallback = self.fallback
        self._answered_by = fallback
        if self.observer is not None:
            self.observer.fallback("lm", self.primary.name, fallback.name)
        self._note = (
            f"{self._last_error}; answered with the embedded model "
            f"{fallback.name}/{fallback.model_id}"
        )
        try:
            async with _closing(fallback.stream(messages, options, cancel)) as deltas:
                async for delta in deltas:
                    yield delta
        except LanguageModelError as error:
            raise LanguageModelError(
                f"{self.primary.name} failed ({self._last_error}) and so did the fallback "
                f"{fallback.name}/{fallback.model_id} ({error})"
            ) from error


@asynccontextmanager
async def _closing(stream: AsyncIterator[str]) -> AsyncIterator[AsyncIterator[str]]:
    """Close the engine's stream as soon as we stop reading it, not when it is garbage
    collected: closing is what makes an engine stop generating (or hang up on a server)."""
    try:
        yield stream
    finally:
        aclose = getattr(stream, "aclose", None)  # Async generators have it; the protocol
        if aclose is not None:  # promises only AsyncIterator.
            await aclose()
