"""Precision and recall of the safety layer on labelled utterances, and its time per turn.

Rows are ``{"text", "language", "label"}`` with label one of the three categories or
"none" (``data/safety_labelled.jsonl``, ``data/safety_heldout.jsonl``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Literal

from service.answers.safety import CATEGORY_PRIORITY, classify

Label = Literal["emergency", "scam", "medication", "none"]


def load_rows(name: str) -> list[dict[str, str]]:
    """Rows of a labelled file in ``service/answers/data`` (e.g. "safety_labelled.jsonl")."""
    text = resources.files("service.answers.data").joinpath(name).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def predict(row: Mapping[str, str]) -> str:
    """The category the layer gives a row, or "none"."""
    match = classify(row["text"], row.get("language"))
    return "none" if match is None else match.category


def measure(rows: Iterable[Mapping[str, str]]) -> dict[str, tuple[float, float]]:
    """Per category: (precision, recall). Also "none": precision and recall of staying silent.

    A category with nothing predicted has precision 1.0 (it made no wrong claim); one with
    no labelled rows has recall 1.0.
    """
    pairs = [(row["label"], predict(row)) for row in rows]
    result: dict[str, tuple[float, float]] = {}
    for category in (*CATEGORY_PRIORITY, "none"):
        hits = sum(1 for label, guess in pairs if label == guess == category)
        predicted = sum(1 for _, guess in pairs if guess == category)
        labelled = sum(1 for label, _ in pairs if label == category)
        precision = hits / predicted if predicted else 1.0
        recall = hits / labelled if labelled else 1.0
        result[category] = (precision, recall)
    return result


def misses(rows: Iterable[Mapping[str, str]]) -> list[tuple[str, str, str]]:
    """(label, predicted, text) of every row the layer gets wrong, for tuning and reports."""
    found = []
    for row in rows:
        guess = predict(row)
        if guess != row["label"]:
            found.append((row["label"], guess, row["text"]))
    return found


def p95_seconds(texts: Iterable[str], repeats: int = 5) -> float:
    """The 95th percentile of the time one classify() call takes, over texts x repeats."""
    timings = []
    for _ in range(repeats):
        for text in texts:
            start = time.perf_counter()
            classify(text)
            timings.append(time.perf_counter() - start)
    timings.sort()
    return timings[min(len(timings) - 1, int(0.95 * len(timings)))]
