"""A preferred language as a prior for Whisper's language detection, not a lock.

A person's profile may name the language they usually speak. Fixing Whisper to it turns
everything else they say into gibberish in that language (an English sentence "recognised" as
Korean). So detection always runs, and the preferred language only settles it when Whisper is
unsure: no language reaches :data:`UNSURE_BELOW`, and the preferred one is at least
:data:`PLAUSIBLE_FROM`.

Measured with Whisper base (int8, CPU) on 50 English utterances (JFK, four turns of a phone
call, 10 Piper and 5 eSpeak sentences each at rates 0.9/1.0/1.2) and 36 eSpeak Korean ones (12
sentences at the three rates), on both the fitted short window and the 30 s window:

- English: the top language was English in all 50 on both windows. Its probability was
  0.93-1.00 on human and Piper speech, except one short Piper phrase ("Say that again." at 0.9:
  0.34) and eSpeak's robotic English (0.34-0.96). Korean's probability never exceeded 0.0063,
  and 0.0033 where English was below 0.5. With the rule, no English utterance became Korean.
- eSpeak Korean: Whisper base never detected Korean (only Thai, Japanese, Vietnamese, Polish
  and others). Korean's probability was 0.001-0.16. Where the top language was below 0.5 and
  Korean reached 0.01, the prior gives Korean: 8 of 36 on the short window, 13 of 36 on the
  30 s one. The rest are *confidently* wrong (Thai at 0.6-0.97): no prior that leaves English
  alone can fix those; only a lock (``language``) or a better voice can.
- Six other languages in eSpeak (ja, zh, es, th, fr, de): only the Japanese one became Korean
  (Whisper: English 0.47 / 0.38, Korean 0.05): unsure audio goes to the person's language.

Each figure is one synthesis: Piper samples its voice and eSpeak's output varies slightly, so the
same sentence synthesised again moves (Piper's "Say that again." went from English 0.34 to 0.98;
eSpeak's "저는 눈이 잘 안 보여요." from Polish 0.25 to Thai 0.41, Korean staying 0.06-0.16).

0.5 is where faster-whisper itself calls a language "detected" (``language_detection_threshold``).
Raising it takes more eSpeak Korean (at 0.9: 11 and 17 of 36, still no English here) but lets the
prior overrule a detection Whisper is fairly sure of, which is how the lock went wrong; real
accented English was not among these recordings, so the bar stays where Whisper's own is.
0.01 sits above every Korean figure seen on English (≤ 0.0063); 0.005 would take 10 and 17 of 36
with no margin left, 0.02 only 7 and 9.
"""

from __future__ import annotations

from collections.abc import Iterable

UNSURE_BELOW = 0.5
"""Whisper is unsure when no language reaches this probability."""
PLAUSIBLE_FROM = 0.01
"""The preferred language must reach this probability to win: below it, the audio is
something else (English heard by Whisper base gave Korean ≤ 0.0063)."""


def whisper_code(language: str) -> str:
    """The code Whisper uses for a profile's language: ``ko-KR`` → ``ko``."""
    return language.strip().lower().replace("_", "-").split("-")[0]


def choose_language(
    probabilities: Iterable[tuple[str, float]], prior: str | None
) -> tuple[str, float]:
    """The language to recognise in, and Whisper's probability for it, from detection's
    ``(language, probability)`` pairs (any order) and the preferred language ``prior``."""
    scores = dict(probabilities)
    if not scores:
        raise ValueError("expected at least one detected language")
    top = max(scores, key=scores.__getitem__)
    if prior is None:
        return top, scores[top]
    preferred = whisper_code(prior)
    # A language Whisper has no token for never appears in ``scores``: it cannot be decoded.
    p_preferred = scores.get(preferred, 0.0)
    if scores[top] < UNSURE_BELOW and p_preferred >= PLAUSIBLE_FROM:
        return preferred, p_preferred
    return top, scores[top]
