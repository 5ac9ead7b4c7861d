"""A chat completion as a turn: typed, answered as text (no recognition, no audio)."""

from __future__ import annotations

import time

from service.answers.pipeline import Answer
from service.telemetry.base import TurnRecord, TurnStatus


def chat_turn(answer: Answer, status: TurnStatus) -> TurnRecord:
    """``answer``'s turn, ending now; it started when the pipeline took the question."""
    started = answer.started
    first_token = answer.trace.first_token_s
    return TurnRecord(
        front_end="chat",
        input="text",
        status=status,
        started=started,
        finished=time.perf_counter(),
        answer_started=started,
        first_token=None if first_token is None else started + first_token,
        route=answer.trace.route,
    )
