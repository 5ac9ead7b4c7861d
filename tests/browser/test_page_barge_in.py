"""Barge-in (W12): when the person starts speaking over an answer, the page falls silent at once.

The fake microphone plays a question, waits while the answer starts playing, then speaks again;
the server's ``input_audio_buffer.speech_started`` must stop every scheduled chunk of audio.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright

from tests.browser.harness import (
    SPEECH_STUB,
    launch_with_microphone,
    open_page,
    open_page_with,
    silence,
    tone,
    wav_bytes,
)


@pytest.fixture(scope="module")
def browser(
    playwright_driver: Playwright, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Browser]:
    # A question; while the (4 s) answer plays, the person speaks again.
    samples = silence(0.5) + tone(1.0) + silence(2.5) + tone(1.0) + silence(3.0)
    wav = tmp_path_factory.mktemp("microphone") / "interrupting.wav"
    wav.write_bytes(wav_bytes(samples))
    chromium = launch_with_microphone(playwright_driver, wav)
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser: Browser, page_url: str) -> Iterator[Page]:
    opened = open_page(browser, page_url, permissions=["microphone"])
    yield opened
    opened.context.close()


def test_speaking_over_an_answer_stops_its_audio_at_once(page: Page) -> None:
    page.get_by_role("button", name="Start talking").click()
    page.wait_for_function("window.__moduPlayed > 0", timeout=20_000)
    # The second utterance: the server says speech started, and the page cuts the audio.
    page.wait_for_function(
        "window.__moduEvents.filter(e => e === 'input_audio_buffer.speech_started').length >= 2",
        timeout=20_000,
    )
    assert page.evaluate("window.__moduStopped") > 0  # scheduled chunks were cut, not played out


def test_speaking_over_the_device_voice_cancels_it_at_once(browser: Browser, page_url: str) -> None:
    """The same with the device's own voice: speechSynthesis is cancelled, nothing queued is
    said, and the cut sentence never ends normally."""
    device_voice = """
        window.__moduSpeakMs = 4000;
        localStorage.setItem('modu.answerVoice', 'device');
        localStorage.setItem('modu.talkHintHeard', 'true');
    """
    page = open_page_with(
        browser, page_url, [SPEECH_STUB, device_voice], permissions=["microphone"]
    )
    try:
        page.get_by_role("button", name="Start talking").click()
        page.wait_for_function("window.__moduSpeech.some(e => e.call === 'start')", timeout=20_000)
        page.wait_for_function(
            "window.__moduEvents.filter(e => e === 'input_audio_buffer.speech_started')"
            ".length >= 2",
            timeout=20_000,
        )
        log: list[dict[str, Any]] = page.evaluate("window.__moduSpeech")
        started = next(e for e in log if e["call"] == "start")
        # (The first question's speech_started cancelled nothing: it came before the answer.)
        cancel = next(e for e in log if e["call"] == "cancel" and e["at"] > started["at"])
        assert cancel["dropped"] >= 1
        assert not [e for e in log if e["call"] == "end" and e["at"] < cancel["at"]]
        page.wait_for_timeout(500)
        later: list[dict[str, Any]] = page.evaluate("window.__moduSpeech")
        assert not [e for e in later if e["call"] == "start" and e["at"] > cancel["at"]]
        assert page.evaluate("window.__moduPlayed") == 0  # text only from the server
    finally:
        page.context.close()
