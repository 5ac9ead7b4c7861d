"""bench.verbosity's report: detailed vs brief TTFA, and whether detailed answers were longer."""

from __future__ import annotations

from bench.verbosity import Row, report


def _row(verbosity: str, ttfa: float | None, sentences: int) -> Row:
    return Row(verbosity, "q", ttfa, sentences, "answer", None if ttfa else "no audio")


def test_the_report_compares_medians_and_shows_sentence_counts() -> None:
    rows = [_row("brief", 1.0, 2), _row("brief", 1.2, 2), _row("detailed", 1.1, 5)]
    rows.append(_row("detailed", None, 0))
    text = report(rows)
    assert "| brief | 2 | 1.10 |" in text
    assert "| detailed | 2 | 1.10 | 1.10 | 2.5 | 1 |" in text
    assert "Detailed / brief TTFA p50: 1.00 (target ≤ 1.10: met)." in text


def test_a_slower_detailed_answer_misses_the_target() -> None:
    text = report([_row("brief", 1.0, 2), _row("detailed", 1.5, 5)])
    assert "1.50 (target ≤ 1.10: **not met**)" in text
