"""English emergency rules built on concepts, not on sentences somebody once wrote.

The first rule tables (safety_rules_en.py) list wordings; unseen wordings slipped through
("my neighbor is beating his wife again", "dad fell in the bathroom hit his head now hes
confused"). These rules name the situation instead:

- a person hurting another: someone + a violent verb + a person (or a stranger grabbing,
  following, forcing a door);
- wanting to die or to hurt oneself, in any wording (himself/herself, "nobody would miss me");
- a fall + a sign that it is serious (head hit, confusion, vomiting, not moving, can't get up);
- bleeding that won't stop, soaks through, runs for an hour, or a limb caught in a machine.

Listed after the wording tables, so their kinds still win where both match. Where the line is
for look-alikes ("beating me at chess", "she hit her head"): docs/answers-safety.md.
"""

from __future__ import annotations

from service.answers.safety_rules import Rule, rule

_AGENT = (
    r"\b(?:he|she|they|someone|somebody|man|guy|woman|men|guys|husband|wife|boyfriend|"
    r"girlfriend|ex|partner|son|daughter|in law|father|dad|stepdad|stepfather|mother|brother|"
    r"uncle|nephew|grandson|cousin|neighbou?rs?|strangers?|people|teenagers?|teens|boys|gang|"
    r"group|drunk|robbers?|thief|landlord|boss|roommate|caregiver|carer|students?)\b"
)
_PERSON_NOUN = (
    r"(?:wife|husband|girlfriend|boyfriend|partner|mom|mum|mother|dad|father|sons?|daughters?|"
    r"kids?|children|child|baby|babies|grandma|grandmother|grandpa|grandfather|granny|sister|"
    r"brother|friends?|neighbou?r|man|woman|lady|guy|boy|girl|teen|teenager|students?|people|"
    r"person|grandson|granddaughter|grandchild|dog|cat|puppy|mother in law|father in law)\b"
)
_BODY = (
    r"(?:head|face|knee|knees|leg|legs|arm|arms|back|hip|elbow|chin|nose|shoulder|foot|feet|"
    r"hand|hands|toe|toes|finger|fingers|ankle|wrist|neck|lip|tongue)\b"
)
_VICTIM = (
    r"(?:(?:me|us|him|them)\b|her\b(?! " + _BODY + r")|(?:my|his|her|their|our|the|a|an|this|"
    r"that|some|his own|her own)(?: \S+){0,2}? " + _PERSON_NOUN + r")"
    r"(?! (?:to|into|out|up|off|aside|over)\b| with (?:a |the |an )?(?:\S+ )?(?:bills?|fees?|"
    r"charges?|fines?|questions?|lawsuits?|tickets?|tax|taxes|paperwork|work)\b)"
)
_VIOLENT = (
    r"(?:hitting|hits|hit|beating|beats|beat|punching|punches|punched|punch|kicking|kicks|"
    r"kicked|kick|slapping|slaps|slapped|slap|choking|chokes|choked|strangling|strangled|"
    r"stabbing|stabbed|stab|attacking|attacks|attacked|attack|pushing|pushes|pushed|shoving|"
    r"shoved|dragging|dragged|hurting|hurts|hurt|abusing|abused|threatening|threatens|"
    r"threatened|assaulting|assaulted|smacking|smacked|smack|throwing things at|"
    r"threw (?:things|something|a \S+) at)(?: up)?"
)
_NOT_VIOLENCE = (
    r"\b(?:at (?:chess|cards|checkers|golf|tennis|poker|bingo|scrabble|go|baduk|hwatu|"
    r"mahjong|ping ?pong|arm wrestling|video games?)|(?:video|computer|board|card) games?|"
    r"in (?:the|a) (?:game|race|match|election)|beat (?:me|us|him|her) to|movie|film|tv show|"
    r"drama|series|episode|novel|dream|dreamt|dreamed|cartoon|feelings|threaten\w* (?:\S+ )?"
    r"(?:with )?(?:eviction|a lawsuit|court|legal|to (?:call|sue|evict|report|fire|leave|"
    r"divorce|kick|tell|cut|quit)))\b"
)
_STRANGER = (
    r"\b(?:a man|a guy|a woman|someone|somebody|a stranger|strangers?|some (?:man|guy|men|"
    r"guys|people|woman)|a group|a drunk|two men|men)\b"
)
_SELF = r"(?:him|her|them|my|your|our)sel(?:f|ves)\b"
_INTENT = (
    r"\b(?:wants?|wanted|wanna|wish|wishes|wished|ready|going|gonna|trying|tried|plans?|"
    r"planning|threaten\w*|thinking about|thinks about|talks? about|talking about|will|might|"
    r"would rather)"
)
_FALL = (
    r"\b(?:fell|fallen|slipped|slips|tripped|trips|tumbled|took a (?:bad )?(?:fall|tumble)|"
    r"had a (?:bad )?fall|(?:fall|falls|falling) (?:down|off|from|over|out of|onto|on the|"
    r"in the|in (?:his|her|my|the) (?!love))|fall in (?!love)\S+)\b(?! asleep| in love| for\b|"
    r" behind| apart| short| ill| sick| silent| (?:my|his|her) mind| off the wagon| victim)"
)
_FALL_SIGN = (
    r"\b(?:hit|hits|hitting|banged|bang|bumped|bump|struck|smacked|cracked|knocked) "
    r"(?:his|her|my|their|the back of (?:his|her|my)) head\b|\bhead\b(?: \S+){0,3} "
    r"(?:bleed\w*|blood|cut open|split open)\b|\bconfus\w*|\b(?:doesn'?t|does not|don'?t|"
    r"didn'?t) (?:know|recogni[sz]e) (?:where|who|me)\b|\bnot making sense\b|\bvomit\w*|"
    r"\bthrowing up\b|\bthrew up\b|\bthrows up\b|\bnot moving\b|\bisn'?t moving\b|"
    r"\bwon'?t move\b|\b(?:can'?t|cannot|cant|unable to|not able to|not|won'?t) (?:get up|"
    r"stand|stand up|walk|move|feel (?:his|her|my) legs)\b|\bnot get(?:ting)? up\b|"
    r"\b(?:not|isn'?t|is not|won'?t) (?:talk|talking|answer|answering|respond|responding|open|"
    r"opening|wake|waking)\b|"
    r"\bbent the wrong way\b|\bbroken? (?:hip|leg|neck|back|bone)\b|\bbone (?:is )?sticking "
    r"out\b|\b(?:very|really|so|too) (?:sleepy|drowsy)\b|\bpassed out\b|\bknocked out\b|"
    r"\bunconscious\b|\bseizure\b|\bkeeps? asking (?:the same|what happened)|\brepeating "
    r"(?:himself|herself|the same)|\bhelmet (?:is )?(?:cracked|broke\w*|split)|\b(?:hip|leg|arm|"
    r"wrist|ankle|shoulder) (?:looks|is|looking) (?:wrong|odd|twisted|bent|weird)\b|\b(?:crying|"
    r"screaming|moaning) in pain\b|\b(?:terrible|severe|so much) pain\b|\bcan'?t put (?:any )?"
    r"weight\b"
)
_TRAUMA = (
    r"\b(?:hit by a|run over by a|knocked down by a|struck by a) (?:car|truck|bus|van|motorcycle|"
    r"motorbike|scooter|train|taxi)\b|\b(?:car|motorcycle|motorbike|scooter|bike|bicycle|"
    r"traffic) (?:accident|crash)\b|\bwas (?:in|hit in) a (?:car )?crash\b"
)
_NOT_NOW = (
    r"\b(?:years? ago|last (?:year|month|winter|spring|summer|autumn)|months? ago|weeks? ago|"
    r"prevent\w*|avoid\w*|what (?:should|do) (?:i|you|we) do if|what to do if|in case|risk of|"
    r"(?:doesn'?t|does not|won'?t) fall|alarm|detection|sensor)\b|\b(?:price|prices|stocks?|"
    r"market|temperature|sales|rates?|value|shares|snow|rain|leaves|numbers?) (?:\S+ )?fell\b"
)
_BLOOD = (
    r"\b(?:bleed\w*|nosebleeds?|blood(?! (?:pressure|sugar|tests?|work|type|donation|draw|"
    r"thinners?|count|cells?|levels?|glucose|bank|orange|moon)))\b"
)

