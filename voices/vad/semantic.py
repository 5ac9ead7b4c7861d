"""Semantic end of turn: from the words heard so far, has the person finished or paused mid-thought?

``server_vad`` ends a turn after a fixed silence (the profile's patience). People pause inside a
sentence too ("I need to renew my passport and, uh …", "그러니까 제가 어제 병원에 갔는데 …"),
and a fixed silence either cuts them off or makes everyone wait. ``semantic_vad`` (the Realtime
API's turn-detection type, with ``eagerness`` low | medium | high | auto) reads the transcript of
the turn so far when the pause starts:

- **unfinished**: it ends on a conjunction, a filler, an article or preposition, a comma or an
  ellipsis ("and", "uh", "the", "because"; "그리고", "음", "근데"), or, in Korean, a connective
  ending or a particle that needs what follows ("갔는데", "먹고", "아파서", "병원에", "약을");
- **complete**: a question mark or full stop, a Korean sentence-final ending ("-요", "-까",
  "-다", "-죠", "-니", "-래"), or an English question or request with content after its verb;
- **unclear**: anything else.

The wait that follows (``semantic_silence_ms``): an unfinished turn waits *longer* than the
profile's patience, never less (patience is the least it gets); a complete one may end sooner,
by eagerness; an unclear one waits the patience, as ``server_vad`` would. ``auto`` follows the
profile: a patient profile (1.5 s or more) gets ``low``, others ``medium``. Rules only, Korean
and English, microseconds per call; see docs/turn-taking.md.
"""

from __future__ import annotations

import re
from typing import Literal

Eagerness = Literal["low", "medium", "high", "auto"]
TurnSound = Literal["complete", "unfinished", "unclear"]

PATIENT_PROFILE_MS = 1500
"""From this patience on, ``auto`` eagerness is ``low`` (an older listener's 1.5 s, speech
difficulty's 3 s): people who need time are never hurried by a guess about their words."""

# How each eagerness scales the patience: (complete, unfinished), and the least wait for each.
_COMPLETE_SHARE = {"low": 0.5, "medium": 0.4, "high": 0.25}
_UNFINISHED_SHARE = {"low": 2.5, "medium": 2.0, "high": 1.5}
_UNFINISHED_FLOOR_MS = {"low": 3000, "medium": 2000, "high": 1200}
_UNHEARD_EXTRA_MS = {"low": 1500, "medium": 1000, "high": 500}
COMPLETE_FLOOR_MS = 250
"""A complete-sounding turn still waits this much: a breath before "… and my husband too"."""
UNFINISHED_CAP_MS = 8000
"""The longest any turn waits (the Realtime API's low eagerness waits up to 8 s)."""

_TRAILING_PUNCTUATION = re.compile(r"[\s\"'”’)\]]+$")
_ENDS_UNFINISHED_MARK = re.compile(r"(?:,|…|\.\.\.|-|–|—|:|;)$")
_ENDS_COMPLETE_MARK = re.compile(r"[?？!！.。]+$")

_EN_UNFINISHED_WORDS = frozenset(
    [
        "and",
        "or",
        "but",
        "so",
        "because",
        "cause",
        "cuz",
        "if",
        "when",
        "while",
        "though",
        "although",
        "then",
        "also",
        "plus",
        "like",
        "uh",
        "um",
        "er",
        "erm",
        "hmm",
        "ah",
        "the",
        "a",
        "an",
        "my",
        "your",
        "his",
        "her",
        "their",
        "our",
        "this",
        "that",
        "these",
        "those",
        "to",
        "of",
        "with",
        "for",
        "from",
        "in",
        "on",
        "at",
        "by",
        "about",
        "into",
        "than",
        "as",
        "is",
        "are",
        "was",
        "were",
        "am",
        "be",
        "been",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "can",
        "could",
        "would",
        "should",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "not",
        "very",
        "really",
        "just",
        "maybe",
        "which",
        "who",
        "whose",
        "whom",
        "where",
        "what",
        "how",
        "why",
        "i",
        "we",
        "you",
        "he",
        "she",
        "they",
        "it",
        "there",
        "whether",
    ]
)
"""Words a finished English sentence rarely ends on ("… what time does the"). Pronouns and
auxiliaries are here too: "can you tell me what" and "I think I" are unfinished."""
_EN_UNFINISHED_PHRASES = re.compile(r"\b(?:i mean|you know|kind of|sort of|wait|let me see)$")

