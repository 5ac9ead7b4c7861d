"""Scams by their shape, in both languages: the ones the authority-and-payment rules miss.

The concept rules (safety_rules_*_concepts_advice.py) need someone asking for money or codes
with an authority, a threat or an offer. Questions written by someone who never saw them
(docs/answers-safety.md, "Measured") showed four shapes with neither spelled out, and the model
then played along ("You should call Microsoft", "the job ad offers easy money"):

- **a message that sends you to a number or a link** about a court letter, a parcel, a fine or a
  refund: "법원 등기 미수령 안내 문자가 왔는데 여기 적힌 번호로 전화하래요";
- **a warning on the screen** that the computer is hacked, with a number to call;
- **renting out your bank card, account or phone** for money (a money-mule job);
- **a stranger at the door** wanting cash or a deposit today for a repair.

Each needs two or three signals together, so "how do I call the court" or "my plumber wants a
deposit, is that normal" stay answerable.
"""

from __future__ import annotations

from service.answers.safety_rules import Rule, rule

S = "scam"

_EN_MESSAGE = r"\b(?:text(?:ed)?|message|sms|email|letter|notice|voicemail|dm|whatsapp|kakao)\b"
_EN_GO_THERE = (
    r"\b(?:call (?:the|this|that|a) (?:\S+ )?number|number (?:in|on) (?:it|the \w+)|"
    r"call back|click|tap|link|scan (?:the|a) qr|install)\b"
)
_EN_PRETEXT = (
    r"\b(?:court|summons|package|parcel|delivery|usps|fedex|ups|dhl|customs|unpaid|overdue|fine|"
    r"toll|penalty|ticket|suspend\w*|refund|tax|irs|bank|account|prize|won|lottery|warrant)\b"
)
_EN_SCREEN = r"\b(?:pop ?up|screen|window|alert|browser|computer|laptop|phone) (?:\S+ ){0,6}?"
_EN_INFECTED = r"(?:hacked|virus|viruses|infected|compromised|locked|blocked|malware)\b"
_EN_LEND = (
    r"\b(?:lend|loan|rent|sell|give|hand over|let (?:them|him|her) use)\b(?: \S+){0,3} "
    r"(?:bank ?card|debit card|atm card|check card|bank account|account|bank book|sim card|"
    r"phone line|identity|id card)\b"
)
_EN_FOR_MONEY = r"\b(?:pay|pays|paid|money|won|dollars|earn|commission|job|ad|fee|\d+)\b"
_EN_AT_DOOR = (
    r"\b(?:knocked|came (?:to|by) (?:my|the) (?:door|house)|at (?:my|the) door|door to door|"
    r"showed up|stopped by|walked up|came over)\b"
)
_EN_CASH_NOW = (
    r"\b(?:today only|only today|right now|cash|in cash|half up ?front|up ?front|deposit first|"
    r"pay (?:now|first|today)|before (?:he|they) start)\b"
)

_KO_MESSAGE = r"(?:문자|카톡|카카오톡|메시지|메세지|알림|안내문|톡|이메일|메일|우편)"
_KO_GO_THERE = (
    r"(?:(?:적힌|나온|있는|보낸|남긴|찍힌)번호로|그번호로|이번호로|링크|url|주소를?눌|눌러|클릭|"
    r"앱을?(?:깔|설치)|설치하래|qr)"
)
_KO_PRETEXT = (
    r"(?:법원|등기|택배|배송|과태료|미납|범칙금|검찰|경찰|건강보험|국민연금|환급|카드발급|결제|"
    r"지원금|대출|부고|청첩장|모바일초대장|교통위반|벌금|세금|국세청|우체국)"
)
_KO_LEND = (
    r"(?:통장|체크카드|카드|계좌|유심|휴대폰|핸드폰|명의)(?:을|를)?"
    r"(?:빌려|대여|팔|넘겨|양도|맡겨|보내)"
)
_KO_FOR_MONEY = r"(?:돈|만원|수당|알바|일자리|부업|준대|주겠|준다|드린대|드린다|수수료|대가)"
_KO_SCREEN = r"(?:팝업|화면|창에|창이|경고창|경고문|컴퓨터|노트북)"
_KO_INFECTED = r"(?:해킹|바이러스|감염|차단|잠겼|잠금)"
_KO_CALL = r"(?:전화|연락|번호)"
_KO_AT_DOOR = r"(?:찾아와|찾아왔|집에와|집에왔|방문해|방문했|문을두드|문두드|초인종|집앞에)"
_KO_CASH_NOW = r"(?:오늘만|지금당장|현금|선금|계약금|착수금|반을먼저|먼저입금|먼저보내)"

_EN_CALLER = (
    r"\b(?:call(?:ed|er|ing)?|phone|someone|somebody|man|woman|guy|lady|he|she|they|says?|said|"
    r"claim\w*)\b"
)
_EN_REMOTE = r"\b(?:remote (?:access|control|desktop|support)|anydesk|teamviewer|screen ?shar\w*)\b"
_EN_WANTS = r"\b(?:need|needs|want|wants|ask\w*|told me|tell me|to (?:install|download|give|let))\b"
_EN_NEVER_MET = (
    r"\b(?:never met|haven'?t met|not met|only (?:know|met) (?:him|her) online|met (?:him|her) "
    r"(?:online|on (?:facebook|instagram|whatsapp|a dating))|"
    r"online (?:friend|boyfriend|girlfriend))\b"
)
_EN_SEND_MONEY = (
    r"\b(?:send|wire|transfer|lend|pay|buy)\b(?: \S+){0,3} (?:money|cash|ticket|fee|gift)"
)
_EN_PROMISE = (
    r"\b(?:promis\w*|guarantee\w*|sure|certain)\b(?: \S+){0,6} (?:double|triple|\d+ ?(?:%|percent)|"
    r"rich|profit|returns?)\b"
)
_EN_INVEST = r"\b(?:invest\w*|bitcoin|crypto\w*|coin|stock|trading|forex|gold)\b"

SCAM_SHAPES: tuple[Rule, ...] = (
    rule(S, "remote_app", "en", _EN_CALLER, _EN_REMOTE, _EN_WANTS),
    rule(S, "romance", "en", _EN_NEVER_MET, _EN_SEND_MONEY),
    rule(S, "investment", "en", _EN_PROMISE, _EN_INVEST),
    rule(S, "phishing_link", "en", _EN_MESSAGE, _EN_GO_THERE, _EN_PRETEXT),
    rule(S, "remote_app", "en", _EN_SCREEN + _EN_INFECTED, r"\b(?:call|phone|dial|number)\b"),
    rule(S, "credentials", "en", _EN_LEND, _EN_FOR_MONEY),
    rule(S, "advance_fee", "en", _EN_AT_DOOR, _EN_CASH_NOW),
    rule(S, "phishing_link", "ko", _KO_MESSAGE, _KO_GO_THERE, _KO_PRETEXT),
    rule(S, "remote_app", "ko", _KO_SCREEN + r".{0,15}" + _KO_INFECTED, _KO_CALL),
    rule(S, "credentials", "ko", _KO_LEND, _KO_FOR_MONEY),
    rule(S, "advance_fee", "ko", _KO_AT_DOOR, _KO_CASH_NOW),
)
