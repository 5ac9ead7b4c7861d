"""``GET /health``: liveness, and whether every model the configured engines need is ready."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel

from service.deps import SettingsDep
from service.settings import Settings
from voices.assemble import model_status
from voices.catalogue import CATALOGUE
from voices.version import VERSION

router = APIRouter(tags=["service"])


class ModelHealth(BaseModel):
    name: str
    kind: str
    status: str


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    version: str
    engines: dict[str, str]
    models: list[ModelHealth]


def needed_models(settings: Settings) -> list[str]:
    """Catalogue models the configured engines will load (fake engines need none)."""
    needed = {
        "whisper-base": settings.stt.engine != "fake" and settings.stt.model == "whisper-base",
        "silero-vad": settings.vad.engine != "fake",
        settings.lm.model: settings.lm.engine in ("llamacpp", "transformers"),
        "en_US-joe-medium": settings.tts.engine in ("auto", "piper"),
        "espeak-ng": settings.tts.engine != "fake",
    }
    return [name for name, used in needed.items() if used and name in CATALOGUE]


@router.get("/health", response_model=Health)
async def health(settings: SettingsDep) -> Health:
    """Liveness and whether each model the configured engines need is present and verified."""
    models = [
        ModelHealth(
            name=name,
            kind=CATALOGUE[name].kind,
            status=model_status(CATALOGUE[name], settings.model_dir),
        )
        for name in needed_models(settings)
    ]
    return Health(
        status="ok" if all(m.status == "ready" for m in models) else "degraded",
        version=VERSION,
        engines={
            "stt": settings.stt.engine,
            "vad": settings.vad.engine,
            "lm": settings.lm.engine,
            "tts": settings.tts.engine,
        },
        models=models,
    )
