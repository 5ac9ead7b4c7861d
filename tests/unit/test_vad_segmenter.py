"""SpeechSegmenter and speech_regions, driven by deterministic detectors (no model)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voices.audio import Audio
from voices.vad.fake import FakeVad
from voices.vad.segmenter import (
    NoUtteranceError,
    SpeechSegmenter,
    SpeechStarted,
    SpeechStopped,
    VadEvent,
    speech_regions,
)

RATE = 16_000
FRAME_MS = 32


def tone(seconds: float, amplitude: float = 0.3) -> Audio:
    """'Speech' for FakeVad: a 220 Hz tone, far above its RMS level."""
    t = np.arange(round(seconds * RATE), dtype=np.float32) / RATE
    return Audio((amplitude * np.sin(2 * np.pi * 220 * t)).astype(np.float32), RATE)


def quiet(seconds: float) -> Audio:
    return Audio.silence(seconds, RATE)


def join(*parts: Audio) -> Audio:
    return parts[0].concat(*parts[1:])


def run(segmenter: SpeechSegmenter, audio: Audio, chunk_bytes: int | None = None) -> list[VadEvent]:
    pcm = audio.to_pcm16()
    size = chunk_bytes or len(pcm) or 1
    events: list[VadEvent] = []
    for offset in range(0, len(pcm), size):
        events += segmenter.feed(pcm[offset : offset + size])
    return events + segmenter.flush()


class ScriptedVad:
    """Returns the given probabilities, one per frame, then 0."""

    def __init__(self, probabilities: Sequence[float]) -> None:
        self._probabilities = list(probabilities)
        self._index = 0

    @property
    def frame_samples(self) -> int:
        return 512

    @property
    def sample_rate(self) -> int:
        return RATE

    def speech_probability(self, frame: bytes) -> float:
        index, self._index = self._index, self._index + 1
        return self._probabilities[index] if index < len(self._probabilities) else 0.0

    def reset(self) -> None:
        self._index = 0


def test_one_turn_has_start_and_stop_at_the_speech_edges() -> None:
    segmenter = SpeechSegmenter(FakeVad(), silence_duration_ms=500)
    events = run(segmenter, join(quiet(0.5), tone(1.0), quiet(1.0)))
    assert [type(e) for e in events] == [SpeechStarted, SpeechStopped]
    start, stop = events
    assert isinstance(start, SpeechStarted) and isinstance(stop, SpeechStopped)
    assert abs(start.audio_start_ms - 500) <= FRAME_MS
    assert abs(stop.audio_end_ms - 1500) <= FRAME_MS


def test_utterance_keeps_prefix_padding_and_a_little_trailing_silence() -> None:
    segmenter = SpeechSegmenter(FakeVad(), silence_duration_ms=500, prefix_padding_ms=300)
    run(segmenter, join(quiet(1.0), tone(1.0), quiet(1.0)))
    utterance = segmenter.take_utterance()
    assert utterance.sample_rate == RATE
    # 300 ms before + 1000 ms of speech + 200 ms after; each edge is rounded up to whole frames.
    assert 1.5 <= utterance.duration_s <= 1.5 + 3 * FRAME_MS / 1000
    leading = utterance.samples[: int(0.25 * RATE)]
    assert np.max(np.abs(leading)) < 1e-3, "the padding is the silence before the speech"
    assert np.max(np.abs(utterance.samples)) > 0.25
    with pytest.raises(NoUtteranceError):
        segmenter.take_utterance()


def test_prefix_padding_is_limited_by_the_audio_available() -> None:
    segmenter = SpeechSegmenter(FakeVad(), prefix_padding_ms=2000)
    run(segmenter, join(quiet(0.2), tone(0.5), quiet(1.0)))
    assert segmenter.take_utterance().duration_s < 0.2 + 0.5 + 0.2 + 2 * FRAME_MS / 1000


def test_bursts_shorter_than_min_speech_are_ignored() -> None:
    segmenter = SpeechSegmenter(FakeVad(), min_speech_ms=150)
    assert run(segmenter, join(quiet(0.5), tone(0.09), quiet(1.0))) == []
    assert segmenter.pending_utterances == 0


def test_silence_only_gives_no_events() -> None:
    assert run(SpeechSegmenter(FakeVad()), quiet(3.0)) == []


@pytest.mark.parametrize(("patience_ms", "turns"), [(500, 2), (2000, 1)])
def test_a_long_pause_splits_the_turn_only_when_patience_is_short(
    patience_ms: int, turns: int
) -> None:
    hesitant = join(tone(1.2), quiet(1.6), tone(1.0), quiet(2.5))
    segmenter = SpeechSegmenter(FakeVad(), silence_duration_ms=patience_ms)
    events = run(segmenter, hesitant)
    assert sum(isinstance(e, SpeechStarted) for e in events) == turns
    assert sum(isinstance(e, SpeechStopped) for e in events) == turns
    assert segmenter.pending_utterances == turns
    if turns == 1:
        assert segmenter.take_utterance().duration_s > 1.2 + 1.6 + 1.0


def test_patience_can_change_between_turns() -> None:
    segmenter = SpeechSegmenter(FakeVad(), silence_duration_ms=500)
    first = run(segmenter, join(tone(1.0), quiet(1.6), tone(1.0), quiet(1.0)))
    assert sum(isinstance(e, SpeechStopped) for e in first) == 2
    segmenter.silence_duration_ms = 2000
    second = run(segmenter, join(tone(1.0), quiet(1.6), tone(1.0), quiet(2.5)))
    assert sum(isinstance(e, SpeechStopped) for e in second) == 1


def test_times_count_from_the_start_of_the_stream_across_turns() -> None:
    segmenter = SpeechSegmenter(FakeVad(), silence_duration_ms=500)
    events = run(segmenter, join(quiet(1.0), tone(0.5), quiet(1.0), tone(0.5), quiet(1.0)))
    starts = [e.audio_start_ms for e in events if isinstance(e, SpeechStarted)]
    assert len(starts) == 2
    assert all(abs(s - want) <= FRAME_MS for s, want in zip(starts, [1000, 2500], strict=True))


def test_flush_closes_a_turn_in_progress() -> None:
    segmenter = SpeechSegmenter(FakeVad())
    events = segmenter.feed(join(quiet(0.3), tone(1.0)).to_pcm16())
    assert [type(e) for e in events] == [SpeechStarted]
    speaking = [segmenter.speaking]
    so_far = segmenter.current_utterance()
    closing = segmenter.flush()
    speaking.append(segmenter.speaking)
    assert speaking == [True, False]
    assert len(closing) == 1 and isinstance(closing[0], SpeechStopped)
    assert abs(closing[0].audio_end_ms - 1300) <= FRAME_MS
    utterance = segmenter.take_utterance()
    assert utterance.duration_s > 1.0
    assert np.array_equal(utterance.samples, so_far.samples), "no trailing silence yet"
    assert segmenter.current_utterance().duration_s == 0.0


def test_the_turn_so_far_grows_while_speaking() -> None:
    segmenter = SpeechSegmenter(FakeVad(), prefix_padding_ms=0)
    assert segmenter.current_utterance().duration_s == 0.0
    segmenter.feed(join(quiet(0.5), tone(0.5)).to_pcm16())
    first = segmenter.current_utterance().duration_s
    segmenter.feed(tone(0.5).to_pcm16())
    assert abs(first - 0.5) <= 0.04
    assert abs(segmenter.current_utterance().duration_s - 1.0) <= 0.04
    assert segmenter.current_duration_ms == round(segmenter.current_utterance().duration_s * 1000)


def test_a_flush_mid_stream_keeps_the_clock_aligned() -> None:
    audio = join(tone(1.0), quiet(1.0), tone(1.0), quiet(1.0)).to_pcm16()
    reference = run(SpeechSegmenter(FakeVad()), Audio.from_pcm16(audio, RATE))
    vad = FakeVad()
    flushed = SpeechSegmenter(vad)
    cut = round(1.8 * RATE) * 2 + 1  # in the pause, mid-frame and mid-sample
    events = flushed.feed(audio[:cut]) + flushed.flush() + flushed.feed(audio[cut:])
    events += flushed.flush()
    assert events == reference
    assert vad.frames_seen == len(audio) // 1024 == 125, "no partial frame was dropped"


def test_hysteresis_keeps_a_turn_through_wavering_probability() -> None:
    # Starts above 0.5, then wavers between 0.4 and 0.6: above 0.5 - 0.15, so no silence.
    script = [0.9] * 10 + [0.4, 0.6] * 30 + [0.0] * 40
    segmenter = SpeechSegmenter(ScriptedVad(script), min_speech_ms=32, silence_duration_ms=500)
    events = run(segmenter, quiet(len(script) * FRAME_MS / 1000))
    assert events == [SpeechStarted(0), SpeechStopped(70 * FRAME_MS)]


def test_reset_starts_a_new_stream() -> None:
    vad = FakeVad()
    segmenter = SpeechSegmenter(vad)
    segmenter.feed(tone(1.0).to_pcm16())
    segmenter.reset()
    assert not segmenter.speaking and vad.frames_seen == 0
    events = run(segmenter, join(quiet(1.0), tone(0.5), quiet(1.0)))
    first = events[0]
    assert isinstance(first, SpeechStarted) and abs(first.audio_start_ms - 1000) <= FRAME_MS


def test_every_whole_frame_is_scored_once() -> None:
    vad = FakeVad()
    segmenter = SpeechSegmenter(vad)
    pcm = tone(1.0).to_pcm16()
    for offset in range(0, len(pcm), 777):
        segmenter.feed(pcm[offset : offset + 777])
    assert vad.frames_seen == len(pcm) // 1024


@pytest.mark.parametrize(
    "kwargs",
    [
        {"threshold": 0.0},
        {"threshold": 1.5},
        {"min_speech_ms": -1},
        {"prefix_padding_ms": -1},
        {"silence_duration_ms": 0},
    ],
)
def test_invalid_settings_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must be"):
        SpeechSegmenter(FakeVad(), **kwargs)  # type: ignore[arg-type]


def test_fake_vad_refuses_frames_of_the_wrong_size() -> None:
    with pytest.raises(ValueError, match="expected a frame of 1024 bytes"):
        FakeVad().speech_probability(b"\0" * 100)


# Audio as a list of (is_speech, seconds) stretches, chunked at arbitrary byte offsets.
_stretches = st.lists(
    st.tuples(st.booleans(), st.floats(min_value=0.02, max_value=1.5)), min_size=1, max_size=6
)


@settings(max_examples=40, deadline=None)
@given(stretches=_stretches, chunk_bytes=st.integers(min_value=1, max_value=5000))
def test_chunk_size_does_not_change_events_or_audio(
    stretches: list[tuple[bool, float]], chunk_bytes: int
) -> None:
    audio = join(*(tone(s) if speech else quiet(s) for speech, s in stretches), quiet(0.01))
    whole = SpeechSegmenter(FakeVad(), silence_duration_ms=300)
    chunked = SpeechSegmenter(FakeVad(), silence_duration_ms=300)
    assert run(whole, audio) == run(chunked, audio, chunk_bytes)
    assert whole.pending_utterances == chunked.pending_utterances
    for _ in range(whole.pending_utterances):
        assert np.array_equal(whole.take_utterance().samples, chunked.take_utterance().samples)


def test_speech_regions_are_padded_merged_and_inside_the_audio() -> None:
    audio = join(tone(0.5), quiet(2.0), tone(0.5), quiet(0.5), tone(0.5), quiet(1.0))
    regions = speech_regions(audio, FakeVad(), silence_duration_ms=1000, padding_ms=300)
    # The first starts at 0 (padding clipped); the 0.5 s gap is shorter than the silence needed.
    assert len(regions) == 2
    (a_start, a_end), (b_start, b_end) = regions
    assert a_start == 0.0 and abs(a_end - 0.8) <= 0.04
    assert abs(b_start - 2.2) <= 0.04 and abs(b_end - 4.3) <= 0.04
    assert b_end <= audio.duration_s


def test_speech_regions_merge_when_padding_overlaps() -> None:
    audio = join(quiet(1.0), tone(0.5), quiet(0.5), tone(0.5), quiet(1.0))
    regions = speech_regions(audio, FakeVad(), silence_duration_ms=200, padding_ms=300)
    assert len(regions) == 1


def test_speech_regions_on_silence_are_empty_and_resample_first() -> None:
    assert speech_regions(quiet(2.0), FakeVad()) == []
    at_48k = join(quiet(1.0), tone(1.0), quiet(1.0)).resample(48_000)
    ((start, end),) = speech_regions(at_48k, FakeVad(), padding_ms=0)
    assert abs(start - 1.0) <= 0.04 and abs(end - 2.0) <= 0.04


def pausing(segmenter: SpeechSegmenter) -> bool:
    # A function, not the property inline: the type checker would narrow it across feeds.
    return segmenter.in_silence


def test_the_settled_utterance_is_the_turn_before_its_end_is_confirmed() -> None:
    segmenter = SpeechSegmenter(FakeVad(), silence_duration_ms=800)
    segmenter.feed(join(quiet(0.3), tone(1.0)).to_pcm16())
    assert segmenter.speaking and not pausing(segmenter)
    assert segmenter.settled_utterance() is None, "still speaking"
    segmenter.feed(quiet(0.1).to_pcm16())
    assert pausing(segmenter)
    assert segmenter.settled_utterance() is None, "the trailing padding is not complete yet"
    segmenter.feed(quiet(0.3).to_pcm16())
    settled = segmenter.settled_utterance()
    assert settled is not None
    events = segmenter.feed(quiet(0.6).to_pcm16())
    assert [type(e) for e in events] == [SpeechStopped]
    final = segmenter.take_utterance()
    assert np.array_equal(settled.samples, final.samples), "more silence changes nothing"
    assert segmenter.settled_utterance() is None and not pausing(segmenter)


def test_speech_after_a_pause_makes_a_longer_settled_utterance() -> None:
    segmenter = SpeechSegmenter(FakeVad(), silence_duration_ms=800)
    segmenter.feed(join(tone(1.0), quiet(0.4)).to_pcm16())
    first = segmenter.settled_utterance()
    segmenter.feed(join(tone(0.5), quiet(0.4)).to_pcm16())
    second = segmenter.settled_utterance()
    assert first is not None and second is not None
    assert second.duration_s > first.duration_s + 0.5
    segmenter.feed(quiet(1.0).to_pcm16())
    assert np.array_equal(second.samples, segmenter.take_utterance().samples)


def test_a_shorter_pause_gives_the_turn_less_its_trailing_silence() -> None:
    segmenter = SpeechSegmenter(FakeVad(), silence_duration_ms=800)
    segmenter.feed(join(tone(1.0), quiet(0.15)).to_pcm16())  # ~3 silent 32 ms frames
    early = segmenter.settled_utterance(min_silence_ms=90)
    assert early is not None and segmenter.settled_utterance() is None
    segmenter.feed(quiet(1.0).to_pcm16())
    final = segmenter.take_utterance()
    assert np.array_equal(final.samples[: len(early.samples)], early.samples)
    assert 0 < final.duration_s - early.duration_s <= 0.2
