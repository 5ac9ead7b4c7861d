"""The conversational-load harness's plumbing against fake engines: sessions that ask, hear the
whole answer and ask again on one WebSocket, the level's summary, capacity, and the files it
writes. Timings are never asserted, only that every figure is there."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import numpy as np

from bench.conversation import LoadPlan, LoadTurn, conversational_load
from bench.conversational_load import (
    capacity,
    corpus_wer,
    cpu_use,
    level_summary,
    runs,
    write,
)
from bench.questions import Question
from bench.runner import API_KEY, bench_settings
from bench.server import live_server
from service.app import create_app
from service.settings import Settings
from voices.audio import Audio

SR = 16_000


def _tone_question(name: str) -> Question:
    t = np.arange(SR) / SR
    tone = (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    samples = np.concatenate([tone, np.zeros(SR // 2, dtype=np.float32)])
    return Question(name, "en", "What time is it?", Audio(samples, SR))


def test_sessions_talk_in_turns_on_one_socket_each(fake_settings: Settings) -> None:
    settings = bench_settings(fake_settings)
    plan = LoadPlan(sessions=2, seconds=1.0, think_s=(0.0, 0.2), realtime=False)
    questions = [_tone_question("a"), _tone_question("b")]
    with live_server(create_app(settings)) as live:
        turns = asyncio.run(conversational_load(live.url, API_KEY, questions, plan))

    assert {t.session for t in turns} == {0, 1}
    assert all(not t.errors and not t.cut for t in turns), turns
    assert all(t.ttfa_speech_s is not None and t.ttfa_file_s is not None for t in turns)
    assert all(t.answer_audio_s > 0 for t in turns)
    assert all(t.stages["first_answer_audio"] == t.ttfa_speech_s for t in turns)
    assert [t.asked_at_s for t in turns] == sorted(t.asked_at_s for t in turns)
    summary = level_summary(turns, p95_limit=1000.0, sessions=2)
    assert summary["turns"] == summary["answered"] == len(turns)
    assert summary["errors"] == 0 and summary["within_limit"] is True


def test_a_refused_session_is_an_error_and_no_level_fits(fake_settings: Settings) -> None:
    settings = bench_settings(fake_settings)
    settings = settings.model_copy(
        update={"realtime": settings.realtime.model_copy(update={"max_sessions": 1})}
    )
    plan = LoadPlan(sessions=2, seconds=0.5, think_s=(0.0, 0.0), realtime=False)
    with live_server(create_app(settings)) as live:
        turns = asyncio.run(conversational_load(live.url, API_KEY, [_tone_question("a")], plan))

    assert any("1013" in error for t in turns for error in t.errors), turns
    summary = level_summary(turns, p95_limit=1000.0, sessions=2)
    assert summary["errors"] >= 1 and summary["within_limit"] is False
    assert capacity({"2": summary}) is None


def _level(
    p95: float | None, errors: int, sessions: int, first_words: str = "on"
) -> dict[str, Any]:
    turns = [LoadTurn(0, 0.0, "q", ttfa_speech_s=p95, ttfa_file_s=p95, longest_gap_s=0.4)]
    turns += [LoadTurn(0, 1.0, "q", errors=["boom"]) for _ in range(errors)]
    return level_summary(turns, p95_limit=2.5, sessions=sessions, first_words=first_words)


def test_capacity_is_the_largest_level_within_the_limit_without_errors() -> None:
    levels = {
        "1": _level(0.9, 0, 1),
        "2": _level(1.4, 0, 2),
        "4": _level(2.6, 0, 4),
        "8": _level(1.0, 1, 8),
    }
    assert capacity(levels) == 2


def test_cpu_use_is_per_turn_and_a_share_of_all_cores() -> None:
    assert cpu_use(cpu_s=60.0, wall_s=60.0, cores=2, turns=12) == {
        "cpu_s_per_turn": 5.0,
        "cpu_busy": 0.5,
    }
    assert cpu_use(cpu_s=1.0, wall_s=0.0, cores=2, turns=0) == {
        "cpu_s_per_turn": None,
        "cpu_busy": None,
    }


def test_recognition_errors_are_pooled_over_the_heard_questions() -> None:
    turns = [
        LoadTurn(0, 0.0, "a", transcript="What time is it?", reference="What time is it?"),
        LoadTurn(0, 1.0, "b", transcript="Where is the bus", reference="Where is the bus stop?"),
        LoadTurn(0, 2.0, "c", errors=["boom"]),
    ]
    assert corpus_wer(turns) == round(1 / 9, 4)
    assert corpus_wer(turns[2:]) is None


def test_capacity_is_per_setting_when_runs_compare_first_words_first() -> None:
    levels = {
        "2 off": _level(2.0, 0, 2, "off"),
        "2 on": _level(1.0, 0, 2, "on"),
        "4 on": _level(2.0, 0, 4, "on"),
        "4 off": _level(3.0, 0, 4, "off"),
    }
    assert capacity(levels, "off") == 2 and capacity(levels, "on") == 4
    assert runs([2, 4, 8], "both") == [
        (2, "off"),
        (2, "on"),
        (4, "on"),
        (4, "off"),
        (8, "off"),
        (8, "on"),
    ]
    assert runs([2, 4], "on") == [(2, "on"), (4, "on")]


def test_the_results_are_written_as_markdown_json_and_a_plot(tmp_path: Path) -> None:
    levels = {"1": _level(0.9, 0, 1), "2": _level(3.0, 0, 2)}
    for level in levels.values():
        level.update(load_start=[1.0, 1.0, 1.0], load_end=[2.0, 1.5, 1.0], peak_rss_mb=900.0)
    result: dict[str, Any] = {
        "created": "now",
        "command": "python -m bench.conversational_load --levels 1,2",
        "machine": {"engines": {"stt": "fake"}, "usable_cores": 2},
        "plan": {
            "seed": 12,
            "think_s": [10.0, 40.0],
            "minutes_per_level": 3.0,
            "patience_ms": 500,
            "p95_limit": 2.5,
        },
        "levels": levels,
        "peak_rss_mb": 900.0,
    }
    text = write(result, {"1": [], "2": []}, tmp_path, "load")

    assert "| 2 | on | 1 | 0 | 0 | 3.00 | 3.00 |" in text
    assert "| 0.00 | 1 | 0.40 | – | – | – | 900.0 |" in text  # gaps: none summed, one turn's 0.4 s
    assert (
        "**Capacity, first words first on** (largest N with p95 ≤ 2.5 s and no errors): 1" in text
    )
    assert "**not met**" in text
    assert (tmp_path / "load.png").read_bytes()[:4] == b"\x89PNG"
    data = json.loads((tmp_path / "load.json").read_text())
    assert data["capacity"] == {"on": 1} and set(data["turns"]) == {"1", "2"}
