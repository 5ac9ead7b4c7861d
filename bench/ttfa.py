"""TTFA from the end of speech: ``python -m bench.ttfa [--repeat N] [--name NAME]``.

Issue 12, item 1. A live server on the real engines of the environment's settings (Whisper,
Silero VAD, llama.cpp, Piper/eSpeak NG) is asked ``bench.voices_mix``'s questions over
``/v1/realtime``, streamed in real time, one fresh session per turn (so each first answer comes
after the spoken AI notice; TTFA is the answer's own first audio, the notice excluded). Each
question is asked in every mode back to back, so the modes share the machine's load:

- ``server_vad`` at 500 ms and 1.5 s patience (complete questions only: it cuts a hesitation);
- ``semantic_vad`` with eagerness ``auto`` at 500 ms and 1.5 s patience (hesitant ones too).

TTFA is reported from the end of speech (``bench.speech_end``) and, for continuity, from the
end of the file as before. A turn answered before its speech ended (a response created before
the last word) is a **cut**, counted and left out of the TTFA figures. Results:
``bench/results/<name>.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.client import TurnTimes, spoken_turn
from bench.machine import load_average, machine_info
from bench.runner import API_KEY, bench_settings
from bench.server import MemorySampler, live_server
from bench.stats import summarise
from bench.voices_mix import MixedQuestion, mixed_questions

RESULTS = Path(__file__).resolve().parent / "results"
MODES = (
    ("server_vad", 500),
    ("semantic_vad", 500),
    ("server_vad", 1500),
    ("semantic_vad", 1500),
)
STAGE = "first_answer_audio"


def detection(mode: str, patience_ms: int) -> dict[str, Any]:
    out: dict[str, Any] = {"type": mode, "silence_duration_ms": patience_ms}
    if mode == "semantic_vad":
        out["eagerness"] = "auto"
    return out


def turn_row(mode: str, patience_ms: int, mixed: MixedQuestion, turn: TurnTimes) -> dict[str, Any]:
    cut = turn.cut
    return {
        "mode": mode,
        "patience_ms": patience_ms,
        "kind": mixed.kind,
        "question": mixed.question.name,
        "cut": cut,
        "ttfa_speech_s": None if cut else turn.stages.get(STAGE),
        "ttfa_file_s": None if cut else turn.from_end_of_file(STAGE),
        "end_of_file_s": turn.end_of_file_s,
        "errors": [] if cut else turn.errors,
        "transcript": turn.transcript,
        "stages": turn.stages,
        "load_average": load_average(),
    }


async def _run(url: str, mix: list[MixedQuestion], repeat: int) -> list[dict[str, Any]]:
    rows = []
    for round_ in range(repeat):
        for mixed in mix:
            for mode, patience in MODES:
                if mixed.kind == "hesitant" and mode == "server_vad":
                    continue
                turn = await spoken_turn(
                    url, API_KEY, mixed.question, turn_detection=detection(mode, patience)
                )
                rows.append(turn_row(mode, patience, mixed, turn))
                row = rows[-1]
                print(
                    f"[ttfa {time.strftime('%H:%M:%S')}] r{round_} {row['question']} {mode} "
                    f"{patience} cut={row['cut']} speech={row['ttfa_speech_s']} "
                    f"file={row['ttfa_file_s']} {row['errors'][:1]}",
                    file=sys.stderr,
                    flush=True,
                )
    return rows


def summary(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per mode and patience: complete questions together, then each kind."""
    out = []
    for mode, patience in MODES:
        mine = [r for r in rows if r["mode"] == mode and r["patience_ms"] == patience]
        groups = {"complete": [r for r in mine if r["kind"] != "hesitant"]}
        for kind in dict.fromkeys(r["kind"] for r in mine):
            groups[kind] = [r for r in mine if r["kind"] == kind]
        for group, members in groups.items():
            if not members:
                continue
            speech = summarise([r["ttfa_speech_s"] for r in members])
            minus = [
                r["ttfa_speech_s"] - patience / 1000 if r["ttfa_speech_s"] is not None else None
                for r in members
            ]
            out.append(
                {
                    "mode": mode,
                    "patience_ms": patience,
                    "group": group,
                    "turns": len(members),
                    "cuts": sum(r["cut"] for r in members),
                    "errors": sum(bool(r["errors"]) for r in members),
                    "speech": speech,
                    "file": summarise([r["ttfa_file_s"] for r in members]),
                    "minus_patience_p50": summarise(minus)["p50"],
                }
            )
    return out


def _f(value: Any) -> str:
    return "–" if value is None else f"{value:.2f}"


