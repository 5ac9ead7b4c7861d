"""One prepared answer (service/realtime/speculation.py) and its bounds (pause_answers.py), on
fake engines: held until adopted, given up for a confirmed answer, used only for exactly the
request it was made for."""

from __future__ import annotations

import asyncio

import pytest

from service.answers.types import AnswerRequest
from service.engines import Engines
from service.realtime.pause_answers import PauseAnswers
from service.realtime.speculation import Speculation
from service.settings import Settings
from voices.audio import Audio
from voices.lm.base import CancelToken, LanguageModelError
from voices.lm.fake import FakeLanguageModel
from voices.tts.base import VoiceParams
from voices.tts.fake import FakeSynthesizer

QUESTION = "What is a good breakfast?"
REPLY = "Oatmeal with fruit is a good breakfast. Eggs are good too."
SPEECH = Audio.silence(1.0, 16_000)


def _engines(fake_settings: Settings, **lm: object) -> Engines:
    model = FakeLanguageModel(replies={QUESTION: REPLY}, **lm)  # type: ignore[arg-type]
    return Engines(fake_settings, language_model=model, synthesizer=FakeSynthesizer())


def _speculation(engines: Engines, request: AnswerRequest | None = None) -> Speculation:
    return Speculation(
        engines,
        item_id="item_1",
        audio=SPEECH,
        request=request or AnswerRequest(question=QUESTION),
        voice_params=VoiceParams(language="en"),
        audio_out=True,
    )


def _stopped(token: CancelToken) -> bool:
    """Read anew each time (another task may cancel it between two checks)."""
    return token.cancelled


def _held(answers: PauseAnswers) -> Speculation | None:
    return answers.current


async def _all(speculation: Speculation) -> list[str]:
    return [sentence.text async for sentence in speculation.sentences()]


@pytest.mark.asyncio
async def test_held_sentences_then_the_rest(fake_settings: Settings) -> None:
    engines = _engines(fake_settings, delay_s=0.01)
    speculation = _speculation(engines)
    assert speculation.adopt(AnswerRequest(question=QUESTION))
    assert await _all(speculation) == [
        "Oatmeal with fruit is a good breakfast.",
        "Eggs are good too.",
    ]
    assert not engines.answers.speculative, "adopted: no longer a guess"


@pytest.mark.asyncio
async def test_the_first_sentence_is_voiced_while_held(fake_settings: Settings) -> None:
    engines = _engines(fake_settings)
    speculation = _speculation(engines)
    sentences = [s async for s in speculation.sentences()]
    params = VoiceParams(language="en")
    first = await speculation.voice_for(sentences[0], params)
    assert first is not None and first.text == sentences[0].text
    assert await speculation.voice_for(sentences[1], params) is None, "only the first"


@pytest.mark.asyncio
async def test_other_voice_settings_get_no_prepared_voice(fake_settings: Settings) -> None:
    speculation = _speculation(_engines(fake_settings))
    sentences = [s async for s in speculation.sentences()]
    assert await speculation.voice_for(sentences[0], VoiceParams(language="en", rate=0.8)) is None


@pytest.mark.asyncio
async def test_another_request_is_not_adopted(fake_settings: Settings) -> None:
    speculation = _speculation(_engines(fake_settings))
    changed = AnswerRequest(question=QUESTION, instructions="Answer in one word.")
    assert not speculation.adopt(changed)
    assert not speculation.adopt(AnswerRequest(question="What is a good lunch?"))


@pytest.mark.asyncio
async def test_a_confirmed_answer_stops_a_guess(fake_settings: Settings) -> None:
    engines = _engines(fake_settings, delay_s=0.05)
    speculation = _speculation(engines)
    await asyncio.sleep(0.01)
    engines.answers.answer(AnswerRequest(question="Someone else's question"))
    assert speculation.cancel_token.cancelled
    assert not speculation.adopt(AnswerRequest(question=QUESTION)), "stopped: made afresh"


