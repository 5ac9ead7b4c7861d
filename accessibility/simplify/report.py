"""The evaluation report as a table (Markdown, readable in a terminal and in RESULTS.md)."""

from __future__ import annotations

from accessibility.simplify.eval import EvalReport, GroupSummary
from accessibility.simplify.settings import SimplifySettings


def format_report(report: EvalReport, settings: SimplifySettings | None = None) -> str:
    s = settings or SimplifySettings()
    engine = report.model or "no model"
    lines = [
        f"Simplified language evaluation ({report.mode}; {engine})",
        "",
        "| lang | level | n | target met (source → output) | all facts kept | facts kept"
        " (auto / listed) | words per sentence¹ | FK grade (en) / rare share (ko) | SARI"
        " (n; source baseline) | rewrites rejected | s / passage |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    lines += [_row(group) for group in report.groups]
    lines += [
        "",
        "¹ English: words; Korean: 어절 (space-separated words). Targets: en easy-read FK ≤"
        f" {s.en_easy_read_max_grade:g} and ≤ {s.en_easy_read_max_words_per_sentence:g} words,"
        f" plain ≤ {s.en_plain_max_grade:g} and ≤ {s.en_plain_max_words_per_sentence:g}; ko"
        f" easy-read ≤ {s.ko_easy_read_max_eojeol_per_sentence:g} 어절 and rare share ≤"
        f" {s.ko_easy_read_max_rare_share:g}, plain ≤ {s.ko_plain_max_eojeol_per_sentence:g} and"
        f" ≤ {s.ko_plain_max_rare_share:g} (MODU_SIMPLIFY__…). SARI is against the hand-written"
        " easy-read references (EASSE variant, 0–100; Korean on Kiwi morphemes).",
    ]
    return "\n".join(lines)


def _row(g: GroupSummary) -> str:
    if g.language == "en":
        difficulty = f"{_num(g.grade_before)} → {_num(g.grade_after)}"
    else:
        difficulty = f"{_num(g.rare_before, 3)} → {_num(g.rare_after, 3)}"
    sari = (
        f"{_num(g.sari)} ({g.sari_passages}; {_num(g.source_sari)})" if g.sari is not None else "—"
    )
    return (
        f"| {g.language} | {g.level} | {g.passages} "
        f"| {_pct(g.source_met_target)} → {_pct(g.met_target)} "
        f"| {_pct(g.all_facts_kept)} | {_pct(g.facts_kept)} / {_pct(g.listed_facts_kept)} "
        f"| {_num(g.words_per_sentence_before)} → {_num(g.words_per_sentence_after)} "
        f"| {difficulty} | {sari} | {g.rejected_rewrites} | {_num(g.seconds_per_passage, 2)} |"
    )


def _pct(value: float) -> str:
    return f"{100 * value:.0f}%"


def _num(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"
