"""The whole benchmark, in one process: a live server, spoken turns over its WebSocket, the
naive chain on the same engines, concurrency, refusal, then engines side by side."""

from __future__ import annotations

import asyncio
import itertools
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.client import STAGES, TurnTimes, refusal_check, spoken_turn
from bench.engines_compare import compare_language_models, compare_whisper_beams
from bench.machine import load_average, machine_info
from bench.naive import naive_turn
from bench.questions import Question, build_questions
from bench.server import Live, MemorySampler, live_server
from bench.stats import ratio, summarise
from service.app import create_app
from service.settings import Settings
from voices.assemble import ModelError
from voices.lm.base import LanguageModelError

API_KEY = "bench-key"
SETTLE_S = 0.5
PATIENT_SILENCE_MS = 2000
"""JFK pauses for breath mid-sentence; a patient listener hears it as one turn."""


@dataclass
class BenchOptions:
    quick: bool = False
    realtime: bool = True
    """Stream audio at the speed of speech (a real microphone); off for plumbing tests only."""
    concurrency: tuple[int, ...] = (1, 2, 4, 8)
    repeat: int = 1
    """Single-session rounds over the questions: more turns, steadier percentiles."""
    compare_engines: bool = True
    compare_model: str = "qwen2.5-coder-0.5b-instruct"
    """Same weights for llama.cpp and transformers (the 1.5B is slow to load in transformers)."""
    compare_tokens: int = 48
    cache_dir: Path = Path(".cache/bench")
    jfk: Path | None = None
    notes: list[str] = field(default_factory=list)
    checkpoint: Callable[[dict[str, Any]], object] | None = None
    """Called with the figures measured so far, before the engines side by side."""


