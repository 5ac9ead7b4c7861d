"""``POST /v1/chat/completions``: OpenAI's chat endpoint, on modu's language model.

Streaming (``stream: true``) sends ``chat.completion.chunk`` server-sent events and ends with
``data: [DONE]``; a client that goes away mid-answer stops the model at its next token. Either
way the answer carries the AI-content label: ``modu.label`` in the body (in the first and the
last chunk when streaming) and ``X-Modu-…`` headers. ``model`` may name anything; the response's
``model`` is the one that ran. How messages reach the model: :mod:`service.chat_completion`.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import aclosing
from dataclasses import dataclass
from typing import Final

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse

from service.answers.pipeline import Answer as PipelineAnswer
from service.answers.types import AnswerRequest, request_options
from service.auth import OwnerDep, require_owner
from service.chat_completion import (
    AnswerProgress,
    check_fits,
    context_budget,
    disconnect_watch,
    prompt_messages,
    request_profile,
    to_chat_turn,
)
from service.deps import EnginesDep, SettingsDep
from service.errors import ErrorBody, ErrorResponse
from service.openai_labels import engine_model, label_headers, label_text, make_label
from service.openai_schemas import (
    AssistantMessage,
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionRequest,
    Choice,
    ChunkChoice,
    Delta,
    ModuInfo,
    Usage,
)
from service.telemetry.base import Telemetry, TurnStatus
from service.telemetry.chat import chat_turn
from voices.lm.base import CancelToken, LanguageModel, LanguageModelError
from voices.version import VERSION

SYSTEM_FINGERPRINT: Final = f"modu-{VERSION}"

router = APIRouter(tags=["openai"], dependencies=[Depends(require_owner)])


@dataclass
class Answer:
    """One request's answer: the pipeline's answer, and what has been sent so far."""

    lm: LanguageModel
    answer: PipelineAnswer
    progress: AnswerProgress
    info: ModuInfo
    id: str
    created: int

    def modu(self) -> ModuInfo:
        """The label, with the engine's note (e.g. a fallback) once generation has run."""
        notes = [n for n in (self.lm.note, *self.answer.trace.notes) if n]
        return self.info.model_copy(
            update={
                "note": "; ".join(dict.fromkeys(notes)) or None,
                "route": self.answer.trace.route,
                "safety": self.answer.trace.safety,
                "sources": self.answer.trace.sources or None,
            }
        )

    def chunk(
        self, choices: list[ChunkChoice], usage: Usage | None = None, modu: ModuInfo | None = None
    ) -> str:
        body = ChatCompletionChunk(
            id=self.id,
            created=self.created,
            model=self.lm.model_id,
            choices=choices,
            usage=usage,
            system_fingerprint=SYSTEM_FINGERPRINT,
            modu=modu,
        )
        return f"data: {body.model_dump_json()}\n\n"


def _engine_error(exc: LanguageModelError) -> HTTPException:
    return HTTPException(
        500, detail={"code": "engine_error", "message": f"the language model failed: {exc}"}
    )


async def _run(answer: Answer, request: Request, telemetry: Telemetry) -> AsyncGenerator[str, None]:
    """The checked sentences as deltas; the client leaving cancels the model, and so does
    closing this iterator."""
    cancel = answer.answer.cancel
    status: TurnStatus = "cancelled"  # closed early: the client went away
    try:
        async with (
            disconnect_watch(request, cancel),
            aclosing(answer.answer.sentences()) as sentences,
        ):
            async for sentence in sentences:
                yield answer.progress.add(sentence.text)
        status = "cancelled" if cancel.cancelled else "completed"
    except LanguageModelError:
        status = "failed"
        raise
    finally:
        cancel.cancel()
        trace = answer.answer.trace
        answer.progress.model_deltas = trace.model_deltas
        answer.progress.hit_limit = trace.hit_token_limit
        telemetry.turn_finished(chat_turn(answer.answer, status))


