"""The fitted-window decoding's pure parts: window sizes, loop detection, segment parsing.
Its accuracy on real speech is checked with the real weights in tests/integration."""

from __future__ import annotations

import pytest

from voices.stt.short_window import (
    MAX_AUDIO_S,
    compression_ratio,
    window_frames,
)
from voices.stt.short_window import _segments as parse_segments


def test_windows_fit_the_audio_with_room_after_it() -> None:
    assert window_frames(0.5) == 1000, "at least 10 s"
    assert window_frames(4.0) == 1000
    assert window_frames(8.25) == 1126, "the audio plus 3 s, rounded up to an even count"
    assert window_frames(MAX_AUDIO_S) == 3000
    assert window_frames(MAX_AUDIO_S + 0.1) is None, "longer audio: ordinary decoding"


def test_a_looping_transcript_compresses_far_better_than_speech() -> None:
    said = "What is a simple way to cook rice if I do not have a rice cooker at home?"
    assert compression_ratio(said) < 2.0
    assert compression_ratio(" ".join([said] * 6)) > 2.4
    assert compression_ratio("") == 0.0


class StubTokenizer:
    """Whisper's layout: text tokens < eot < other specials < timestamp tokens."""

    eot = 100
    timestamp_begin = 200

    def decode(self, tokens: list[int]) -> str:
        return "".join(f" w{t}" for t in tokens)


def ts(seconds: float) -> int:
    return StubTokenizer.timestamp_begin + round(seconds / 0.02)


def test_timestamped_tokens_become_segments() -> None:
    tokens = [ts(0.0), 1, 2, ts(1.5), ts(1.5), 3, ts(2.4), StubTokenizer.eot]
    segments = parse_segments(tokens, StubTokenizer(), 0.1, -0.2, duration_s=4.0)
    assert [(s.start, s.end, s.text) for s in segments] == [
        (0.0, 1.5, " w1 w2"),
        (1.5, 2.4, " w3"),
    ]
    assert all((s.no_speech_prob, s.avg_logprob) == (0.1, -0.2) for s in segments)


def test_text_written_into_the_padding_is_dropped() -> None:
    tokens = [ts(0.0), 1, ts(2.0), ts(4.5), 2, 3, ts(6.0)]
    segments = parse_segments(tokens, StubTokenizer(), 0.0, -0.1, duration_s=4.0)
    assert [s.text for s in segments] == [" w1"]


def test_text_without_a_closing_timestamp_runs_to_the_end() -> None:
    segments = parse_segments([ts(0.4), 7, 8], StubTokenizer(), 0.0, -0.1, duration_s=3.0)
    [segment] = segments
    assert segment.text == " w7 w8"
    assert segment.start == pytest.approx(0.4)
    assert segment.end == pytest.approx(3.0)
