"""The benchmark's figures as markdown tables, targets checked, and two small PNG plots."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

TARGETS_TEXT = {
    "ttfa_p50": "TTFA p50 ≤ 1.5 s (English, single session)",
    "ttfa_p95": "TTFA p95 ≤ 2.5 s (English, single session)",
    "speedup": "streaming ≥ 3× faster to first audio than naive",
    "concurrency_errors": "8 sessions: no errors",
    "concurrency_p95": "8 sessions: p95 ≤ 4× single-session p95",
    "refusal": "past capacity: refused with close code 1013",
    "rss": "peak RSS ≤ 2.5 GB",
}


def dig(data: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with the measured figure and whether it is met (``None``: not measured)."""
    en = dig(result, "single", "summary", "en", "first_answer_audio") or {}
    levels = dig(result, "concurrency", "levels") or {}
    top = levels.get(max(levels, key=int)) if levels else None
    top_p95 = dig(top or {}, "first_answer_audio", "p95")
    speedup = dig(result, "naive", "speedup", "ratio_of_p50")
    rss = dig(result, "memory_mb", "peak_under_load")
    p95_ratio = round(top_p95 / en["p95"], 2) if top_p95 and en.get("p95") else None
    rows: list[tuple[str, Any, Callable[[Any], bool]]] = [
        ("ttfa_p50", en.get("p50"), lambda v: bool(v <= 1.5)),
        ("ttfa_p95", en.get("p95"), lambda v: bool(v <= 2.5)),
        ("speedup", speedup, lambda v: bool(v >= 3.0)),
        ("concurrency_errors", top["errors"] if top else None, lambda v: bool(v == 0)),
        ("concurrency_p95", p95_ratio, lambda v: bool(v <= 4.0)),
        ("refusal", dig(result, "concurrency", "refusal", "refused"), lambda v: v is True),
        ("rss", round(rss / 1024, 2) if rss else None, lambda v: bool(v <= 2.5)),
    ]
    return [
        {
            "target": TARGETS_TEXT[key],
            "measured": value,
            "met": None if value is None else check(value),
        }
        for key, value, check in rows
    ]


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def table_row(*cells: Any) -> str:
    return "| " + " | ".join(_fmt(c) for c in cells) + " |"


def _stage_table(summary: dict[str, Any], stages: list[str]) -> list[str]:
    lines = ["| group | stage | n | p50 s | p95 s | max s |", "|---|---|---|---|---|---|"]
    for group, by_stage in summary.items():
        for stage in stages:
            s = by_stage.get(stage)
            if s and s["n"]:
                lines.append(table_row(group, stage, s["n"], s["p50"], s["p95"], s["max"]))
    return lines


def _engines_lines(engines: dict[str, Any]) -> list[str]:
    if "skipped" in engines:
        return [f"Skipped: {engines['skipped']}"]
    lines: list[str] = [f"Failed: {engines['failed']}", ""] if "failed" in engines else []
    lm = engines.get("language_model", {})
    if lm:
        lines += [
            f"Language model `{lm['model']}` (same GGUF weights), up to {lm['max_tokens']} tokens:",
            "",
            "| engine | load s | first token s (median) | tokens/s (median) |",
            "|---|---|---|---|",
        ]
        for name in ("llamacpp", "transformers"):
            e = lm.get(name, {})
            lines.append(
                table_row(
                    name,
                    e.get("load_s"),
                    e.get("first_token_s_median"),
                    e.get("tokens_per_s_median"),
                )
            )
    whisper = engines.get("whisper", {})
    if whisper and "skipped" not in whisper:
        lines += [
            "",
            f"Whisper `{whisper['model']}` {whisper['compute_type']} "
            f"on jfk.wav ({whisper['audio_s']} s):",
            "",
            "| beam | real-time factor (median) | WER |",
            "|---|---|---|",
        ]
        for beam in (1, 5):
            w = whisper[f"beam_{beam}"]
            lines.append(f"| {beam} | {w['rtf_median']} | {w['wer']} |")
    return lines


