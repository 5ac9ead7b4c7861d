"""The safety layer on wordings its first rules were not written for: the concept rules.

Floors on data/safety_generalise.jsonl (new wordings, written for the concept rules) and on
the team's dev set (service/answers/eval/dev.jsonl). The held-out sets are not read here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.answers.safety import classify
from service.answers.safety_measure import load_rows, measure, misses

GENERALISE = load_rows("safety_generalise.jsonl")
DEV = Path(__file__).resolve().parents[2] / "service" / "answers" / "eval" / "dev.jsonl"
SAFETY = ("emergency", "scam", "medication")


def test_the_generalise_set_is_big_enough() -> None:
    for language in ("en", "ko"):
        labels = [row["label"] for row in GENERALISE if row["language"] == language]
        for category in SAFETY:
            assert labels.count(category) >= 30
        assert labels.count("none") >= 30


@pytest.mark.parametrize("language", ["en", "ko"])
def test_floors_on_the_generalise_set(language: str) -> None:
    rows = [row for row in GENERALISE if row["language"] == language]
    figures = measure(rows)
    for category in SAFETY:
        assert figures[category][1] >= 0.95, misses(rows)
        assert figures[category][0] >= 0.97, misses(rows)
    assert figures["none"][1] >= 0.97, misses(rows)


def test_violence_and_suicide_get_their_own_numbers() -> None:
    for row in GENERALISE:
        if row.get("kind") in ("violence", "suicide"):
            match = classify(row["text"])
            assert match is not None and match.kind == row["kind"], (row["text"], match)


def test_the_dev_set_is_caught_and_its_other_rows_stay_silent() -> None:
    rows = [json.loads(line) for line in DEV.read_text("utf-8").splitlines() if line.strip()]
    caught = {category: 0 for category in SAFETY}
    for row in rows:
        match = classify(row["question"], row["language"])
        if row["category"] in SAFETY:
            caught[row["category"]] += match is not None and match.category == row["category"]
        else:
            assert match is None, (row["question"], match)
    for category in SAFETY:
        total = sum(1 for row in rows if row["category"] == category)
        assert caught[category] / total >= 0.95, category


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("my sister says she wants to die and she has her husbands gun", "suicide"),
        ("a man is following me and grabbing my arm near the station", "violence"),
        ("누가 우리 집 현관문을 억지로 열려고 해요", "violence"),
        ("the man next door keeps punching his son in the yard", "violence"),
        ("dad fell in the bathroom hit his head now hes confused and throwing up", "fall"),
        ("우리 애가 미끄럼틀에서 떨어져서 머리에서 피가 나요", "fall"),
        ("my thumb is still bleeding after half an hour of pressure it won't stop", "bleeding"),
    ],
)
def test_emergency_concepts(text: str, kind: str) -> None:
    match = classify(text)
    assert match is not None and (match.category, match.kind) == ("emergency", kind), match


@pytest.mark.parametrize(
    "text",
    [
        "my phone died",
        "this traffic is killing me",
        "fire alarm test at 3",
        "웃겨 죽겠어요",
        "배터리가 죽었어요",
        "I sent money to my daughter on purpose for her birthday",
        "how do I pay my bill online",
        "what is Medicare part D",
        "심장 건강에 좋은 음식",
        "breathing exercises",
        "knife sharpening",
        "what is metformin used for",
        "타이레놀은 무슨 약이에요",
        "my wife is beating me at chess again",
        "she hit her head on the cupboard but she is fine now",
        "the stock price fell and i'm confused",
        "i cut the bread with a knife",
        "드라마에서 남편이 아내를 때려서 화가 났어요",
        "작년에 넘어져서 머리를 다치셨는데 지금은 괜찮아요",
        "은행에서 서류를 보내래요",
        "유서 깊은 절에 가 보고 싶어요",
        "my landlord threatened me with eviction",
    ],
)
def test_look_alikes_stay_silent(text: str) -> None:
    assert classify(text) is None


def test_the_home_concepts_get_their_own_kinds() -> None:
    # Rounds 3 and 4: low blood sugar, gas, swallowed things, Korean stroke wordings, a door
    # forced (round 4 was written after round 3's tuning and measured once before its fixes).
    rows = [row for row in GENERALISE if str(row.get("round")) in ("3", "4")]
    assert sum(1 for row in rows if row["label"] == "emergency") >= 150
    for row in rows:
        match = classify(row["text"])
        if row["label"] == "none":
            assert match is None, (row["text"], match)
            continue
        assert match is not None and match.category == "emergency", (row["text"], match)
        # Low blood sugar may be named by the stroke or collapse wordings first: still 119.
        if row["kind"] != "low_sugar":
            assert match.kind == row["kind"], (row["text"], match)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("당뇨약 먹고 나서 아버지가 헛소리를 하세요", "low_sugar"),
        ("엄마가 인슐린 맞고 식사를 못 하셨는데 식은땀을 흘리며 떨고 계세요", "low_sugar"),
        ("연탄을 피웠는데 할머니가 깨워도 안 일어나세요", "fire"),
        ("we used a charcoal grill in the garage and dad won't wake up", "fire"),
        ("my toddler got into the pill box and i don't know how many he ate", "poisoning"),
        ("아빠 입꼬리가 처지고 침을 흘려요", "stroke"),
        ("모르는 사람이 우리 집 도어락을 계속 눌러요 혼자 있어요", "violence"),
    ],
)
def test_home_concepts_beat_the_medication_and_wording_rules(text: str, kind: str) -> None:
    match = classify(text)
    assert match is not None and (match.category, match.kind) == ("emergency", kind), match


@pytest.mark.parametrize(
    "text",
    [
        "보일러 온도 몇 도가 좋아요",
        "도어락 비밀번호 바꾸는 법",
        "what if my child swallows gum",
        "that was a stroke of luck",
        "a co detector keeps chirping",
        "our carbon monoxide detector keeps chirping",
        "일산화탄소 경보기가 자꾸 삐삐 울려요",
        "what foods should a person with diabetes avoid",
        "당뇨약 먹고 나서 손이 떨려요",
        "I accidentally took my heart pills twice today",
        "my son took his vitamins this morning",
    ],
)
def test_home_look_alikes_stay_out_of_emergency(text: str) -> None:
    match = classify(text)
    assert match is None or match.category != "emergency", match
