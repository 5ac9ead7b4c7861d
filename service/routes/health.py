"""``GET /health``: liveness, and whether every model the configured engines need is ready."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from service.deps import EnginesDep, SettingsDep
from service.settings import Settings
from voices.assemble import model_status
from voices.catalogue import CATALOGUE
from voices.version import VERSION

router = APIRouter(tags=["service"])


class ModelHealth(BaseModel):
    name: str
    kind: str
    status: str


class RemoteStageHealth(BaseModel):
    """One stage served by another server, and whether this replica is covering for it."""

    stage: str
    url: str
    falling_back: bool
    fallback: str | None = Field(description="the embedded engine; null: none on this replica")
    fallback_loaded: bool
    last_error: str | None


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    """``degraded``: a model is missing, or a remote stage is falling back."""
    version: str
    engines: dict[str, str]
    models: list[ModelHealth]
    remote: list[RemoteStageHealth] = []


def needed_models(settings: Settings) -> list[str]:
    """Catalogue models the configured engines will load (fake engines need none)."""
    needed = {
        "whisper-base": settings.stt.engine not in ("fake", "remote")
        and settings.stt.model == "whisper-base",
        "silero-vad": settings.vad.engine != "fake",
        settings.lm.model: settings.lm.engine in ("llamacpp", "transformers"),
        "en_US-joe-medium": settings.tts.engine in ("auto", "piper"),
        "espeak-ng": settings.tts.engine not in ("fake", "remote"),
    }
    return [name for name, used in needed.items() if used and name in CATALOGUE]


@router.get("/health", response_model=Health)
async def health(settings: SettingsDep, engines: EnginesDep) -> Health:
    """Liveness, whether each model the configured engines need is present and verified, and
    how each remote stage is doing."""
    models = [
        ModelHealth(
            name=name,
            kind=CATALOGUE[name].kind,
            status=model_status(CATALOGUE[name], settings.model_dir),
        )
        for name in needed_models(settings)
    ]
    remote = [RemoteStageHealth(**vars(status)) for status in engines.remote_stages()]
    healthy = all(m.status == "ready" for m in models) and not any(r.falling_back for r in remote)
    return Health(
        status="ok" if healthy else "degraded",
        version=VERSION,
        engines={
            "stt": settings.stt.engine,
            "vad": settings.vad.engine,
            "lm": settings.lm.engine,
            "tts": settings.tts.engine,
        },
        models=models,
        remote=remote,
    )
