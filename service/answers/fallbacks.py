"""Short honest texts, in Korean and English, for when an answer or a sentence had to be
replaced. They promise nothing and name no numbers: the pipeline uses them where the model's
words could not be trusted, so they must themselves be safe to say to anyone."""

from __future__ import annotations

from typing import Literal

FallbackReason = Literal["no_answer", "unverified_specifics", "echo", "loop", "wrong_language"]
"""Why the model's words were replaced:

- ``no_answer``: the answer was dropped (nothing usable was left after the checks);
- ``unverified_specifics``: one sentence named a phone number, address, time, price or
  forecast that nothing supplied (``specifics.unsupported_specifics``);
- ``echo``: the answer only repeated the question (``quality.is_echo``);
- ``loop``: the answer repeated itself and nothing was left before the loop;
- ``wrong_language``: the answer drifted into another language (``quality.wrong_language``).
"""

_TEXTS: dict[FallbackReason, dict[str, str]] = {
    "no_answer": {
        "ko": "잘 모르겠어요. 다르게 물어봐 주시거나 공식 기관에 확인해 주세요.",
        "en": "I'm not sure about that. Please ask in another way, or check with the official "
        "source.",
    },
    "unverified_specifics": {
        "ko": "전화번호나 시간, 주소, 가격 같은 정확한 정보는 제가 확인할 수 없어요. "
        "공식 기관에 확인해 주세요.",
        "en": "I can't check exact details like phone numbers, times, addresses or prices; "
        "please confirm them with the official source.",
    },
    "echo": {
        "ko": "그 질문에 대한 좋은 답을 찾지 못했어요. 다르게 한 번 더 물어봐 주세요.",
        "en": "I couldn't find a good answer to that. Please ask it once more in another way.",
    },
    "loop": {
        "ko": "답을 만들다가 문제가 생겼어요. 한 번 더 물어봐 주세요.",
        "en": "Something went wrong while I was answering. Please ask once more.",
    },
    "wrong_language": {
        "ko": "한국어로 제대로 답하지 못했어요. 한 번 더 물어봐 주세요.",
        "en": "I couldn't answer that properly in English. Please ask once more.",
    },
}


def fallback_text(reason: FallbackReason, language: str) -> str:
    """The honest replacement text for ``reason`` in ``language`` ("ko"; anything else gets
    English, the language most of modu's other users can read)."""
    texts = _TEXTS[reason]
    return texts["ko"] if language == "ko" else texts["en"]


def fallback_reason(removed_because: str) -> FallbackReason:
    """The fallback for the sentence gate's reason for removing the last sentence
    (``SentenceGate.removed``)."""
    if removed_because.startswith("not in"):
        return "wrong_language"
    if removed_because == "repeats the question":
        return "echo"
    if removed_because == "repeats itself":
        return "loop"
    return "no_answer"
