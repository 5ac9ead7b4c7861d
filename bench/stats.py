"""Percentiles over a handful of timings: shared machines are noisy, so never one number."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def summarise(values: Sequence[float | None]) -> dict[str, float | int | None]:
    """n, p50, p95 and max of the values present (``None`` means the stage never happened)."""
    present = [v for v in values if v is not None]
    if not present:
        return {"n": 0, "p50": None, "p95": None, "max": None}
    array = np.asarray(present, dtype=float)
    return {
        "n": len(present),
        "p50": round(float(np.percentile(array, 50)), 3),
        "p95": round(float(np.percentile(array, 95)), 3),
        "max": round(float(array.max()), 3),
    }


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile, NaN for no values (a report row still prints)."""
    return float(np.percentile(values, q)) if values else float("nan")


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 2)
