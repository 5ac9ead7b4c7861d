"""A session's answers prepared during pauses (:mod:`service.realtime.speculation`): which pause
gets one, at most one held at a time, a few per turn, and the per-turn report of the work
thrown away."""

from __future__ import annotations

from typing import TYPE_CHECKING

from service.realtime.answer_request import ResponseInput, answer_request
from service.realtime.config import SessionConfig
from service.realtime.conversation import Conversation, ConversationEntry
from service.realtime.speculation import PauseReport, Speculation
from service.realtime.spoken_turns import SpokenState, interpret
from service.realtime.turn_recognition import same_speech
from voices.audio import Audio
from voices.stt.base import Transcript

if TYPE_CHECKING:
    from service.engines import Engines
    from service.settings import RealtimeSettings


class PauseAnswers:
    """A session's prepared answers: at most one at a time, a few per turn."""

    def __init__(self, engines: Engines, settings: RealtimeSettings) -> None:
        self.engines = engines
        self.enabled = settings.preemptive_answers
        self.attempts = settings.preemptive_attempts
        self.max_speech_s = settings.preemptive_max_speech_s
        self.current: Speculation | None = None
        self._started = 0
        self._dropped = 0

    def may_prepare(self, speech: Audio) -> bool:
        """Attempts left this turn, speech not too long, and nothing else running: an answer or
        a recognition anywhere on the machine would be slowed by this guess."""
        engines = self.engines
        return (
            self.enabled
            and self._started < self.attempts
            and speech.duration_s <= self.max_speech_s
            and engines.generations_in_flight == 0
            and engines.recognitions_in_flight == 0
            and not engines.answers.speculative
        )

    def consider(
        self,
        item_id: str,
        audio: Audio,
        transcript: Transcript,
        *,
        config: SessionConfig,
        conversation: Conversation,
        spoken: SpokenState,
        can_save: bool,
    ) -> None:
        """A pause's words (``transcript`` of ``audio``, the turn ``item_id``) are back and the
        person is still silent: if the model would answer them, prepare that answer now."""
        text, turn = transcript.text.strip(), config.turn
        if not (turn and turn.create_response) or not text or not self.may_prepare(audio):
            return
        entry = ConversationEntry(id=item_id, role="user", text=text, audio=True)
        last = conversation.last_answer()
        action = interpret(
            entry, transcript, spoken, config=config, last_answer=last, can_save=can_save
        )
        if not action.question:
            return  # a command or a confirmation: answered without the model
        # Exactly what the turn's response will ask if the turn ends with these words.
        request = answer_request(
            config,
            conversation.history_before(text),
            text,
            what=ResponseInput(),
            extra_instructions=None,
            max_output_tokens=config.max_output_tokens,
            audio_out=config.audio_out,
        )
        self.drop()
        self.current = Speculation(
            self.engines,
            item_id=item_id,
            audio=audio,
            request=request,
            voice_params=config.voice_params,
            audio_out=config.audio_out,
        )
        self._started += 1

    def drop(self) -> None:
        """The person spoke again (or the turn needs no model answer): the held answer goes."""
        current, self.current = self.current, None
        if current is not None:
            current.drop()
            self._dropped += 1

    def take(self, item_id: str, audio: Audio) -> tuple[Speculation | None, PauseReport]:
        """The turn ``item_id`` ended with ``audio`` and is answered: its prepared answer when it
        was made from that very speech, and this turn's report; the count starts again for the
        next turn."""
        current, self.current = self.current, None
        if current is not None and not (
            current.item_id == item_id and same_speech(current.audio, audio)
        ):
            current.drop()
            self._dropped += 1
            current = None
        report = PauseReport(prepared=current is not None, dropped=self._dropped)
        self._started = self._dropped = 0
        return current, report

    def end_turn(self) -> None:
        """The turn ended without a model answer (a command, silence): drop and start again."""
        self.drop()
        self._started = self._dropped = 0
