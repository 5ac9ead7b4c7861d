"""The shape rules: swallowed-too-much, medicines around procedures and food, scams by shape,
questions about stories, and live/local questions by shape (trips, vehicles now, disruptions,
whether a kind of place exists somewhere). Each with look-alikes that must stay answerable."""

from __future__ import annotations

import pytest

from service.answers.live_local import needs_live_data
from service.answers.safety import classify

SAFETY_CASES = [
    ("my granddaughter got into my pill box and I can't tell how many she took", "emergency"),
    ("he ate some of my sleeping pills and now he is really drowsy", "emergency"),
    ("손자가 약통을 열어서 몇 알 먹었는지 모르겠어요", "emergency"),
    ("아이가 락스를 마셨는데 토해요", "emergency"),
    ("do I stop my blood thinner before my tooth extraction", "medication"),
    ("다음 주에 수술하는데 아스피린 끊어야 해요", "medication"),
    ("와파린 드시는 분은 녹색 채소 드시면 안 된다는데 맞아요", "medication"),
    ("I'm taking warfarin, should I avoid eating kale", "medication"),
    ("어머니가 혈압약 드시고 나서 반 알 더 드려도 되나요", "medication"),
    ("로수바스타틴 먹고 나서 근육통이 생겼어요", "medication"),
    ("a text says my parcel is held at customs and to click the link to pay", "scam"),
    ("과태료 미납이라고 문자가 왔는데 링크를 눌러서 내래요", "scam"),
    ("a warning on my laptop says it is infected and to call this number", "scam"),
    ("노트북 화면에 해킹당했다고 뜨고 이 번호로 전화하래요", "scam"),
    ("someone online will pay me if I rent them my bank account for a week", "scam"),
    ("체크카드 빌려주면 한 달에 50만원 준대요", "scam"),
    ("a man came by the house saying my chimney is broken and wants cash up front", "scam"),
    ("모르는 사람이 집에 찾아와서 지붕 고쳐준다고 선금 달래요", "scam"),
]
ANSWERABLE = [
    "I don't know how many steps my grandson took today",
    "what happens if a child swallows a coin",
    "what is the name of that movie where the mom has a stroke at a wedding",
    "엄마가 심장마비로 쓰러지는 그 영화 제목이 뭐예요",
    "how do I call the court about my jury date",
    "my plumber wants a deposit first, is that normal",
    "문자로 온 택배 도착 알림 어떻게 끄나요",
    "can I lend my friend money",
    "로사르탄이 무슨 약이에요",
    "Which foods have vitamin K?",
    "my mom is having a birthday party, what cake should I buy",
    "what should I do if someone has a seizure",
    "경련할 때 어떻게 해야 돼요",
    "how do I set up remote desktop for my mom",
    "I never met my grandfather, can you tell me about the war",
]


@pytest.mark.parametrize(("question", "category"), SAFETY_CASES)
def test_the_shape_is_recognised(question: str, category: str) -> None:
    found = classify(question)
    assert found is not None and found.category == category, (question, found)


@pytest.mark.parametrize("question", ANSWERABLE)
def test_look_alikes_stay_answerable(question: str) -> None:
    assert classify(question) is None


def test_an_emergency_happening_while_watching_a_film_is_still_one() -> None:
    found = classify("엄마가 드라마 보다가 갑자기 쓰러졌어요")
    assert found is not None and found.category == "emergency"


LIVE_CASES = [
    ("강남역에서 잠실까지 지하철로 얼마나 걸려요", "transit"),
    ("how do I get from the airport to downtown by train", "transit"),
    ("what bus number goes from city hall to the hospital", "transit"),
    ("740번 버스 지금 어디쯤이에요", "transit"),
    ("the 5 bus is not coming, I have been waiting forever", "transit"),
    ("오늘 시청 앞에 집회 있어서 버스 우회해요", "transit"),
    ("are the roads icy after the snowstorm this morning", "transit"),
    ("도로가 얼어서 미끄러운지 알고 싶어요", "transit"),
    ("마포구에 토요일에 여는 내과 있나요", "nearby"),
    ("is there a pharmacy that takes medicaid near jamaica queens", "nearby"),
    ("우리 동네에 노인 무료 급식소 있나요", "nearby"),
    (
        "what time does the cvs pharmacy on the corner of main street in queens close today",
        "opening_hours",
    ),
]
NOT_LIVE = [
    "how does the subway work",
    "병원에 가면 무슨 검사를 해요",
    "from time to time my knee hurts",
    "which number is bigger, 7 or 9",
    "any tips for riding the bus with a wheelchair",
    "시위가 뭐예요",
    "I want to go from beginner to expert in English",
    "학교에서 집까지 걸어가면 운동이 될까요",
]


@pytest.mark.parametrize(("question", "kind"), LIVE_CASES)
def test_live_shapes_get_a_referral(question: str, kind: str) -> None:
    found = needs_live_data(question)
    assert found is not None and found.kind == kind, (question, found)


@pytest.mark.parametrize("question", NOT_LIVE)
def test_general_questions_are_not_live(question: str) -> None:
    assert needs_live_data(question) is None


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("i forgot my blood pressure pill this morning can i take two tonight", "missed_dose"),
        ("I missed my pill yesterday, should I double up today?", "missed_dose"),
        ("혈압약을 아침에 깜빡하고 안 먹었는데 저녁에 두 개 먹어도 되나요", "missed_dose"),
        ("i accidentally took my pill twice this morning", "double_dose"),
        ("I took my metformin twice today", "double_dose"),
        ("어제 약을 빼먹어서 오늘 두 알 먹었어요", "double_dose"),
        ("can i take another tylenol", "dose_change"),
    ],
)
def test_doubling_up_before_and_after(question: str, kind: str) -> None:
    """Asking to double up after a miss has taken nothing extra yet: the missed-dose answer.
    Having taken it twice is the double-dose answer (in the US: Poison Control now)."""
    found = classify(question)
    assert found is not None and found.kind == kind, (question, found)
