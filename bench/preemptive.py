"""Answers prepared during the pause, on and off: ``python -m bench.preemptive``.

English questions in modu's Piper voice, streamed in real time over ``/v1/realtime`` to a live
server on the real embedded engines (Whisper, Silero VAD, the llama.cpp model, Piper). For each
patience, every question is asked twice in a row, once with answers prepared during the pause
(``MODU_REALTIME__PREEMPTIVE_ANSWERS``) and once without, so both see the same load. The setting
is read when a session starts, so the one server switches between turns (each turn is a fresh
session).

Reported per patience and mode: TTFA — from the moment the last chunk holding the question's
speech was sent to the first audio of the answer itself (the spoken AI notice excluded) — as p50
and p95, TTFA minus the patience, how many answers were the prepared ones, and how many prepared
answers were thrown away (``modu.preemptive`` in ``response.done``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import websockets

from bench.client import TurnTimes, _Recorder
from bench.questions import ENGLISH
from bench.server import live_server
from bench.turn_taking import CHUNK_S, RATE, _frame, _speech
from service.app import create_app
from service.engines import Engines
from service.settings import Settings

SPEECH_RMS = 0.01
"""A 100 ms chunk with more energy than this (of full scale) holds speech."""


@dataclass
class Row:
    patience_ms: int
    prepared_mode: bool
    question: int
    ttfa_s: float | None
    prepared: bool | None
    dropped: int
    error: str | None = None


def _last_speech_chunk(pcm: bytes, step: int) -> int:
    """The index of the last chunk holding speech (the voice leaves trailing silence)."""
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768
    chunks = [samples[i : i + step // 2] for i in range(0, len(samples), step // 2)]
    loud = [i for i, c in enumerate(chunks) if float(np.sqrt(np.mean(c**2))) > SPEECH_RMS]
    return loud[-1] if loud else len(chunks) - 1


async def _turn(url: str, key: str, pcm: bytes, patience_ms: int) -> tuple[float | None, Any]:
    """One fresh session, one spoken question: (TTFA from end of speech, modu.preemptive)."""
    step = round(RATE * CHUNK_S) * 2
    recorder = _Recorder(TurnTimes("q", "en"))
    done: dict[str, Any] = {}
    async with websockets.connect(
        url, additional_headers={"Authorization": f"Bearer {key}"}, max_size=None
    ) as ws:
        await ws.recv()  # session.created
        detection = {"type": "server_vad", "silence_duration_ms": patience_ms}
        update = {"type": "realtime", "audio": {"input": {"turn_detection": detection}}}
        await ws.send(json.dumps({"type": "session.update", "session": update}))

        async def receive() -> None:
            async for raw in ws:
                event = json.loads(raw)
                recorder.take(event, time.perf_counter())
                if event.get("type") == "response.done":
                    done.update(event["response"])
                    return

        receiver = asyncio.create_task(receive())
        last_speech = _last_speech_chunk(pcm, step)
        for index, offset in enumerate(range(0, len(pcm), step)):
            await ws.send(_frame(pcm[offset : offset + step]))
            if index == last_speech:
                recorder.end_of_speech = time.perf_counter()
            await asyncio.sleep(CHUNK_S)
        give_up = time.monotonic() + 60
        while not receiver.done() and time.monotonic() < give_up:
            await ws.send(_frame(bytes(step)))
            await asyncio.sleep(CHUNK_S)
        receiver.cancel()
    recorder.finish()
    preemptive = (done.get("modu") or {}).get("preemptive")
    return recorder.times.stages.get("first_answer_audio"), preemptive


async def run(
    url: str, key: str, engines: Engines, patiences: Sequence[int], rounds: int
) -> list[Row]:
    on = engines.settings
    off = on.model_copy(
        update={"realtime": on.realtime.model_copy(update={"preemptive_answers": False})}
    )
    speech = [_speech(engines, text) for text in ENGLISH]
    rows: list[Row] = []
    for _ in range(rounds):
        for patience in patiences:
            for index, pcm in enumerate(speech):
                for mode in (True, False):  # interleaved: the same load for both
                    engines.settings = on if mode else off
                    try:
                        ttfa, report = await _turn(url, key, pcm, patience)
                        row = Row(
                            patience,
                            mode,
                            index,
                            ttfa,
                            report.get("prepared") if report else None,
                            report.get("dropped", 0) if report else 0,
                        )
                    except (OSError, TimeoutError, websockets.WebSocketException) as exc:
                        row = Row(patience, mode, index, None, None, 0, repr(exc))
                    rows.append(row)
                    print(row, flush=True)
    engines.settings = on
    return rows


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def report(rows: list[Row]) -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        "# Answers prepared during the pause: on vs off",
        "",
        "English questions (bench/questions.py) in the Piper voice, real Whisper base, Silero "
        "VAD, the llama.cpp model and Piper, streamed in real time; TTFA from the last chunk "
        "holding speech sent to the answer's first audio (AI notice excluded); each question "
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
                f"{_pct(ttfa, 95):.2f} | {p50 - patience / 1000:.2f} | {used}/{len(group)} | "
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
