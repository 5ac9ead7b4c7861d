"""The raw-model answer source of ``modu eval answers`` on the real bundled model (Qwen2.5 1.5B
on llama.cpp): two questions, one Korean and one English, answered and scored."""

from __future__ import annotations

import pytest

from service.answers.eval.adapters import raw_model_answer
from service.answers.eval.questions import load_set
from service.answers.eval.run import evaluate
from service.answers.eval.scoring import score
from service.engines import Engines
from service.settings import Settings


@pytest.mark.slow
@pytest.mark.asyncio
async def test_the_raw_model_answers_two_questions_and_they_are_scored(
    real_settings: Settings,
) -> None:
    questions = load_set("dev")
    chosen = [
        next(q for q in questions if q.category == "general" and q.language == "ko"),
        next(q for q in questions if q.category == "general" and q.language == "en"),
    ]
    engines = Engines(real_settings)
    try:
        run = await evaluate(chosen, raw_model_answer(engines))
    finally:
        await engines.aclose()
    assert [item.id for item in run.items] == [q.id for q in chosen]
    for item in run.items:
        assert item.answer.strip(), item.id
        assert item.route == "model" and item.safety is None and item.checks_ms is None
        assert item.answer_language == item.language
    scores = score(run)
    assert len(scores.items) == 2
    assert all(s.sentences >= 1 for s in scores.items)
