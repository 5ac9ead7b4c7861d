"""English scam and medication rules built on concepts (emergencies: safety_rules_en_concepts.py).

Scams: someone asks you to pay, send, give, press or enter something, **and** there is an
authority with a threat, a too-good offer with a fee first, guaranteed returns, an online
romance needing money, money "sent by mistake" to send back, a new account for a payment, or
a relative who "sounds different". Medication: any medicine (safety_rules_drugs.py) **and** a
question about mixing, timing, taking or a symptom since taking it.
"""

from __future__ import annotations

from service.answers.safety_rules import Rule, rule
from service.answers.safety_rules_drugs import EN_DRUG

_REPORTED = (
    r"\b(?:says?|said|saying|told (?:me|us)|tells (?:me|us)|asked|asks|asking|wants? (?:me|us)|"
    r"wanted (?:me|us)|needs? (?:me|us)|called|calling|caller|call from|texted|texts?|emailed|"
    r"emails?|messaged|messages?|letter|voicemail|voice|offered|offering|promis\w*|claims?|"
    r"claimed|claiming|insists?|instructed|demand\w*|threaten\w*|pop ?up)\b"
)
_PAY = (
    r"\b(?:pay|paying|send|sending|wire|wiring|transfer|transferring|deposit|zelle|venmo|"
    r"cash ?app|western union|moneygram|invest|buy)\b"
)
_AUTHORITY = (
    r"\b(?:irs|fbi|police|officer|cop|detective|sheriff|marshal|agent|social security|ssa|"
    r"medicare|medicaid|customs|immigration|uscis|embassy|consulate|visa office|government|tax "
    r"(?:office|department|agency)|treasury|court|judge|jury duty|bank|fraud department|"
    r"microsoft|apple|amazon|tech support|paypal|utility|(?:electric|electricity|power|gas|"
    r"water|phone|cable|internet|energy|mobile) company|dmv|post office|usps|fedex|ups|dhl)"
    r"(?:s|'s)?\b"
)
_THREAT = (
    r"\b(?:unless|or (?:else|they|he|she|it|the police|police|you)|cut (?:off|my|the|your)|"
    r"shut (?:off|down|my|the)|disconnect\w*|suspend\w*|arrest\w*|warrant|deport\w*|"
    r"cancel\w*|blocked|locked|frozen|freeze|seiz\w*|penalt\w*|within|in (?:\d+|one|an|two|"
    r"half an) (?:minutes?|hours?)|gift ?cards?|prepaid|bitcoin|crypto|atm|western union|by wire|"
    r"money ?gram|jury duty)\b"
)
_OFFER = (
    r"\b(?:won|win|winner|winning|lottery|sweepstakes|prize|jackpot|inheritance|grant|"
    r"pre ?approved|approved for|loan|rebate|job|hired|free \w+|unclaimed|compensation|reward|"
    r"selling|for sale|puppy|kitten|qualify|eligible|parcel|package|winnings|earn|earning|"
    r"tasks?|liking videos)\b"
)
_FEE_FIRST = (
    r"\b(?:pay|send|wire|transfer|buy|cover|deposit)\b(?: \S+){0,4}? (?:(?:\w+ )?(?:fees?|tax|"
    r"taxes|charges?|shipping|delivery|processing|insurance|customs|deposit|clearance|handling|release)\b|"
    r"first\b|upfront\b|up front\b|in advance\b|before (?:i|they|he|she|you|it)\b|for (?:the |"
    r"a )?(?:training|kit|equipment|delivery|shipping|taxes|transport)\b)|\b(?:fee|fees|taxes)"
    r" first\b|\bfirst (?:i |you )?(?:need to|have to|must) (?:pay|send|buy|wire)\b"
)
_GUARANTEED = (
    r"\b(?:guarantee\w*|double (?:my|your|his|her|the) money|triple (?:my|your|the) money|"
    r"risk ?free|no risk|\d+ ?(?:percent|%) (?:a|per|every|each) (?:month|week|day)|get rich|"
    r"got rich|passive income|(?:high|huge|big|sure) (?:returns?|profits?))\b"
)
_ROMANCE = (
    r"\b(?:man|woman|guy|lady|friend|someone|somebody|boyfriend|girlfriend|he|she|met \w+)"
    r"(?: \S+){0,6}? (?:online|(?:on|from) (?:the |a )?(?:internet|facebook|instagram|"
    r"whatsapp|telegram|tiktok|wechat|dating|game|chat))\b|\b(?:online|internet|dating "
    r"(?:site|app)) (?:boyfriend|girlfriend|friend|man|woman|guy|lady|lover|fianc\w*)\b|"
    r"\b(?:soldier|oil rig|peacekeeper|army doctor)\b"
)
_ROMANCE_MONEY = (
    r"\b(?:money|cash|dollars?|plane tickets?|flight|customs|fees?|hotel|visa|(?:medical|"
    r"hospital) bills?|gift ?cards?|steam cards?|itunes|crypto|bitcoin|loan|lend|wire|pay "
    r"(?:for|his|her|the)|send (?:him|her|them) (?:\S+ )?(?:money|cash|cards?|\d+))\b"
)
_CREDENTIAL = (
    r"\b(?:pin|pin number|otp|one ?time (?:pass(?:word|code)?|code)|verification code|"
    r"security code|the code|passcode|password|card number|cvv|social security number|ssn|"
    r"medicare (?:card )?number|medicare id|member id|passport number|bank account number|"
    r"account number|routing number|login details)\b"
)

