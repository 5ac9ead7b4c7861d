"""bench.turn_stages on the fake engines: each stage timed, the first piece as the voice gets it."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from bench.questions import Question
from bench.turn_stages import STAGES, markdown, one_turn, summary
from bench.voices_mix import MixedQuestion
from service.engines import Engines
from service.settings import Settings
from voices.audio import Audio
from voices.lm.fake import FakeLanguageModel
from voices.stt.fake import FakeRecognizer

QUESTION = "Please explain why the sky looks blue during the day."
REPLY = "The sky looks blue during the day because sunlight scatters in the air, and so on."


def _spoken(seconds: float = 1.0, tail_s: float = 0.5) -> Audio:
    rate = 16_000
    t = np.arange(round(seconds * rate)) / rate
    tone = (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    return Audio(np.concatenate([tone, np.zeros(round(tail_s * rate), np.float32)]), rate)


@pytest.mark.asyncio
@pytest.mark.parametrize("prefill", [False, True])
async def test_one_turn_times_each_stage_up_to_the_first_piece_and_its_voice(
    fake_settings: Settings, prefill: bool
) -> None:
    model = FakeLanguageModel(default=REPLY)
    engines = Engines(fake_settings, recognizer=FakeRecognizer([QUESTION]), language_model=model)
    mixed = MixedQuestion("piper", Question("q", "en", QUESTION, _spoken(), speech_end_s=1.0))
    row = await one_turn(engines, mixed, prefill)
    assert row["heard"] == QUESTION and row["route"] == "model"
    assert row["first_piece_text"] == "The sky looks blue during the day"
    assert all(row[stage] is not None and row[stage] >= 0 for stage in STAGES)
    assert row["total"] == pytest.approx(
        row["recognition"] + row["first_piece"] + row["first_voice"], abs=0.002
    )
    assert len(model.prefills) == (1 if prefill else 0)
    if prefill:  # the question without its last three words
        assert model.prefills[0][-1].content == "Please explain why the sky looks blue"


def test_the_report_summarises_model_answers_only() -> None:
    model_turn = {stage: 1.0 for stage in STAGES} | {"first_token": 0.5}
    referral = {stage: 0.2 for stage in STAGES} | {"first_token": None}
    turns = [
        {**t, "question": q, "route": r, "prompt_reused": 99, "prompt_processed": 20}
        | {"first_piece_text": "x"}
        for t, q, r in ((model_turn, "a", "model"), (referral, "b", "referral"))
    ]
    result: dict[str, Any] = {
        "name": "n",
        "created": "now",
        "prefill": False,
        "machine": {"engines": {"lm": "fake"}, "load_average_start": [0, 0, 0]},
        "load_average_end": [0, 0, 0],
        "turns": turns,
        "summary": summary(turns),
    }
    assert result["summary"]["total"]["n"] == 1
    assert result["summary"]["first_token"]["p50"] == 0.5
    text = markdown(result)
    assert "| total | 1 | 1.0 | 1.0 | 1.0 |" in text
    assert "| a | model |" in text and "| 99 / 20 |" in text
