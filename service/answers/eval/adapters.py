"""Answer functions the evaluation can score: each turns an ``EvalQuestion`` into an ``EvalAnswer``.

``ANSWER_SOURCES`` maps the CLI's ``--answers`` choice to a builder: ``raw`` (the model alone,
the "before") and ``pipeline`` (what people get: the answer pipeline with every check).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import aclosing
from functools import partial
from typing import TYPE_CHECKING, Final

from service.answers.eval.questions import AnswerFn, EvalAnswer, EvalQuestion

if TYPE_CHECKING:
    from service.engines import Engines

AnswerSource = Callable[["Engines"], AnswerFn]


def raw_model_answer(engines: Engines) -> AnswerFn:
    """The model alone, as before any checks: one text turn, nothing spoken.

    This is what ``service.turn.run_turn(engines, text=…, speak=False)`` did before the answer
    pipeline existed: the same prompt (``build_messages``), the same generation settings, the
    language detected from the text. It talks to the model directly because ``run_turn`` now
    goes through the pipeline, and a "before" figure must not pass through what it measures.
    """
    from accessibility.language import detect_text_language
    from voices.lm.base import GenerationOptions
    from voices.lm.prompt import build_messages

    lm_settings = engines.settings.lm
    options = GenerationOptions(
        max_tokens=lm_settings.max_tokens,
        temperature=lm_settings.temperature,
        top_p=lm_settings.top_p,
        seed=lm_settings.seed,
    )

    async def answer(question: EvalQuestion) -> EvalAnswer:
        text = question.question.strip()
        language = detect_text_language(text, default="en") or "en"
        messages = build_messages([], text, language)
        # aclosing: should this loop stop early, the engine stops generating at once.
        async with aclosing(engines.language_model.stream(messages, options)) as stream:
            parts = [delta async for delta in stream]
        return EvalAnswer(
            text="".join(parts).strip(),
            language=language,
            safety=None,
            route="model",
            checks_ms=None,
        )

    return answer


def pipeline_answer(engines: Engines, *, spoken: bool = False) -> AnswerFn:
    """What a person gets: one typed turn through the answer pipeline (the same one the realtime
    session, chat completions and ``modu ask`` use), in the question's country, nothing spoken.
    The answer's route, safety match and the time its checks took come from its trace.
    ``spoken``: as the realtime session asks for an answer it will speak (its first chunk cut at
    the first phrase, so the voice starts sooner); the text is the same words it would say."""
    from accessibility.profiles.model import Profile
    from service.answers.types import SPOKEN_FIRST_CHUNK_CHARS, AnswerRequest

    async def answer(question: EvalQuestion) -> EvalAnswer:
        request = AnswerRequest(
            question=question.question.strip(),
            profile=Profile(country=question.country),
            first_chunk_chars=SPOKEN_FIRST_CHUNK_CHARS if spoken else None,
        )
        running = engines.answers.answer(request)
        async with aclosing(running.sentences()) as stream:
            sentences = [sentence.text async for sentence in stream]
        trace = running.trace
        return EvalAnswer(
            text=" ".join(sentences).strip(),
            language=trace.language,
            safety=trace.safety_category,
            route=trace.route,
            checks_ms=trace.checks_ms,
        )

    return answer


ANSWER_SOURCES: Final[dict[str, AnswerSource | None]] = {
    "raw": raw_model_answer,
    "pipeline": pipeline_answer,
    "spoken": partial(pipeline_answer, spoken=True),
}
"""``--answers`` choices; None: known but not available yet."""


class AnswerSourceUnavailableError(ValueError):
    """The chosen answers cannot be produced (yet)."""


def answer_source(name: str) -> AnswerSource:
    if name not in ANSWER_SOURCES:
        choices = ", ".join(ANSWER_SOURCES)
        raise AnswerSourceUnavailableError(
            f"--answers must be one of {choices}, not {name!r} / --answers 값은 {choices} 중 하나"
        )
    source = ANSWER_SOURCES[name]
    if source is None:
        raise AnswerSourceUnavailableError(
            f"--answers {name}: not available yet (service/answers/pipeline.py is not written) / "
            f"아직 사용할 수 없습니다 (답변 파이프라인이 아직 없습니다)"
        )
    return source
