"""``python -m bench.prompt_cache [--mib 256 64 0] [--conversations 4] [--turns 5] [--keep]``:
what llama.cpp's RAM prompt cache (``MODU_LM__PROMPT_CACHE_MIB``) buys conversations that
return, and (``--keep``) what keeping the conversation between turns buys
(``Engines.keep_conversation``: after each answer the model reads the conversation so far,
untimed, as the realtime service does while the answer plays; each cache size is then measured
with and without it).

Several conversations take turns on one llama.cpp model with the service's slots (2 by
default), one turn at a time, so when a conversation comes back its slot's KV cache holds
another conversation: only the saved prompt (the RAM cache) spares re-reading its history. One
engine per cache size is loaded in this process, and every turn is asked of each engine in a
rotating order (interleaved: the same machine load for every size). Per turn: time to the first
token from the request, and llama.cpp's own ``prompt_n`` (tokens read), ``cache_n`` (tokens
reused) and ``prompt_ms``. Messages are built as the realtime service builds them (fixed
system prompt, history within its token budget, the turn note). Writes
``bench/results/prompt-cache.{json,md}``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.questions import ENGLISH, KOREAN
from bench.stats import summarise
from service.engine_builders import build_local_language_model
from service.settings import Settings
from voices.lm.base import ChatMessage, GenerationOptions
from voices.lm.llamacpp import LlamaCppLanguageModel
from voices.lm.prompt import build_messages, conversation_so_far, fit_history

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class TurnResult:
    mib: int
    kept: bool
    """The conversation was kept between turns (``--keep``)."""
    conversation: int
    turn: int
    first_token_s: float
    total_s: float
    prompt_n: int | None
    cache_n: int | None
    prompt_ms: float | None


def questions_for(conversation: int, turns: int) -> list[tuple[str, str]]:
    """Each conversation its own mix of English and Korean questions (language, text)."""
    pool = [("en", q) for q in ENGLISH] + [("ko", q) for q in KOREAN]
    return [pool[(conversation * 3 + turn) % len(pool)] for turn in range(turns)]


async def one_turn(
    engine: LlamaCppLanguageModel, messages: list[ChatMessage], options: GenerationOptions
) -> tuple[float, float, str]:
    start = time.perf_counter()
    first: float | None = None
    parts: list[str] = []
    async for piece in engine.stream(messages, options):
        if first is None:
            first = time.perf_counter() - start
        parts.append(piece)
    total = time.perf_counter() - start
    return (first if first is not None else total), total, "".join(parts)


def label(mib: int, kept: bool) -> str:
    return f"{mib} kept" if kept else str(mib)


async def run(
    mibs: list[int], conversations: int, turns: int, llama_log: bool = False, keep: bool = False
) -> list[TurnResult]:
    variants = [(mib, kept) for mib in mibs for kept in ((False, True) if keep else (False,))]
    engines: dict[tuple[int, bool], LlamaCppLanguageModel] = {}
    options = GenerationOptions()
    for mib, kept in variants:
        settings = Settings.model_validate({"lm": {"engine": "llamacpp", "prompt_cache_mib": mib}})
        engine = build_local_language_model(settings)
        assert isinstance(engine, LlamaCppLanguageModel)
        if llama_log:  # llama.cpp's info lines (stderr) say each saved prompt's size.
            engine._log_verbosity = 3
        engine.load()
        engines[(mib, kept)] = engine
        options = GenerationOptions(max_tokens=settings.lm.max_tokens, seed=settings.lm.seed)
    histories = {(v, c): list[ChatMessage]() for v in variants for c in range(conversations)}
    plan = [questions_for(c, turns) for c in range(conversations)]
    results: list[TurnResult] = []
    step = 0
    for turn in range(turns):
        for conversation in range(conversations):
            language, question = plan[conversation][turn]
            order = variants[step % len(variants) :] + variants[: step % len(variants)]
            step += 1
            for mib, kept in order:
                engine = engines[(mib, kept)]
                history = histories[((mib, kept), conversation)]
                messages = build_messages(fit_history(history), question, language)
                first, total, answer = await one_turn(engine, messages, options)
                timings: dict[str, Any] = engine.last_timings or {}
                history += [
                    ChatMessage(role="user", content=question),
                    ChatMessage(role="assistant", content=answer),
                ]
                if kept:  # while the answer plays (untimed): the next question finds it all
                    await engine.prefill(conversation_so_far(fit_history(history)))
                result = TurnResult(
                    mib=mib,
                    kept=kept,
                    conversation=conversation,
                    turn=turn + 1,
                    first_token_s=round(first, 3),
                    total_s=round(total, 3),
                    prompt_n=timings.get("prompt_n"),
                    cache_n=timings.get("cache_n"),
                    prompt_ms=timings.get("prompt_ms"),
                )
                results.append(result)
                print(json.dumps(asdict(result)), flush=True)
    for engine in engines.values():
        engine.close()
    return results


def summary(results: list[TurnResult]) -> dict[str, Any]:
    """Returning turns (turn ≥ 2) per cache size (and kept or not); first turns apart (nothing
    to resume)."""
    out: dict[str, Any] = {}
    for variant in dict.fromkeys((r.mib, r.kept) for r in results):
        mine = [r for r in results if (r.mib, r.kept) == variant]
        returning = [r for r in mine if r.turn >= 2]
        first = [r for r in mine if r.turn == 1]
        out[label(*variant)] = {
            "returning_first_token_s": summarise([r.first_token_s for r in returning]),
            "returning_prompt_tokens_read": summarise([r.prompt_n for r in returning]),
            "returning_tokens_reused": summarise([r.cache_n for r in returning]),
            "first_turn_first_token_s": summarise([r.first_token_s for r in first]),
            "by_turn_first_token_p50_s": {
                turn: summarise([r.first_token_s for r in mine if r.turn == turn])["p50"]
                for turn in sorted({r.turn for r in mine})
            },
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mib", type=int, nargs="+", default=[256, 64, 0])
    parser.add_argument("--conversations", type=int, default=4)
    parser.add_argument("--turns", type=int, default=5)
    parser.add_argument("--name", default="prompt-cache")
    parser.add_argument("--llama-log", action="store_true", help="llama.cpp's info log")
    parser.add_argument("--keep", action="store_true", help="also keep conversations")
    args = parser.parse_args()
    load_before = os.getloadavg()
    started = time.time()
    results = asyncio.run(
        run(args.mib, args.conversations, args.turns, args.llama_log, keep=args.keep)
    )
    report = {
        "mibs": args.mib,
        "conversations": args.conversations,
        "turns": args.turns,
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "minutes": round((time.time() - started) / 60, 1),
        "keep": args.keep,
        "summary": summary(results),
        "turns_measured": [asdict(r) for r in results],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{args.name}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(report["summary"], indent=2))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
