"""What a spoken turn means, decided without a session: ``interpret`` returns an ``Action`` and
changes nothing itself (no entry hidden, no config replaced); the session carries it out."""

from __future__ import annotations

from dataclasses import replace
from uuid import uuid4

from accessibility.profiles.model import Profile
from service.realtime.answer_request import ResponseInput
from service.realtime.config import SessionConfig
from service.realtime.conversation import ConversationEntry
from service.realtime.spoken_turns import (
    SAY_AGAIN,
    SIMPLER_REQUEST,
    Action,
    SaveRate,
    SpokenState,
    interpret,
)
from voices.stt.base import Transcript
from voices.tts.base import VoiceParams

CONFIG = SessionConfig(id="sess_test", model="m", voice_params=VoiceParams(rate=1.0))
ANSWER = ConversationEntry(id="item_answer", role="assistant", text="Paris is in France.")


def _turn(
    text: str, language: str = "en", sure: bool = True
) -> tuple[ConversationEntry, Transcript]:
    entry = ConversationEntry(id=f"item_{len(text)}", role="user", text=text, audio=True)
    probability = 0.95 if sure else 0.2
    return entry, Transcript(text=text, language=language, language_probability=probability)


def _interpret(
    text: str,
    state: SpokenState | None = None,
    *,
    config: SessionConfig = CONFIG,
    language: str = "en",
    sure: bool = True,
    can_save: bool = True,
) -> tuple[ConversationEntry, Action]:
    entry, transcript = _turn(text, language, sure)
    action = interpret(
        entry,
        transcript,
        state or SpokenState(),
        config=config,
        last_answer=ANSWER,
        can_save=can_save,
    )
    return entry, action


def test_a_question_is_answered_as_usual() -> None:
    _, action = _interpret("What is the capital of France?")
    assert action == Action(SpokenState(), question=True)


def test_slower_changes_the_voice_and_remembers_the_unsaved_rate() -> None:
    entry, action = _interpret("천천히", language="ko")
    assert action.config is not None and action.config.voice_params.rate < 1.0
    assert action.state.unsaved_rate == action.config.voice_params.rate
    assert action.hide == (entry,) and not entry.hidden, "decided, not done"
    assert action.reply == ResponseInput(
        "say", "천천히 말할게요. 프로필에 저장하려면 '저장'이라고 말해 주세요."
    )
    assert CONFIG.voice_params.rate == 1.0


def test_save_stores_the_unsaved_rate_in_the_stored_profile() -> None:
    profile_id = uuid4()
    config = replace(CONFIG, profile_id=str(profile_id))
    state = SpokenState(unsaved_rate=0.85)
    _, action = _interpret("save", state, config=config)
    assert action.save == SaveRate(profile_id, 0.85)
    assert action.reply == ResponseInput("say", "Saved to your profile.")
    _, nowhere = _interpret("save", state, config=config, can_save=False)
    assert nowhere.save is None and nowhere.state.unsaved_rate == 0.85


def test_simpler_raises_the_profiles_reading_level_and_resays() -> None:
    config = replace(CONFIG, profile=Profile(reading_level="plain"))
    _, action = _interpret("say it simpler", config=config)
    assert action.config is not None and action.config.profile is not None
    assert action.config.profile.reading_level == "easy-read"
    assert action.reply == ResponseInput("resay", SIMPLER_REQUEST)


def test_stop_stops_and_says_nothing() -> None:
    _, action = _interpret("stop")
    assert (action.stop, action.reply, action.config) == (True, None, None)


def test_an_unsure_turn_is_confirmed_and_no_hides_it() -> None:
    config = replace(CONFIG, profile=Profile(confirm_when_unsure=True))
    question, asked = _interpret("What is the capital of France?", config=config, sure=False)
    assert asked.state.awaiting is question
    assert asked.reply is not None and asked.reply.kind == "say"
    assert asked.hide == (), "the question itself stays for the model, until it is denied"
    no, denied = _interpret("no", asked.state, config=config)
    assert denied.hide == (no, question)
    assert denied.reply == ResponseInput("say", SAY_AGAIN["en"])
    assert denied.state.awaiting is None
    _, confirmed = _interpret("yes", asked.state, config=config)
    assert confirmed.reply == ResponseInput(), "yes: the original question is answered"
