"""Every HTTP error in OpenAI's shape, so SDK clients show it: ``{"error": {message, type,
param, code}}``. Validation errors name the field that was wrong and what was expected."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

ECHO_CHARS = 200
"""Characters of one client-sent value an error quotes back: enough to recognise it, never a
20 MB text returned as a 20 MB error."""
MESSAGE_CHARS = 2000
"""Longest error message (many problems are summarised before this)."""
DESCRIBED_PROBLEMS = 10
"""Validation problems described one by one; the rest are counted."""


def clip(text: str, limit: int = ECHO_CHARS) -> str:
    """``text`` cut to at most ``limit`` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    suffix = f"… ({len(text) - limit} more characters)"
    return text[: max(limit - len(suffix), 0)] + suffix


_TYPE_FOR_STATUS = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    409: "conflict_error",
    412: "precondition_failed_error",
    413: "invalid_request_error",
    415: "invalid_request_error",
    422: "invalid_request_error",
    429: "rate_limit_error",
    503: "service_unavailable_error",
}


class ErrorBody(BaseModel):
    message: str
    type: str
    param: str | None = None
    code: str | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


def error_response(
    status: int, message: str, *, param: str | None = None, code: str | None = None
) -> JSONResponse:
    body = ErrorBody(
        message=clip(message, MESSAGE_CHARS),
        type=_TYPE_FOR_STATUS.get(status, "server_error" if status >= 500 else "api_error"),
        param=None if param is None else clip(param),
        code=None if code is None else clip(code),
    )
    return JSONResponse(ErrorResponse(error=body).model_dump(), status_code=status)


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    # ("body", "profile", "speech_rate") → "profile.speech_rate"; the location kind is noise.
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "form")]
    return ".".join(parts) or ".".join(str(p) for p in loc)


def describe_validation_errors(errors: list[dict[str, Any]]) -> tuple[str, str | None]:
    """One readable sentence per problem, and the first field's name."""
    messages = []
    for error in errors[:DESCRIBED_PROBLEMS]:
        field = clip(_field(error.get("loc", ())))
        received = error.get("input")
        shown = repr(received) if not isinstance(received, dict | list) else type(received).__name__
        messages.append(f"{field}: {error.get('msg', 'invalid')} (received {clip(shown)})")
    more = len(errors) - DESCRIBED_PROBLEMS
    tail = f"; and {more} more problems" if more > 0 else ""
    first = clip(_field(errors[0].get("loc", ()))) if errors else None
    return clip("; ".join(messages), MESSAGE_CHARS - len(tail)) + tail, first


def _count(request: Request, status: int, code: str | None) -> None:
    """The error in the app's metrics (``modu_errors_total{front_end="rest"}``), by its code,
    else its type. Before the lifespan has run there are no engines, and nothing to count."""
    engines = getattr(request.app.state, "engines", None)
    if engines is not None:
        engines.telemetry.error("rest", code or _TYPE_FOR_STATUS.get(status, str(status)))


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        message, param = describe_validation_errors(list(exc.errors()))
        _count(request, 422, "invalid_value")
        return error_response(422, message, param=param, code="invalid_value")

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail: object = exc.detail  # str in Starlette's types; our routes raise dicts too
        code = detail.get("code") if isinstance(detail, dict) else None
        _count(request, exc.status_code, code if isinstance(code, str) else None)
        if isinstance(detail, dict):
            response = error_response(
                exc.status_code,
                str(detail.get("message", "")),
                param=detail.get("param"),
                code=detail.get("code"),
            )
        else:
            response = error_response(exc.status_code, str(detail))
        # Retry-After (503 server_busy), WWW-Authenticate (401): the route's headers go too.
        response.headers.update(exc.headers or {})
        return response
