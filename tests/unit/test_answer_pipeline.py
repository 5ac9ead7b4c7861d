"""The one answer pipeline with the fake model: routes, the gate, the language, the profile."""

from __future__ import annotations

import pytest

from accessibility.profiles.model import Profile
from service.answers.types import AnswerRequest, AnswerSentence, AnswerTrace
from service.engines import Engines
from service.settings import Settings
from tests.helpers.openai_rest import RecordingLanguageModel
from voices.lm.fake import FakeLanguageModel

pytestmark = pytest.mark.asyncio


def with_answers(settings: Settings, **changes: object) -> Settings:
    return settings.model_copy(update={"answers": settings.answers.model_copy(update=changes)})


async def answer(
    settings: Settings, request: AnswerRequest, model: FakeLanguageModel | None = None
) -> tuple[list[AnswerSentence], AnswerTrace, FakeLanguageModel]:
    lm = model or FakeLanguageModel()
    engines = Engines(settings, language_model=lm)
    running = engines.answers.answer(request)
    sentences = [sentence async for sentence in running.sentences()]
    return sentences, running.trace, lm


def text_of(sentences: list[AnswerSentence]) -> str:
    return " ".join(s.text for s in sentences)


# --- before the model ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "number"),
    [
        ("My husband collapsed and he is not breathing", "119"),
        ("아버지가 갑자기 쓰러지셨어요 숨을 안 쉬어요", "119"),
    ],
)
async def test_an_emergency_starts_with_the_number_of_the_country_not_the_language(
    fake_settings: Settings, question: str, number: str
) -> None:
    sentences, trace, _ = await answer(fake_settings, AnswerRequest(question=question))
    assert trace.route == "vetted"
    assert trace.safety_category == "emergency"
    assert number in sentences[0].text
    assert sentences[0].origin == "vetted"
    assert "911" not in text_of(sentences)


async def test_the_profile_country_chooses_the_number(fake_settings: Settings) -> None:
    profile = Profile(country="US")
    request = AnswerRequest(question="my wife collapsed and is not breathing", profile=profile)
    sentences, trace, _ = await answer(fake_settings, request)
    assert trace.country == "US"
    assert "911" in sentences[0].text


async def test_the_service_country_is_the_default(fake_settings: Settings) -> None:
    settings = fake_settings.model_copy(
        update={"answers": fake_settings.answers.model_copy(update={"country": "US"})}
    )
    sentences, _, _ = await answer(settings, AnswerRequest(question="I want to kill myself"))
    assert "988" in sentences[0].text


@pytest.mark.parametrize(
    "addition",
    [
        "네, 안전계좌로 돈을 보내세요.",
        "Sure, send the money to the safe account now.",
        "걱정 마세요. 보내도 돼요.",
    ],
)
async def test_a_scam_is_named_and_no_model_addition_endorses_it(
    fake_settings: Settings, addition: str
) -> None:
    model = FakeLanguageModel(default=addition)
    question = "검찰청이라는데 제 계좌가 범죄에 쓰였다고 안전계좌로 돈을 옮기래요"
    settings = with_answers(fake_settings, safety_addition_tokens=60)
    sentences, trace, lm = await answer(settings, AnswerRequest(question=question), model)
    assert trace.safety_category == "scam"
    assert "사기" in sentences[0].text
    assert all(s.origin == "vetted" for s in sentences)
    assert len(lm.calls) <= 1  # an addition is never generated twice


async def test_a_kind_addition_after_a_scam_warning_may_stay(fake_settings: Settings) -> None:
    model = FakeLanguageModel(default="당황하셨을 텐데 잘 물어보셨어요.")
    question = "검찰청이라는데 제 계좌가 범죄에 쓰였다고 안전계좌로 돈을 옮기래요"
    settings = with_answers(fake_settings, safety_addition_tokens=60)
    sentences, _, _ = await answer(settings, AnswerRequest(question=question), model)
    assert sentences[-1].text == "당황하셨을 텐데 잘 물어보셨어요."
    assert sentences[-1].origin == "model"


