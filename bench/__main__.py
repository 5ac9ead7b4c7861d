"""``python -m bench [--quick] [--name NAME] [--no-engines] [--repeat N] [--concurrency 1,2,4,8]``:
the benchmark, with the real models from the environment's settings (``MODU_…``), results in
``bench/results/``."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a few questions only")
    parser.add_argument("--name", default=None, help="results file name (default: quick/full)")
    parser.add_argument("--no-engines", action="store_true", help="skip engines side by side")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--repeat", type=int, default=1, help="ask each question this many times, one session each"
    )
    parser.add_argument(
        "--concurrency",
        type=lambda text: tuple(int(n) for n in text.split(",")),
        default=(1, 2, 4, 8),
        help="simultaneous sessions to measure, e.g. 1,2,4,8 (default)",
    )
    parser.add_argument(
        "--first-clause-chars",
        type=int,
        default=None,
        help="experiment: end the first spoken chunk at a comma after this many characters",
    )
    args = parser.parse_args(argv)
    # Idle OpenMP threads sleep, so engines sharing few cores do not starve each other.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

    from bench.report import write_results
    from bench.runner import BenchOptions, run_benchmark
    from scripts.fetch_test_audio import fetch_test_audio
    from service.settings import Settings

    notes = []
    if args.first_clause_chars is not None:
        from bench.levers import first_clause_chars

        notes.append(first_clause_chars(args.first_clause_chars))
    name = args.name or ("quick" if args.quick else "full")
    options = BenchOptions(
        quick=args.quick,
        repeat=args.repeat,
        concurrency=args.concurrency,
        checkpoint=lambda partial: write_results(partial, args.out, name),
        compare_engines=not args.no_engines,
        notes=notes,
        jfk=fetch_test_audio()["jfk.wav"],
    )
    result = run_benchmark(Settings(), options)
    paths = write_results(result, args.out, name)
    print(paths["markdown"].read_text(encoding="utf-8"))
    for path in paths.values():
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
