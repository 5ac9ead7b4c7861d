"""The profile panel (W13, V5): presets from the server, a labelled form, saved with POST then
PATCH, applied to the realtime session and to the page at once, and back after a reload."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect


def session_profile_id(page: Page) -> Any:
    return page.evaluate("window.__moduSession && window.__moduSession.modu.profile_id")


def test_preset_saved_applied_to_session_and_page_then_patched(page: Page, page_url: str) -> None:
    page.get_by_role("button", name="Profile").click()
    dialog = page.get_by_role("dialog", name="Profile")
    dialog.get_by_label("Start from a preset").select_option("low-vision")
    # The preset's page settings apply before saving: high contrast, 200 % text, no motion.
    expect(page.locator("html")).to_have_attribute("data-theme", "high-contrast")
    expect(page.locator("html")).to_have_attribute("data-reduced-motion", "true")
    expect(dialog.get_by_label("Answers shaped for screen readers")).to_be_checked()

    dialog.get_by_label("Patience before answering (ms)").fill("2000")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.get_by_role("status")).to_have_text("Profile saved and applied.")

    profiles = page.request.get(f"{page_url}/v1/profiles").json()["data"]
    saved = next(p for p in profiles if p["id"] == page.evaluate("localStorage['modu.profileId']"))
    assert saved["turn_patience_ms"] == 2000
    assert saved["screen_reader"] is True
    assert saved["page"] == {"theme": "high-contrast", "text_size": 200, "reduced_motion": True}
    page.wait_for_function(f"window.__moduSession?.modu.profile_id === '{saved['id']}'")
    assert page.evaluate("window.__moduSession.modu.turn_patience_ms") == 2000  # V5

    dialog.get_by_label("Reading level").select_option("easy-read")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.get_by_role("status")).to_have_text("Profile saved and applied.")
    patched = page.request.get(f"{page_url}/v1/profiles/{saved['id']}").json()
    assert patched["reading_level"] == "easy-read"
    assert patched["version"] > saved["version"]

    page.reload()
    page.wait_for_selector("body[data-ready='true']")
    expect(page.locator("html")).to_have_attribute("data-theme", "high-contrast")
    page.wait_for_function(f"window.__moduSession?.modu.profile_id === '{saved['id']}'")
    assert session_profile_id(page) == saved["id"]


def test_out_of_range_value_is_refused_in_text(page: Page) -> None:
    page.get_by_role("button", name="Profile").click()
    dialog = page.get_by_role("dialog", name="Profile")
    dialog.get_by_label("Speech rate").fill("9")
    dialog.get_by_role("button", name="Save").click()
    # The error is text on the page, naming the field and its bound; nothing is sent.
    status = dialog.get_by_role("status")
    expect(status).to_contain_text("The profile could not be saved: Speech rate:")
    expect(status).to_contain_text("2")
    expect(dialog.get_by_label("Speech rate")).to_be_focused()
    assert page.evaluate("localStorage['modu.profileId']") is None