async def _sse(
    answer: Answer, request: Request, include_usage: bool, telemetry: Telemetry
) -> AsyncIterator[str]:
    yield answer.chunk([ChunkChoice(delta=Delta(role="assistant", content=""))], modu=answer.info)
    try:
        async with aclosing(_run(answer, request, telemetry)) as deltas:
            async for delta in deltas:
                yield answer.chunk([ChunkChoice(delta=Delta(content=delta))])
    except LanguageModelError as exc:
        # Headers are sent already: the error travels as an event, as OpenAI streams do.
        error = ErrorBody(message=f"the language model failed: {exc}", type="server_error")
        yield f"data: {json.dumps({'error': error.model_dump()})}\n\n"
        return
    if await request.is_disconnected():
        return
    finish = ChunkChoice(delta=Delta(), finish_reason=answer.progress.finish_reason)
    yield answer.chunk([finish], modu=answer.modu())
    if include_usage:
        yield answer.chunk([], usage=answer.progress.usage())
    yield "data: [DONE]\n\n"


@router.post(
    "/v1/chat/completions",
    response_model=None,
    responses={
        200: {"model": ChatCompletion, "content": {"text/event-stream": {}}},
        400: {"model": ErrorResponse},
        422: {"model": ErrorResponse},
        500: {"model": ErrorResponse},
    },
)
async def create_chat_completion(
    body: ChatCompletionRequest,
    request: Request,
    engines: EnginesDep,
    settings: SettingsDep,
    owner: OwnerDep,
) -> Response:
    """Answer the conversation in ``messages``, whole or streamed."""
    turn = to_chat_turn(body)
    store = getattr(request.app.state, "profile_store", None)
    profile = await request_profile(body.modu, owner.id, store)
    answer_request = AnswerRequest(
        question=turn.question,
        history=turn.history,
        profile=profile,
        messages=turn.client_messages,
        max_tokens=body.max_completion_tokens or body.max_tokens,
        temperature=body.temperature,
        top_p=body.top_p,
        seed=body.seed,
        stop=[body.stop] if isinstance(body.stop, str) else list(body.stop or []),
    )
    pipeline_answer = engines.answers.answer(answer_request, CancelToken())
    options = request_options(settings, answer_request)
    messages = prompt_messages(turn, pipeline_answer.language)
    prompt_tokens = check_fits(messages, options, context_budget(settings))
    lm = await asyncio.to_thread(lambda: engines.language_model)  # first use builds it
    label = make_label(engine_model(lm.name, lm.model_id), None)
    answer = Answer(
        lm=lm,
        answer=pipeline_answer,
        progress=AnswerProgress(max_tokens=options.max_tokens, prompt_tokens=prompt_tokens),
        info=ModuInfo(
            label=label,
            label_text=label_text(pipeline_answer.language),
            engine=lm.name,
            usage_estimated=True,
        ),
        id=f"chatcmpl-{uuid.uuid4().hex}",
        created=int(time.time()),
    )
    headers = label_headers(label)
    if body.stream:
        include_usage = body.stream_options is not None and body.stream_options.include_usage
        headers["Cache-Control"] = "no-cache"
        events = _sse(answer, request, include_usage, engines.telemetry)
        return StreamingResponse(events, media_type="text/event-stream", headers=headers)
    try:
        async with aclosing(_run(answer, request, engines.telemetry)) as deltas:
            async for _ in deltas:
                pass
    except LanguageModelError as exc:
        raise _engine_error(exc) from exc
    completion = ChatCompletion(
        id=answer.id,
        created=answer.created,
        model=lm.model_id,
        choices=[
            Choice(
                message=AssistantMessage(content=answer.progress.text.strip()),
                finish_reason=answer.progress.finish_reason,
            )
        ],
        usage=answer.progress.usage(),
        system_fingerprint=SYSTEM_FINGERPRINT,
        modu=answer.modu(),
    )
    return JSONResponse(completion.model_dump(mode="json"), headers=headers)
