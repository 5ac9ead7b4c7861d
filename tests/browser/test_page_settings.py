"""The settings dialog (W13): an API key kept in this tab only and offered as the WebSocket
subprotocol; a wrong key is refused in plain words, the right one works; the interface language."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.harness import API_KEY, ask
from voices.lm.fake import DEFAULT_REPLY_EN


def set_key(page: Page, key: str) -> None:
    page.get_by_role("button", name="Settings").click()
    dialog = page.get_by_role("dialog", name="Settings")
    dialog.get_by_label("Access key (API key)").fill(key)
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()


def test_a_wrong_key_is_refused_in_text_and_the_right_one_works(page: Page) -> None:
    set_key(page, "not-a-key")
    # Said in plain words with what to do, never as a closed connection.
    status = page.get_by_role("status").first
    expect(status).to_contain_text("This access key (API key) was not accepted.")
    expect(status).to_contain_text("Settings")
    expect(status).not_to_contain_text("connection closed")

    set_key(page, API_KEY)
    # The dialog's close event (which stores the key) runs just after the dialog hides.
    page.wait_for_function(f"sessionStorage['modu.apiKey'] === '{API_KEY}'")
    assert page.evaluate("localStorage['modu.apiKey']") is None  # never kept past the tab
    ask(page, "hello")
    expect(page.locator("#log article.answer .answer-text").last).to_contain_text(DEFAULT_REPLY_EN)


def test_interface_language_can_be_chosen(page: Page) -> None:
    page.get_by_role("button", name="Settings").click()
    page.get_by_label("Language of this page").select_option("ko")
    dialog = page.get_by_role("dialog", name="설정")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="닫기").click()
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.get_by_role("button", name="말하기 시작")).to_be_visible()
    expect(page.get_by_role("status").first).to_have_text(
        '준비됐습니다. "말하기 시작"을 누르거나 글로 물어보세요.'
    )
