"""A Hugging Face transformers model (a local folder, a GGUF file that transformers dequantises,
or a hub id when a network is allowed), generated on CPU in a worker thread.

The fixed system prompt is prefilled once: its KV cache (a ``DynamicCache``) is kept, and each
turn whose token ids start with that prefix gets a copy of it, so only the new tokens are
prefilled — on CPU prefill is the slow part (~45 tok/s for the 1.5B model on one core).
"""

from __future__ import annotations

import asyncio
import copy
import importlib
import inspect
import threading
from collections.abc import AsyncGenerator, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

from voices.lm.base import CancelToken, ChatMessage, GenerationOptions, LanguageModelError
from voices.lm.watermark import WatermarkConfig


def import_transformers() -> tuple[ModuleType, ModuleType]:
    """``(torch, transformers)``, imported on first use (several seconds)."""
    try:
        return importlib.import_module("torch"), importlib.import_module("transformers")
    except ImportError as error:
        raise ImportError(
            "The transformers engine needs torch and transformers: "
            "pip install 'modu[transformers]' (install torch==2.13.0 first, pinned)"
        ) from error


class TransformersLanguageModel:
    """Streams answers from a causal LM through its chat template.

    Generations run one at a time on a private thread (torch already uses ``threads`` cores for
    one). ``torch.set_num_threads`` is process-wide: the last engine loaded sets it.
    ``dtype`` is passed to ``from_pretrained`` ("auto", "float32", "bfloat16", …).
    ``prefix_cache=False`` prefills every prompt in full (for comparison and debugging).
    ``watermark`` SynthID-watermarks every answer (``accessibility.watermark``).
    """

    def __init__(
        self,
        model: str | Path,
        *,
        model_id: str,
        threads: int = 2,
        gguf_file: str | None = None,
        dtype: str = "auto",
        prefix_cache: bool = True,
        watermark: WatermarkConfig | None = None,
    ) -> None:
        self._source = str(model)
        self._model_id = model_id
        self._threads = threads
        self._gguf_file = gguf_file
        self._dtype = dtype
        self._use_prefix_cache = prefix_cache
        self.watermark = watermark
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="transformers")
        self._torch: Any = None
        self._transformers: Any = None
        self._model: Any = None
        self._tokenizer: Any = None
        self._cache_kwarg = "cache"
        self._prefix: tuple[tuple[int, ...], Any] | None = None
        """Token ids of the cached prefix (the system message) and their KV cache."""
        self.last_prefill_tokens: int | None = None
        """Prompt tokens the last answer had to prefill (the rest came from the prefix cache)."""

    @property
    def name(self) -> str:
        return "transformers"

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def note(self) -> str | None:
        return None

    def load(self) -> None:
        """Load tokenizer and model now (blocking). Safe to call from several threads."""
        with self._lock:
            if self._model is not None:
                return
            torch, transformers = import_transformers()
            torch.set_num_threads(self._threads)
            kwargs: dict[str, Any] = {}
            if self._gguf_file is not None:
                kwargs["gguf_file"] = self._gguf_file
            try:
                tokenizer = transformers.AutoTokenizer.from_pretrained(self._source, **kwargs)
                model = transformers.AutoModelForCausalLM.from_pretrained(
                    self._source, dtype=self._dtype, **kwargs
                )
            except OSError as error:  # Missing files, or a hub id without a network.
                raise LanguageModelError(
                    f"transformers could not load {self._source}: {error}"
                ) from error
            self._torch, self._transformers = torch, transformers
            self._tokenizer, self._model = tokenizer, model.eval()
            self._cache_kwarg = _cache_kwarg(model)

    def load_tokenizer(self) -> Any:
        """The tokenizer alone (no weights), e.g. to score a text for the watermark."""
        if self._tokenizer is not None:
            return self._tokenizer
        _, transformers = import_transformers()
        kwargs = {"gguf_file": self._gguf_file} if self._gguf_file is not None else {}
        try:
            return transformers.AutoTokenizer.from_pretrained(self._source, **kwargs)
        except OSError as error:  # Missing files, or a hub id without a network.
            raise LanguageModelError(
                f"transformers could not load {self._source}: {error}"
            ) from error

    def close(self) -> None:
        with self._lock:
            self._model = self._tokenizer = self._prefix = None

    async def prefill(self, messages: list[ChatMessage]) -> bool:
        """Nothing: this engine caches only the fixed system prompt (computed at load)."""
        return False

    async def stream(
        self,
        messages: list[ChatMessage],
        options: GenerationOptions,
        cancel: CancelToken | None = None,
    ) -> AsyncGenerator[str, None]:
        loop = asyncio.get_running_loop()
        if self._model is None:
            await loop.run_in_executor(self._executor, self.load)
        queue: asyncio.Queue[str | None] = asyncio.Queue()  # None: the worker is done.
        stop = threading.Event()

        def should_stop() -> bool:
            return stop.is_set() or (cancel is not None and cancel.cancelled)

        def emit(text: str) -> None:
            if not stop.is_set():
                loop.call_soon_threadsafe(queue.put_nowait, text)

        job = self._executor.submit(self._generate, messages, options, emit, should_stop)
        future = asyncio.wrap_future(job)
        future.add_done_callback(lambda _: queue.put_nowait(None))
        cutter = _StopCutter(options.stop)
        try:
            while (item := await queue.get()) is not None:
                if should_stop():
                    return
                text, done = cutter.feed(item)
                if text:
                    yield text
                if done:
                    return
            await future  # Raises what the worker raised.
            if tail := cutter.flush():
                yield tail
        finally:
            stop.set()
            if not job.cancel():  # Not started yet: dropped. Running: wait for the next token.
                await asyncio.wait({future})
                if not future.cancelled():
                    future.exception()  # Mark it retrieved: an early exit has no use for it.

    def _generate(
        self,
        messages: list[ChatMessage],
        options: GenerationOptions,
        emit: Callable[[str], None],
        should_stop: Callable[[], bool],
    ) -> None:
        if should_stop():
            return
        torch, transformers = self._torch, self._transformers
        tokenizer, model = self._tokenizer, self._model
        if model is None:
            raise LanguageModelError("transformers model was closed")
        ids = self._prompt_ids(messages)
        past = self._cached_prefix(messages, ids)
        self.last_prefill_tokens = len(ids) - (past.get_seq_length() if past is not None else 0)
        streamer = _make_streamer(transformers, tokenizer, emit)
        kwargs = self._generation_kwargs(options)
        kwargs[self._cache_kwarg] = past
        if options.seed is not None:
            torch.manual_seed(options.seed)
        input_ids = torch.tensor([ids])
        with torch.no_grad():
            model.generate(
                input_ids=input_ids,
                attention_mask=torch.ones_like(input_ids),
                streamer=streamer,
                stopping_criteria=transformers.StoppingCriteriaList(
                    [_StopCriterion(torch, should_stop)]
                ),
                **kwargs,
            )

    def _generation_kwargs(self, options: GenerationOptions) -> dict[str, Any]:
        """Arguments for ``generate``; what is not given comes from the model's
        ``generation_config.json`` (e.g. Qwen's ``top_k``)."""
        kwargs: dict[str, Any] = {
            "max_new_tokens": options.max_tokens,
            # Penalties also hit the prompt and corrupted rewrites (docs/models.md): keep them off.
            "repetition_penalty": 1.0,
        }
        if options.temperature > 0:
            kwargs.update(do_sample=True, temperature=options.temperature, top_p=options.top_p)
        else:
            # Greedy. Reset the model's sampling defaults to transformers' neutral values, or
            # generate() logs that they are ignored (``None`` would mean "model default").
            kwargs.update(do_sample=False, temperature=1.0, top_p=1.0, top_k=50)
        if self._model.generation_config.pad_token_id is None:
            kwargs["pad_token_id"] = self._tokenizer.pad_token_id or self._tokenizer.eos_token_id
        if options.stop:
            kwargs.update(stop_strings=list(options.stop), tokenizer=self._tokenizer)
        if self.watermark is not None:
            kwargs["watermarking_config"] = self.watermark.to_transformers(self._transformers)
        return kwargs

    def _render(self, messages: list[ChatMessage], *, generation_prompt: bool) -> str:
        text = self._tokenizer.apply_chat_template(
            [m.model_dump() for m in messages],
            tokenize=False,
            add_generation_prompt=generation_prompt,
        )
        return str(text)

    def _tokens(self, text: str) -> list[int]:
        # The chat template already wrote any BOS token; do not add a second one.
        return list(self._tokenizer(text, add_special_tokens=False)["input_ids"])

    def _prompt_ids(self, messages: list[ChatMessage]) -> list[int]:
        return self._tokens(self._render(messages, generation_prompt=True))

    def _cached_prefix(self, messages: list[ChatMessage], ids: list[int]) -> Any:
        """A private copy of the KV cache of the leading system message, or ``None`` when the
        prompt does not start with it (then the whole prompt is prefilled)."""
        if not self._use_prefix_cache or len(messages) < 2 or messages[0].role != "system":
            return None
        prefix = self._prefix_ids(messages[0])
        if prefix is None or len(prefix) >= len(ids) or tuple(ids[: len(prefix)]) != prefix:
            return None
        if self._prefix is None or self._prefix[0] != prefix:
            self._prefix = (prefix, self._prefill(prefix))
        return copy.deepcopy(self._prefix[1])

    def _prefix_ids(self, system: ChatMessage) -> tuple[int, ...] | None:
        from jinja2 import TemplateError  # A transformers dependency.

        try:
            return tuple(self._tokens(self._render([system], generation_prompt=False)))
        except (TemplateError, ValueError):  # Some templates refuse a system-only chat.
            return None

    def _prefill(self, prefix: tuple[int, ...]) -> Any:
        torch = self._torch
        cache = self._transformers.DynamicCache(config=self._model.config)
        with torch.no_grad():
            kwargs = {self._cache_kwarg: cache}
            self._model(input_ids=torch.tensor([prefix]), use_cache=True, **kwargs)
        return cache


