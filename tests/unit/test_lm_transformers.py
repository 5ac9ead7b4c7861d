"""The transformers engine, on a tiny Qwen2 model built here (no download, ~200 KB).

The model (see ``tests/helpers/tiny_models.py``) is random but only ever says whole words from
its training sentences, so greedy answers are deterministic, context-dependent, never empty, and
stream one word per delta.
"""

from __future__ import annotations

import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from voices.lm.base import CancelToken, ChatMessage, GenerationOptions, LanguageModelError

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
tokenizers = pytest.importorskip("tokenizers")

from tests.helpers.tiny_models import build_tiny_qwen2  # noqa: E402
from voices.lm.transformers_engine import TransformersLanguageModel, _StopCutter  # noqa: E402

SYSTEM = ChatMessage(role="system", content="You are modu, a voice assistant.")
GREEDY = GenerationOptions(max_tokens=12, temperature=0.0)


@pytest.fixture(scope="module")
def tiny_qwen2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_qwen2(tmp_path_factory.mktemp("tiny-qwen2"))


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture
def engine(tiny_qwen2: Path) -> Iterator[TransformersLanguageModel]:
    lm = TransformersLanguageModel(tiny_qwen2, model_id="tiny-qwen2", threads=1, dtype="float32")
    yield lm
    lm.close()


def _turn(text: str, *history: ChatMessage) -> list[ChatMessage]:
    return [SYSTEM, *history, ChatMessage(role="user", content=text)]


async def _collect(stream: AsyncIterator[str]) -> list[str]:
    return [delta async for delta in stream]


class _ForwardLog:
    """Records how many tokens each forward pass of the model was given."""

    def __init__(self, model: Any) -> None:
        self.lengths: list[int] = []
        self._handle = model.register_forward_pre_hook(self._record, with_kwargs=True)

    def _record(self, module: Any, args: Any, kwargs: dict[str, Any]) -> None:
        self.lengths.append(int(kwargs["input_ids"].shape[1]))
        time.sleep(0.001)  # Pace the tiny model so the consumer keeps up on a busy machine.

    def remove(self) -> None:
        self._handle.remove()


@pytest.mark.asyncio
async def test_generates_and_streams_word_by_word(engine: TransformersLanguageModel) -> None:
    deltas = await _collect(engine.stream(_turn("Hello, how are you?"), GREEDY))
    assert len(deltas) == GREEDY.max_tokens  # One word per token, and it never ends early.
    assert all(delta.strip() for delta in deltas)
    again = await _collect(engine.stream(_turn("Hello, how are you?"), GREEDY))
    assert again == deltas  # Greedy is deterministic.
    korean = await _collect(engine.stream(_turn("오늘 날씨 어때요?"), GREEDY))
    assert korean != deltas  # The answer depends on the question.
    assert (engine.name, engine.model_id, engine.note) == ("transformers", "tiny-qwen2", None)


@pytest.mark.asyncio
async def test_prefix_cache_prefills_only_new_tokens(engine: TransformersLanguageModel) -> None:
    await _collect(engine.stream(_turn("Hello"), GREEDY))  # Computes the system prefix once.
    log = _ForwardLog(engine._model)
    try:
        await _collect(engine.stream(_turn("How is the weather today?"), GREEDY))
    finally:
        log.remove()
    tokenizer = engine._tokenizer
    full = tokenizer.apply_chat_template(
        [m.model_dump() for m in _turn("How is the weather today?")],
        tokenize=False,
        add_generation_prompt=True,
    )
    prefix = tokenizer.apply_chat_template([SYSTEM.model_dump()], tokenize=False)
    n_full, n_prefix = (
        len(tokenizer(t, add_special_tokens=False)["input_ids"]) for t in (full, prefix)
    )
    assert log.lengths[0] == engine.last_prefill_tokens == n_full - n_prefix
    assert log.lengths[1:] == [1] * (GREEDY.max_tokens - 1)  # Then one token per step.


