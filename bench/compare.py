"""``python -m bench.compare [--plot PNG] NAME…``: the key figures of several runs side by side
(a lever before and after), as a markdown table written to ``bench/results/LEVERS.md``; with
``--plot``, also a bar chart of each run's English transcript and time-to-first-audio
percentiles. A NAME may include a folder under ``bench/results`` (``levers/0-baseline``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.report import dig, table_row

RESULTS = Path(__file__).resolve().parent / "results"

COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("load avg (1 min) start→end", ()),
    ("EN transcript p50 s", ("single", "summary", "en", "transcript", "p50")),
    ("EN TTFA p50 s", ("single", "summary", "en", "first_answer_audio", "p50")),
    ("EN TTFA p95 s", ("single", "summary", "en", "first_answer_audio", "p95")),
    ("naive EN first audio p50 s", ("naive", "summary", "en", "first_audio", "p50")),
    ("speed-up (naive/streaming p50)", ("naive", "speedup", "ratio_of_p50")),
    ("2 sessions TTFA p50 s", ("concurrency", "levels", "2", "first_answer_audio", "p50")),
    ("8 sessions TTFA p95 s", ("concurrency", "levels", "8", "first_answer_audio", "p95")),
    ("8 sessions errors", ("concurrency", "levels", "8", "errors")),
    ("peak RSS MB", ("memory_mb", "peak_under_load")),
)


def _cells(name: str, result: dict[str, Any]) -> list[Any]:
    machine = result["machine"]
    load = f"{machine['load_average_start'][0]}→{(machine.get('load_average_end') or ['?'])[0]}"
    cells: list[Any] = [name, load]
    cells += [dig(result, *path) for _, path in COLUMNS[1:]]
    en_p95 = dig(result, "single", "summary", "en", "first_answer_audio", "p95")
    top_p95 = dig(result, "concurrency", "levels", "8", "first_answer_audio", "p95")
    cells.append(round(top_p95 / en_p95, 2) if top_p95 and en_p95 else None)
    return cells


def comparison(names: Sequence[str], folder: Path = RESULTS) -> str:
    header = ["run", *(title for title, _ in COLUMNS), "8-session p95 / single p95"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name in names:
        result = json.loads((folder / f"{name}.json").read_text())
        lines.append(table_row(*_cells(name, result)))
    return "\n".join(lines) + "\n"


def plot_runs(names: Sequence[str], path: Path, folder: Path = RESULTS) -> Path:
    """Grouped bars per run: EN transcript p50, TTFA p50 and p95 (seconds after speech)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    bars = (
        ("transcript p50", ("single", "summary", "en", "transcript", "p50")),
        ("TTFA p50", ("single", "summary", "en", "first_answer_audio", "p50")),
        ("TTFA p95", ("single", "summary", "en", "first_answer_audio", "p95")),
    )
    results = [json.loads((folder / f"{name}.json").read_text()) for name in names]
    fig, ax = plt.subplots(figsize=(8, 3.6), dpi=80)
    width = 0.8 / len(bars)
    for index, (label, keys) in enumerate(bars):
        values = [dig(result, *keys) or 0.0 for result in results]
        positions = [n + (index - 1) * width for n in range(len(results))]
        ax.bar(positions, values, width, label=label)
    ax.axhline(1.5, color="grey", linestyle="--", linewidth=1, label="TTFA p50 target")
    ax.set_xticks(range(len(results)), [Path(name).name for name in names], rotation=20)
    ax.set_ylabel("seconds after end of speech")
    ax.set_title("English, single session: each lever added to the ones before")
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path


def main(argv: Sequence[str]) -> int:
    args = list(argv)
    plot = None
    if args[:1] == ["--plot"]:
        plot, args = Path(args[1]), args[2:]
    if plot is not None:
        print(f"wrote {plot_runs(args, plot)}")
    table = comparison(args)
    (RESULTS / "LEVERS.md").write_text(
        "# Levers measured (each row one run; noisy shared machine: compare ratios)\n\n" + table
    )
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
