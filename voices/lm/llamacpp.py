"""The embedded default engine: llama.cpp's server, in-process, through ``xllamacpp``.

``xllamacpp.Server.handle_chat_completions(request, callback)`` blocks until the answer is done
and calls ``callback(chunk)`` from its own thread for every streamed chunk; returning ``True``
from the callback stops generation. Exceptions raised inside the callback are swallowed by the
binding (measured), so the callback never raises: it hands errors over through the queue.
"""

from __future__ import annotations

import asyncio
import importlib
import secrets
import threading
from collections.abc import AsyncGenerator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any, Final

from voices.lm.base import CancelToken, ChatMessage, GenerationOptions, LanguageModelError

LOG_ERRORS_ONLY: Final = 1
"""llama.cpp's log verbosity threshold: 0 generic, 1 error, 2 warning, 3 info (its default,
~20 lines per request), 4 debug. -1 silences even load errors, which users need to see.
The threshold is process-wide (``common_log``): the last server created sets it for all."""


def import_xllamacpp() -> ModuleType:
    try:
        return importlib.import_module("xllamacpp")
    except ImportError as error:
        raise ImportError(
            "The llama.cpp engine needs xllamacpp: pip install 'modu[llamacpp]'"
        ) from error


class LlamaCppLanguageModel:
    """A GGUF model served by llama.cpp in this process.

    ``context_tokens`` is llama.cpp's ``n_ctx``, shared by the ``parallel`` slots (each slot
    holds one conversation and its prompt cache). The server is created on first use, or by
    :meth:`load`; generation runs on a private pool of ``parallel`` threads so that a long
    answer never occupies asyncio's default executor.

    Cancellation (the token, or closing the iterator early) takes effect at the next token;
    llama.cpp does not call back during prompt processing, so a cancel during a long prefill
    waits for it to finish.
    """

    continues_answers = True
    """A final assistant message is the start of the answer, and llama.cpp goes on from it
    ("assistant prefill"), reusing the slot's cache of those words (measured: 1 prompt token
    processed after 44 reused), so an answer may stop and go on (service/answers/pacing.py)."""

    def __init__(
        self,
        model_path: Path,
        *,
        model_id: str,
        threads: int = 2,
        context_tokens: int = 4096,
        parallel: int = 2,
        prompt_cache_mib: int = 128,
        log_verbosity: int = LOG_ERRORS_ONLY,
    ) -> None:
        self._xllamacpp = import_xllamacpp()
        self.model_path = Path(model_path)
        self._model_id = model_id
        self._threads = threads
        self._context_tokens = context_tokens
        self._parallel = parallel
        self._prompt_cache_mib = prompt_cache_mib
        self._log_verbosity = log_verbosity
        self._server: Any = None
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=parallel, thread_name_prefix="llama.cpp")
        self.last_timings: dict[str, Any] | None = None
        """llama.cpp's ``timings`` of the last finished answer: ``cache_n`` (prompt tokens
        reused from the cache), ``prompt_n``, ``prompt_ms``, ``predicted_per_second``, …"""

    @property
    def name(self) -> str:
        return "llama.cpp"

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def note(self) -> str | None:
        return None

    @property
    def loaded(self) -> bool:
        return self._server is not None

    def load(self) -> None:
        """Load the model now (blocking, seconds). Safe to call from several threads."""
        with self._lock:
            if self._server is None:
                self._server = self._create_server()

    def close(self) -> None:
        """Free the model; the next request loads it again. Call when no answer is streaming."""
        with self._lock:
            self._server = None

    def _create_server(self) -> Any:
        if not self.model_path.is_file():
            raise LanguageModelError(f"llama.cpp model file not found: {self.model_path}")
        params = self._xllamacpp.CommonParams()
        params.model.path = str(self.model_path)
        params.n_ctx = self._context_tokens
        params.n_parallel = self._parallel
        # One KV cache shared by the slots: a slot may use the whole context, and the memory is
        # not split into per-slot pieces that a long conversation would overflow.
        params.kv_unified = True
        params.cpuparams.n_threads = self._threads
        params.cpuparams_batch.n_threads = self._threads
        params.warmup = False  # Saves ~1 s at load; the first answer is barely slower.
        params.verbosity = self._log_verbosity
        params.offline = True  # Never fetch a model from a hub.
        # llama.cpp's own default is 8 GiB of saved prompts; ours is MODU_LM__PROMPT_CACHE_MIB.
        params.cache_ram_mib = self._prompt_cache_mib
        # Read the weights into memory instead of mapping the file: llama.cpp repacks them for
        # the CPU's matrix kernels, and with a mapping the file's pages stayed resident too
        # (measured: RSS 2182 MB mapped, 1581 MB read; prefill and decoding no slower).
        params.load_mode = self._xllamacpp.llama_load_mode.LLAMA_LOAD_MODE_NONE
        _lock_down_http(params)
        params.endpoint_metrics = True  # For the round trip below (the HTTP side is locked).
        try:
            server = self._xllamacpp.Server(params)
        except RuntimeError as error:  # The binding says only "Failed to init server".
            raise LanguageModelError(
                f"llama.cpp could not load {self.model_path} ({error}); is it a complete GGUF file?"
            ) from error
        # xllamacpp race (measured: hangs on the 3rd create-and-drop): Server() returns before
        # its task loop starts, and a Server dropped in that gap never stops (its destructor
        # joins a loop that missed the terminate). A metrics request is answered by that loop,
        # so once it returns (~5 ms) the loop is running and the server can be dropped.
        server.handle_metrics()
        return server

    def _request(self, messages: list[ChatMessage], options: GenerationOptions) -> dict[str, Any]:
        request: dict[str, Any] = {
            "messages": [m.model_dump() for m in messages],
            "stream": True,
            "cache_prompt": True,  # Reuse the KV cache of the unchanged prefix (system prompt).
            "max_tokens": options.max_tokens,
            "temperature": options.temperature,
            "top_p": options.top_p,
            "repeat_penalty": 1.0,  # Penalties also hit the prompt and corrupt rewrites.
        }
        if options.seed is not None:
            request["seed"] = options.seed
        if options.stop:
            request["stop"] = list(options.stop)
        return request

    async def stream(
        self,
        messages: list[ChatMessage],
        options: GenerationOptions,
        cancel: CancelToken | None = None,
    ) -> AsyncGenerator[str, None]:
        loop = asyncio.get_running_loop()
        if self._server is None:
            await loop.run_in_executor(self._executor, self.load)
        handler = _ChunkHandler(loop, cancel, self)
        request = self._request(messages, options)
        job = self._executor.submit(self._generate, self._server, request, handler)
        future = asyncio.wrap_future(job)
        future.add_done_callback(lambda _: handler.queue.put_nowait(None))  # None: worker done.
        try:
            while (item := await handler.queue.get()) is not None:
                if isinstance(item, LanguageModelError):
                    raise item
                if cancel is not None and cancel.cancelled:
                    return
                yield item
            await future  # Raises what the worker raised.
        finally:
            handler.stop.set()
            # Not started yet: dropped. Running: llama.cpp stops at its next token; wait for
            # that, so the slot is free when the caller goes on.
            if not job.cancel():
                await asyncio.wait({future})
                if not future.cancelled():
                    future.exception()  # Mark it retrieved: an early exit has no use for it.

    async def prefill(self, messages: list[ChatMessage]) -> bool:
        """One token's request: llama.cpp processes the prompt into a slot's KV cache, and the
        next request with the same beginning reuses it (``cache_prompt``); slots are chosen by
        prompt similarity, so it lands where this one left its cache."""
        loop = asyncio.get_running_loop()
        if self._server is None:
            await loop.run_in_executor(self._executor, self.load)
        request = {
            "messages": [m.model_dump() for m in messages],
            "stream": False,
            "cache_prompt": True,
            "max_tokens": 1,
            "temperature": 0.0,
        }
        await loop.run_in_executor(self._executor, self._prefill, self._server, request)
        return True

    @staticmethod
    def _prefill(server: Any, request: dict[str, Any]) -> None:
        try:
            server.handle_chat_completions(request, lambda _chunk: None)
        except RuntimeError as error:  # C++ exceptions surface as RuntimeError.
            raise LanguageModelError(f"llama.cpp failed: {error}") from error

    @staticmethod
    def _generate(server: Any, request: dict[str, Any], handler: _ChunkHandler) -> None:
        try:
            server.handle_chat_completions(request, handler)
        except RuntimeError as error:  # C++ exceptions surface as RuntimeError.
            raise LanguageModelError(f"llama.cpp failed: {error}") from error


