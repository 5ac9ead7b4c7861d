"""The llama.cpp engine's streaming, cancelling and error handling, on a tiny GGUF written here.

The GGUF is a 2-layer llama model (hidden size 32, ~190 KB) with a byte-level BPE vocabulary
trained on a few English and Korean sentences and a ChatML template. As in
test_lm_transformers.py, a constant hidden dimension gives every token that is not a whole
word (end-of-turn included) a large negative logit, so greedy answers are words, never empty.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from voices.lm.base import CancelToken, ChatMessage, GenerationOptions, LanguageModelError

np = pytest.importorskip("numpy")
gguf = pytest.importorskip("gguf")
tokenizers = pytest.importorskip("tokenizers")
pytest.importorskip("xllamacpp")

from tests.helpers.tiny_models import CHAT_TEMPLATE, SENTENCES, SPECIAL  # noqa: E402
from voices.lm import llamacpp  # noqa: E402
from voices.lm.llamacpp import LlamaCppLanguageModel  # noqa: E402

HIDDEN, FFN, LAYERS, HEADS, KV_HEADS = 32, 64, 2, 4, 2
SYSTEM = ChatMessage(role="system", content="You are modu, a voice assistant.")
GREEDY = GenerationOptions(max_tokens=12, temperature=0.0)


def _train_tokenizer() -> Any:
    tok = tokenizers.Tokenizer(tokenizers.models.BPE())
    tok.pre_tokenizer = tokenizers.pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = tokenizers.decoders.ByteLevel()
    trainer = tokenizers.trainers.BpeTrainer(
        vocab_size=400,
        special_tokens=SPECIAL,
        initial_alphabet=tokenizers.pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(SENTENCES * 4, trainer)
    return tok


def _write_vocab(writer: Any, tok: Any) -> list[int]:
    """Tokenizer metadata; returns the ids of whole-word tokens."""
    vocab: dict[str, int] = tok.get_vocab()
    tokens = sorted(vocab, key=vocab.__getitem__)
    merges = json.loads(tok.to_str())["model"]["merges"]
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("qwen2")
    writer.add_token_list(tokens)
    writer.add_token_types(
        [gguf.TokenType.CONTROL if t in SPECIAL else gguf.TokenType.NORMAL for t in tokens]
    )
    writer.add_token_merges([m if isinstance(m, str) else " ".join(m) for m in merges])
    writer.add_bos_token_id(vocab["<|endoftext|>"])
    writer.add_eos_token_id(vocab["<|im_end|>"])
    writer.add_add_bos_token(False)
    writer.add_chat_template(CHAT_TEMPLATE)
    return [
        i
        for t, i in vocab.items()
        if t not in SPECIAL and re.fullmatch(r" ?[A-Za-z가-힣]{2,}", tok.decode([i]))
    ]


def _write_weights(writer: Any, n_vocab: int, words: list[int]) -> None:
    rng = np.random.default_rng(0)

    def random(*shape: int) -> Any:
        return (rng.standard_normal(shape) * 0.5).astype(np.float32)

    ones = np.ones(HIDDEN, np.float32)
    kv = HIDDEN // HEADS * KV_HEADS
    embeddings = random(n_vocab, HIDDEN)
    embeddings[:, 0] = 2.0  # The constant dimension (no layer writes to it: rows 0 below).
    writer.add_tensor("token_embd.weight", embeddings)
    for i in range(LAYERS):
        attn_out, ffn_down = random(HIDDEN, HIDDEN), random(HIDDEN, FFN)
        attn_out[0, :] = ffn_down[0, :] = 0.0
        for name, tensor in [
            ("attn_norm", ones),
            ("attn_q", random(HIDDEN, HIDDEN)),
            ("attn_k", random(kv, HIDDEN)),
            ("attn_v", random(kv, HIDDEN)),
            ("attn_output", attn_out),
            ("ffn_norm", ones),
            ("ffn_gate", random(FFN, HIDDEN)),
            ("ffn_up", random(FFN, HIDDEN)),
            ("ffn_down", ffn_down),
        ]:
            writer.add_tensor(f"blk.{i}.{name}.weight", tensor)
    writer.add_tensor("output_norm.weight", ones)
    output = random(n_vocab, HIDDEN)
    output[:, 0] = -100.0
    output[words, 0] = 0.0
    writer.add_tensor("output.weight", output)


def write_tiny_gguf(path: Path) -> None:
    tok = _train_tokenizer()
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_context_length(4096)
    writer.add_embedding_length(HIDDEN)
    writer.add_block_count(LAYERS)
    writer.add_feed_forward_length(FFN)
    writer.add_head_count(HEADS)
    writer.add_head_count_kv(KV_HEADS)
    writer.add_layer_norm_rms_eps(1e-6)
    writer.add_rope_freq_base(10000.0)
    writer.add_rope_dimension_count(HIDDEN // HEADS)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    words = _write_vocab(writer, tok)
    writer.add_vocab_size(tok.get_vocab_size())
    _write_weights(writer, tok.get_vocab_size(), words)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


@pytest.fixture(scope="module")
def tiny_gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tiny-gguf") / "tiny.gguf"
    write_tiny_gguf(path)
    return path


@pytest.fixture(scope="module")
def engine(tiny_gguf: Path) -> Iterator[LlamaCppLanguageModel]:
    lm = LlamaCppLanguageModel(
        tiny_gguf, model_id="tiny", threads=1, context_tokens=2048, parallel=2
    )
    yield lm
    lm.close()


class _ChunkLog:
    """Wraps the engine's llama.cpp callback to count the chunks llama.cpp sent after the
    consumer asked it to stop (returning True must end generation at once), and paces it so
    that even on a busy machine the full answer would take seconds."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        self.after_stop = 0
        original = llamacpp._ChunkHandler.__call__

        def counting(handler: llamacpp._ChunkHandler, chunk: Any) -> bool:
            self.calls += 1
            stopped = handler.stop.is_set() or bool(handler.cancel and handler.cancel.cancelled)
            self.after_stop += stopped
            time.sleep(0.001)  # Pace the tiny model (~8000 tok/s) so the consumer keeps up.
            return original(handler, chunk)

        monkeypatch.setattr(llamacpp._ChunkHandler, "__call__", counting)


