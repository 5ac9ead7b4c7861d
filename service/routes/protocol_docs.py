"""The realtime protocol's AsyncAPI document, served next to the endpoint it describes.

Public, like ``/openapi.json``: it describes the protocol and holds no secrets. Built once per
process from the event models (the same builder that writes ``docs/realtime.asyncapi.yaml``).
"""

from __future__ import annotations

import json
from functools import cache

from fastapi import APIRouter
from fastapi.responses import Response

from service.realtime.asyncapi import asyncapi_yaml, build_asyncapi

router = APIRouter(tags=["protocol"])

YAML_MEDIA_TYPE = "application/yaml"
"""RFC 9512."""


@cache
def _yaml() -> bytes:
    return asyncapi_yaml().encode("utf-8")


@cache
def _json() -> bytes:
    return json.dumps(build_asyncapi(), ensure_ascii=False, indent=2).encode("utf-8")


@router.get(
    "/v1/realtime/asyncapi.yaml",
    response_class=Response,
    responses={200: {"content": {YAML_MEDIA_TYPE: {}}}},
    summary="The /v1/realtime WebSocket protocol as AsyncAPI 3.0 (YAML)",
)
def realtime_asyncapi_yaml() -> Response:
    return Response(_yaml(), media_type=YAML_MEDIA_TYPE)


@router.get(
    "/v1/realtime/asyncapi.json",
    response_class=Response,
    responses={200: {"content": {"application/json": {}}}},
    summary="The /v1/realtime WebSocket protocol as AsyncAPI 3.0 (JSON)",
)
def realtime_asyncapi_json() -> Response:
    return Response(_json(), media_type="application/json")