def _cache_kwarg(model: Any) -> str:
    """transformers 5.x renamed ``past_key_values`` to ``cache`` (the old name warns from 5.24
    on); use whichever this version's model takes."""
    parameters = inspect.signature(model.forward).parameters
    return "cache" if "cache" in parameters else "past_key_values"


class _StopCriterion:
    """Ends generation when the consumer stops listening or the turn is cancelled. A plain
    callable: ``StoppingCriteriaList`` only calls its members, and subclassing the untyped
    ``StoppingCriteria`` would need a type-check exemption."""

    def __init__(self, torch: Any, should_stop: Callable[[], bool]) -> None:
        self._torch = torch
        self._should_stop = should_stop

    def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
        stop = self._should_stop()
        return self._torch.full((input_ids.shape[0],), stop, dtype=self._torch.bool)


def _make_streamer(transformers: Any, tokenizer: Any, emit: Callable[[str], None]) -> Any:
    """A ``TextStreamer`` that hands each finished piece of text to ``emit``.

    TextStreamer does the hard part (holding back incomplete words and UTF-8 sequences);
    overriding its output hook avoids TextIteratorStreamer's blocking queue, which would need
    one more thread to bridge into asyncio.
    """

    class _Streamer(transformers.TextStreamer):  # type: ignore[misc]  # Untyped base class.
        def on_finalized_text(self, text: str, stream_end: bool = False) -> None:
            if text:
                emit(text)

    return _Streamer(tokenizer, skip_prompt=True, skip_special_tokens=True)


class _StopCutter:
    """Cuts the answer before the first stop string, as llama.cpp and OpenAI servers do
    (transformers stops *after* the token that completes it). Holds back just enough text
    to see a stop string that spans two deltas."""

    def __init__(self, stop: list[str]) -> None:
        self._stop = [s for s in stop if s]
        self._hold = max((len(s) for s in self._stop), default=1) - 1
        self._pending = ""

    def feed(self, text: str) -> tuple[str, bool]:
        """``(text to yield now, whether a stop string was found)``."""
        if not self._stop:
            return text, False
        self._pending += text
        found = [i for i in (self._pending.find(s) for s in self._stop) if i != -1]
        if found:
            out, self._pending = self._pending[: min(found)], ""
            return out, True
        cut = max(0, len(self._pending) - self._hold)
        out, self._pending = self._pending[:cut], self._pending[cut:]
        return out, False

    def flush(self) -> str:
        out, self._pending = self._pending, ""
        return out
