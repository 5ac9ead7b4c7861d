"""Rewriting one sentence at a time (all of Korean; English retries).

Asked to rewrite a whole Korean notice, the bundled 1.5B model copied it back almost unchanged
(measured on the evaluation set: 3 of 3 attempts were copies). Asked for one sentence, with two
worked examples, it does rewrite: "기한 내에 검진을 받지 않으신 경우 …" → "검진을 안 받으면 …",
in 2–4 s per sentence once the fixed prefix is cached. Each sentence is also checked on its own:
a rewrite that loses one of that sentence's facts is dropped and the sentence kept as it was,
so one bad sentence no longer costs the whole rewrite. English whole-passage rewrites often lost
a fact (31 of 75 easy-read attempts rejected), so English retries go sentence by sentence too.
"""

from __future__ import annotations

import re
from contextlib import aclosing
from typing import Final

from pydantic import BaseModel

from accessibility.language import hangul_share
from accessibility.simplify import korean
from accessibility.simplify.facts import check_facts, extract_facts
from accessibility.simplify.metrics import english_sentences, measure
from accessibility.simplify.output import clean_model_output
from accessibility.simplify.targets import LevelTargets, SimplifyLanguage
from voices.lm.base import ChatMessage, GenerationOptions, LanguageModel

_SYSTEM: Final[dict[SimplifyLanguage, str]] = {
    "ko": (
        "당신은 공공기관 안내문의 한 문장을 {level_name} 한국어로 고쳐 쓰는 사람입니다. "
        "어려운 한자어는 쉬운 우리말로 바꿉니다. 긴 문장은 짧은 문장 두세 개로 나눕니다. "
        "한 문장은 {words}어절 이하로 씁니다. 문장 끝은 '~해요', '~하세요'로 씁니다. "
        "숫자, 날짜, 시간, 금액, 전화번호, 기관 이름은 그대로 씁니다. 고쳐 쓴 문장만 씁니다."
    ),
    "en": (
        "You rewrite one sentence of a public-service notice in {level_name} English for people "
        "who find reading hard. Use short, common words. Split a long sentence into two or three "
        "short ones, each at most {words} words. Speak to the reader as 'you'. Keep every "
        "number, date, time, amount, phone number and name exactly as written. Write only the "
        "rewritten sentences."
    ),
}
_EXAMPLES: Final[dict[SimplifyLanguage, tuple[tuple[str, str], ...]]] = {
    "ko": (
        ("신청서는 주민센터를 방문하여 제출하시기 바랍니다.", "주민센터에 가서 신청서를 내세요."),
        (
            "지원금은 3월 25일에 계좌로 지급되며 별도 신청은 필요하지 않습니다.",
            "지원금은 3월 25일에 통장으로 들어와요. 따로 신청하지 않아도 돼요.",
        ),
    ),
    "en": (
        (
            "Applications must be submitted no later than 31 March 2025 via the online portal.",
            "Apply online. Do it by 31 March 2025.",
        ),
        (
            "Individuals in receipt of Pension Credit may also qualify for assistance with "
            "heating costs.",
            "Do you get Pension Credit? You may also get help to pay for heating.",
        ),
    ),
}
_LEVEL_NAMES: Final[dict[tuple[SimplifyLanguage, str], str]] = {
    ("ko", "easy-read"): "아주 쉬운",
    ("ko", "plain"): "알기 쉬운",
    ("en", "easy-read"): "easy-read",
    ("en", "plain"): "plain",
}
_SHORTER: Final[dict[SimplifyLanguage, str]] = {
    "ko": "더 짧은 문장으로 나누고, 더 쉬운 말로 쓰세요.",
    "en": "Make it shorter and use simpler words.",
}
_FIRST_PERSON: Final[dict[SimplifyLanguage, re.Pattern[str]]] = {
    "ko": re.compile(r"(?<![가-힣])(?:저는|제가|저의|제|나는|내가)(?![가-힣])"),
    "en": re.compile(r"\b(?:I|I'm|I've|my|me)\b"),
}
"""The model sometimes starts speaking as itself (단독가구는 → 저는, measured)."""
MAX_GROWTH: Final = 2.5
"""A rewrite longer than this many times its sentence is taken to have added things."""


class SentencePass(BaseModel):
    """One pass over a text's sentences."""

    text: str
    asked: int
    rewritten: int
    kept_as_was: int
    """Sentences whose rewrite lost a fact or went wrong, so the original stayed."""


def sentence_messages(sentence: str, targets: LevelTargets, retry: bool) -> list[ChatMessage]:
    language = targets.language
    words = max(6, int(targets.max_words_per_sentence or 12) - 3)
    level_name = _LEVEL_NAMES[(language, targets.level)]
    messages = [
        ChatMessage(
            role="system", content=_SYSTEM[language].format(level_name=level_name, words=words)
        )
    ]
    for source, rewrite in _EXAMPLES[language]:
        messages.append(ChatMessage(role="user", content=source))
        messages.append(ChatMessage(role="assistant", content=rewrite))
    content = f"{_SHORTER[language]}\n{sentence}" if retry else sentence
    messages.append(ChatMessage(role="user", content=content))
    return messages


def needs_work(sentence: str, targets: LevelTargets) -> bool:
    """Whether a sentence is long, hard or holds rare words, so is worth another try."""
    measures = measure(sentence, targets.language, targets.rare_zipf)
    too_long = measures.words > (targets.max_words_per_sentence or 12) * 0.75
    too_hard = (
        targets.max_grade is not None
        and measures.fk_grade is not None
        and measures.fk_grade > targets.max_grade
    )
    return too_long or too_hard or bool(measures.rare_words)


def split_sentences(text: str, language: SimplifyLanguage) -> list[str]:
    return korean.sentences(text) if language == "ko" else english_sentences(text)


async def rewrite_sentences(
    text: str,
    targets: LevelTargets,
    lm: LanguageModel,
    options: GenerationOptions,
    *,
    retry: bool = False,
) -> SentencePass:
    """Rewrite each sentence (on a retry, only those that still need work)."""
    out: list[str] = []
    asked = rewritten = kept = 0
    for sentence in split_sentences(text, targets.language):
        if retry and not needs_work(sentence, targets):
            out.append(sentence)
            continue
        asked += 1
        candidate = await _ask(sentence, targets, lm, options, retry)
        if _acceptable(sentence, candidate, targets.language):
            out.append(candidate)
            rewritten += candidate != sentence
        else:
            out.append(sentence)
            kept += 1
    return SentencePass(text=" ".join(out), asked=asked, rewritten=rewritten, kept_as_was=kept)


async def _ask(
    sentence: str,
    targets: LevelTargets,
    lm: LanguageModel,
    options: GenerationOptions,
    retry: bool,
) -> str:
    deltas: list[str] = []
    messages = sentence_messages(sentence, targets, retry)
    async with aclosing(lm.stream(messages, options)) as stream:
        async for delta in stream:
            deltas.append(delta)
    return clean_model_output("".join(deltas))


def _acceptable(sentence: str, candidate: str, language: SimplifyLanguage) -> bool:
    if not candidate or (hangul_share(candidate) > 0.5) != (language == "ko"):
        return False
    first_person = _FIRST_PERSON[language]
    if first_person.search(candidate) and not first_person.search(sentence):
        return False
    if len(candidate) > MAX_GROWTH * len(sentence) + 20:
        return False
    facts = extract_facts(sentence, language)
    return check_facts(facts, candidate, language).all_kept