E = "emergency"
EN_EMERGENCY_CONCEPTS: tuple[Rule, ...] = (
    rule(
        E,
        "fall",
        "en",
        _FALL,
        _FALL_SIGN,
        unless=_NOT_NOW,
    ),
    rule(E, "injury", "en", _TRAUMA, _FALL_SIGN, unless=_NOT_NOW),
    rule(
        E,
        "cardiac",
        "en",
        r"\b(?:elephant|weight|something heavy|a brick|a rock|someone)(?: is)? (?:sitting|"
        r"standing|pressing|pushing|lying) on (?:my|his|her|the) chest\b",
    ),
    rule(
        E,
        "bleeding",
        "en",
        _BLOOD + r"(?: \S+){0,8}? (?:won'?t|wont|will not|doesn'?t|does not|didn'?t|did not|"
        r"can'?t|cannot|can not|isn'?t|is not|not|never) (?:stop\w*|slow\w* down|clot\w*)\b|"
        r"\bnothing (?:stops|will stop|is stopping|seems to stop) (?:it|the bleed\w*|the blood)\b"
        r"|\bblood (?:is |was )?soak\w*|\bsoaked (?:in|with) blood\b|\bsoaking (?:through|up)"
        r" (?:\S+ )?(?:towels?|bandages?|everything|cloths?)\b"
        r"|\bbleed\w* (?:right |straight )?through (?:the |a |his |her |my )?(?:towel|bandage|"
        r"cloth|gauze|shirt|dressing|napkin|paper)\b",
    ),
    rule(
        E,
        "bleeding",
        "en",
        _BLOOD
        + r"(?: \S+){0,4} (?:for|after) (?:an|over an|more than an|about an|almost an|half an|"
        r"\d+|one|two|three|twenty|thirty|forty) (?:hour|hours|minutes|mins)\b|\bblood(?: is|"
        r" was)? (?:pouring|gushing|spurting|squirting|pumping|streaming)\b|\bblood(?: is| was)?"
        r" (?:coming|running|flowing|dripping)(?: out)? (?:fast|everywhere|so fast|really fast|"
        r"quickly|non ?stop)\b",
    ),
    rule(
        E,
        "bleeding",
        "en",
        r"\b(?:arm|hand|finger|fingers|fingertip|leg|foot|hair|sleeve)s? (?:got |was |is |has "
        r"been |were |are |just )?(?:caught|stuck|pulled|crushed|trapped|sucked|chopped|cut off|"
        r"torn) (?:in|into|under|by|off by) (?:the |a |an |his |her )?(?:machine|machinery|press|"
        r"saw|chainsaw|grinder|conveyor|belt|roller|blender|meat grinder|mixer|lathe|drill|"
        r"forklift|engine|gears?|wood ?chipper|mower|lawnmower)\b|\b(?:cut|chopped|sliced|torn) "
        r"off (?:his|her|my) (?:finger|fingers|thumb|toe|hand)\b|\bamputat\w*|\bsevered\b",
    ),
    rule(
        E,
        "violence",
        "en",
        _AGENT + r"(?: \S+){0,3}? " + _VIOLENT + r" " + _VICTIM,
        unless=_NOT_VIOLENCE,
    ),
    rule(
        E,
        "violence",
        "en",
        _STRANGER + r"(?: \S+){0,3}? (?:following|followed|follows|chasing|chased|grabbing|"
        r"grabbed|grabs|dragging|dragged|pulling|pulled|cornered|won'?t let) (?:me|us|her|him|"
        r"(?:my|his|her|our) (?:\S+ )?(?:" + _PERSON_NOUN + r"|arm|wrist|hand|hair|neck|bag|"
        r"purse|throat))\b(?! aside| over)",
        unless=r"\b(?:instagram|facebook|twitter|tiktok|online|youtube|social media|on the app|"
        r"kakao ?talk)\b",
    ),
    rule(
        E,
        "violence",
        "en",
        r"\b(?:someone|somebody|a man|a guy|a stranger|stranger|strangers|people|men|they|he|"
        r"burglars?|thieves|thief|intruders?)\b(?: \S+){0,4}? (?:force|forcing|forced|pry|"
        r"prying|pried|break|breaking|kick|kicking|smash|smashing|trying to open|trying to get "
        r"(?:in|into)|trying to come in)(?: \S+){0,3}? (?:door|doors|window|windows|lock|locks|"
        r"gate|balcony)\b",
        unless=r"\b(?:how (?:do|can) i|locksmith|fix\w*|repair\w*|stuck|jammed)\b",
    ),
    rule(
        E,
        "violence",
        "en",
        r"\b(?:waving|swinging|brandishing|pointing|threatening (?:\S+ )?with) (?:a |an |his |her "
        r"|their )?(?:baseball )?(?:bat|hammer|axe|crowbar|pipe|broken bottle|bottle|club|knife|"
        r"gun|machete)\b",
    ),
)
"""Emergencies by concept, after the wording tables (their kinds win where both match)."""