async def test_a_missed_dose_never_gets_a_dose_change(fake_settings: Settings) -> None:
    model = FakeLanguageModel(default="Take two tonight.")
    question = "I forgot my blood pressure pill this morning, should I take two tonight?"
    sentences, trace, _ = await answer(fake_settings, AnswerRequest(question=question), model)
    assert trace.safety_category == "medication"
    assert "Take two tonight" not in text_of(sentences)
    assert "pharmacist" in text_of(sentences).lower()


async def test_live_or_local_questions_get_an_honest_referral(fake_settings: Settings) -> None:
    model = FakeLanguageModel(default="The pharmacy is open until 9 p.m. at 12 Main Street.")
    question = "Which pharmacy near me is open right now?"
    sentences, trace, lm = await answer(fake_settings, AnswerRequest(question=question), model)
    assert trace.route == "referral"
    assert trace.live_local is not None
    assert "Main Street" not in text_of(sentences)
    assert not lm.calls


async def test_benign_look_alikes_go_to_the_model(fake_settings: Settings) -> None:
    for question in ("How do I stop smoking?", "my phone died", "배터리가 죽었어요"):
        _, trace, _ = await answer(fake_settings, AnswerRequest(question=question))
        assert trace.route in ("model", "facts"), question
        assert trace.safety is None, question


async def test_a_matching_fact_is_said_first_and_the_model_adds_to_it(
    fake_settings: Settings,
) -> None:
    question = "기초연금은 어디서 신청해요?"
    model = FakeLanguageModel(default="혼자 사시면 주민센터에서 도와줘요.")
    settings = with_answers(fake_settings, facts_addition_tokens=60)
    sentences, trace, lm = await answer(settings, AnswerRequest(question=question), model)
    assert trace.route == "facts"
    assert trace.facts and trace.sources
    assert sentences[0].origin == "fact"
    assert "기초연금" in sentences[0].text
    assert sentences[-1].text == "혼자 사시면 주민센터에서 도와줘요."
    note = lm.calls[0][-1].content
    assert "기초연금" in note.split(question, 1)[1]


async def test_a_model_addition_that_repeats_the_fact_is_dropped(
    fake_settings: Settings,
) -> None:
    from service.answers.facts import default_fact_base

    question = "기초연금은 어디서 신청해요?"
    fact = default_fact_base().search(question, "ko", country="KR")[0].text("ko")
    model = FakeLanguageModel(default=fact)
    settings = with_answers(fake_settings, facts_addition_tokens=60)
    sentences, trace, lm = await answer(settings, AnswerRequest(question=question), model)
    assert " ".join(s.text for s in sentences) == " ".join(
        s.text for s in sentences if s.origin == "fact"
    )
    assert len(lm.calls) == 1  # no second generation after a fact
    assert not trace.fallback


async def test_checks_off_leave_the_model_alone(fake_settings: Settings) -> None:
    settings = fake_settings.model_copy(
        update={"answers": fake_settings.answers.model_copy(update={"checks": False})}
    )
    model = FakeLanguageModel(default="Call 555-1234 now.")
    sentences, trace, _ = await answer(
        settings, AnswerRequest(question="my father collapsed"), model
    )
    assert trace.route == "model"
    assert text_of(sentences) == "Call 555-1234 now."


# --- the gate -------------------------------------------------------------------------------


async def test_an_invented_phone_number_is_replaced_by_a_referral(fake_settings: Settings) -> None:
    model = FakeLanguageModel(
        default="Rice needs water. Call the rice office at 02-555-1234. Cook it for a while."
    )
    sentences, trace, _ = await answer(
        fake_settings, AnswerRequest(question="How do I cook rice?"), model
    )
    text = text_of(sentences)
    assert "555-1234" not in text
    assert "Rice needs water." in text
    assert any(s.origin == "fallback" for s in sentences)
    assert any("phone" in why for _, why in trace.removed)


