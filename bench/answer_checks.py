"""What the answer checks cost per call: ``python -m bench.answer_checks``.

The rules around the model (service/answers/) run on every turn: before the model (safety,
live/local) and on every sentence after it (specifics, echo, loop, language, list markup).
Their cost is measured here, not asserted in tests (a timed test fails on a busy machine and
proves nothing on a quiet one). Reports p50/p95/max in microseconds per call over the dev and
held-out questions and the labelled sets, best of ``--repeats`` per input, with the machine's
load beside it, to stdout and optionally to a Markdown file.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path

from service.answers.eval.questions import load_set
from service.answers.live_local import needs_live_data
from service.answers.quality import find_loop, is_echo, strip_list_markup, wrong_language
from service.answers.safety import classify
from service.answers.specifics import unsupported_specifics

SENTENCES = (
    "The pharmacy at 12 Elm Street is open until 9 p.m. today.",
    "서울시 종로구 세종대로 209에 있고 오전 9시부터 오후 6시까지 해요.",
    "You can apply online or at your local office; it usually takes two weeks.",
    "기초연금은 만 65세 이상 어르신이 주민센터나 국민연금공단에서 신청할 수 있어요.",
)
SUPPLIED = "주민센터는 평일 오전 9시부터 오후 6시까지 문을 열어요. " * 5


def _questions() -> list[str]:
    texts = [q.question for name in ("dev", "heldout") for q in load_set(name)]
    data = resources.files("service.answers.data")
    for name in ("live_local_labelled.jsonl", "safety_labelled.jsonl"):
        lines = data.joinpath(name).read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines if line.strip()]
    return texts


def _per_call_us(call: Callable[[str], object], inputs: Sequence[str], repeats: int) -> list[float]:
    call(inputs[0])  # first use compiles the rule tables
    timings = []
    for text in inputs:
        best = float("inf")
        for _ in range(repeats):
            started = time.perf_counter()
            call(text)
            best = min(best, time.perf_counter() - started)
        timings.append(best * 1e6)
    return sorted(timings)


def _quality(answer: str) -> None:
    question = "기초연금은 어디서 신청해요? 서류는 뭐가 필요해요?"
    is_echo(question, answer)
    find_loop(answer)
    wrong_language(answer, "ko")
    strip_list_markup(answer)


def measure(repeats: int) -> list[tuple[str, int, float, float, float]]:
    """(check, inputs, p50, p95, max) in µs per call."""
    questions = _questions()
    sentences = list(SENTENCES) * 25
    checks: list[tuple[str, Callable[[str], object], Sequence[str]]] = [
        ("classify (safety, before the model)", classify, questions),
        ("needs_live_data (before the model)", needs_live_data, questions),
        (
            "unsupported_specifics (each sentence)",
            lambda s: unsupported_specifics(s, "ko", supplied=SUPPLIED, allowed_numbers={"129"}),
            sentences,
        ),
        ("echo + loop + language + list markup (each answer)", _quality, sentences),
    ]
    rows = []
    for name, call, inputs in checks:
        timings = _per_call_us(call, inputs, repeats)
        p50 = timings[len(timings) // 2]
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        rows.append((name, len(inputs), p50, p95, timings[-1]))
    return rows


def report(rows: list[tuple[str, int, float, float, float]]) -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        "# Answer checks: time per call",
        "",
        f"Machine: {os.cpu_count()} cores, load average {load}. Best of the repeats per input.",
        "",
        "| check | inputs | p50 µs | p95 µs | max µs |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [f"| {n} | {k} | {a:.0f} | {b:.0f} | {c:.0f} |" for n, k, a, b, c in rows]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None, help="also write the Markdown here")
    args = parser.parse_args(argv)
    text = report(measure(args.repeats))
    print(text)
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
