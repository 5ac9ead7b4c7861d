"""The system prompt and the message list sent to the language model each turn.

Layout of every request::

    system     SYSTEM_PROMPT                      (fixed: byte-identical on every turn)
    user       an earlier question                (history within a token budget, oldest dropped)
    assistant  its answer
    ...
    user       this turn's question
               (Answer in Korean (한국어). …)     (this turn's note, last line)

Why the per-turn note goes at the end of the last user message, not into the system prompt:
engines reuse the KV cache of the longest unchanged prefix (llama.cpp ``cache_prompt``; the
transformers engine caches the system message). Anything that varies per turn inside the system
text would invalidate that cache and cost a full prefill (~3 s for 150 tokens on one core).
A second system message after the user turn would also keep the prefix, but several chat
templates (Gemma, Mistral) reject a system message that is not first, and remote servers use
whatever template their model has; a line in the user message works with every template. On the
bundled 1.5B model both placements answered alike (measured).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from voices.lm.base import ChatMessage

SYSTEM_PROMPT: Final[str] = (
    "You are modu, an AI assistant that people talk to by voice. "
    "Everything you write is read aloud, so reply in plain spoken sentences only: "
    "no markdown, lists, tables, emoji or code. "
    "Answer in the same language as the user. "
    "Be brief: one to three short sentences, unless the user asks for more. "
    "If you are not sure of a fact, say that you do not know; "
    "never make up facts, names or numbers."
)
"""Never format anything into this string: it must stay byte-identical across turns and users
so that its KV cache is computed once (see the module docstring)."""

LANGUAGE_NAMES: Final[dict[str, str]] = {
    "ko": "Korean (한국어)",
    "en": "English",
    "ja": "Japanese (日本語)",
    "zh": "Chinese (中文)",
    "es": "Spanish (español)",
    "fr": "French (français)",
    "de": "German (Deutsch)",
    "it": "Italian (italiano)",
    "pt": "Portuguese (português)",
    "ru": "Russian (русский)",
    "vi": "Vietnamese (Tiếng Việt)",
    "th": "Thai (ภาษาไทย)",
    "id": "Indonesian (Bahasa Indonesia)",
    "ar": "Arabic (العربية)",
    "hi": "Hindi (हिन्दी)",
    "el": "Greek (Ελληνικά)",
    "he": "Hebrew (עברית)",
}
"""English name plus the language's own name: small models follow "Korean (한국어)" better
than a bare ISO code, and the native name also helps when the user's text is short. The one
table of language names (``modu ask`` shows them too); OpenAI's transcription names
(:mod:`service.openai_languages`) are a wire format, kept apart."""

HISTORY_TOKEN_BUDGET: Final = 1200
"""Tokens of earlier turns the model is sent (the realtime service's
``MODU_REALTIME__HISTORY_TOKEN_BUDGET``; chat completions use this default). llama.cpp's 2 slots
share 4,096 tokens of context, 2,048 each: the system prompt (~100), this turn with its note
(~150) and the answer (160 by default) leave room for this much history with margin for the
estimate, and each kept token costs prefill time on a cache miss. Earlier turns are trimmed
once, by :func:`fit_history`, where the conversation is kept."""

CHARS_PER_TOKEN_HANGUL: Final = 1.8
CHARS_PER_TOKEN_OTHER: Final = 3.5
"""Measured on Qwen's tokenizer: Korean ~1.8 characters per token, English prose ~4.4. The
estimate bounds prompts against a fixed context, where counting low fails a request and counting
high only drops an old message, so other text counts at 3.5: digits, punctuation and other
Latin-script languages take more tokens per character than English prose."""

_HANGUL: Final = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")

_NOTE_OPEN: Final = "\n\n("
_NOTE_CLOSE: Final = ")"


def estimate_tokens(text: str) -> int:
    """A cheap token count (the engines stream text, not tokens): each Hangul character and
    each other character at its measured rate; at least 1 for any text."""
    if not text:
        return 0
    hangul = len(_HANGUL.findall(text))
    other = len(text) - hangul
    return max(1, round(hangul / CHARS_PER_TOKEN_HANGUL + other / CHARS_PER_TOKEN_OTHER))


def language_name(language: str | None) -> str | None:
    """``"ko"`` or ``"ko-KR"`` → ``"Korean (한국어)"``; ``None`` for unknown or missing codes."""
    if not language:
        return None
    base = language.replace("_", "-").split("-", 1)[0].lower()
    return LANGUAGE_NAMES.get(base)


def turn_note(language: str | None, extra: str | None = None) -> str | None:
    """The per-turn instruction line, or ``None`` when there is nothing to add."""
    parts: list[str] = []
    name = language_name(language)
    if name is not None:
        parts.append(f"Answer in {name}.")
    if extra and extra.strip():
        parts.append(extra.strip())
    return " ".join(parts) or None


def with_turn_note(user_text: str, note: str | None) -> str:
    """Append the note as the last line of the user's message."""
    if note is None:
        return user_text
    return f"{user_text}{_NOTE_OPEN}{note}{_NOTE_CLOSE}"


def split_turn_note(content: str) -> tuple[str, str | None]:
    """Undo :func:`with_turn_note`: ``(user_text, note)``. Used by the fake engine, which must
    see the user's own words to pick its reply language."""
    if not content.endswith(_NOTE_CLOSE):
        return content, None
    text, sep, note = content.rpartition(_NOTE_OPEN)
    if not sep or "\n" in note:
        return content, None
    return text, note[: -len(_NOTE_CLOSE)]


def fit_history(
    history: Sequence[ChatMessage],
    *,
    token_budget: int = HISTORY_TOKEN_BUDGET,
    reserve: int = 0,
) -> list[ChatMessage]:
    """The newest user/assistant messages whose estimated tokens, with ``reserve`` for this
    turn's question, fit ``token_budget``; oldest first.

    System messages are dropped (the fixed prompt is ours to give), and the result never starts
    with an assistant message: an answer without its question confuses small models.
    """
    kept: list[ChatMessage] = []
    used = reserve
    for message in reversed([m for m in history if m.role != "system"]):
        cost = estimate_tokens(message.content)
        if used + cost > token_budget:
            break
        used += cost
        kept.append(message)
    kept.reverse()
    while kept and kept[0].role == "assistant":
        kept.pop(0)
    return kept


def build_messages(
    history: Sequence[ChatMessage],
    user_text: str,
    language: str | None,
    *,
    extra: str | None = None,
) -> list[ChatMessage]:
    """The full request for one turn: fixed system prompt, the history, this turn.

    ``history`` is sent as given: whoever keeps the conversation bounds it once, with
    :func:`fit_history` (the realtime conversation, chat completions).

    ``language`` is the ISO 639-1 code of the user's speech when known (e.g. from speech
    recognition); ``extra`` is a short per-turn instruction from the user's profile (reading
    level, verbosity). Both go into the note at the end, never into the system prompt.
    """
    messages = [ChatMessage(role="system", content=SYSTEM_PROMPT)]
    messages += history
    note = turn_note(language, extra)
    messages.append(ChatMessage(role="user", content=with_turn_note(user_text, note)))
    return messages


def conversation_so_far(history: Sequence[ChatMessage]) -> list[ChatMessage]:
    """The fixed system prompt and ``history`` (ending with the last answer): how the next
    turn's request begins, token for token, for keeping it in the model's cache between turns.
    The turn note that was sent with each earlier question is not in the history, so without
    this the next request matches the cache only up to the last question's note."""
    return [ChatMessage(role="system", content=SYSTEM_PROMPT), *history]
