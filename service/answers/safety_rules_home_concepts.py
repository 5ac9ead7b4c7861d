"""Emergency concepts at home, in English and Korean: well-known first-aid situations.

- low blood sugar: diabetes, insulin or a diabetes medicine + confusion, strange speech,
  drowsiness, not eating or drinking, or shaking together with sweating or dizziness (kind
  ``low_sugar``);
- carbon monoxide or gas: a boiler, heater, charcoal, briquette or gas smell + headache,
  nausea, dizziness, hard to wake (kind ``fire``: get everyone out, then call);
- someone who swallowed medicine, chemicals or a battery (kind ``poisoning``);
- stroke signs in more Korean wordings (입꼬리가 처지, 말을 못 알아들어);
- someone trying to get in: a stranger at the door lock, handle, code or window (``violence``).

CO_FIRST runs before the wording tables: "won't wake up" next to a heater must get the
get-out-of-the-house answer, not the check-breathing one. The others run after them.
Where the line is for look-alikes ("보일러 온도", "what if my child swallows gum"):
docs/answers-safety.md.
"""

from __future__ import annotations

from service.answers.safety_rules import Rule, rule
from service.answers.safety_rules_drugs import KO_DRUG

E = "emergency"

_EN_DIABETES = (
    r"\b(?:diabet\w*|insulin|hypo|hypoglyc\w*|low (?:blood )?sugar|(?:blood )?sugar (?:is |was "
    r"|went |dropped |dropping )?(?:very |really |so |too )?(?:low|down)|metformin|glipizide|"
    r"sugar (?:pills?|meds|medicine))\b"
)
_EN_SHAKY = r"\b(?:shak\w*|trembl\w*|jittery|jitters)\b"
_EN_SWEATY = r"\b(?:sweat(?:ing|y|s|ed)?|clammy|dizz\w*|pale|heart (?:is )?(?:racing|pounding))\b"
_EN_LOW_SIGN = (
    r"\b(?:confus(?:ed|ion)\b(?! (?:about|by|with|over|on)\b)|not making sense|slurr\w*|acting "
    r"(?:drunk|strange|weird|odd)|drowsy|(?:very|really|so) sleepy|(?:words|speech|talking) "
    r"(?:\S+ ){0,2}(?:strange|weird|funny|odd)|(?:won'?t|can'?t|cannot|not able to) (?:eat|"
    r"drink|swallow|wake|stand|answer)(?! (?:sugar|sweets|carbs|rice|bread|candy|cakes?|desserts?|"
    r"fruits?|much|that|this|pasta|noodles|chocolate|\S+ because))|passed out|passing out|"
    r"fainted|faint|unconscious|"
    r"not respond\w*|seizure)\b"
)
_EN_NOT_NOW = (
    r"\b(?:what (?:are|is) the (?:signs|symptoms)|signs of|symptoms of|how (?:do|can|to) (?:i |you "
    r")?(?:know|tell|prevent|avoid)|prevent\w*|diet|recipes?|foods?|what if|in case|usually|"
    r"years? ago|last (?:year|month|week))\b"
)
_EN_CO_SOURCE = (
    r"\b(?:boiler|heater|furnace|charcoal|grill|bbq|barbecue|brazier|kerosene|generator|"
    r"fireplace|wood ?stove|(?:car|truck|engine)(?: \S+){0,5}? (?:garage|shed)|"
    r"gas (?:leak|smell|stove|heater|boiler|fire|fumes)|smell(?:s|ing)? "
    r"(?:of )?gas|gas smell|co (?:alarm|detector)|carbon monoxide|fumes|exhaust)\b"
)
_EN_CO_SIGN = (
    r"\b(?:headaches?|head (?:is )?(?:pounding|hurts?|aching)|my head hurts?|nause\w*|"
    r"feel(?:s|ing)? sick|"
    r"vomit\w*|throwing up|threw up|dizz\w*|light ?headed|confus\w*|hard to wake|(?:won'?t|"
    r"can'?t|cannot|not) wak\w*|drowsy|passed out|fainted|collapsed|unconscious)\b"
)
_EN_CO_NOT = (
    r"\b(?:what temperature|how (?:do|to|can|often|much)|is it safe|chirp\w*|battery|install\w*|"
    r"buy|price|cost|replace\w*|settings?|best|recommend\w*|turn (?:it )?(?:up|down)|bill|"
    r"dry air|humidifier)\b"
)
_KO_CO_SOURCE = (
    r"(?:보일러|연탄|번개탄|숯불?(?:을)?(?:피|떼)|난로|난방기|히터|화목|발전기|배기가스|일산화탄소|"
    r"가스(?:냄새|가샌|가새|가세|누출|레인지|렌지|보일러|난로|히터|중독)|도시가스|lpg)"
)
_KO_CO_SIGN = (
    r"(?:머리가(?:아프|아파|깨질|지끈|띵|어지)|두통|토하|토할|토해|토했|구토|메스꺼|메슥|울렁|"
    r"어지러|어지럽|비틀|(?:깨워도|잘)(?:안|못)(?:깨|일어나)|안깨|못일어나|안일어나|의식|"
    r"정신(?:이|을)?(?:없|이상|오락가락|잃|못차)|쓰러|축처|기절)"
)
_KO_CO_NOT = (
    r"(?:온도|몇도|설정|요금|가스비|난방비|고장|수리|교체|설치|점검|예약|켜는법|끄는법|사용법|"
    r"어떻게|구매|추천|배에가스|가스가차|가스활명수|방귀)"
)

