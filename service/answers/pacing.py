"""First words first: an answer that is already playing gives the shared cores to one whose
listener still waits for its first words.

On 2 cores, every answer in flight slows every other (the model's decoding, the voice, the
recognition of the next turn all share them). A spoken answer needs its later sentences only
by the time its earlier ones have played: an answer with seconds of audio already queued at the
listener can pause, while another person hears nothing yet. So each spoken answer keeps a
:class:`Pace`: how much audio it has sent and since when. While any other answer waits for its
first words (:class:`FirstWordsBoard`), an answer with more than ``margin_s`` of audio still to
play stops its model at the next token and voices no further sentence; it goes on when nobody
waits any more or when its listener is down to ``margin_s`` of audio (so it never runs dry by
our own doing). The model is stopped, not held: llama.cpp frees the slot, and going on asks for
the rest of the same answer (the words so far as the start of the assistant's message; llama.cpp
reuses their cache). Design and measurements: docs/turn-taking.md, "First words first".
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncGenerator, Callable
from contextlib import aclosing
from typing import Protocol, runtime_checkable

from voices.lm.base import CancelToken, ChatMessage, GenerationOptions, LanguageModel


@runtime_checkable
class ContinuesAnswers(Protocol):
    """An engine that reads a final assistant message as the start of its answer and goes on
    from there (llama.cpp's "assistant prefill"; the fake for tests). Others never pause: a
    restarted answer would begin again."""

    continues_answers: bool


def continues_answers(lm: object) -> bool:
    """Whether ``lm`` takes a final assistant message as the start of its answer to go on from."""
    return isinstance(lm, ContinuesAnswers) and lm.continues_answers


class FirstWordsBoard:
    """The spoken answers, machine-wide, whose listener is still waiting for the first words."""

    def __init__(self) -> None:
        self._waiting: set[Pace] = set()
        self._paused: set[asyncio.Event] = set()
        """One per answer giving way: set when a listener stops waiting, to look again."""

    def waiting(self, pace: Pace) -> None:
        self._waiting.add(pace)

    def heard(self, pace: Pace) -> None:
        if pace in self._waiting:
            self._waiting.discard(pace)
            self.wake_paused()

    def wake_paused(self) -> None:
        """Every answer giving way looks again whether it still should."""
        for paused in self._paused:
            paused.set()

    async def wait_for_change(self, timeout_s: float) -> None:
        """Until a waiting listener hears their first words, or ``timeout_s``."""
        changed = asyncio.Event()
        self._paused.add(changed)
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), timeout_s)
        finally:
            self._paused.discard(changed)

    def others_waiting(self, pace: Pace) -> bool:
        return any(other is not pace for other in self._waiting)

    @property
    def count(self) -> int:
        """Listeners waiting for first words."""
        return len(self._waiting)

    @property
    def paused(self) -> int:
        """Answers giving way now."""
        return len(self._paused)


class Pace:
    """One spoken answer's audio ahead of its listener, and whether it should give way now.

    The listener is taken to play each chunk from when it was sent, without gaps: the audio
    ahead is ``start + seconds sent - now``. A slow connection only delays playback, which
    leaves more ahead than this says, never less."""

    def __init__(
        self,
        board: FirstWordsBoard,
        margin_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.board = board
        self.margin_s = margin_s
        self._clock = clock
        self._playing_since: float | None = None
        self._sent_s = 0.0
        self._stopped = False
        self.gave_way_s = 0.0
        """Seconds this answer paused for others (for traces and tests)."""
        self.pauses = 0

    def waiting_for_first_words(self) -> None:
        """The listener waits: from the end of their turn until the answer's first words."""
        self.board.waiting(self)

    def sent(self, seconds: float, *, first_words: bool) -> None:
        """Audio went to the listener; ``first_words``: it carries the answer's own words (an
        AI notice before them plays, but the person is still waiting for the answer)."""
        if self._playing_since is None:
            self._playing_since = self._clock()
        self._sent_s += seconds
        if first_words:
            self.board.heard(self)

    def close(self) -> None:
        self.board.heard(self)

    def stop(self) -> None:
        """The answer was cancelled: it gives way no more (a paused one returns at once, so
        its response can end instead of waiting for the margin)."""
        self._stopped = True
        self.close()
        self.board.wake_paused()

    def ahead_s(self) -> float:
        """Seconds of sent audio the listener has not heard yet."""
        if self._playing_since is None:
            return 0.0
        return max(0.0, self._playing_since + self._sent_s - self._clock())

    def should_give_way(self) -> bool:
        if self._stopped:
            return False
        return self.ahead_s() > self.margin_s and self.board.others_waiting(self)

    async def give_way(self) -> None:
        """Wait while :meth:`should_give_way` holds (returns at once when it does not)."""
        if not self.should_give_way():
            return
        self.pauses += 1
        started = self._clock()
        while self.should_give_way():
            # Until nobody else waits, or the listener is down to the margin.
            await self.board.wait_for_change(self.ahead_s() - self.margin_s)
        self.gave_way_s += self._clock() - started


async def paced_stream(
    lm: LanguageModel,
    messages: list[ChatMessage],
    options: GenerationOptions,
    cancel: CancelToken,
    pace: Callable[[], Pace | None],
) -> AsyncGenerator[str, None]:
    """``lm.stream`` that stops its model while ``pace()`` should give way and then asks for the
    rest of the same answer; the caller sees one unbroken stream of deltas. ``pace`` is read at
    each token: a prepared answer gets its pace only when a response adopts it."""
    continues = continues_answers(lm)
    said: list[str] = []
    while True:
        asked, left = list(messages), options.max_tokens - len(said)
        if said:
            asked.append(ChatMessage(role="assistant", content="".join(said)))
        paused: Pace | None = None
        async with aclosing(
            lm.stream(asked, options.model_copy(update={"max_tokens": left}), cancel)
        ) as stream:
            async for delta in stream:
                said.append(delta)
                yield delta
                current = pace() if continues else None
                if current is not None and current.should_give_way():
                    paused = current
                    break
        if paused is None:
            return
        await paused.give_way()
        if cancel.cancelled or len(said) >= options.max_tokens:
            return
