"""Sentence captions for spoken answers (V4): cue boundaries fall in the audio's silent gaps.

The audio is measured, not trusted: three sentences are spoken by the fake voice, joined with
:func:`join_speech`, and the joined clip's RMS (10 ms frames) locates the silences. Each cue
boundary must lie in a silent gap, within ±100 ms.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from accessibility.captions import (
    Cue,
    CueClock,
    cues_from_durations,
    cues_from_speech,
    to_srt,
    to_webvtt,
)
from voices.audio import Audio
from voices.tts.base import SynthesizedSpeech, VoiceParams
from voices.tts.fake import FakeSynthesizer
from voices.tts.router import join_speech

TOLERANCE_S = 0.100
FRAME_S = 0.010
SENTENCES = [
    "The office opens at nine.",
    "Bring your passport and two photos.",
    "여권 발급에는 4일에서 5일이 걸립니다.",
]


def speak(pause_ms: int, rate: float = 1.0) -> tuple[list[SynthesizedSpeech], Audio]:
    voice = FakeSynthesizer(sample_rate=16_000, seconds_per_char=0.04)
    parts = [voice.synthesize(text, VoiceParams(language="en", rate=rate)) for text in SENTENCES]
    return parts, join_speech(parts, pause_ms)


def silent_gaps(audio: Audio, threshold: float = 0.01) -> list[tuple[float, float]]:
    """(start, end) seconds of each run of silent frames between sounds, by frame RMS."""
    frame = round(FRAME_S * audio.sample_rate)
    count = len(audio.samples) // frame
    frames = audio.samples[: count * frame].reshape(count, frame)
    loud = np.sqrt(np.mean(frames**2, axis=1)) >= threshold
    gaps: list[tuple[float, float]] = []
    start: int | None = None
    for index, is_loud in enumerate(loud):
        if not is_loud and start is None:
            start = index
        elif is_loud and start is not None:
            if start > 0:  # silence before the first sound is not a gap between sentences
                gaps.append((start * FRAME_S, index * FRAME_S))
            start = None
    return gaps


@pytest.mark.parametrize(("pause_ms", "rate"), [(250, 1.0), (600, 1.0), (400, 0.7)])
def test_cue_boundaries_fall_in_the_silent_gaps(pause_ms: int, rate: float) -> None:
    parts, audio = speak(pause_ms, rate)
    cues = cues_from_speech(parts, pause_ms)
    gaps = silent_gaps(audio)
    assert len(gaps) == len(SENTENCES) - 1
    for (gap_start, gap_end), before, after in zip(gaps, cues, cues[1:], strict=False):
        assert abs(before.end_s - gap_start) <= TOLERANCE_S
        assert abs(after.start_s - gap_end) <= TOLERANCE_S
        assert gap_end - gap_start == pytest.approx(pause_ms / 1000, abs=2 * FRAME_S)
    assert cues[0].start_s == 0.0
    assert abs(cues[-1].end_s - audio.duration_s) <= TOLERANCE_S
    assert [cue.text for cue in cues] == SENTENCES


def padded(part: SynthesizedSpeech, lead_s: float, trail_s: float) -> SynthesizedSpeech:
    """The part with silence before and after, as real voices produce it."""
    rate = part.sample_rate
    audio = Audio.silence(lead_s, rate).concat(part.audio(), Audio.silence(trail_s, rate))
    return part.model_copy(update={"pcm16": audio.to_pcm16()})


def test_cues_are_narrowed_to_the_audible_part_of_padded_clips() -> None:
    parts, _ = speak(300)
    parts = [padded(part, lead_s=0.08, trail_s=0.15) for part in parts]
    audio = join_speech(parts, 300)
    gaps = silent_gaps(audio)
    trimmed = cues_from_speech(parts, 300)
    untrimmed = cues_from_speech(parts, 300, trim_silence=False)
    for (gap_start, gap_end), before, after in zip(gaps, trimmed, trimmed[1:], strict=False):
        assert abs(before.end_s - gap_start) <= FRAME_S
        assert abs(after.start_s - gap_end) <= FRAME_S
    for (gap_start, _), before in zip(gaps, untrimmed, strict=False):
        assert before.end_s - gap_start == pytest.approx(0.15, abs=FRAME_S)


def test_a_clock_gives_the_same_cues_one_sentence_at_a_time() -> None:
    parts, _ = speak(300)
    clock = CueClock(pause_ms=300, offset_s=1.5)
    assert [clock.add(part) for part in parts] == cues_from_speech(parts, 300, offset_s=1.5)


def test_cues_from_known_durations() -> None:
    cues = cues_from_durations(["One.", "Two."], [1.0, 2.0], pause_ms=500)
    assert cues == [Cue(0.0, 1.0, "One."), Cue(1.5, 3.5, "Two.")]
    with pytest.raises(ValueError, match="one duration per sentence"):
        cues_from_durations(["One."], [1.0, 2.0], pause_ms=500)


TIMESTAMP = r"\d{2,}:\d{2}:\d{2}\.\d{3}"


def test_webvtt_for_an_answer_is_valid_and_escaped() -> None:
    cues = [Cue(0.0, 1.25, "Fees & times: <see> below"), Cue(1.5, 62.0, "다음 --> 단계")]
    vtt = to_webvtt(cues)
    assert vtt.startswith("WEBVTT\n\n")
    blocks = vtt.strip().split("\n\n")[1:]
    assert len(blocks) == 2
    for block in blocks:
        timing, *text = block.split("\n")
        assert re.fullmatch(rf"{TIMESTAMP} --> {TIMESTAMP}", timing)
        assert text and all("<" not in line and "-->" not in line for line in text)
    assert "00:00:01.500 --> 00:01:02.000" in vtt
    assert "Fees &amp; times: &lt;see&gt; below" in vtt


def test_srt_for_an_answer() -> None:
    srt = to_srt([Cue(0.0, 1.0, "One."), Cue(1.25, 2.0, "둘.")])
    assert (
        srt == "1\n00:00:00,000 --> 00:00:01,000\nOne.\n\n2\n00:00:01,250 --> 00:00:02,000\n둘.\n"
    )