CO_FIRST: tuple[Rule, ...] = (
    rule(E, "fire", "en", _EN_CO_SOURCE, _EN_CO_SIGN, unless=_EN_CO_NOT),
    rule(E, "fire", "ko", _KO_CO_SOURCE, _KO_CO_SIGN, unless=_KO_CO_NOT),
)
"""Carbon monoxide or gas + a sign of poisoning: before the wording tables."""

_EN_CHILD_OR_SLIP = (
    r"\b(?:toddler|baby|kids?|child|son|daughter|little (?:boy|girl|one)|boy|girl|grandson|"
    r"granddaughter|grandchild|grandkid|\d+ (?:year|yr|month) old|accidentally|by mistake|by "
    r"accident|wrong (?:pills|medicine|meds|bottle))\b"
)
_EN_SWALLOW = (
    r"\b(?:swallowed|swallow|ate|eaten|drank|drunk|drinking|got into|chewed(?: on)?|bit into|"
    r"found and ate|put (?:a |an |some |one )?(?:\S+ ){0,2}in (?:his|her|their) mouth|found)\b"
)
_EN_MEDICINE = (
    r"(?:pills?|tablets?|medicine|meds|vitamins|gummies|capsules?|pill ?box|pill bottle|"
    r"medicine cabinet)\b"
)
_EN_HARMFUL = (
    r"(?:batter(?:y|ies)|cleaner|bleach|detergent|laundry pods?|dishwasher (?:tablet|pod|"
    r"detergent)s?|weed killer|pesticide|insecticide|antifreeze|chemicals?|lye|drain opener|"
    r"nail polish remover|mouthwash|e ?cigarette liquid|vape (?:juice|liquid)|magnets?)\b"
)
_EN_SWALLOW_NOT = (
    r"\b(?:gum|what if|what happens if|in case|how (?:much|many) (?:can|should|do|to)|how to|"
    r"is it (?:safe|ok|okay)|chewable|(?:every|each) (?:day|morning|night)|prevent\w*)\b"
)

