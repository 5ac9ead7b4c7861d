"""One app's telemetry, from its settings: what reports go to, and starting and stopping it.

Metrics on (the default): a :class:`PrometheusTelemetry` with the app's own registry. An OTLP
endpoint set: a tracer provider of the app's own, its turns as span trees, and FastAPI's
instrumentation for a span per HTTP request. Neither: :class:`NoTelemetry`, and the realtime
session's events are not even looked at. OpenTelemetry is imported only when traces are on.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import TYPE_CHECKING

from fastapi import FastAPI

from service.telemetry.base import Fanout, NoTelemetry, Telemetry
from service.telemetry.metrics import PrometheusTelemetry
from service.telemetry.settings import TelemetrySettings

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SpanExporter

log = logging.getLogger(__name__)

FLUSH_POLL_S = 0.05
UNTRACED_URLS = "/metrics,/health"
"""Scrapes and health checks: frequent, and nothing to learn from their spans."""


class AppTelemetry:
    """Built by ``create_app``; started and stopped by its lifespan."""

    def __init__(
        self, settings: TelemetrySettings, *, span_exporter: SpanExporter | None = None
    ) -> None:
        """``span_exporter``: trace to it instead of the OTLP endpoint (tests)."""
        self.settings = settings
        self.span_exporter = span_exporter
        self.metrics = PrometheusTelemetry() if settings.metrics else None
        self.provider: TracerProvider | None = None
        parts: list[Telemetry] = [self.metrics] if self.metrics is not None else []
        if settings.otlp_endpoint or span_exporter is not None:
            from service.telemetry.tracing import TurnTracer, make_provider

            self.provider = make_provider(settings)
            parts.append(TurnTracer(self.provider))
        self.telemetry: Telemetry = (
            NoTelemetry() if not parts else parts[0] if len(parts) == 1 else Fanout(parts)
        )

    @property
    def active(self) -> bool:
        """Whether anything is reported at all."""
        return not isinstance(self.telemetry, NoTelemetry)

    def instrument(self, app: FastAPI) -> None:
        """A span per HTTP request and WebSocket (not per message: audio arrives in hundreds)."""
        if self.provider is None:
            return
        from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

        FastAPIInstrumentor.instrument_app(
            app,
            tracer_provider=self.provider,
            excluded_urls=UNTRACED_URLS,
            exclude_spans=["receive", "send"],
        )

    def start(self) -> None:
        """Attach the exporter (its batching thread starts here, not at app creation)."""
        if self.provider is None:
            return
        from service.telemetry.tracing import exporter_processor, otlp_processor

        if self.span_exporter is not None:
            self.provider.add_span_processor(exporter_processor(self.span_exporter))
        else:
            self.provider.add_span_processor(otlp_processor(self.settings))

    async def stop(self) -> None:
        """Flush what is left, waiting at most one export timeout (a dead collector would
        otherwise hold shutdown up through its retries)."""
        provider = self.provider
        if provider is None:
            return
        # A daemon thread: past the timeout it is left to finish alone, and it cannot hold
        # the process up at exit as an executor thread would.
        worker = threading.Thread(target=provider.shutdown, name="modu-traces-flush", daemon=True)
        worker.start()
        deadline = time.monotonic() + self.settings.otlp_timeout_s + 1
        while worker.is_alive():
            if time.monotonic() > deadline:
                log.warning("traces: the exporter did not finish within its timeout; spans dropped")
                return
            await asyncio.sleep(FLUSH_POLL_S)
