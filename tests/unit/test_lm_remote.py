"""The OpenAI-compatible remote engine, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from voices.lm.base import CancelToken, ChatMessage, GenerationOptions, LanguageModelError
from voices.lm.fake import FakeLanguageModel
from voices.lm.fallback import FallbackLanguageModel
from voices.lm.remote import RemoteLanguageModel

MESSAGES = [
    ChatMessage(role="system", content="You are modu."),
    ChatMessage(role="user", content="Hello"),
]
OPTIONS = GenerationOptions(max_tokens=20, temperature=0.0, seed=7)


def _chunk(text: str) -> str:
    return "data: " + json.dumps({"choices": [{"index": 0, "delta": {"content": text}}]})


def _role_chunk() -> str:
    return "data: " + json.dumps({"choices": [{"index": 0, "delta": {"role": "assistant"}}]})


Script = Callable[["_Handler"], None]
"""What the server does for one request: write SSE lines, an HTTP error, or stall."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        self.server.requests.append(
            (self.path, dict(self.headers), json.loads(self.rfile.read(length)))
        )
        self.server.script(self)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""

    def start_sse(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def send_lines(self, *lines: str) -> None:
        data = "".join(f"{line}\n" for line in lines).encode()
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def end_sse(self) -> None:
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def send_status(self, status: int, body: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body.encode())))
        self.end_headers()
        self.wfile.write(body.encode())


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[tuple[str, dict[str, str], Any]] = []
        self.script: Script = lambda handler: None
        self.disconnected = threading.Event()
        self.lines_sent = 0

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients here hang up mid-stream on purpose; report anything else as usual."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


@pytest.fixture
def server() -> Iterator[_Server]:
    httpd = _Server()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join()


async def _collect(stream: AsyncIterator[str]) -> list[str]:
    return [delta async for delta in stream]


def _serve_answer(handler: _Handler) -> None:
    handler.start_sse()
    handler.send_lines(": keep-alive comment", "", _role_chunk(), "")
    handler.send_lines(_chunk("Hello"), "", _chunk(" there"), "")
    handler.send_lines("event: ignored", _chunk("!"), "")
    handler.send_lines('data: {"choices": [], "usage": {"total_tokens": 9}}', "")
    handler.send_lines("data: [DONE]", "")
    handler.end_sse()


def _serve_slowly(handler: _Handler) -> None:
    """200 words, 20 ms apart, until the client hangs up."""
    handler.start_sse()
    server = handler.server
    try:
        for i in range(200):
            handler.send_lines(_chunk(f" w{i}"), "")
            server.lines_sent += 1
            time.sleep(0.02)
        handler.end_sse()
    except (BrokenPipeError, ConnectionResetError):
        server.disconnected.set()


@pytest.mark.asyncio
async def test_streams_deltas_and_sends_an_openai_request(server: _Server) -> None:
    server.script = _serve_answer
    engine = RemoteLanguageModel(server.base_url + "/", api_key="sk-test", model="qwen")
    assert await _collect(engine.stream(MESSAGES, OPTIONS)) == ["Hello", " there", "!"]
    await engine.aclose()
    path, headers, body = server.requests[0]
    assert path == "/v1/chat/completions"
    assert headers["Authorization"] == "Bearer sk-test"
    assert body == {
        "model": "qwen",
        "messages": [m.model_dump() for m in MESSAGES],
        "stream": True,
        "max_tokens": 20,
        "temperature": 0.0,
        "top_p": 0.9,
        "seed": 7,
    }
    assert (engine.name, engine.model_id, engine.note) == ("remote", "qwen", None)


@pytest.mark.asyncio
async def test_client_is_reused_across_turns(server: _Server) -> None:
    server.script = _serve_answer
    engine = RemoteLanguageModel(server.base_url)
    for _ in range(2):
        assert "".join(await _collect(engine.stream(MESSAGES, OPTIONS))) == "Hello there!"
    await engine.aclose()
    assert "Authorization" not in server.requests[0][1]


@pytest.mark.asyncio
async def test_http_error_names_url_and_status(server: _Server) -> None:
    server.script = lambda h: h.send_status(401, '{"error": {"message": "bad key"}}')
    engine = RemoteLanguageModel(server.base_url)
    with pytest.raises(LanguageModelError) as caught:
        await _collect(engine.stream(MESSAGES, OPTIONS))
    await engine.aclose()
    message = str(caught.value)
    assert f"{server.base_url}/chat/completions" in message
    assert "HTTP 401 Unauthorized" in message and "bad key" in message


