"""What a finished spoken turn means before anything goes to the model: a command ("repeat",
"더 쉽게", "천천히", "save", "그만"), the answer to "is that right?", or a question to answer.

Commands are never sent to the model: their turns and the replies to them stay out of its
history. When the profile asks for it and recognition was unsure, the assistant first says
what it heard and asks; "yes" answers the original question, "no" asks the person to repeat.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING
from uuid import UUID

from accessibility.commands import CommandKind, adjusted_rate, command_response, detect_command
from accessibility.confirm import confirmation_prompt, needs_confirmation, parse_yes_no
from accessibility.profiles.fields import ReadingLevel
from accessibility.profiles.model import ProfilePatch
from service.realtime.conversation import ConversationEntry
from voices.stt.base import Transcript

if TYPE_CHECKING:
    from service.realtime.session import RealtimeSession

SAY_AGAIN = {"en": "Sorry, please say it again.", "ko": "죄송해요, 다시 말씀해 주세요."}
SIMPLER_REQUEST = (
    "Please say your last answer again in simpler words: short sentences, common words, "
    "one idea per sentence. Keep every number, date and name."
)
_LEVELS: tuple[ReadingLevel, ...] = ("standard", "plain", "easy-read")


def _lang(language: str | None) -> str:
    return "ko" if (language or "").startswith("ko") else "en"


class SpokenTurns:
    def __init__(self, session: RealtimeSession) -> None:
        self.session = session
        self.pending_confirmation: ConversationEntry | None = None
        self.unsaved_rate: float | None = None

    async def handle(self, entry: ConversationEntry, transcript: Transcript) -> bool:
        """True when the turn was dealt with here (no ordinary answer is due)."""
        language = _lang(transcript.language)
        if self.pending_confirmation is not None:
            original, self.pending_confirmation = self.pending_confirmation, None
            verdict = parse_yes_no(transcript, language)
            if verdict is not None:
                entry.hidden = True
                if verdict:
                    await self.session.answer()
                else:
                    original.hidden = True  # misheard: the model never sees it
                    await self.session.say(SAY_AGAIN[language])
                return True
        command = detect_command(entry.text, language)
        if command is not None:
            entry.hidden = True
            await self._command(command.kind, _lang(command.language))
            return True
        profile = self.session.config.profile
        if profile and profile.confirm_when_unsure and needs_confirmation(transcript):
            self.pending_confirmation = entry
            await self.session.say(confirmation_prompt(entry.text, language))
            return True
        return False

    async def _command(self, kind: CommandKind, language: str) -> None:
        session = self.session
        if kind is CommandKind.STOP:
            session.cancel_response("stop_command")
            return
        if kind is CommandKind.REPEAT:
            last = session.conversation.last_answer()
            reply = last.text if last else command_response("nothing_to_repeat", language).text
            await session.say(reply)
        elif kind is CommandKind.SIMPLER:
            await self._simpler(language)
        elif kind in (CommandKind.SLOWER, CommandKind.FASTER):
            await self._rate(kind, language)
        elif kind is CommandKind.SAVE:
            await self._save(language)

    async def _simpler(self, language: str) -> None:
        session = self.session
        if session.conversation.last_answer() is None:
            await session.say(command_response("nothing_to_repeat", language).text)
            return
        profile = session.config.profile
        if profile is not None:
            level = _LEVELS[min(_LEVELS.index(profile.reading_level) + 1, len(_LEVELS) - 1)]
            simpler = profile.with_patch(ProfilePatch(reading_level=level))
            session.config = replace(session.config, profile=simpler)
        await session.answer(prompt_text=SIMPLER_REQUEST)

    async def _rate(self, kind: CommandKind, language: str) -> None:
        session = self.session
        params = session.config.voice_params
        new = adjusted_rate(params.rate, kind)
        if new is None:
            limit = command_response(
                "slowest_already" if kind is CommandKind.SLOWER else "fastest_already", language
            )
            await session.say(limit.text)
            return
        session.config = replace(
            session.config, voice_params=params.model_copy(update={"rate": new})
        )
        self.unsaved_rate = new
        await session.say(command_response(kind, language).text)

    async def _save(self, language: str) -> None:
        session = self.session
        if self.unsaved_rate is None:
            await session.say(command_response("nothing_to_save", language).text)
            return
        if session.config.profile_id is None or session.preferences is None:
            await session.say(command_response("no_profile", language).text)
            return
        await session.preferences.update(
            session.owner.id,
            UUID(session.config.profile_id),
            ProfilePatch(speech_rate=self.unsaved_rate),
        )
        self.unsaved_rate = None
        await session.say(command_response("save", language).text)
