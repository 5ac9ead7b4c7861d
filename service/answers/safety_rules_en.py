"""English rules of the safety layer, over lower-cased text with punctuation as spaces.

Listed most urgent first within each category (the first match wins). Spoken and misheard
variants are in the patterns: "cant"/"can not", "breath" for "breathe", no apostrophes.
Where the line is for look-alikes: docs/answers-safety.md.
"""

from __future__ import annotations

from service.answers.safety_rules import Rule, rule

CANT = r"(?:can'?t|cannot|can not|could ?n'?t|couldnt|unable to)"
PERSON = (
    r"\b(?:he|she|him|her|they|dad|daddy|mom|mum|mother|father|husband|wife|grandma|grandpa|"
    r"grandmother|grandfather|granny|baby|son|daughter|man|woman|person|friend|neighbou?r|"
    r"brother|sister|partner|guy|lady|child|kid|someone|somebody)\b"
)
MED = (
    r"\b(?:pills?|tablets?|capsules?|meds|medicines?|medications?|doses?|dosage|prescriptions?|"
    r"insulin|inhaler|antibiotics?|painkillers?|blood thinners?|warfarin|coumadin|eliquis|"
    r"xarelto|metformin|lisinopril|amlodipine|losartan|atorvastatin|statins?|levothyroxine|"
    r"synthroid|aspirin|ibuprofen|advil|motrin|tylenol|acetaminophen|paracetamol|naproxen|"
    r"aleve|benadryl|antihistamines?|melatonin|vitamins?|supplements?|syrup|mg|milligrams?|"
    r"cough medicine|sleeping pills?|heart pills?|water pills?|pressure pills?)\b"
)
CHILD = (
    r"\b(?:child|children|kids?|baby|babies|infant|toddler|newborn|son|daughter|grandson|"
    r"granddaughter|grandchild|grandkids?|little one|(?:[1-9]|1[0-2]|one|two|three|four|five|"
    r"six|seven|eight|nine|ten|eleven|twelve)[ -]?(?:years?|yrs?|months?|weeks?)[ -]?old|"
    r"\d+[ -]?(?:months?|weeks?)[ -]?old)\b"
)
MISSED = (
    r"\b(?:forgot|forget|forgotten|missed|skipped|didn'?t take|did not take|didnt take|"
    r"haven'?t taken|have not taken|never took|slipped my mind|didn'?t give|did not give)\b"
)
SYMPTOM = (
    r"\b(?:dizzy|dizziness|rash|itch\w*|nause\w*|sick|vomit\w*|throwing up|sleepy|drowsy|"
    r"cough\w*|swell\w*|swollen|headaches?|tired|weird|strange|funny|confused|bruis\w*|"
    r"diarrh\w*|constipat\w*|hives|stomach|pain|aches?|palpitations|racing|shaky|dry mouth)\b"
)
SCAM_AUTHORITY = (
    r"\b(?:irs|fbi|police|policeman|officer|cop|cops|detective|prosecutor|district attorney|"
    r"sheriff|marshal|federal agent|agent|social security|ssa|medicare|medicaid|customs|"
    r"immigration|uscis|embassy|government|tax (?:office|department|agency)|treasury|court|"
    r"judge|bank|fraud department|fraud team|microsoft|apple support|amazon|tech support|"
    r"geek squad|paypal|utility company|electric company|power company)\b"
)
SCAM_CONTACT = (
    r"\b(?:call|called|calling|calls|phoned|phone call|rang|text|texted|texting|message|"
    r"messaged|email|emailed|voicemail|letter|says|said|saying|told me|tells me|claims?|"
    r"claimed|claiming|threaten\w*|demand\w*|asking|asked|asks|wants? me|wanted me)\b"
)
SCAM_PRESSURE = (
    r"\b(?:arrest\w*|warrant|jail|prison|deport\w*|suspend\w*|frozen|freeze|owe|owed|fine|"
    r"fines|penalt\w*|lawsuit|pay (?:it )?(?:now|right away|immediately|today|tonight)|"
    r"wire (?:the )?money|transfer (?:all |my |your |the )*(?:money|savings|funds)|"
    r"withdraw (?:all |my |your |the )*(?:money|cash|savings)|bitcoin|crypto|gift ?cards?|"
    r"launder\w*|crime|criminal|case number|badge number|verify (?:your|my) (?:account|"
    r"identity|social|ssn)|(?:account|card|ssn|social security number|identity|name) (?:is |"
    r"was |has been |had been )?(?:compromised|hacked|used|stolen|suspended|locked|involved)|"
    r"keep (?:this|it) (?:a )?secret|don'?t tell)\b"
)
STRANGER_ASKS = (
    r"\b(?:caller|someone|somebody|a man|a woman|a guy|a lady|stranger|the (?:bank|police|"
    r"officer|agent|man|woman|guy|lady|person|company|technician)|microsoft|amazon|apple|"
    r"tech support|bank|support|technician|agent|officer|irs|government)\b(?: \S+){0,4} "
    r"(?:told|tells|asked|asks|wants?|wanted|said|says|insist\w*|instructed|made|keeps)\b"
)
GIFT_CARD = (
    r"\b(?:gift ?cards?|itunes cards?|google play(?: cards?)?|apple (?:gift )?cards?|"
    r"steam cards?|amazon cards?|ebay cards?|target cards?|walmart cards?|prepaid cards?|"
    r"vanilla cards?)\b"
)
CREDENTIAL = (
    r"\b(?:pin|pin number|otp|one ?time (?:pass(?:word|code)?|code)|verification code|"
    r"security code|confirmation code|auth\w* code|six digit code|6 digit code|the code|"
    r"passcode|password|card number|credit card number|debit card number|cvv|cvc|"
    r"social security number|ssn|bank details|account number|login details)\b"
)

