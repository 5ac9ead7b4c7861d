"""The README's first command gives a working page: ``modu serve`` (no ``--dev``, no keys), then
the page in Chromium on the same machine answers at once. The same server reached by another
name (as a DNS rebinding page would reach it) refuses, and the page says why in plain words and
what to do, in English and Korean, never that a connection closed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect

from tests.browser.harness import ask, launch_chromium, open_page
from tests.browser.readme_server import ReadmeServer, serve_as_readme_says
from voices.lm.fake import DEFAULT_REPLY_EN

OTHER_NAME = "modu.test"
"""A name Chromium resolves to 127.0.0.1 here: the server sees it as the Host, like a page that
rebound its own name to this machine."""
NEED_KEY_EN = "This service needs an access key (API key). Ask whoever runs it, then open Settings."
READY_EN = 'Ready. Press "Start talking" or type a question.'
NEED_KEY_KO = "이 서비스를 쓰려면 접근 키(API 키)가 필요합니다."


@pytest.fixture(scope="module")
def readme_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReadmeServer]:
    with serve_as_readme_says(tmp_path_factory.mktemp("readme")) as server:
        yield server


@pytest.fixture(scope="module")
def chromium(playwright_driver: Playwright) -> Iterator[Browser]:
    browser = launch_chromium(
        playwright_driver, [f"--host-resolver-rules=MAP {OTHER_NAME} 127.0.0.1"]
    )
    yield browser
    browser.close()


@pytest.fixture
def local_page(chromium: Browser, readme_server: ReadmeServer) -> Iterator[Page]:
    page = open_page(chromium, f"{readme_server.url}/")
    yield page
    page.context.close()


def status_of(page: Page) -> str:
    return page.locator("#status-text").inner_text()


def test_the_page_on_this_machine_answers_at_once_without_a_key(local_page: Page) -> None:
    expect(local_page.locator("#status-text")).to_have_text(READY_EN)
    ask(local_page, "hello there")
    answer = local_page.locator("#log article.answer").last
    expect(answer.locator(".answer-text")).to_contain_text(DEFAULT_REPLY_EN)
    expect(answer.locator(".ai-label")).to_have_text("AI-generated answer")
    assert not local_page.evaluate("sessionStorage['modu.apiKey']")


def test_the_page_keeps_its_profile_without_a_key(local_page: Page) -> None:
    # Saving is a POST (with Origin); loading after a reload is a GET (Sec-Fetch-Site only).
    local_page.get_by_role("button", name="Profile").click()
    dialog = local_page.get_by_role("dialog", name="Profile")
    dialog.get_by_role("radio", name="Low vision or blind").check()
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.get_by_role("status")).to_have_text("Saved. modu now works this way.")
    saved = local_page.evaluate("localStorage['modu.profileId']")

    local_page.reload()
    local_page.wait_for_selector("body[data-ready='true']")
    local_page.wait_for_function(f"window.__moduSession?.modu.profile_id === '{saved}'")
    expect(local_page.locator("html")).to_have_attribute("data-theme", "high-contrast")


def test_serve_prints_where_the_page_is(readme_server: ReadmeServer) -> None:
    program, *arguments = readme_server.command
    assert (Path(program).name, arguments) == ("modu", ["serve"])  # nothing but the README's
    printed = readme_server.log.read_text()
    assert f"open http://127.0.0.1:{readme_server.port}/ in a browser on this machine" in printed
    assert "no key needed" in printed and "키 없이" in printed


def test_reached_by_another_name_the_page_says_it_needs_a_key(
    chromium: Browser, readme_server: ReadmeServer
) -> None:
    page = open_page(chromium, f"http://{OTHER_NAME}:{readme_server.port}/")
    try:
        expect(page.locator("#status-text")).to_contain_text(NEED_KEY_EN)
        ask(page, "hello there")  # typing again is refused the same way, in the same words
        expect(page.locator("#status-text")).to_contain_text(NEED_KEY_EN)
        assert "connection closed" not in status_of(page)
        expect(page.locator("#log article.answer")).to_have_count(0)
    finally:
        page.context.close()


def test_the_refusal_is_said_in_korean_too(chromium: Browser, readme_server: ReadmeServer) -> None:
    page = open_page(chromium, f"http://{OTHER_NAME}:{readme_server.port}/", locale="ko-KR")
    try:
        expect(page.locator("#status-text")).to_contain_text(NEED_KEY_KO)
        assert "연결이 끊겼습니다" not in status_of(page)
    finally:
        page.context.close()


def test_a_key_the_server_does_not_know_is_named_as_such(
    chromium: Browser, readme_server: ReadmeServer
) -> None:
    page = open_page(chromium, f"http://{OTHER_NAME}:{readme_server.port}/")
    try:
        page.get_by_role("button", name="Settings").click()
        dialog = page.get_by_role("dialog", name="Settings")
        dialog.get_by_label("Access key (API key)").fill("guessed-key")
        dialog.get_by_role("button", name="Close").click()
        ask(page, "hello there")
        expect(page.locator("#status-text")).to_contain_text(
            "This access key (API key) was not accepted."
        )
    finally:
        page.context.close()


def test_saving_a_profile_on_a_refused_page_says_why(
    chromium: Browser, readme_server: ReadmeServer
) -> None:
    page = open_page(chromium, f"http://{OTHER_NAME}:{readme_server.port}/")
    try:
        page.get_by_role("button", name="Profile").click()
        dialog = page.get_by_role("dialog", name="Profile")
        dialog.get_by_role("button", name="Save").click()
        expect(dialog.get_by_role("status")).to_have_text(f"Could not save: {NEED_KEY_EN}")
    finally:
        page.context.close()
