"""Capacity under conversational load: ``python -m bench.conversational_load``.

Issue 12, item 4. One live server on the real engines of the environment's settings; for each
level N (default 1, 2, 4, 8, 12) N sessions talk as ``bench.conversation`` describes (ask, hear
the whole answer, think 10–40 s, ask again) for ``--minutes-per-level`` minutes. Per level:
TTFA p50/p95 from the end of speech (and from the end of the file), errors, cuts, the server's
peak RSS and the load average (as ``uptime`` prints it) when the level started and ended.
Capacity = the largest N with p95 ≤ ``--p95-limit`` (2.5 s) and no errors.

The questions are the complete English ones of ``bench.voices_mix`` (Piper, its rate and pitch
variants, eSpeak NG English); the real recordings pause for breath and hesitant ones pause on
purpose, which 500 ms server_vad would cut. ``max_sessions`` is raised to the largest level
(the default, 8, would refuse the rest). Results: ``bench/results/<name>.md``, ``.json``,
``.png``. A full run (3 minutes a level) takes about 17 minutes.
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

from bench.conversation import LoadPlan, LoadTurn, conversational_load
from bench.machine import load_average, machine_info
from bench.runner import API_KEY, bench_settings
from bench.server import MemorySampler, live_server
from bench.stats import summarise
from tests.helpers.wer import edit_distance, normalise

RESULTS = Path(__file__).resolve().parent / "results"
SETTLE_S = 2.0
GAP_S = 0.25
"""A silence inside an answer longer than this is counted as a gap the listener heard."""


def level_summary(
    turns: list[LoadTurn], p95_limit: float, *, sessions: int, first_words: str = "on"
) -> dict[str, Any]:
    speech = summarise([t.ttfa_speech_s for t in turns])
    errors = sum(bool(t.errors) for t in turns)
    p95 = speech["p95"]
    return {
        "sessions": sessions,
        "first_words": first_words,
        "turns": len(turns),
        "answered": speech["n"],
        "errors": errors,
        "cuts": sum(t.cut for t in turns),
        "ttfa_speech": speech,
        "ttfa_file": summarise([t.ttfa_file_s for t in turns]),
        "gaps": summarise([t.gaps_s for t in turns if t.ttfa_speech_s is not None]),
        "turns_with_gap": sum(t.longest_gap_s > GAP_S for t in turns),
        "wer": corpus_wer(turns),
        "longest_gap_s": max((t.longest_gap_s for t in turns), default=0.0),
        "within_limit": p95 is not None and p95 <= p95_limit and errors == 0,
    }


def cpu_use(cpu_s: float, wall_s: float, cores: int, turns: int) -> dict[str, float | None]:
    """The process's CPU time over a level (all threads: the engines, the server and the
    benchmark's small client share it): per turn, and as a share of all cores' time. A level
    whose turns need more CPU than the cores have cannot keep up however the work is ordered."""
    return {
        "cpu_s_per_turn": round(cpu_s / turns, 2) if turns else None,
        "cpu_busy": round(cpu_s / (wall_s * cores), 3) if wall_s > 0 else None,
    }


def corpus_wer(turns: list[LoadTurn]) -> float | None:
    """Recognition errors per reference word over the level's heard questions (all words
    pooled), so first words first can be shown not to cost accuracy."""
    heard = [t for t in turns if t.reference and t.transcript]
    words = sum(len(normalise(t.reference)) for t in heard)
    if not words:
        return None
    edits = sum(edit_distance(normalise(t.reference), normalise(t.transcript)) for t in heard)
    return round(edits / words, 4)


def capacity(levels: dict[str, dict[str, Any]], first_words: str | None = None) -> int | None:
    """The largest N within the limit (not required to be contiguous; the table shows all),
    among the runs with ``first_words`` on or off (all runs when ``None``)."""
    fits = [
        int(level["sessions"])
        for level in levels.values()
        if level["within_limit"] and first_words in (None, level["first_words"])
    ]
    return max(fits) if fits else None


def runs(levels: list[int], first_words: str) -> list[tuple[int, str]]:
    """(N, "on"/"off") in the order run: with "both", each level off and on back to back,
    the order swapped from one level to the next so that neither always runs second."""
    if first_words != "both":
        return [(n, first_words) for n in levels]
    order: list[tuple[int, str]] = []
    for index, n in enumerate(levels):
        pair = ["off", "on"] if index % 2 == 0 else ["on", "off"]
        order += [(n, mode) for mode in pair]
    return order


def _f(value: Any) -> str:
    return "–" if value is None else f"{value:.2f}"


def markdown(result: dict[str, Any]) -> str:
    machine, plan = result["machine"], result["plan"]
    lines = [
        "# Capacity under conversational load (issue 12, item 4)",
        "",
        f"{result['created']}; `{result['command']}`. Each session asks a spoken English "
        f"question, hears the whole answer, thinks {plan['think_s'][0]:g}–{plan['think_s'][1]:g} "
        f"s (seed {plan['seed']}), and asks again, for {plan['minutes_per_level']:g} min per "
        f"level; server_vad {plan['patience_ms']} ms. Engines: "
        + "; ".join(f"{k} {v}" for k, v in machine["engines"].items())
        + f". {machine['usable_cores']} cores; the load average per run is in the table.",
        "",
        "TTFA = the answer's own first audio, from the end of the question's speech (and, as "
        "before, from the end of its file). Errors = turns that failed or had no answer audio. "
        "First words first = MODU_REALTIME__FIRST_WORDS_FIRST (answers already playing give "
        "way). Gaps = silence inside an answer once it began, played from arrival: the sum per "
        f"turn (p95) and the turns with a gap over {GAP_S:g} s. CPU = the process's CPU time "
        "(engines, server and the small client) per turn, and as a share of all cores' time.",
        "",
        "| N | first words first | turns | errors | cuts | TTFA p50 | TTFA p95 | max "
        "| p50 file | p95 file | gaps p95 s | turns with a gap | longest gap s | WER "
        "| CPU s per turn | cores busy | peak RSS MB | load avg start | load avg end |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for level in result["levels"].values():
        speech, file, gaps = level["ttfa_speech"], level["ttfa_file"], level["gaps"]
        lines.append(
            f"| {level['sessions']} | {level['first_words']} | {level['turns']} "
            f"| {level['errors']} | {level['cuts']} "
            f"| {_f(speech['p50'])} | {_f(speech['p95'])} | {_f(speech['max'])} "
            f"| {_f(file['p50'])} | {_f(file['p95'])} | {_f(gaps['p95'])} "
            f"| {level['turns_with_gap']} | {_f(level['longest_gap_s'])} "
            f"| {_f(level.get('wer'))} | {_f(level.get('cpu_s_per_turn'))} "
            f"| {_pct(level.get('cpu_busy'))} | {level['peak_rss_mb']} "
            f"| {' '.join(map(str, level['load_start']))} "
            f"| {' '.join(map(str, level['load_end']))} |"
        )
    lines.append("")
    for mode, cap in result["capacity"].items():
        met = cap is not None and cap >= 8
        lines.append(
            f"**Capacity, first words first {mode}** (largest N with p95 ≤ "
            f"{plan['p95_limit']:g} s and no errors): {cap if cap is not None else 'none'} — "
            f"target ≥ 8: {'met' if met else '**not met**'}."
        )
    lines += [
        f"Peak RSS of the server process over the run: {result['peak_rss_mb']} MB "
        "(client and server share the process; the client's part is small).",
        "",
        f"![TTFA against sessions]({result['plot']})",
        "",
    ]
    return "\n".join(lines)


def plot(result: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    levels = list(result["levels"].values())
    fig, ax = plt.subplots(figsize=(6, 4))
    for mode in sorted({level["first_words"] for level in levels}):
        runs_ = sorted((lv for lv in levels if lv["first_words"] == mode), key=_sessions)
        ns = [lv["sessions"] for lv in runs_]
        for key, style in (("p50", "o-"), ("p95", "s--")):
            values = [lv["ttfa_speech"][key] for lv in runs_]
            ax.plot(
                ns,
                [v if v is not None else float("nan") for v in values],
                style,
                label=f"{key}, first words first {mode}",
            )
        for level in runs_:
            if level["errors"]:
                ax.annotate(
                    f"{level['errors']} err", (level["sessions"], result["plan"]["p95_limit"])
                )
    ax.axhline(result["plan"]["p95_limit"], color="grey", linestyle="--", label="p95 limit")
    ns = sorted({lv["sessions"] for lv in levels})
    ax.set_xlabel("sessions talking (N)")
    ax.set_ylabel("TTFA from end of speech, s")
    ax.set_xticks(ns)
    ax.set_title("Conversational load")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"


def _sessions(level: dict[str, Any]) -> int:
    return int(level["sessions"])


def _say(message: str) -> None:
    print(f"[load {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.conversational_load", description=__doc__
    )
    parser.add_argument("--levels", default="1,2,4,8,12", help="sessions per level, e.g. 1,2,4")
    parser.add_argument("--minutes-per-level", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--think", default="10,40", help="think time range in seconds")
    parser.add_argument("--patience-ms", type=int, default=500)
    parser.add_argument("--p95-limit", type=float, default=2.5)
    parser.add_argument(
        "--first-words",
        choices=("on", "off", "both"),
        default="on",
        help="answers already playing give way (both: each level off and on, back to back)",
    )
    parser.add_argument("--name", default="conversational-load")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    levels = [int(n) for n in args.levels.split(",")]
    low, high = (float(x) for x in args.think.split(","))
    from bench.voices_mix import mixed_questions
    from scripts.fetch_test_audio import fetch_test_audio
    from service.app import create_app
    from service.settings import Settings

    base = bench_settings(Settings())
    realtime = base.realtime.model_copy(
        update={"max_sessions": max(base.realtime.max_sessions, *levels)}
    )
    settings = base.model_copy(update={"realtime": realtime})
    command = "python -m bench.conversational_load " + " ".join(argv or sys.argv[1:])
    result: dict[str, Any] = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command.strip(),
        "machine": machine_info(settings),
        "plan": {
            "levels": levels,
            "minutes_per_level": args.minutes_per_level,
            "seed": args.seed,
            "think_s": [low, high],
            "patience_ms": args.patience_ms,
            "p95_limit": args.p95_limit,
            "max_sessions": settings.realtime.max_sessions,
            "first_words": args.first_words,
        },
        "levels": {},
    }
    turns: dict[str, list[dict[str, Any]]] = {}
    text = ""
    with MemorySampler() as memory, live_server(create_app(settings)) as live:
        memory.phase = "warm_up"
        asyncio.run(live.engines.warm_up())
        mix = mixed_questions(live.engines, test_audio=fetch_test_audio(), hesitant=0)
        questions = [m.question for m in mix if m.kind in ("piper", "rate", "pitch", "espeak")]
        for n, mode in runs(levels, args.first_words):
            # Read per response, so switching it here applies from the next question on.
            live.engines.settings.realtime.first_words_first = mode == "on"
            key = f"{n}" if args.first_words != "both" else f"{n} {mode}"
            time.sleep(SETTLE_S)
            memory.phase = f"N={key}"
            start_load = load_average()
            _say(
                f"{n} sessions, first words first {mode}, "
                f"{args.minutes_per_level:g} min; load {start_load}"
            )
            plan = LoadPlan(
                n, args.minutes_per_level * 60, args.seed, (low, high), args.patience_ms
            )
            cpu_start, wall_start = time.process_time(), time.perf_counter()
            level = asyncio.run(conversational_load(live.url, API_KEY, questions, plan))
            cpu_s = time.process_time() - cpu_start
            wall_s = time.perf_counter() - wall_start
            summary = level_summary(level, args.p95_limit, sessions=n, first_words=mode)
            summary.update(
                load_start=start_load,
                load_end=load_average(),
                **cpu_use(cpu_s, wall_s, len(os.sched_getaffinity(0)), len(level)),
                peak_rss_mb=memory.peaks_mb.get(f"N={key}"),
            )
            result["levels"][key] = summary
            turns[key] = [t.as_dict() for t in level]
            shown = {k: summary[k] for k in ("turns", "errors", "ttfa_speech", "turns_with_gap")}
            _say(f"N={key}: {json.dumps(shown)}")
            result["peak_rss_mb"] = max(memory.peaks_mb.values(), default=None)
            text = write(result, turns, args.out, args.name)  # each level survives a later failure
    print(text)
    return 0


def write(
    result: dict[str, Any], turns: dict[str, list[dict[str, Any]]], out: Path, name: str
) -> str:
    modes = sorted({level["first_words"] for level in result["levels"].values()})
    result["capacity"] = {mode: capacity(result["levels"], mode) for mode in modes}
    result["plot"] = f"{name}.png"
    out.mkdir(parents=True, exist_ok=True)
    plot(result, out / f"{name}.png")
    data = {**result, "turns": turns}
    (out / f"{name}.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
    text = markdown(result)
    (out / f"{name}.md").write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    raise SystemExit(main())
