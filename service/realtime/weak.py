"""Callbacks that do not keep their session alive.

A session gives its parts (turn recognition, items, responses) its own bound methods. Held
strongly, each is a reference back to the session, so a closed session is a reference cycle
that only Python's cycle collector frees — and a session lives long enough to reach the oldest
generation, collected rarely: closed sessions piled up with their audio and conversation
(issue 16, bench/results/soak/heaptrack-2026-12-06.md). Handed over through :func:`weak_method`,
the parts hold no reference to the session, which is freed by reference counting the moment the
route lets it go.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def weak_method(method: Callable[P, R], *, if_gone: Callable[P, R] | None = None) -> Callable[P, R]:
    """``method`` (bound) called through a weak reference to its object.

    Once the object is freed, a call goes to ``if_gone`` — for a notification that may still
    arrive from work the session could not stop (a recognition thread finishing after the
    close), e.g. :func:`ignore` — or, without one, raises ``ReferenceError``: the session's
    parts only make such calls while it is open."""
    ref = weakref.WeakMethod(method)
    name = getattr(method, "__qualname__", repr(method))

    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        bound = ref()
        if bound is not None:
            result: R = bound(*args, **kwargs)
            return result
        if if_gone is not None:
            return if_gone(*args, **kwargs)
        raise ReferenceError(f"{name} called after its object was freed")

    return call


def ignore(*_args: Any, **_kwargs: Any) -> None:
    """What a closed session does with a late notification: nothing (nobody is listening)."""
