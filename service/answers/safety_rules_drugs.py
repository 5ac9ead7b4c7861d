"""Medicine names and classes the concept rules recognise, in English and Korean.

The first medication rules listed a few dozen names; people ask about hundreds. So beside the
common brand and generic names, English generics are recognised by the suffix of their class
(metopr-olol, lisin-opril, simva-statin, omep-razole, amoxi-cillin …), and both languages name
the everyday classes ("water pill", "cholesterol medicine", 혈당약, 이뇨제, 흡입기). A name alone
is never a medication question: a rule also needs a question about taking, mixing, timing or a
symptom (safety_rules_en_concepts_advice.py, safety_rules_ko_concepts_advice.py).
"""

from __future__ import annotations

_EN_NAMES = (
    r"warfarin|coumadin|eliquis|apixaban|xarelto|rivaroxaban|pradaxa|heparin|plavix|"
    r"clopidogrel|aspirin|ibuprofen|advil|motrin|tylenol|acetaminophen|paracetamol|naproxen|"
    r"aleve|excedrin|metformin|januvia|jardiance|ozempic|insulin|glipizide|lisinopril|"
    r"amlodipine|norvasc|losartan|lipitor|crestor|zocor|levothyroxine|synthroid|lasix|"
    r"furosemide|hydrochlorothiazide|hctz|spironolactone|digoxin|nitroglycerin|prednisone|"
    r"allopurinol|colchicine|tamsulosin|flomax|finasteride|donepezil|aricept|memantine|"
    r"sertraline|zoloft|prozac|lexapro|paxil|wellbutrin|xanax|valium|ativan|ambien|zolpidem|"
    r"trazodone|seroquel|gabapentin|lyrica|tramadol|oxycodone|hydrocodone|morphine|codeine|"
    r"nexium|prilosec|pepcid|tums|zantac|mucinex|nyquil|dayquil|sudafed|claritin|zyrtec|"
    r"allegra|benadryl|melatonin|ventolin|albuterol|symbicort|advair|spiriva|miralax|"
    r"dulcolax|metamucil|senna|imodium|viagra|cialis|methotrexate|fish oil|omega 3|"
    r"vitamins?|supplements?|antibiotics?|antidepressants?|antihistamines?|antacids?|"
    r"laxatives?|diuretics?|steroids?|statins?|opioids?|painkillers?|pain ?killers?|"
    r"blood thinners?|inhalers?|puffers?|sleeping (?:pills?|tablets?)|stool softeners?|"
    r"eye ?drops|ear ?drops|nasal spray|cough (?:syrup|medicine)|birth control"
)
_EN_SUFFIXES = (
    r"[a-z]{2,}(?:olol|pril|sartan|statin|dipine|prazole|cillin|mycin|floxacin|cycline|"
    r"gliptin|gliflozin|azepam|zolam|oxetine|triptan|profen|dronate|xaban|thiazide|semide|"
    r"tidine|lukast|terol|sonide|pramine|tadine|glutide)"
)
_EN_CLASSES = (
    r"(?:blood pressure|bp|pressure|cholesterol|thyroid|diabetes|diabetic|sugar|heart|water|"
    r"pain|cold|flu|allergy|sleep|sleeping|stomach|acid|anxiety|nerve|gout|prostate|memory|"
    r"arthritis|joint|asthma|seizure|depression|migraine|fever|cough|blood thinning|"
    r"new|old|other|same|generic|prescription|pharmacy|company|hospital|korean|vietnamese|"
    r"chinese|morning|night|evening|daily|regular|usual)"
    r" (?:medicines?|medications?|meds|pills?|tablets?|capsules?|drugs?)"
)
EN_DRUG = (
    r"\b(?:"
    + _EN_NAMES
    + r"|"
    + _EN_SUFFIXES
    + r"|"
    + _EN_CLASSES
    + r"|pills?|tablets?|capsules?|meds|medicines?|medications?|prescriptions?|doses?|"
    r"dosage|syrup)\b"
)
"""Any medicine, by name, class suffix, everyday class ("water pill") or the plain word."""

KO_DRUG = (
    r"(?:혈압약|고혈압약|당뇨약|혈당약|고지혈증약|콜레스테롤약|갑상선약|심장약|관절약|위장약|변비약|"
    r"감기약|기침약|수면제|수면유도제|진통제|소염제|진통소염제|해열제|항생제|소화제|제산제|이뇨제|"
    r"항응고제|혈전약|아스피린|와파린|타이레놀|부루펜|이부프로펜|애드빌|게보린|펜잘|판콜|탁센|"
    r"메트포르민|인슐린|스타틴|신경안정제|안정제|진정제|항우울제|우울증약|치매약|전립선약|"
    r"알레르기약|비염약|피임약|흡입기|흡입제|스테로이드|영양제|비타민|유산균|오메가3|멜라토닌|"
    r"알약|물약|시럽|파스|안약|연고|한약|약봉지|약봉투|처방약|"
    # Generic names as Korean pharmacies write them, by the class's ending (암로디핀, 로수바스타틴,
    # 메토프롤롤, 로사르탄, 오메프라졸, 아목시실린 …), as _EN_SUFFIXES does for English.
    r"[가-힣]{1,6}(?:디핀|올롤|프롤롤|프릴|사르탄|스타틴|프라졸|실린|마이신|플록사신|사이클린|글립틴|"
    r"글리플로진|제팜|졸람|옥세틴|트립탄|프로펜|드로네이트|자반|티아지드|세미드|티딘|루카스트|"
    r"글루타이드|포르민|피리드)|"
    r"(?:(?<![예계절공규언협특치화마농독])|(?<=엄마))약(?!간|속|국|점|혼|탈|관|사|수|도|하다|해져|해지|해서|"
    r"하게|하고|자|체))"
)
"""Any medicine in Korean, read on the space-free text ("고지혈증 약" is "고지혈증약")."""
