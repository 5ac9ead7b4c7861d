"""The English words the safety rules are built from: people, medicines, children, missed
doses, symptoms and the parts of a scam (who calls, how, what they push for, what they ask).

Shared by the emergency table (safety_rules_en.py) and the scam and medication table
(safety_rules_en_advice.py); lower-cased text with punctuation as spaces.
"""

from __future__ import annotations

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
    r"cough medicine|sleeping pills?|heart pills?|water pills?|pressure pills?|"
    r"antidepressants?|steroids?|prednisone|gabapentin|opioids?|oxycodone|hydrocodone|"
    r"tramadol|morphine|nitroglycerin|digoxin|diuretics?|fever medicine|cold medicine)\b"
)
CHILD = (
    r"\b(?:child|children|kids?|baby|babies|infant|toddler|newborn|son|daughter|grandson|"
    r"granddaughter|grandchild|grandkids?|little one|(?:[1-9]|1[0-2]|one|two|three|four|five|"
    r"six|seven|eight|nine|ten|eleven|twelve)[ -]?(?:years?|yrs?|months?|weeks?)[ -]?old|"
    r"\d+[ -]?(?:months?|weeks?)[ -]?old)\b"
)
MISSED = (
    r"\b(?:forgot|forget|forgotten|missed|skipped|didn'?t take|did not take|didnt take|"
    r"haven'?t taken|have not taken|never took|slipped my mind|didn'?t give|did not give|"
    r"forgetting|forgets|misses|miss)\b"
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
