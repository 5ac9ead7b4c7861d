"""What the answer pipeline takes and gives: a turn to answer, its checked sentences, and the
trace of what happened (see :mod:`service.answers.pipeline`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from accessibility.profiles.model import Profile
from service.answers.checks import Route
from voices.lm.base import ChatMessage, GenerationOptions

if TYPE_CHECKING:
    from service.settings import Settings

Origin = Literal["vetted", "referral", "fact", "model", "fallback", "fixed", "source"]
"""Where a sentence comes from: vetted safety text, an honest referral, a curated fact, the
model, an honest
fallback, fixed text (a command's reply), or the person's own text (a fact a rewrite lost)."""


def generation_options(
    settings: Settings,
    *,
    max_tokens: int | None = None,
    temperature: float | None = None,
    top_p: float | None = None,
    seed: int | None = None,
    stop: Sequence[str] = (),
) -> GenerationOptions:
    """The configured generation options, with a front end's own values where it has them."""
    lm = settings.lm
    return GenerationOptions(
        max_tokens=max_tokens or lm.max_tokens,
        temperature=lm.temperature if temperature is None else temperature,
        top_p=lm.top_p if top_p is None else top_p,
        seed=lm.seed if seed is None else seed,
        stop=list(stop),
    )


@dataclass(frozen=True)
class AnswerRequest:
    """One turn to answer. ``question`` is what the person said or typed this turn."""

    question: str
    history: Sequence[ChatMessage] = ()
    heard_language: str | None = None
    """The language speech recognition detected, when the question was spoken."""
    profile: Profile | None = None
    preferred_languages: Sequence[str] = ()
    """Break ties in the answer language; the profile's preferred languages when empty."""
    prompt_extra: str | None = None
    """A per-turn instruction used when there is no profile (the profile's own otherwise)."""
    instructions: str | None = None
    """The session's or request's own instructions, added to the turn's note."""
    prompt_text: str | None = None
    """Ask the model this instead of the question (e.g. "say it simpler")."""
    keep_facts_from: str | None = None
    """A text whose facts the answer must keep (the last answer, when it is said simpler); a
    text the person gives in the question is found by itself (:mod:`.source_text`)."""
    fixed_text: str | None = None
    """Say exactly this, without the model (a command's reply, a repeat)."""
    messages: Sequence[ChatMessage] | None = None
    """A client's own full message list (chat completions with its own system prompt)."""
    max_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    seed: int | None = None
    stop: Sequence[str] = ()
    first_chunk_chars: int | None = None
    """The first sentence may end at a comma or phrase boundary once this long (voice: the
    first audio starts sooner)."""


SPOKEN_FIRST_CHUNK_CHARS = 15
"""A spoken answer's first chunk may end at a comma or phrase boundary once it is this long
(the realtime session's spoken answers; ``modu eval answers --answers spoken``)."""


@dataclass(frozen=True)
class AnswerSentence:
    text: str
    language: str
    origin: Origin


@dataclass
class AnswerTrace:
    """What happened in one answer: for labels, notes, the eval and the tests."""

    language: str = "en"
    country: str = "KR"
    route: Route = "model"
    safety: str | None = None
    live_local: str | None = None
    facts: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    checks_ms: float = 0.0
    first_token_s: float | None = None
    model_deltas: int = 0
    hit_token_limit: bool = False
    retries: int = 0
    fallback: bool = False
    removed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def safety_category(self) -> str | None:
        return self.safety.split("/", 1)[0] if self.safety else None


def request_options(settings: Settings, request: AnswerRequest) -> GenerationOptions:
    """The options the pipeline generates ``request``'s model answer with (chat completions
    check the prompt's size with the same ones)."""
    return generation_options(
        settings,
        max_tokens=request.max_tokens,
        temperature=request.temperature,
        top_p=request.top_p,
        seed=request.seed,
        stop=request.stop,
    )
