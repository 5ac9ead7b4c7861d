"""Experiments that need more than a setting: applied in the benchmark's process only, so a
lever is measured before anyone changes the service for it."""

from __future__ import annotations

import service.realtime.response as response_module
from voices.sentences import SentenceStream


def first_clause_chars(chars: int) -> str:
    """Make the realtime answer's first spoken chunk end at a comma once it is ``chars`` long
    (the service's own value is passed to ``SentenceStream`` in ``service/realtime/response.py``).
    Returns a note for the report."""

    class EarlierFirstClause(SentenceStream):
        def __init__(self, *, min_chars: int = 0, first_clause_chars: int | None = None) -> None:
            super().__init__(min_chars=min_chars, first_clause_chars=chars)

    setattr(response_module, "SentenceStream", EarlierFirstClause)  # noqa: B010 (a patch)
    return f"experiment: first spoken chunk may end at a comma after {chars} characters"
