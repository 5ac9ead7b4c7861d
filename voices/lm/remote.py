"""An OpenAI-compatible chat server (vLLM, llama.cpp server, Ollama, …) over streaming HTTP."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncGenerator
from typing import Any, Final

import httpx

from voices.lm.base import CancelToken, ChatMessage, GenerationOptions, LanguageModelError
from voices.observer import EngineObserver, Outcome

CONNECT_TIMEOUT_S: Final = 5.0
"""Connecting is capped separately from ``timeout_s``: an unreachable host should fall back
within seconds, while a busy server may legitimately take long between tokens."""

_ERROR_BODY_CHARS: Final = 300


class RemoteLanguageModel:
    """Streams ``POST {base_url}/chat/completions`` with ``stream: true`` (server-sent events).

    Cancellation is checked between events; closing the iterator (or cancelling the task that
    reads it) closes the HTTP stream at once, which makes the server stop generating.
    The HTTP client is created on first use, in the running event loop; call :meth:`aclose`
    when done. ``transport`` is for tests (e.g. ``httpx.MockTransport``).
    """

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str | None = None,
        model: str = "default",
        timeout_s: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
        observer: EngineObserver | None = None,
    ) -> None:
        """``observer`` is told how long each request took to its first token (or to fail)."""
        self.base_url = base_url.rstrip("/")
        self.url = f"{self.base_url}/chat/completions"
        self._api_key = api_key
        self._model = model
        self._timeout = httpx.Timeout(timeout_s, connect=min(CONNECT_TIMEOUT_S, timeout_s))
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self.observer = observer

    @property
    def name(self) -> str:
        return "remote"

    @property
    def model_id(self) -> str:
        return self._model

    @property
    def note(self) -> str | None:
        return None

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def _request_body(self, messages: list[ChatMessage], options: GenerationOptions) -> Any:
        body: dict[str, Any] = {
            "model": self._model,
            "messages": [m.model_dump() for m in messages],
            "stream": True,
            "max_tokens": options.max_tokens,
            "temperature": options.temperature,
            "top_p": options.top_p,
        }
        if options.seed is not None:
            body["seed"] = options.seed
        if options.stop:
            body["stop"] = options.stop
        return body

    def _get_client(self) -> httpx.AsyncClient:
        if self._client is None:
            headers = {"Accept": "text/event-stream"}
            if self._api_key:
                headers["Authorization"] = f"Bearer {self._api_key}"
            self._client = httpx.AsyncClient(
                timeout=self._timeout, headers=headers, transport=self._transport
            )
        return self._client

    async def prefill(self, messages: list[ChatMessage]) -> bool:
        """Nothing: a remote server keeps its own caches, and a round trip to warm one would
        cost more than it saves."""
        return False

    async def stream(
        self,
        messages: list[ChatMessage],
        options: GenerationOptions,
        cancel: CancelToken | None = None,
    ) -> AsyncGenerator[str, None]:
        body = self._request_body(messages, options)
        latency = _Latency(self.observer)
        try:
            async with self._get_client().stream("POST", self.url, json=body) as response:
                await self._raise_for_status(response)
                async for line in response.aiter_lines():
                    if cancel is not None and cancel.cancelled:
                        return
                    delta = _parse_sse_line(line, self.url)
                    if delta is None:
                        latency.report("ok")  # an empty answer: the server answered
                        return
                    if delta:
                        latency.report("ok")
                        yield delta
        except httpx.TimeoutException as error:
            latency.report("error")
            raise LanguageModelError(
                f"remote language model at {self.url} timed out ({type(error).__name__})"
            ) from error
        except httpx.HTTPError as error:  # Connection refused, DNS, reset, protocol errors.
            latency.report("error")
            raise LanguageModelError(
                f"remote language model at {self.url} unreachable: {type(error).__name__}: {error}"
            ) from error
        except LanguageModelError:  # an HTTP error status, or a body that is not the protocol
            latency.report("error")
            raise

    async def _raise_for_status(self, response: httpx.Response) -> None:
        if response.is_success:
            return
        body = (await response.aread()).decode("utf-8", "replace")[:_ERROR_BODY_CHARS]
        raise LanguageModelError(
            f"remote language model at {self.url} answered HTTP {response.status_code}"
            f" {response.reason_phrase}: {body.strip()}"
        )


class _Latency:
    """Reports one request's time to its first token, or to its failure, once."""

    def __init__(self, observer: EngineObserver | None) -> None:
        self.observer = observer
        self.started = time.perf_counter()
        self.reported = observer is None

    def report(self, outcome: Outcome) -> None:
        if self.reported:
            return
        self.reported = True
        assert self.observer is not None
        self.observer.remote_call("lm", time.perf_counter() - self.started, outcome)


def _parse_sse_line(line: str, url: str) -> str | None:
    """One SSE line → a text delta (possibly empty), or ``None`` at ``data: [DONE]``.

    Only ``data:`` lines matter; comments (``:``), ``event:``/``id:`` fields and blank
    separators are skipped. Every chunk here fits one line, as OpenAI-compatible servers send.
    """
    if not line.startswith("data:"):
        return ""
    payload = line[len("data:") :].strip()
    if payload == "[DONE]":
        return None
    try:
        chunk = json.loads(payload)
    except json.JSONDecodeError as error:
        raise LanguageModelError(
            f"remote language model at {url} sent invalid JSON: {payload[:80]!r}"
        ) from error
    return _delta_text(chunk, url)


def _delta_text(chunk: Any, url: str) -> str:
    if not isinstance(chunk, dict):
        raise LanguageModelError(f"remote language model at {url} sent {chunk!r}")
    if "error" in chunk:
        error = chunk["error"]
        message = error.get("message", error) if isinstance(error, dict) else error
        raise LanguageModelError(f"remote language model at {url} failed: {message}")
    choices = chunk.get("choices") or []
    if not choices:  # e.g. the final usage-only chunk.
        return ""
    delta = choices[0].get("delta") or {}
    content = delta.get("content")
    return content if isinstance(content, str) else ""