S = "scam"
EN_SCAM_CONCEPTS: tuple[Rule, ...] = (
    rule(
        S,
        "safe_account",
        "en",
        r"\b(?:move|moving|transfer\w*|withdraw\w*|take out|pull out|put|keep)\b(?: \S+){0,3}? "
        r"(?:money|savings|funds|cash)\b",
        r"\b(?:seiz\w*|frozen|freez\w*|stolen|hacked|compromised|used in|suspend\w*|locked|"
        r"protect\w*|safe|safety|arrest\w*|crime|criminal|investigation|warrant|launder\w*|"
        r"in gold)\b",
        r"\b(?:call|called|caller|said|says|told|text|texted|agent|officer)\b",
    ),
    rule(
        S,
        "credentials",
        "en",
        r"\b(?:give|giving|confirm|verify|provide|enter|read|tell|share|type|put in)\b"
        r"(?: \S+){0,2}? " + _CREDENTIAL,
        r"\b(?:call|called|calling|caller|text|texted|texts|email|emailed|message|says|said|"
        r"link|phone|asked|asking|wants?|unless)\b",
        unless=r"\b(?:atm|app|machine|kiosk|login page|how do i|forgot|reset|change my)\b",
    ),
    rule(
        S,
        "credentials",
        "en",
        r"\b(?:medicare|medicaid|insurance|member) (?:card )?(?:number|id)\b",
        r"\b(?:called|caller|calling|texted|call|phone|email)\b",
        r"\b(?:asked|asking|wants?|needs?|give|confirm|verify)\b",
    ),
    rule(
        S,
        "family_money",
        "en",
        r"\b(?:says?|said|claims?|claiming|saying) (?:that )?(?:he'?s|hes|she'?s|shes|he is|"
        r"she is|it'?s|its|to be) (?:my|your|our) (?:grandson|granddaughter|grandchild|nephew|"
        r"niece|son|daughter|cousin|brother|sister|kid)\b|\b(?:sounds?|sounded) (?:a )?"
        r"(?:little |bit |a bit |kind of |kinda )?(?:different|strange|weird|off|funny)\b|"
        r"\b(?:didn'?t|doesn'?t|does not) sound like (?:him|her)\b|\b(?:don'?t|not to|never) tell "
        r"(?:mom|mum|dad|anyone|his|her|my|the)\b|\bkeep (?:it|this) (?:a )?secret\b|"
        r"\b(?:a |his |her )?friend'?s phone\b",
        r"\b(?:money|send|wire|wired|pay|cash|bail|gift ?cards?|transfer)\b",
    ),
    rule(
        S,
        "romance",
        "en",
        _ROMANCE,
        r"\b(?:needs?|wants?|asked|asking|asks|begg\w*)\b",
        _ROMANCE_MONEY,
    ),
    rule(
        S,
        "investment",
        "en",
        _GUARANTEED,
        r"\b(?:crypto|bitcoin|coins?|invest\w*|trading|trade|stocks?|forex|gold|platform|"
        r"savings|money|returns?|profits?)\b",
        _REPORTED + r"|\bshould i (?:put|invest|send|try|do|join|give)\b",
        unless=r"\b(?:(?:guaranteed|fixed) (?:interest|rate|investment certificate|income)|gic|"
        r"fdic|insured|annuity|pension|certificate of deposit)\b",
    ),
    rule(
        S,
        "account_change",
        "en",
        r"\b(?:new|different|another|other|changed|updated|switched) (?:bank )?(?:account|bank|"
        r"account number|bank details|payment details)\b|\bbank (?:has |have )?changed\b",
        r"\b(?:send|pay|transfer|wire|deposit|put)\w*(?: \S+){0,2}? (?:rent|deposit|payment|"
        r"money|invoice|fee|balance|funds|tuition|it)\b",
        r"\b(?:landlord|boss|company|supplier|lawyer|attorney|agent|seller|contractor|school|"
        r"realtor|broker|employer|texted|emailed|email|text|message|messaged|asking|asked|asks|"
        r"says|said|wants)\b",
    ),
    rule(
        S,
        "overpayment",
        "en",
        r"\b(?:too much|overpa\w*|extra|a check|a cheque|by mistake|by accident|accidentally|"
        r"wrong (?:account|person|number))\b",
        r"\b(?:send|wire|give|pay|return|transfer|refund|zelle|venmo)\w* (?:\S+ ){0,3}?(?:back|"
        r"the difference|the extra|the rest|the remainder)\b|\b(?:wants?|asked|asking|asks|"
        r"needs?)(?: me to| for)? (?:it|the money|them|that|the difference|the extra) back\b",
        r"\b(?:someone|somebody|a stranger|stranger|a man|a woman|a guy|a lady|a company|"
        r"unknown|they|caller|buyer|customer|tenant)\b",
    ),
    rule(S, "advance_fee", "en", _OFFER, _REPORTED, _FEE_FIRST),
    rule(
        S,
        "impersonation",
        "en",
        r"\bpress(?:ed)? (?:\d|one|two|nine|zero)\b",
        r"\b(?:charge\w*|order\w*|warrant|suspend\w*|arrest\w*|refund|cancel\w*|lawsuit|court|"
        r"package|parcel|stop)\b",
    ),
    rule(
        S,
        "impersonation",
        "en",
        r"\b(?:never|didn'?t|did not|not) (?:applied|apply|ordered|order|signed up|sign up|"
        r"asked for|requested|made|bought)\b",
        r"\b(?:card|loan|account|order|charge|purchase|subscription|payment)\b",
        r"\b(?:call|called|calling|press|connect\w*|agent|link|number|code|texted|text|"
        r"message|email|said|says|told)\b",
    ),
    rule(
        S,
        "impersonation",
        "en",
        r"\b(?:pop ?ups?|virus|viruses|malware|infected|hacked)\b",
        r"\b(?:call (?:this|the|that|a|their) (?:number|phone)|toll ?free|pay|buy|gift ?cards?)\b",
        r"\b(?:says|said|saying|told|warning|message|screen|pop ?up|caller|called)\b",
        unless=r"\b(?:antivirus|anti virus|norton|mcafee|defender)\b",
    ),
    rule(S, "impersonation", "en", _AUTHORITY, _REPORTED, _PAY, _THREAT),
)