EN_MASKS: tuple[str, ...] = (
    r"\bfire (?:alarms?|drills?|station|department|dept|extinguishers?|exits?|escape plan|"
    r"safety|inspection|trucks?|fighters?|place|pit|works|wood|insurance|hydrant)"
    r"(?: tests?| testing| practice| check)?\b",
    r"\b(?:got|get|getting|been|was|be) fired\b|\bfired (?:me|him|her|them)\b",
    r"\bdying (?:to|for|of (?:laughter|boredom|curiosity|embarrassment)|laughing)\b",
    r"\b(?:phone|battery|batteries|laptop|tablet|computer|car|tv|printer|plants?|flowers?|"
    r"lawn|grass|engine|charger|remote) (?:is |has |just |totally |went |already )*"
    r"(?:died|dead|dying)\b|\bdead (?:battery|phone)\b",
    r"\b(?:stop|quit|quitting|stopping|give up|cut down on|cutting down on) smoking\b",
    r"\bsigns? (?:and symptoms )?of (?:a )?(?:heart attack|stroke|overdose|choking)\b|"
    r"\b(?:heart attack|stroke|overdose) (?:signs|symptoms|warning signs|risk|prevention)\b|"
    r"\bsymptoms of (?:a )?(?:heart attack|stroke)\b|\bwhat (?:is|causes) (?:a )?"
    r"(?:heart attack|stroke)\b|\b(?:risk|prevent\w*) (?:of )?(?:a )?(?:heart attack|stroke)\b",
    r"\b(?:had|has had|suffered|survived) (?:a )?(?:mild |minor |small |big |massive )?"
    r"(?:heart attack|stroke)(?: \S+){0,3}? (?:ago|last (?:year|month|week|spring|summer|fall|"
    r"winter)|in (?:19|20)\d\d)\b|\b(?:since|after|from) (?:his|her|my|the|a) "
    r"(?:heart attack|stroke)\b|\b(?:stroke|heart attack) (?:survivor|patient|rehab\w*|"
    r"recovery)\b",
    r"\b(?:cpr|first aid) (?:class|classes|course|training|certification|certificate)\b|"
    r"\blearn (?:cpr|first aid)\b",
    r"\b(?:heat|sun) ?stroke\b|\bstroke of (?:luck|genius)\b|\b(?:brush|swim|swimming|paddle|"
    r"pen|key|golf|tennis) strokes?\b|\bstroke (?:the|my|his|her|a) (?:cat|dog|hair|beard|pet)\b",
    r"\bfood poisoning\b|\bpoison (?:ivy|oak|sumac)\b|\bchoking hazards?\b",
    r"\bbreath(?:e|ing)? (?:through|out of|with) (?:my|his|her|the) nose\b",
    r"\bsuicide (?:squad|bomb\w*|doors?|prevention (?:month|week|day|training|course))\b",
    r"\b(?:killing|kill) myself (?:laughing|with laughter)\b|\b(?:hurt|cut|burned|burnt) "
    r"myself (?:when|while|at|on|in|playing|lifting|cooking|shaving|yesterday|today|last|a bit|"
    r"slightly|a little)\b",
    r"\bon fire (?:today|tonight|lately|this (?:season|week|year))\b",
    r"\b(?:tv|television|garage|car|air ?con\w*|fan) remote\b|\bremote (?:control|controller)s?"
    r"(?: for)? (?:the |my )?(?:tv|television|air ?con\w*|fan|garage|car|heater)\b",
    r"\bbaby aspirin\b",
)

