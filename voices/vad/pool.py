"""A bounded pool of voice activity detectors, reset and reused between audio streams.

Why: every realtime session (its turn detection) and every ungated REST transcription (the
recogniser's speech gate) needs a detector of its own, and a Silero detector is native memory —
``whisper_vad_init`` reserves ~48 MB and keeps ~2.5 MB resident (heaptrack,
bench/results/soak/heaptrack-2026-12-06.md). Creating and freeing one per stream left the
process's heap growing in steps through the real-engine soak; reusing a few detectors makes
that memory a fixed amount instead of churn.

The pool keeps at most ``size`` idle detectors. :meth:`acquire` hands out an idle one or makes a
new one (never waits: a stream must not stall because many others are open); :meth:`release`
resets the detector — a new stream starts from clean recurrent state — and keeps it when fewer
than ``size`` are idle, otherwise lets it go. Thread-safe: sessions acquire on the event loop,
the speech gate in recognition threads.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from voices.vad.base import VoiceActivityDetector

log = logging.getLogger(__name__)


class VadPool:
    def __init__(self, factory: Callable[[], VoiceActivityDetector], size: int) -> None:
        if size < 0:
            raise ValueError(f"expected a pool size of 0 or more; got {size}")
        self._factory = factory
        self.size = size
        self._idle: list[VoiceActivityDetector] = []
        self._out: set[int] = set()
        """ids of detectors handed out and not yet back (a detector returned twice is refused:
        two streams would then share one recurrent state)."""
        self._lock = threading.Lock()
        self.created = 0
        """Detectors made so far (the bound the tests and the soak check)."""

    @property
    def idle(self) -> int:
        with self._lock:
            return len(self._idle)

    def acquire(self) -> VoiceActivityDetector:
        """An idle detector (already reset), or a new one when none is idle."""
        with self._lock:
            if self._idle:
                vad = self._idle.pop()
                self._out.add(id(vad))
                return vad
        vad = self._factory()  # Outside the lock: loading a model takes milliseconds.
        with self._lock:
            self.created += 1
            self._out.add(id(vad))
        return vad

    def release(self, vad: VoiceActivityDetector) -> None:
        """Give a detector back once its stream is done; it is reset here. A detector this pool
        did not hand out, or one given back twice, raises ``ValueError``."""
        with self._lock:
            if id(vad) not in self._out:
                raise ValueError(
                    "expected a detector this pool handed out and not yet given back; "
                    f"got {type(vad).__name__} at {id(vad):#x}"
                )
            self._out.discard(id(vad))
            keep = len(self._idle) < self.size
        if not keep:
            return  # Enough idle ones already: this one is freed with its last reference.
        try:
            vad.reset()
        except (RuntimeError, ValueError) as error:  # A broken detector is not reused.
            log.warning("voice activity detector not reused (reset failed: %s)", error)
            return
        with self._lock:
            if len(self._idle) < self.size:
                self._idle.append(vad)

    @contextmanager
    def lease(self) -> Iterator[VoiceActivityDetector]:
        """A detector for one ``with`` block, given back at its end (exceptions included)."""
        vad = self.acquire()
        try:
            yield vad
        finally:
            self.release(vad)


VadSource = Callable[[], VoiceActivityDetector] | VadPool
"""Where a caller gets its detector: a factory (a new one per stream: tests, one-off tools) or a
pool (the service)."""


@contextmanager
def detector_from(source: VadSource) -> Iterator[VoiceActivityDetector]:
    """One detector for one stream from either kind of source; a pool's goes back at the end."""
    if isinstance(source, VadPool):
        with source.lease() as vad:
            yield vad
    else:
        yield source()
