"""The terms the fact index matches on: Korean syllable bigrams and stems, English stems, digits.

No model is loaded: the index used to take Kiwi's content morphemes, and Kiwi's model raised a
process's resident memory by ~0.5 GB for ~85 short facts. Korean is matched on its syllables
instead (measured against Kiwi in ``docs/answers-facts.md``):

- every run of Hangul (an 어절, or the Hangul part of "SNAP은") loses one common particle or
  ending from a short list ("기초연금은" → 기초연금, "신청하려면" → 신청, "약국에서" → 약국);
- the stem is one whole-word term ("w:기초연금") and its syllable bigrams (기초, 초연, 연금), so
  that "기초 연금", "기초연금" and "기초연금을" all meet; a one-syllable stem (약, 맥, 밤) is
  one term;
- stems that are in almost every question (어떻게, 어디, 있, 방법, …) are dropped.

English: lowercased words without function words, lightly stemmed ("pensions" → "pension").
Digits stay whole, so that "what is 1345" finds the fact that names 1345.
"""

from __future__ import annotations

import re

WORD_PREFIX = "w:"
"""Marks a whole Korean stem, so that it counts apart from the bigram of the same letters."""


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Particles and endings, stripped once from the end of a Hangul run (longest first). Verb forms
# of 하다/되다 are here so that "신청해요", "신청하려면" and "신청할" all become 신청.
_ENDINGS = tuple(
    sorted(
        _word_set(
            """은 는 이 가 을 를 에 에서 에게 께 한테 으로 로 와 과 도 만 의
            랑 이랑 까지 부터 보다 처럼 에서는 에는 에도 에서도 으로는 로는 이나
            나 이라도 라도 요 이요 예요 이에요 이야 인가요 인데 인데요 이죠 죠
            이고 이랑요 해요 하나요 해야 해야요 하려면 하면 하고 해서 하는 하기
            할 한 했어요 했는데 하세요 해주세요 해줘 해줘요 해 할까요 하려고
            하려고요 하는데 하게 합니다 했 하지 하니 할게요 할래요 하는지 하는데요
            하면요 할수 하죠 되나요 돼요 되요 되려면 되는 될 되면 됐어요 받으려면
            받고 받아요 받는 받을 어요 아요 나요 까요 세요 어서 아서 으면 면
            는데 은데 니까 으니까 고 지 지요 게 을까요 려면 으려면 려고 으려고
            려고요 어야 아야 었어요 았어요 는지 은지"""
        ),
        key=len,
        reverse=True,
    )
)

_ENDING_SET = frozenset(_ENDINGS)

# A stem of one syllable is kept only after these: "약을" → 약, but "국가" stays 국가, "필요"
# stays 필요 (가, 요 are letters of the word there, not particles).
_ENDINGS_AFTER_ONE_SYLLABLE = _word_set("을 를 은 는 에 에서 에게 한테 으로 이나 이랑 예요 이에요")

# Stems in almost every question ("어떻게 하면 받을 수 있어요"): they say nothing of the topic.
_KOREAN_STOP = _word_set(
    """하 있 없 되 돼 받 주 줘 알 싶 먹 가 오 보 좋 같 말 좀 것 거 게 걸
    때 수 더 다 잘 또 너무 정말 진짜 그냥 갑자기 억지로 자주 빨리 많이 조금
    다시 계속 벌써 아직 항상 같이 함께 먼저 바로 꼭 제발 안 못 혹시 음 아 어
    네 예 저 제 나 내 우리 저희 사람 분 지금 요즘 오늘 이제 어떻게 어떡 어떤
    어디 어디서 어디로 어디에 뭐 뭘 뭐예 무슨 무엇 누구 누가 누구한테 언제 왜
    얼마 얼마나 몇 이거 그거 저거 이건 그건 여기 거기 이렇게 그렇게 방법 하는법
    법 질문 문의 궁금 궁금해 가야 가요 가면 갈 봐요 봐 줘요 해야 알려 알려주
    알려줘 알려주세요 도움 도와 도와주 도와줘 모르 몰라 필요 싶어 싶은 싶은데
    있어 있나 있을까 있는 있는지 없어 없나 해주 되는지 가능 가능한가 어떻게든
    주세요"""
)

_ENGLISH_STOP = _word_set(
    """a an the and or but if of to in on at by for with from about into over under up out
    is are was were be been being am do does did done doing have has had having can could will
    would shall should may might must i me my mine we us our you your he him his she her it its
    they them their this that these those there here what which who whom whose when where why
    how not no yes so too very just also than then please tell know want need get got getting
    help thank thanks hi hello hey ok okay some any all much many more most one lot really
    something anything thing way like make let go going use im ive dont cant whats hows"""
)

_HANGUL_RUN = re.compile(r"[가-힣]+")
_HANGUL = re.compile(r"[가-힣]")
_ENGLISH_WORD = re.compile(r"[a-z]+")
_DIGITS = re.compile(r"\d+")
_APOSTROPHE = re.compile(r"['’]")


def has_hangul(text: str) -> bool:
    return _HANGUL.search(text) is not None


def korean_stem(run: str) -> str:
    """``run`` (Hangul only) without one particle or ending; unchanged when none fits."""
    for ending in _ENDINGS:
        if not run.endswith(ending):
            continue
        stem = run[: -len(ending)]
        if len(stem) >= 2 or (len(stem) == 1 and ending in _ENDINGS_AFTER_ONE_SYLLABLE):
            return stem
    return run


def korean_terms(text: str) -> list[str]:
    """Per Hangul run: its stem as one term, and the stem's syllable bigrams."""
    found: list[str] = []
    for run in _HANGUL_RUN.findall(text):
        stem = korean_stem(run)
        # A run that is all ending ("해요", "돼요", "는" after "1339") says nothing.
        if run in _ENDING_SET or run in _KOREAN_STOP or stem in _KOREAN_STOP:
            continue
        if len(stem) == 1:
            found.append(stem)
            continue
        found.append(WORD_PREFIX + stem)
        found.extend(stem[i : i + 2] for i in range(len(stem) - 1))
    return found


def _stem(word: str) -> str:
    """Light English stemming: the same rule on both sides is what matters, not linguistics."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def english_terms(text: str) -> list[str]:
    words = _ENGLISH_WORD.findall(_APOSTROPHE.sub("", text.lower()))
    return [_stem(word) for word in words if word not in _ENGLISH_STOP and len(word) > 1]


def terms(text: str) -> list[str]:
    """The terms of a question or a fact: Korean stems and bigrams, English stems and digits."""
    return korean_terms(text) + english_terms(text) + _DIGITS.findall(text)
