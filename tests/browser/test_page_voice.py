"""Talking, end to end: Chromium's fake microphone plays a recorded question into the page.

The recording (:func:`~tests.browser.harness.question_wav`) is a tone between silences: speech
to the fake voice-activity detector and recogniser. The server's VAD ends the turn, the fake
recogniser hears "hello", and the answer streams back as text and audio that the page plays.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect

from tests.browser.harness import (
    COUNT_CUE_NOTES,
    SPEECH_STUB,
    axe_violations,
    launch_with_microphone,
    open_page,
    open_page_with,
    question_wav,
)
from voices.lm.fake import DEFAULT_REPLY_EN


@pytest.fixture(scope="module")
def browser(
    playwright_driver: Playwright, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Browser]:
    wav = tmp_path_factory.mktemp("microphone") / "question.wav"
    wav.write_bytes(question_wav())
    chromium = launch_with_microphone(playwright_driver, wav)
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser: Browser, page_url: str) -> Iterator[Page]:
    opened = open_page(browser, page_url, permissions=["microphone"])
    yield opened
    opened.context.close()


@pytest.mark.parametrize("binary_frames", [False, True], ids=["base64-json", "binary-frames"])
def test_spoken_question_is_transcribed_answered_and_played(
    page: Page, binary_frames: bool
) -> None:
    page.evaluate(f"localStorage.setItem('modu.binaryAudio', '{str(binary_frames).lower()}')")
    talk = page.locator("#hands-free")
    expect(talk).to_have_accessible_name("Start talking")
    talk.click()
    # Its words now say what pressing it again does; aria-pressed says it is on.
    expect(talk).to_have_accessible_name("Stop listening")
    expect(talk).to_have_attribute("aria-pressed", "true")

    expect(page.locator("#log .turn.user .user-text").first).to_have_text("hello", timeout=20_000)
    answer = page.locator("#log article.answer").first
    # The first answer of a fresh server may take longer (its pipeline warms up).
    expect(answer.locator(".answer-text")).to_contain_text(DEFAULT_REPLY_EN, timeout=20_000)
    expect(answer.locator(".ai-label")).to_have_text("AI-generated answer")
    expect(answer).to_have_attribute("lang", "en")
    page.wait_for_function("window.__moduPlayed > 0")
    # Captions of the sentence being spoken (V4).
    expect(page.locator("#caption-text")).not_to_be_empty()

    talk.click()
    expect(talk).to_have_attribute("aria-pressed", "false")
    expect(talk).to_have_accessible_name("Start talking")


def test_push_to_talk_sends_the_question_on_the_second_press(page: Page) -> None:
    button = page.locator("#push-to-talk")
    button.focus()
    page.keyboard.press("Space")
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_have_accessible_name("Send what I said")
    # The first press ever: what to do, said once, in the status line.
    expect(page.get_by_role("status").first).to_have_text(
        "Listening… Speak now; pause when you are done."
    )
    # 40 ms per chunk: wait until two seconds of the recording have reached the server.
    page.wait_for_function("window.__moduAudioChunks >= 50")
    page.keyboard.press("Space")

    expect(button).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#log .turn.user .user-text").first).to_have_text("hello", timeout=20_000)
    expect(page.locator("#log article.answer .answer-text").first).to_contain_text(DEFAULT_REPLY_EN)


@pytest.mark.parametrize("theme", ["light", "dark", "high-contrast"])
def test_no_axe_violations_while_listening(page: Page, theme: str) -> None:
    page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
    page.get_by_role("button", name="Record a message").click()
    expect(page.get_by_role("status").first).to_contain_text("Listening…")
    assert axe_violations(page) == []


def test_the_first_press_says_what_to_do_once_then_a_gentle_sound(
    browser: Browser, page_url: str
) -> None:
    page = open_page_with(
        browser, page_url, [SPEECH_STUB, COUNT_CUE_NOTES], permissions=["microphone"]
    )
    hint = "Speak now; pause when you are done."
    try:
        talk = page.locator("#hands-free")
        talk.click()
        expect(page.get_by_role("status").first).to_have_text(f"Listening… {hint}")
        expect(talk).to_have_accessible_name("Stop listening")
        spoken = page.evaluate("window.__moduSpeech.filter(e => e.call === 'start')")
        assert [(e["text"], e["lang"]) for e in spoken] == [(hint, "en-US")]
        # Two short notes after the hint, before the microphone opens.
        assert page.evaluate("window.__moduCueNotes") == 2
        talk.click()
        expect(talk).to_have_accessible_name("Start talking")
        talk.click()
        expect(talk).to_have_attribute("aria-pressed", "true")
        page.wait_for_function("window.__moduCueNotes === 4")
        hints = page.evaluate(f"window.__moduSpeech.filter(e => e.text === {hint!r})")
        assert len([e for e in hints if e["call"] == "start"]) == 1  # said once, ever
        assert axe_violations(page) == []
    finally:
        page.context.close()
