"""Answers prepared during the pause, on and off: ``python -m bench.preemptive``.

English questions in modu's Piper voice, streamed in real time over ``/v1/realtime`` to a live
server on the real embedded engines (Whisper, Silero VAD, the llama.cpp model, Piper). For each
patience, every question is asked twice in a row, once with answers prepared during the pause
(``MODU_REALTIME__PREEMPTIVE_ANSWERS``) and once without, so both see the same load. The setting
is read when a session starts, so the one server switches between turns (each turn is a fresh
session).

Reported per patience and mode: TTFA — from the end of the question's speech (``bench.client``
finds it in the question's own samples) to the first audio of the answer itself (the spoken AI
notice excluded) — as p50 and p95, TTFA minus the patience, how many answers were the prepared
ones, and how many prepared answers were thrown away (``modu.preemptive`` in ``response.done``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.client import spoken_turn
from bench.questions import build_questions
from bench.server import live_server
from bench.stats import percentile
from service.app import create_app
from service.engines import Engines
from service.settings import Settings

CACHE_DIR = Path(".cache/bench")
"""The questions' audio, synthesised once (shared with ``python -m bench``)."""


@dataclass
class Row:
    patience_ms: int
    prepared_mode: bool
    question: str
    ttfa_s: float | None
    prepared: bool | None
    dropped: int
    error: str | None = None


async def run(
    url: str, key: str, engines: Engines, patiences: Sequence[int], rounds: int
) -> list[Row]:
    on = engines.settings
    off = on.model_copy(
        update={"realtime": on.realtime.model_copy(update={"preemptive_answers": False})}
    )
    questions = build_questions(engines, CACHE_DIR, quick=False, jfk=None)
    english = [q for q in questions if q.language == "en"]
    rows: list[Row] = []
    for _ in range(rounds):
        for patience in patiences:
            for question in english:
                for mode in (True, False):  # interleaved: the same load for both
                    engines.settings = on if mode else off
                    times = await spoken_turn(url, key, question, silence_duration_ms=patience)
                    report = times.preemptive or {}
                    row = Row(
                        patience,
                        mode,
                        question.name,
                        times.stages.get("first_answer_audio"),
                        report.get("prepared"),
                        report.get("dropped", 0),
                        "; ".join(times.errors) or None,
                    )
                    rows.append(row)
                    print(row, flush=True)
    engines.settings = on
    return rows


def report(rows: list[Row]) -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        "# Answers prepared during the pause: on vs off",
        "",
        "English questions (bench/questions.py) in the Piper voice, real Whisper base, Silero "
        "VAD, the llama.cpp model and Piper, streamed in real time; TTFA from the end of speech "
        "(found in the samples) to the answer's first audio (AI notice excluded); each question "
        f"asked with and without, one after the other. Load average at the end: {load} (2 cores).",
        "",
        "| patience | prepared | turns | TTFA p50 s | p95 s | TTFA − patience p50 s | "
        "answers that were prepared | prepared answers dropped | errors |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for patience in sorted({r.patience_ms for r in rows}):
        for mode in (False, True):
            group = [r for r in rows if r.patience_ms == patience and r.prepared_mode == mode]
            ttfa = [r.ttfa_s for r in group if r.ttfa_s is not None]
            p50 = statistics.median(ttfa) if ttfa else float("nan")
            used = sum(bool(r.prepared) for r in group)
            lines.append(
                f"| {patience} ms | {'on' if mode else 'off'} | {len(group)} | {p50:.2f} | "
                f"{percentile(ttfa, 95):.2f} | {p50 - patience / 1000:.2f} | {used}/{len(group)} | "
                f"{sum(r.dropped for r in group)} | {sum(r.error is not None for r in group)} |"
            )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patience", type=int, nargs="+", default=[500, 1500, 3000])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    key = "bench-preemptive"
    settings = Settings()
    settings = settings.model_copy(
        update={"auth": settings.auth.model_copy(update={"api_keys": [key]})}
    )
    engines = Engines(settings)
    with live_server(create_app(settings, engines=engines)) as live:
        rows = asyncio.run(run(live.url, key, engines, args.patience, args.rounds))
    text = report(rows)
    print(text)
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8")
        args.out.with_suffix(".json").write_text(
            json.dumps([r.__dict__ for r in rows], indent=1), encoding="utf-8"
        )


if __name__ == "__main__":
    main()