EN_SUICIDE_CONCEPTS: tuple[Rule, ...] = (
    rule(
        E,
        "suicide",
        "en",
        r"\b(?:kill|killing|kills|shoot|shooting|hang|hanging|drown|drowning|poison|poisoning|"
        r"stab|stabbing) " + _SELF + r"|" + _INTENT + r" (?:to )?(?:hurt|harm|cut|kill|end) "
        r"(?:" + _SELF + r"|(?:his|her|their|my) (?:own )?life\b)",
    ),
    rule(
        E,
        "suicide",
        "en",
        _INTENT + r" (?:to )?(?:just )?(?:die|be dead|not (?:be )?(?:alive|here|around|wake up|"
        r"exist)|disappear (?:forever|for good|for ever)|(?:go to )?sleep (?:and|forever and) "
        r"(?:never|not) wake up|never wake up|end it(?: all)?|end (?:his|her|their|my) "
        r"(?:own )?life)\b",
        unless=r"\b(?:die (?:at home|in peace|peacefully|with dignity|in (?:his|her|my) "
        r"sleep)|hospice|palliative|a will\b|dnr|die my hair)",
    ),
    rule(
        E,
        "suicide",
        "en",
        r"\b(?:nobody|no one|noone) (?:would|will|is going to|gonna) (?:miss|care about|notice)"
        r" (?:me|him|her)\b|\b(?:everyone|everybody|they|my (?:kids|family)) (?:would|will|'d)"
        r" be better off\b|\b(?:i'?m|i am|she'?s|he'?s|she is|he is|feel like|feels like|being)"
        r" (?:just |only )?a burden\b|\b(?:suicide|goodbye|farewell) (?:note|letter)s?\b|"
        r"\b(?:texted|sent|said|saying|messaged) (?:me |us )?(?:goodbye|farewell) (?:forever|"
        r"for good|for the last time)\b|\bsaving up (?:my|his|her|all (?:my|his|her)) (?:pills|"
        r"meds|medicine|sleeping pills)\b|\bstockpil\w* (?:pills|meds)\b|\btired of (?:living|"
        r"life|being alive)\b|\b(?:going|gonna|threaten\w*|wants?|about|trying) to jump"
        r"(?! (?:rope|in (?:the|a) (?:pool|lake|water|river for)|on (?:the|a|my|his|her) "
        r"(?:bed|trampoline|bike)|start|ship|the (?:queue|line|gun)|ahead|at|into (?:the|a) "
        r"pool|over (?:the|a) (?:puddle|fence))\b)",
    ),
)
"""Wanting to die or to hurt oneself, in any wording; listed before the violence concepts."""