E = "emergency"
EN_EMERGENCY: tuple[Rule, ...] = (
    rule(
        E,
        "unresponsive",
        "en",
        r"\b(?:unconscious|unresponsive|passed out|blacked out|"
        r"fainted|out cold)\b",
        unless=r"\b(?:almost|nearly) (?:passed out|fainted)\b",
    ),
    rule(
        E,
        "unresponsive",
        "en",
        PERSON + r"(?:'s| is| has| just)?(?: \S+){0,2} (?:collapsed|"
        r"keeled over|dropped to the floor|fell down and (?:isn'?t|is not|won'?t|not))",
    ),
    rule(
        E,
        "unresponsive",
        "en",
        r"\b(?:not|isn'?t|is not|stopped|no longer|wasn'?t|aren'?t)"
        r" breath(?:e|es|ing)\b",
    ),
    rule(
        E,
        "unresponsive",
        "en",
        r"\b(?:won'?t|will not|wont|doesn'?t|does not|can'?t|cannot|"
        r"isn'?t|is not|not) (?:wake|waking|wake up|respond|responding|open (?:his|her) eyes|"
        r"answer(?:ing)? me)\b",
        PERSON,
        unless=r"\b(?:phone|computer|app|laptop|screen|tablet|tv|printer|website|email|mouse|"
        r"keyboard|system|car|engine|program|server|bank|office)\b",
    ),
    rule(
        E,
        "unresponsive",
        "en",
        r"\bno pulse\b|\bheart (?:has )?stopped\b|\bcardiac arrest\b|"
        r"\bneeds? cpr\b|\b(?:do|doing|give|giving|start|starting) cpr\b",
    ),
    rule(
        E,
        "cardiac",
        "en",
        r"\bchest (?:pains?|hurts?|hurting|is hurting|feels? (?:tight|"
        r"heavy|like)|tight(?:ness)?|pressure|is tight|squeez\w*|crushing|is killing)\b",
    ),
    rule(
        E,
        "cardiac",
        "en",
        r"\bpains? (?:in|on) (?:my|his|her|the) chest\b|\b(?:my|his|her) "
        r"chest (?:is )?(?:hurts?|hurting|aches?|aching|killing)\b",
    ),
    rule(E, "cardiac", "en", r"\bheart attack\b"),
    rule(
        E,
        "cardiac",
        "en",
        r"\bpain (?:going |spreading |shooting |radiating )?(?:down|into|"
        r"to) (?:my|his|her) (?:left )?(?:arm|jaw)\b",
    ),
    rule(
        E,
        "breathing",
        "en",
        CANT + r" (?:really )?(?:breath|breathe|breathing|get (?:any )?"
        r"air|catch (?:my|his|her) breath)\b",
    ),
    rule(
        E,
        "breathing",
        "en",
        r"\b(?:hard|difficult|struggling|struggle|trouble|hard time|"
        r"difficulty|problems?) (?:to )?breath(?:e|ing)?\b|\bgasping\b|\bturning blue\b|"
        r"\b(?:lips?|face) (?:is |are )?(?:turning |gone |went |going )?blue\b",
    ),
    rule(
        E,
        "breathing",
        "en",
        r"\bshort(?:ness)? of breath\b",
        unless=r"\b(?:stairs|walk|walking|exercise|running|climb\w*|jog\w*|gym)\b",
    ),
    rule(
        E,
        "breathing",
        "en",
        r"\bchoking\b|\bchoked on\b(?: \S+){0,4} (?:can'?t|cannot|"
        r"not|stuck)\b|\bsomething stuck in (?:my|his|her|the baby'?s) throat\b",
    ),
    rule(
        E,
        "breathing",
        "en",
        r"\b(?:throat|tongue) (?:is )?(?:closing|swelling|swollen)\b|"
        r"\banaphyla\w*\b",
    ),
    rule(
        E,
        "fall",
        "en",
        r"\b(?:fell|fallen|fall) (?:down )?(?:and|&) (?:can'?t|cannot|"
        r"can not|couldn'?t|won'?t) (?:get up|stand|move)\b|\bfell and hit (?:my|his|her) head\b",
    ),
    rule(
        E,
        "stroke",
        "en",
        r"\b(?:face|mouth|smile) (?:is |looks )?(?:droop\w*|crooked|"
        r"lopsided|uneven|sagging|twisted)\b|\bdroop\w* (?:face|mouth|on one side)\b|"
        r"\bone side of (?:his|her|my|the) (?:face|body|mouth)\b",
    ),
    rule(
        E,
        "stroke",
        "en",
        r"\bslurr\w*\b|\bspeech (?:is )?(?:slurred|garbled|strange|weird|"
        r"funny)\b|\btalking (?:funny|strange|weird|gibberish|nonsense)\b|"
        + CANT
        + r" (?:speak|talk|get (?:the |his |her |my )?words out|find (?:the |his |her |my )?"
        r"words)\b",
        unless=r"\b(?:english|korean|language|spanish|chinese|french|japanese|"
        r"vietnamese|fluently|loud|in public|on the phone)\b",
    ),
    rule(
        E,
        "stroke",
        "en",
        CANT + r" (?:lift|raise|move|feel) (?:his|her|my|one|the) (?:left |"
        r"right )?(?:arm|leg|hand|side)\b|\b(?:arm|leg|side) (?:suddenly )?(?:went|goes|is|"
        r"feels|gone) (?:numb|weak|limp|dead|heavy)\b",
        unless=r"\b(?:slept on|sleeping on|"
        r"pins and needles|after (?:the )?gym|workout)\b",
    ),
    rule(
        E,
        "stroke",
        "en",
        r"\bstroke\b|\bworst headache\b|\bsudden (?:severe|terrible|"
        r"splitting) headache\b|\bsuddenly (?:can'?t see|blind|confused)\b",
    ),
    rule(
        E,
        "bleeding",
        "en",
        r"\bbleed\w* (?:a lot|heavily|badly|so much|everywhere|non ?stop|"
        r"profusely|like crazy|really bad|bad)\b|\b(?:won'?t|will not|wont|doesn'?t|does not|"
        r"can'?t|cannot) stop (?:the )?bleed\w*\b|\bbleeding (?:won'?t|will not|doesn'?t|does "
        r"not|wont) stop\b",
    ),
    rule(
        E,
        "bleeding",
        "en",
        r"\b(?:so much|lots of|a lot of|losing (?:a lot of |lots of |so "
        r"much )?)blood\b(?! (?:tests?|pressure|sugar|work|donation|type|draw))|\bblood "
        r"(?:everywhere|all over|is (?:pouring|gushing|spurting)|pouring|gushing|spurting)\b",
    ),
    rule(
        E,
        "bleeding",
        "en",
        r"\b(?:vomit\w*|throwing up|threw up|coughing up|cough(?:ed|s)? "
        r"up|puk\w*) blood\b|\b(?:deep|bad|big) (?:cut|gash|wound)\b",
    ),
    rule(E, "poisoning", "en", r"\boverdos\w*\b|\bcarbon monoxide\b"),
    rule(
        E,
        "poisoning",
        "en",
        r"\b(?:took|taken|swallowed|ate|had|has taken|downed)(?: way)? "
        r"(?:too many|a lot of|a bunch of|a handful of|handful of|all (?:of )?(?:my|his|her|the)|"
        r"the whole|a whole|an entire|the entire) ?(?:bottle|pack|box|strip|pills|tablets|"
        r"sleeping pills|painkillers|meds|capsules|medicine|tylenol|advil|aspirin)\b",
    ),
    rule(
        E,
        "poisoning",
        "en",
        r"\b(?:swallowed|drank|drunk|ate|eaten|drinking|got into|"
        r"chewed|licked)\b(?: \S+){0,3} (?:bleach|detergent|laundry pods?|tide pods?|"
        r"dishwasher|antifreeze|rat poison|poison|pesticide|insecticide|weed killer|cleaner|"
        r"cleaning (?:fluid|liquid|product)|drain cleaner|lighter fluid|gasoline|petrol|"
        r"kerosene|paint thinner|button batter(?:y|ies)|batter(?:y|ies)|magnets?)\b",
    ),
    rule(
        E,
        "poisoning",
        "en",
        CHILD,
        r"\b(?:swallowed|ate|eaten|took|taken|got into|chewed|"
        r"found and ate)\b(?: \S+){0,4} (?:pills?|tablets?|medicine|meds|vitamins|gummies|"
        r"iron|capsules?)\b",
    ),
    rule(E, "poisoning", "en", r"\bpoison(?:ed|ing)?\b"),
    rule(
        E,
        "fire",
        "en",
        r"\b(?:house|home|kitchen|apartment|flat|building|room|car|stove|oven|"
        r"garage|bedroom|pan|roof|wall|curtains?|place) (?:is |are |was )?(?:on fire|burning|"
        r"caught fire|catching fire|in flames)\b|\bfire in (?:my|the|our|his|her) (?:house|home|"
        r"kitchen|apartment|flat|building|room|car|garage|bedroom|basement)\b",
    ),
    rule(
        E,
        "fire",
        "en",
        r"\b(?:there'?s|there is|theres) (?:a )?fire\b|\b(?:caught|catching) "
        r"fire\b|\bin flames\b|\bon fire\b",
        unless=r"\b(?:team|player|game|season|playing|"
        r"scoring|news|movie|dream)\b",
    ),
    rule(
        E,
        "fire",
        "en",
        r"\bsmoke (?:everywhere|is (?:coming|filling|pouring)|coming (?:out|"
        r"from|in)|filling|pouring|in the (?:house|room|hallway|kitchen|building))\b|\bfull of "
        r"smoke\b|\bfilling (?:up )?with smoke\b|\b(?:smell|smells|smelling) (?:of |like )?"
        r"gas\b|\bgas (?:leak|leaking)\b",
    ),
    rule(
        E,
        "violence",
        "en",
        r"\b(?:he|she|they|someone|somebody|husband|wife|boyfriend|"
        r"girlfriend|son|daughter|man|guy|partner|ex|father|dad|brother|neighbou?r|stranger|"
        r"caregiver)(?:'s| is| are| was| keeps| started| has been| just)?(?: \S+)? (?:hitting|"
        r"hit|beating|beat|punching|punched|choking|choked|strangling|attacking|attacked|"
        r"threatening|threatened|hurting|hurt|abusing|abused|pushed|shoved|slapped|slapping) "
        r"(?:me|us|her|him|mom|dad|the kids?|the children|my (?:wife|husband|mom|mother|dad|"
        r"father|son|daughter|kids?|children|grandma|grandpa|sister|brother|baby))\b",
    ),
    rule(
        E,
        "violence",
        "en",
        r"\b(?:broke|breaking|break|broken) in(?:to)?\b|\bsomeone (?:is )?"
        r"(?:in|inside|trying to get in(?:to)?) (?:my|our|the) (?:house|home|apartment|flat|"
        r"room)\b|\bintruder\b|\bburglar\b",
        unless=r"\b(?:last (?:week|night|month|year)|"
        r"yesterday|insurance|police report|game|movie)\b",
    ),
    rule(
        E,
        "violence",
        "en",
        r"\b(?:has|have|with|holding|pulled|waving) (?:a )?(?:knife|gun|"
        r"weapon|pistol|rifle|machete)\b|\bstabbed\b|\b(?:been|got|was|were|is|i'?m) shot\b|"
        r"\bshot (?:me|him|her|at us|at me)\b|\bactive shooter\b|\bgunshots?\b|\bshots fired\b",
    ),
    rule(
        E,
        "violence",
        "en",
        r"\b(?:going|gonna|wants?|trying|threaten\w*|said he'?d|says he'?ll|"
        r"will) (?:to )?kill (?:me|us|her|him|my)\b",
    ),
    rule(
        E,
        "violence",
        "en",
        r"\b(?:i'?m|i am|we'?re|we are) (?:being )?(?:followed|attacked|"
        r"stalked|robbed|mugged|kidnapped)\b|\bkidnapp\w*\b|\b(?:being|been|was|got) (?:raped|"
        r"sexually assaulted|assaulted)\b",
    ),
    rule(
        E,
        "suicide",
        "en",
        r"\b(?:kill|killing|hurt|hurting|harm|harming|cut|cutting) myself\b"
        r"|\bsuicid\w*\b|\bend (?:my life|it all)\b|\bbetter off (?:dead|without me)\b",
    ),
    rule(
        E,
        "suicide",
        "en",
        r"\b(?:want|wanna|wanted|going|gonna|ready|plan|planning|thinking "
        r"about|think about|thought about|thoughts of) (?:to )?(?:die|dying|end (?:it|my life|"
        r"things|it all)|take my (?:own )?life|not (?:be )?(?:here|alive|wake up))\b",
    ),
    rule(
        E,
        "suicide",
        "en",
        r"\b(?:don'?t|do not|dont|no longer) want to (?:live|be alive|be "
        r"here|wake up|go on)\b|\bno (?:reason|point) (?:to|in) (?:live|living|go on|going on)\b"
        r"|\blife (?:is not|isn'?t) worth living\b|\bjump (?:off|from) (?:a|the) (?:bridge|"
        r"building|roof)\b",
    ),
)

