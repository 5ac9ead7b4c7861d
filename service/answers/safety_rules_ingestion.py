"""Swallowed too much, and medicines around procedures and food: concept rules in both languages.

The wording tables catch "took the whole bottle" and "swallowed a battery". Two ways people say
it slipped past them (docs/answers-safety.md, "Ingestion"):

- *the amount is unknown*: "he got in my pill box, I don't know how many he took",
  "약통을 열어서 몇 알 먹었는지 몰라요" — not knowing how much someone swallowed is the emergency;
- *a sign after swallowing*: "she ate some of my pills and now she is very sleepy",
  "세제를 삼켰는데 축 처져요" — drowsiness, confusion or vomiting after swallowing something.

Both get the poisoning answer (call 119/911, do not make them vomit, keep the package).

A seizure happening now ("경련을 해요", "she is having a seizure") gets the general emergency
answer (call now, stay with the person); a question about seizures in general does not.

And two medication questions that reached the model: a medicine to stop or keep around a
procedure ("do I stop my aspirin before the colonoscopy") and a food to avoid with a medicine
("와파린 먹는 사람은 청국장 먹으면 안 된다던데") — both for the prescriber or pharmacist.
"""

from __future__ import annotations

from service.answers.safety_rules import Rule, rule
from service.answers.safety_rules_drugs import EN_DRUG, KO_DRUG

E = "emergency"
M = "medication"

_EN_SWALLOWED = r"\b(?:took|taken|swallowed|ate|eaten|drank|drunk|got (?:in|into)|chewed|had)\b"
_EN_TAKEN_THING = (
    r"\b(?:pills?|tablets?|medicine|meds|capsules?|pill ?box|pill bottle|bottle|vitamins|"
    r"gummies|bleach|detergent|cleaner|chemicals?|poison|batter(?:y|ies))\b"
)
_EN_UNKNOWN_AMOUNT = (
    r"\b(?:don'?t|do not|doesn'?t|didn'?t) (?:know|see|remember) how (?:many|much)"
    r"(?: \S+){0,3} (?:took|ate|swallowed|had|drank|taken|eaten|got)\b|"
    r"\b(?:not sure|no idea|can'?t tell) how (?:many|much)"
    r"(?: \S+){0,3} (?:took|ate|swallowed|had|drank|taken|eaten|got)\b|"
    r"\bhow (?:many|much) (?:he|she|they|the (?:kids?|baby|boy|girl)) (?:took|ate|swallowed|had|"
    r"drank)\b"
)
_EN_AFTER_SIGN = (
    r"\b(?:very |really |so |too |getting |now )?(?:sleepy|drowsy|groggy|confused|floppy|limp|"
    r"passed out|unconscious|won'?t wake(?: up)?|can'?t wake (?:him|her|them)|hard to wake|"
    r"not waking(?: up)?|vomiting|throwing up|threw up|twitching|having a seizure|"
    r"breathing (?:slow\w*|funny|strange\w*))\b"
)
_EN_NOT_NOW = (
    r"\b(?:what if|what happens if|in case|how to prevent|movie|film|show|book|story|dream)\b"
)
_EN_PROCEDURE = (
    r"\b(?:surgery|operation|procedure|colonoscopy|endoscopy|biopsy|dental (?:work|surgery)|"
    r"tooth (?:pulled|extraction)|extraction|blood test|blood work|mri|ct scan|scan|cataract)\b"
)

_KO_TAKEN_THING = (
    r"(?:" + KO_DRUG + r"|약통|약상자|약봉지|세제|락스|표백제|살충제|농약|건전지|배터리|"
    r"자석|담배|니코틴|부동액)"
)
_KO_SWALLOWED = r"(?:먹었|먹은|삼켰|삼킨|주워먹|집어먹|마셨|마신|꺼내먹|입에넣)"
_KO_UNKNOWN_AMOUNT = (
    r"(?:몇개|몇알|몇봉|얼마나|몇통)(?:를|을|나)?(?:먹었|삼켰|마셨|드셨)(?:는지|나)"
    r"(?:도)?(?:모르|몰라|몰르|확인이안|기억이안)"
)
_KO_AFTER_SIGN = (
    r"(?:축처|처져|처지|늘어져|늘어지|졸려|졸리|자꾸자|잠만|안깨|못깨|깨워도|의식이|정신이없|"
    r"헛소리|토해|토하|토했|구토|경련|숨을이상|숨이이상|숨을잘못|입에거품)"
)
_KO_NOT_NOW = r"(?:드라마|영화|꿈에|꿈을|게임|소설|만약|혹시라도|예방)"
_KO_PROCEDURE = (
    r"(?:수술|시술|내시경|대장내시경|위내시경|조직검사|발치|이를뽑|이뽑|임플란트|피검사|혈액검사|"
    r"mri|ct|백내장)"
)
_KO_STOP = r"(?:끊어|끊고|끊어야|중단|멈춰|쉬어야|안먹어|먹지말|그만먹|계속먹)"

