"""When a remote stage fails, use the embedded engine, say so, and try the remote again later.

Shared by speech recognition and voices (the language model has its own async twin,
:mod:`voices.lm.fallback`). The embedded engine is optional: a replica that has no weights for
it (or was told not to load one) answers a failure with an error naming the stage and the URL.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from voices.observer import EngineObserver
from voices.remote import RemoteStageError

E = TypeVar("E")
R = TypeVar("R")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StageStatus:
    """What ``/health`` says of one remote stage."""

    stage: str
    url: str
    falling_back: bool
    """The remote's last try failed and it has not answered since: the embedded engine (if
    any) answers, and the remote is tried again after ``recheck_s``."""
    fallback: str | None
    """The embedded engine (``None``: none on this replica; failures are errors)."""
    fallback_loaded: bool
    last_error: str | None


class StageFallback(Generic[E]):
    """The switch between a remote engine and its embedded fallback, for one stage.

    After a failure the remote is skipped for ``recheck_s`` seconds (an unreachable server may
    take a whole connect timeout to fail, and an answer has many sentences), then tried again:
    the first success ends the fallback. Thread-safe: recognitions and voices run in threads.
    """

    def __init__(
        self,
        stage: str,
        url: str,
        remote_name: str,
        fallback: Callable[[], E] | None,
        *,
        fallback_name: str | None = None,
        recheck_s: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        observer: EngineObserver | None = None,
    ) -> None:
        self.stage = stage
        self.url = url
        self.remote_name = remote_name
        self.fallback_name = fallback_name
        self._make_fallback = fallback
        self._fallback: E | None = None
        self._recheck_s = recheck_s
        self._clock = clock
        self._down_until = float("-inf")
        self._last_error: str | None = None
        self._lock = threading.Lock()
        self._build_lock = threading.Lock()
        self.observer = observer

    @property
    def fallback_if_built(self) -> E | None:
        return self._fallback

    def fallback(self) -> E | None:
        """The embedded engine, built on first need (or by ``load``); ``None`` if there is none."""
        if self._make_fallback is None:
            return None
        with self._build_lock:  # not the status lock: /health must not wait for a load
            if self._fallback is None:
                self._fallback = self._make_fallback()
            return self._fallback

    def status(self) -> StageStatus:
        with self._lock:
            return StageStatus(
                stage=self.stage,
                url=self.url,
                falling_back=self._last_error is not None,
                fallback=self.fallback_name if self._make_fallback else None,
                fallback_loaded=self._fallback is not None,
                last_error=self._last_error,
            )

    def run(self, remote: Callable[[], R], embedded: Callable[[E], R]) -> tuple[R, str | None]:
        """``remote()``'s result, or, when it raises :class:`RemoteStageError` (or is resting
        after one), ``embedded(fallback)``'s with a note saying why. Without a fallback the
        error is raised, saying that none is loaded here."""
        if self._clock() >= self._down_until:
            try:
                result = remote()
            except RemoteStageError as error:
                self._failed(str(error))
            else:
                self._recovered()
                return result, None
        with self._lock:
            reason = self._last_error or f"{self.remote_name} at {self.url} failed"
        engine = self.fallback()
        if engine is None:
            raise RemoteStageError(
                f"{reason}; no embedded engine is loaded on this replica to fall back to"
                f" (MODU_{self.stage.upper()}__REMOTE_FALLBACK)"
            )
        if self.observer is not None:
            self.observer.fallback(self.stage, "remote", self.fallback_name or "embedded")
        note = f"{reason}; {self._done_by()} instead"
        return embedded(engine), note

    def _done_by(self) -> str:
        return f"done by the embedded {self.fallback_name or 'engine'}"

    def _failed(self, error: str) -> None:
        with self._lock:
            first = self._last_error is None
            self._down_until = self._clock() + self._recheck_s
            self._last_error = error
        if first:
            log.warning("%s: falling back to the embedded engine: %s", self.stage, error)
        else:
            log.info("%s: still falling back: %s", self.stage, error)

    def _recovered(self) -> None:
        with self._lock:
            was_down = self._last_error is not None
            self._last_error = None
            self._down_until = float("-inf")
        if was_down:
            log.warning("%s: the remote at %s answers again; fallback ended", self.stage, self.url)