@pytest.mark.asyncio
async def test_error_event_in_the_stream_raises(server: _Server) -> None:
    def script(handler: _Handler) -> None:
        handler.start_sse()
        handler.send_lines(_chunk("Hi"), "", 'data: {"error": {"message": "out of memory"}}', "")
        handler.end_sse()

    server.script = script
    engine = RemoteLanguageModel(server.base_url)
    deltas: list[str] = []
    with pytest.raises(LanguageModelError, match="out of memory"):
        async for delta in engine.stream(MESSAGES, OPTIONS):
            deltas.append(delta)
    await engine.aclose()
    assert deltas == ["Hi"]


@pytest.mark.asyncio
async def test_invalid_json_raises(server: _Server) -> None:
    def script(handler: _Handler) -> None:
        handler.start_sse()
        handler.send_lines("data: {not json", "")
        handler.end_sse()

    server.script = script
    engine = RemoteLanguageModel(server.base_url)
    with pytest.raises(LanguageModelError, match="invalid JSON"):
        await _collect(engine.stream(MESSAGES, OPTIONS))
    await engine.aclose()


@pytest.mark.asyncio
async def test_stalled_server_times_out(server: _Server) -> None:
    def script(handler: _Handler) -> None:
        handler.start_sse()
        time.sleep(1.0)

    server.script = script
    engine = RemoteLanguageModel(server.base_url, timeout_s=0.2)
    with pytest.raises(LanguageModelError, match="timed out"):
        await _collect(engine.stream(MESSAGES, OPTIONS))
    await engine.aclose()


@pytest.mark.asyncio
async def test_cancel_closes_the_stream(server: _Server) -> None:
    server.script = _serve_slowly
    engine = RemoteLanguageModel(server.base_url)
    cancel = CancelToken()
    deltas: list[str] = []
    async for delta in engine.stream(MESSAGES, OPTIONS, cancel):
        deltas.append(delta)
        if len(deltas) == 3:
            cancel.cancel()
    await engine.aclose()
    assert deltas == [" w0", " w1", " w2"]
    assert server.disconnected.wait(3.0)  # The server saw the client hang up ...
    assert server.lines_sent < 200  # ... long before the answer was done.


@pytest.mark.asyncio
async def test_closing_the_iterator_early_closes_the_stream(server: _Server) -> None:
    server.script = _serve_slowly
    engine = RemoteLanguageModel(server.base_url)
    stream = engine.stream(MESSAGES, OPTIONS)
    assert [await anext(stream) for _ in range(2)] == [" w0", " w1"]
    await stream.aclose()
    await engine.aclose()
    assert server.disconnected.wait(3.0)
    assert server.lines_sent < 200


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port  # Nothing listens here once the socket is closed.


@pytest.mark.asyncio
async def test_unreachable_server_raises_with_its_url() -> None:
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    engine = RemoteLanguageModel(url)
    with pytest.raises(LanguageModelError, match=f"{url}/chat/completions unreachable"):
        await _collect(engine.stream(MESSAGES, OPTIONS))
    await engine.aclose()


@pytest.mark.asyncio
async def test_unreachable_server_falls_back_with_a_note() -> None:
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    remote = RemoteLanguageModel(url)
    engine = FallbackLanguageModel(
        remote, FakeLanguageModel(model_id="qwen2.5-coder-1.5b-instruct")
    )
    answer = "".join(await _collect(engine.stream(MESSAGES, OPTIONS)))
    await remote.aclose()
    assert answer == "I am modu, a test assistant. This is a short answer."
    assert engine.note is not None
    assert engine.note.startswith(f"remote language model at {url}/chat/completions unreachable")
    assert engine.note.endswith("answered with the embedded model fake/qwen2.5-coder-1.5b-instruct")
    assert engine.name == "fake"


@pytest.mark.asyncio
@pytest.mark.parametrize(("recheck_s", "second_answer"), [(0.0, "Hello there!"), (30.0, "local")])
async def test_the_server_is_tried_again_after_the_recheck_setting(
    server: _Server, recheck_s: float, second_answer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``MODU_LM__REMOTE_RECHECK_S``: how long the embedded model answers after a failure."""
    from service import engine_builders
    from service.settings import Settings

    monkeypatch.setattr(
        engine_builders, "build_local_language_model", lambda _: FakeLanguageModel(default="local")
    )
    lm = {"engine": "remote", "remote_url": server.base_url, "remote_recheck_s": recheck_s}
    engine = engine_builders.build_language_model(Settings.model_validate({"lm": lm}))
    assert isinstance(engine, FallbackLanguageModel)
    server.script = lambda h: h.send_status(503, '{"error": {"message": "loading"}}')
    assert "".join(await _collect(engine.stream(MESSAGES, OPTIONS))) == "local"
    server.script = _serve_answer  # the server is back
    assert "".join(await _collect(engine.stream(MESSAGES, OPTIONS))) == second_answer
    assert isinstance(engine.primary, RemoteLanguageModel)
    await engine.primary.aclose()
