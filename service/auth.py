"""Who is calling: API keys (header or browser subprotocol), origins, and development mode.

An owner is derived from the API key (a hash, never the key itself), so profiles and sessions
can belong to a key without storing it. In development mode (``modu serve --dev``) a client on
this machine needs no key and acts as the owner ``dev-local``.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from service.settings import Settings

SUBPROTOCOL_KEY_PREFIX = "openai-insecure-api-key."
LOCAL_HOSTS = frozenset({"127.0.0.1", "::1", "localhost", "testclient"})
DEV_OWNER = "dev-local"


@dataclass(frozen=True)
class Owner:
    """The caller: ``id`` is stable for one API key and reveals nothing about it."""

    id: str
    dev: bool = False


class AuthError(Exception):
    """Why a caller is refused; ``status`` is the HTTP status (401 or 403)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def owner_id_for_key(key: str) -> str:
    return "key-" + hashlib.sha256(key.encode()).hexdigest()[:24]


def key_from_headers(headers: Mapping[str, str], subprotocols: Iterable[str] = ()) -> str | None:
    """The API key from ``Authorization: Bearer`` or an ``openai-insecure-api-key.`` subprotocol."""
    authorization = headers.get("authorization", "")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    for protocol in subprotocols:
        if protocol.startswith(SUBPROTOCOL_KEY_PREFIX):
            return protocol.removeprefix(SUBPROTOCOL_KEY_PREFIX)
    return None


def check_origin(origin: str | None, settings: Settings, client_host: str | None) -> None:
    """Browsers always send ``Origin``; only listed origins (or, in dev mode, this machine's
    pages) may use the service from a browser."""
    if origin is None:
        return
    if origin in settings.auth.allowed_origins:
        return
    if settings.server.dev and _is_local_origin(origin) and client_host in LOCAL_HOSTS:
        return
    raise AuthError(
        403,
        "origin_not_allowed",
        f"Origin {origin!r} is not allowed; expected one of {settings.auth.allowed_origins} "
        "(set MODU_AUTH__ALLOWED_ORIGINS)",
    )


def _is_local_origin(origin: str) -> bool:
    host = origin.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0].strip("[]")
    return host in LOCAL_HOSTS


def authenticate(
    headers: Mapping[str, str],
    subprotocols: Iterable[str],
    client_host: str | None,
    settings: Settings,
) -> Owner:
    """The caller's owner, or :class:`AuthError` saying what was expected."""
    check_origin(headers.get("origin"), settings, client_host)
    key = key_from_headers(headers, subprotocols)
    if key is not None:
        if any(hmac.compare_digest(key, known) for known in settings.auth.api_keys):
            return Owner(owner_id_for_key(key))
        raise AuthError(401, "invalid_api_key", "The API key is not one this server accepts.")
    if settings.server.dev and client_host in LOCAL_HOSTS:
        return Owner(DEV_OWNER, dev=True)
    raise AuthError(
        401,
        "missing_api_key",
        "Expected an API key: 'Authorization: Bearer <key>' or the WebSocket subprotocol "
        "'openai-insecure-api-key.<key>' (or run `modu serve --dev` on localhost).",
    )


def require_owner(request: Request) -> Owner:
    """Route dependency: the authenticated owner, or HTTP 401/403 in OpenAI's error shape."""
    settings: Settings = request.app.state.settings
    client = request.client.host if request.client else None
    try:
        return authenticate(request.headers, (), client, settings)
    except AuthError as exc:
        raise HTTPException(exc.status, detail={"code": exc.code, "message": exc.message}) from exc


OwnerDep = Annotated[Owner, Depends(require_owner)]
