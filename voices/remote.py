"""One pooled HTTP client per remote stage, with timeouts and bounded retries.

Speech recognition and voices run in worker threads, so this client is synchronous:
``httpx.Client`` keeps a pool of connections and may be shared by those threads. A request is
retried only while nothing of its answer has been used (it failed to connect, timed out before
an answer, or the server said it is busy or broken: 429 or 5xx); once a body is being read a
failure is final, since its first part may already be playing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Final

import httpx

from voices.observer import EngineObserver, Outcome

CONNECT_TIMEOUT_S: Final = 3.0
"""Connecting is capped apart from the request timeout: an unreachable host should fall back
within seconds, while a busy server may legitimately take longer to answer."""
RETRY_STATUS: Final = frozenset({429, 500, 502, 503, 504})
"""Statuses that say "not now" rather than "not this request": worth another try."""
BACKOFF_S: Final = 0.1
"""First pause between tries; it doubles each time."""
_ERROR_BODY_CHARS: Final = 300


class RemoteStageError(RuntimeError):
    """A remote stage could not be used: the message names the stage, the URL and what
    happened (after every retry)."""


class RemoteEndpoint:
    """``POST`` to one URL of an OpenAI-compatible server for one stage (``stt``, ``tts``).

    ``what`` names the stage in errors (e.g. ``"remote speech recognition"``). ``retries``
    more tries follow a transient failure. ``transport`` is for tests (``httpx.MockTransport``);
    ``sleep`` lets them skip the back-off.
    """

    def __init__(
        self,
        stage: str,
        what: str,
        url: str,
        *,
        api_key: str | None = None,
        timeout_s: float = 30.0,
        retries: int = 2,
        transport: httpx.BaseTransport | None = None,
        observer: EngineObserver | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.stage = stage
        self.what = what
        self.url = url
        self.retries = retries
        self.observer = observer
        self._api_key = api_key
        self._timeout = httpx.Timeout(timeout_s, connect=min(CONNECT_TIMEOUT_S, timeout_s))
        self._transport = transport
        self._sleep = sleep
        self._client: httpx.Client | None = None
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    def _get_client(self) -> httpx.Client:
        with self._lock:
            if self._client is None:
                headers = {"Authorization": f"Bearer {self._api_key}"} if self._api_key else {}
                self._client = httpx.Client(
                    timeout=self._timeout,
                    headers=headers,
                    transport=self._transport,
                    limits=httpx.Limits(max_connections=32, max_keepalive_connections=8),
                )
            return self._client

    def error(self, happened: str) -> RemoteStageError:
        return RemoteStageError(f"{self.what} at {self.url} {happened}")

    def read_error(self, error: httpx.HTTPError) -> RemoteStageError:
        """An error while reading an answer's body (not retried: part of it was used)."""
        return self.error(f"broke off while answering: {type(error).__name__}: {error}")

    @contextmanager
    def post(self, **request: Any) -> Iterator[httpx.Response]:
        """The server's successful answer, its body not yet read (read it in the ``with``
        block). ``request``: httpx's ``json=``, ``data=``, ``files=``. Raises
        :class:`RemoteStageError` once the tries are spent, or at once for a request the server
        refuses (4xx other than 429)."""
        client = self._get_client()
        started = time.perf_counter()
        happened, tries = "was not tried", 0
        for tries in range(1, self.retries + 2):
            if tries > 1:
                self._sleep(BACKOFF_S * 2 ** (tries - 2))
            try:
                response = client.send(
                    client.build_request("POST", self.url, **request), stream=True
                )
            except httpx.TimeoutException as error:
                happened = f"timed out ({type(error).__name__})"
                continue
            except httpx.TransportError as error:  # refused, DNS, reset: the server is not there
                happened = f"unreachable: {type(error).__name__}: {error}"
                continue
            if response.is_success:
                self._report(started, "ok")
                try:
                    yield response
                finally:
                    response.close()
                return
            happened = self._status_error(response)
            if response.status_code not in RETRY_STATUS:
                break
        self._report(started, "error")
        tried = f" (tried {tries} times)" if tries > 1 else ""
        raise self.error(happened + tried)

    @staticmethod
    def _status_error(response: httpx.Response) -> str:
        try:
            body = response.read().decode("utf-8", "replace")[:_ERROR_BODY_CHARS].strip()
        except httpx.HTTPError as error:  # the error body itself broke off: the status says enough
            body = f"(body unreadable: {type(error).__name__})"
        finally:
            response.close()
        return f"answered HTTP {response.status_code} {response.reason_phrase}: {body}"

    def _report(self, started: float, outcome: Outcome) -> None:
        if self.observer is not None:
            self.observer.remote_call(self.stage, time.perf_counter() - started, outcome)
