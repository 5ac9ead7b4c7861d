"""The profile panel (W13, V5; issue 15 item 2): presets first as large choices with a one-line
description, speed, patience and text size as labelled steps with "Try it", Save always in view;
saved with POST then PATCH, applied to the realtime session and to the page at once, and back
after a reload. The whole flow is also done with the keyboard alone."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect

from tests.browser.harness import SPEECH_STUB, open_page_with

SAVED = "Saved. modu now works this way."


def session_profile_id(page: Page) -> Any:
    return page.evaluate("window.__moduSession && window.__moduSession.modu.profile_id")


def open_profile(page: Page) -> Locator:
    page.get_by_role("button", name="Profile").click()
    dialog = page.get_by_role("dialog", name="Profile")
    expect(dialog).to_be_visible()
    return dialog


def step(dialog: Locator, group: str, name: str) -> Locator:
    return dialog.get_by_role("group", name=group).get_by_role("radio", name=name, exact=True)


def saved_profile(page: Page, page_url: str) -> dict[str, Any]:
    profile_id = page.evaluate("localStorage['modu.profileId']")
    result: dict[str, Any] = page.request.get(f"{page_url}/v1/profiles/{profile_id}").json()
    return result


def test_presets_come_first_as_large_choices_with_one_line_descriptions(page: Page) -> None:
    dialog = open_profile(page)
    presets = dialog.get_by_role("group", name="Start with what fits you")
    expect(presets.get_by_role("radio")).to_have_count(6)
    choice = presets.locator("label.choice").filter(has_text="Low vision or blind")
    expect(choice).to_contain_text("high contrast, large text, no motion")
    box = choice.bounding_box()
    assert box is not None and box["height"] >= 44  # a large target, name and description
    # The presets are the first thing in the panel.
    first = dialog.locator("fieldset").first
    expect(first).to_have_attribute("id", "presets")


def test_preset_saved_applied_to_session_and_page_then_patched(page: Page, page_url: str) -> None:
    dialog = open_profile(page)
    dialog.get_by_role("radio", name="Low vision or blind").check()
    # The preset's page settings apply before saving: high contrast, 200 % text, no motion.
    expect(page.locator("html")).to_have_attribute("data-theme", "high-contrast")
    expect(page.locator("html")).to_have_attribute("data-reduced-motion", "true")
    expect(dialog.get_by_label("Answers made for screen readers")).to_be_checked()
    expect(step(dialog, "Text size", "Largest")).to_be_checked()

    step(dialog, "How long modu waits after you stop", "Longer").check()
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.get_by_role("status")).to_have_text(SAVED)

    saved = saved_profile(page, page_url)
    assert saved["turn_patience_ms"] == 1500
    assert saved["screen_reader"] is True
    assert saved["page"] == {"theme": "high-contrast", "text_size": 200, "reduced_motion": True}
    page.wait_for_function(f"window.__moduSession?.modu.profile_id === '{saved['id']}'")
    assert page.evaluate("window.__moduSession.modu.turn_patience_ms") == 1500  # V5

    step(dialog, "How answers are written", "Very easy words").check()
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.get_by_role("status")).to_have_text(SAVED)
    patched = saved_profile(page, page_url)
    assert patched["reading_level"] == "easy-read"
    assert patched["version"] > saved["version"]

    page.reload()
    page.wait_for_selector("body[data-ready='true']")
    expect(page.locator("html")).to_have_attribute("data-theme", "high-contrast")
    page.wait_for_function(f"window.__moduSession?.modu.profile_id === '{saved['id']}'")
    assert session_profile_id(page) == saved["id"]


def test_a_preset_value_between_steps_is_kept_until_a_step_is_chosen(
    page: Page, page_url: str
) -> None:
    dialog = open_profile(page)
    dialog.get_by_role("radio", name="Easy read").check()  # speech rate 0.9
    expect(step(dialog, "How fast modu speaks", "Slower")).to_be_checked()
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.get_by_role("status")).to_have_text(SAVED)
    assert saved_profile(page, page_url)["speech_rate"] == 0.9

    step(dialog, "How fast modu speaks", "Faster").check()
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.get_by_role("status")).to_have_text(SAVED)
    assert saved_profile(page, page_url)["speech_rate"] == 1.25


@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_save_stays_in_view_at_200_percent_text(
    browser: Browser, page_url: str, viewport: tuple[int, int]
) -> None:
    width, height = viewport
    page = open_page_with(browser, page_url, [], viewport={"width": width, "height": height})
    try:
        dialog = open_profile(page)
        step(dialog, "Text size", "Largest").check()
        assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
        save = dialog.get_by_role("button", name="Save")
        # Scrolled to the last setting, Save is still on screen and not covered.
        dialog.get_by_label("Reduce motion").scroll_into_view_if_needed()
        for _ in range(2):
            box = save.bounding_box()
            assert box is not None
            assert box["y"] >= 0 and box["y"] + box["height"] <= height, box
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
            dialog.locator("#presets").scroll_into_view_if_needed()
    finally:
        page.context.close()


def test_the_whole_profile_flow_with_the_keyboard_only(page: Page, page_url: str) -> None:
    def tab_to(description: str, check: str, limit: int = 30) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(check):
                return
        raise AssertionError(f"Tab never reached {description}")

    tab_to("Profile", "document.activeElement.id === 'open-profile'")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Profile")
    expect(dialog).to_be_visible()

    tab_to("the presets", "document.activeElement.name === 'preset'")
    page.keyboard.press("ArrowDown")  # the second preset: low vision or blind
    expect(dialog.get_by_role("radio", name="Low vision or blind")).to_be_checked()
    tab_to("the speed steps", "document.activeElement.name === 'step-speed'")
    page.keyboard.press("ArrowLeft")  # from Normal to Slower
    expect(step(dialog, "How fast modu speaks", "Slower")).to_be_checked()
    tab_to("the patience steps", "document.activeElement.name === 'step-patience'")
    page.keyboard.press("ArrowRight")
    expect(step(dialog, "How long modu waits after you stop", "Longer")).to_be_checked()
    tab_to("Save", "document.activeElement.id === 'save-profile'")
    page.keyboard.press("Enter")
    expect(dialog.get_by_role("status")).to_have_text(SAVED)
    saved = saved_profile(page, page_url)
    assert (saved["speech_rate"], saved["turn_patience_ms"]) == (0.8, 1500)
    assert saved["page"]["theme"] == "high-contrast"

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Profile")).to_be_focused()


def test_try_it_plays_a_sample_at_the_chosen_speed_in_modus_voice(page: Page) -> None:
    dialog = open_profile(page)
    speed = dialog.get_by_role("group", name="How fast modu speaks")
    speed.get_by_role("radio", name="Slower").check()
    with page.expect_request("**/v1/audio/speech") as sent:
        speed.get_by_role("button", name="Try it").click()
    body = json.loads(sent.value.post_data or "{}")
    assert body["speed"] == 0.8
    assert body["input"] == "Hello. This is how fast I will speak."
    assert body["response_format"] == "pcm"
    page.wait_for_function("window.__moduPlayed > 0")


def test_try_it_with_the_device_voice_waits_as_long_as_chosen(
    browser: Browser, page_url: str
) -> None:
    page = open_page_with(browser, page_url, [SPEECH_STUB])
    try:
        page.evaluate("localStorage.setItem('modu.answerVoice', 'device')")
        dialog = open_profile(page)
        patience = dialog.get_by_role("group", name="How long modu waits after you stop")
        patience.get_by_role("radio", name="Longer", exact=True).check()
        patience.get_by_role("button", name="Try it").click()
        page.wait_for_function(
            "window.__moduSpeech.filter(e => e.call === 'start').length >= 2", timeout=10_000
        )
        log: list[dict[str, Any]] = page.evaluate("window.__moduSpeech")
        first_end = next(e for e in log if e["call"] == "end")
        second = [e for e in log if e["call"] == "start"][1]
        assert second["text"] == "Then I answer."
        assert second["at"] - first_end["at"] >= 1450  # the 1.5 s wait, in the device's voice
        assert page.evaluate("window.__moduPlayed") == 0  # nothing from the server's voice
    finally:
        page.context.close()


def test_a_refused_save_is_said_in_text(page: Page) -> None:
    def refuse(route: Route) -> None:
        error = {"error": {"message": "speech_rate: too fast", "code": "invalid_value"}}
        route.fulfill(status=422, json=error)

    page.route("**/v1/profiles", refuse)
    dialog = open_profile(page)
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.get_by_role("status")).to_have_text("Could not save: speech_rate: too fast")
    assert page.evaluate("localStorage['modu.profileId']") is None
