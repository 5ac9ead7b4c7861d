"""Simplified language (plain, easy read) in English and Korean: measured, fact-checked,
rewritten by the model and finished by rules. See :func:`simplify` and
:func:`simplify_rules_only`; the evaluation is ``modu eval simplify``.

Heavy libraries (kiwipiepy, textstat, wordfreq) load on first use, not on import.
"""

from __future__ import annotations

from accessibility.simplify.facts import Fact, check_facts, extract_facts
from accessibility.simplify.metrics import Measures, TargetMiss, measure, target_misses
from accessibility.simplify.rewrite import SimplifyResult, simplify, simplify_rules_only
from accessibility.simplify.targets import (
    Level,
    LevelTargets,
    UnsupportedLanguageError,
    targets_for,
)

__all__ = [
    "Fact",
    "Level",
    "LevelTargets",
    "Measures",
    "SimplifyResult",
    "TargetMiss",
    "UnsupportedLanguageError",
    "check_facts",
    "extract_facts",
    "measure",
    "simplify",
    "simplify_rules_only",
    "target_misses",
    "targets_for",
]
