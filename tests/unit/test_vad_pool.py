"""The detector pool (voices/vad/pool.py): streams reuse a few detectors, each reset before the
next stream, instead of loading one per stream (issue 16: per-session Silero detectors, ~48 MB
reserved each, left the real-engine soak's heap growing in steps)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from service.realtime.audio_input import InputAudio
from service.realtime.config import TurnConfig
from voices.audio import Audio
from voices.stt.gating import find_speech
from voices.vad.fake import FakeVad
from voices.vad.pool import VadPool, detector_from

FRAME_BYTES = 512 * 2


def counting_factory() -> tuple[Callable[[], FakeVad], list[FakeVad]]:
    made: list[FakeVad] = []

    def make() -> FakeVad:
        vad = FakeVad()
        made.append(vad)
        return vad

    return make, made


def test_sequential_streams_reuse_one_detector() -> None:
    make, made = counting_factory()
    pool = VadPool(make, size=4)
    for _ in range(20):
        with pool.lease() as vad:
            vad.speech_probability(bytes(FRAME_BYTES))
    assert len(made) == 1
    assert pool.created == 1
    assert pool.idle == 1


def test_a_returned_detector_is_reset_before_the_next_stream() -> None:
    make, _ = counting_factory()
    pool = VadPool(make, size=2)
    first = pool.acquire()
    assert isinstance(first, FakeVad)
    for _ in range(5):
        first.speech_probability(bytes(FRAME_BYTES))
    pool.release(first)
    second = pool.acquire()
    assert second is first
    assert second.frames_seen == 0, "the next stream must start from clean state"


def test_at_most_size_idle_detectors_are_kept() -> None:
    make, made = counting_factory()
    pool = VadPool(make, size=2)
    held = [pool.acquire() for _ in range(5)]  # five streams at once: none waits
    assert len({id(vad) for vad in held}) == 5
    for vad in held:
        pool.release(vad)
    assert pool.idle == 2
    assert len(made) == 5
    for _ in range(2):
        pool.acquire()
    assert pool.created == 5, "the idle ones are used before any new one is made"


def test_size_zero_keeps_none() -> None:
    make, made = counting_factory()
    pool = VadPool(make, size=0)
    for _ in range(3):
        with pool.lease():
            pass
    assert pool.idle == 0
    assert len(made) == 3


def test_a_detector_given_back_twice_or_from_elsewhere_is_refused() -> None:
    pool = VadPool(FakeVad, size=2)
    vad = pool.acquire()
    pool.release(vad)
    with pytest.raises(ValueError, match="handed out and not yet given back"):
        pool.release(vad)
    with pytest.raises(ValueError, match="handed out"):
        pool.release(FakeVad())
    with pytest.raises(ValueError, match="pool size of 0 or more; got -1"):
        VadPool(FakeVad, size=-1)


class BrokenReset(FakeVad):
    def reset(self) -> None:
        raise RuntimeError("native state lost")


def test_a_detector_that_cannot_be_reset_is_not_reused() -> None:
    pool = VadPool(BrokenReset, size=2)
    vad = pool.acquire()
    pool.release(vad)
    assert pool.idle == 0
    assert pool.acquire() is not vad


def test_no_detector_is_handed_to_two_streams_at_once() -> None:
    pool = VadPool(FakeVad, size=3)
    in_use: set[int] = set()
    guard = threading.Lock()
    clashes: list[int] = []

    def stream() -> None:
        for _ in range(300):
            with pool.lease() as vad:
                with guard:
                    if id(vad) in in_use:
                        clashes.append(id(vad))
                    in_use.add(id(vad))
                vad.speech_probability(bytes(FRAME_BYTES))
                with guard:
                    in_use.discard(id(vad))

    threads = [threading.Thread(target=stream) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert clashes == []
    assert pool.idle <= 3
    assert pool.created <= 8  # never more than the streams open at once


def test_detector_from_a_factory_or_a_pool() -> None:
    make, made = counting_factory()
    for _ in range(3):
        with detector_from(make):
            pass
    assert len(made) == 3  # a factory: one per stream, as before
    pool = VadPool(make, size=1)
    for _ in range(3):
        with detector_from(pool):
            pass
    assert pool.created == 1


def test_the_speech_gate_takes_its_detector_from_the_pool_and_gives_it_back() -> None:
    """A REST transcription's gating VAD (voices/stt/gating.py) is a pooled detector too."""
    pool = VadPool(FakeVad, size=2)
    speech = Audio.silence(0.3).samples.copy()
    speech[:] = 0.3  # loud enough for the fake detector
    audio = Audio(speech, 16_000)
    for _ in range(4):
        assert find_speech(audio, pool, 0.5) is not None
    assert pool.created == 1
    assert pool.idle == 1


def test_the_session_input_gives_its_detector_back() -> None:
    """On a change of mode and at close the realtime input hands its detector back."""
    pool = VadPool(FakeVad, size=4)
    turn = TurnConfig(0.5, 300, 500)
    audio_in = InputAudio(
        rate=16_000,
        turn=turn,
        vad_factory=pool.acquire,
        vad_release=pool.release,
        max_seconds=60,
    )
    assert (pool.created, pool.idle) == (1, 0)
    audio_in.reconfigure(16_000, None)  # push-to-talk: no detector needed
    assert (pool.created, pool.idle) == (1, 1)
    audio_in.reconfigure(16_000, turn)
    assert (pool.created, pool.idle) == (1, 0)
    audio_in.close()
    assert (pool.created, pool.idle) == (1, 1)
    audio_in.close()  # twice is harmless
    assert pool.idle == 1
