"""Detailed answers start as soon as brief ones: ``python -m bench.verbosity``.

Issue 12's target: the time to first audio of a detailed answer (the profile's ``verbosity:
"detailed"``, up to six sentences) within 10 % of a brief one. Answers stream sentence by
sentence, so only the first sentence should count; this measures it. English questions in modu's
Piper voice (bench/questions.py), streamed in real time over ``/v1/realtime`` to a live server on
the real embedded engines, each asked with a brief and with a detailed profile one after the
other (the order swapped from question to question, so that both see the same load). TTFA runs
from the end of the question's speech (found in its samples) to the answer's own first audio
(the AI notice excluded). Also reported: the answers' sentences and audio length, so a "detailed"
that came out brief would show.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.client import spoken_turn
from bench.questions import build_questions
from bench.server import live_server
from bench.stats import percentile
from service.app import create_app
from service.engines import Engines
from service.settings import Settings
from voices.sentences import split_sentences

CACHE_DIR = Path(".cache/bench")
VERBOSITIES = ("brief", "detailed")


@dataclass
class Row:
    verbosity: str
    question: str
    ttfa_s: float | None
    sentences: int
    answer: str
    error: str | None = None


async def run(url: str, key: str, engines: Engines, rounds: int) -> list[Row]:
    questions = build_questions(engines, CACHE_DIR, quick=False, jfk=None)
    english = [q for q in questions if q.language == "en"]
    rows: list[Row] = []
    for index, question in enumerate(english * rounds):
        order = VERBOSITIES if index % 2 == 0 else VERBOSITIES[::-1]
        for verbosity in order:
            profile = {"modu": {"profile": {"verbosity": verbosity}}}
            times = await spoken_turn(url, key, question, session=profile)
            rows.append(
                Row(
                    verbosity=verbosity,
                    question=question.name,
                    ttfa_s=times.stages.get("first_answer_audio"),
                    sentences=len(split_sentences(times.answer)),
                    answer=times.answer.strip(),
                    error="; ".join(times.errors) or None,
                )
            )
    return rows


def report(rows: list[Row]) -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        "# Detailed vs brief answers: time to first audio",
        "",
        "English questions in the Piper voice, real Whisper base, Silero VAD, the llama.cpp "
        "model and Piper, streamed in real time; server_vad 500 ms; TTFA from the end of speech "
        "to the answer's first audio (AI notice excluded); each question asked brief and "
        f"detailed one after the other. Load average at the end: {load} (2 cores).",
        "",
        "| verbosity | turns | TTFA p50 s | p95 s | sentences p50 | errors |",
        "|---|---|---|---|---|---|",
    ]
    medians: dict[str, float] = {}
    for verbosity in VERBOSITIES:
        group = [r for r in rows if r.verbosity == verbosity]
        ttfa = [r.ttfa_s for r in group if r.ttfa_s is not None]
        medians[verbosity] = statistics.median(ttfa) if ttfa else float("nan")
        sentences = statistics.median([r.sentences for r in group]) if group else 0
        lines.append(
            f"| {verbosity} | {len(group)} | {medians[verbosity]:.2f} | {percentile(ttfa, 95):.2f} "
            f"| {sentences:g} | {sum(r.error is not None for r in group)} |"
        )
    ratio = medians["detailed"] / medians["brief"] if medians["brief"] else float("nan")
    met = "met" if ratio <= 1.10 else "**not met**"
    lines += ["", f"Detailed / brief TTFA p50: {ratio:.2f} (target ≤ 1.10: {met})."]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    key = "bench-verbosity"
    settings = Settings()
    settings = settings.model_copy(
        update={"auth": settings.auth.model_copy(update={"api_keys": [key]})}
    )
    engines = Engines(settings)
    with live_server(create_app(settings, engines=engines)) as live:
        rows = asyncio.run(run(live.url, key, engines, args.rounds))
    text = report(rows)
    print(text)
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8")
        args.out.with_suffix(".json").write_text(
            json.dumps([asdict(r) for r in rows], indent=1, ensure_ascii=False), encoding="utf-8"
        )


if __name__ == "__main__":
    main()
