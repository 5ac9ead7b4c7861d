"""Prometheus metrics, in a registry of the app's own (never the process-wide default, so two
apps in one process, as in the tests and the benchmark, count apart). docs/metrics.md lists
every metric and its labels."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from service.telemetry.base import TurnRecord
from voices.observer import Outcome

LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0, 13.0, 20.0, 30.0, 60.0)
"""Seconds: fine around the 1.5 s TTFA goal, coarse out to a minute (a long recognition)."""
REMOTE_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0)
"""A remote server on the same network answers in milliseconds; an unreachable one in its
connect timeout (5 s)."""
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class PrometheusTelemetry:
    """Counts and times what :class:`~service.telemetry.base.Telemetry` reports."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.ttfa = Histogram(
            "modu_ttfa_seconds",
            "Time to first audio: end of the question to the first audio of the answer.",
            ["front_end", "input"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.stage = Histogram(
            "modu_stage_seconds",
            "Each stage of a turn: recognition (end of speech to transcript), first_token "
            "(answer start to the model's first token), first_audio (answer start to first "
            "audio out).",
            ["stage", "front_end"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.turns = Counter(
            "modu_turns",
            "Answers finished, by how they ended.",
            ["front_end", "input", "status"],
            registry=r,
        )
        self.sessions_active = Gauge(
            "modu_sessions_active", "Realtime sessions open now.", registry=r
        )
        self.sessions_refused = Counter(
            "modu_sessions_refused",
            "Realtime connections turned away: at_capacity, or the auth error's code.",
            ["reason"],
            registry=r,
        )
        self.errors = Counter(
            "modu_errors",
            "Errors clients were sent, by their code.",
            ["front_end", "type"],
            registry=r,
        )
        self.fallbacks = Counter(
            "modu_fallbacks",
            "Answers (lm) or sentences (tts) made by another engine because one failed.",
            ["stage", "failed", "used"],
            registry=r,
        )
        self.remote = Histogram(
            "modu_remote_seconds",
            "Remote stages: request to the server's first answer (the model: its first token) "
            "or to the failure.",
            ["stage", "outcome"],
            buckets=REMOTE_BUCKETS,
            registry=r,
        )

    def render(self) -> bytes:
        """The registry in Prometheus' text exposition format."""
        return generate_latest(self.registry)

    def session_opened(self) -> None:
        self.sessions_active.inc()

    def session_closed(self) -> None:
        self.sessions_active.dec()

    def session_refused(self, reason: str) -> None:
        self.sessions_refused.labels(reason).inc()

    def turn_finished(self, turn: TurnRecord) -> None:
        self.turns.labels(turn.front_end, turn.input, turn.status).inc()
        stages = (
            ("recognition", turn.recognition_s()),
            ("first_token", turn.first_token_s()),
            ("first_audio", turn.first_audio_s()),
        )
        for stage, seconds in stages:
            if seconds is not None:
                self.stage.labels(stage, turn.front_end).observe(seconds)
        ttfa = turn.ttfa_s()
        if ttfa is not None:
            self.ttfa.labels(turn.front_end, turn.input).observe(ttfa)

    def error(self, front_end: str, kind: str) -> None:
        self.errors.labels(front_end, kind).inc()

    def fallback(self, stage: str, failed: str, used: str) -> None:
        self.fallbacks.labels(stage, failed, used).inc()

    def remote_call(self, stage: str, seconds: float, outcome: Outcome) -> None:
        self.remote.labels(stage, outcome).observe(seconds)
