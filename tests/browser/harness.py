"""Real Chromium (Debian's, never a downloaded one) driving the page served by a real modu.

One uvicorn server with every engine a fake, in development mode on 127.0.0.1, per test module;
the page connects to it exactly as a person's browser would.
"""

from __future__ import annotations

import io
import math
import struct
import wave
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]  # no py.typed
from playwright.sync_api import Browser, Page, Playwright

from service.app import create_app
from service.settings import Settings
from tests.helpers.uvicorn_server import serve_in_thread

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
STARTUP_TIMEOUT_S = 30.0
API_KEY = "page-test-key"
"""The one key the test server accepts (besides dev mode's keyless localhost)."""
RATE = 48000
"""The fake microphone's recordings: 48 kHz, as most browser microphones deliver."""

# Counts every answer chunk the page schedules for playback (and every one it stops), so tests
# can tell audio was played, and silenced.
COUNT_PLAYED_AUDIO = """
window.__moduPlayed = 0;
window.__moduStopped = 0;
const originalStart = AudioBufferSourceNode.prototype.start;
AudioBufferSourceNode.prototype.start = function (...args) {
  window.__moduPlayed += 1;
  return originalStart.apply(this, args);
};
const originalStop = AudioBufferSourceNode.prototype.stop;
AudioBufferSourceNode.prototype.stop = function (...args) {
  window.__moduStopped += 1;
  return originalStop.apply(this, args);
};
"""

# Counts the audio chunks the page sends (JSON appends or binary frames), so a test can wait for
# enough of the recording to reach the server instead of sleeping; keeps the types of the events
# received (for failure messages) and the session as the server last described it.
COUNT_SENT_AUDIO = """
window.__moduAudioChunks = 0;
window.__moduEvents = [];
const OriginalSocket = window.WebSocket;
window.WebSocket = class extends OriginalSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (m) => {
      const event = JSON.parse(m.data);
      if (event.session) window.__moduSession = event.session;
      const response = event.response;
      const details = response ? JSON.stringify(response.status_details) : "";
      const extra = response ? ` ${response.status} ${details}` : "";
      if (!event.type.endsWith("audio.delta")) window.__moduEvents.push(event.type + extra);
    });
  }
};
const originalSend = WebSocket.prototype.send;
WebSocket.prototype.send = function (data) {
  if (typeof data !== "string" || data.includes('"input_audio_buffer.append"')) {
    window.__moduAudioChunks += 1;
  }
  return originalSend.call(this, data);
};
"""

# Records every text the hidden live region, and the status line, ever hold (W2, W3: each
# answer announced once; each state change once).
RECORD_ANNOUNCEMENTS = """
window.__moduAnnounced = [];
window.__moduStatuses = [];
const record = (id, log) => {
  const region = document.getElementById(id);
  new MutationObserver(() => {
    if (region.textContent) log.push(region.textContent);
  }).observe(region, { childList: true, characterData: true, subtree: true });
};
document.addEventListener("DOMContentLoaded", () => {
  record("announcer", window.__moduAnnounced);
  record("status-text", window.__moduStatuses);
});
"""


def tone(seconds: float) -> list[int]:
    """A 440 Hz tone: "speech" to the fake voice-activity detector and recogniser."""
    return [int(12000 * math.sin(2 * math.pi * 440 * i / RATE)) for i in range(int(RATE * seconds))]


def silence(seconds: float) -> list[int]:
    return [0] * int(RATE * seconds)


def wav_bytes(samples: list[int]) -> bytes:
    """A mono 16-bit WAV at 48 kHz, as Chromium's fake microphone plays it."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    return buffer.getvalue()


def question_wav() -> bytes:
    """One spoken turn: 0.5 s of silence, 1 s of speech, 2.5 s of silence."""
    return wav_bytes(silence(0.5) + tone(1.0) + silence(2.5))


def page_settings(directory: Path) -> Settings:
    """Every engine a fake; development mode, so localhost needs no API key (but a key that is
    given must be right)."""
    keys = directory / "keys"
    return Settings.model_validate(
        {
            "model_dir": directory / "models",
            "stt": {"engine": "fake"},
            "vad": {"engine": "fake"},
            "lm": {"engine": "fake"},
            "tts": {"engine": "fake"},
            "profiles": {"sqlite_path": directory / "profiles.db"},
            "provenance": {
                "signing_key_path": keys / "signing-key.pem",
                "signing_cert_path": keys / "signing-chain.pem",
                "watermark_key_path": keys / "watermark-keys.json",
            },
            "server": {"preload": False, "dev": True},
            "auth": {"api_keys": [API_KEY]},
        }
    )


@contextmanager
def serve_page(directory: Path) -> Iterator[str]:
    """A real modu (HTTP and WebSocket) on a free loopback port; yields its base URL."""
    with serve_in_thread(create_app(page_settings(directory)), ws="websockets-sansio") as url:
        yield url


def launch_chromium(playwright: Playwright, extra_args: Sequence[str] = ()) -> Browser:
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *extra_args], headless=True
    )


def launch_with_microphone(playwright: Playwright, recording: Path) -> Browser:
    """Chromium whose microphone plays ``recording`` (a WAV) once, then silence."""
    fake_microphone = (
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        # %noloop: play the recording once (Chromium loops the file otherwise).
        f"--use-file-for-fake-audio-capture={recording}%noloop",
    )
    return launch_chromium(playwright, fake_microphone)


def open_page(browser: Browser, url: str, *, locale: str = "en-US", **options: object) -> Page:
    """A fresh context (no permissions: the microphone is denied) with the page loaded."""
    context = browser.new_context(locale=locale, **options)  # type: ignore[arg-type]
    context.add_init_script(COUNT_PLAYED_AUDIO)
    context.add_init_script(RECORD_ANNOUNCEMENTS)
    context.add_init_script(COUNT_SENT_AUDIO)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("body[data-ready='true']")
    return page


def axe_violations(page: Page) -> list[str]:
    """axe-core's violations on the page as it is now (rule id and the elements), none wanted."""
    results = Axe().run(page)
    return [
        f"{v['id']}: {[node['target'] for node in v['nodes']]}"
        for v in results.response["violations"]
    ]


