"""Who may use modu without a key: the page in a browser on modu's own machine, reached directly
(loopback peer, loopback Host, no proxy, the page's own origin), and nobody else; the page's own
origin is allowed with a key from any host; dev mode as before."""

from __future__ import annotations

import pytest

from service.auth import (
    DEV_OWNER,
    INVALID_API_KEY,
    LOCAL_OWNER,
    MISSING_API_KEY,
    ORIGIN_NOT_ALLOWED,
    AuthError,
    Origin,
    Owner,
    authenticate,
    local_page_note,
    owner_id_for_key,
    page_origin,
    parse_origin,
)
from service.settings import Settings

PAGE = {"host": "127.0.0.1:8000", "origin": "http://127.0.0.1:8000"}
"""What Chromium sends when the page opened at http://127.0.0.1:8000/ opens its WebSocket."""


def settings(**auth: object) -> Settings:
    return Settings.model_validate({"auth": auth, "server": {"preload": False}})


def refusal(headers: dict[str, str], client: str | None = "127.0.0.1", **kw: object) -> AuthError:
    with pytest.raises(AuthError) as caught:
        authenticate(headers, (), client, settings(**kw))
    return caught.value


# --- keyless: the local page ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "origin", "client"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000", "127.0.0.1"),
        ("localhost:8000", "http://localhost:8000", "127.0.0.1"),
        ("LOCALHOST:8000", "http://localhost:8000", "::1"),
        ("[::1]:8000", "http://[::1]:8000", "::1"),
        ("localhost", "http://localhost", "127.0.0.1"),
        ("127.0.0.1:8000", "http://127.0.0.1:8000", "::ffff:127.0.0.1"),
    ],
)
def test_the_page_on_this_machine_needs_no_key(host: str, origin: str, client: str) -> None:
    owner = authenticate({"host": host, "origin": origin}, (), client, settings())
    assert owner == Owner(LOCAL_OWNER)


def test_the_pages_same_origin_gets_need_no_key_either() -> None:
    # Browsers send no Origin with same-origin GETs (loading the saved profile); they do say
    # Sec-Fetch-Site.
    headers = {"host": "127.0.0.1:8000", "sec-fetch-site": "same-origin"}
    assert authenticate(headers, (), "127.0.0.1", settings()) == Owner(LOCAL_OWNER)


def test_the_websocket_scheme_counts_as_http() -> None:
    owner = authenticate(PAGE, (), "127.0.0.1", settings(), scheme="ws")
    assert owner == Owner(LOCAL_OWNER)


@pytest.mark.parametrize(
    "forwarding",
    [
        {"x-forwarded-for": "203.0.113.9"},
        {"X-Forwarded-Host": "modu.example"},
        {"x-forwarded-proto": "https"},
        {"forwarded": "for=203.0.113.9;host=modu.example"},
        {"x-real-ip": "203.0.113.9"},
        {"via": "1.1 proxy"},
    ],
)
def test_a_reverse_proxy_on_this_machine_gets_no_keyless_access(
    forwarding: dict[str, str],
) -> None:
    error = refusal({**PAGE, **forwarding})
    assert (error.status, error.code) == (401, MISSING_API_KEY)


def test_dns_rebinding_is_refused() -> None:
    # evil.example resolved to 127.0.0.1: the browser connects from loopback, to its own origin,
    # but the Host is the attacker's name.
    headers = {"host": "evil.example:8000", "origin": "http://evil.example:8000"}
    error = refusal(headers)
    assert (error.status, error.code) == (401, MISSING_API_KEY)


def test_a_foreign_origin_is_refused_even_on_loopback() -> None:
    error = refusal({"host": "127.0.0.1:8000", "origin": "https://evil.example"})
    assert (error.status, error.code) == (403, ORIGIN_NOT_ALLOWED)


def test_another_port_on_this_machine_is_another_origin() -> None:
    error = refusal({"host": "127.0.0.1:8000", "origin": "http://127.0.0.1:9999"})
    assert (error.status, error.code) == (403, ORIGIN_NOT_ALLOWED)


@pytest.mark.parametrize(
    "headers",
    [
        {"host": "127.0.0.1:8000"},  # a program (curl, an SDK): no Origin, no Sec-Fetch-Site
        {"host": "127.0.0.1:8000", "sec-fetch-site": "cross-site"},
        {"host": "127.0.0.1:8000", "sec-fetch-site": "none"},  # typed in the address bar
    ],
)
def test_programs_and_other_sites_need_a_key(headers: dict[str, str]) -> None:
    assert refusal(headers).code == MISSING_API_KEY


