"""axe-core (bundled in axe-playwright-python, offline): zero violations in every state and
theme (W7–W10, W13), with screenshots of each theme saved to test-artifacts/. (The listening
state needs a microphone: ``test_page_voice.py`` checks it.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import ARTIFACTS, ask
from tests.browser.harness import axe_violations as violations
from voices.lm.fake import DEFAULT_REPLY_EN

THEMES = ["light", "dark", "high-contrast"]


def choose_theme(page: Page, theme: str) -> None:
    """Through the profile panel, as a person does; the page applies it at once."""
    page.get_by_role("button", name="Profile").click()
    page.get_by_label("Colours").select_option(theme)
    page.get_by_role("button", name="Close").last.click()
    expect(page.locator("html")).to_have_attribute("data-theme", theme)


@pytest.mark.parametrize("theme", THEMES)
def test_no_violations_idle_answering_and_profile_open(page: Page, theme: str) -> None:
    choose_theme(page, theme)
    assert violations(page) == [], "idle"

    ask(page, "hello")
    expect(page.locator("#log article.answer .answer-text").last).to_contain_text(DEFAULT_REPLY_EN)
    expect(page.locator("#log .turn.user")).to_have_count(1)
    assert violations(page) == [], "answering"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"page-{theme}.png", full_page=True)

    page.get_by_role("button", name="Profile").click()
    expect(page.get_by_role("dialog", name="Profile")).to_be_visible()
    assert violations(page) == [], "profile open"
    page.screenshot(path=ARTIFACTS / f"profile-{theme}.png", full_page=True)


def test_no_violations_in_the_error_state(page: Page) -> None:
    page.get_by_role("button", name="Record a message").click()  # denied here: an error in text
    expect(page.get_by_role("status").first).to_contain_text("microphone")
    assert violations(page) == []


def test_the_check_itself_finds_a_planted_fault(page: Page) -> None:
    """axe really runs here (offline): an unnamed button and low-contrast text are caught."""
    page.evaluate(
        """() => {
            const button = document.createElement("button");
            button.style.color = "#ddd";
            button.style.background = "#eee";
            button.textContent = "Planted fault";
            const unnamed = document.createElement("button");
            document.querySelector("main").append(button, unnamed);
        }"""
    )
    found = " ".join(violations(page))
    assert "button-name" in found
    assert "color-contrast" in found
