"""What a new user sees (issue 15, items 1 and 3): "Start talking" is the first thing seen and
reached, inside the window at 100 % and 200 % (the profile's text size, and browser zoom), on a
1280×900 screen and a 390 px phone, in light and high contrast, Korean and English; it stays
there as the conversation grows; Korean shows real glyphs. Screenshots go to test-artifacts/."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.harness import ARTIFACTS, ask, axe_violations, open_page_with
from voices.lm.fake import DEFAULT_REPLY_EN

SCREENS = {"desktop": (1280, 900), "phone": (390, 844)}
# 200 % zoom is the same window in half as many CSS pixels, each drawn twice as large.
SCALES = {"100": (1, 100), "text200": (1, 200), "zoom200": (2, 100)}
LOCALES = {"en": "en-US", "ko": "ko-KR"}
TALK_NAMES = {"en": "Start talking", "ko": "말하기 시작"}

BOX_IN_VIEW = """(el) => {
  const box = el.getBoundingClientRect();
  return {
    box: [box.left, box.top, box.right, box.bottom],
    inside: box.left >= 0 && box.top >= 0 && box.right <= innerWidth && box.bottom <= innerHeight,
  };
}"""

# Each Hangul syllable drawn on its own: real glyphs differ from one another, while a missing
# font draws every one as the same empty box (and private-use characters show what that is).
GLYPHS_DIFFER = """([element, text]) => {
  const style = getComputedStyle(element);
  const canvas = document.createElement("canvas");
  canvas.width = 64;
  canvas.height = 64;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  context.font = `32px ${style.fontFamily}`;
  const drawings = [...text].map((character) => {
    context.clearRect(0, 0, 64, 64);
    context.fillText(character, 8, 44);
    return context.getImageData(0, 0, 64, 64).data.join(",");
  });
  return new Set(drawings).size;
}"""


def set_text_size(page: Page, percent: int) -> None:
    """Through the profile panel, as a person does (it applies at once)."""
    page.locator("#open-profile").click()
    page.locator(f"#text-size input[value='{percent}']").check()
    page.locator("#close-profile").click()
    size = page.evaluate("getComputedStyle(document.documentElement).fontSize")
    assert size == f"{16 * percent // 100}px"


def talk_in_view(page: Page) -> dict[str, Any]:
    result: dict[str, Any] = page.locator("#hands-free").evaluate(BOX_IN_VIEW)
    return result


@pytest.mark.parametrize("theme", ["light", "high-contrast"])
@pytest.mark.parametrize("language", list(LOCALES))
@pytest.mark.parametrize("scale", list(SCALES))
@pytest.mark.parametrize("screen", list(SCREENS))
def test_start_talking_is_first_and_in_view(
    browser: Browser, page_url: str, screen: str, scale: str, language: str, theme: str
) -> None:
    width, height = SCREENS[screen]
    zoom, text_size = SCALES[scale]
    page = open_page_with(
        browser,
        page_url,
        [],
        locale=LOCALES[language],
        viewport={"width": width // zoom, "height": height // zoom},
        device_scale_factor=zoom,
    )
    try:
        talk = page.get_by_role("button", name=TALK_NAMES[language], exact=True)
        page.keyboard.press("Tab")
        expect(talk).to_be_focused()  # first reached, from a freshly loaded page
        page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
        if text_size != 100:
            set_text_size(page, text_size)
        expect(talk).to_be_visible()
        assert talk_in_view(page)["inside"], talk_in_view(page)
        ask(page, "hello" if language == "en" else "안녕하세요")
        expect(page.locator("#log article.answer .answer-text").last).not_to_be_empty(
            timeout=20_000
        )
        talk.focus()
        name = f"page-{screen}-{scale}-{language}-{theme}.png"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / name)
        assert talk_in_view(page)["inside"], talk_in_view(page)
        assert axe_violations(page) == []
    finally:
        page.context.close()


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_conversation_scrolls_and_the_controls_stay(
    browser: Browser, page_url: str, screen: str
) -> None:
    width, height = SCREENS[screen]
    page = open_page_with(browser, page_url, [], viewport={"width": width, "height": height})
    try:
        set_text_size(page, 200)
        page_height = "document.scrollingElement.scrollHeight"
        before = page.evaluate(page_height)
        for turn in range(6):
            ask(page, f"hello {turn}")
            # One answer at a time: the next question waits until this one is complete.
            page.wait_for_function(f"window.__moduAnnounced.length >= {turn + 1}", timeout=20_000)
        expect(page.locator("#log article.answer .answer-text").last).to_contain_text(
            DEFAULT_REPLY_EN
        )
        expect(page.locator("#status-text")).to_have_text("Answer finished.", timeout=20_000)
        expect(page.locator("#caption")).to_be_hidden()
        log = page.locator("#log")
        assert log.evaluate("(el) => el.scrollHeight > el.clientHeight")  # it scrolls
        # The page did not grow (the status line may be shorter than "Ready…" was).
        assert page.evaluate(page_height) <= before
        assert talk_in_view(page)["inside"], talk_in_view(page)  # even scrolled to the field
        # The newest answer is in view inside the conversation.
        assert page.locator("#log article.answer").last.evaluate(
            """(el) => {
                const box = el.getBoundingClientRect();
                const log = el.parentElement.getBoundingClientRect();
                return box.bottom <= log.bottom + 1 && box.bottom > log.top;
            }"""
        )
        page.screenshot(path=ARTIFACTS / f"page-{screen}-long-conversation.png")
    finally:
        page.context.close()


def test_korean_shows_real_glyphs(browser: Browser, page_url: str) -> None:
    page = open_page_with(browser, page_url, [], locale="ko-KR")
    try:
        talk = page.get_by_role("button", name="말하기 시작", exact=True)
        expect(talk).to_be_visible()
        differ = talk.evaluate(f"(el) => ({GLYPHS_DIFFER})([el, '말하기시작'])")
        assert differ == 5  # five syllables, five different drawings
        tofu = talk.evaluate(f"(el) => ({GLYPHS_DIFFER})([el, '\\ue000\\ue001\\ue002'])")
        assert tofu == 1  # the check itself: missing glyphs all look alike

        # Which fonts Chromium really drew the button's words with.
        session = page.context.new_cdp_session(page)
        session.send("DOM.enable")
        session.send("CSS.enable")
        root = session.send("DOM.getDocument")["root"]["nodeId"]
        node = session.send("DOM.querySelector", {"nodeId": root, "selector": "#hands-free-text"})
        fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
        families = {font["familyName"] for font in fonts}
        assert families & {"NanumGothic", "Noto Sans CJK KR", "Noto Sans KR"}, families
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "page-korean-glyphs.png")
    finally:
        page.context.close()
