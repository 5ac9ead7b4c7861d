"""``GET /metrics``: the app's Prometheus metrics, in the text exposition format.

It needs an API key like the rest of the API (Prometheus sends one with
``authorization: {credentials: KEY}``), unless ``MODU_TELEMETRY__METRICS_WITHOUT_KEY`` opens it
for a scrape network nobody else reaches. Metrics name no person and no question, but turn and
error counts still tell an outsider how the service is used. docs/metrics.md lists them.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from service.auth import require_owner
from service.telemetry.metrics import CONTENT_TYPE, PrometheusTelemetry


async def metrics(request: Request) -> Response:
    """Every metric of this replica (each replica is scraped on its own)."""
    registry: PrometheusTelemetry = request.app.state.metrics
    return Response(registry.render(), media_type=CONTENT_TYPE)


def metrics_router(*, needs_key: bool) -> APIRouter:
    """The route, behind the API key or not (decided per app, from its settings)."""
    dependencies = [Depends(require_owner)] if needs_key else []
    router = APIRouter(tags=["service"], dependencies=dependencies)
    router.add_api_route(
        "/metrics",
        metrics,
        methods=["GET"],
        response_class=Response,
        responses={200: {"content": {CONTENT_TYPE: {}}, "description": "Prometheus text"}},
    )
    return router
