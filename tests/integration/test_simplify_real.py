"""Simplification on the real bundled model (Qwen2.5 1.5B on llama.cpp): easy read keeps every
fact and measures simpler than the source, in English and Korean."""

from __future__ import annotations

import pytest

from accessibility.simplify.evalset import load_passages
from accessibility.simplify.rewrite import simplify
from accessibility.simplify.targets import SimplifyLanguage
from service.engines import Engines
from service.settings import Settings


@pytest.mark.slow
@pytest.mark.asyncio
@pytest.mark.parametrize("language", ["en", "ko"])
async def test_easy_read_on_the_real_model_keeps_facts_and_is_simpler(
    real_settings: Settings, language: SimplifyLanguage
) -> None:
    engines = Engines(real_settings)
    settings = real_settings.simplify.model_copy(update={"max_rewrites": 1})
    try:
        for passage in load_passages(language)[:2]:
            result = await simplify(
                passage.source, language, "easy-read", engines.language_model, settings
            )
            assert result.attempts, passage.id
            assert result.facts_missing == [], passage.id
            before, after = result.before, result.after
            assert after.words_per_sentence < before.words_per_sentence, passage.id
            if language == "en":
                assert after.fk_grade is not None and before.fk_grade is not None
                assert after.fk_grade < before.fk_grade, passage.id
            else:
                assert after.rare_share is not None and before.rare_share is not None
                assert after.rare_share < before.rare_share, passage.id
    finally:
        await engines.aclose()