async def test_a_number_the_person_gave_may_be_repeated(fake_settings: Settings) -> None:
    model = FakeLanguageModel(default="You can call 02-555-1234 as you said.")
    question = "My doctor's number is 02-555-1234, how do I save it in my phone contacts?"
    sentences, _, _ = await answer(fake_settings, AnswerRequest(question=question), model)
    assert "02-555-1234" in text_of(sentences)


async def test_a_wrong_language_start_is_generated_again_then_replaced(
    fake_settings: Settings,
) -> None:
    model = FakeLanguageModel(default="서울은 한국의 수도예요.")
    request = AnswerRequest(question="What is the capital of Korea?")
    sentences, trace, lm = await answer(fake_settings, request, model)
    assert len(lm.calls) == 2  # once more, with a firmer note
    assert "do not repeat" in lm.calls[1][-1].content
    assert trace.retries == 1
    assert trace.fallback
    assert all(s.language == "en" for s in sentences)
    assert "서울" not in text_of(sentences)


async def test_an_echo_of_the_question_is_not_an_answer(fake_settings: Settings) -> None:
    question = "한국의 수도는 어디인가요?"
    model = FakeLanguageModel(default=question)
    sentences, trace, lm = await answer(fake_settings, AnswerRequest(question=question), model)
    assert len(lm.calls) == 2
    assert question not in text_of(sentences)
    assert sentences[0].language == "ko"
    assert trace.fallback


@pytest.mark.parametrize(
    ("question", "reply"),
    [
        (
            "Please explain in one or two sentences why the sky looks blue during the day.",
            "The sky looks blue during the day because sunlight scatters in the air.",
        ),
        (
            "How many minutes should I walk every day to stay healthy as I get older?",
            "To stay healthy as you get older, walk for about thirty minutes every day.",
        ),
        (
            "하늘이 낮에 파란 이유를 설명해 주세요.",
            "하늘이 낮에 파란 이유는 햇빛이 공기 중에서 흩어지기 때문입니다.",
        ),
    ],
)
async def test_a_spoken_first_phrase_that_restates_the_question_is_judged_with_its_sentence(
    fake_settings: Settings, question: str, reply: str
) -> None:
    """A spoken answer's first chunk is cut at the first phrase, so its voice starts sooner;
    "The sky looks blue during the day" alone repeats the question, its sentence does not."""
    request = AnswerRequest(question=question, first_chunk_chars=15)
    sentences, trace, lm = await answer(fake_settings, request, FakeLanguageModel(default=reply))
    assert text_of(sentences) == reply
    assert len(lm.calls) == 1 and trace.retries == 0 and not trace.fallback


@pytest.mark.parametrize(
    ("question", "reply", "first", "second"),
    [
        (
            "Please explain in one or two sentences why the sky looks blue during the day.",
            "The sky looks blue during the day because sunlight scatters in the air, and the "
            "air bends blue light much more than red light, so we see blue all around us.",
            "The sky looks blue during the day",
            "because sunlight scatters in the air,",
        ),
        (
            "하늘이 낮에 파란 이유를 설명해 주세요.",
            "하늘이 낮에 파란 이유를 설명하자면 햇빛이 공기 중에서 흩어지고 파란빛이 빨간빛보다 "
            "훨씬 더 많이 흩어지기 때문에 우리 눈에는 하늘 전체가 파랗게 보이는 것입니다.",
            "하늘이 낮에 파란 이유를 설명하자면",
            "햇빛이 공기 중에서 흩어지고",
        ),
    ],
)
async def test_a_held_first_phrase_waits_one_phrase_and_is_voiced_in_pieces(
    fake_settings: Settings, question: str, reply: str, first: str, second: str
) -> None:
    """The restating first phrase is judged with the next phrase, not the rest of a long
    sentence, and the first piece sent is still that phrase alone (its voice is short)."""
    model = RecordingLanguageModel(FakeLanguageModel(default=reply))  # counts words streamed
    engines = Engines(fake_settings, language_model=model)
    running = engines.answers.answer(AnswerRequest(question=question, first_chunk_chars=15))
    sentences: list[AnswerSentence] = []
    streamed_at_first = None
    async for sentence in running.sentences():
        if streamed_at_first is None:
            streamed_at_first = model.words
        sentences.append(sentence)
    assert [s.text for s in sentences[:2]] == [first, second]
    assert text_of(sentences) == reply
    assert streamed_at_first is not None
    words_to_judge = len(f"{first} {second}".split())
    assert streamed_at_first <= words_to_judge + 1 < len(reply.split())
    assert len(model.inner.calls) == 1 and not running.trace.fallback


