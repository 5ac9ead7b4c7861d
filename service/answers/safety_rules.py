"""The rule engine of the safety layer: normalise a transcript, mask look-alikes, match rules.

Transcripts come from speech recognition or hurried typing: no punctuation, odd case, Korean
spacing errors ("숨을 못 쉬어요", "숨을못쉬어요", "숨 을 못쉬 어요"). So:

- English rules match the lower-cased text with punctuation turned into spaces;
- Korean rules match the same text with every space removed, so spacing never matters
  (a Korean stem such as "숨을못쉬" then also covers "숨을 못 쉬어서", "숨을 못쉬겠어요").

Before matching, benign look-alikes ("fire drill", "dying to see", "배터리가 죽었") are masked
out, so a real cue elsewhere in the same turn still counts. Each rule may also carry
``unless``: a pattern that, found anywhere in the turn, vetoes that rule only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal, TypeVar

Script = Literal["en", "ko"]
C = TypeVar("C", bound=str)

_NOT_WORD = re.compile(r"[^\w']+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_SPACES = re.compile(r"\s+")
_LATIN = re.compile(r"[a-z]")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_MASK = " _ "
"""Masked look-alikes become this, so words on either side never join into a new match."""


@dataclass(frozen=True)
class Rule:
    """One recognisable situation: all of ``patterns`` must be found (in any order)."""

    category: str
    kind: str
    script: Script
    patterns: tuple[re.Pattern[str], ...]
    unless: re.Pattern[str] | None = None


def rule(
    category: str, kind: str, script: Script, *patterns: str, unless: str | None = None
) -> Rule:
    """Compile a rule; patterns are verbose-free regular expressions over normalised text."""
    return Rule(
        category=category,
        kind=kind,
        script=script,
        patterns=tuple(re.compile(p) for p in patterns),
        unless=re.compile(unless) if unless else None,
    )


@dataclass(frozen=True)
class Normalised:
    """A transcript in the two forms the rules read."""

    spaced: str
    """Lower case, NFKC, punctuation as single spaces: English rules read this."""
    joined: str
    """``spaced`` without any spaces: Korean rules read this."""


def normalise(text: str) -> Normalised:
    """Lower-case, NFKC-fold and de-punctuate a transcript (apostrophes kept for "can't")."""
    folded = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()
    spaced = _SPACES.sub(" ", _NOT_WORD.sub(" ", folded)).strip()
    return Normalised(spaced=f" {spaced} ", joined=spaced.replace(" ", ""))


def mask(
    normalised: Normalised, en_masks: re.Pattern[str], ko_masks: re.Pattern[str]
) -> Normalised:
    """Blank out benign look-alike phrases in both forms."""
    spaced = en_masks.sub(_MASK, normalised.spaced)
    joined = ko_masks.sub("_", normalised.joined)
    return Normalised(spaced=spaced, joined=joined)


Searches = dict[int, "re.Match[str] | None"]
"""One turn's searches so far, by ``id`` of the pattern: many rules share one (the medicine
lexicon). Not keyed by the pattern itself: hashing a compiled pattern hashes all its code."""


def first_cue(candidate: Rule, text: Normalised, seen: Searches | None = None) -> str | None:
    """The words that made a rule match, or None when it does not."""
    source = text.spaced if candidate.script == "en" else text.joined
    cues: list[str] = []
    for pattern in candidate.patterns:
        if seen is None:
            found = pattern.search(source)
        elif id(pattern) in seen:
            found = seen[id(pattern)]
        else:
            found = seen[id(pattern)] = pattern.search(source)
        if found is None:
            return None
        cues.append(found.group(0).strip())
    if candidate.unless is not None and candidate.unless.search(source):
        return None
    return " … ".join(cues)


SCAM_KIND_ORDER = (
    "safe_account",
    "remote_app",
    "gift_card",
    "credentials",
    "family_money",
    "romance",
    "investment",
    "account_change",
    "overpayment",
    "advance_fee",
    "impersonation",
    "phishing_link",
)
"""A scam turn often shows several signs ("the bank" + "install this app"): the most specific
kind wins, so the answer names the action to refuse; impersonation is the general case.
romance, investment, account_change, overpayment and advance_fee (pay first to get a prize, a
loan, a job or a parcel) have no text of their own: they get the generic scam answer."""


def _specific_first(rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
    def rank(candidate: Rule) -> int:
        if candidate.category != "scam":
            return 0
        return SCAM_KIND_ORDER.index(candidate.kind)

    return tuple(sorted(rules, key=rank))  # Stable: table order otherwise.


@cache
def _compiled() -> tuple[tuple[Rule, ...], re.Pattern[str], re.Pattern[str]]:
    # Deferred to the first call: the rule tables compile a few hundred patterns.
    from service.answers.safety_rules_en import EN_EMERGENCY, EN_MASKS
    from service.answers.safety_rules_en_advice import EN_MEDICATION, EN_SCAM
    from service.answers.safety_rules_en_concepts import (
        EN_EMERGENCY_CONCEPTS,
        EN_SUICIDE_CONCEPTS,
    )
    from service.answers.safety_rules_en_concepts_advice import (
        EN_MEDICATION_CONCEPTS,
        EN_SCAM_CONCEPTS,
    )
    from service.answers.safety_rules_home_concepts import (
        CO_FIRST,
        EN_HOME_CONCEPTS,
        KO_HOME_CONCEPTS,
    )
    from service.answers.safety_rules_ingestion import (
        INGESTION_CONCEPTS,
        MEDICINE_AROUND_CONCEPTS,
    )
    from service.answers.safety_rules_ko import KO_EMERGENCY, KO_MASKS
    from service.answers.safety_rules_ko_advice import KO_MEDICATION, KO_SCAM
    from service.answers.safety_rules_ko_concepts import (
        KO_EMERGENCY_CONCEPTS,
        KO_SUICIDE_CONCEPTS,
    )
    from service.answers.safety_rules_ko_concepts_advice import (
        KO_MEDICATION_CONCEPTS,
        KO_SCAM_CONCEPTS,
    )
    from service.answers.safety_rules_scam_shapes import SCAM_SHAPES

    # The wording tables first (their kinds win where both match), then the concept rules:
    # suicide before violence, so "she wants to die and has a gun" gets the crisis line.
    # Carbon monoxide first of all: "won't wake up" beside a heater means get everyone out.
    emergency = (
        CO_FIRST
        + EN_EMERGENCY
        + KO_EMERGENCY
        + EN_SUICIDE_CONCEPTS
        + KO_SUICIDE_CONCEPTS
        + EN_EMERGENCY_CONCEPTS
        + KO_EMERGENCY_CONCEPTS
        + EN_HOME_CONCEPTS
        + KO_HOME_CONCEPTS
        + INGESTION_CONCEPTS
    )
    scam = EN_SCAM + KO_SCAM + EN_SCAM_CONCEPTS + KO_SCAM_CONCEPTS + SCAM_SHAPES
    medication = (
        EN_MEDICATION
        + KO_MEDICATION
        + EN_MEDICATION_CONCEPTS
        + KO_MEDICATION_CONCEPTS
        + MEDICINE_AROUND_CONCEPTS
    )
    rules = emergency + scam + medication
    return (
        _specific_first(rules),
        re.compile("|".join(f"(?:{m})" for m in EN_MASKS)),
        re.compile("|".join(f"(?:{m})" for m in KO_MASKS)),
    )


def best_match(text: str, priority: Sequence[C]) -> tuple[C, str, str] | None:
    """(category, kind, cue) of the highest-priority rule that matches, or None.

    Within a category, the rule listed first wins (the tables list the most urgent first).
    """
    rules, en_masks, ko_masks = _compiled()
    prepared = mask(normalise(text), en_masks, ko_masks)
    # Every Korean rule needs Hangul and every English rule Latin letters: skipping the rules
    # of a script the turn does not contain halves the time of a one-language turn.
    present = {
        "en": bool(_LATIN.search(prepared.spaced)),
        "ko": bool(_HANGUL.search(prepared.joined)),
    }
    seen: Searches = {}
    for category in priority:
        for candidate in rules:
            if candidate.category != category or not present[candidate.script]:
                continue
            cue = first_cue(candidate, prepared, seen)
            if cue is not None:
                return category, candidate.kind, cue
    return None
