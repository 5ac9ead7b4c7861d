"""Where one spoken turn's compute goes: ``python -m bench.turn_stages [--prefill] [--name N]``.

Issue 12: the TTFA benchmark (``bench.ttfa``) times a live session from the end of speech; this
times the engines alone, stage by stage, on the same questions (``bench.voices_mix``, the
hesitant ones left out), one after another on a quiet machine. Per question: the speech (cut
100 ms after its end, as the pause's early recognition hears it) is recognised; the answer
pipeline is asked as a realtime session asks for a spoken answer; its first piece is voiced.

- ``recognition``: Whisper on the cut speech;
- ``first_token``: from asking the pipeline to the model's first token (its checks and the
  prompt the cache did not hold);
- ``first_piece``: from asking to the first piece of the answer cleared by the sentence gate;
- ``first_voice``: synthesising that piece;
- ``total``: the three in a row, the least a turn can take after its pause begins.

``--prefill``: the model first reads the question without its last three words (untimed), as
the partial transcripts' prefill does while the person speaks. llama.cpp's own timings of each
answer (prompt tokens reused from the cache and processed) are reported beside it. The answer is
generated to its end before the next question (not timed). Results:
``bench/results/<name>.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.machine import load_average, machine_info
from bench.stats import summarise

if TYPE_CHECKING:
    from bench.voices_mix import MixedQuestion
    from service.engines import Engines

RESULTS = Path(__file__).resolve().parent / "results"
STAGES = ("recognition", "first_token", "first_piece", "first_voice", "total")
HEARD_AFTER_S = 0.1
"""The pause after the speech that the early recognition hears (``PAUSE_MS``)."""


async def one_turn(engines: Engines, mixed: MixedQuestion, prefill: bool) -> dict[str, Any]:
    from bench.speech_end import speech_end_s
    from service.answers.types import SPOKEN_FIRST_CHUNK_CHARS, AnswerRequest
    from voices.audio import Audio
    from voices.lm.prompt import build_messages
    from voices.tts.base import VoiceParams

    audio = mixed.question.audio
    end = mixed.question.speech_end_s or speech_end_s(audio.samples, audio.sample_rate)
    cut = Audio(
        audio.samples[: round((end + HEARD_AFTER_S) * audio.sample_rate)], audio.sample_rate
    )
    started = time.perf_counter()
    transcript = await engines.transcribe(cut, None, speech_checked=True)
    heard = time.perf_counter()
    assert transcript is not None
    if prefill:
        words = transcript.text.split()
        await engines.prefill(build_messages([], " ".join(words[:-3]), None))
    request = AnswerRequest(
        question=transcript.text,
        heard_language=transcript.language,
        first_chunk_chars=SPOKEN_FIRST_CHUNK_CHARS,
    )
    asked = time.perf_counter()
    answer = engines.answers.answer(request)
    pieces = answer.sentences()
    first = await anext(pieces)
    first_piece = time.perf_counter() - asked
    voiced = time.perf_counter()
    params = VoiceParams(language=first.language)
    await asyncio.to_thread(engines.synthesizer.synthesize, first.text, params)
    first_voice = time.perf_counter() - voiced
    async for _ in pieces:
        pass  # the rest of the answer, untimed: the model's timings come at its end
    timings = getattr(engines.language_model, "last_timings", None) or {}
    recognition = heard - started
    return {
        "question": mixed.question.name,
        "kind": mixed.kind,
        "heard": transcript.text,
        "route": answer.trace.route,
        "first_piece_text": first.text,
        "recognition": round(recognition, 3),
        "first_token": answer.trace.first_token_s,
        "first_piece": round(first_piece, 3),
        "first_voice": round(first_voice, 3),
        "total": round(recognition + first_piece + first_voice, 3),
        "prompt_reused": timings.get("cache_n") if answer.trace.first_token_s else None,
        "prompt_processed": timings.get("prompt_n") if answer.trace.first_token_s else None,
        "load_average": load_average(),
    }


def markdown(result: dict[str, Any]) -> str:
    machine = result["machine"]
    lines = [
        f"# Where one spoken turn's compute goes ({result['name']})",
        "",
        f"{result['created']}; `python -m bench.turn_stages"
        f"{' --prefill' if result['prefill'] else ''}`; engines: "
        + "; ".join(f"{k} {v}" for k, v in machine["engines"].items())
        + f". Load average {machine['load_average_start']} at the start, "
        f"{result['load_average_end']} at the end. Seconds; the model's answers only (a vetted "
        "text or a referral has no first token).",
        "",
        "| stage | n | p50 | p95 | max |",
        "|---|---|---|---|---|",
    ]
    for stage in STAGES:
        s = result["summary"][stage]
        lines.append(f"| {stage} | {s['n']} | {s['p50']} | {s['p95']} | {s['max']} |")
    lines += [
        "",
        "| question | route | recognition | first token | first piece | its voice | total "
        "| prompt reused / processed | first piece |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for t in result["turns"]:
        lines.append(
            f"| {t['question']} | {t['route']} | {t['recognition']} | {t['first_token']} "
            f"| {t['first_piece']} | {t['first_voice']} | {t['total']} "
            f"| {t['prompt_reused']} / {t['prompt_processed']} | {t['first_piece_text']} |"
        )
    return "\n".join([*lines, ""])


def summary(turns: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    modelled = [t for t in turns if t["first_token"] is not None]
    return {stage: summarise([t[stage] for t in modelled]) for stage in STAGES}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.turn_stages", description=__doc__)
    parser.add_argument("--prefill", action="store_true", help="prefill the question first")
    parser.add_argument("--repeat", type=int, default=1, help="rounds over the questions")
    parser.add_argument("--name", default="turn-stages")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    from bench.runner import bench_settings
    from bench.voices_mix import mixed_questions
    from scripts.fetch_test_audio import fetch_test_audio
    from service.engines import Engines
    from service.settings import Settings

    settings = bench_settings(Settings())
    result: dict[str, Any] = {
        "name": args.name,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "prefill": args.prefill,
        "machine": machine_info(settings),
    }

    async def run() -> list[dict[str, Any]]:
        engines = Engines(settings)
        await engines.warm_up()
        mix = mixed_questions(engines, test_audio=fetch_test_audio(), hesitant=0)
        try:
            return [
                await one_turn(engines, mixed, args.prefill)
                for _ in range(args.repeat)
                for mixed in mix
            ]
        finally:
            await engines.aclose()

    result["turns"] = asyncio.run(run())
    result["load_average_end"] = load_average()
    result["summary"] = summary(result["turns"])
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{args.name}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    text = markdown(result)
    (args.out / f"{args.name}.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