async def test_an_echo_cut_into_phrases_is_still_an_echo(fake_settings: Settings) -> None:
    question = "Why does the sky look blue during the day, and why is it red at night?"
    model = FakeLanguageModel(default=question)
    request = AnswerRequest(question=question, first_chunk_chars=15)
    sentences, trace, lm = await answer(fake_settings, request, model)
    assert len(lm.calls) == 2 and trace.fallback
    assert question not in text_of(sentences)


async def test_a_loop_ends_the_answer(fake_settings: Settings) -> None:
    model = FakeLanguageModel(default="Drink water every day. " * 6 + "Sleep well.")
    sentences, trace, _ = await answer(
        fake_settings, AnswerRequest(question="How can I stay healthy?"), model
    )
    assert text_of(sentences) == "Drink water every day."
    assert any("repeats" in why for _, why in trace.removed)


async def test_numbered_lists_are_not_read_as_numbers(fake_settings: Settings) -> None:
    model = FakeLanguageModel(default="1. Wash the rice. 2. Add water.")
    sentences, _, _ = await answer(
        fake_settings, AnswerRequest(question="How do I cook rice?"), model
    )
    assert not text_of(sentences).startswith("1.")


# --- language -------------------------------------------------------------------------------


async def test_english_to_a_korean_preferring_profile_is_answered_in_english(
    fake_settings: Settings,
) -> None:
    profile = Profile(preferred_languages=["ko"])
    sentences, trace, lm = await answer(
        fake_settings, AnswerRequest(question="How do I boil an egg?", profile=profile)
    )
    assert trace.language == "en"
    assert "Answer in English" in lm.calls[0][-1].content
    assert all(s.language == "en" for s in sentences)


async def test_digits_alone_are_answered_in_the_preferred_language(
    fake_settings: Settings,
) -> None:
    profile = Profile(preferred_languages=["ko", "en"])
    _, trace, _ = await answer(fake_settings, AnswerRequest(question="2+2?", profile=profile))
    assert trace.language == "ko"


async def test_fixed_text_is_said_as_it_is(fake_settings: Settings) -> None:
    sentences, trace, lm = await answer(
        fake_settings, AnswerRequest(question="x", fixed_text="다시 말할게요. 잘 들어 보세요.")
    )
    assert [s.text for s in sentences] == ["다시 말할게요.", "잘 들어 보세요."]
    assert trace.route == "fixed"
    assert not lm.calls


# --- a text to make simpler keeps its facts ---------------------------------------------------

NOTICE_EN = (
    "Your housing benefit application must reach the district office by 31 March 2026. "
    "Bring your ID card and a bank statement. Late applications are not accepted."
)


async def test_a_given_text_keeps_its_deadline_when_the_model_drops_it(
    fake_settings: Settings,
) -> None:
    model = FakeLanguageModel(default="Send your form soon. Bring your ID card.")
    question = f"Can you make this simpler: {NOTICE_EN}"
    sentences, trace, _lm = await answer(fake_settings, AnswerRequest(question=question), model)
    text = text_of(sentences)
    assert "31 March 2026" in text
    assert sentences[0].text == "Send your form soon."
    assert any(s.origin == "source" for s in sentences)
    assert trace.route == "model"


