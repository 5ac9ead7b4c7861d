"""From an OpenAI chat request to modu's language model, and the bookkeeping around it.

- Messages: the answer comes from the one answer pipeline (:mod:`service.answers.pipeline`),
  as in a voice turn: the checks before the model (emergencies, scams, medication, live/local
  questions), the facts, the profile (``modu.profile_id`` / ``modu.profile``) and the sentence
  gate. ``system`` and ``developer`` messages become one system message, in order, and then the
  model is sent the client's conversation as it is (modu's prompt and turn note are left out);
  without one, modu's own spoken-answer prompt and turn note are used. The answer streams
  sentence by sentence: each is checked before it leaves.
- Content may be a string or a list of parts; only ``text`` parts are understood.
- Options default to the configured ones; ``max_completion_tokens`` wins over ``max_tokens``.
- Token counts: the engines stream text, not tokens, so usage is estimated from the text
  (``modu.usage_estimated`` says so) and never below the number of deltas streamed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Final, Protocol

from fastapi import HTTPException, Request
from pydantic import ValidationError

from accessibility.profiles.model import Profile, ProfilePatch
from service.openai_schemas import (
    ChatCompletionRequest,
    ChatModu,
    FinishReason,
    RequestMessage,
    Usage,
)
from service.settings import Settings
from voices.lm.base import CancelToken, ChatMessage, GenerationOptions
from voices.lm.prompt import build_messages, estimate_tokens, fit_history

TOKENS_PER_MESSAGE: Final = 4
"""Chat-template markers around each message."""
DISCONNECT_POLL_S: Final = 0.25
"""How often a waiting request checks whether its client went away."""


class ProfileLoader(Protocol):
    """Where stored profiles come from (the profile store), scoped to their owner."""

    async def load(self, owner_id: str, profile_id: str) -> Profile | None: ...


def estimate_prompt_tokens(messages: Sequence[ChatMessage]) -> int:
    return sum(estimate_tokens(m.content) + TOKENS_PER_MESSAGE for m in messages)


def _bad_request(message: str, param: str, code: str = "invalid_value") -> HTTPException:
    return HTTPException(400, detail={"code": code, "message": message, "param": param})


def message_text(message: RequestMessage, index: int) -> str:
    """The text of one message; a non-text part is refused, naming where it was."""
    content = message.content
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    texts: list[str] = []
    for part_index, part in enumerate(content):
        if part.type != "text" or part.text is None:
            raise _bad_request(
                f"expected content parts of type 'text' with a 'text' field; received type "
                f"{part.type!r} (images and audio are not understood here: send audio to "
                "/v1/audio/transcriptions or /v1/realtime)",
                f"messages.{index}.content.{part_index}",
            )
        texts.append(part.text)
    return "\n".join(texts)


@dataclass(frozen=True)
class ChatTurn:
    """A chat request as the answer pipeline takes it."""

    question: str
    """The last user message: what the checks look at and the answer is about."""
    history: list[ChatMessage]
    """The earlier user and assistant messages that fit the history budget (newest kept)."""
    client_messages: list[ChatMessage] | None
    """The whole conversation with the client's own system prompt, sent to the model as it is;
    ``None`` when the client sent none and modu's own prompt and turn note are used."""


def to_chat_turn(request: ChatCompletionRequest) -> ChatTurn:
    """The request's conversation (see the module docstring)."""
    system_texts: list[str] = []
    turns: list[ChatMessage] = []
    for index, message in enumerate(request.messages):
        text = message_text(message, index)
        if message.role == "user" or message.role == "assistant":
            turns.append(ChatMessage(role=message.role, content=text))
        else:  # system or developer
            system_texts.append(text)
    user_indices = [i for i, m in enumerate(turns) if m.role == "user"]
    if not user_indices:
        raise _bad_request("expected at least one message with role 'user'", "messages")
    last = user_indices[-1]
    client = None
    if system_texts:
        client = [ChatMessage(role="system", content="\n\n".join(system_texts)), *turns]
    question = turns[last].content
    history = fit_history(turns[:last], reserve=estimate_tokens(question))
    return ChatTurn(question=question, history=history, client_messages=client)


