"""What a finished spoken turn means before anything goes to the model: a command ("repeat",
"더 쉽게", "천천히", "save", "그만"), the answer to "is that right?", or a question to answer.

Commands are never sent to the model: their turns and the replies to them stay out of its
history. When the profile asks for it and recognition was unsure, the assistant first says
what it heard and asks; "yes" answers the original question, "no" asks the person to repeat.

:func:`interpret` only decides: it returns an :class:`Action` (and the spoken-turn state after
it), and the session carries it out: hides turns, stores a saved rate, changes its config (and
says so in ``session.updated``), stops the answer or starts the reply.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from uuid import UUID

from accessibility.commands import CommandKind, adjusted_rate, command_response, detect_command
from accessibility.confirm import confirmation_prompt, needs_confirmation, parse_yes_no
from accessibility.profiles.fields import ReadingLevel
from accessibility.profiles.model import ProfilePatch
from service.realtime.answer_request import ResponseInput
from service.realtime.config import SessionConfig
from service.realtime.conversation import ConversationEntry
from voices.stt.base import Transcript

SAY_AGAIN = {"en": "Sorry, please say it again.", "ko": "죄송해요, 다시 말씀해 주세요."}
SIMPLER_REQUEST = (
    "Please say your last answer again in simpler words: short sentences, common words, "
    "one idea per sentence. Keep every number, date and name."
)
_LEVELS: tuple[ReadingLevel, ...] = ("standard", "plain", "easy-read")


@dataclass(frozen=True)
class SpokenState:
    """What spoken turns remember between turns."""

    awaiting: ConversationEntry | None = None
    """The turn the assistant asked about ("I heard …. Is that right?"): the next turn's yes or
    no is about it."""
    unsaved_rate: float | None = None
    """A speech rate set by "slower" or "faster" and not yet saved to the profile."""


@dataclass(frozen=True)
class SaveRate:
    """Store ``rate`` as the speech rate of the stored profile ``profile_id``."""

    profile_id: UUID
    rate: float


@dataclass(frozen=True)
class Action:
    """What one finished spoken turn asks of the session, carried out in the order of the
    fields: ``state`` first, ``reply`` last."""

    state: SpokenState
    """The spoken-turn state from now on."""
    question: bool = False
    """An ordinary question: the session answers it as usual, and nothing below applies."""
    hide: tuple[ConversationEntry, ...] = ()
    """Turns the model never sees (a command; a confirmation and the misheard question)."""
    save: SaveRate | None = None
    """Store the rate in the profile; once stored, it is no longer unsaved."""
    config: SessionConfig | None = None
    """The session's new config ("simpler" raises the reading level; "slower" and "faster"
    change the voice's rate)."""
    stop: bool = False
    """Stop the answer in progress."""
    reply: ResponseInput | None = None
    """What the assistant says next: a fixed text, the answer, or the last answer again."""


def interpret(
    entry: ConversationEntry,
    transcript: Transcript,
    state: SpokenState,
    *,
    config: SessionConfig,
    last_answer: ConversationEntry | None,
    can_save: bool,
) -> Action:
    """What the turn ``entry`` (recognised as ``transcript``) means, given the state before it,
    the session's config, the last answer and whether profiles can be stored."""
    language = _lang(transcript.language)
    after = replace(state, awaiting=None)
    if state.awaiting is not None:
        verdict = parse_yes_no(transcript, language)
        if verdict is not None:
            if verdict:
                return Action(after, hide=(entry,), reply=ResponseInput())
            # Misheard: the model never sees it.
            return Action(after, hide=(entry, state.awaiting), reply=_say(SAY_AGAIN[language]))
    command = detect_command(entry.text, language)
    if command is not None:
        said = _lang(command.language)
        return replace(
            _command(command.kind, said, after, config, last_answer, can_save), hide=(entry,)
        )
    profile = config.profile
    if profile and profile.confirm_when_unsure and needs_confirmation(transcript):
        prompt = confirmation_prompt(entry.text, language)
        return Action(replace(after, awaiting=entry), reply=_say(prompt))
    return Action(after, question=True)


def _command(
    kind: CommandKind,
    language: str,
    state: SpokenState,
    config: SessionConfig,
    last: ConversationEntry | None,
    can_save: bool,
) -> Action:
    if kind is CommandKind.STOP:
        return Action(state, stop=True)
    if kind is CommandKind.SAVE:
        return _save(state, config, can_save, language)
    if kind in (CommandKind.SLOWER, CommandKind.FASTER):
        return _rate(kind, language, state, config)
    if last is None:  # repeat, simpler: there is no answer yet
        return Action(state, reply=_say(command_response("nothing_to_repeat", language).text))
    if kind is CommandKind.REPEAT:
        return Action(state, reply=_say(last.text))
    return Action(state, config=_simpler(config), reply=ResponseInput("resay", SIMPLER_REQUEST))


def _simpler(config: SessionConfig) -> SessionConfig | None:
    """The profile one reading level simpler (``None``: no profile, nothing to change)."""
    profile = config.profile
    if profile is None:
        return None
    level = _LEVELS[min(_LEVELS.index(profile.reading_level) + 1, len(_LEVELS) - 1)]
    return replace(config, profile=profile.with_patch(ProfilePatch(reading_level=level)))


def _rate(kind: CommandKind, language: str, state: SpokenState, config: SessionConfig) -> Action:
    params = config.voice_params
    new = adjusted_rate(params.rate, kind)
    if new is None:
        limit = command_response(
            "slowest_already" if kind is CommandKind.SLOWER else "fastest_already", language
        )
        return Action(state, reply=_say(limit.text))
    return Action(
        replace(state, unsaved_rate=new),
        config=replace(config, voice_params=params.model_copy(update={"rate": new})),
        reply=_say(command_response(kind, language).text),
    )


def _save(state: SpokenState, config: SessionConfig, can_save: bool, language: str) -> Action:
    if state.unsaved_rate is None:
        return Action(state, reply=_say(command_response("nothing_to_save", language).text))
    if config.profile_id is None or not can_save:
        return Action(state, reply=_say(command_response("no_profile", language).text))
    return Action(
        state,
        save=SaveRate(UUID(config.profile_id), state.unsaved_rate),
        reply=_say(command_response("save", language).text),
    )


def _say(text: str) -> ResponseInput:
    return ResponseInput("say", text)


def _lang(language: str | None) -> str:
    return "ko" if (language or "").startswith("ko") else "en"
