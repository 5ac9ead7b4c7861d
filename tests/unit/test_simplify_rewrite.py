"""The rewrite loop on a fake model: fact-dropping rewrites are rejected, retries are bounded,
feedback reaches the model, and the rules finish the job."""

from __future__ import annotations

import pytest

from accessibility.simplify.output import clean_model_output
from accessibility.simplify.rewrite import simplify, simplify_rules_only
from accessibility.simplify.settings import SimplifySettings
from voices.lm.fake import FakeLanguageModel

SOURCE_EN = (
    "Claimants who are unable to manage until the first payment may request an advance of up "
    "to £750, which must subsequently be repaid in instalments over a period of 24 months. "
    "Applications can be made by telephoning the helpline on 0800 328 5644."
)
DROPS_A_FACT = "You can ask for money early. You pay it back over 24 months. Call the helpline."
GOOD_EN = (
    "Can you not wait for your first payment? You can ask for an advance. It can be up to £750. "
    "You pay it back over 24 months. Call the helpline on 0800 328 5644."
)

SOURCE_KO = (
    "환급 대상자에게는 8월 말까지 안내문이 발송될 예정이며, 별도 신청 없이 환급금이 계좌로 "
    "지급됩니다. "
    "문의는 국민건강보험공단 고객센터(1577-1000)로 하시기 바랍니다."
)


@pytest.mark.asyncio
async def test_a_rewrite_that_drops_a_fact_is_rejected_and_the_retry_is_used() -> None:
    # The fake answers the first phrase it finds. The whole-passage request gets a rewrite that
    # drops facts; the retry goes sentence by sentence and gets good sentences.
    lm = FakeLanguageModel(
        replies={
            "Rewrite this notice": DROPS_A_FACT,
            "Claimants who are unable": "Can you not wait? You can ask for up to £750 early.",
            "repaid": "You pay it back over 24 months.",
            "telephoning": "Call the helpline on 0800 328 5644.",
        }
    )
    result = await simplify(SOURCE_EN, "en", "easy-read", lm, SimplifySettings())
    assert [a.accepted for a in result.attempts] == [False, True]
    assert result.attempts[0].reason.startswith("lost facts")
    assert {f.text for f in result.attempts[0].missing_facts} == {"£750", "0800 328 5644"}
    assert len(lm.calls) == 1 + 3  # the passage, then its three sentences one by one
    assert result.text == (
        "Can you not wait? You can ask for up to £750 early. You pay it back over 24 months. "
        "Call the helpline on 0800 328 5644."
    )
    assert result.facts_missing == []
    assert result.met_target
    assert result.steps[0] == "model-rewrite"
    assert result.after.fk_grade is not None and result.before.fk_grade is not None
    assert result.after.fk_grade < result.before.fk_grade


def test_a_passage_retry_names_the_lost_facts_and_the_missed_target() -> None:
    from accessibility.simplify.facts import extract_facts
    from accessibility.simplify.metrics import TargetMiss
    from accessibility.simplify.prompts import build_rewrite_messages
    from accessibility.simplify.targets import targets_for

    facts = extract_facts(SOURCE_EN, "en")
    messages = build_rewrite_messages(
        SOURCE_EN,
        facts,
        targets_for(SimplifySettings(), "en", "easy-read"),
        misses=[TargetMiss(measure="fk_grade", value=9.5, limit=6.0)],
        missing_facts=[f for f in facts if f.text == "£750"],
    )
    request = messages[-1].content
    assert "grade 9.5" in request and "put them back exactly: £750" in request
    assert "Keep exactly: £750; 24; 0800 328 5644" in request


