"""Confirm what was heard when recognition is unsure (V6, NAUR): "I heard: "…". Is that right?"

Whisper reports, per segment, the mean log-probability of its tokens (``avg_logprob``) and the
chance the segment is not speech at all (``no_speech_prob``), and per utterance the probability
of the language it detected. :func:`recognition_confidence` folds them into one number in
[0, 1]: the weakest of the mean token probability, the chance that it was speech, and the
language probability. Whisper itself treats ``avg_logprob < -1.0`` (token probability ≈ 0.37)
as a failed decode; the default threshold of 0.5 (``avg_logprob ≈ -0.69``) asks a little
earlier, which costs one short question and saves a wrong answer.
"""

from __future__ import annotations

import math
import re
import unicodedata

from voices.stt.base import Transcript

DEFAULT_THRESHOLD = 0.5


def recognition_confidence(transcript: Transcript) -> float:
    """How sure the recogniser is, 0..1: the weakest of its three signals.

    Segments are weighted by duration, so a long clear sentence is not undone by a short
    mumble at its end. Without segments (typed text, or an engine that gives none), only the
    language probability counts.
    """
    signals = [transcript.language_probability]
    segments = [segment for segment in transcript.segments if segment.text.strip()]
    if segments:
        weights = [max(segment.end - segment.start, 0.01) for segment in segments]
        total = sum(weights)
        logprob = sum(w * s.avg_logprob for w, s in zip(weights, segments, strict=True)) / total
        no_speech = sum(w * s.no_speech_prob for w, s in zip(weights, segments, strict=True))
        signals += [min(1.0, math.exp(logprob)), 1.0 - no_speech / total]
    return round(max(0.0, min(signals)), 3)


def needs_confirmation(transcript: Transcript, threshold: float = DEFAULT_THRESHOLD) -> bool:
    """Whether to ask "Is that right?" before answering: recognition confidence below
    ``threshold``. An empty transcript needs no confirmation (there is nothing to confirm;
    the caller says it heard nothing)."""
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"expected a threshold between 0 and 1; got {threshold}")
    if transcript.is_empty:
        return False
    return recognition_confidence(transcript) < threshold


def confirmation_prompt(text: str, language: str) -> str:
    """The question to ask, in ``language`` (Korean, or English for any other)."""
    heard = " ".join(text.split()).strip().rstrip(".。")
    if language.split("-")[0].lower() == "ko":
        return f'이렇게 들었어요: "{heard}". 맞나요?'
    return f'I heard: "{heard}". Is that right?'


def _phrases(text: str) -> frozenset[str]:
    """Phrases written as ``"a | b | c"``."""
    return frozenset(phrase.strip() for phrase in text.split("|") if phrase.strip())


_YES = {
    "en": _phrases(
        "ok | yep | yes | yup | okay | sure | yeah | it is | right | indeed | uh huh | correct |"
        "exactly | of course | yes it is | absolutely | yes please | you got it | affirmative |"
        "thats right | that is right | thats correct | yes thats right | yes that is right"
    ),
    "ko": _phrases(
        "네 | 예 | 응 | 그래 | 맞아 | 맞음 | 그래요 | 그렇죠 | 그렇지 | 맞아요 | 오케이 | 응맞아 |"
        "좋아요 | 네맞아요 | 맞습니다 | 예맞아요 | 정확해요 | 그렇습니다 | 네맞습니다 |"
        "맞게들었어요 | 맞게들으셨어요"
    ),
}
_NO = {
    "en": _phrases(
        "no | nah | nope | wrong | negative | incorrect | not quite | not right | no it isnt |"
        "no its not | not really | thats wrong | no thats wrong | thats not right |"
        "thats not what i said"
    ),
    "ko": _phrases(
        "노 | 아뇨 | 아니 | 틀려 | 아니야 | 아니오 | 아니요 | 틀려요 | 틀렸어 | 아니에요 |"
        "아닙니다 | 틀렸어요 | 잘못들었어요 | 아니그게아니라"
    ),
}


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'").replace("'", "")
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _first_clause(text: str) -> str:
    """The reply before its first comma or full stop: "No, I said Busan" → "no"."""
    return re.split(r"[,.!?;]", text, maxsplit=1)[0]


def _verdict(phrase: str) -> bool | None:
    spaced = _normal(phrase)
    joined = spaced.replace(" ", "")
    for lang in ("en", "ko"):
        if spaced in _YES[lang] or joined in _YES[lang]:
            return True
        if spaced in _NO[lang] or joined in _NO[lang]:
            return False
    return None


def parse_yes_no(transcript: Transcript | str, language: str | None = None) -> bool | None:
    """``True`` for yes (yes, yeah, 네, 응, 맞아요 …), ``False`` for no (no, 아니요, 틀려요 …),
    ``None`` when the reply is neither: then the caller should treat it as a new question.

    The whole reply, or its first clause, must be a yes or a no ("Yes, that's right",
    "아니요, 부산이요"); both languages are accepted whatever ``language`` says, since a
    one-word reply is often recognised in the wrong language.
    """
    text = transcript.text if isinstance(transcript, Transcript) else transcript
    for candidate in (text, _first_clause(text)):
        if candidate.strip():
            verdict = _verdict(candidate)
            if verdict is not None:
                return verdict
    return None