def markdown(result: dict[str, Any]) -> str:
    machine = result["machine"]
    stages = result["stages"]
    lines = [
        f"# modu benchmark ({'quick' if result['quick'] else 'full'}, {result['created']})",
        "",
        f"Machine: {machine['usable_cores']} usable cores of {machine['cpu_count']}, "
        f"load average {machine['load_average_start']} at start, "
        f"{machine.get('load_average_end')} at end (a shared machine: noisy).",
        "",
        "Engines: " + "; ".join(f"{k}: {v}" for k, v in machine["engines"].items()),
        "",
        "Times are seconds after the end of speech: the moment the question's last speech",
        "sample was streamed (found in its samples; before issue 12, the end of the file).",
        "Single-session TTFA from the end of the file, as before: p50 "
        f"{_fmt(dig(result, 'single', 'first_answer_audio_from_end_of_file', 'p50'))} s, p95 "
        f"{_fmt(dig(result, 'single', 'first_answer_audio_from_end_of_file', 'p95'))} s.",
        "`first_audio` may be the spoken AI disclosure; `first_answer_audio` is the model's own",
        "first sentence (TTFA below). A negative `first_transcript_delta` is a partial transcript",
        "that arrived while the question was still being spoken.",
        "",
        "## Targets",
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]
    lines += [
        f"| {t['target']} | {_fmt(t['measured'])} | {_fmt(t['met'])} |" for t in targets(result)
    ]
    lines += ["", "## Single session, streaming", ""]
    lines += _stage_table(result["single"]["summary"], stages)
    lines += ["", "## Naive chain (whole utterance → whole answer → whole audio)", ""]
    lines += _stage_table(
        result["naive"]["summary"], ["transcript", "generation_done", "first_audio"]
    )
    speedup = result["naive"]["speedup"]
    lines += [
        "",
        f"Speed-up to first audio (naive p50 / streaming p50): {_fmt(speedup['ratio_of_p50'])}×; "
        f"per question: p50 {_fmt(speedup['ratio_summary']['p50'])}×, "
        f"max {_fmt(speedup['ratio_summary']['max'])}×. The naive chain skips the end-of-turn "
        "silence wait, which favours it.",
        "",
        "## Concurrency (English questions, one fresh session each)",
        "",
        "| sessions | errors | refused | TTFA p50 s | TTFA p95 s | TTFA max s |",
        "|---|---|---|---|---|---|",
    ]
    for level, data in result["concurrency"]["levels"].items():
        s = data["first_answer_audio"]
        lines.append(
            table_row(level, data["errors"], data["refused"], s["p50"], s["p95"], s["max"])
        )
    refusal = result["concurrency"]["refusal"]
    lines += [
        "",
        f"Past capacity: {refusal.get('held')} sessions held, one more → refused "
        f"{_fmt(refusal.get('refused'))} (close code {_fmt(refusal.get('close_code'))}).",
        "",
        "## Memory (RSS of the benchmark process: server + its engines + a light client)",
        "",
        "| phase | MB |",
        "|---|---|",
    ]
    lines += [f"| {k} | {_fmt(v)} |" for k, v in result["memory_mb"].items()]
    lines += ["", "## Engines side by side", ""]
    lines += _engines_lines(result["engines"])
    if result["notes"]:
        lines += ["", "## Notes", ""] + [f"- {note}" for note in result["notes"]]
    return "\n".join(lines) + "\n"


def plots(result: dict[str, Any], folder: Path, name: str) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    written = []
    stages = result["stages"]
    turns = result["single"]["turns"]
    data = [[t["stages"][s] for t in turns if t["stages"].get(s) is not None] for s in stages]
    fig, ax = plt.subplots(figsize=(7, 3.6), dpi=80)
    ax.boxplot([d or [0.0] for d in data], orientation="horizontal", tick_labels=stages)
    ax.set_xlabel("seconds after end of speech")
    ax.set_title("Single session: time to each stage")
    fig.tight_layout()
    written.append(folder / f"{name}-stages.png")
    fig.savefig(written[-1])
    plt.close(fig)

    levels = result["concurrency"]["levels"]
    xs = [int(k) for k in levels]
    fig, ax = plt.subplots(figsize=(5, 3.4), dpi=80)
    for key, label in (("p50", "p50"), ("p95", "p95"), ("max", "max")):
        ys = [levels[str(x)]["first_answer_audio"][key] for x in xs]
        ax.plot(xs, [y if y is not None else float("nan") for y in ys], marker="o", label=label)
    ax.set_xscale("log", base=2)
    ax.set_xticks(xs, [str(x) for x in xs])
    ax.set_xlabel("simultaneous sessions")
    ax.set_ylabel("TTFA, s")
    ax.set_title("TTFA vs concurrency")
    ax.legend()
    fig.tight_layout()
    written.append(folder / f"{name}-concurrency.png")
    fig.savefig(written[-1])
    plt.close(fig)
    return written


def write_results(
    result: dict[str, Any], folder: Path, name: str, *, with_plots: bool = True
) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    result["targets"] = targets(result)
    # The default runs write REPORT.md; experiments (other names) write <name>.md beside it.
    report = "REPORT.md" if name in ("quick", "full") else f"{name}.md"
    paths = {"json": folder / f"{name}.json", "markdown": folder / report}
    paths["json"].write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    paths["markdown"].write_text(markdown(result), encoding="utf-8")
    if with_plots:
        for i, path in enumerate(plots(result, folder, name)):
            paths[f"plot_{i}"] = path
    return paths
