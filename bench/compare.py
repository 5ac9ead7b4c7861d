"""``python -m bench.compare NAME…``: the key figures of several runs side by side (a lever
before and after), as a markdown table written to ``bench/results/LEVERS.md``."""

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


def main(argv: Sequence[str]) -> int:
    table = comparison(argv)
    (RESULTS / "LEVERS.md").write_text(
        "# Levers measured (each row one run; noisy shared machine: compare ratios)\n\n" + table
    )
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
