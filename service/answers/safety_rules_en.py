"""English rules of the safety layer, over lower-cased text with punctuation as spaces.

Listed most urgent first within each category (the first match wins). Spoken and misheard
variants are in the patterns: "cant"/"can not", "breath" for "breathe", no apostrophes.
Where the line is for look-alikes: docs/answers-safety.md.
"""

from __future__ import annotations

from service.answers.safety_rules import Rule, rule
from service.answers.safety_rules_en_words import CANT, CHILD, PERSON

EN_MASKS: tuple[str, ...] = (
    # Preparedness questions are not emergencies: "what should I do if there's a fire".
    r"\b(?:if|in case(?: of)?|when|what to do in) (?:there'?s |there is )?(?:a )?fire\b",
    r"\bdie (?:my|her|his|the|your) hair\b",
    r"\b(?:my|his|her) (?:heart attack|stroke) (?:was|happened)(?: \S+){0,3} ago\b",
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
    r"\bsymptoms of (?:a )?(?:heart attack|stroke)\b|\bwhat (?:a )?(?:stroke|heart attack) is\b|"
    r"\bwhat (?:is|causes) (?:a )?"
    r"(?:heart attack|stroke)\b|\b(?:risk|prevent\w*) (?:of )?(?:a )?(?:heart attack|stroke)\b",
    r"\b(?:had|has had|suffered|survived) (?:a )?(?:mild |minor |small |big |massive )?"
    r"(?:heart attack|stroke)(?: \S+){0,3}? (?:ago|last (?:year|month|week|spring|summer|fall|"
    r"winter)|in (?:19|20)\d\d)\b|\b(?:since|after|from) (?:his|her|my|the|a) "
    r"(?:heart attack|stroke)\b|\b(?:stroke|heart attack) (?:survivor|patient|rehab\w*|"
    r"recovery)\b",
    r"\b(?:cpr|first aid) (?:class|classes|course|training|certification|certificate)\b|"
    r"\blearn (?:cpr|first aid)\b",
    r"\b(?:heat|sun) ?stroke\b|\bstroke of (?:\S+ )?(?:luck|genius|fortune|brilliance|"
    r"inspiration|midnight)\b|"
    r"\b(?:brush|swim|swimming|paddle|breast|back|"
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
    # The low-dose product, not a baby: "give my baby aspirin" stays a child's dose. Only "baby"
    # is masked, so the medicine is still named.
    r"(?<!give my )(?<!gave my )(?<!give the )(?<!give our )(?<!giving my )\bbaby(?= aspirin\b)",
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
        r"\b(?:not|no|isn'?t|is not|stopped|no longer|wasn'?t|aren'?t)"
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
        r"\bchest (?:is |feels? |has been |been |getting |is getting )?(?:really |so |very |"
        r"kind of |kinda |a bit |real |super )?(?:pains?|hurts?|hurting|tight(?:ness)?|heavy|"
        r"pressure|squeez\w*|crushing|killing me|like)\b|\b(?:squeez\w*|pressure|tightness|pain|"
        r"crushing|heaviness) in (?:my|his|her|the) chest\b|\b(?:grabbed|grabbing|clutching|"
        r"clutched|holding) (?:his|her|my) chest\b",
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
        r"\bchoking\b(?! (?:me|him|her|them|us|my|his|their|the (?:dog|cat))\b)|\bchoked on\b"
        r"(?: \S+){0,4} (?:can'?t|cannot|"
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
        r"right )?(?:arm|leg|hand|side)\b|\bwords (?:are |come out )?(?:all )?(?:jumbled|mixed up|"
        r"garbled)\b|\b(?:arm|leg|side|hand) (?:suddenly )?(?:went|goes|is|"
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
        r"\b(?:so much|lots of|a lot of|losing(?: a lot of| lots of| so much)?) "
        r"blood\b(?! (?:tests?|pressure|sugar|work|donation|type|draw))|\bblood "
        r"(?:everywhere|all over|is (?:pouring|gushing|spurting)|pouring|gushing|spurting)\b",
    ),
    rule(
        E,
        "bleeding",
        "en",
        r"\b(?:vomit\w*|throwing up|threw up|coughing up|cough(?:ed|s)? "
        r"up|puk\w*) blood\b|\b(?:deep|bad|big) (?:cut|gash|wound)\b",
    ),
    rule(
        E,
        "poisoning",
        "en",
        r"\boverdos\w*\b|\bcarbon monoxide\b",
        unless=r"\b(?:detector|alarm)s? (?:\S+ ){0,2}(?:chirp\w*|beep\w*|battery|batteries)\b|"
        r"\b(?:install\w*|buy\w*|replace\w*) (?:a |the |my )?(?:carbon monoxide|co) "
        r"(?:detector|alarm)",
    ),
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
        r"found and ate)\b(?: \S+){0,6} (?:pills?|tablets?|medicine|meds|vitamins|gummies|"
        r"iron|capsules?)\b",
        # "my son took his vitamins this morning": a child's own usual dose is no poisoning.
        unless=r"\b(?:took|taken|takes|ate) (?:his|her|their) (?:own |daily |usual |morning |"
        r"evening |night |regular )?(?:pills?|tablets?|medicine|meds|vitamins|gummies|capsules?)"
        r"(?: \S+){0,3} (?:this morning|today|tonight|as usual|every day|on time|with)\b",
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
        r"\b(?:there'?s|there is|theres) (?:a )?fire\b|\bflames? (?:coming|are|is|everywhere|"
        r"shooting)\b|\b(?:caught|catching) "
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
        r"caregiver|in law|in laws|uncle|nephew|grandson|cousin|roommate|landlord|boss)"
        r"(?:'s| is| are|"
        r" was| keeps| started| has been| just)?(?: \S+)? (?:hitting|"
        r"hit|beating|beat|punching|punched|choking|choked|strangling|attacking|attacked|"
        r"threatening|threatened|hurting|hurt|abusing|abused|pushed|shoved|slapped|slapping) "
        r"(?:me|us|her(?! (?:head|face|knee|leg|arm|back|hip|elbow|chin|nose|foot|hand)\b)|him|"
        r"mom|dad|the kids?|the children|my (?:wife|husband|mom|mother|dad|"
        r"father|son|daughter|kids?|children|grandma|grandpa|sister|brother|baby))\b",
        # "my wife is beating me at chess" is a game, not an assault.
        unless=r"\bat (?:chess|cards|checkers|golf|tennis|poker|bingo|scrabble|go|baduk|hwatu|"
        r"mahjong|ping ?pong|video games?)\b|\bbeat (?:me|us|him|her) to\b|\bthreaten\w* "
        r"(?:\S+ )?(?:with )?(?:eviction|a lawsuit|court|legal|to (?:call|sue|evict|report|fire|"
        r"leave|divorce|kick|tell|cut|quit))",
    ),
    rule(
        E,
        "violence",
        "en",
        r"\b(?:broke|breaking|break|broken) in(?:to)?\b|\bkick(?:ing)? (?:in|down) (?:my|the|our)"
        r"(?: front| back)? door\b|\bsomeone (?:is )?"
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
        # A weapon with suicidal words is a suicide crisis (the crisis line, then 911/119).
        unless=r"\b(?:him|her|my|them)sel(?:f|ves)\b|\bwants? to die\b|\bsuicid|\b(?:bread|"
        r"cook\w*|chop\w*|slic\w*|peel\w*|sharpen\w*|vegetables?|onions?|butter|carv\w*)\b",
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
        r"|\bsuicid\w*\b|\bend(?:ing)? (?:my (?:own )?life|it all)\b"
        r"|\bbetter off (?:dead|without me)\b",
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
        r"|\blife (?:is not|isn'?t) worth living\b|\b(?:going to|gonna|want to|will) (?:take|"
        r"swallow|overdose on) (?:all|the whole|a whole|every one)\b"
        r"|\bjump (?:off|from) (?:a|the) (?:bridge|"
        r"building|roof)\b",
    ),
    rule(
        E,
        "unresponsive",
        "en",
        r"\b(?:lying|laying|lies|lay|on the (?:floor|ground))\b"
        r"(?: \S+){0,5} (?:not moving|not breathing|unconscious|won'?t move|isn'?t moving)\b|"
        r"\b(?:he|she|they)(?:'s| is| are) not moving\b",
    ),
)
