"""Engines side by side on the same input: llama.cpp vs transformers on the same GGUF weights
(tokens/s, first-token latency), Whisper int8 greedy vs beam 5 (real-time factor, WER)."""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

from bench.questions import JFK_TEXT
from service.engines import build_local_language_model, build_recognizer
from service.settings import Settings
from tests.helpers.wer import word_error_rate
from voices.audio import Audio
from voices.lm.base import GenerationOptions, LanguageModel
from voices.lm.prompt import build_messages

PROMPTS = (
    ("Why is exercise good for older people? Answer in two sentences.", "en"),
    ("What is the tallest mountain in Korea? Answer in one sentence.", "en"),
)


async def _one_answer(lm: LanguageModel, prompt: str, language: str, tokens: int) -> dict[str, Any]:
    messages = build_messages([], prompt, language)
    options = GenerationOptions(max_tokens=tokens, temperature=0.0)
    start = time.perf_counter()
    stamps: list[float] = []
    async for delta in lm.stream(messages, options):
        if delta:
            stamps.append(time.perf_counter() - start)
    decode_s = stamps[-1] - stamps[0] if len(stamps) > 1 else 0.0
    return {
        "first_token_s": round(stamps[0], 3) if stamps else None,
        "deltas": len(stamps),
        "tokens_per_s": round((len(stamps) - 1) / decode_s, 2) if decode_s else None,
    }


def compare_language_models(settings: Settings, model: str, tokens: int) -> dict[str, Any]:
    """Each engine loaded alone (the previous one freed first), warmed up with one answer that
    is not counted, then the prompts. Deltas count as tokens (both engines stream one token
    per delta, except where a token ends inside a multi-byte character)."""
    results: dict[str, Any] = {"model": model, "max_tokens": tokens}
    for engine in ("llamacpp", "transformers"):
        engine_settings = settings.model_copy(
            update={"lm": settings.lm.model_copy(update={"engine": engine, "model": model})}
        )
        lm = build_local_language_model(engine_settings)
        start = time.perf_counter()
        load = getattr(lm, "load", None)  # local engines load on demand; time it apart
        if callable(load):
            load()
        load_s = round(time.perf_counter() - start, 2)
        asyncio.run(_one_answer(lm, "Hello", "en", 4))
        runs = [asyncio.run(_one_answer(lm, p, lang, tokens)) for p, lang in PROMPTS]
        results[engine] = {
            "load_s": load_s,
            "runs": runs,
            "first_token_s_median": _median([r["first_token_s"] for r in runs]),
            "tokens_per_s_median": _median([r["tokens_per_s"] for r in runs]),
        }
        close = getattr(lm, "close", None)
        if callable(close):
            close()
        del lm
    return results


def compare_whisper_beams(settings: Settings, jfk: Audio, repeats: int = 2) -> dict[str, Any]:
    recognizer = build_recognizer(settings)
    recognizer.transcribe(jfk, "en", beam_size=1)  # load and warm up, not counted
    results: dict[str, Any] = {
        "model": recognizer.model_id,
        "compute_type": settings.stt.compute_type,
        "audio_s": round(jfk.duration_s, 2),
    }
    for beam in (1, 5):
        times, texts = [], []
        for _ in range(repeats):
            start = time.perf_counter()
            texts.append(recognizer.transcribe(jfk, "en", beam_size=beam).text)
            times.append(time.perf_counter() - start)
        results[f"beam_{beam}"] = {
            "rtf_median": round(statistics.median(times) / jfk.duration_s, 3),
            "rtf_all": [round(t / jfk.duration_s, 3) for t in times],
            "wer": round(word_error_rate(JFK_TEXT, texts[0]), 3),
            "text": texts[0].strip(),
        }
    return results


def _median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(statistics.median(present), 3) if present else None