EN_HOME_CONCEPTS: tuple[Rule, ...] = (
    # Shaking alone after a diabetes medicine stays a side-effect question (the labelled set);
    # shaking with sweating, or any sign of the brain running short, is an emergency.
    rule(E, "low_sugar", "en", _EN_DIABETES, _EN_LOW_SIGN, unless=_EN_NOT_NOW),
    rule(E, "low_sugar", "en", _EN_DIABETES, _EN_SHAKY, _EN_SWEATY, unless=_EN_NOT_NOW),
    rule(
        E,
        "poisoning",
        "en",
        _EN_CHILD_OR_SLIP,
        _EN_SWALLOW + r"(?: \S+){0,6}? (?:" + _EN_MEDICINE + r"|" + _EN_HARMFUL + r")",
        unless=_EN_SWALLOW_NOT,
    ),
    rule(
        E,
        "poisoning",
        "en",
        _EN_SWALLOW + r"(?: \S+){0,6}? " + _EN_HARMFUL + r"|\b" + _EN_HARMFUL + r"(?: \S+){0,3} "
        r"(?:in|into) (?:his|her|their|my) mouth\b",
        unless=_EN_SWALLOW_NOT,
    ),
    # "took my pills twice by mistake" is a double-dose question; someone else's is poisoning.
    rule(
        E,
        "poisoning",
        "en",
        r"\b(?:accidentally|by mistake|by accident|mistakenly)\b",
        r"\b(?:took|taken|swallowed|ate) (?:\S+ )?(?:\w+'s|someone else'?s|the wrong|wrong|other "
        r"people'?s)(?: \S+){0,2}? " + _EN_MEDICINE,
        unless=_EN_SWALLOW_NOT,
    ),
    rule(
        E,
        "poisoning",
        "en",
        r"\b(?:swallowed|ate|chewed|downed) (?:a bunch of|a handful of|handful of|lots of|a lot of|"
        r"too many|all (?:of )?(?:his|her|my|the)|the whole|a whole)(?: \S+){0,3}? " + _EN_MEDICINE,
    ),
    rule(
        E,
        "stroke",
        "en",
        r"\b(?:face|mouth|smile) (?:is |looks )?(?:suddenly|all of a sudden|now) (?:droop\w*|"
        r"crooked|lopsided|uneven|sagging|twisted)\b",
    ),
    rule(
        E,
        "stroke",
        "en",
        r"\b(?:can'?t|cannot|doesn'?t|does not|didn'?t|isn'?t able to) (?:understand|follow) "
        r"(?:what (?:we|i|you|anyone|people) (?:say|said|are saying|'?m saying|am saying)|me|us|"
        r"anything|a word)\b",
        r"\b(?:suddenly|all of a sudden|out of nowhere|just now|droop\w*|weak|numb|slurr\w*)\b",
        unless=r"\b(?:english|korean|language|accent|hearing|deaf|phone|news|lecture|teacher|"
        r"instructions|manual|doctor|joke|movie|show)\b",
    ),
    rule(
        E,
        "violence",
        "en",
        r"\b(?:someone|somebody|a (?:man|guy|woman|stranger)|strangers?|people|he|they|a "
        r"(?:drunk|person)|(?:strange|drunk) (?:man|guy|woman|person|people|men))\b"
        r"(?: \S+){0,8}? (?:trying|tries|tried|turning|turns|rattling|rattles|"
        r"jiggling|jiggles|twisting|pulling|pressing|entering|punching in|typing)(?: \S+){0,4}? "
        r"(?:door ?handle|handle|door ?knob|knob|lock|door|code|codes|passcode|password|pin)\b",
        unless=r"\b(?:how (?:do|can|to)|locksmith|fix\w*|repair\w*|stuck|jammed|forgot|reset|"
        r"change the code|battery|delivery|package|wrong (?:apartment|house|door|unit|flat|room)|"
        r"apologi\w*|sorry)\b",
    ),
    rule(
        E,
        "violence",
        "en",
        r"\b(?:banging|pounding|kicking|hammering|knocking) (?:on|at) (?:my|the|our) (?:front |"
        r"back |bedroom |apartment )?door\b",
        r"\b(?:won'?t (?:go|leave|stop)|scared|afraid|terrified|let (?:him|them|her) in|shout\w*|"
        r"yell\w*|alone|drunk|stranger|threat\w*|break (?:it|in))\b",
    ),
    rule(
        E,
        "violence",
        "en",
        r"\b(?:climb|climbing|climbed|coming|came|getting|breaking|crawling) (?:in )?"
        r"(?:through|into) (?:my|the|a|our) (?:\S+ )?window\b",
        unless=r"\b(?:cat|dog|bird|bug|bugs|mouse|squirrel|wind|rain|light|sun)\b",
    ),
)
"""Low blood sugar, swallowed medicine or chemicals, someone trying to get in."""

_KO_DIABETES = r"(?:당뇨|인슐린|저혈당|혈당약|혈당이(?:뚝)?(?:떨어|낮))"
_KO_SHAKY = r"(?:떨려|떨리|떨고|떨면서|떨며|(?:몸|손)을?떠|덜덜|벌벌|후들)"
_KO_SWEATY = (
    r"(?:식은땀|땀을?(?:뻘뻘|비오듯|많이|엄청|흘)|땀이(?:나|많이|비오듯)|어지러|어지럽|창백|두근)"
)
_KO_LOW_SIGN = (
    r"(?:헛소리|정신(?:이|을)?(?:없|이상|"
    r"오락가락|못차|잃)|횡설수설|(?:밥|음식|식사|물|주스|음료수?|아무것도)(?:을|를|도)?(?:잘)?"
    r"(?:못|안)(?:드셔|드시|먹|삼키|마셔|마시)|축처|늘어져|못알아|의식|기절|쓰러|잠만|계속주무|"
    r"(?:안|못)깨|말을?(?:잘)?못|어눌|비틀|이상한말)"
)
_KO_NOT_NOW = (
    r"(?:에좋은|식단|메뉴|레시피|예방|증상이?뭐|증상은|증상을?알려|어떻게알|평소에|작년|예전)"
)

