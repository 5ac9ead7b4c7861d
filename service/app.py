"""The HTTP service: ``create_app(settings)`` builds it; nothing is built at import time."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accessibility import labels
from service.auth import AuthError, authenticate, require_owner
from service.engines import Engines
from service.errors import error_response, install_error_handlers
from service.memory import MemoryReleaser, glibc_trim
from service.openai_labels import PROVENANCE_HEADER
from service.routes import (
    health,
    openai_chat,
    openai_models,
    openai_speech,
    openai_transcriptions,
    profiles,
    protocol_docs,
    realtime,
    verify,
    web,
)
from service.routes.audio_slots import AudioSlots
from service.routes.metrics import metrics_router
from service.routes.realtime import SessionManager
from service.settings import Settings
from service.telemetry.wiring import AppTelemetry
from voices.version import VERSION

if TYPE_CHECKING:
    from opentelemetry.sdk.trace.export import SpanExporter

UPLOAD_TYPES = ("multipart/form-data", "audio/", "application/octet-stream")
"""Bodies that carry a file: capped at ``rest.max_upload_bytes`` (with room for the form's
framing) instead of ``rest.max_json_bytes``."""
FORM_OVERHEAD_BYTES = 64 * 1024


def _needs_owner(route: BaseRoute) -> bool:
    """The route depends on :func:`require_owner`, directly or through another dependency."""
    if not isinstance(route, APIRoute):
        return False
    pending = [route.dependant]
    while pending:
        dependant = pending.pop()
        if dependant.call is require_owner:
            return True
        pending.extend(dependant.dependencies)
    return False


@dataclass(frozen=True)
class BodyLimit:
    """How many bytes a request's body may hold, and what a refusal says: the setting's value
    (an upload's limit is the file's; the body may hold the form's framing besides)."""

    limit: int
    setting: str
    setting_value: int
    code: str
    param: str | None = None

    def message(self, size: int) -> str:
        return (
            f"expected a request body of at most {self.setting_value} bytes ({self.setting}); "
            f"received {size} bytes or more / 요청 본문은 {self.setting_value}바이트까지 받을 수 "
            "있습니다"
        )

    def response(self, size: int) -> JSONResponse:
        return error_response(413, self.message(size), param=self.param, code=self.code)

    def error(self, size: int) -> HTTPException:
        detail = {"code": self.code, "message": self.message(size), "param": self.param}
        return HTTPException(413, detail=detail)  # type: ignore[arg-type]  # dicts: see errors.py


def _body_limit(headers: Headers, settings: Settings) -> BodyLimit:
    content_type = headers.get("content-type", "").lower()
    if content_type.startswith(UPLOAD_TYPES):
        upload = settings.rest.max_upload_bytes
        return BodyLimit(
            upload + FORM_OVERHEAD_BYTES,
            "MODU_REST__MAX_UPLOAD_BYTES",
            upload,
            "file_too_large",
            "file",
        )
    json_limit = settings.rest.max_json_bytes
    return BodyLimit(json_limit, "MODU_REST__MAX_JSON_BYTES", json_limit, "body_too_large")


class RequestGuard:
    """Before any route reads a body: the key and ``Origin`` of routes that need an owner are
    checked (a refused caller costs no memory), and the body is capped, by ``Content-Length``
    unread and by counting the bytes that stream in (a client may declare none)."""

    def __init__(self, app: ASGIApp, settings: Settings, routes: list[BaseRoute]) -> None:
        self.app = app
        self.settings = settings
        self.routes = [(route, _needs_owner(route)) for route in routes]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        cap = _body_limit(headers, self.settings)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap.limit:
            await cap.response(int(declared))(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > cap.limit:
                # Raised inside the route's body read: FastAPI and the routes re-raise an
                # HTTPException, and the app's handler answers it in OpenAI's error shape.
                raise cap.error(received)
            return message

        await self.app(scope, counted, send)

    def _refusal(self, scope: Scope, headers: Headers) -> ASGIApp | None:
        # The route that will answer is the first full match, as in Starlette's router.
        needs_owner = next(
            (needs for route, needs in self.routes if route.matches(scope)[0] == Match.FULL),
            False,
        )
        if not needs_owner:
            return None
        client = scope.get("client")
        try:
            authenticate(
                headers, (), client[0] if client else None, self.settings, scheme=scope["scheme"]
            )
        except AuthError as error:
            return error_response(error.status, error.message, code=error.code)
        return None


EXPOSED_HEADERS = [
    "ETag",
    "Location",
    labels.HEADER_AI_GENERATED,
    labels.HEADER_MODEL,
    labels.HEADER_VOICE,
    labels.HEADER_GENERATOR,
    labels.HEADER_CREATED_AT,
    PROVENANCE_HEADER,
]
"""Response headers a page on an allowed origin may read: the profile version and the label."""


def _add_cors(app: FastAPI, settings: Settings) -> None:
    """Browsers on the listed origins may call the API. Outermost, so a preflight (which carries
    no key) is answered here before the key check; keys are bearer tokens, not cookies, so no
    credentials are allowed."""
    if not settings.auth.allowed_origins:
        return
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.auth.allowed_origins,
        allow_methods=["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
        allow_headers=["authorization", "content-type", "if-match", "openai-beta"],
        expose_headers=EXPOSED_HEADERS,
        max_age=600,
    )


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """How ``modu serve`` runs uvicorn: where, and a bounded shutdown (uvicorn otherwise waits
    for every connection, forever for a client that stopped reading)."""
    return {
        "host": settings.server.host,
        "port": settings.server.port,
        "log_level": "info",
        "timeout_graceful_shutdown": settings.server.shutdown_grace_s,
    }


def create_app(
    settings: Settings,
    *,
    engines: Engines | None = None,
    span_exporter: SpanExporter | None = None,
) -> FastAPI:
    """The whole service for ``settings``. Engines load lazily, on first use; ``engines``
    replaces them (tests and embedding) and is given the app's telemetry. ``span_exporter``
    receives the traces instead of the OTLP endpoint (tests)."""

    given_engines = engines
    telemetry = AppTelemetry(settings.telemetry, span_exporter=span_exporter)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        active = given_engines or Engines(settings)
        active.telemetry = telemetry.telemetry
        sessions = SessionManager(settings.realtime.max_sessions)
        app.state.settings = settings
        app.state.engines = active
        app.state.realtime_sessions = sessions
        memory = MemoryReleaser(glibc_trim() if settings.server.release_memory else None)
        app.state.memory = memory
        app.state.audio_slots = AudioSlots(
            settings.rest.max_concurrent_audio,
            settings.rest.audio_queue_seconds,
            after=memory.request,  # a decoded file's buffers were just freed
        )
        app.state.metrics = telemetry.metrics
        telemetry.start()
        warm_up = asyncio.create_task(active.warm_up()) if settings.server.preload else None
        try:
            yield
        finally:
            if warm_up is not None:
                warm_up.cancel()
            # Bounded: closing a socket whose client does not read can wait forever.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(sessions.close_all(), settings.server.shutdown_grace_s)
            await active.aclose()
            await telemetry.stop()

    app = FastAPI(
        title="modu",
        version=VERSION,
        summary="An accessible, voice-first AI assistant. Every answer is AI-generated.",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    routers = [
        health.router,
        profiles.router,  # its lifespan opens and migrates the store
        realtime.router,
        protocol_docs.router,  # public: the AsyncAPI document
        openai_transcriptions.router,
        openai_speech.router,
        openai_chat.router,
        openai_models.router,
        verify.router,  # public: no API key needed
        web.router,  # public: the page at / and its files under /static/
    ]
    if telemetry.metrics is not None:
        routers.append(metrics_router(needs_key=not settings.telemetry.metrics_without_key))
    for router in routers:
        app.include_router(router)
    # The routers' own routes, in the app's order: FastAPI wraps included ones in its own
    # types, while these carry their dependencies (which say who needs an API key).
    routes = [route for router in routers for route in router.routes]
    app.add_middleware(RequestGuard, settings=settings, routes=routes)
    _add_cors(app, settings)
    telemetry.instrument(app)  # wraps the whole stack: a span covers the checks above too
    return app
