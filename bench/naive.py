"""The chain without streaming, in the same process and on the same engines: recognise the whole
utterance, generate the whole answer, synthesise the whole answer, and only then send."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from bench.questions import Question
from service.engines import Engines
from service.turn import recognise
from voices.lm.base import GenerationOptions
from voices.lm.prompt import build_messages
from voices.tts.base import VoiceParams


async def naive_turn(engines: Engines, question: Question) -> dict[str, Any]:
    """Seconds from end of speech to each stage; ``first_audio`` is when the whole answer's
    audio exists. It skips the end-of-turn silence the streaming path waits for (500 ms by
    default), which favours the naive chain."""
    lm = engines.settings.lm
    options = GenerationOptions(
        max_tokens=lm.max_tokens, temperature=lm.temperature, top_p=lm.top_p, seed=lm.seed
    )
    start = time.perf_counter()
    transcript = await recognise(engines, question.audio, None)
    recognised = time.perf_counter() - start
    messages = build_messages([], transcript.text.strip(), transcript.language)
    answer = "".join([delta async for delta in engines.language_model.stream(messages, options)])
    generated = time.perf_counter() - start
    params = VoiceParams(language=transcript.language)
    await asyncio.to_thread(engines.synthesizer.synthesize, answer.strip() or "…", params)
    spoken = time.perf_counter() - start
    return {
        "question": question.name,
        "language": question.language,
        "transcript": transcript.text.strip(),
        "answer": answer.strip(),
        "stages": {
            "transcript": round(recognised, 3),
            "generation_done": round(generated, 3),
            "first_audio": round(spoken, 3),
        },
    }