def _say(message: str) -> None:
    """Progress on stderr: a full run takes many minutes on 2 cores."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def bench_settings(base: Settings) -> Settings:
    """The given settings with a benchmark API key; engines warm up when the harness says."""
    return base.model_copy(
        update={
            "auth": base.auth.model_copy(update={"api_keys": [API_KEY]}),
            "server": base.server.model_copy(update={"preload": False}),
        }
    )


def _group(turns: list[dict[str, Any]], questions: dict[str, Question]) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = {"all": turns}
    for turn in turns:
        q = questions[turn["question"]]
        key = "jfk (real)" if q.real else q.language
        groups.setdefault(key, []).append(turn)
    stages = {t2 for t in turns for t2 in t["stages"]}
    return {
        name: {s: summarise([t["stages"].get(s) for t in group]) for s in sorted(stages)}
        for name, group in groups.items()
    }


async def _single(live: Live, questions: list[Question], options: BenchOptions) -> list[TurnTimes]:
    turns = []
    for q in questions * options.repeat:
        silence = PATIENT_SILENCE_MS if q.real else live.engines.settings.vad.silence_duration_ms
        turns.append(
            await spoken_turn(
                live.url, API_KEY, q, realtime=options.realtime, silence_duration_ms=silence
            )
        )
    return turns


async def _concurrent(
    live: Live, questions: list[Question], level: int, options: BenchOptions
) -> list[TurnTimes]:
    # The server frees the previous level's places a moment after their clients leave.
    await asyncio.sleep(SETTLE_S)
    cycle = itertools.islice(itertools.cycle(questions), level)
    return await asyncio.gather(
        *(spoken_turn(live.url, API_KEY, q, realtime=options.realtime) for q in cycle)
    )


def _level_summary(turns: list[TurnTimes]) -> dict[str, Any]:
    return {
        "sessions": len(turns),
        "errors": sum(1 for t in turns if t.errors and not t.refused),
        "refused": sum(1 for t in turns if t.refused),
        "first_answer_audio": summarise([t.stages.get("first_answer_audio") for t in turns]),
        "first_audio": summarise([t.stages.get("first_audio") for t in turns]),
        "first_answer_audio_from_end_of_file": summarise(
            [t.from_end_of_file("first_answer_audio") for t in turns]
        ),
        "turns": [t.as_dict() for t in turns],
    }


def _speedup(single: list[dict[str, Any]], naive: list[dict[str, Any]]) -> dict[str, Any]:
    streaming = {t["question"]: t["stages"].get("first_answer_audio") for t in single}
    per_question = {
        n["question"]: ratio(n["stages"]["first_audio"], streaming.get(n["question"]))
        for n in naive
    }
    naive_p50 = summarise([n["stages"]["first_audio"] for n in naive])["p50"]
    stream_p50 = summarise(list(streaming.values()))["p50"]
    return {
        "per_question": per_question,
        "ratio_of_p50": ratio(
            naive_p50 if isinstance(naive_p50, float) else None,
            stream_p50 if isinstance(stream_p50, float) else None,
        ),
        "ratio_summary": summarise(list(per_question.values())),
    }


def run_benchmark(settings: Settings, options: BenchOptions) -> dict[str, Any]:
    settings = bench_settings(settings)
    result: dict[str, Any] = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": options.quick,
        "machine": machine_info(settings),
        "stages": list(STAGES),
        "notes": list(options.notes),
    }
    with MemorySampler() as memory:
        app = create_app(settings)
        with live_server(app) as live:
            memory.phase = "warm_up"
            _say("warming up the engines")
            asyncio.run(live.engines.warm_up())
            questions = build_questions(
                live.engines, options.cache_dir, quick=options.quick, jfk=options.jfk
            )
            by_name = {q.name: q for q in questions}
            time.sleep(0.5)
            memory.phase = "load"
            idle_mb = memory.rss_mb()
            _say(f"{len(questions)} questions; single-session turns")
            single_times = asyncio.run(_single(live, questions, options))
            single = [t.as_dict() for t in single_times]
            _say("naive chain")
            naive = [asyncio.run(naive_turn(live.engines, q)) for q in questions]
            _say(f"concurrency {options.concurrency}")
            synthetic_en = [q for q in questions if q.language == "en" and not q.real]
            levels = {
                str(n): _level_summary(asyncio.run(_concurrent(live, synthetic_en, n, options)))
                for n in options.concurrency
            }
            refusal = asyncio.run(refusal_check(live.url, API_KEY, settings.realtime.max_sessions))
        memory.phase = "after"
        result["questions"] = [
            {
                "name": q.name,
                "language": q.language,
                "duration_s": q.duration_s,
                "real": q.real,
                "text": q.text,
            }
            for q in questions
        ]
        result["single"] = {
            "turns": single,
            "summary": _group(single, by_name),
            # Times run from the end of speech since issue 12; the old zero, for continuity.
            "first_answer_audio_from_end_of_file": summarise(
                [t.from_end_of_file("first_answer_audio") for t in single_times]
            ),
        }
        result["naive"] = {
            "turns": naive,
            "summary": _group(naive, by_name),
            "speedup": _speedup(single, naive),
        }
        result["concurrency"] = {"levels": levels, "refusal": refusal}
        result["memory_mb"] = {
            "idle_after_warm_up": idle_mb,
            "peak_under_load": memory.peaks_mb.get("load"),
            "peak_warm_up": memory.peaks_mb.get("warm_up"),
        }
    result["machine"]["load_average_end"] = load_average()
    if options.checkpoint is not None:  # the figures so far survive a failure below
        options.checkpoint({**result, "engines": {"skipped": "not run yet"}})
    _say("engines side by side")
    result["engines"] = _compare(settings, options, by_name.get("jfk"))
    result["machine"]["load_average_end"] = load_average()
    return result


def _compare(settings: Settings, options: BenchOptions, jfk: Question | None) -> dict[str, Any]:
    if not options.compare_engines:
        return {"skipped": "engines side by side turned off (--no-engines)"}
    out: dict[str, Any] = {"whisper": {"skipped": "no jfk.wav"}}
    try:
        if jfk is not None:
            out["whisper"] = compare_whisper_beams(settings, jfk.audio)
        out["language_model"] = compare_language_models(
            settings, options.compare_model, options.compare_tokens
        )
    except (ImportError, ValueError, OSError, LanguageModelError, ModelError) as exc:
        # A missing extra (e.g. accelerate for GGUF in transformers) is a finding to report,
        # not a reason to lose the figures already measured.
        out["failed"] = f"{type(exc).__name__}: {exc}"
    return out