_KO_WHO = (
    r"(?:애가|아이가|아기가|애기가|손주가|손자가|손녀가|아들이|딸이|동생이|우리애|남편이|아내가|"
    r"할아버지가|할머니가|아빠가|엄마가|어머니가|아버지가|강아지가)"
)
_KO_HARMFUL = (
    r"(?:세제|캡슐|락스|표백제|농약|살충제|제초제|부동액|쥐약|세정제|건전지|배터리|자석|방향제|"
    r"담배|꽁초|전자담배액상|매니큐어|아세톤)"
)
_KO_SWALLOW = (
    r"(?:먹어버렸|먹었|먹은|드셨|삼켰|삼킨|삼켜|삼키고|마시고|깨물|입에넣|마셨|마신|주워먹|집어먹|"
    r"털어넣)"
)
_KO_NOT_REALLY = r"(?:껌|먹으면|삼키면|마시면|어떻게돼|괜찮나요|예방|보관|치우)"
_KO_UNSURE = (
    r"(?:몇(?:개|알)인지|몇(?:개|알)(?:를|을)?먹었는지|얼마나|몰라|모르겠|졸려|잠만|토해|토하|"
    r"축처|약통|약봉(?:지|투)|몰래|실수로|모르고|어른|엄마약|아빠약|할머니약|할아버지약|수면제|"
    r"혈압약|먹어버렸|삼켜버렸|뜯어)"
)
_KO_DOOR = (
    r"(?:현관문|대문|문고리|문손잡이|손잡이|도어락|도어록|번호키|창문|베란다|현관|"
    r"문(?!자|제|서|화|구|법|의|장|신|학|턱))"
)
_KO_INTRUDER = (
    r"(?:누가|누군가|취한\w{0,3}|모르는\w{0,3}|낯선\w{0,3}|어떤\w{0,3}|밖에서|수상한\w{0,3})"
)
_KO_DOOR_NOT = (
    r"(?:택배|배달|기사님|경비|관리실|바꾸는|바꾸려|설정|건전지|고장|수리|방법|어떻게|열쇠공)"
)

KO_HOME_CONCEPTS: tuple[Rule, ...] = (
    rule(E, "low_sugar", "ko", _KO_DIABETES, _KO_LOW_SIGN, unless=_KO_NOT_NOW),
    rule(E, "low_sugar", "ko", _KO_DIABETES, _KO_SHAKY, _KO_SWEATY, unless=_KO_NOT_NOW),
    rule(
        E,
        "poisoning",
        "ko",
        _KO_WHO + r".{0,20}(?:" + KO_DRUG + r"|" + _KO_HARMFUL + r").{0,12}" + _KO_SWALLOW,
        _KO_UNSURE,
        unless=_KO_NOT_REALLY,
    ),
    rule(
        E,
        "poisoning",
        "ko",
        _KO_HARMFUL + r".{0,12}" + _KO_SWALLOW,
        unless=_KO_NOT_REALLY,
    ),
    rule(
        E,
        "stroke",
        "ko",
        r"입꼬리(?:가|이)?(?:한쪽(?:으로|이|만)?)?(?:처지|처졌|처져|내려가|내려갔|돌아|비뚤|삐뚤)|"
        r"얼굴(?:이|가|의)?(?:한쪽|반쪽)(?:이|만|으로|이좀)?(?:처지|처졌|처져|마비|굳|비뚤|삐뚤|"
        r"일그러|감각)|한쪽팔다리(?:에|가|이|를)?(?:힘이(?:없|안|빠)|마비|감각|안움직|못움직|못써)",
    ),
    rule(
        E,
        "stroke",
        "ko",
        r"말(?:을|이)?(?:갑자기)?(?:이상하게|어눌하게|어눌해|이상해)|말(?:을|도)?(?:잘)?못알아듣|"
        r"말(?:을|도)?(?:잘)?못알아들",
        r"(?:갑자기|처지|처졌|힘이없|어눌|마비|쓰러|한쪽|침을흘)",
        unless=r"(?:영어|한국어|외국어|일본어|중국어|사투리|술|취해|기분나|치매)",
    ),
    rule(
        E,
        "violence",
        "ko",
        _KO_INTRUDER + r".{0,15}" + _KO_DOOR + r".{0,12}(?:누르|눌러|돌리|돌려|따려|따고|열려|"
        r"열라고|덜컥|흔들|들어오려|깨고|깨려|발로차|발로찼|비틀)",
        unless=_KO_DOOR_NOT,
    ),
    rule(
        E,
        "violence",
        "ko",
        _KO_INTRUDER + r".{0,15}" + _KO_DOOR + r".{0,8}(?:두드리|두들기|쾅쾅|쿵쿵|차고)",
        r"(?:안가|안가요|무서|혼자|열라고|열어달라|소리를?지르|욕|밤에|새벽|계속|자꾸)",
        unless=_KO_DOOR_NOT,
    ),
)
"""Low blood sugar, swallowed medicine or chemicals, stroke wordings, someone at the door."""