_EN_SEIZING = (
    r"\b(?:is|are|he'?s|she'?s|they'?re|keeps?|started|starts) (?:seizing|convulsing|fitting|"
    r"shaking all over)\b|\bhaving (?:a )?(?:seizure|fit|convulsions?)\b|"
    r"\bwon'?t stop (?:shaking|seizing|convulsing)\b"
)
_EN_SEIZURE_GENERAL = (
    r"\b(?:what (?:to do|should i do) if|in case|what causes|how to|medicine|meds)\b"
)
_KO_SEIZING = (
    r"(?:경련(?:을|이)?(?:해|하|일으키|일으켜|나|났|와|왔)|"
    r"발작(?:을|이)?(?:해|하|일으|나|났|와|왔)|거품을물|온몸을떨)"
)
_KO_SEIZURE_GENERAL = r"(?:하면어떻게|할때어떻게|원인|예방|약|이유|왜)"

INGESTION_CONCEPTS: tuple[Rule, ...] = (
    rule(E, "seizure", "en", _EN_SEIZING, unless=_EN_SEIZURE_GENERAL),
    rule(E, "seizure", "ko", _KO_SEIZING, unless=_KO_SEIZURE_GENERAL),
    rule(E, "poisoning", "en", _EN_TAKEN_THING, _EN_UNKNOWN_AMOUNT, unless=_EN_NOT_NOW),
    rule(
        E,
        "poisoning",
        "en",
        _EN_SWALLOWED + r"(?: \S+){0,5}? " + _EN_TAKEN_THING,
        _EN_AFTER_SIGN,
        unless=_EN_NOT_NOW,
    ),
    rule(
        E, "poisoning", "ko", _KO_TAKEN_THING + r".{0,20}" + _KO_UNKNOWN_AMOUNT, unless=_KO_NOT_NOW
    ),
    rule(
        E,
        "poisoning",
        "ko",
        _KO_TAKEN_THING + r".{0,12}" + _KO_SWALLOWED,
        _KO_AFTER_SIGN,
        unless=_KO_NOT_NOW,
    ),
)
"""Emergencies: the poisoning answer."""

MEDICINE_AROUND_CONCEPTS: tuple[Rule, ...] = (
    rule(
        M,
        "dose_change",
        "en",
        EN_DRUG,
        r"\b(?:stop|stopping|hold|holding|skip|skipping|pause|keep taking|quit|come off)\b",
        r"\b(?:before|after|for|ahead of) (?:my |the |a |his |her )?(?:\w+ )?" + _EN_PROCEDURE,
    ),
    rule(M, "dose_change", "ko", KO_DRUG, _KO_PROCEDURE, _KO_STOP),
    # Someone on a medicine asking about a food: "와파린 먹는 사람은 시금치 먹으면 안 된다던데".
    rule(
        M,
        "interaction",
        "ko",
        KO_DRUG + r"(?:을|를)?(?:먹는|드시는|복용하는|복용중인|먹고있는)(?:사람|분|중|데|동안)",
        r"(?:먹으면|먹어도|드시면|드셔도|마시면|마셔도)(?:안되|안돼|안된|돼|되|된|괜찮|좋|나빠|상관)",
    ),
    rule(
        M,
        "interaction",
        "en",
        r"\b(?:on|taking|take|takes) (?:\S+ ){0,2}?" + EN_DRUG,
        r"\b(?:eat|eating|drink|drinking|have|having|avoid)\b(?: \S+){0,4}? "
        r"(?:food|foods|greens|spinach|kale|grapefruit|cheese|salt|potassium|bananas?|vitamin k)\b",
    ),
)
"""Medication: stop-before-a-procedure and food questions."""