_KO_UNFINISHED_WORDS = frozenset(
    [
        "그리고",
        "그런데",
        "근데",
        "그래서",
        "그러니까",
        "그러면",
        "그럼",
        "아니면",
        "또",
        "또는",
        "및",
        "왜냐하면",
        "음",
        "어",
        "으",
        "저",
        "저기",
        "그",
        "있잖아",
        "있잖아요",
        "뭐지",
        "뭐더라",
        "그게",
        "아",
        "에",
        "이제",
        "막",
        "좀",
        "혹시",
        "만약",
    ]
)
_KO_FINAL_POLITE = re.compile(r"(?:요|까|죠|니|냐|래|니다|시오)$")
"""Sentence-final endings that settle it even after a connective-looking syllable ("갔는데요")."""
_KO_CONNECTIVE = re.compile(
    r"(?:데|니까|서|면서|지만|거나|려고|도록|다가|자마자|면|고|며|든지|는지|은지|을지|"
    r"에|에서|에게|한테|께|로|랑|하고|와|과|을|를|이|가|은|는|도|의|만|부터|까지|랑은)$"
)
"""Korean connective endings and particles that need what follows: "갔는데", "먹고", "아파서",
"병원에", "약을". Judged on words of two syllables or more ("가", "이" alone are ambiguous)."""
_KO_FINAL_PLAIN = re.compile(r"(?:다|해|줘|돼|지|자|네|군|구나|야|어)$")
"""Plain sentence-final endings ("간다", "알려 줘", "좋지"), read after the connectives."""
_EN_QUESTION_START = re.compile(
    r"^(?:what|when|where|who|whom|whose|which|why|how|is|are|was|were|do|does|did|can|could|"
    r"will|would|should|may|might|have|has|had|am|tell me|please|show me|help me|give me|"
    r"call|find|read|stop|repeat|say)\b"
)
_EN_COMMANDS = re.compile(
    r"^(?:stop|pause|repeat|again|louder|quieter|slower|faster|simpler|yes|no|thanks|thank you|"
    r"okay|ok|bye|goodbye|hello|hi)[.!?]?$"
)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def turn_sounds(transcript: str) -> TurnSound:
    """Whether the words heard so far sound like a finished turn (Korean or English)."""
    text = _TRAILING_PUNCTUATION.sub("", transcript.strip().lower())
    if not text:
        return "unclear"
    if _ENDS_UNFINISHED_MARK.search(text):
        return "unfinished"
    # A full stop proves nothing: Whisper ends a cut-off clause with one ("I want to know.").
    # A question mark is the recogniser hearing a question's intonation: it counts, unless the
    # words themselves stop mid-phrase ("what time does the?").
    asked = bool(re.search(r"[?？]$", text))
    text = _ENDS_COMPLETE_MARK.sub("", text).rstrip(" .?!？！。")
    if not text:
        return "unclear"
    last = text.split()[-1]
    sound = _korean(last) if _HANGUL.search(last) else _english(text, last)
    if sound == "unclear" and asked:
        return "complete"
    return sound


def _korean(last: str) -> TurnSound:
    word = re.sub(r"[^\uac00-\ud7a3]", "", last)
    if word in _KO_UNFINISHED_WORDS:
        return "unfinished"
    if _KO_FINAL_POLITE.search(word):
        return "complete"
    if len(word) >= 2 and _KO_CONNECTIVE.search(word):
        return "unfinished"
    if _KO_FINAL_PLAIN.search(word):
        return "complete"
    return "unclear"


def _english(text: str, last: str) -> TurnSound:
    word = re.sub(r"[^a-z']", "", last)
    if word in _EN_UNFINISHED_WORDS or _EN_UNFINISHED_PHRASES.search(text):
        return "unfinished"
    if _EN_COMMANDS.match(text):
        return "complete"
    if _EN_QUESTION_START.match(text) and len(text.split()) >= 3:
        return "complete"
    return "unclear"


def resolve_eagerness(eagerness: Eagerness, patience_ms: int) -> Literal["low", "medium", "high"]:
    """``auto`` follows the profile: patient profiles get ``low``, others ``medium``."""
    if eagerness != "auto":
        return eagerness
    return "low" if patience_ms >= PATIENT_PROFILE_MS else "medium"


def unheard_silence_ms(eagerness: Eagerness, patience_ms: int) -> int:
    """The silence that ends a turn while the pause's words are not recognised yet: a little
    more than the patience (low +1.5 s, medium +1 s, high +0.5 s), never more than an
    unfinished-sounding turn would get. On a busy machine recognition can take longer than the
    patience; without this the patience alone would end a hesitant speaker's turn before their
    words were ever judged."""
    level = resolve_eagerness(eagerness, patience_ms)
    unfinished = semantic_silence_ms("unfinished", eagerness, patience_ms)
    return min(patience_ms + _UNHEARD_EXTRA_MS[level], unfinished)


def semantic_silence_ms(sound: TurnSound, eagerness: Eagerness, patience_ms: int) -> int:
    """The silence that ends this turn, given how it sounds so far.

    Unfinished: at least the patience, stretched by eagerness (at most ``UNFINISHED_CAP_MS``).
    Complete: a share of the patience (never under ``COMPLETE_FLOOR_MS``). Unclear: the patience.
    """
    level = resolve_eagerness(eagerness, patience_ms)
    if sound == "unfinished":
        stretched = max(patience_ms * _UNFINISHED_SHARE[level], _UNFINISHED_FLOOR_MS[level])
        return int(min(max(stretched, patience_ms), max(UNFINISHED_CAP_MS, patience_ms)))
    if sound == "complete":
        return int(max(patience_ms * _COMPLETE_SHARE[level], COMPLETE_FLOOR_MS))
    return patience_ms
