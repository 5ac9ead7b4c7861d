"""The keyboard alone (W4–W7, W9, W12): every control reachable with Tab and Shift+Tab, operable
with Enter and Space, no trap, focus always visible and unobscured, targets at least 24 px."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from voices.lm.fake import DEFAULT_REPLY_EN

CONTROLS = [
    "hands-free",  # the one primary action is the first stop
    "log",  # the conversation scrolls: arrow keys scroll it once it has focus
    "message",
    "send",
    "push-to-talk",
    "stop",
    "pause",
    "volume",
    "open-profile",
    "open-settings",
]

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
  return {
    id: el.id || el.tagName,
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    width: box.width,
    height: box.height,
    unobscured: hit !== null && (hit === el || el.contains(hit)),
  };
}"""


def tab_walk(page: Page, key: str) -> list[dict[str, Any]]:
    """Press ``key`` until focus comes back to where the walk started; every stop, in order."""
    stops: list[dict[str, Any]] = []
    for _ in range(3 * len(CONTROLS)):
        page.keyboard.press(key)
        focused = page.evaluate(FOCUSED)
        if stops and focused["id"] == stops[0]["id"]:
            return stops
        stops.append(focused)
    raise AssertionError(f"focus never came back to the start (a trap?): {stops}")


def test_tab_and_shift_tab_reach_every_control_with_visible_focus(page: Page) -> None:
    forward = [stop for stop in tab_walk(page, "Tab") if stop["id"] != "BODY"]
    assert [stop["id"] for stop in forward] == CONTROLS
    for stop in forward:
        assert stop["outlineStyle"] != "none" and stop["outlineWidth"] >= 2, stop  # W6
        assert stop["unobscured"], stop  # W6: no sticky element hides it
        assert stop["width"] >= 24 and stop["height"] >= 24, stop  # W7

    page.locator("body").focus()
    backward = [stop["id"] for stop in tab_walk(page, "Shift+Tab") if stop["id"] != "BODY"]
    assert backward == list(reversed(CONTROLS))


def test_enter_and_space_operate_the_controls(page: Page) -> None:
    pause = page.get_by_role("button", name="Pause")
    pause.focus()
    page.keyboard.press("Space")
    expect(pause).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("status").first).to_have_text("Answer paused.")
    page.keyboard.press("Enter")
    expect(pause).to_have_attribute("aria-pressed", "false")

    volume = page.get_by_role("slider", name="Volume")
    volume.focus()
    page.keyboard.press("ArrowLeft")
    expect(volume).to_have_value("75")

    page.get_by_role("button", name="Stop the answer").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_have_text("Answer stopped.")

    page.get_by_label("Or type a question").focus()
    page.keyboard.type("hello")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the Send button
    expect(page.locator("#log article.answer .answer-text").last).to_contain_text(DEFAULT_REPLY_EN)
    assert page.evaluate("document.activeElement.id") == "message"  # W4, even from Send


def test_dialogs_open_with_the_keyboard_and_give_focus_back(page: Page) -> None:
    for opener, dialog_name in (("Profile", "Profile"), ("Settings", "Settings")):
        button = page.get_by_role("button", name=opener, exact=True)
        button.focus()
        page.keyboard.press("Enter")
        dialog = page.get_by_role("dialog", name=dialog_name)
        expect(dialog).to_be_visible()
        assert page.evaluate("document.activeElement.closest('dialog') !== null")
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        expect(button).to_be_focused()


def test_stop_silences_an_answer_at_once(page: Page) -> None:
    page.get_by_label("Or type a question").fill("hello")
    page.keyboard.press("Enter")
    page.wait_for_function("window.__moduPlayed > 0")
    page.get_by_role("button", name="Stop the answer").click()
    expect(page.get_by_role("status").first).to_have_text("Answer stopped.")
    assert page.evaluate("window.__moduStopped") > 0  # scheduled audio was cut, not left to play
