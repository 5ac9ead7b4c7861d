"""The answer pipeline's request for one realtime response, built from the session's config and
conversation. The response that answers a turn and the answer prepared during the pause before
it (:mod:`service.realtime.speculation`) build it here, so a prepared answer is used only when
it was asked exactly what the response would ask."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from service.answers.types import SPOKEN_FIRST_CHUNK_CHARS, AnswerRequest
from service.realtime.config import SessionConfig
from voices.lm.base import ChatMessage, LanguageModelError


@dataclass(frozen=True)
class ResponseInput:
    """What a response says.

    ``answer``: the model's answer to the conversation. ``say``: exactly ``text``, without the
    model (a command's reply, a repeat, a confirmation question), kept out of the model's
    history. ``resay``: the last answer again, the model asked ``text`` ("say it simpler"),
    keeping every fact the last answer had."""

    kind: Literal["answer", "say", "resay"] = "answer"
    text: str | None = None


def answer_request(
    config: SessionConfig,
    history: Sequence[ChatMessage],
    user_text: str | None,
    *,
    what: ResponseInput,
    extra_instructions: str | None,
    max_output_tokens: int | None,
    audio_out: bool,
) -> AnswerRequest:
    """The turn for the answer pipeline (raises when there is nothing to answer)."""
    fixed_text = what.text if what.kind == "say" else None
    prompt_text = what.text if what.kind == "resay" else None
    if what.kind == "answer" and user_text is None:
        raise LanguageModelError(
            "nothing to answer: expected a user message (audio committed or "
            "conversation.item.create) before response.create"
        )
    question = fixed_text if fixed_text is not None else user_text or ""
    instructions = [p for p in (config.instructions, extra_instructions) if p]
    profile = config.profile
    return AnswerRequest(
        question=question,
        history=list(history),
        profile=profile,
        preferred_languages=(config.language,) if config.language else (),
        instructions=" ".join(instructions) if instructions else None,
        # Without a profile, a session may still carry a per-turn instruction of its own.
        prompt_extra=None if profile else config.prompt_extra,
        prompt_text=prompt_text,
        # Said simpler, the last answer keeps every fact it had.
        keep_facts_from=_last_answer(history) if prompt_text is not None else None,
        fixed_text=fixed_text,
        max_tokens=max_output_tokens,
        temperature=config.temperature,
        # The first chunk may end at a comma or a phrase boundary ("…cook rice | by
        # boiling…") once it holds SPOKEN_FIRST_CHUNK_CHARS: at ~19 tokens/s on 2 cores, each word
        # saved brings the first audio ~0.1 s sooner (see bench/results/LEVERS.md).
        first_chunk_chars=SPOKEN_FIRST_CHUNK_CHARS if audio_out else None,
    )


def _last_answer(history: Sequence[ChatMessage]) -> str | None:
    return next((m.content for m in reversed(history) if m.role == "assistant"), None)
