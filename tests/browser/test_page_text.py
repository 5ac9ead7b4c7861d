"""Typing, with the microphone denied (V1, W4, W10, A1): the page works without a microphone."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.browser.harness import ask, open_page
from voices.lm.fake import DEFAULT_REPLY_EN, DEFAULT_REPLY_KO


def test_typed_question_gets_a_labelled_english_answer_and_focus_stays(page: Page) -> None:
    page.get_by_label("Or type a question").focus()
    ask(page, "hello there")

    answer = page.locator("#log article.answer").last
    expect(answer.locator(".answer-text")).to_contain_text(DEFAULT_REPLY_EN)
    expect(answer.locator(".ai-label")).to_have_text("AI-generated answer")
    expect(answer).to_have_attribute("lang", "en")
    expect(page.locator("#log .turn.user .user-text")).to_have_text("hello there")
    assert page.evaluate("document.activeElement.id") == "message"  # W4
    assert page.locator("#message").input_value() == ""
    # The answer's accessible name is its label: screen readers read it with the answer (A1).
    expect(page.get_by_role("article", name="AI-generated answer")).to_have_count(1)
    # Typed questions are answered aloud too (as long as the profile says "both").
    page.wait_for_function("window.__moduPlayed > 0")


def test_korean_question_gets_a_korean_answer_with_a_korean_label(page: Page) -> None:
    ask(page, "안녕하세요, 반가워요.")  # not weather: that is answered by a fixed rule

    answer = page.locator("#log article.answer").last
    expect(answer.locator(".answer-text")).to_contain_text(DEFAULT_REPLY_KO)
    expect(answer.locator(".ai-label")).to_have_text("AI 생성 답변")
    expect(answer).to_have_attribute("lang", "ko")


def test_denied_microphone_says_so_in_text_and_typing_still_works(page: Page) -> None:
    page.get_by_role("button", name="Start talking").click()

    expect(page.get_by_role("status").first).to_contain_text("microphone is not available")
    expect(page.get_by_role("button", name="Start talking")).to_have_attribute(
        "aria-pressed", "false"
    )
    ask(page, "hello")
    expect(page.locator("#log article.answer .answer-text").last).to_contain_text(DEFAULT_REPLY_EN)


def test_interface_is_korean_for_a_korean_browser(browser: Browser, page_url: str) -> None:
    korean = open_page(browser, page_url, locale="ko-KR")
    try:
        expect(korean.locator("html")).to_have_attribute("lang", "ko")
        expect(korean.get_by_role("button", name="말하기 시작")).to_be_visible()
        expect(korean.get_by_label("또는 글로 질문하기")).to_be_visible()
    finally:
        korean.context.close()


def test_page_files_are_served_with_their_types(page: Page, page_url: str) -> None:
    response = page.request.get(f"{page_url}/static/app.js")
    assert response.ok
    assert response.headers["content-type"].startswith("text/javascript")
    missing = page.request.get(f"{page_url}/static/..%2Fsettings.py")
    assert missing.status == 404