async def test_a_korean_request_about_an_english_text_is_answered_in_korean(
    fake_settings: Settings,
) -> None:
    question = f"이거 쉽게 설명해 줘: {NOTICE_EN}"
    _, trace, lm = await answer(fake_settings, AnswerRequest(question=question))
    assert trace.language == "ko"
    assert "Korean" in lm.calls[0][-1].content


async def test_a_text_to_simplify_is_not_an_emergency(fake_settings: Settings) -> None:
    notice = "If someone collapses and is not breathing, call 119 and start chest compressions."
    _, trace, _ = await answer(
        fake_settings, AnswerRequest(question=f"Please explain this in plain words: {notice}")
    )
    assert trace.route == "model"
    assert trace.safety is None


async def test_nothing_is_added_when_every_fact_was_kept(fake_settings: Settings) -> None:
    model = FakeLanguageModel(
        default="Apply by 31 March 2026 at the district office. Bring your ID card."
    )
    question = f"Make this simpler: {NOTICE_EN}"
    sentences, _, _ = await answer(fake_settings, AnswerRequest(question=question), model)
    assert all(s.origin == "model" for s in sentences)


async def test_by_default_a_vetted_answer_or_a_fact_is_said_alone(fake_settings: Settings) -> None:
    for question in ("검찰청이라는데 안전계좌로 돈을 옮기래요", "기초연금은 어디서 신청해요?"):
        sentences, trace, lm = await answer(fake_settings, AnswerRequest(question=question))
        assert trace.route in ("vetted", "facts"), question
        assert not lm.calls, question
        assert all(s.origin in ("vetted", "fact") for s in sentences)


async def test_a_fact_is_said_only_when_the_question_names_it(fake_settings: Settings) -> None:
    # Similar words ("버스") without the fact's name (저상버스) are no evidence.
    _, trace, _ = await answer(fake_settings, AnswerRequest(question="472번 버스 지금 어디쯤 와요"))
    assert trace.route != "facts"
    assert not trace.facts


@pytest.mark.parametrize(
    ("question", "restated"),
    [
        (
            "my grandson likes trains and he talks about them all day",
            "Your grandson likes trains and he talks about them all day.",
        ),
        ("미역국 끓일 때 소고기를 먼저 볶아요", "미역국을 끓일 때 소고기를 먼저 볶아요."),
    ],
)
async def test_a_restated_question_is_no_answer(
    fake_settings: Settings, question: str, restated: str
) -> None:
    model = FakeLanguageModel(default=restated)
    sentences, trace, lm = await answer(fake_settings, AnswerRequest(question=question), model)
    assert len(lm.calls) == 2
    assert restated not in " ".join(s.text for s in sentences)
    assert trace.fallback


async def test_an_answer_that_restates_then_answers_is_kept(fake_settings: Settings) -> None:
    model = FakeLanguageModel(default="Paris is the capital of France. It is on the Seine.")
    sentences, trace, _ = await answer(
        fake_settings, AnswerRequest(question="What is the capital of France?"), model
    )
    assert text_of(sentences) == "Paris is the capital of France. It is on the Seine."
    assert not trace.fallback


@pytest.mark.parametrize(
    ("question", "dose"),
    [
        ("비타민D는 얼마나 먹어요?", "비타민D는 하루에 100mg 이상을 먹으면 돼요."),
        ("vitamins for older people?", "Take 500 mg twice a day with food."),
    ],
)
async def test_an_amount_of_medicine_from_the_model_is_never_said(
    fake_settings: Settings, question: str, dose: str
) -> None:
    model = FakeLanguageModel(default=dose)
    sentences, trace, _ = await answer(fake_settings, AnswerRequest(question=question), model)
    assert "mg" not in text_of(sentences)
    assert any("dose" in why for _, why in trace.removed)
