"""Who is calling: API keys (header or browser subprotocol), origins, this machine's own page,
and development mode.

An owner is derived from the API key (a hash, never the key itself), so profiles and sessions
can belong to a key without storing it.

Without a key, two callers are let in:

* **The page on this machine** (on by default, ``MODU_AUTH__LOCAL_PAGE_WITHOUT_KEY``): the
  browser page opened at ``http://127.0.0.1:PORT/`` (or ``localhost``, ``[::1]``) on the machine
  modu runs on acts as the owner ``local``, so the README's first command gives a working page.
  Every condition must hold: the TCP peer is loopback; the ``Host`` is a loopback name (a DNS
  rebinding page has its own name there); no forwarding header (a reverse proxy on the same host
  connects from loopback too); and the browser says the request comes from the page's own
  origin (``Origin``, or ``Sec-Fetch-Site: same-origin`` on the GETs browsers send no ``Origin``
  with). Programs, which send neither, still need a key.
* **Development mode** (``modu serve --dev``): any client on this machine, as ``dev-local``.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request

from service.settings import Settings

SUBPROTOCOL_KEY_PREFIX = "openai-insecure-api-key."
LOCAL_HOSTS = frozenset({"127.0.0.1", "::1", "localhost", "testclient"})
"""Peers development mode treats as this machine (``testclient``: Starlette's test client)."""
LOOPBACK_HOST_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
"""``Host`` names the local page may be reached by; any other name may be a DNS rebinding."""
FORWARDING_HEADERS = frozenset(
    {
        "forwarded",
        "via",
        "x-real-ip",
        "x-client-ip",
        "x-cluster-client-ip",
        "true-client-ip",
        "cf-connecting-ip",
        "fastly-client-ip",
        "x-original-host",
    }
)
"""Headers a reverse proxy adds (besides every ``X-Forwarded-*``): the request came from
elsewhere, whatever the TCP peer says."""
DEV_OWNER = "dev-local"
LOCAL_OWNER = "local"
ORIGIN_NOT_ALLOWED = "origin_not_allowed"
MISSING_API_KEY = "missing_api_key"
INVALID_API_KEY = "invalid_api_key"
DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Owner:
    """The caller: ``id`` is stable for one API key and reveals nothing about it."""

    id: str
    dev: bool = False


@dataclass(frozen=True)
class Origin:
    """A web origin, normalised: lower-case host without brackets, the port always given."""

    scheme: str
    host: str
    port: int


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


def _is_known_key(key: str, known_keys: Iterable[str]) -> bool:
    """Constant-time comparison of bytes: ``compare_digest`` refuses ``str`` with non-ASCII
    characters (a TypeError, once a 500), and a key is whatever bytes the client sent."""
    sent = key.encode("utf-8", "surrogateescape")
    return any(
        hmac.compare_digest(sent, known.encode("utf-8", "surrogateescape")) for known in known_keys
    )


# --- origins and hosts ------------------------------------------------------------------------


def parse_origin(value: str) -> Origin | None:
    """``scheme://host[:port]`` as an :class:`Origin`; ``None`` for ``null`` or anything odd."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:  # a port that is not a number, or out of range
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return Origin(scheme, parts.hostname.lower(), port or DEFAULT_PORTS[scheme])


def page_origin(host_header: str | None, scheme: str) -> Origin | None:
    """The origin of a page served in answer to this request: its scheme and ``Host``.
    WebSocket schemes count as their HTTP counterparts (``ws`` → ``http``)."""
    if not host_header:
        return None
    http_scheme = {"ws": "http", "wss": "https"}.get(scheme, scheme)
    return parse_origin(f"{http_scheme}://{host_header}")


def is_loopback_peer(client_host: str | None) -> bool:
    """The TCP peer is this machine (127.0.0.0/8, ::1, or IPv4-mapped 127.x)."""
    if client_host is None:
        return False
    try:
        address = ipaddress.ip_address(client_host)
    except ValueError:  # a name such as Starlette's "testclient", not an address
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def has_forwarding_headers(headers: Mapping[str, str]) -> bool:
    return any(
        name.lower().startswith("x-forwarded-") or name.lower() in FORWARDING_HEADERS
        for name in headers
    )


def _is_local_origin(origin: str) -> bool:
    parsed = parse_origin(origin)
    return parsed is not None and parsed.host in LOCAL_HOSTS


@dataclass(frozen=True)
class Caller:
    """What a request says about where it comes from."""

    headers: Mapping[str, str]
    client_host: str | None
    scheme: str = "http"

    @property
    def origin(self) -> str | None:
        return self.headers.get("origin")

    def from_own_page(self) -> bool:
        """A browser says the request comes from a page this server served at this ``Host``."""
        own = page_origin(self.headers.get("host"), self.scheme)
        if own is None:
            return False
        if self.origin is not None:
            return parse_origin(self.origin) == own
        # Browsers send no Origin with same-origin GETs, but do send Sec-Fetch-Site.
        return self.headers.get("sec-fetch-site", "").lower() == "same-origin"

    def is_local_page(self) -> bool:
        """The page, in a browser on this machine, reached directly (no proxy, no rebinding)."""
        own = page_origin(self.headers.get("host"), self.scheme)
        return (
            own is not None
            and own.host in LOOPBACK_HOST_NAMES
            and is_loopback_peer(self.client_host)
            and not has_forwarding_headers(self.headers)
            and self.from_own_page()
        )


# --- the rules --------------------------------------------------------------------------------


def check_origin(caller: Caller, settings: Settings) -> None:
    """Browsers always send ``Origin`` with WebSockets and writes: the page's own origin, the
    listed origins and (in dev mode) this machine's pages may use the service from a browser."""
    origin = caller.origin
    if origin is None or origin in settings.auth.allowed_origins:
        return
    own = page_origin(caller.headers.get("host"), caller.scheme)
    if own is not None and parse_origin(origin) == own:
        return
    if settings.server.dev and _is_local_origin(origin) and caller.client_host in LOCAL_HOSTS:
        return
    raise AuthError(
        403,
        ORIGIN_NOT_ALLOWED,
        f"Origin {origin!r} is not allowed; expected this server's own pages or one of "
        f"{settings.auth.allowed_origins} (set MODU_AUTH__ALLOWED_ORIGINS). / "
        "이 출처(Origin)는 허용되지 않습니다: MODU_AUTH__ALLOWED_ORIGINS 에 넣으세요.",
    )


def _dev_mode_lets_in(caller: Caller, settings: Settings) -> bool:
    """Development mode as it always was: a client on this machine, from no page, a local page
    or a listed one. The page's own origin alone is not enough here: a DNS rebinding page is
    its own origin too."""
    if not settings.server.dev or caller.client_host not in LOCAL_HOSTS:
        return False
    origin = caller.origin
    return origin is None or _is_local_origin(origin) or origin in settings.auth.allowed_origins


def missing_key_error(settings: Settings) -> AuthError:
    """A 401 that says what to do, for a server with keys and for one without."""
    how = (
        "send one as 'Authorization: Bearer <key>' or the WebSocket subprotocol "
        "'openai-insecure-api-key.<key>'"
    )
    if settings.auth.api_keys:
        english = f"Expected an API key: ask whoever runs this service for one, then {how}."
        korean = "API 키가 필요합니다: 서비스를 운영하는 사람에게 받아서 보내세요."
    else:
        english = (
            "This server accepts no API keys yet: whoever runs it sets "
            "MODU_AUTH__API_KEYS='[\"<key>\"]' and gives you the key; then " + how + "."
        )
        korean = (
            "이 서버에는 아직 API 키가 없습니다: 운영하는 사람이 MODU_AUTH__API_KEYS 에 키를 "
            "정하고 알려 주면, 그 키를 보내세요."
        )
    local = (
        " The page opened at http://127.0.0.1:<port>/ on the server's own machine needs no key;"
        " programs there may use `modu serve --dev`."
    )
    return AuthError(401, MISSING_API_KEY, f"{english}{local} / {korean}")


def authenticate(
    headers: Mapping[str, str],
    subprotocols: Iterable[str],
    client_host: str | None,
    settings: Settings,
    *,
    scheme: str = "http",
) -> Owner:
    """The caller's owner, or :class:`AuthError` saying what was expected. ``scheme`` is the
    request's (``http``, ``https``, ``ws``, ``wss``): with ``Host`` it makes the page's origin."""
    caller = Caller(headers, client_host, scheme)
    check_origin(caller, settings)
    key = key_from_headers(headers, subprotocols)
    if key is not None:
        if _is_known_key(key, settings.auth.api_keys):
            return Owner(owner_id_for_key(key))
        raise AuthError(
            401,
            INVALID_API_KEY,
            "The API key is not one this server accepts. / 이 서버가 받지 않는 API 키입니다.",
        )
    if _dev_mode_lets_in(caller, settings):
        return Owner(DEV_OWNER, dev=True)
    if settings.auth.local_page_without_key and caller.is_local_page():
        return Owner(LOCAL_OWNER)
    raise missing_key_error(settings)


def require_owner(request: Request) -> Owner:
    """Route dependency: the authenticated owner, or HTTP 401/403 in OpenAI's error shape."""
    settings: Settings = request.app.state.settings
    client = request.client.host if request.client else None
    try:
        return authenticate(request.headers, (), client, settings, scheme=request.url.scheme)
    except AuthError as exc:
        raise HTTPException(exc.status, detail={"code": exc.code, "message": exc.message}) from exc


OwnerDep = Annotated[Owner, Depends(require_owner)]


def local_page_note(settings: Settings) -> str:
    """What ``modu serve`` prints: where the page is, and whether it needs a key."""
    host, port = settings.server.host, settings.server.port
    listens_locally = host in ("0.0.0.0", "::", "") or host.strip("[]") in LOOPBACK_HOST_NAMES
    shown = "[::1]" if host in ("::", "::1", "[::1]") else "127.0.0.1"
    scheme = "https" if settings.tls.enabled else "http"
    url = f"{scheme}://{shown}:{port}/" if listens_locally else f"{scheme}://{host}:{port}/"
    if settings.server.dev:
        return (
            f"modu: development mode: {url} and programs on this machine need no key.\n"
            f"모두: 개발 모드입니다. {url} 와 이 컴퓨터의 프로그램은 키가 필요 없습니다."
        )
    if settings.auth.local_page_without_key and listens_locally:
        return (
            f"modu: open {url} in a browser on this machine: talk or type, no key needed. "
            "Other machines and programs need an API key (MODU_AUTH__API_KEYS).\n"
            f"모두: 이 컴퓨터의 브라우저에서 {url} 을 여세요. 키 없이 말하거나 쓸 수 있습니다. "
            "다른 컴퓨터와 프로그램에는 API 키(MODU_AUTH__API_KEYS)가 필요합니다."
        )
    return (
        f"modu: the page at {url} needs an API key (MODU_AUTH__API_KEYS); enter it in Settings.\n"
        f"모두: {url} 페이지에는 API 키(MODU_AUTH__API_KEYS)가 필요합니다. 설정에 넣으세요."
    )
