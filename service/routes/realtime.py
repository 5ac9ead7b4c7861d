"""``/v1/realtime``: the OpenAI Realtime protocol over WebSocket (GA and beta dialects).

The connection is authenticated before it is accepted (API key header or browser subprotocol,
origin allow-list, this machine's own page, dev mode on localhost). A refused program gets an
HTTP 401/403 with an OpenAI-shaped body. A refused page of an allowed origin is accepted and
closed at once with 4401/4403 and the error code as reason: a browser shows a refused handshake
to the page only as code 1006, and the page must say why in plain words. Past ``max_sessions``
a connection is accepted and closed at once with code 1013 and a reason, never half-served.
Idle sessions are closed; on shutdown every open session gets a close frame.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref

from fastapi import APIRouter, WebSocket
from fastapi.responses import JSONResponse
from starlette.websockets import WebSocketDisconnect, WebSocketState

from service.answers.types import AnswerTrace
from service.auth import ORIGIN_NOT_ALLOWED, AuthError, authenticate
from service.engines import Engines
from service.realtime.dialect import choose_dialect
from service.realtime.outbox import Outbox
from service.realtime.preferences import PreferenceSource
from service.realtime.server_events import ErrorDetail, ErrorEvent
from service.realtime.session import RealtimeSession
from service.settings import Settings
from service.telemetry.base import NoTelemetry, Telemetry
from service.telemetry.realtime import ObservedOutbox, RealtimeTurns

router = APIRouter(tags=["realtime"])
log = logging.getLogger(__name__)

CLOSE_NORMAL = 1000
CLOSE_GOING_AWAY = 1001
CLOSE_POLICY = 1008
CLOSE_TOO_BIG = 1009
CLOSE_TRY_AGAIN_LATER = 1013
CLOSE_UNAUTHORIZED = 4401
"""Application close codes (4000-4999) mirroring HTTP 401 and 403, which pages can read."""
CLOSE_FORBIDDEN = 4403


class SessionManager:
    """Counts live sessions against the limit and closes them all on shutdown."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.sockets: set[WebSocket] = set()

    def try_add(self, websocket: WebSocket) -> bool:
        if len(self.sockets) >= self.limit:
            return False
        self.sockets.add(websocket)
        return True

    def remove(self, websocket: WebSocket) -> None:
        self.sockets.discard(websocket)

    async def close_all(self, reason: str = "server shutting down") -> None:
        for websocket in list(self.sockets):
            with contextlib.suppress(RuntimeError, WebSocketDisconnect):  # already closing
                await websocket.close(CLOSE_GOING_AWAY, reason)


def _subprotocol(offered: list[str]) -> str | None:
    """Browsers fail the handshake unless the server picks one of the offered subprotocols."""
    if "realtime" in offered:
        return "realtime"
    return None


def _page_can_be_told(websocket: WebSocket, error: AuthError) -> bool:
    """A browser page of an allowed origin: it is shown the refusal's reason. Foreign origins
    (and programs, which read HTTP statuses) are refused before the handshake completes."""
    return "origin" in websocket.headers and error.code != ORIGIN_NOT_ALLOWED


async def _deny(websocket: WebSocket, error: AuthError, offered: list[str]) -> None:
    if _page_can_be_told(websocket, error):
        await websocket.accept(subprotocol=_subprotocol(offered))
        code = CLOSE_UNAUTHORIZED if error.status == 401 else CLOSE_FORBIDDEN
        await websocket.close(code, error.code)  # the page words it in its own language
        return
    body = {
        "error": {"type": "invalid_request_error", "code": error.code, "message": error.message}
    }
    if "websocket.http.response" in websocket.scope.get("extensions", {}):
        await websocket.send_denial_response(JSONResponse(body, status_code=error.status))
    else:
        await websocket.close(CLOSE_POLICY, error.message[:120])


