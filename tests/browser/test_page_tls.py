"""The page over HTTPS, as a phone on the LAN needs it: ``modu serve --tls-cert --tls-key`` with
the development CA and certificate ``modu keys tls`` makes, in Chromium that trusts that CA the
way a person's browser does (an NSS database holding it as a trusted root, made by ``certutil``;
no certificate error is ignored).

The page is a secure context, so it gets the microphone; it talks over ``wss://``; on this
machine it still needs no key; reached by its LAN name it needs one, and works with it. A
Chromium that does not trust the CA refuses the page.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Error, Page, Playwright, expect

from service.tls.certificates import DevTls
from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, ask, open_page_with, question_wav
from tests.browser.readme_server import ReadmeServer, serve_as_readme_says
from tests.helpers.dev_tls import LAN_NAME, make_test_tls, tls_arguments
from voices.lm.fake import DEFAULT_REPLY_EN

LAN_KEY = "lan-device-key"
NEED_KEY_EN = "This service needs an access key (API key). Ask whoever runs it, then open Settings."
RECORD_SOCKETS = """
window.__moduSocketUrls = [];
const RecordedSocket = window.WebSocket;
window.WebSocket = class extends RecordedSocket {
  constructor(url, ...rest) {
    super(url, ...rest);
    window.__moduSocketUrls.push(String(url));
    this.addEventListener("open", () => { window.__moduSocketOpen = true; });
  }
};
"""


def trust_in_nss(home: Path, ca: Path) -> None:
    """An NSS database in ``home`` (where Chromium on Linux looks: ``~/.pki/nssdb``) that
    trusts ``ca`` to identify web sites, as ``certutil -A -t C,,`` does for a person."""
    certutil = shutil.which("certutil")
    if certutil is None:
        raise RuntimeError("certutil is missing: run scripts/setup (it installs libnss3-tools)")
    database = f"sql:{home / '.pki' / 'nssdb'}"
    (home / ".pki" / "nssdb").mkdir(parents=True)
    subprocess.run([certutil, "-N", "-d", database, "--empty-password"], check=True, timeout=60)
    subprocess.run(
        [certutil, "-A", "-d", database, "-n", "modu development CA", "-t", "C,,", "-i", str(ca)],
        check=True,
        timeout=60,
    )


def launch(playwright: Playwright, home: Path, recording: Path) -> Browser:
    """Chromium with ``home`` as its home (its NSS database), ``LAN_NAME`` resolving to this
    machine, and a microphone that plays ``recording``."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            f"--host-resolver-rules=MAP {LAN_NAME} 127.0.0.1",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={recording}%noloop",
        ],
        env={**os.environ, "HOME": str(home)},
        headless=True,
    )


@pytest.fixture(scope="module")
def dev_tls(tmp_path_factory: pytest.TempPathFactory) -> DevTls:
    return make_test_tls(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, dev_tls: DevTls) -> Iterator[ReadmeServer]:
    with serve_as_readme_says(
        tmp_path_factory.mktemp("serve"),
        {"MODU_AUTH__API_KEYS": json.dumps([LAN_KEY])},
        tls_arguments(dev_tls),
        dev_tls.files.ca_cert,
    ) as running:
        yield running


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("microphone") / "question.wav"
    path.write_bytes(question_wav())
    return path


@pytest.fixture(scope="module")
def chromium(
    playwright_driver: Playwright,
    tmp_path_factory: pytest.TempPathFactory,
    dev_tls: DevTls,
    recording: Path,
) -> Iterator[Browser]:
    home = tmp_path_factory.mktemp("home")
    trust_in_nss(home, dev_tls.files.ca_cert)
    browser = launch(playwright_driver, home, recording)
    yield browser
    browser.close()


def open_secure(browser: Browser, url: str) -> Page:
    return open_page_with(browser, url, [RECORD_SOCKETS], permissions=["microphone"])


def test_the_page_is_a_secure_context_served_with_the_development_certificate(
    chromium: Browser, server: ReadmeServer
) -> None:
    page = open_secure(chromium, f"{server.url}/")
    try:
        response = page.reload()
        assert response is not None and response.ok
        details = response.security_details()
        assert details is not None
        assert details.get("issuer") == "modu development CA (modu-test)"
        assert details.get("subjectName") == "modu-test"
        page.wait_for_selector("body[data-ready='true']")
        assert page.evaluate("window.isSecureContext") is True
        assert page.evaluate("typeof navigator.mediaDevices?.getUserMedia") == "function"
    finally:
        page.context.close()


def test_on_this_machine_the_page_talks_over_wss_without_a_key(
    chromium: Browser, server: ReadmeServer
) -> None:
    page = open_secure(chromium, f"{server.url}/")
    try:
        ask(page, "hello there")
        answer = page.locator("#log article.answer").last
        expect(answer.locator(".answer-text")).to_contain_text(DEFAULT_REPLY_EN, timeout=20_000)
        sockets = page.evaluate("window.__moduSocketUrls")
        assert sockets and all(
            url == f"wss://127.0.0.1:{server.port}/v1/realtime" for url in sockets
        ), sockets
        assert not page.evaluate("sessionStorage['modu.apiKey']")
    finally:
        page.context.close()


def test_the_microphone_works_over_https(chromium: Browser, server: ReadmeServer) -> None:
    page = open_secure(chromium, f"{server.url}/")
    try:
        page.locator("#hands-free").click()
        expect(page.locator("#log .turn.user .user-text").first).to_have_text(
            "hello", timeout=20_000
        )
        answer = page.locator("#log article.answer").first
        expect(answer.locator(".answer-text")).to_contain_text(DEFAULT_REPLY_EN, timeout=20_000)
    finally:
        page.context.close()


def test_a_lan_device_needs_a_key_and_works_with_one(
    chromium: Browser, server: ReadmeServer
) -> None:
    page = open_secure(chromium, f"https://{LAN_NAME}:{server.port}/")
    try:
        assert page.evaluate("window.isSecureContext") is True
        expect(page.locator("#status-text")).to_contain_text(NEED_KEY_EN)
        # The key as Settings keeps it (this tab's sessionStorage; the dialog itself is tested
        # in test_page_first_command.py), then the page as the person reopens it.
        page.evaluate(f"sessionStorage.setItem('modu.apiKey', '{LAN_KEY}')")
        page.reload()
        page.wait_for_selector("body[data-ready='true']")
        ask(page, "hello there")
        answer = page.locator("#log article.answer").last
        expect(answer.locator(".answer-text")).to_contain_text(DEFAULT_REPLY_EN, timeout=20_000)
        sockets = page.evaluate("window.__moduSocketUrls")
        assert sockets[-1] == f"wss://{LAN_NAME}:{server.port}/v1/realtime", sockets
    finally:
        page.context.close()


def test_a_browser_that_does_not_trust_the_ca_refuses_the_page(
    playwright_driver: Playwright,
    tmp_path: Path,
    server: ReadmeServer,
    recording: Path,
) -> None:
    browser = launch(playwright_driver, tmp_path, recording)  # an empty home: no NSS database
    try:
        page = browser.new_page()
        with pytest.raises(Error, match="ERR_CERT_AUTHORITY_INVALID"):
            page.goto(f"{server.url}/")
    finally:
        browser.close()