def markdown(result: dict[str, Any]) -> str:
    machine = result["machine"]
    lines = [
        "# TTFA from the end of speech (issue 12, item 1)",
        "",
        f"{result['created']}; `python -m bench.ttfa --repeat {result['repeat']}`; engines: "
        + "; ".join(f"{k} {v}" for k, v in machine["engines"].items())
        + f". {machine['usable_cores']} cores, **shared with other helpers' work this "
        f"afternoon**: load average {machine['load_average_start']} at the start, "
        f"{result['load_average_end']} at the end (per turn in the JSON). Peak RSS "
        f"{result['peak_rss_mb']} MB.",
        "",
        "TTFA = the answer's own first audio (the spoken AI notice excluded). *speech*: from the "
        "end of the question's speech; *file*: from the end of the file, as measured before. "
        "Cut = answered before the person finished (left out of TTFA).",
        "",
        "| mode | patience | questions | turns | cuts | errors | p50 speech | p95 speech "
        "| p50 file | p95 file | p50 − patience |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in result["summary"]:
        speech, file = row["speech"], row["file"]
        lines.append(
            f"| {row['mode']} | {row['patience_ms']} ms | {row['group']} | {row['turns']} "
            f"| {row['cuts']} | {row['errors']} | {_f(speech['p50'])} | {_f(speech['p95'])} "
            f"| {_f(file['p50'])} | {_f(file['p95'])} | {_f(row['minus_patience_p50'])} |"
        )
    lines += ["", "## Targets (issue 12)", "", *result["targets"], ""]
    lines += ["## Where the time goes (complete questions, p50 s from the end of speech)", ""]
    lines += stage_table(result["turns"])
    return "\n".join(lines)


def stage_table(turns: list[dict[str, Any]]) -> list[str]:
    stages = ("speech_stopped", "transcript", "response_created", "first_answer_text", STAGE)
    lines = [
        "| mode | patience | " + " | ".join(stages) + " |",
        "|---|---|" + "---|" * len(stages),
    ]
    for mode, patience in MODES:
        mine = [
            t
            for t in turns
            if t["mode"] == mode
            and t["patience_ms"] == patience
            and t["kind"] != "hesitant"
            and not t["cut"]
            and "stages" in t
        ]
        cells = [_f(summarise([t["stages"].get(s) for t in mine])["p50"]) for s in stages]
        lines.append(f"| {mode} | {patience} ms | " + " | ".join(cells) + " |")
    return [*lines, ""]


def targets(rows: list[dict[str, Any]]) -> list[str]:
    def find(mode: str, patience: int) -> dict[str, Any]:
        return next(
            r
            for r in rows
            if r["mode"] == mode and r["patience_ms"] == patience and r["group"] == "complete"
        )

    def met(ok: bool) -> str:
        return "met" if ok else "**not met**"

    fast = find("server_vad", 500)["speech"]
    slow = find("server_vad", 1500)
    lines = [
        f"- server_vad 500 ms, complete questions, p50 ≤ 1.0 s: {_f(fast['p50'])} s — "
        f"{met(fast['p50'] is not None and fast['p50'] <= 1.0)}",
        f"- server_vad 500 ms, p95 ≤ 1.4 s: {_f(fast['p95'])} s — "
        f"{met(fast['p95'] is not None and fast['p95'] <= 1.4)}",
        f"- 1.5 s patience, TTFA − patience p50 ≤ 0.3 s: server_vad "
        f"{_f(slow['minus_patience_p50'])} s — "
        f"{met(slow['minus_patience_p50'] is not None and slow['minus_patience_p50'] <= 0.3)}",
    ]
    for patience in (500, 1500):
        plain, semantic = find("server_vad", patience), find("semantic_vad", patience)
        a, b = plain["speech"]["p50"], semantic["speech"]["p50"]
        saved = round(1 - b / a, 2) if a and b is not None else None
        shown = "–" if saved is None else f"{saved * 100:.0f}"
        lines.append(
            f"- semantic_vad at {patience} ms, ≥ 30 % less p50 TTFA than server_vad on complete "
            f"questions: {shown} % — {met(saved is not None and saved >= 0.3)}"
        )
    hesitant = [r for r in rows if r["group"] == "hesitant"]
    cuts = sum(r["cuts"] for r in hesitant)
    verdict = met(cuts == 0) if hesitant else "not measured (no hesitant questions asked)"
    lines.append(f"- semantic_vad, 0 false cuts on hesitant questions: {cuts} — {verdict}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ttfa", description=__doc__)
    parser.add_argument("--repeat", type=int, default=1, help="rounds over the questions")
    parser.add_argument("--hesitant", type=int, default=4, help="hesitant questions (≤ 6)")
    parser.add_argument("--name", default="ttfa-end-of-speech")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    from scripts.fetch_test_audio import fetch_test_audio
    from service.app import create_app
    from service.settings import Settings

    settings = bench_settings(Settings())
    result: dict[str, Any] = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "repeat": args.repeat,
        "machine": machine_info(settings),
    }
    with MemorySampler() as memory, live_server(create_app(settings)) as live:
        asyncio.run(live.engines.warm_up())
        mix = mixed_questions(live.engines, test_audio=fetch_test_audio(), hesitant=args.hesitant)
        rows = asyncio.run(_run(live.url, mix, args.repeat))
    result["questions"] = [
        {"name": m.question.name, "kind": m.kind, "duration_s": m.question.duration_s} for m in mix
    ]
    result["load_average_end"] = load_average()
    result["peak_rss_mb"] = max(memory.peaks_mb.values(), default=None)
    result["summary"] = summary(rows)
    result["targets"] = targets(result["summary"])
    result["turns"] = rows
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{args.name}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    text = markdown(result)
    (args.out / f"{args.name}.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
