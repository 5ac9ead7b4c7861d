"""The safety layer's recognition: floors on the labelled set, look-alikes, priority, speed."""

from __future__ import annotations

import pytest

from service.answers.safety import classify
from service.answers.safety_measure import load_rows, measure, misses, predict

LABELLED = load_rows("safety_labelled.jsonl")


def rows_in(language: str) -> list[dict[str, str]]:
    return [row for row in LABELLED if row["language"] == language]


def test_the_labelled_set_is_big_and_balanced_enough() -> None:
    for language in ("ko", "en"):
        labels = [row["label"] for row in rows_in(language)]
        for category in ("emergency", "scam", "medication"):
            assert labels.count(category) >= 40
        assert labels.count("none") >= 60
    texts = [row["text"] for row in LABELLED]
    assert len(set(texts)) == len(texts)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_floors_on_the_labelled_set(language: str) -> None:
    rows = rows_in(language)
    figures = measure(rows)
    assert figures["emergency"][1] >= 0.95, misses(rows)
    assert figures["scam"][1] >= 0.90, misses(rows)
    assert figures["medication"][1] >= 0.90, misses(rows)
    for category in ("emergency", "scam", "medication"):
        assert figures[category][0] >= 0.98, misses(rows)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_benign_look_alikes_stay_silent(language: str) -> None:
    benign = [row for row in rows_in(language) if row["label"] == "none"]
    flagged = [row["text"] for row in benign if predict(row) != "none"]
    assert len(flagged) / len(benign) <= 0.02, flagged


@pytest.mark.parametrize(
    "text",
    [
        "How do I stop smoking?",
        "my phone died",
        "the fire alarm test is at 3",
        "I'm dying to see the new movie",
        "this joke kills me",
        "how do I transfer money to my own savings account",
        "what is a bank's routing number",
        "is ibuprofen a painkiller",
        "화재 대피 훈련이 몇 시예요",
        "배터리가 죽었어요",
        "심장이 두근거려요 설레서",
        "경찰서 가는 길",
        "손주한테 용돈 보내는 법",
    ],
)
def test_the_briefs_look_alikes_are_not_matched(text: str) -> None:
    assert classify(text) is None


@pytest.mark.parametrize(
    ("text", "category", "kind"),
    [
        ("숨을 못 쉬어요", "emergency", "breathing"),
        ("숨을못쉬어요", "emergency", "breathing"),
        ("숨 이 안 쉬 어 져 요", "emergency", "breathing"),
        ("할머니가 쓰러졌어요", "emergency", "unresponsive"),
        ("아빠가 의식이 없어요", "emergency", "unresponsive"),
        ("가슴이 조여요", "emergency", "cardiac"),
        ("말이 어눌해요", "emergency", "stroke"),
        ("피가 많이 나요", "emergency", "bleeding"),
        ("불이 났어요!!", "emergency", "fire"),
        ("죽고 싶어", "emergency", "suicide"),
        ("검찰이라고 전화 왔는데 돈을 보내래요", "scam", "impersonation"),
        ("금감원 직원이 안전계좌로 옮기래요", "scam", "safe_account"),
        ("엄마 나 폰 고장났어 돈 좀", "scam", "family_money"),
        ("문화상품권 사서 보내래요", "scam", "gift_card"),
        ("인증번호 알려달래요", "scam", "credentials"),
        ("원격 앱 깔라고 은행에서 그래요", "scam", "remote_app"),
        ("약을 깜빡했어요", "medication", "missed_dose"),
        ("약을 두 번 먹었어요", "medication", "double_dose"),
        ("이 약 둘이 같이 먹어도 돼요", "medication", "interaction"),
        ("MY CHEST HURTS", "emergency", "cardiac"),
        ("i cant breath", "emergency", "breathing"),
    ],
)
def test_spoken_and_misrecognised_forms_match(text: str, category: str, kind: str) -> None:
    match = classify(text)
    assert match is not None and (match.category, match.kind) == (category, kind), match
    assert match.cue


def test_priority_emergency_over_scam_over_medication() -> None:
    both = classify("the bank called asking for my PIN and now my chest hurts badly")
    assert both is not None and both.category == "emergency"
    scam_and_dose = classify(
        "the caller said he is from the bank and wants my card number for my pills"
    )
    assert scam_and_dose is not None and scam_and_dose.category == "scam"
    overdose = classify("I took a whole bottle of my pills")
    assert overdose is not None and (overdose.category, overdose.kind) == ("emergency", "poisoning")


def test_mixed_language_turns_and_the_hint_do_not_hide_a_match() -> None:
    mixed = classify("my mom 쓰러졌어요 help")
    assert mixed is not None and mixed.category == "emergency"
    hinted = classify("I can't breathe", language="ko")
    assert hinted is not None and hinted.kind == "breathing"


def test_the_held_out_set_has_ten_rows_per_label_and_language() -> None:
    rows = load_rows("safety_heldout.jsonl")
    for language in ("ko", "en"):
        labels = [row["label"] for row in rows if row["language"] == language]
        for label in ("emergency", "scam", "medication", "none"):
            assert labels.count(label) == 10
    labelled = {row["text"] for row in LABELLED}
    assert not labelled & {row["text"] for row in rows}
