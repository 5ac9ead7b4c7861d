"""A deterministic language model for tests of everything above the engines.

It answers Korean text in Korean and anything else in English (by Hangul share), streams its
reply word by word, honours cancellation and ``max_tokens`` (one word = one token), and can be
told to fail, before or after its first word, to exercise error paths.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncGenerator
from typing import Final

from voices.lm.base import CancelToken, ChatMessage, GenerationOptions, LanguageModelError
from voices.lm.prompt import split_turn_note

DEFAULT_REPLY_EN: Final = "I am modu, a test assistant. This is a short answer."
DEFAULT_REPLY_KO: Final = "저는 테스트용 모두입니다. 짧게 대답할게요."

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_WORD = re.compile(r"\s*\S+")


def is_mostly_korean(text: str) -> bool:
    """True when more than half of the letters are Hangul."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    hangul = sum(1 for ch in letters if _HANGUL.match(ch))
    return hangul * 2 > len(letters)


class FakeLanguageModel:
    """Canned answers, streamed word by word.

    ``replies`` maps a phrase to an answer: the first phrase found (case-insensitively) in the
    last user message wins. Otherwise ``default`` answers, or, when it is ``None``, a fixed
    Korean or English sentence in the user's language. ``delay_s`` waits before each word.
    ``fail`` raises :class:`LanguageModelError` with that message after ``fail_after_words``
    words (0: before yielding anything).
    """

    def __init__(
        self,
        replies: dict[str, str] | None = None,
        default: str | None = None,
        delay_s: float = 0.0,
        *,
        model_id: str = "fake",
        fail: str | None = None,
        fail_after_words: int = 0,
    ) -> None:
        self._replies = dict(replies or {})
        self._default = default
        self._delay_s = delay_s
        self._model_id = model_id
        self._fail = fail
        self._fail_after_words = fail_after_words
        self.calls: list[list[ChatMessage]] = []
        """Every request received, for assertions."""
        self.prefills: list[list[ChatMessage]] = []
        """Prompts given to :meth:`prefill`."""

    continues_answers = True
    """Like llama.cpp: a final assistant message that begins this model's reply is continued
    from where it ends (any other final assistant message is ignored)."""

    @property
    def name(self) -> str:
        return "fake"

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def note(self) -> str | None:
        return None

    def reply_for(self, messages: list[ChatMessage]) -> str:
        """The full answer this model gives to ``messages``."""
        user_text = next((m.content for m in reversed(messages) if m.role == "user"), "")
        user_text, _ = split_turn_note(user_text)
        lowered = user_text.casefold()
        for phrase, reply in self._replies.items():
            if phrase.casefold() in lowered:
                return reply
        if self._default is not None:
            return self._default
        return DEFAULT_REPLY_KO if is_mostly_korean(user_text) else DEFAULT_REPLY_EN

    async def prefill(self, messages: list[ChatMessage]) -> bool:
        self.prefills.append(list(messages))
        return True

    async def stream(
        self,
        messages: list[ChatMessage],
        options: GenerationOptions,
        cancel: CancelToken | None = None,
    ) -> AsyncGenerator[str, None]:
        self.calls.append(list(messages))
        reply = _cut_at_stop(self.reply_for(messages), options.stop)
        if messages and messages[-1].role == "assistant":
            started = messages[-1].content
            reply = reply[len(started) :] if reply.startswith(started) else reply
        words = _WORD.findall(reply)[: options.max_tokens]
        for index, word in enumerate(words):
            if self._fail is not None and index == self._fail_after_words:
                raise LanguageModelError(self._fail)
            if self._delay_s > 0:
                await asyncio.sleep(self._delay_s)
            if cancel is not None and cancel.cancelled:
                return
            yield word
        if self._fail is not None and self._fail_after_words >= len(words):
            raise LanguageModelError(self._fail)


def _cut_at_stop(text: str, stop: list[str]) -> str:
    """Truncate at the first stop string, as real engines do."""
    cut = len(text)
    for marker in stop:
        found = text.find(marker)
        if found != -1:
            cut = min(cut, found)
    return text[:cut]
