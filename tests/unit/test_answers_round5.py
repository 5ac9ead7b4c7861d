"""Round 5: new wordings (older, disabled and migrant speakers, typed or misrecognised) written
after the shape rules and measured once before any change: emergencies 18/20, scams 16/20,
live/local 18/20, look-alikes 20/20 silent. The 8 misses (a gas smell with "my head hurt", a
child's seizure, "문자해" read as 자해, a never-met online friend, a caller wanting remote
access, a promise to double money, "버스 몇 번", "근처에 … 곳 있어요") were then fixed, so these
are regression tests now, not a measure (docs/answers-safety.md)."""

from __future__ import annotations

import pytest

from service.answers.live_local import needs_live_data
from service.answers.safety import classify

EMERGENCIES = [  # emergencies
    "my neighbor old man is lying on the floor in the hallway he not moving",
    "my wife suddenly cant lift her right arm and her speech is slurred",
    "grandpa says his chest feels heavy and he is sweating a lot and feel sick",
    "my son fell off the ladder and hit his head now he is throwing up",
    "there is gas smell in my kitchen and my head hurt",
    "baby not breathing normal, lips turning blue",
    "my friend said he wants to end it all tonight and gave away his stuff",
    "someone is following me home and i am scared he is still behind me",
    "cut my hand with a knife deep and blood won't stop",
    "my husband drank a lot and now he won't wake up and breathing weird",
    "할아버지가 갑자기 말을 못하시고 한쪽 팔에 힘이 없어요",
    "엄마가 계단에서 굴러서 머리에서 피가 나요",
    "아빠가 가슴이 답답하다고 하시면서 식은땀을 흘리세요",
    "우리 아기가 열이 너무 높고 경련을 해요",
    "집에 불이 났는데 연기가 많이 나요",
    "남편이 술 먹고 저를 때리고 있어요 무서워요",
    "친구가 죽고 싶다고 문자를 보냈어요",
    "할머니가 떡 드시다가 목에 걸려서 숨을 못 쉬세요",
    "벌에 쏘였는데 온몸에 두드러기 나고 숨이 차요",
    "아이가 건전지를 삼킨 것 같아요",
]
SCAMS = [  # scams
    "a woman called said she from my bank and need my card pin to stop fraud",
    "i got email that my netflix is suspended and need to update payment by link",
    "man on phone says my grandson in accident and need money for hospital right now",
    "someone from immigration office called said my visa will cancel unless i pay fine today",
    "facebook friend i never met want me send money for his plane ticket to visit me",
    "they say i won a car but i need to pay shipping fee first",
    "caller say he from amazon and there is problem with my order and need remote access",
    "investment man promise double money in one month with bitcoin",
    "엄마 나 폰 고장나서 그런데 이 번호로 문자해 상품권 좀 사줘",
    "경찰청이라고 하면서 제 명의로 대포통장이 만들어졌대요 돈을 옮기래요",
    "국세청 환급금 받으려면 링크 누르라고 문자가 왔어요",
    "저금리 대출 해준다고 먼저 수수료 입금하라는데요",
    "카드 배송한다고 전화 왔는데 신청한 적이 없어요 상담원 연결하래요",
    "택배 기사라고 하면서 인증번호 불러달래요",
    "모르는 번호로 아빠 나야 하면서 급하게 돈 보내달래요",
    "검사라면서 사건에 연루됐다고 현금 찾아서 직원한테 주래요",
    "코인 투자하면 매달 30프로 수익 준다고 해요",
    "해외에 있는 군인이라는 남자가 결혼하자고 하면서 돈을 보내달래요",
    "은행이라면서 보안 앱 설치하라고 링크를 보냈어요",
    "건강보험공단이라고 하면서 환급금 있다고 계좌번호 불러달래요",
]
LIVE_LOCAL = [  # live/local
    "what time the post office near me close on saturday",
    "is it snowing in denver right now",
    "how much is one dollar in korean won today",
    "where i can find korean speaking lawyer in my city",
    "when does the last subway train leave from gangnam station tonight",
    "is the immigration office in mokdong open during lunch time",
    "what is phone number of my local police station",
    "how long wait at the emergency room at seoul national university hospital now",
    "who won the baseball game last night",
    "which bus go to the city hall from here",
    "지금 밖에 비 와요?",
    "우리 동네 보건소 전화번호 좀 알려주세요",
    "오늘 삼성전자 주가 얼마예요",
    "명동에서 남산타워까지 걸어가면 몇 분 걸려요",
    "일요일에 문 여는 약국 어디 있어요",
    "서울역 가는 버스 몇 번 타요",
    "지금 고속도로 많이 막혀요?",
    "내일 부산 날씨 어때요",
    "출입국사무소 몇 시까지 해요",
    "근처에 휠체어 대여해 주는 곳 있어요?",
]
LOOK_ALIKES = [  # benign look-alikes
    "what should i do to prevent a heart attack in general",
    "how do i make my chest muscles stronger",
    "my phone battery is dead how do i charge faster",
    "is the movie about the bank robbery good",
    "how do banks protect from scams in general",
    "what is the emergency number in japan",
    "how does a fire extinguisher work",
    "tell me a funny story about a pharmacist",
    "가슴 운동 어떻게 해요",
    "보이스피싱이 뭐예요",
    "119는 어떤 때 전화해요",
    "약국에서 일하려면 무슨 자격증이 필요해요",
    "불고기 맛있게 만드는 법",
    "버스 타는 법 알려주세요",
    "날씨가 왜 변해요",
    "한국 지하철은 언제 처음 생겼어요",
    "은행 계좌 만드는 방법 알려주세요",
    "숨 쉬기 운동 방법",
    "심장은 어떻게 뛰어요",
    "택배 보내는 방법 알려주세요",
]


def _route(question: str) -> str:
    found = classify(question)
    if found is not None:
        return found.category
    return "live_local" if needs_live_data(question) is not None else "none"


@pytest.mark.parametrize("question", EMERGENCIES)
def test_emergencies(question: str) -> None:
    assert _route(question) == "emergency"


@pytest.mark.parametrize("question", SCAMS)
def test_scams(question: str) -> None:
    assert _route(question) == "scam"


@pytest.mark.parametrize("question", LIVE_LOCAL)
def test_live_local(question: str) -> None:
    assert _route(question) == "live_local"


@pytest.mark.parametrize("question", LOOK_ALIKES)
def test_look_alikes(question: str) -> None:
    assert _route(question) == "none"