def ask(page: Page, text: str) -> None:
    """Type a question and press Enter, as a keyboard user does."""
    message = page.locator("#message")
    message.fill(text)
    message.press("Enter")


# A recording stand-in for speechSynthesis (Chromium has no system voice here: Debian's
# speech-dispatcher with eSpeak NG lists voices but, with no sound device, never finishes an
# utterance). Each utterance "speaks" for 700 ms (or window.__moduSpeakMs), firing start and
# end like the real one; every call is logged with its text, lang, voice and rate. The voices
# include Konkani ("kok"), which a careless prefix match would take for Korean.
SPEECH_STUB = """
window.__moduSpeech = [];
(() => {
  const speakMs = () => window.__moduSpeakMs || 700;
  const voices = [
    { name: "Konkani", lang: "kok", default: false, localService: true, voiceURI: "kok" },
    { name: "English (America)", lang: "en-US", default: true, localService: true, voiceURI: "en" },
    { name: "Korean", lang: "ko-KR", default: false, localService: true, voiceURI: "ko" },
  ];
  const queue = [];
  let current = null;
  let timer = null;
  const log = (entry) => window.__moduSpeech.push({ at: performance.now(), ...entry });
  const next = () => {
    current = queue.shift() || null;
    if (!current) return;
    const u = current;
    const voice = u.voice && u.voice.name;
    log({ call: "start", text: u.text, lang: u.lang, voice, rate: u.rate });
    if (u.onstart) u.onstart(new Event("start"));
    timer = setTimeout(() => {
      log({ call: "end", text: u.text });
      current = null;
      if (u.onend) u.onend(new Event("end"));
      next();
    }, speakMs());
  };
  const stub = {
    get speaking() { return current !== null; },
    get pending() { return queue.length > 0; },
    paused: false,
    getVoices: () => voices,
    speak(u) {
      log({ call: "speak", text: u.text, lang: u.lang });
      queue.push(u);
      if (!current) next();
    },
    cancel() {
      log({ call: "cancel", dropped: queue.length + (current ? 1 : 0) });
      clearTimeout(timer);
      const dropped = [current, ...queue.splice(0)].filter(Boolean);
      current = null;
      for (const u of dropped) {
        if (u.onerror) u.onerror(Object.assign(new Event("error"), { error: "canceled" }));
      }
    },
    pause() { log({ call: "pause" }); },
    resume() { log({ call: "resume" }); },
    addEventListener() {},
    removeEventListener() {},
  };
  Object.defineProperty(window, "speechSynthesis", { value: stub, configurable: true });
  // The real utterance only takes real voices; this one takes the stub's.
  window.SpeechSynthesisUtterance = class {
    constructor(text) {
      Object.assign(this, { text, lang: "", voice: null, rate: 1, pitch: 1, volume: 1 });
      Object.assign(this, { onstart: null, onend: null, onerror: null });
    }
  };
})();
"""

# Counts the oscillators the page starts: the short "listening now" sound.
COUNT_CUE_NOTES = """
window.__moduCueNotes = 0;
const originalOscillatorStart = OscillatorNode.prototype.start;
OscillatorNode.prototype.start = function (...args) {
  window.__moduCueNotes += 1;
  return originalOscillatorStart.apply(this, args);
};
"""


def open_page_with(
    browser: Browser, url: str, scripts: Sequence[str], *, locale: str = "en-US", **options: object
) -> Page:
    """:func:`open_page` with extra init scripts (the speech stub, the cue counter) first."""
    context = browser.new_context(locale=locale, **options)  # type: ignore[arg-type]
    for script in (*scripts, COUNT_PLAYED_AUDIO, RECORD_ANNOUNCEMENTS, COUNT_SENT_AUDIO):
        context.add_init_script(script)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("body[data-ready='true']")
    return page
