"""What a screen reader hears (W1–W3, A1): the conversation is one log; streamed text is shown
but not live; the hidden polite region receives each answer exactly once, with its label."""

from __future__ import annotations

from itertools import pairwise

from playwright.sync_api import Page, expect

from tests.browser.harness import ask
from tests.browser.screen_reader import spoken_phrases, start_screen_reader
from voices.lm.fake import DEFAULT_REPLY_EN, DEFAULT_REPLY_KO

# The nearest live-region setting above the visible answer text, as assistive technology resolves
# it (an explicit aria-live, or the implicit polite of role=log / role=status).
NEAREST_LIVE_SETTING = """(el) => {
  for (let node = el; node; node = node.parentElement) {
    if (node.hasAttribute("aria-live")) return node.getAttribute("aria-live");
    const role = node.getAttribute("role");
    if (role === "log" || role === "status") return "polite";
  }
  return "off";
}"""


def announced(page: Page) -> list[str]:
    result: list[str] = page.evaluate("window.__moduAnnounced")
    return result


def test_each_answer_is_announced_once_whole_with_its_label(page: Page) -> None:
    expect(page.get_by_role("log", name="Conversation")).to_be_attached()
    ask(page, "hello")
    answer = page.locator("#log article.answer").last
    expect(answer.locator(".answer-text")).to_contain_text(DEFAULT_REPLY_EN)
    page.wait_for_function("window.__moduAnnounced.length >= 1")
    full_text = answer.locator(".answer-text").inner_text().strip()

    ask(page, "안녕하세요")
    expect(page.locator("#log article.answer .answer-text").last).to_contain_text(DEFAULT_REPLY_KO)
    page.wait_for_function("window.__moduAnnounced.length >= 2")
    korean_text = page.locator("#log article.answer .answer-text").last.inner_text().strip()

    assert announced(page) == [
        f"AI-generated answer: {full_text}",
        f"AI 생성 답변: {korean_text}",
    ]
    region = page.locator("#announcer")
    assert region.get_attribute("aria-live") == "polite"
    assert region.locator("p").get_attribute("lang") == "ko"  # read in the answer's own voice


def test_streaming_text_is_visible_but_not_a_live_region(page: Page) -> None:
    ask(page, "hello")
    body = page.locator("#log article.answer .answer-text").last
    expect(body).to_contain_text(DEFAULT_REPLY_EN)
    expect(body).to_be_visible()
    assert body.evaluate(NEAREST_LIVE_SETTING) == "off"
    # The log itself stays polite, so new turns are announced without moving focus (W1).
    assert page.locator("#log").evaluate(NEAREST_LIVE_SETTING) == "polite"


def test_status_is_text_in_a_status_role(page: Page) -> None:
    status = page.get_by_role("status").first
    expect(status).to_have_text('Ready. Press "Start talking" or type a question.')
    ask(page, "hello")
    expect(status).to_have_text("Speaking…")
    expect(status).to_have_text("Answer finished.", timeout=15_000)
    statuses: list[str] = page.evaluate("window.__moduStatuses")
    assert statuses[-3:] == ["Thinking…", "Speaking…", "Answer finished."]
    # Each change is said once: never the same words twice in a row (e.g. per audio chunk).
    assert all(a != b for a, b in pairwise(statuses)), statuses


def test_a_screen_reader_hears_each_answer_once_with_its_label(page: Page) -> None:
    """W2 as its design names the check: a virtual screen reader's log of what it said."""
    start_screen_reader(page)
    ask(page, "hello")
    expect(page.locator("#log article.answer .answer-text").last).to_contain_text(DEFAULT_REPLY_EN)
    expect(page.get_by_role("status").first).to_have_text("Answer finished.", timeout=15_000)
    full_text = page.locator("#log article.answer .answer-text").last.inner_text().strip()

    said = spoken_phrases(page)
    answers = [phrase for phrase in said if DEFAULT_REPLY_EN in phrase]
    assert answers == [f"polite: AI-generated answer: {full_text}"], said
    # No fragment of the answer was read on its own while it streamed.
    assert not any("test assistant" in p and p not in answers for p in said), said
    # The typed question and every state change are heard, each once.
    assert "polite: You: hello" in said
    for state in ("polite: Thinking…", "polite: Speaking…", "polite: Answer finished."):
        assert said.count(state) == 1, said