@router.websocket("/v1/realtime")
async def realtime(websocket: WebSocket) -> None:
    app = websocket.app
    settings: Settings = app.state.settings
    engines: Engines = app.state.engines
    manager: SessionManager = app.state.realtime_sessions
    offered = list(websocket.scope.get("subprotocols", []))
    client = websocket.client.host if websocket.client else None
    try:
        owner = authenticate(
            websocket.headers, offered, client, settings, scheme=websocket.url.scheme
        )
    except AuthError as exc:
        engines.telemetry.session_refused(exc.code)
        await _deny(websocket, exc, offered)
        return
    await websocket.accept(subprotocol=_subprotocol(offered))
    if not manager.try_add(websocket):
        engines.telemetry.session_refused("at_capacity")
        await websocket.close(
            CLOSE_TRY_AGAIN_LATER,
            f"modu is serving its maximum of {manager.limit} sessions; try again later",
        )
        return
    dialect = choose_dialect(websocket.headers, offered)
    turns = _observed_turns(engines.telemetry)
    max_bytes = settings.realtime.max_outbox_bytes
    outbox = (
        ObservedOutbox(dialect, turns, max_bytes=max_bytes)
        if turns is not None
        else Outbox(dialect, max_bytes=max_bytes)
    )
    preferences: PreferenceSource | None = getattr(app.state, "profile_store", None)
    session = RealtimeSession(
        engines=engines, dialect=dialect, owner=owner, outbox=outbox, preferences=preferences
    )
    if turns is not None:
        # Weakly: the outbox (which the session holds) holds ``turns``, and a closure over the
        # session would make the closed session a reference cycle again (see weak.py).
        session_ref = weakref.ref(session)
        turns.trace_of = lambda response_id: _answer_trace(session_ref(), response_id)
    engines.telemetry.session_opened()
    sender = asyncio.create_task(outbox.run(websocket.send_text))
    session.start()
    try:
        await _serve_until_closed_or_overflowed(websocket, session, settings)
    finally:
        engines.telemetry.session_closed()
        manager.remove(websocket)
        await session.close()
        outbox.close()
        # A client that stopped reading gets no grace: its sender is blocked on the socket.
        grace = 0 if outbox.overflowed.is_set() else 5
        with contextlib.suppress(WebSocketDisconnect, RuntimeError, OSError, TimeoutError):
            await asyncio.wait_for(sender, timeout=grace)
        sender.cancel()
        # No collection needed: the closed session is no reference cycle (its parts hold its
        # methods weakly, service/realtime/weak.py) and its detector went back to the pool, so
        # it is freed by reference counting once this handler returns
        # (tests/unit/test_realtime_session_memory.py; bench/results/soak/heaptrack-2026-12-06.md).
        # What its engines' threads freed, glibc keeps unless asked: service/memory.py.
        app.state.memory.request()


def _observed_turns(telemetry: Telemetry) -> RealtimeTurns | None:
    """The session's events are read for metrics and traces only when something records them."""
    return None if isinstance(telemetry, NoTelemetry) else RealtimeTurns(telemetry)


def _answer_trace(session: RealtimeSession | None, response_id: str) -> AnswerTrace | None:
    """The answer pipeline's trace of the session's current response (the model's first
    token is no protocol event); none once the session is gone."""
    if session is None:
        return None
    runner = session.response
    return runner.trace if runner is not None and runner.id == response_id else None


async def _serve_until_closed_or_overflowed(
    websocket: WebSocket, session: RealtimeSession, settings: Settings
) -> None:
    """The receive loop, cut short when the client has let its outgoing queue overflow."""
    receiving = asyncio.create_task(_receive_loop(websocket, session, settings))
    overflow = asyncio.create_task(session.outbox.overflowed.wait())
    try:
        await asyncio.wait({receiving, overflow}, return_when=asyncio.FIRST_COMPLETED)
        if not receiving.done():
            receiving.cancel()
            limit = session.outbox.max_bytes
            reason = f"not reading: over {limit} bytes queued (MODU_REALTIME__MAX_OUTBOX_BYTES)"
            log.warning("closing a realtime session whose client stopped reading: %s", reason)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(_close(websocket, CLOSE_POLICY, reason), timeout=1)
            return
        await receiving  # its exception, if any, as before
    finally:
        overflow.cancel()
        receiving.cancel()


async def _receive_loop(websocket: WebSocket, session: RealtimeSession, settings: Settings) -> None:
    limits = settings.realtime
    while True:
        try:
            message = await asyncio.wait_for(websocket.receive(), timeout=limits.idle_timeout_s)
        except TimeoutError:
            if session.busy:
                continue
            await _close(websocket, CLOSE_NORMAL, f"idle for {limits.idle_timeout_s:g} s")
            return
        if message["type"] == "websocket.disconnect":
            return
        text, data = message.get("text"), message.get("bytes")
        size = len(text.encode()) if text is not None else len(data or b"")
        if size > limits.max_frame_bytes:
            session.outbox.emit(_too_big(size, limits.max_frame_bytes))
            continue
        if text is not None:
            await session.handle_text(text)
        elif data is not None:
            await session.handle_binary(data)


def _too_big(size: int, limit: int) -> ErrorEvent:
    return ErrorEvent(
        error=ErrorDetail(
            code="frame_too_large",
            message=f"Expected a WebSocket message of at most {limit} bytes; got {size}. "
            "Send audio in smaller chunks.",
        )
    )


async def _close(websocket: WebSocket, code: int, reason: str) -> None:
    if websocket.client_state == WebSocketState.CONNECTED:
        with contextlib.suppress(RuntimeError, WebSocketDisconnect):
            await websocket.close(code, reason)
