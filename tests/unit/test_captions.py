"""WebVTT and SRT writers: timestamps, numbering, escaping, and cues that cannot be shown."""

from __future__ import annotations

from accessibility.captions import srt_timestamp, to_srt, to_webvtt, vtt_timestamp


def test_timestamps_carry_hours_and_round_to_the_millisecond() -> None:
    assert vtt_timestamp(0.0) == "00:00:00.000"
    assert vtt_timestamp(3723.4567) == "01:02:03.457"
    assert srt_timestamp(3723.4567) == "01:02:03,457"
    assert vtt_timestamp(-0.2) == "00:00:00.000"


def test_webvtt_has_a_header_and_one_block_per_cue() -> None:
    vtt = to_webvtt([(0.0, 1.5, "Hello there."), (1.75, 3.0, "안녕하세요.")])
    assert vtt == (
        "WEBVTT\n\n"
        "00:00:00.000 --> 00:00:01.500\nHello there.\n\n"
        "00:00:01.750 --> 00:00:03.000\n안녕하세요.\n"
    )


def test_webvtt_escapes_markup_and_the_arrow() -> None:
    vtt = to_webvtt([(0.0, 1.0, "a < b & c --> d")])
    assert "a &lt; b &amp; c &#45;&#45;&gt; d" in vtt
    assert vtt.count("-->") == 1


def test_srt_numbers_cues_from_one_and_uses_commas() -> None:
    srt = to_srt([(0.0, 1.0, "one"), (1.0, 2.0, "two")])
    assert srt == "1\n00:00:00,000 --> 00:00:01,000\none\n\n2\n00:00:01,000 --> 00:00:02,000\ntwo\n"


def test_empty_cues_are_dropped_and_blank_lines_cannot_end_a_cue_early() -> None:
    cues = [(0.0, 1.0, "   "), (1.0, 0.5, "first line\n\nsecond line")]
    assert to_srt(cues) == "1\n00:00:01,000 --> 00:00:01,000\nfirst line\nsecond line\n"
    assert to_webvtt([]) == "WEBVTT\n"
