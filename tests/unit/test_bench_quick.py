"""The benchmark harness's plumbing against fake engines: a live server, spoken turns over the
WebSocket, the naive chain, concurrency, refusal, and the JSON and markdown it writes.
Timings are never asserted, only that every figure is there."""

from __future__ import annotations

import json
from pathlib import Path

from bench.client import STAGES
from bench.report import write_results
from bench.runner import BenchOptions, run_benchmark
from service.settings import Settings


def test_quick_benchmark_writes_every_section(fake_settings: Settings, tmp_path: Path) -> None:
    options = BenchOptions(
        quick=True,
        realtime=False,
        concurrency=(1, 2),
        compare_engines=False,
        cache_dir=tmp_path / "questions",
    )
    settings = fake_settings.model_copy(
        update={"realtime": fake_settings.realtime.model_copy(update={"max_sessions": 2})}
    )
    result = run_benchmark(settings, options)
    paths = write_results(result, tmp_path / "results", "quick", with_plots=True)

    data = json.loads(paths["json"].read_text())
    assert [q["name"] for q in data["questions"]] == ["en-0", "en-1", "en-2", "ko-0"]
    single = data["single"]["turns"]
    assert len(single) == 4
    assert all(not t["errors"] and t["status"] == "completed" for t in single), single
    assert all(set(t["stages"]) == set(STAGES) for t in single)
    assert all(t["stages"]["first_answer_audio"] is not None for t in single)
    assert data["single"]["summary"]["en"]["first_answer_audio"]["n"] == 3
    assert {n["question"] for n in data["naive"]["turns"]} == {"en-0", "en-1", "en-2", "ko-0"}
    assert set(data["naive"]["speedup"]["per_question"]) == {"en-0", "en-1", "en-2", "ko-0"}
    levels = data["concurrency"]["levels"]
    assert set(levels) == {"1", "2"}
    assert levels["2"]["sessions"] == 2 and levels["2"]["errors"] == 0
    refusal = data["concurrency"]["refusal"]
    assert refusal["held"] == 2 and refusal["refused"] is True and refusal["close_code"] == 1013
    assert data["memory_mb"]["idle_after_warm_up"] > 0
    assert data["machine"]["usable_cores"] >= 1 and len(data["machine"]["load_average_end"]) == 3
    assert data["engines"] == {"skipped": "engines side by side turned off (--no-engines)"}
    assert len(data["targets"]) == 7

    report = paths["markdown"].read_text(encoding="utf-8")
    for heading in ("## Targets", "## Single session", "## Naive chain", "## Concurrency"):
        assert heading in report
    assert "| en | first_answer_audio | 3 |" in report
    for key in ("plot_0", "plot_1"):
        assert paths[key].read_bytes()[:4] == b"\x89PNG"
