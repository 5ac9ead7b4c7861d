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

from service.auth import require_owner
from service.chat_completion import (
    AnswerProgress,
    answer_language,
    check_fits,
    context_budget,
    disconnect_watch,
    generation_options,
    to_lm_messages,
)
from service.deps import EnginesDep, SettingsDep
from service.errors import ErrorBody, ErrorResponse
from service.lm.base import (
    CancelToken,
    ChatMessage,
    GenerationOptions,
    LanguageModel,
    LanguageModelError,
)
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
from service.version import VERSION

SYSTEM_FINGERPRINT: Final = f"modu-{VERSION}"

router = APIRouter(tags=["openai"], dependencies=[Depends(require_owner)])


@dataclass
class Answer:
    """One request's generation: what to run, and what has come out so far."""

    lm: LanguageModel
    messages: list[ChatMessage]
    options: GenerationOptions
    progress: AnswerProgress
    info: ModuInfo
    id: str
    created: int

    def modu(self) -> ModuInfo:
        """The label, with the engine's note (e.g. a fallback) once generation has run."""
        return self.info.model_copy(update={"note": self.lm.note})

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


async def _run(answer: Answer, request: Request) -> AsyncGenerator[str, None]:
    """The model's deltas; the client leaving cancels it, and so does closing this iterator."""
    cancel = CancelToken()
    try:
        async with (
            disconnect_watch(request, cancel),
            aclosing(answer.lm.stream(answer.messages, answer.options, cancel)) as stream,
        ):
            async for delta in stream:
                answer.progress.add(delta)
                yield delta
    finally:
        cancel.cancel()


async def _sse(answer: Answer, request: Request, include_usage: bool) -> AsyncIterator[str]:
    yield answer.chunk([ChunkChoice(delta=Delta(role="assistant", content=""))], modu=answer.info)
    try:
        async with aclosing(_run(answer, request)) as deltas:
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
    body: ChatCompletionRequest, request: Request, engines: EnginesDep, settings: SettingsDep
) -> Response:
    """Answer the conversation in ``messages``, whole or streamed."""
    messages = to_lm_messages(body)
    options = generation_options(body, settings)
    prompt_tokens = check_fits(messages, options, context_budget(settings))
    lm = await asyncio.to_thread(lambda: engines.language_model)  # first use builds it
    label = make_label(engine_model(lm.name, lm.model_id), None)
    answer = Answer(
        lm=lm,
        messages=messages,
        options=options,
        progress=AnswerProgress(max_tokens=options.max_tokens, prompt_tokens=prompt_tokens),
        info=ModuInfo(
            label=label,
            label_text=label_text(answer_language(messages)),
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
        events = _sse(answer, request, include_usage)
        return StreamingResponse(events, media_type="text/event-stream", headers=headers)
    try:
        async with aclosing(_run(answer, request)) as deltas:
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
