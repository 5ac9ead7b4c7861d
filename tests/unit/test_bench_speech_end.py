"""The benchmark's end-of-speech finder on synthetic audio whose speech ends at a known sample,
and the client marking that moment while it streams."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from numpy.typing import NDArray

from bench.client import RATE, TurnTimes, _Recorder, speech_end_at, stream_question
from bench.questions import Question
from bench.speech_end import FRAME_S, NoSpeechError, speech_end_s
from voices.audio import Audio

SR = 16_000
FRAME = FRAME_S  # the finder's resolution: an end is found within one frame


def _voice(seconds: float, level: float = 0.3, seed: int = 0) -> NDArray[np.float32]:
    """Speech-like sound: a 140 Hz buzz with harmonics, loudness wobbling like syllables."""
    t = np.arange(round(seconds * SR)) / SR
    buzz = sum(np.sin(2 * np.pi * 140 * k * t) / k for k in range(1, 6))
    syllables = 0.55 + 0.45 * np.sin(2 * np.pi * 4 * t) ** 2
    noise = np.random.default_rng(seed).normal(0, 0.05, len(t))
    return (level * (buzz / 2.3 * syllables + noise)).astype(np.float32)


def _quiet(seconds: float, level: float = 0.0, seed: int = 1) -> NDArray[np.float32]:
    return np.random.default_rng(seed).normal(0, level, round(seconds * SR)).astype(np.float32)


def test_speech_then_silence_ends_where_the_speech_ends() -> None:
    samples = np.concatenate([_quiet(0.2), _voice(1.5), _quiet(0.3)])
    assert speech_end_s(samples, SR) == pytest.approx(1.7, abs=FRAME)


def test_a_mid_sentence_pause_is_not_the_end() -> None:
    # "I need to renew my passport and ... my husband's too": 1.5 s of silence inside.
    samples = np.concatenate([_voice(1.2), _quiet(1.5), _voice(0.9, seed=2), _quiet(0.4)])
    assert speech_end_s(samples, SR) == pytest.approx(3.6, abs=FRAME)


def test_background_hiss_in_the_tail_is_not_speech() -> None:
    hiss = 0.003  # about -50 dBFS, a quiet room through a cheap microphone
    samples = np.concatenate([_quiet(0.3, hiss), _voice(2.0), _quiet(0.4, hiss, seed=3)])
    samples = samples + _quiet(len(samples) / SR, hiss, seed=4)
    assert speech_end_s(samples, SR) == pytest.approx(2.3, abs=FRAME)


def test_a_soft_last_word_still_counts() -> None:
    samples = np.concatenate([_voice(1.0), _voice(0.4, level=0.03, seed=5), _quiet(0.3)])
    assert speech_end_s(samples, SR) == pytest.approx(1.4, abs=FRAME)


def test_a_click_in_the_trailing_silence_is_ignored() -> None:
    tail = _quiet(0.4)
    tail[SR // 10 : SR // 10 + 80] = 0.5  # 5 ms click, 0.1 s after the speech
    samples = np.concatenate([_voice(1.0), tail])
    assert speech_end_s(samples, SR) == pytest.approx(1.0, abs=FRAME)


def test_speech_up_to_the_last_sample_ends_at_the_file_end() -> None:
    samples = np.concatenate([_quiet(0.3), _voice(1.0)])
    assert speech_end_s(samples, SR) == pytest.approx(1.3, abs=1 / SR)


def test_a_constant_tone_is_all_speech() -> None:
    samples = np.full(SR, 0.2, dtype=np.float32)
    assert speech_end_s(samples, SR) == pytest.approx(1.0)


@pytest.mark.parametrize("samples", [np.zeros(SR, dtype=np.float32), np.zeros(0, np.float32)])
def test_silence_has_no_end_of_speech(samples: NDArray[np.float32]) -> None:
    with pytest.raises(NoSpeechError, match="expected"):
        speech_end_s(samples, SR)


def test_the_sample_rate_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive sample rate; got 0"):
        speech_end_s(_voice(0.5), 0)


def _question(samples: NDArray[np.float32], end_s: float | None = None) -> Question:
    return Question("q", "en", "…", Audio(samples, SR), speech_end_s=end_s)


def test_a_known_end_wins_over_the_samples() -> None:
    noisy_tail = np.concatenate([_voice(1.0), _voice(0.5, level=0.2, seed=6)])
    assert speech_end_at(_question(noisy_tail), RATE) == pytest.approx(1.5 * RATE, abs=FRAME * RATE)
    assert speech_end_at(_question(noisy_tail, end_s=1.0), RATE) == RATE


class _Socket:
    """Counts frames sent, and how many had been sent when the end of speech was marked."""

    def __init__(self, recorder: _Recorder) -> None:
        self.recorder = recorder
        self.sent = 0
        self.sent_before_mark: int | None = None

    async def send(self, frame: str) -> None:
        if self.recorder.end_of_speech is not None and self.sent_before_mark is None:
            self.sent_before_mark = self.sent
        self.sent += 1


def test_the_client_marks_the_end_of_speech_with_the_chunk_that_holds_it() -> None:
    # 0.35 s of speech, 0.65 s of silence: the speech ends inside the 4th 100 ms chunk.
    samples = np.concatenate([_voice(0.35), _quiet(0.65)])
    recorder = _Recorder(TurnTimes("q", "en"))
    socket = _Socket(recorder)
    asyncio.run(stream_question(socket, _question(samples), recorder, realtime=False))
    assert socket.sent == 10
    assert socket.sent_before_mark == 4
    assert recorder.end_of_speech is not None and recorder.end_of_file is not None
    assert recorder.end_of_speech <= recorder.end_of_file