S = "scam"
EN_SCAM: tuple[Rule, ...] = (
    rule(
        S,
        "safe_account",
        "en",
        r"\b(?:safe|safety|protected|secured|holding|government|"
        r"federal|special) (?:bank )?accounts?\b",
        r"\b(?:move|moving|transfer\w*|put|putting|"
        r"send|sending|deposit\w*|wire|keep|protect)\b",
    ),
    rule(
        S,
        "safe_account",
        "en",
        r"\b(?:move|moving|transfer\w*|put|putting|send|sending|"
        r"deposit\w*|wire)\b(?: \S+){0,3} (?:money|savings|funds|cash|balance)\b(?: \S+){0,4} "
        r"(?:to protect it|to keep it safe|for (?:safe ?keeping|protection|safety)|so it'?s "
        r"safe|to a (?:safe|secure|new|different) account)\b",
    ),
    rule(
        S,
        "safe_account",
        "en",
        r"\b(?:courier|driver|someone|a man|an agent|an officer|"
        r"somebody)(?: \S+){0,3} (?:will|is going to|is coming to|coming to|gonna) (?:pick up|"
        r"collect|come get|take) (?:the |my )?(?:cash|money|gold)\b|\b(?:withdraw|take out|"
        r"pull out)\b(?: \S+){0,4} (?:cash|money|savings)\b(?: \S+){0,8} (?:courier|officer|"
        r"agent|investigator|driver)\b",
    ),
    rule(S, "impersonation", "en", SCAM_AUTHORITY, SCAM_CONTACT, SCAM_PRESSURE),
    rule(
        S,
        "family_money",
        "en",
        r"\b(?:mom|mum|mommy|mother|dad|daddy|father|grandma|granny|"
        r"grandpa|nana|papa)\b(?: \S+){0,3} (?:it'?s me|this is my new number|new number|new "
        r"phone|lost my phone|broke my phone|my phone (?:is |got )?(?:broken|broke|lost|stolen|"
        r"cracked|dead))\b",
    ),
    rule(
        S,
        "family_money",
        "en",
        r"\b(?:son|daughter|grandson|granddaughter|grandchild|"
        r"grandkid|nephew|niece|kid|child|brother|sister|mom|mum|dad|mother|father)\b",
        r"\b(?:new (?:phone|number|cell)|different number|lost (?:his|her|my|their) phone|broke "
        r"(?:his|her|my|their) phone|phone (?:is |was |got )?(?:broken|broke|smashed|cracked|"
        r"lost|stolen|in the repair|being repaired))\b",
        r"\b(?:money|send|sent|pay|paid|"
        r"transfer|wire|venmo|zelle|cash ?app|gift ?cards?|bill|invoice|loan|lend|borrow|"
        r"bank|account|card)\b",
    ),
    rule(
        S,
        "family_money",
        "en",
        r"\b(?:son|daughter|grandson|granddaughter|grandchild|"
        r"grandkid|nephew|niece|kid)\b",
        r"\b(?:jail|arrested|bail|in custody|accident|"
        r"hospital|lawyer|attorney|in trouble)\b",
        r"\b(?:send|wire|pay|money|cash|gift ?cards?"
        r"|bail)\b",
        r"\b(?:called|calling|call from|texted|message|voice|sounded|said|says|"
        r"claim\w*|lawyer|attorney|don'?t tell|keep it (?:a )?secret|courier)\b",
    ),
    rule(
        S,
        "gift_card",
        "en",
        GIFT_CARD,
        r"\b(?:pay (?:the |a |my |your |off )?(?:fine|fines|"
        r"tax|taxes|irs|bail|fee|fees|debt|bill|ticket|warrant|government)|numbers? on the back|"
        r"scratch|read (?:them|the|out)|(?:send|give|text|tell)(?: \S+){0,3} (?:the )?(?:codes?|"
        r"pins?|numbers?|photos?|pictures?|pics?)|caller|on the phone|(?:told|wants?|asked|"
        r"asking|said|says) (?:me )?to buy|buy (?:\S+ ){0,3}(?:and|then) (?:send|read|give))\b",
    ),
    rule(
        S,
        "credentials",
        "en",
        CREDENTIAL,
        r"\b(?:asked|asking|asks|wants?|wanted|needs?|"
        r"told me to|tells me to|should i (?:give|tell|read|send|share)|can i (?:give|tell|read|"
        r"send|share)|is it (?:ok|okay|safe) to (?:give|tell|read|send|share)|(?:give|gave|tell|"
        r"told|read|send|sent|share|shared|confirm|confirmed) (?:him|her|them|it|the (?:caller|"
        r"man|woman|guy|lady))|read (?:it|them) (?:back|out))\b",
        unless=r"\b(?:reset|forgot|forgotten|change|changing|create|make a|strong)\b",
    ),
    rule(
        S,
        "remote_app",
        "en",
        r"\b(?:anydesk|any desk|teamviewer|team viewer|quick ?support|"
        r"quick ?assist|rustdesk|logmein|ultraviewer|remote (?:access|desktop|control (?:of|"
        r"over) (?:my|the)|support app|app)|screen ?shar\w*|share (?:my|the|your) screen|take "
        r"(?:over|control of) (?:my|the) (?:computer|phone|screen|laptop|pc)|control (?:my|the) "
        r"(?:computer|phone|screen|laptop|pc))\b",
        STRANGER_ASKS,
    ),
    rule(
        S,
        "remote_app",
        "en",
        r"\b(?:install|download|put|add)\b(?: \S+){0,4} (?:app|apps|"
        r"application|program|software|apk|file)\b",
        STRANGER_ASKS,
        r"\b(?:call|called|"
        r"calling|phone|text|message|link|bank|police|refund|account|security|virus|hacked|"
        r"protect)\b",
    ),
    rule(
        S,
        "phishing_link",
        "en",
        r"\b(?:text|texts|message|sms|email|e mail)\b",
        r"\b(?:link|click|url)\b",
        r"\b(?:package|parcel|delivery|usps|ups|fedex|dhl|toll|"
        r"fine|refund|prize|won|winner|tax|locked|suspended|verify|unpaid|customs fee)\b",
    ),
)