def test_another_machine_needs_a_key() -> None:
    error = refusal(PAGE, client="192.0.2.7")
    assert (error.status, error.code) == (401, MISSING_API_KEY)


def test_a_non_loopback_host_name_for_this_machine_needs_a_key() -> None:
    headers = {"host": "192.0.2.1:8000", "origin": "http://192.0.2.1:8000"}
    assert refusal(headers, client="192.0.2.1").code == MISSING_API_KEY


def test_local_page_access_can_be_turned_off() -> None:
    error = refusal(PAGE, local_page_without_key=False)
    assert (error.status, error.code) == (401, MISSING_API_KEY)


def test_a_wrong_key_is_refused_even_on_the_local_page() -> None:
    error = refusal({**PAGE, "authorization": "Bearer nope"})
    assert (error.status, error.code) == (401, INVALID_API_KEY)


# --- the page's own origin, with a key ----------------------------------------------------------


def test_the_pages_own_origin_is_allowed_with_a_key_from_any_host() -> None:
    headers = {
        "host": "modu.example",
        "origin": "https://modu.example",
        "authorization": "Bearer k-1",
    }
    owner = authenticate(headers, (), "198.51.100.4", settings(api_keys=["k-1"]), scheme="https")
    assert owner == Owner(owner_id_for_key("k-1"))


def test_listed_origins_stay_allowed() -> None:
    headers = {"host": "modu.example", "origin": "https://app.example", "authorization": "Bearer k"}
    config = settings(api_keys=["k"], allowed_origins=["https://app.example"])
    assert authenticate(headers, (), "198.51.100.4", config).id == owner_id_for_key("k")


# --- what a refusal says -------------------------------------------------------------------------


def test_without_keys_configured_the_401_says_what_to_do() -> None:
    message = refusal({"host": "modu.example"}, client="192.0.2.7").message
    assert "MODU_AUTH__API_KEYS" in message
    assert "Authorization: Bearer <key>" in message
    assert "API 키" in message


def test_with_keys_configured_the_401_says_to_ask_for_one() -> None:
    message = refusal({"host": "modu.example"}, client="192.0.2.7", api_keys=["k"]).message
    assert "ask whoever runs this service" in message


# --- development mode, as before -----------------------------------------------------------------


def dev_settings(**auth: object) -> Settings:
    return Settings.model_validate({"auth": auth, "server": {"preload": False, "dev": True}})


def test_dev_mode_lets_programs_on_this_machine_in() -> None:
    owner = authenticate({"host": "127.0.0.1:8000"}, (), "127.0.0.1", dev_settings())
    assert owner == Owner(DEV_OWNER, dev=True)
    local_dev_page = {"host": "127.0.0.1:8000", "origin": "http://localhost:5173"}
    assert authenticate(local_dev_page, (), "testclient", dev_settings()).dev


def test_dev_mode_does_not_let_a_dns_rebinding_page_in() -> None:
    headers = {"host": "evil.example:8000", "origin": "http://evil.example:8000"}
    with pytest.raises(AuthError) as caught:
        authenticate(headers, (), "127.0.0.1", dev_settings())
    assert caught.value.code == MISSING_API_KEY


# --- origins -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("http://127.0.0.1:8000", Origin("http", "127.0.0.1", 8000)),
        ("HTTP://LocalHost", Origin("http", "localhost", 80)),
        ("https://[::1]", Origin("https", "::1", 443)),
        ("null", None),
        ("http://x:99999", None),
        ("file:///etc", None),
    ],
)
def test_origins_are_normalised(value: str, expected: Origin | None) -> None:
    assert parse_origin(value) == expected


def test_the_page_origin_comes_from_scheme_and_host() -> None:
    assert page_origin("modu.example:443", "wss") == Origin("https", "modu.example", 443)
    assert page_origin(None, "http") is None


# --- what `modu serve` prints --------------------------------------------------------------------


def test_serve_says_where_the_keyless_page_is() -> None:
    note = local_page_note(settings())
    assert "http://127.0.0.1:8000/" in note and "no key needed" in note
    assert "키 없이" in note


def test_serve_says_the_page_needs_a_key_when_local_access_is_off() -> None:
    note = local_page_note(settings(local_page_without_key=False))
    assert "needs an API key" in note and "API 키" in note


def test_serve_on_another_interface_names_that_address() -> None:
    config = Settings.model_validate({"server": {"host": "192.0.2.1", "preload": False}})
    assert "http://192.0.2.1:8000/ needs an API key" in local_page_note(config)
