"""``GET /v1/models``: the models this service runs, in OpenAI's list shape.

Names come from the settings, so listing loads nothing. Requests to the other endpoints may name
any model; these are the ones that actually answer, recognise and speak.
"""

from __future__ import annotations

import time

from fastapi import APIRouter, Depends, HTTPException

from service.auth import require_owner
from service.deps import SettingsDep
from service.errors import ErrorResponse
from service.openai_schemas import ModelCard, ModelList, ModelRole
from service.settings import Settings

OWNER = "modu"

router = APIRouter(tags=["openai"], dependencies=[Depends(require_owner)])


def _chat_model(settings: Settings) -> tuple[str, str]:
    lm = settings.lm
    if lm.engine == "fake":
        return "fake", "fake"
    if lm.engine == "remote":
        return lm.remote_model, "remote"
    return lm.model, "llama.cpp" if lm.engine == "llamacpp" else "transformers"


def _voices(settings: Settings) -> list[tuple[str, str]]:
    tts = settings.tts
    if tts.engine == "fake":
        return [("fake", "fake")]
    voices: list[tuple[str, str]] = []
    if tts.engine == "gtts" or (tts.engine == "auto" and tts.online):
        voices.append(("gtts", "gtts"))
    if tts.engine in ("auto", "piper"):
        voices.append((tts.english_voice, "piper"))
    voices.append(("espeak-ng", "espeak-ng"))  # every other language, and the fallback
    return voices


def served_models(settings: Settings) -> list[ModelCard]:
    """One card per model the configured engines run."""
    created = int(time.time())
    chat_id, chat_engine = _chat_model(settings)
    stt = settings.stt
    roles = [(chat_id, ModelRole(kind="chat", engine=chat_engine))]
    roles.append(
        (
            "fake" if stt.engine == "fake" else stt.model,
            ModelRole(kind="transcription", engine=stt.engine),
        )
    )
    roles += [(name, ModelRole(kind="speech", engine=engine)) for name, engine in _voices(settings)]
    return [ModelCard(id=name, created=created, owned_by=OWNER, modu=role) for name, role in roles]


@router.get("/v1/models", response_model=ModelList)
async def list_models(settings: SettingsDep) -> ModelList:
    """The chat, transcription and speech models this service runs."""
    return ModelList(data=served_models(settings))


@router.get(
    "/v1/models/{model_id:path}",
    response_model=ModelCard,
    responses={404: {"model": ErrorResponse}},
)
async def retrieve_model(model_id: str, settings: SettingsDep) -> ModelCard:
    """One of the models this service runs."""
    for card in served_models(settings):
        if card.id == model_id:
            return card
    known = [card.id for card in served_models(settings)]
    raise HTTPException(
        404,
        detail={
            "code": "model_not_found",
            "message": f"expected one of {known}; received {model_id!r}",
            "param": "model",
        },
    )
