"""The device's own voice and the screen reader (issue 15, item 4). Settings: "Speak answers with
this device's voice" asks the server for text only and speaks each sentence with speechSynthesis
in a voice for its language, captions in step, Stop silencing it at once; "Let my screen reader
speak" is text only, each answer announced once.

Chromium here has no working system voice (speech-dispatcher with eSpeak NG lists voices but
never finishes an utterance without a sound device), so a recording stub of speechSynthesis
(``SPEECH_STUB``) checks the calls, their language and voice, and cancellation.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.harness import SPEECH_STUB, ask, axe_violations, open_page_with
from voices.lm.fake import DEFAULT_REPLY_EN, DEFAULT_REPLY_KO


@pytest.fixture
def page(browser: Browser, page_url: str) -> Iterator[Page]:
    opened = open_page_with(browser, page_url, [SPEECH_STUB])
    yield opened
    opened.context.close()


def choose_voice(page: Page, name: str) -> None:
    page.get_by_role("button", name="Settings").click()
    dialog = page.get_by_role("dialog", name="Settings")
    dialog.get_by_role("group", name="Who reads the answers aloud").get_by_role(
        "radio", name=name
    ).check()
    assert axe_violations(page) == []
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()


def speech(page: Page, call: str) -> list[dict[str, Any]]:
    log: list[dict[str, Any]] = page.evaluate("window.__moduSpeech")
    return [entry for entry in log if entry["call"] == call]


def text_only(page: Page) -> None:
    page.wait_for_function("window.__moduSession?.output_modalities?.join() === 'text'")


def test_each_sentence_is_spoken_in_its_language_with_its_caption(page: Page) -> None:
    choose_voice(page, "Speak answers with this device's voice")
    text_only(page)
    ask(page, "hello")
    expect(page.locator("#caption-text")).to_have_text("I am modu, a test assistant.")
    page.wait_for_function("window.__moduSpeech.filter(e => e.call === 'end').length >= 2")
    started = speech(page, "start")
    assert [e["text"] for e in started] == [
        "I am modu, a test assistant.",
        "This is a short answer.",
    ]
    assert {(e["lang"], e["voice"]) for e in started} == {("en-US", "English (America)")}
    expect(page.get_by_role("status").first).to_have_text("Answer finished.")
    expect(page.locator("#caption")).to_be_hidden()
    assert page.evaluate("window.__moduPlayed") == 0  # no audio came from the server

    ask(page, "안녕하세요, 반가워요.")
    page.wait_for_function("window.__moduSpeech.filter(e => e.call === 'end').length >= 4")
    korean = speech(page, "start")[2:]
    assert " ".join(e["text"] for e in korean) == DEFAULT_REPLY_KO
    # A Korean voice, not Konkani ("kok"), whose code merely starts the same.
    assert {(e["lang"], e["voice"]) for e in korean} == {("ko-KR", "Korean")}
    # The screen reader still gets each whole answer once.
    announced: list[str] = page.evaluate("window.__moduAnnounced")
    assert len(announced) == 2 and DEFAULT_REPLY_EN in announced[0]


def test_stop_silences_the_device_voice_at_once(page: Page) -> None:
    page.evaluate("window.__moduSpeakMs = 5000")
    choose_voice(page, "Speak answers with this device's voice")
    text_only(page)
    ask(page, "hello")
    page.wait_for_function("window.__moduSpeech.some(e => e.call === 'start')")
    expect(page.get_by_role("status").first).to_have_text("Speaking…")
    page.get_by_role("button", name="Stop the answer").click()
    expect(page.get_by_role("status").first).to_have_text("Answer stopped.")
    expect(page.locator("#caption")).to_be_hidden()
    cancel = speech(page, "cancel")[-1]  # (choosing the voice silenced what was playing, too)
    assert cancel["dropped"] >= 1
    page.wait_for_timeout(1000)
    assert not [e for e in speech(page, "start") if e["at"] > cancel["at"]]
    assert speech(page, "end") == []  # the sentence was cut, not finished


def test_my_screen_reader_speaks_text_only_each_answer_once(page: Page) -> None:
    choose_voice(page, "Let my screen reader speak (text only)")
    text_only(page)
    ask(page, "hello")
    expect(page.locator("#log article.answer .answer-text").last).to_contain_text(DEFAULT_REPLY_EN)
    page.wait_for_function("window.__moduAnnounced.length >= 1")
    expect(page.get_by_role("status").first).to_have_text("Answer finished.")
    assert page.evaluate("window.__moduAnnounced") == [f"AI-generated answer: {DEFAULT_REPLY_EN}"]
    assert speech(page, "speak") == []
    assert page.evaluate("window.__moduPlayed") == 0


def test_back_to_modus_voice_the_server_speaks_again(page: Page) -> None:
    choose_voice(page, "Speak answers with this device's voice")
    text_only(page)
    choose_voice(page, "modu's voice")
    page.wait_for_function("window.__moduSession?.output_modalities?.join() === 'audio'")
    ask(page, "hello")
    page.wait_for_function("window.__moduPlayed > 0")
    assert speech(page, "speak") == []