@pytest.mark.asyncio
async def test_cached_and_uncached_greedy_answers_match(tiny_qwen2: Path) -> None:
    uncached = TransformersLanguageModel(
        tiny_qwen2, model_id="tiny", threads=1, dtype="float32", prefix_cache=False
    )
    cached = TransformersLanguageModel(tiny_qwen2, model_id="tiny", threads=1, dtype="float32")
    earlier = (
        ChatMessage(role="user", content="Hello"),
        ChatMessage(role="assistant", content="Hello, how are you today?"),
    )
    for messages in (_turn("Hi there"), _turn("안녕하세요"), _turn("Weather?", *earlier)):
        expected = await _collect(uncached.stream(messages, GREEDY))
        assert uncached.last_prefill_tokens is not None
        assert await _collect(cached.stream(messages, GREEDY)) == expected
        assert cached.last_prefill_tokens is not None
        assert cached.last_prefill_tokens < uncached.last_prefill_tokens


@pytest.mark.asyncio
async def test_no_system_message_means_no_prefix_cache(engine: TransformersLanguageModel) -> None:
    await _collect(engine.stream([ChatMessage(role="user", content="Hello")], GREEDY))
    assert engine.last_prefill_tokens is not None and engine.last_prefill_tokens > 3
    assert engine._prefix is None


@pytest.mark.asyncio
async def test_cancel_stops_generation(engine: TransformersLanguageModel) -> None:
    await _collect(engine.stream(_turn("Hi"), GREEDY))  # Load first: the log needs the model.
    log = _ForwardLog(engine._model)
    cancel = CancelToken()
    deltas: list[str] = []
    try:
        async for delta in engine.stream(_turn("Hi"), GenerationOptions(max_tokens=400), cancel):
            deltas.append(delta)
            if len(deltas) == 3:
                cancel.cancel()
    finally:
        log.remove()
    assert len(deltas) == 3
    assert len(log.lengths) < 100  # Stopped within a few tokens (4 measured), not at 400.


@pytest.mark.asyncio
async def test_closing_the_iterator_stops_generation(engine: TransformersLanguageModel) -> None:
    await _collect(engine.stream(_turn("Hi"), GREEDY))
    log = _ForwardLog(engine._model)
    stream = engine.stream(_turn("Hi"), GenerationOptions(max_tokens=400, temperature=0.0))
    try:
        assert len([await anext(stream) for _ in range(2)]) == 2
        await stream.aclose()
        steps = len(log.lengths)  # aclose waited for the worker: nothing runs any more.
        assert await _collect(engine.stream(_turn("Hi"), GREEDY))  # The engine is free again.
    finally:
        log.remove()
    assert steps < 100


@pytest.mark.asyncio
async def test_sampling_is_seeded(engine: TransformersLanguageModel) -> None:
    options = GenerationOptions(max_tokens=10, temperature=1.0, top_p=1.0, seed=3)
    first = await _collect(engine.stream(_turn("Hello"), options))
    assert await _collect(engine.stream(_turn("Hello"), options)) == first


@pytest.mark.asyncio
async def test_stop_strings_cut_the_answer(engine: TransformersLanguageModel) -> None:
    full = "".join(await _collect(engine.stream(_turn("Hello"), GREEDY)))
    stop = full[len(full) // 2 : len(full) // 2 + 3]
    cut = "".join(
        await _collect(engine.stream(_turn("Hello"), GREEDY.model_copy(update={"stop": [stop]})))
    )
    assert cut == full[: full.index(stop)]


@pytest.mark.asyncio
async def test_missing_model_is_a_language_model_error(tmp_path: Path) -> None:
    lm = TransformersLanguageModel(tmp_path / "nothing", model_id="x", threads=1)
    with pytest.raises(LanguageModelError, match="could not load"):
        await _collect(lm.stream(_turn("Hi"), GREEDY))


def test_missing_transformers_says_which_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "transformers", None)
    lm = TransformersLanguageModel("anything", model_id="x", threads=1)
    with pytest.raises(ImportError, match=r"pip install 'modu\[transformers\]'"):
        lm.load()


def test_stop_cutter_sees_stop_strings_across_deltas() -> None:
    cutter = _StopCutter(["END"])
    assert cutter.feed("abcE") == ("ab", False)  # "cE" may start "END": held back.
    assert cutter.feed("ND more") == ("c", True)
    plain = _StopCutter([])
    assert plain.feed("text") == ("text", False)
    held = _StopCutter(["XYZ"])
    assert held.feed("aX") == ("", False)
    assert held.flush() == "aX"  # The answer ended without the stop string.
