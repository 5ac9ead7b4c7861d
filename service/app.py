"""The HTTP service: ``create_app(settings)`` builds it; nothing is built at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, Request
from pydantic import BaseModel

from service.engines import Engines
from service.settings import Settings
from voices.assemble import model_status
from voices.catalogue import CATALOGUE, DEFAULT_MODELS

VERSION = "0.1.0"


class ModelHealth(BaseModel):
    name: str
    kind: str
    status: str


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    version: str
    engines: dict[str, str]
    models: list[ModelHealth]


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_engines(request: Request) -> Engines:
    engines: Engines = request.app.state.engines
    return engines


SettingsDep = Annotated[Settings, Depends(get_settings)]
EnginesDep = Annotated[Engines, Depends(get_engines)]


def _needed_models(settings: Settings) -> list[str]:
    """Default models the configured engines will load (fake engines need none)."""
    needed = {
        "whisper-base": settings.stt.engine != "fake" and settings.stt.model == "whisper-base",
        "silero-vad": settings.vad.engine != "fake",
        settings.lm.model: settings.lm.engine in ("llamacpp", "transformers"),
        "en_US-joe-medium": settings.tts.engine in ("auto", "piper"),
        "espeak-ng": settings.tts.engine != "fake",
    }
    return [name for name, used in needed.items() if used and name in CATALOGUE]


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.engines = Engines(settings)
        yield

    app = FastAPI(
        title="modu",
        version=VERSION,
        summary="An accessible, voice-first AI assistant. Every answer is AI-generated.",
        lifespan=lifespan,
    )

    @app.get("/health", response_model=Health, tags=["service"])
    async def health(settings: SettingsDep) -> Health:
        """Liveness and whether each model the configured engines need is present and verified."""
        names = _needed_models(settings)
        models = [
            ModelHealth(
                name=n,
                kind=CATALOGUE[n].kind,
                status=model_status(CATALOGUE[n], settings.model_dir),
            )
            for n in names
        ]
        ok = all(m.status == "ready" for m in models)
        return Health(
            status="ok" if ok else "degraded",
            version=VERSION,
            engines={
                "stt": settings.stt.engine,
                "vad": settings.vad.engine,
                "lm": settings.lm.engine,
                "tts": settings.tts.engine,
            },
            models=models,
        )

    return app


__all__ = ["DEFAULT_MODELS", "create_app"]