def _turn(text: str) -> list[ChatMessage]:
    return [SYSTEM, ChatMessage(role="user", content=text)]


async def _collect(stream: AsyncIterator[str]) -> list[str]:
    return [delta async for delta in stream]


@pytest.mark.asyncio
async def test_streams_words_and_reuses_the_prompt_cache(engine: LlamaCppLanguageModel) -> None:
    first = await _collect(engine.stream(_turn("Hello, how are you?"), GREEDY))
    assert len(first) == GREEDY.max_tokens and all(d.strip() for d in first)
    assert await _collect(engine.stream(_turn("Hello, how are you?"), GREEDY)) == first
    await _collect(engine.stream(_turn("오늘 날씨 어때요?"), GREEDY))
    assert engine.last_timings is not None
    assert engine.last_timings["cache_n"] > 0  # The system prompt was not prefilled again.
    assert (engine.name, engine.model_id, engine.note) == ("llama.cpp", "tiny", None)


@pytest.mark.asyncio
async def test_cancel_stops_llama_cpp(
    engine: LlamaCppLanguageModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = _ChunkLog(monkeypatch)
    cancel = CancelToken()
    deltas: list[str] = []
    async for delta in engine.stream(_turn("Hi"), GenerationOptions(max_tokens=1500), cancel):
        deltas.append(delta)
        if len(deltas) == 3:
            cancel.cancel()
    assert len(deltas) == 3
    assert log.after_stop <= 1  # llama.cpp stopped at the first callback that said so ...
    assert log.calls < 1500  # ... long before max_tokens.


@pytest.mark.asyncio
async def test_closing_the_iterator_stops_llama_cpp(
    engine: LlamaCppLanguageModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = _ChunkLog(monkeypatch)
    stream = engine.stream(_turn("Hi"), GenerationOptions(max_tokens=1500))
    assert len([await anext(stream) for _ in range(3)]) == 3
    await stream.aclose()
    calls = log.calls  # aclose waited for llama.cpp to return: no more callbacks come.
    assert log.after_stop <= 1 and calls < 1500
    assert await _collect(engine.stream(_turn("Hi"), GREEDY))  # The slot is free again.
    assert log.calls > calls


@pytest.mark.asyncio
async def test_two_answers_at_once(engine: LlamaCppLanguageModel) -> None:
    alone = await _collect(engine.stream(_turn("Hello"), GREEDY))
    both = await asyncio.gather(
        _collect(engine.stream(_turn("Hello"), GREEDY)),
        _collect(engine.stream(_turn("안녕하세요"), GREEDY)),
    )
    assert both[0] == alone and len(both[1]) == GREEDY.max_tokens


@pytest.mark.asyncio
async def test_stop_strings(engine: LlamaCppLanguageModel) -> None:
    full = "".join(await _collect(engine.stream(_turn("Hello"), GREEDY)))
    stop = full[len(full) // 2 : len(full) // 2 + 3]
    options = GREEDY.model_copy(update={"stop": [stop]})
    assert (
        "".join(await _collect(engine.stream(_turn("Hello"), options))) == full[: full.index(stop)]
    )


@pytest.mark.asyncio
async def test_error_chunk_becomes_language_model_error(engine: LlamaCppLanguageModel) -> None:
    too_long = [SYSTEM, ChatMessage(role="user", content="hello " * 3000)]
    with pytest.raises(LanguageModelError, match="context size"):
        await _collect(engine.stream(too_long, GREEDY))


@pytest.mark.asyncio
async def test_missing_and_broken_model_files(tmp_path: Path) -> None:
    missing = LlamaCppLanguageModel(tmp_path / "none.gguf", model_id="x", threads=1)
    with pytest.raises(LanguageModelError, match="not found"):
        await _collect(missing.stream(_turn("Hi"), GREEDY))
    (tmp_path / "bad.gguf").write_bytes(b"not a gguf file")
    broken = LlamaCppLanguageModel(tmp_path / "bad.gguf", model_id="x", threads=1)
    with pytest.raises(LanguageModelError, match="could not load"):
        broken.load()


def test_loads_lazily_and_quietly(tiny_gguf: Path, capfd: pytest.CaptureFixture[str]) -> None:
    lm = LlamaCppLanguageModel(tiny_gguf, model_id="tiny", threads=1, context_tokens=512)
    states = [lm.loaded]
    lm.load()
    states.append(lm.loaded)
    lm.close()
    states.append(lm.loaded)
    assert states == [False, True, False]
    assert capfd.readouterr().err == ""  # llama.cpp logs only errors.


def test_load_and_close_repeatedly_does_not_hang(tiny_gguf: Path) -> None:
    """xllamacpp hangs when a Server is dropped right after it was created (its task loop had
    not started); the engine waits for the loop before returning from load()."""

    def cycle() -> None:
        for _ in range(10):
            lm = LlamaCppLanguageModel(tiny_gguf, model_id="tiny", threads=1, context_tokens=512)
            lm.load()
            lm.close()

    worker = threading.Thread(target=cycle, daemon=True)  # Daemon: a hang must not block exit.
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive()


def test_llama_cpp_http_port_is_locked(engine: LlamaCppLanguageModel) -> None:
    """xllamacpp also listens on a local port; without the key nobody may use it."""
    engine.load()
    address = engine._server.listening_address
    response = httpx.post(
        f"{address}/v1/chat/completions",
        json={"messages": [{"role": "user", "content": "Hi"}], "max_tokens": 2},
        timeout=10,
    )
    assert response.status_code == 401


def test_missing_xllamacpp_says_which_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "xllamacpp", None)
    with pytest.raises(ImportError, match=r"pip install 'modu\[llamacpp\]'"):
        LlamaCppLanguageModel(Path("x.gguf"), model_id="x", threads=1)


@pytest.mark.asyncio
async def test_unreadable_chunks_become_errors(engine: LlamaCppLanguageModel) -> None:
    """The binding swallows exceptions from the callback, so the handler must not raise."""
    handler = llamacpp._ChunkHandler(asyncio.get_running_loop(), None, engine)
    assert handler({"choices": [{"delta": {"content": "ok"}}]}) is False
    assert handler({"choices": []}) is False  # No text: nothing queued.
    assert handler({"choices": ["not a dict"]}) is True  # Stop generating ...
    assert await handler.queue.get() == "ok"
    error = await handler.queue.get()  # ... and report why.
    assert isinstance(error, LanguageModelError) and "cannot read" in str(error)


@pytest.mark.parametrize("mib", [0, 64])
def test_the_prompt_cache_size_is_a_setting(mib: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """``MODU_LM__PROMPT_CACHE_MIB`` reaches llama.cpp's ``cache_ram_mib``: saved prompts are
    resident memory that grows as sessions come and go (bench/results/soak/)."""
    from types import SimpleNamespace

    from service import engine_builders
    from service.settings import Settings

    weights = SimpleNamespace(path=Path("tiny.gguf"), model_id="tiny", catalogued=True)
    monkeypatch.setattr(engine_builders, "resolve", lambda *_: weights)
    settings = Settings.model_validate({"lm": {"engine": "llamacpp", "prompt_cache_mib": mib}})
    engine = engine_builders.build_local_language_model(settings)
    assert isinstance(engine, LlamaCppLanguageModel)
    assert engine._prompt_cache_mib == mib