class _ChunkHandler:
    """The callback llama.cpp calls, in its thread, for each chunk. It must never raise."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        cancel: CancelToken | None,
        engine: LlamaCppLanguageModel,
    ) -> None:
        self.loop = loop
        self.cancel = cancel
        self.engine = engine
        self.queue: asyncio.Queue[str | LanguageModelError | None] = asyncio.Queue()
        self.stop = threading.Event()
        """Set when the consumer stops reading (closed the iterator or finished)."""

    def __call__(self, chunk: Any) -> bool:
        """Returns True to make llama.cpp stop generating."""
        if self.stop.is_set() or (self.cancel is not None and self.cancel.cancelled):
            return True
        try:
            item = _chunk_item(chunk)
        except Exception as error:  # noqa: BLE001  # The binding would swallow it silently.
            item = LanguageModelError(f"llama.cpp sent a chunk we cannot read: {error!r}")
        if isinstance(chunk, dict) and "timings" in chunk:
            self.engine.last_timings = chunk["timings"]
        if item is None:
            return False
        try:
            self.loop.call_soon_threadsafe(self.queue.put_nowait, item)
        except RuntimeError:  # The event loop is closed: nobody is listening any more.
            return True
        return isinstance(item, LanguageModelError)


def _chunk_item(chunk: Any) -> str | LanguageModelError | None:
    """A chunk's text delta, the error it reports, or ``None`` when it carries no text."""
    if not isinstance(chunk, dict):
        return LanguageModelError(f"llama.cpp sent an unexpected chunk: {chunk!r:.200}")
    if "error" in chunk:
        error = chunk["error"]
        message = error.get("message", error) if isinstance(error, dict) else error
        return LanguageModelError(f"llama.cpp: {message}")
    choices = chunk.get("choices") or []
    if not choices:
        return None
    content = (choices[0].get("delta") or {}).get("content")
    return content if isinstance(content, str) and content else None


def _lock_down_http(params: Any) -> None:
    """xllamacpp also starts llama.cpp's HTTP server on a random 127.0.0.1 port (measured: it
    answers /v1/chat/completions with no key, CORS open to all). Nothing here uses that port,
    so require a random key nobody knows and turn off the web UI and extra endpoints. The
    in-process ``handle_*`` calls skip HTTP authentication and keep working."""
    params.api_keys = [secrets.token_urlsafe(32)]
    params.ui = False
    params.endpoint_slots = False
    params.endpoint_props = False
    params.n_threads_http = 1
