"""OpenTelemetry traces: one span per turn, with a child span per stage.

A turn's stages run in different tasks and threads (recognition, the model, the voice), so
its spans are written when the turn ends, from the times :class:`TurnRecord` carries, rather
than opened and closed across those tasks. They join the trace that is current where the turn
ends: the HTTP request's span for a chat completion, the WebSocket's for a realtime session.

Exporting runs in the SDK's background thread: a collector that cannot be reached costs log
lines (``opentelemetry.exporter…`` warnings), never a turn.
"""

from __future__ import annotations

import logging
import time
import uuid

from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from opentelemetry.trace import Status, StatusCode

from service.telemetry.base import NoTelemetry, TurnRecord
from service.telemetry.settings import TelemetrySettings
from voices.version import VERSION

log = logging.getLogger(__name__)

TURN_SPAN = "modu.turn"
STAGE_SPANS = ("recognition", "answer", "first_token", "first_audio")
"""Children of a turn's span (``modu.<stage>``), where the turn had the stage."""


def make_provider(settings: TelemetrySettings) -> TracerProvider:
    """This app's tracer provider (never the process-wide one). No exporter yet: see
    :func:`otlp_processor`."""
    resource = Resource.create(
        {
            "service.name": settings.service_name,
            "service.version": VERSION,
            "service.instance.id": uuid.uuid4().hex,
        }
    )
    # The app's lifespan shuts it down, bounded; an atexit hook could wait on a dead collector.
    return TracerProvider(resource=resource, shutdown_on_exit=False)


def otlp_processor(settings: TelemetrySettings) -> SpanProcessor:
    """Batches spans to the OTLP/HTTP endpoint in a background thread."""
    assert settings.otlp_endpoint is not None
    exporter = OTLPSpanExporter(endpoint=settings.otlp_endpoint, timeout=settings.otlp_timeout_s)
    return BatchSpanProcessor(exporter)


def exporter_processor(exporter: SpanExporter) -> SpanProcessor:
    """Spans to ``exporter`` as each ends (tests: an in-memory exporter)."""
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor

    return SimpleSpanProcessor(exporter)


class _WallClock:
    """Turns :func:`time.perf_counter` readings into the epoch nanoseconds spans carry."""

    def __init__(self) -> None:
        self._epoch_ns = time.time_ns()
        self._counter = time.perf_counter()

    def ns(self, counter: float) -> int:
        return self._epoch_ns - round((self._counter - counter) * 1e9)


class TurnTracer(NoTelemetry):
    """Writes each finished turn as a span tree; every other report is left to the metrics."""

    def __init__(self, provider: TracerProvider) -> None:
        self.tracer = provider.get_tracer("modu", VERSION)

    def turn_finished(self, turn: TurnRecord) -> None:
        clock = _WallClock()
        attributes: dict[str, str] = {
            "modu.front_end": turn.front_end,
            "modu.input": turn.input,
            "modu.status": turn.status,
        }
        if turn.route is not None:
            attributes["modu.route"] = turn.route
        root = self.tracer.start_span(
            TURN_SPAN, start_time=clock.ns(turn.started), attributes=attributes
        )
        if turn.status == "failed":
            root.set_status(Status(StatusCode.ERROR, "the answer failed"))
        parent = trace.set_span_in_context(root)
        stages = {
            "recognition": (turn.started, turn.recognised),
            "answer": (turn.answer_started, turn.finished),
            "first_token": (turn.answer_started, turn.first_token),
            "first_audio": (turn.answer_started, turn.first_audio),
        }
        for stage in STAGE_SPANS:
            start, end = stages[stage]
            if start is None or end is None or (stage == "recognition" and turn.input == "text"):
                continue
            child = self.tracer.start_span(
                f"modu.{stage}", context=parent, start_time=clock.ns(start)
            )
            child.end(end_time=clock.ns(max(start, end)))
        root.end(end_time=clock.ns(turn.finished))
