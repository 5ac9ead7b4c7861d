"""Shared by the REST tests: a live modu on fake engines, and an openai SDK client for it."""

from __future__ import annotations

import threading
from collections.abc import AsyncGenerator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import openai
from openai import OpenAI

from service.app import create_app
from service.deps import get_engines
from service.engines import Engines
from service.settings import Settings
from tests.helpers.uvicorn_server import serve_in_thread
from voices.audio import Audio
from voices.lm.base import CancelToken, ChatMessage, GenerationOptions, LanguageModel
from voices.lm.fake import FakeLanguageModel
from voices.stt.base import SpeechRecognizer
from voices.stt.fake import FakeRecognizer

API_KEY = "test-key-openai-rest"
HEARD = {"en": "ask not what your country can do for you", "ko": "안녕하세요 반갑습니다"}
SECONDS_PER_CHAR = 0.05
"""FakeSynthesizer speaks each character for this long (at rate 1)."""
PAUSE_S = 0.25
"""The default pause between sentences."""


class ScriptedEngines(Engines):
    """The fake engines, with the recogniser and language model a test chooses."""

    def __init__(
        self, settings: Settings, recognizer: SpeechRecognizer, language_model: LanguageModel
    ) -> None:
        super().__init__(settings)
        self._scripted_recognizer = recognizer
        self._scripted_language_model = language_model

    @property
    def recognizer(self) -> SpeechRecognizer:
        return self._scripted_recognizer

    @property
    def language_model(self) -> LanguageModel:
        return self._scripted_language_model


class RecordingLanguageModel:
    """Wraps the fake model and records how its generation ended."""

    def __init__(self, inner: FakeLanguageModel) -> None:
        self.inner = inner
        self.words = 0
        self.cancelled = False
        self.finished = threading.Event()

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    @property
    def note(self) -> str | None:
        return None

    async def prefill(self, messages: list[ChatMessage]) -> bool:
        return False

    async def stream(
        self,
        messages: list[ChatMessage],
        options: GenerationOptions,
        cancel: CancelToken | None = None,
    ) -> AsyncGenerator[str, None]:
        try:
            async for word in self.inner.stream(messages, options, cancel):
                self.words += 1
                yield word
        finally:
            self.cancelled = cancel is not None and cancel.cancelled
            self.finished.set()


@dataclass
class Live:
    url: str
    client: OpenAI


def with_key(settings: Settings, **rest: int) -> Settings:
    """``settings`` with the test's API key, and a signing key made beside its model folder."""
    keys = settings.model_dir.parent / "keys"
    provenance = {
        "signing_key_path": keys / "signing-key.pem",
        "signing_cert_path": keys / "signing-chain.pem",
    }
    return settings.model_copy(
        update={
            "auth": settings.auth.model_copy(update={"api_keys": [API_KEY]}),
            "rest": settings.rest.model_copy(update=rest),
            "provenance": settings.provenance.model_copy(update=provenance),
        }
    )


@contextmanager
def live_server(settings: Settings, language_model: LanguageModel | None = None) -> Iterator[Live]:
    app = create_app(settings)
    engines = ScriptedEngines(
        settings, FakeRecognizer(HEARD), language_model or FakeLanguageModel()
    )
    app.dependency_overrides[get_engines] = lambda: engines
    with serve_in_thread(app) as url:
        client = OpenAI(base_url=f"{url}/v1", api_key=API_KEY, max_retries=0, timeout=30.0)
        try:
            yield Live(url, client)
        finally:
            client.close()


def tone(seconds: float = 1.0, rate: int = 16_000) -> Audio:
    t = np.arange(round(seconds * rate), dtype=np.float32) / rate
    return Audio((0.3 * np.sin(2 * np.pi * 220.0 * t)).astype(np.float32), rate)


def error_of(exc: openai.APIStatusError) -> dict[str, Any]:
    """The ``error`` object of an OpenAI-shaped error response."""
    body: dict[str, Any] = exc.response.json()["error"]
    return body
