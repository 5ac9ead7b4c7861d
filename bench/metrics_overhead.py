"""``python -m bench.metrics_overhead [--rounds N] [--name NAME]``: what metrics cost a turn.

One process, the real engines loaded once and shared by two apps, one with metrics on and one
with them off, each on its own loopback port. The same spoken questions go to each in turn,
interleaved and in alternating order (so a slow moment of the machine falls on both), one
fresh session per turn, timed on the client (:mod:`bench.client`). Besides, the bookkeeping
itself is timed in-process: a turn's worth of events through the realtime observer into the
Prometheus registry. Writes ``bench/results/NAME.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
EVENTS_PER_TURN = 200
"""About a spoken answer's events: ~4 audio deltas a second of speech, captions, transcript."""


def _say(message: str) -> None:
    print(f"[metrics-overhead {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def bookkeeping_us(turns: int = 2000) -> float:
    """Microseconds of telemetry per turn: a turn's events through the observer, and the turn
    recorded in the registry (the on-path cost; scraping is the scraper's)."""
    from accessibility.labels import make_label
    from service.realtime import server_events as ev
    from service.telemetry.metrics import PrometheusTelemetry
    from service.telemetry.realtime import RealtimeTurns

    metrics = PrometheusTelemetry()
    turns_seen = RealtimeTurns(metrics)
    response = ev.Response(
        id="resp_1",
        status="in_progress",
        output_modalities=["audio"],
        modu=ev.ResponseModu(label=make_label(model="bench", voice=None)),
    )
    done = ev.Response(**{**response.model_dump(), "status": "completed"})
    script: list[ev.ServerEvent] = [
        ev.BufferCommitted(item_id="item_1"),
        ev.TranscriptionCompleted(
            item_id="item_1", transcript="hi", usage=ev.TranscriptionUsage(seconds=1.0)
        ),
        ev.ResponseCreated(response=response),
    ]
    script += [ev.OutputAudioDelta(response_id="resp_1", item_id="i", delta="AA")] * (
        EVENTS_PER_TURN - 4
    )
    script.append(ev.ResponseDone(response=done))
    started = time.perf_counter()
    for _ in range(turns):
        for event in script:
            turns_seen.see(event)
    return (time.perf_counter() - started) / turns * 1e6


def _percentile(values: list[float], q: float) -> float | None:
    """The nearest-rank percentile (``None`` without values)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _summary(values: list[float]) -> dict[str, Any]:
    return {
        "n": len(values),
        "p50": _percentile(values, 0.5),
        "p95": _percentile(values, 0.95),
        "mean": round(statistics.fmean(values), 3) if values else None,
    }


def measure(rounds: int) -> dict[str, Any]:
    from bench.client import spoken_turn
    from bench.questions import build_questions
    from bench.runner import API_KEY, bench_settings
    from bench.server import live_server
    from service.app import create_app
    from service.engines import Engines
    from service.settings import Settings

    on = bench_settings(Settings())
    off = on.model_copy(update={"telemetry": on.telemetry.model_copy(update={"metrics": False})})
    _say("loading the engines (once, shared by both apps)")
    base = Engines(on)
    asyncio.run(base.warm_up())

    def sharing(settings: Settings) -> Engines:
        """Engines of their own (telemetry, counters) over the one set of loaded models."""
        return Engines(
            settings,
            recognizer=base.recognizer,
            language_model=base.language_model,
            synthesizer=base.synthesizer,
        )

    questions = build_questions(base, Path(".cache/bench"), quick=True, jfk=None)
    english = [q for q in questions if q.language == "en"]
    ttfa: dict[str, list[float]] = {"on": [], "off": []}
    answer_audio: dict[str, list[float]] = {"on": [], "off": []}
    pairs: dict[str, dict[str, float]] = {}
    """First answer audio of the same question in the same round, on and off."""
    errors: list[str] = []
    load_start = os.getloadavg()
    with (
        live_server(create_app(on, engines=sharing(on))) as live_on,
        live_server(create_app(off, engines=sharing(off))) as live_off,
    ):
        urls = {"on": live_on.url, "off": live_off.url}
        for mode in ("on", "off"):  # each app's first turn (its phrase cache) is not counted
            asyncio.run(spoken_turn(urls[mode], API_KEY, english[0]))
        for round_index in range(rounds):
            for index, question in enumerate(english):
                first = "on" if (round_index + index) % 2 == 0 else "off"
                for mode in (first, "off" if first == "on" else "on"):
                    times = asyncio.run(spoken_turn(urls[mode], API_KEY, question))
                    errors += [f"{mode} {question.name}: {e}" for e in times.errors]
                    if times.stages.get("first_audio") is not None:
                        ttfa[mode].append(times.stages["first_audio"] or 0.0)
                    if times.stages.get("first_answer_audio") is not None:
                        answer_audio[mode].append(times.stages["first_answer_audio"] or 0.0)
                        pair = pairs.setdefault(f"{round_index}/{question.name}", {})
                        pair[mode] = times.stages["first_answer_audio"] or 0.0
                    _say(f"round {round_index + 1} {question.name} metrics {mode}: {times.stages}")
    return {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "rounds": rounds,
        "questions": [q.name for q in english],
        "load_average_start": [round(x, 2) for x in load_start],
        "load_average_end": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "ttfa_s": {mode: _summary(values) for mode, values in ttfa.items()},
        "first_answer_audio_s": {mode: _summary(v) for mode, v in answer_audio.items()},
        "paired_on_minus_off_s": _summary(
            [p["on"] - p["off"] for p in pairs.values() if len(p) == 2]
        ),
        "pairs": pairs,
        "bookkeeping_us_per_turn": round(bookkeeping_us(), 1),
        "errors": errors,
    }


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def markdown(result: dict[str, Any]) -> str:
    rows = []
    for label, key in (
        ("TTFA (first audio)", "ttfa_s"),
        ("first answer audio", "first_answer_audio_s"),
    ):
        on, off = result[key]["on"], result[key]["off"]
        delta = on["p50"] - off["p50"] if on["p50"] is not None and off["p50"] is not None else None
        rows.append(
            f"| {label} | {on['n']} / {off['n']} | {_cell(on['p50'])} | {_cell(off['p50'])} | "
            f"{_cell(on['p95'])} | {_cell(off['p95'])} | {_cell(delta)} |"
        )
    return "\n".join(
        [
            "| seconds after end of speech | turns on / off | p50 on | p50 off | p95 on | "
            "p95 off | p50 on − off |",
            "|---|---|---|---|---|---|---|",
            *rows,
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.metrics_overhead", description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="passes over the questions")
    parser.add_argument("--name", default="metrics-overhead")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    result = measure(args.rounds)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{args.name}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(markdown(result))
    print(f"paired on − off, first answer audio: {result['paired_on_minus_off_s']}")
    print(
        f"bookkeeping: {result['bookkeeping_us_per_turn']} µs per turn; errors: {result['errors']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