_QUESTION = (
    r"\b(?:can|could|should|may|must|do|does|is it|is that|is this|are they|how|when|what "
    r"time|which|ok|okay|safe|alright|fine|bad|wait|mix\w*|together|same time|interact\w*)\b"
)
_TIMING = (
    r"\b(?:morning|night|bedtime|bed time|evening|dinner|lunch|supper|before (?:or after )?"
    r"(?:meals?|food|eating|breakfast|bed|sleep)|after (?:meals?|food|eating|breakfast)|"
    r"with (?:food|meals?|water)|"
    r"empty stomach|what time|time of day|how long (?:after|before|between|do i wait|should i"
    r" wait)|how many hours|hours apart|apart|between|night shifts?|shift work|times a day|"
    r"every (?:\w+ )?hours|once a day|twice a day)\b"
)
_SYMPTOM = (
    r"\b(?:dizzy|dizziness|rash|itch\w*|nause\w*|vomit\w*|throwing up|sleepy|drowsy|"
    r"cough\w*|swell\w*|swollen|headaches?|tired|confused|bruis\w*|diarrh\w*|constipat\w*|"
    r"hives|stomach ?aches?|upset stomach|cramps?|muscle (?:pain|aches?)|aches?|aching|sore|"
    r"shak\w*|trembl\w*|sweat\w*|hoarse|pee|peeing|urinat\w*|bleeding gums|gums bleed|"
    r"insomnia|can'?t sleep|hair loss|weight gain|heartburn|palpitations|dry mouth)\b"
)
_SINCE = (
    r"\b(?:since|after|ever since|makes?|making|made|gives?|giving|gave|started|starting|"
    r"because of|caused|keep getting|been getting|(?:from|on) (?:my|the|this|his|her|these))\b"
    r"|\bis (?:this|that|it) (?:from|because of|caused by)\b"
)
_HOW_TAKEN = (
    r"\b(?:every day|daily|long term|for years|forever|expired|out of date|chew|chewing|chewed|"
    r"whole|crush|"
    r"crushing|split|in half|halve|borrow|share|sharing|someone else'?s|(?:wife|husband|"
    r"neighbou?r|friend|mom|dad|sister|brother|son|daughter|spouse|partner)'?s (?:\S+ )?"
    r"(?:pills?|meds|medicines?|medication|prescription|inhaler|insulin|antibiotics)|"
    r"look(?:s|ing)? different|different (?:colou?r|shape|size)|wrong (?:pills?|medicine)|"
    r"generic|too much|too many|without (?:asking|a prescription|the doctor)|"
    r"still (?:take|inject|use)|ran out|run out|running out)\b"
)
_ASKS = (
    r"\b(?:can|could|should|may|is it|is that|is this|is (?:one|two|2|three)|do i|safe|ok|"
    r"okay|bad|same|mistake|alright)\b"
)
_DRINKS = (
    r"\b(?:alcohol|beer|wine|drinks?|drinking|soju|liquor|whiskey|grapefruit|coffee|milk|"
    r"juice|ginseng|st john'?s wort)\b"
)

M = "medication"
EN_MEDICATION_CONCEPTS: tuple[Rule, ...] = (
    rule(M, "interaction", "en", EN_DRUG + r"(?: \S+){0,8}? " + EN_DRUG, _QUESTION),
    rule(M, "interaction", "en", EN_DRUG, _DRINKS, _QUESTION),
    rule(M, "side_effect", "en", EN_DRUG, _SYMPTOM, _SINCE),
    rule(
        M,
        "dose_change",
        "en",
        EN_DRUG,
        _TIMING,
        r"\b(?:can|could|should|do|does|is it|"
        r"how|when|what|which|or)\b",
    ),
    rule(M, "dose_change", "en", EN_DRUG, _HOW_TAKEN, _ASKS),
)
