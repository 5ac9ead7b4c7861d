"""The openai-whisper engine, run end to end on a tiny randomly initialised checkpoint.

No registry package ships openai-whisper weights, so this checks the plumbing (loading,
language detection, decoding options, timings, the gate), not recognition quality. It needs the
``openai-whisper`` extra and is skipped without it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from voices.audio import Audio
from voices.stt.openai_whisper import OpenAIWhisperRecognizer
from voices.vad.fake import FakeVad

torch = pytest.importorskip("torch")
whisper_model = pytest.importorskip("whisper.model")


@pytest.fixture(scope="module")
def tiny_checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 7 MB multilingual Whisper: one layer each side, width 32, random weights."""
    dims = whisper_model.ModelDimensions(
        n_mels=80,
        n_audio_ctx=1500,  # fixed by the 30 s window
        n_audio_state=32,
        n_audio_head=2,
        n_audio_layer=1,
        n_vocab=51865,  # the multilingual tokenizer's size: language detection works
        n_text_ctx=64,  # at most 32 tokens per window: random output stays short
        n_text_state=32,
        n_text_head=2,
        n_text_layer=1,
    )
    torch.manual_seed(0)
    model = whisper_model.Whisper(dims)
    with torch.no_grad():
        # Whisper leaves this one as torch.empty (checkpoints fill it): whatever memory held.
        model.decoder.positional_embedding.normal_(0.0, 0.02)
    path = tmp_path_factory.mktemp("openai-whisper") / "tiny.pt"
    torch.save({"dims": dataclasses.asdict(dims), "model_state_dict": model.state_dict()}, path)
    return path


def tone(seconds: float) -> Audio:
    t = np.arange(round(seconds * 16_000), dtype=np.float32) / 16_000
    return Audio((0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), 16_000)


@pytest.mark.parametrize(("language", "beam_size"), [(None, 1), ("en", 1), (None, 3)])
def test_a_tiny_model_returns_a_well_formed_transcript(
    tiny_checkpoint: Path, language: str | None, beam_size: int
) -> None:
    recognizer = OpenAIWhisperRecognizer(tiny_checkpoint, model_id="tiny-random")
    audio = Audio.silence(0.5).concat(tone(2.0), Audio.silence(0.5)).resample(24_000)
    transcript = recognizer.transcribe(audio, language=language, beam_size=beam_size)
    assert (recognizer.name, recognizer.model_id) == ("openai-whisper", "tiny-random")
    assert transcript.duration_s == pytest.approx(3.0)
    assert 0.0 <= transcript.language_probability <= 1.0
    assert len(transcript.language) in (2, 3)  # "haw", "yue": Whisper has a few 3-letter codes
    if language:
        assert transcript.language == language
    for segment in transcript.segments:
        assert 0.0 <= segment.start <= segment.end <= transcript.duration_s
        assert segment.text == segment.text.strip()


def test_the_vad_gate_skips_the_model(tiny_checkpoint: Path) -> None:
    recognizer = OpenAIWhisperRecognizer(tiny_checkpoint, vad_factory=FakeVad)
    assert recognizer.transcribe(Audio.silence(2.0)).is_empty
    quiet_noise = np.random.default_rng(0).standard_normal(32_000).astype(np.float32) * 0.001
    assert recognizer.transcribe(Audio(quiet_noise, 16_000)).is_empty
    assert not recognizer.loaded
    assert recognizer.model_id == "tiny"  # the checkpoint's file name when none is given


def test_a_missing_checkpoint_is_reported(tmp_path: Path) -> None:
    recognizer = OpenAIWhisperRecognizer(tmp_path / "base.pt")
    with pytest.raises(FileNotFoundError, match=r"expected a Whisper \.pt checkpoint"):
        recognizer.transcribe(tone(1.0))
