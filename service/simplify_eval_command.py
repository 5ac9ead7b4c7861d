"""What ``modu eval simplify`` runs: the evaluation with the configured model, or rules only."""

from __future__ import annotations

import asyncio
from typing import Final

from accessibility.simplify.eval import EvalReport, run_evaluation
from accessibility.simplify.report import format_report
from accessibility.simplify.rewrite import SimplifyResult, simplify, simplify_rules_only
from accessibility.simplify.targets import LANGUAGES, LEVELS, Level, SimplifyLanguage
from service.settings import Settings

LANGUAGE_CHOICES: Final[dict[str, tuple[SimplifyLanguage, ...]]] = {
    "en": ("en",),
    "ko": ("ko",),
    "all": LANGUAGES,
}
LEVEL_CHOICES: Final[dict[str, tuple[Level, ...]]] = {
    "plain": ("plain",),
    "easy-read": ("easy-read",),
    "all": LEVELS,
}


async def run_eval_command(
    settings: Settings,
    *,
    languages: tuple[SimplifyLanguage, ...] = LANGUAGES,
    levels: tuple[Level, ...] = LEVELS,
    limit: int | None = None,
    rules_only: bool = False,
    progress: bool = False,
) -> EvalReport:
    config = settings.simplify
    if rules_only:

        async def by_rules(text: str, lang: SimplifyLanguage, lvl: Level) -> SimplifyResult:
            return simplify_rules_only(text, lang, lvl, config)

        return await run_evaluation(
            by_rules, config, languages=languages, levels=levels, limit=limit, progress=progress
        )

    from service.engines import Engines

    engines = Engines(settings)
    try:
        lm = engines.language_model

        async def by_model(text: str, lang: SimplifyLanguage, lvl: Level) -> SimplifyResult:
            return await simplify(text, lang, lvl, lm, config)

        return await run_evaluation(
            by_model,
            config,
            languages=languages,
            levels=levels,
            limit=limit,
            mode="model",
            model=f"{lm.name} / {lm.model_id}",
            progress=progress,
        )
    finally:
        await engines.aclose()


def eval_simplify_text(
    settings: Settings,
    *,
    language: str,
    level: str,
    limit: int | None,
    rules_only: bool,
    as_json: bool,
) -> str:
    """Run the evaluation and return what the command prints (a table, or JSON); progress per
    passage goes to stderr. Raises ``ValueError`` for a language or level it does not know."""
    if language not in LANGUAGE_CHOICES:
        raise ValueError(f"--language must be en, ko or all, not {language!r}")
    if level not in LEVEL_CHOICES:
        raise ValueError(f"--level must be plain, easy-read or all, not {level!r}")
    report = asyncio.run(
        run_eval_command(
            settings,
            languages=LANGUAGE_CHOICES[language],
            levels=LEVEL_CHOICES[level],
            limit=limit,
            rules_only=rules_only,
            progress=True,  # on stderr: stdout stays a clean table or JSON
        )
    )
    return report.model_dump_json(indent=2) if as_json else format_report(report, settings.simplify)
