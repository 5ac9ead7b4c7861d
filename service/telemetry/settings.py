"""Telemetry settings: ``MODU_TELEMETRY__…`` (composed into :class:`service.settings.Settings`)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class TelemetrySettings(BaseModel):
    """Prometheus metrics at ``GET /metrics`` and OpenTelemetry traces (see docs/metrics.md)."""

    metrics: bool = True
    """Serve ``GET /metrics`` in Prometheus' text format. Counting costs microseconds a turn
    (bench/results/metrics-overhead.md) and sends nothing anywhere: scrapers come to it."""
    metrics_without_key: bool = False
    """``/metrics`` needs an API key like the rest of the API (a scraper sends it as a bearer
    token). ``true`` opens it to anyone who can reach the port: only where the network itself
    keeps others out (a scrape port no proxy forwards)."""
    otlp_endpoint: str | None = None
    """An OTLP/HTTP traces endpoint, e.g. ``http://otel-collector:4318/v1/traces``: one span
    per turn with a child per stage, and one per HTTP request. Unset (the default): no traces,
    nothing leaves the machine."""
    otlp_timeout_s: float = Field(default=5.0, gt=0.0, le=60.0)
    """How long one export may take; an unreachable collector only costs log lines, in a
    background thread, never a turn."""
    service_name: str = "modu"
    """``service.name`` of the traces (replicas may share it: each has its own instance id)."""
