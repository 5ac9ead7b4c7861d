"""The turn pipeline above the engines, on fakes: text in, answer, voice out, timed."""

from __future__ import annotations

import pytest

from accessibility.language import hangul_share
from service.engines import Engines
from service.settings import Settings
from service.turn import NoSpeechError, run_turn
from voices.audio import Audio
from voices.lm.base import ChatMessage
from voices.tts.base import VoiceParams


@pytest.mark.asyncio
async def test_english_text_turn_is_answered_and_spoken(fake_settings: Settings) -> None:
    result = await run_turn(Engines(fake_settings), text="What is the capital of France?")
    assert result.language == "en"
    assert result.answer and hangul_share(result.answer) == 0
    assert result.speech, "the answer is spoken"
    assert {s.engine for s in result.speech} == {"fake"}
    spoken = " ".join(s.text for s in result.speech)
    assert spoken.split() == result.answer.split(), "every word of the answer is spoken, in order"
    t = result.timings
    assert t.first_token_s is not None and t.generation_s is not None
    assert t.first_audio_s is not None and t.synthesis_done_s is not None
    assert t.first_token_s <= t.generation_s <= t.total_s
    assert result.engines["language model"] == "fake / fake"
    assert "speech recognition" not in result.engines


@pytest.mark.asyncio
async def test_korean_text_turn_answers_in_korean(fake_settings: Settings) -> None:
    result = await run_turn(Engines(fake_settings), text="한국의 수도는 어디인가요?")
    assert result.language == "ko"
    assert hangul_share(result.answer) > 0.5
    assert all(s.voice.endswith("-ko") for s in result.speech), "a Korean voice speaks it"


@pytest.mark.asyncio
async def test_text_only_turn_skips_the_voice(fake_settings: Settings) -> None:
    result = await run_turn(Engines(fake_settings), text="Hello", speak=False)
    assert result.answer and not result.speech
    assert result.timings.first_audio_s is None
    assert result.answer_audio() is None


@pytest.mark.asyncio
async def test_voice_parameters_reach_the_voice(fake_settings: Settings) -> None:
    slow = await run_turn(Engines(fake_settings), text="Hello there", voice=VoiceParams(rate=0.5))
    normal = await run_turn(Engines(fake_settings), text="Hello there")
    slow_s = sum(s.duration_s for s in slow.speech)
    normal_s = sum(s.duration_s for s in normal.speech)
    assert slow_s == pytest.approx(2 * normal_s, rel=0.05)


@pytest.mark.asyncio
async def test_answer_audio_joins_sentences_with_pauses(fake_settings: Settings) -> None:
    result = await run_turn(Engines(fake_settings), text="Tell me two things.")
    assert len(result.speech) >= 2, "the fake answer has two sentences"
    joined = result.answer_audio(sentence_pause_ms=500)
    assert isinstance(joined, Audio)
    spoken = sum(s.duration_s for s in result.speech)
    pauses = 0.5 * (len(result.speech) - 1)
    assert joined.duration_s == pytest.approx(spoken + pauses, abs=0.01)


@pytest.mark.asyncio
async def test_history_is_passed_to_the_model(fake_settings: Settings) -> None:
    engines = Engines(fake_settings)
    history = [
        ChatMessage(role="user", content="My name is Mina."),
        ChatMessage(role="assistant", content="Hello Mina."),
    ]
    await run_turn(engines, text="What is my name?", history=history)
    from voices.lm.fake import FakeLanguageModel

    lm = engines.language_model
    assert isinstance(lm, FakeLanguageModel)
    sent = lm.calls[-1]
    assert [m.role for m in sent] == ["system", "user", "assistant", "user"]
    assert sent[1].content == "My name is Mina."


@pytest.mark.asyncio
async def test_exactly_one_input_is_required(fake_settings: Settings) -> None:
    with pytest.raises(ValueError, match="exactly one"):
        await run_turn(Engines(fake_settings))
    with pytest.raises(ValueError, match="exactly one"):
        await run_turn(Engines(fake_settings), text="a", audio=Audio.silence(1.0))


@pytest.mark.asyncio
async def test_silent_audio_is_not_answered(fake_settings: Settings) -> None:
    with pytest.raises(NoSpeechError):
        await run_turn(Engines(fake_settings), audio=Audio.silence(2.0))
