"""The HTTP service: ``create_app(settings)`` builds it; nothing is built at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from service.engines import Engines
from service.errors import install_error_handlers
from service.routes import health
from service.settings import Settings
from service.version import VERSION


def create_app(settings: Settings) -> FastAPI:
    """The whole service for ``settings``. Engines load lazily, on first use."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engines = Engines(settings)
        app.state.settings = settings
        app.state.engines = engines
        try:
            yield
        finally:
            await engines.aclose()

    app = FastAPI(
        title="modu",
        version=VERSION,
        summary="An accessible, voice-first AI assistant. Every answer is AI-generated.",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.include_router(health.router)
    return app
