"""Metrics (Prometheus, ``GET /metrics``) and traces (OpenTelemetry, when an OTLP endpoint is
set): see docs/metrics.md. The app builds an :class:`~service.telemetry.wiring.AppTelemetry`;
front ends and engines report to its :class:`~service.telemetry.base.Telemetry`."""
