"""What engines tell whoever runs them: a fallback taken, a remote server's latency.

The service passes an :class:`EngineObserver` to the engines that choose between others or call
out (its metrics count what they report); without one, engines report nothing. Observers must
be cheap and must not raise: they are called in the middle of an answer.
"""

from __future__ import annotations

from typing import Literal, Protocol

Outcome = Literal["ok", "error"]


class EngineObserver(Protocol):
    def fallback(self, stage: str, failed: str, used: str) -> None:
        """``stage`` (``lm``, ``tts``) was served by ``used`` because ``failed`` could not."""

    def remote_call(self, stage: str, seconds: float, outcome: Outcome) -> None:
        """A remote server first answered (the model: its first token), or failed, after
        ``seconds``."""
