"""The bundled language model (Qwen2.5 1.5B instruct, GGUF Q4_K_M) through llama.cpp."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from voices.lm.base import CancelToken, GenerationOptions
from voices.lm.fake import is_mostly_korean
from voices.lm.prompt import build_messages

pytest.importorskip("xllamacpp")

from voices.lm import llamacpp
from voices.lm.llamacpp import LlamaCppLanguageModel

pytestmark = pytest.mark.slow

OPTIONS = GenerationOptions(max_tokens=60, temperature=0.0)


def _engine(path: Path) -> LlamaCppLanguageModel:
    return LlamaCppLanguageModel(
        path, model_id="qwen2.5-coder-1.5b-instruct", threads=2, context_tokens=4096, parallel=2
    )


@pytest.fixture(scope="module")
def engine(qwen_gguf_path: Path) -> Iterator[LlamaCppLanguageModel]:
    lm = _engine(qwen_gguf_path)
    lm.load()
    yield lm
    lm.close()


async def _collect(stream: AsyncIterator[str]) -> list[str]:
    return [delta async for delta in stream]


def _letters(text: str) -> list[str]:
    return [ch for ch in text if ch.isalpha()]


@pytest.mark.asyncio
async def test_answers_korean_in_korean(engine: LlamaCppLanguageModel) -> None:
    messages = build_messages([], "한국의 수도는 어디인가요?", "ko")
    deltas = await _collect(engine.stream(messages, OPTIONS))
    answer = "".join(deltas)
    assert len(deltas) > 1, answer
    assert is_mostly_korean(answer), answer
    assert "서울" in answer, answer


@pytest.mark.asyncio
async def test_answers_english_in_english(engine: LlamaCppLanguageModel) -> None:
    messages = build_messages([], "What is the capital of France?", "en")
    deltas = await _collect(engine.stream(messages, OPTIONS))
    answer = "".join(deltas)
    letters = _letters(answer)
    assert len(deltas) > 1, answer
    assert letters and not is_mostly_korean(answer), answer
    assert sum(ch.isascii() for ch in letters) / len(letters) > 0.95, answer
    assert "Paris" in answer, answer


@pytest.mark.asyncio
async def test_cancel_after_three_deltas_stops_llama_cpp(
    engine: LlamaCppLanguageModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    after_stop = [0]
    original = llamacpp._ChunkHandler.__call__

    def counting(handler: llamacpp._ChunkHandler, chunk: Any) -> bool:
        after_stop[0] += handler.stop.is_set() or bool(handler.cancel and handler.cancel.cancelled)
        return original(handler, chunk)

    monkeypatch.setattr(llamacpp._ChunkHandler, "__call__", counting)
    cancel = CancelToken()
    deltas: list[str] = []
    messages = build_messages([], "Count slowly from one to one hundred.", "en")
    stopped_at = 0.0
    async for delta in engine.stream(messages, GenerationOptions(max_tokens=400), cancel):
        deltas.append(delta)
        if len(deltas) == 3:
            cancel.cancel()
            stopped_at = time.perf_counter()
    print(f"\nstream ended {time.perf_counter() - stopped_at:.3f} s after cancel")
    assert len(deltas) == 3
    assert after_stop[0] <= 1  # llama.cpp called back once more, heard "stop", and ended.


@pytest.mark.asyncio
async def test_second_turn_reuses_the_system_prompt_cache(qwen_gguf_path: Path) -> None:
    lm = _engine(qwen_gguf_path)  # Fresh: nothing cached yet.
    started = time.perf_counter()
    lm.load()
    load_s = time.perf_counter() - started
    first_token_s: list[float] = []
    timings: list[dict[str, Any]] = []
    for question in ("What is the capital of Japan?", "일본의 수도는 어디인가요?"):
        language = "ko" if is_mostly_korean(question) else "en"
        started = time.perf_counter()
        stream = lm.stream(build_messages([], question, language), OPTIONS)
        await anext(stream)
        first_token_s.append(time.perf_counter() - started)
        await _collect(stream)
        assert lm.last_timings is not None
        timings.append(lm.last_timings)
    lm.close()
    print(
        f"\nload {load_s:.2f} s; first token: turn 1 {first_token_s[0]:.2f} s, "
        f"turn 2 {first_token_s[1]:.2f} s; timings {timings}"
    )
    assert timings[0]["cache_n"] == 0
    assert timings[1]["cache_n"] > 50  # The ~80-token system prompt was not prefilled again.
    assert timings[1]["prompt_n"] < timings[0]["prompt_n"]


@pytest.mark.asyncio
async def test_an_answer_stopped_to_give_way_goes_on_from_where_it_stopped(
    engine: LlamaCppLanguageModel,
) -> None:
    """First words first (service/answers/pacing.py): stopped after a few tokens, the model is
    asked for the rest of the same answer, and llama.cpp continues it from its cache."""
    from service.answers.pacing import FirstWordsBoard, Pace, paced_stream

    board = FirstWordsBoard()
    playing = Pace(board, margin_s=0.5)
    playing.sent(60.0, first_words=True)
    other = Pace(board, margin_s=0.5)
    seen: list[int] = []

    def pace() -> Pace:
        seen.append(1)
        if len(seen) == 4:  # another listener waits, for a moment, after four tokens
            other.waiting_for_first_words()
            asyncio.get_running_loop().call_later(0.1, other.close)
        return playing

    messages = build_messages([], "What is the capital of France? Answer in one sentence.", "en")
    deltas = await _collect(paced_stream(engine, messages, OPTIONS, CancelToken(), pace))
    answer = "".join(deltas)
    assert playing.pauses == 1, answer
    assert "Paris" in answer and answer.rstrip().endswith("."), answer
    timings = engine.last_timings
    assert timings is not None
    # The continuation reused the cache of the question and the four tokens said.
    assert timings["cache_n"] > 20 and timings["prompt_n"] <= 4, timings
    said_before = "".join(deltas[:4])
    assert answer.count(said_before) == 1, f"started over: {answer}"


@pytest.mark.asyncio
async def test_a_kept_conversation_leaves_only_the_next_question_to_read(
    engine: LlamaCppLanguageModel,
) -> None:
    """``Engines.keep_conversation``: after an answer the model reads the conversation so far
    (ending with that answer); the next turn's request then reads only its question and note."""
    from voices.lm.base import ChatMessage
    from voices.lm.prompt import conversation_so_far

    question = "What is the capital of Italy? Answer in one sentence."
    answer = "".join(await _collect(engine.stream(build_messages([], question, "en"), OPTIONS)))
    history = [
        ChatMessage(role="user", content=question),
        ChatMessage(role="assistant", content=answer.strip()),
    ]
    assert await engine.prefill(conversation_so_far(history))
    follow_up = build_messages(history, "And of Spain?", "en")
    await _collect(engine.stream(follow_up, OPTIONS))
    timings = engine.last_timings
    assert timings is not None
    # Everything before the new question came from the cache: only it and its note were read.
    assert timings["prompt_n"] <= 25 and timings["cache_n"] > 100, timings