def prompt_messages(turn: ChatTurn, language: str) -> list[ChatMessage]:
    """What the model is sent, for the size check: the client's messages, or modu's prompt."""
    if turn.client_messages is not None:
        return turn.client_messages
    return build_messages(turn.history, turn.question, language)


def context_budget(settings: Settings) -> int:
    """Tokens one request may fill: llama.cpp splits its context among its parallel slots."""
    lm = settings.lm
    if lm.engine == "llamacpp":
        return lm.context_tokens // lm.parallel_sessions
    return lm.context_tokens


def check_fits(messages: Sequence[ChatMessage], options: GenerationOptions, budget: int) -> int:
    """The prompt's estimated size; a 400 ``context_length_exceeded`` when it cannot fit."""
    prompt_tokens = estimate_prompt_tokens(messages)
    if prompt_tokens + options.max_tokens > budget:
        raise _bad_request(
            f"expected the messages and max_tokens to fit in {budget} tokens; the messages "
            f"take about {prompt_tokens} and max_tokens is {options.max_tokens}",
            "messages",
            "context_length_exceeded",
        )
    return prompt_tokens


@dataclass
class AnswerProgress:
    """What has been sent so far, for usage and ``finish_reason``. ``model_deltas`` and
    ``hit_limit`` come from the pipeline's trace: the text sent is checked sentences, which
    may differ from what the model generated."""

    max_tokens: int
    prompt_tokens: int
    text: str = ""
    model_deltas: int = 0
    hit_limit: bool = False

    def add(self, sentence: str) -> str:
        """Add one checked sentence; returns the delta to send (with its separating space)."""
        delta = sentence if not self.text else " " + sentence
        self.text += delta
        return delta

    @property
    def completion_tokens(self) -> int:
        return max(self.model_deltas, estimate_tokens(self.text))

    @property
    def finish_reason(self) -> FinishReason:
        return "length" if self.hit_limit else "stop"

    def usage(self) -> Usage:
        completion = self.completion_tokens
        return Usage(
            prompt_tokens=self.prompt_tokens,
            completion_tokens=completion,
            total_tokens=self.prompt_tokens + completion,
        )


async def cancel_when_disconnected(request: Request, cancel: CancelToken) -> None:
    """Set ``cancel`` once the client has gone; run as a task beside the generation."""
    # Polling is the only way: the ASGI server offers no event for a disconnect that a
    # request can wait on while another task owns the response.
    while not await request.is_disconnected():  # noqa: ASYNC110
        await asyncio.sleep(DISCONNECT_POLL_S)
    cancel.cancel()


@contextlib.asynccontextmanager
async def disconnect_watch(request: Request, cancel: CancelToken) -> AsyncIterator[None]:
    """While inside, a client that disconnects cancels the generation."""
    watcher = asyncio.create_task(cancel_when_disconnected(request, cancel))
    try:
        yield
    finally:
        watcher.cancel()
        # gather returns the watcher's own cancellation but still raises this task's, if any.
        await asyncio.gather(watcher, return_exceptions=True)


async def request_profile(
    modu: ChatModu | None, owner_id: str, store: ProfileLoader | None
) -> Profile | None:
    """The profile a chat request names (``modu.profile_id``) with its inline fields over it
    (``modu.profile``), as ``session.modu`` does for a realtime session; a 400 names what is
    wrong."""
    if modu is None or (modu.profile_id is None and modu.profile is None):
        return None
    profile = Profile()
    if modu.profile_id is not None:
        stored = await store.load(owner_id, modu.profile_id) if store is not None else None
        if stored is None:
            raise _bad_request(
                f"expected the id of a profile of this API key; no profile {modu.profile_id!r}",
                "modu.profile_id",
            )
        profile = stored
    if modu.profile:
        try:
            profile = profile.with_patch(ProfilePatch.model_validate(modu.profile))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise _bad_request(
                f"modu.profile.{where}: {first['msg']} (received {first.get('input')!r})",
                f"modu.profile.{where}",
            ) from exc
    return profile