@pytest.mark.asyncio
async def test_retries_are_bounded_and_the_source_survives_when_every_rewrite_loses_facts() -> None:
    lm = FakeLanguageModel(default="You can ask for money early. Call the helpline.")
    settings = SimplifySettings(max_rewrites=2)
    result = await simplify(SOURCE_EN, "en", "easy-read", lm, settings)
    assert len(result.attempts) == 3
    assert len(lm.calls) <= 1 + 2 * 3  # one passage request, then at most 3 sentences a pass
    assert not result.attempts[0].accepted
    assert all("rewritten 0" in a.reason for a in result.attempts[1:])
    assert "model-rewrite" not in result.steps
    assert result.facts_missing == []
    assert "£750" in result.text and "0800 328 5644" in result.text


@pytest.mark.asyncio
async def test_korean_is_rewritten_sentence_by_sentence_and_a_bad_sentence_is_kept() -> None:
    lm = FakeLanguageModel(
        replies={
            "안내문이": "8월 말까지 안내문이 와요.",
            "계좌로": "따로 신청하지 않아도 돼요. 돈은 통장으로 들어와요.",
            # Drops the phone number and the name: this sentence must stay as it was.
            "문의는": "궁금하면 고객센터에 전화하세요.",
        }
    )
    result = await simplify(SOURCE_KO, "ko", "easy-read", lm, SimplifySettings())
    assert len(lm.calls) == 3  # one request per sentence, and no retry: the target is met
    assert all(call[-1].content.count(".") <= 1 for call in lm.calls)
    assert result.met_target
    assert result.facts_missing == []
    assert "8월 말까지 안내문이 와요." in result.text
    assert "돈은 통장으로 들어와요." in result.text
    assert "국민건강보험공단 고객센터(1577-1000)" in result.text
    assert "rewritten 2, kept 1" in result.attempts[0].reason
    assert result.after.words_per_sentence < result.before.words_per_sentence


@pytest.mark.asyncio
async def test_an_answer_in_the_wrong_language_is_rejected() -> None:
    korean_reply = FakeLanguageModel(default="편지가 와요.")
    result = await simplify(
        SOURCE_EN, "en", "plain", korean_reply, SimplifySettings(max_rewrites=1)
    )
    assert result.attempts[0].reason == "wrong language"
    # Sentence by sentence, every Korean answer is refused and the English sentence stays.
    assert "rewritten 0" in result.attempts[1].reason
    assert "£750" in result.text


def test_rules_only_needs_no_model_and_keeps_facts() -> None:
    result = simplify_rules_only(SOURCE_KO, "ko", "easy-read")
    assert result.attempts == [] and result.model is None
    assert result.facts_missing == []
    assert result.after.words_per_sentence < result.before.words_per_sentence
    assert "rules:split-sentences" in result.steps
    assert "하세요" in result.text  # 하시기 바랍니다 → 하세요


def test_model_output_is_cleaned_of_preambles_bullets_and_markdown() -> None:
    raw = "Here is the easy-read version:\n- **You can** ask for help.\n2. Call 111\n"
    assert clean_model_output(raw) == "You can ask for help. Call 111."


@pytest.mark.asyncio
async def test_a_text_already_at_its_level_is_not_rewritten() -> None:
    lm = FakeLanguageModel(default="This reply must not be used.")
    text = "You can get help at any time. Call 111 if you are ill."
    result = await simplify(text, "en", "easy-read", lm, SimplifySettings())
    assert lm.calls == []
    assert result.attempts == []
    assert result.met_target
    assert result.text == text


@pytest.mark.asyncio
async def test_a_korean_sentence_rewritten_in_the_first_person_is_kept_as_it_was() -> None:
    source = (
        "단독가구는 직전 연도 총소득이 2,200만 원 미만이어야 하며, 신청은 국세청 홈택스를 "
        "통해 5월 1일부터 6월 2일까지 하실 수 있습니다."
    )
    lm = FakeLanguageModel(default="저는 2,200만 원보다 적게 벌어요. 5월 1일부터 신청해요.")
    result = await simplify(source, "ko", "easy-read", lm, SimplifySettings(max_rewrites=0))
    assert "저는" not in result.text
    assert "단독가구" in result.text
    assert "rewritten 0, kept 2" in result.attempts[0].reason
