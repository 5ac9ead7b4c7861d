"""The HTTP service: ``create_app(settings)`` builds it; nothing is built at import time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from service.engines import Engines
from service.errors import install_error_handlers
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
from service.routes.realtime import SessionManager
from service.settings import Settings
from service.version import VERSION


def create_app(settings: Settings, *, engines: Engines | None = None) -> FastAPI:
    """The whole service for ``settings``. Engines load lazily, on first use; ``engines``
    replaces them (tests and embedding)."""

    given_engines = engines

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        active = given_engines or Engines(settings)
        sessions = SessionManager(settings.realtime.max_sessions)
        app.state.settings = settings
        app.state.engines = active
        app.state.realtime_sessions = sessions
        warm_up = asyncio.create_task(active.warm_up()) if settings.server.preload else None
        try:
            yield
        finally:
            if warm_up is not None:
                warm_up.cancel()
            await sessions.close_all()
            await active.aclose()

    app = FastAPI(
        title="modu",
        version=VERSION,
        summary="An accessible, voice-first AI assistant. Every answer is AI-generated.",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(profiles.router)  # its lifespan opens and migrates the store
    app.include_router(realtime.router)
    app.include_router(protocol_docs.router)  # public: the AsyncAPI document
    app.include_router(openai_transcriptions.router)
    app.include_router(openai_speech.router)
    app.include_router(openai_chat.router)
    app.include_router(openai_models.router)
    app.include_router(verify.router)  # public: no API key needed
    app.include_router(web.router)  # public: the page at / and its files under /static/
    return app
