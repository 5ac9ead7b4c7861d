"""English scam and medication rules of the safety layer (emergencies: safety_rules_en.py)."""

from __future__ import annotations

from service.answers.safety_rules import Rule, rule
from service.answers.safety_rules_en_words import (
    CHILD,
    CREDENTIAL,
    GIFT_CARD,
    MED,
    MISSED,
    SCAM_AUTHORITY,
    SCAM_CONTACT,
    SCAM_PRESSURE,
    STRANGER_ASKS,
    SYMPTOM,
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
        r"collect|come get|take) (?:the |my )?(?:cash|money|gold|it|them)\b|\b(?:withdraw|take out|"
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
        r"asking|said|says) (?:me )?to (?:go (?:\S+ ){0,4}(?:and )?)?buy|"
        r"buy (?:\S+ ){0,3}(?:and|then) "
        r"(?:send|read|give)|call (?:them|him|her) back with (?:the )?(?:numbers?|codes?))\b",
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
        r"calling|caller|phone|text|message|link|bank|police|refund|account|security|virus|hacked|"
        r"fix|computer|support|"
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
    rule(
        S,
        "safe_account",
        "en",
        r"\b(?:send|sending|sends) (?:someone|somebody|a courier|"
        r"a driver|a man|an agent)(?: \S+){0,2} (?:to )?(?:pick up|collect|get) (?:the |my |"
        r"your )?(?:cash|money|gold)\b",
    ),
    rule(
        S,
        "remote_app",
        "en",
        r"\b(?:anydesk|any desk|teamviewer|team viewer|rustdesk|"
        r"ultraviewer|logmein|quick ?support)\b",
        r"\b(?:wants?|wanted|told|asked|asks|said|"
        r"says|install\w*|download\w*)\b",
    ),
    rule(
        S,
        "credentials",
        "en",
        CREDENTIAL,
        r"\b(?:i|me to) (?:should|must|need to|have to|"
        r"had to) (?:give|tell|read|send|share|confirm)\b",
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
        r"\b(?:can (?:\S+ ){0,2}(?:take|have)|how much|how many|what dose|what dosage|"
        r"dose|dosage|amount|can i give|should i give|can (?:she|he) have|is it (?:ok|okay|"
        r"safe) to give|give (?:him|her|them|my|the))\b",
    ),
    # Asking to double up *after a miss* is the missed-dose question: nothing extra was taken
    # yet, so "call Poison Control now" (the US double-dose text) would be wrong.
    rule(
        M,
        "missed_dose",
        "en",
        MISSED,
        r"\b(?:(?:can|should|could|do|may) i (?:just )?(?:take|have|give) (?:two|2|both|double|"
        r"an extra|another|the missed)|double (?:up|dose|the dose|my dose|it)|two doses|2 doses|"
        r"make up for|catch up)\b",
    ),
    rule(
        M,
        "double_dose",
        "en",
        r"\b(?:doubled (?:my|the|his|her)|double (?:up|dose|doses|the dose|my dose)|two doses|"
        r"2 doses|twice the dose|extra (?:dose|pill|tablet))\b",
    ),
    rule(
        M,
        "double_dose",
        "en",
        r"\b(?:took|taken|gave|given|have had|had)\b(?: \S+){0,5}?"
        r" (?:twice|two times|2 times|again|an extra|another one|another dose|another pill|one "
        r"more|a second)\b",
        MED,
    ),
    # Not yet taken ("can I take another one"): a change of dose, for the pharmacist.
    rule(
        M,
        "dose_change",
        "en",
        r"\b(?:take|taking|give|giving)\b(?: \S+){0,5}?"
        r" (?:twice|two times|2 times|again|an extra|another|one more|a second)\b",
        MED,
    ),
    rule(
        M,
        "dose_change",
        "en",
        r"\b(?:can|should|could|do) i (?:just )?take (?:two|2|both|"
        r"double)(?: \S+)? (?:tonight|now|today|tomorrow|at once|together|to make up)\b",
    ),
    rule(
        M,
        "missed_dose",
        "en",
        r"\bmake up for (?:the |a |my )?(?:missed|skipped|forgotten)\b",
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
        r"?(?:making|makes?|made|gives?|giving|gave) (?:me|him|her|my|his)\b",
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
    rule(
        M,
        "side_effect",
        "en",
        MED + r"(?: \S+){0,6}? (?:and )?(?:now|since then|ever since)\b",
        SYMPTOM,
    ),
    rule(
        M,
        "dose_change",
        "en",
        r"\b(?:empty stomach|with food|before (?:bed|meals?|"
        r"breakfast)|after (?:meals?|eating))\b",
        MED,
        r"\b(?:can|should|is it|do i|must)\b",
    ),
)
