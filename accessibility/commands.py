"""Spoken commands, Korean and English: repeat, simpler, slower, faster, stop, save (V3).

A command is the whole utterance, give or take politeness ("please", "좀", "-요",
"-주세요"), fillers ("um", "음") and Whisper's spelling and spacing ("다시말해줘",
"천천이"). A question that merely contains a command word is not a command: "How do I stop
smoking?" and "다시 태어나면 뭐 할래?" go to the model. Matching is exact after
normalisation, or within a small edit distance for longer phrases (compared on Hangul jamo,
so "천천이" is one letter from "천천히"); short phrases ("stop", "다시") must match exactly.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz.distance import Levenshtein

Language = Literal["en", "ko"]


class CommandKind(StrEnum):
    REPEAT = "repeat"
    SIMPLER = "simpler"
    SLOWER = "slower"
    FASTER = "faster"
    STOP = "stop"
    SAVE = "save"
    """Keep the last change (e.g. a slower rate) in the profile: a follow-up to an offer."""


class Command(BaseModel):
    """A recognised spoken command: never sent to the model."""

    model_config = ConfigDict(frozen=True)

    kind: CommandKind
    phrase: str = Field(description="the known phrase it matched, normalised")
    heard: str = Field(description="the transcript as recognised")
    language: Language = Field(description="the language of the matched phrase")
    confidence: float = Field(ge=0.0, le=1.0, description="1.0 exact; lower for a fuzzy match")


def _phrases(text: str) -> tuple[str, ...]:
    """Phrases written as ``"a | b | c"``: one table row per command stays readable."""
    return tuple(phrase.strip() for phrase in text.split("|") if phrase.strip())


_ENGLISH_PHRASES: dict[CommandKind, tuple[str, ...]] = {
    CommandKind.REPEAT: _phrases(
        "repeat | repeat that | repeat it | repeat the answer | say that again | say it again |"
        "say again | again | one more time | come again | pardon | pardon me | what did you say |"
        "i didnt catch that | i didnt hear that"
    ),
    CommandKind.SIMPLER: _phrases(
        "simpler | say it simpler | say that simpler | in simpler words | simpler words |"
        "use simpler words | simplify | simplify that | simplify it | make it simpler |"
        "more simply | say it more simply | say that more simply | explain it simpler |"
        "explain it more simply | in plain words | in plain english | easier | say it easier |"
        "i dont understand"
    ),
    CommandKind.SLOWER: _phrases(
        "slower | speak slower | talk slower | slow down | more slowly | speak more slowly |"
        "talk more slowly | too fast | youre too fast | youre talking too fast | slow | slowly"
    ),
    CommandKind.FASTER: _phrases(
        "faster | speak faster | talk faster | speed up | more quickly | speak more quickly |"
        "too slow | youre too slow | hurry up | quicker"
    ),
    CommandKind.STOP: _phrases(
        "stop | stop it | stop that | stop talking | stop speaking | be quiet | quiet | shut up |"
        "enough | thats enough | silence | cancel | never mind"
    ),
    CommandKind.SAVE: _phrases(
        "save | save it | save that | save this | keep it | keep that | save to my profile |"
        "save it to my profile | save to profile | yes save | yes save it | yes save that |"
        "yes keep it"
    ),
}

_KOREAN_PHRASES: dict[CommandKind, tuple[str, ...]] = {
    CommandKind.REPEAT: _phrases(
        "다시 | 다시말해줘 | 다시말해 | 다시해줘 | 다시한번 | 다시한번말해줘 | 한번더 |"
        "한번더말해줘 | 뭐라고 | 뭐라고했어 | 다시들려줘 | 못들었어 | 잘못들었어 | 다시한번만 |"
        "한번만더 | 한번만더말해줘 | 다시한번만말해줘"
    ),
    CommandKind.SIMPLER: _phrases(
        "더쉽게 | 쉽게 | 쉽게말해줘 | 더쉽게말해줘 | 쉽게설명해줘 | 더쉽게설명해줘 | 쉬운말로 |"
        "쉬운말로해줘 | 쉬운말로말해줘 | 이해가안돼 | 무슨말인지모르겠어 | 간단하게 | 더간단하게 |"
        "간단히말해줘 | 간단하게말해줘"
    ),
    CommandKind.SLOWER: _phrases(
        "천천히 | 더천천히 | 천천히말해줘 | 더천천히말해줘 | 천천히해줘 | 너무빨라 | 느리게 |"
        "더느리게 | 느리게말해줘 | 천천히좀"
    ),
    CommandKind.FASTER: _phrases(
        "빨리 | 더빨리 | 빠르게 | 더빠르게 | 빨리말해줘 | 더빨리말해줘 | 빠르게말해줘 |"
        "더빠르게말해줘 | 너무느려"
    ),
    CommandKind.STOP: _phrases(
        "그만 | 그만해 | 그만해줘 | 그만말해 | 멈춰 | 멈춰줘 | 조용히해 | 조용히해줘 | 됐어 |"
        "이제됐어 | 중지 | 정지 | 취소"
    ),
    CommandKind.SAVE: _phrases(
        "저장 | 저장해 | 저장해줘 | 저장할게 | 저장하기 | 프로필에저장 | 프로필에저장해줘 |"
        "응저장 | 네저장 | 네저장해줘 | 응저장해줘 | 응저장해"
    ),
}

_ENGLISH_FILLERS = re.compile(
    r"\b(?:please|pls|could you|can you|would you|will you|hey|hi|ok|okay|oh|um+|uh+|er|"
    r"so|just|now|thanks|thank you|modu|a bit|a little|little bit|for me|sorry)\b"
)
_KOREAN_LEADING_FILLERS = frozenset(
    {"저기", "저기요", "음", "음음", "어", "아", "그", "모두야", "야"}
)
_KOREAN_FILLERS = re.compile(r"좀|제발")
_KOREAN_ENDINGS = (
    (re.compile(r"(?:주세요|주실래요|주시겠어요|주시면|줄래요|줄래|줘요|주라|죠|줘)$"), "줘"),
    (re.compile(r"말씀해"), "말해"),
    (re.compile(r"해요$"), "해"),
    (re.compile(r"(?<=[가-힣])요$"), ""),
    (re.compile(r"안되"), "안돼"),
    (re.compile(r"(?<=[가-힣])(?:니다|습니다)$"), ""),
)
_MAX_WORDS = 8
"""A longer utterance is a question or a request for the model, never a command."""


def _english_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'").replace("'", "")
    text = re.sub(r"[^\w\s]", " ", text)
    text = _ENGLISH_FILLERS.sub(" ", text)
    words: list[str] = []
    for word in text.split():
        if not words or words[-1] != word:  # "stop stop" → "stop"
            words.append(word)
    return " ".join(words)


def _korean_key(text: str) -> str:
    words = re.sub(r"[^\w\s]", " ", unicodedata.normalize("NFKC", text)).split()
    while words and words[0] in _KOREAN_LEADING_FILLERS:  # "음 그만" (not "그만" itself)
        words.pop(0)
    text = "".join(words)
    previous = None
    while previous != text:  # fillers and endings can stack: "음 좀 그만해 주세요"
        previous = text
        text = _KOREAN_FILLERS.sub("", text)
        for pattern, replacement in _KOREAN_ENDINGS:
            text = pattern.sub(replacement, text)
    half = len(text) // 2
    if text and len(text) % 2 == 0 and text[:half] == text[half:]:
        text = text[:half]  # "그만그만" → "그만"
    return text


def _allowed_edits(length: int) -> int:
    """Edits tolerated for a phrase this long (letters, or jamo for Korean)."""
    if length <= 5:
        return 0
    return 1 if length <= 11 else 2


def _jamo(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _best_match(
    key: str, table: dict[CommandKind, tuple[str, ...]], compare: bool
) -> tuple[CommandKind, str, float] | None:
    """The exact phrase, or the closest one within the allowed edits."""
    for kind, phrases in table.items():
        if key in phrases:
            return kind, key, 1.0
    best: tuple[CommandKind, str, float] | None = None
    key_form = _jamo(key) if compare else key
    for kind, phrases in table.items():
        for phrase in phrases:
            form = _jamo(phrase) if compare else phrase
            allowed = _allowed_edits(len(form))
            if allowed == 0 or key_form[:1] != form[:1]:
                continue  # mishearings keep the first sound: "repeet", not "flower"
            distance = Levenshtein.distance(key_form, form, score_cutoff=allowed)
            if distance <= allowed:
                confidence = round(1.0 - distance / len(form), 3)
                if best is None or confidence > best[2]:
                    best = (kind, phrase, confidence)
    return best


def detect_command(transcript: str, language: str | None = None) -> Command | None:
    """The command ``transcript`` is, or ``None`` when it is anything else.

    ``language`` (the recogniser's guess) only decides which language is tried first: a
    Korean speaker may say "stop", and Whisper sometimes guesses the language wrong.
    """
    if len(transcript.split()) > _MAX_WORDS or not transcript.strip():
        return None
    keys: dict[Language, str] = {"en": _english_key(transcript), "ko": _korean_key(transcript)}
    tables: dict[Language, dict[CommandKind, tuple[str, ...]]] = {
        "en": _ENGLISH_PHRASES,
        "ko": _KOREAN_PHRASES,
    }
    order: list[Language] = ["ko", "en"] if (language or "").startswith("ko") else ["en", "ko"]
    found: list[tuple[Language, tuple[CommandKind, str, float]]] = []
    for lang in order:
        if not keys[lang]:
            continue
        match = _best_match(keys[lang], tables[lang], compare=lang == "ko")
        if match is not None:
            found.append((lang, match))
    if not found:
        return None
    lang, (kind, phrase, confidence) = max(found, key=lambda item: item[1][2])
    return Command(kind=kind, phrase=phrase, heard=transcript, language=lang, confidence=confidence)


# --- what the assistant says back -----------------------------------------------------------

ReplyKey = Literal[
    "repeat",
    "simpler",
    "slower",
    "faster",
    "stop",
    "save",
    "nothing_to_repeat",
    "simplest_already",
    "slowest_already",
    "fastest_already",
    "nothing_to_save",
    "no_profile",
]

_REPLIES: dict[ReplyKey, tuple[str, str]] = {
    "repeat": ("Here it is again.", "다시 말씀드릴게요."),
    "simpler": ("I'll say it more simply.", "더 쉽게 말해 볼게요."),
    "slower": (
        "I'll speak more slowly. Say 'save' to keep this in your profile.",
        "천천히 말할게요. 프로필에 저장하려면 '저장'이라고 말해 주세요.",
    ),
    "faster": (
        "I'll speak faster. Say 'save' to keep this in your profile.",
        "더 빠르게 말할게요. 프로필에 저장하려면 '저장'이라고 말해 주세요.",
    ),
    "stop": ("Stopped.", "멈췄어요."),
    "save": ("Saved to your profile.", "프로필에 저장했어요."),
    "nothing_to_repeat": ("There is no answer to repeat yet.", "아직 다시 말할 답변이 없어요."),
    "simplest_already": (
        "This is already the simplest wording I have.",
        "이미 가장 쉬운 말로 하고 있어요.",
    ),
    "slowest_already": ("This is already the slowest speed.", "이미 가장 느린 속도예요."),
    "fastest_already": ("This is already the fastest speed.", "이미 가장 빠른 속도예요."),
    "nothing_to_save": ("There is no change to save.", "저장할 변경 사항이 없어요."),
    "no_profile": (
        "No profile is in use, so I can't save this.",
        "사용 중인 프로필이 없어서 저장할 수 없어요.",
    ),
}


class CommandResponse(BaseModel):
    """What the assistant says after a command, in the listener's language."""

    model_config = ConfigDict(frozen=True)

    key: ReplyKey
    language: Language
    text: str


def command_response(key: ReplyKey | CommandKind, language: str) -> CommandResponse:
    """The reply for a command or a situation ("nothing_to_repeat"), Korean or English."""
    reply_key: ReplyKey = key.value if isinstance(key, CommandKind) else key
    lang: Language = "ko" if language.split("-")[0].lower() == "ko" else "en"
    english, korean = _REPLIES[reply_key]
    return CommandResponse(key=reply_key, language=lang, text=korean if lang == "ko" else english)


RATE_STEP = 0.15
"""How much one "slower" / "faster" changes the rate (a multiple of normal pace)."""
MIN_RATE, MAX_RATE = 0.5, 2.0
"""The voice's bounds (:class:`voices.tts.base.VoiceParams`)."""


def adjusted_rate(rate: float, kind: CommandKind) -> float | None:
    """The speech rate after "slower" or "faster", or ``None`` when already at the bound."""
    if kind is CommandKind.SLOWER:
        new = max(MIN_RATE, round(rate - RATE_STEP, 2))
    elif kind is CommandKind.FASTER:
        new = min(MAX_RATE, round(rate + RATE_STEP, 2))
    else:
        raise ValueError(f"expected a slower or faster command; got {kind.value!r}")
    return None if new == rate else new
