"""Fixtures for the page tests: one modu server and one Chromium per module, a fresh page each."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from tests.browser.harness import CHROMIUM, launch_chromium, open_page, serve_page

if not Path(CHROMIUM).exists():  # pragma: no cover - scripts/setup installs it
    raise RuntimeError(f"{CHROMIUM} is missing: run scripts/setup (it installs Debian's chromium)")


@pytest.fixture(scope="module")
def page_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_page(tmp_path_factory.mktemp("modu")) as url:
        yield url


@pytest.fixture(scope="module")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    chromium = launch_chromium(playwright_driver)
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser: Browser, page_url: str) -> Iterator[Page]:
    opened = open_page(browser, page_url)
    yield opened
    opened.context.close()