@pytest.mark.asyncio
async def test_fixed_text_and_adopted_answers_stop_nothing(fake_settings: Settings) -> None:
    engines = _engines(fake_settings, delay_s=0.05)
    guess = _speculation(engines)
    engines.answers.answer(AnswerRequest(question="", fixed_text="Saved."))
    assert not _stopped(guess.cancel_token), "a fixed reply needs no model"
    adopted = CancelToken()
    engines.answers.answer(AnswerRequest(question=QUESTION), adopted, speculative=True)
    engines.answers.confirm(adopted)
    engines.answers.answer(AnswerRequest(question="Another"))
    assert not _stopped(adopted) and _stopped(guess.cancel_token)
    guess.drop()


@pytest.mark.asyncio
async def test_dropped_it_stops_the_model(fake_settings: Settings) -> None:
    engines = _engines(fake_settings, delay_s=0.05)
    speculation = _speculation(engines)
    await asyncio.sleep(0.02)
    speculation.drop()
    await asyncio.sleep(0.8)  # the whole reply would take 12 words x 0.05 s
    assert speculation.cancel_token.cancelled
    assert speculation.ready == 0, "stopped mid-sentence, not run to the end"
    assert not engines.answers.speculative


@pytest.mark.asyncio
async def test_a_failure_reaches_the_adopting_response(fake_settings: Settings) -> None:
    engines = _engines(fake_settings, fail="the model broke", fail_after_words=0)
    speculation = _speculation(engines)
    with pytest.raises(LanguageModelError, match="the model broke"):
        await _all(speculation)


def test_nothing_is_prepared_while_other_work_runs(fake_settings: Settings) -> None:
    engines = _engines(fake_settings)
    answers = PauseAnswers(engines, fake_settings.realtime)
    assert answers.may_prepare(SPEECH)
    engines.generations_in_flight = 1
    assert not answers.may_prepare(SPEECH), "an answer someone waits for"
    engines.generations_in_flight, engines.recognitions_in_flight = 0, 1
    assert not answers.may_prepare(SPEECH), "a recognition someone waits for"
    engines.recognitions_in_flight = 0
    engines.answers.speculative.add(CancelToken())
    assert not answers.may_prepare(SPEECH), "another session's guess"
    engines.answers.speculative.clear()
    long_speech = Audio.silence(fake_settings.realtime.preemptive_max_speech_s + 1, 16_000)
    assert not answers.may_prepare(long_speech), "very long speech"


@pytest.mark.asyncio
async def test_attempts_per_turn_are_bounded(fake_settings: Settings) -> None:
    from service.realtime.config import SessionConfig, TurnConfig
    from service.realtime.conversation import Conversation
    from service.realtime.spoken_turns import SpokenState
    from voices.stt.base import Transcript

    engines = _engines(fake_settings)
    answers = PauseAnswers(engines, fake_settings.realtime)
    config = SessionConfig(id="sess_test", model="modu", turn=TurnConfig(0.5, 300, 500))
    heard = Transcript(text=QUESTION, language="en", language_probability=0.99)

    def pause() -> None:
        answers.consider(
            "item_1",
            SPEECH,
            heard,
            config=config,
            conversation=Conversation(token_budget=1000),
            spoken=SpokenState(),
            can_save=False,
        )

    for _ in range(fake_settings.realtime.preemptive_attempts):
        pause()
        assert _held(answers) is not None
        answers.drop()  # the person went on
    pause()
    assert _held(answers) is None, "no attempts left this turn"
    _, report = answers.take("item_1", SPEECH)
    assert (report.prepared, report.dropped) == (False, 2)
    pause()
    assert _held(answers) is not None, "the next turn starts counting again"
    taken, report = answers.take("item_1", SPEECH)
    assert taken is not None and report.prepared
    assert await _all(taken) == ["Oatmeal with fruit is a good breakfast.", "Eggs are good too."]