M = "medication"
EN_MEDICATION: tuple[Rule, ...] = (
    rule(
        M,
        "child_dose",
        "en",
        CHILD,
        MED,
        r"\b(?:how much|how many|what dose|what dosage|"
        r"dose|dosage|amount|can i give|should i give|can (?:she|he) have|is it (?:ok|okay|"
        r"safe) to give|give (?:him|her|them|my|the))\b",
    ),
    rule(
        M,
        "double_dose",
        "en",
        r"\b(?:double (?:up|dose|doses|the dose|my dose)|two doses|"
        r"2 doses|twice the dose|extra (?:dose|pill|tablet))\b",
    ),
    rule(
        M,
        "double_dose",
        "en",
        r"\b(?:took|take|taken|taking|gave|give|given)\b(?: \S+){0,5}?"
        r" (?:twice|two times|2 times|again|an extra|another one|another dose|another pill|one "
        r"more|a second)\b",
        MED,
    ),
    rule(
        M,
        "double_dose",
        "en",
        r"\b(?:can|should|could|do) i (?:just )?take (?:two|2|both|"
        r"double)(?: \S+)? (?:tonight|now|today|tomorrow|at once|together|to make up)\b|\bmake "
        r"up for (?:the |a |my )?(?:missed|skipped|forgotten)\b",
    ),
    rule(
        M,
        "double_dose",
        "en",
        r"\b(?:by mistake|by accident|accidentally|mistakenly)\b",
        r"\b(?:took|taken|gave|given|swallowed)\b",
        MED,
    ),
    rule(M, "missed_dose", "en", MISSED + r"(?: \S+){0,6}? " + MED),
    rule(M, "missed_dose", "en", MED + r"(?: \S+){0,6}? " + MISSED),
    rule(
        M,
        "interaction",
        "en",
        r"\b(?:can|could|should|may|is it (?:ok|okay|safe|alright|"
        r"fine|bad) to|safe to|ok to|okay to)\b(?: \S+){0,3}? (?:take|taking|mix|mixing|"
        r"combine|combining|have|having|drink|drinking|use|using)\b(?: \S+){0,8}? (?:with|and|"
        r"together|while (?:on|taking)|on top of|at the same time)\b",
        MED,
    ),
    rule(
        M,
        "interaction",
        "en",
        MED + r"(?: \S+){0,4}? (?:and|with|plus) (?:alcohol|beer|wine|"
        r"a drink|drinks|grapefruit|soju|whiskey)\b|\b(?:alcohol|beer|wine|drink|drinking|soju|"
        r"grapefruit)\b(?: \S+){0,3} (?:on|with|while (?:on|taking)|after taking)\b(?: \S+){0,2}"
        r"? " + MED,
    ),
    rule(
        M,
        "side_effect",
        "en",
        r"\bside ?effects?\b",
        r"\b(?:i|i'?m|im|my|me|he|she|his|her|"
        r"mom|dad|husband|wife|getting|having)\b",
        unless=r"\bwhat are the (?:common )?side "
        r"?effects of (?!my|his|her|the new|this)",
    ),
    rule(
        M,
        "side_effect",
        "en",
        MED + r"(?: \S+){0,4}? (?:is |are |has been |have been |keeps? )"
        r"?(?:making|made|gives?|giving|gave) (?:me|him|her)\b",
    ),
    rule(
        M,
        "side_effect",
        "en",
        r"\b(?:since|after|ever since) (?:i |he |she )?(?:started|"
        r"starting|began|taking|took|switched|changed)\b(?: \S+){0,4}? " + MED,
        SYMPTOM,
    ),
    rule(
        M,
        "side_effect",
        "en",
        r"\b(?:reaction|allergic) to (?:my|the|this|his|her|new)\b"
        r"(?: \S+){0,2}? (?:medicine|medication|pills?|meds|drug|antibiotics?)\b|\bis (?:this|"
        r"it|that) (?:from|because of|caused by) (?:my|the|his|her) (?:new )?(?:medicine|"
        r"medication|pills?|meds|tablets?)\b",
    ),
    rule(
        M,
        "dose_change",
        "en",
        r"\b(?:stop|stopping|quit|quitting|cut|cutting|halve|halving|"
        r"split|splitting|increase|increasing|decrease|decreasing|reduce|reducing|lower|"
        r"lowering|raise|raising|change|changing|adjust|adjusting|skip|skipping|come off|"
        r"coming off|wean|get off|go off|going off|crush|crushing)\b(?: \S+){0,4}? " + MED,
    ),
    rule(
        M,
        "dose_change",
        "en",
        r"\b(?:how many|how much|what dose|how often)\b(?: \S+){0,4}? "
        + MED
        + r"(?: \S+){0,4}? (?:should|can|do|may|must|to)\b|\btake (?:more|less|fewer|"
        r"extra|half)\b(?: \S+){0,3}? " + MED + r"|\b(?:still need|keep taking|have to take)\b"
        r"(?: \S+){0,3}? " + MED,
    ),
)

EN_RULES: tuple[Rule, ...] = EN_EMERGENCY + EN_SCAM + EN_MEDICATION
