"""The evaluation set and ``modu eval simplify --rules-only`` (no model)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accessibility.simplify.evalset import load_passages
from accessibility.simplify.facts import check_facts, extract_facts
from accessibility.simplify.metrics import measure, target_misses
from accessibility.simplify.settings import SimplifySettings
from accessibility.simplify.targets import SimplifyLanguage, targets_for
from service.cli import app


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_set_has_25_passages_per_language_across_five_domains(
    language: SimplifyLanguage,
) -> None:
    passages = load_passages(language)
    assert len(passages) >= 25
    assert len({p.id for p in passages}) == len(passages)
    domains = Counter(p.domain for p in passages)
    assert set(domains) == {"health", "benefits", "transport", "housing", "tax"}
    assert min(domains.values()) >= 4
    assert sum(1 for p in passages if p.reference) >= 10
    for passage in passages:
        assert passage.language == language
        sentences = measure(passage.source, language).sentences
        assert 3 <= sentences <= 6, passage.id
        for fact in passage.facts:
            assert "".join(fact.split()) in "".join(passage.source.split()), (passage.id, fact)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_references_keep_every_fact_and_meet_the_easy_read_target(
    language: SimplifyLanguage,
) -> None:
    targets = targets_for(SimplifySettings(), language, "easy-read")
    for passage in load_passages(language):
        if passage.reference is None:
            continue
        facts = extract_facts(passage.source, language)
        assert check_facts(facts, passage.reference, language).all_kept, passage.id
        reference = measure(passage.reference, language, targets.rare_zipf)
        assert target_misses(reference, targets) == [], passage.id


def test_eval_command_rules_only_on_a_few_passages(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MODU_MODEL_DIR", str(tmp_path / "models"))
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "simplify", "--rules-only", "--limit", "2", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["mode"] == "rules-only"
    assert [(g["language"], g["level"]) for g in report["groups"]] == [
        ("en", "plain"),
        ("en", "easy-read"),
        ("ko", "plain"),
        ("ko", "easy-read"),
    ]
    for group in report["groups"]:
        assert group["passages"] == 2
        assert group["all_facts_kept"] == 1.0
        assert group["sari"] is not None
    assert len(report["passages"]) == 8


def test_eval_command_prints_a_table_and_refuses_unknown_levels(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MODU_MODEL_DIR", str(tmp_path / "models"))
    runner = CliRunner()
    table = runner.invoke(
        app, ["eval", "simplify", "--rules-only", "--language", "ko", "--limit", "1"]
    )
    assert table.exit_code == 0, table.output
    assert "| ko | plain | 1 |" in table.output and "| ko | easy-read | 1 |" in table.output
    bad = runner.invoke(app, ["eval", "simplify", "--rules-only", "--level", "hard"])
    assert bad.exit_code != 0
    assert "plain, easy-read or all" in bad.output
