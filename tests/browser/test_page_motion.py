"""Motion (W11): the status indicator pulses, except under prefers-reduced-motion or when the
profile asks for reduced motion; theme and text size apply at once."""

from __future__ import annotations

from playwright.sync_api import Page, expect

INDICATOR_ANIMATION = "getComputedStyle(document.querySelector('#status .indicator')).animationName"
RUNNING_ANIMATIONS = "document.getAnimations().filter((a) => a.playState === 'running').length"


def show_busy_state(page: Page) -> None:
    """The state in which the indicator moves (a CSS rule keyed on the page's state)."""
    page.evaluate("document.body.dataset.state = 'speaking'")


def test_indicator_moves_without_a_preference(page: Page) -> None:
    page.emulate_media(reduced_motion="no-preference")
    show_busy_state(page)
    assert page.evaluate(INDICATOR_ANIMATION) == "pulse"
    assert page.evaluate(RUNNING_ANIMATIONS) > 0


def test_nothing_moves_under_prefers_reduced_motion(page: Page) -> None:
    page.emulate_media(reduced_motion="reduce")
    show_busy_state(page)
    assert page.evaluate(INDICATOR_ANIMATION) == "none"
    assert page.evaluate(RUNNING_ANIMATIONS) == 0


def test_profile_reduced_motion_theme_and_text_size_apply_at_once(page: Page) -> None:
    page.emulate_media(reduced_motion="no-preference")
    show_busy_state(page)
    page.get_by_role("button", name="Profile").click()
    page.get_by_label("Reduce motion").check()
    page.get_by_label("Colours").select_option("dark")
    page.get_by_role("group", name="Text size").get_by_role("radio", name="Larger").check()

    assert page.evaluate(INDICATOR_ANIMATION) == "none"
    assert page.evaluate(RUNNING_ANIMATIONS) == 0
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "24px"
