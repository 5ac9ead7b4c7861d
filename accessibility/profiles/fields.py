"""The profile's field types: bounds, titles and descriptions in English and Korean.

Each type is declared once and used by both :class:`~accessibility.profiles.model.Profile` and
its partial update, so a patch is held to exactly the bounds of a whole profile. The titles are
the labels a profile form shows (the web page reads them from the JSON schema).
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints

from accessibility.profiles.languages import normalise_languages
from voices.tts.base import PITCH_MAX, PITCH_MIN, RATE_MAX, RATE_MIN, VOLUME_MAX, VOLUME_MIN

Mode = Literal["voice", "text", "both"]
ReadingLevel = Literal["standard", "plain", "easy-read"]
Verbosity = Literal["brief", "normal", "detailed"]
AiDisclosure = Literal["once_per_session", "never"]
Theme = Literal["light", "dark", "high-contrast", "system"]


def storable_name(name: str) -> str:
    """``name`` if every database can keep it and a screen reader can say it; else
    :class:`ValueError` naming the first character that cannot. PostgreSQL refuses NUL in text,
    an unpaired surrogate is not UTF-8 at all, and line breaks and other control characters
    have no place in a one-line label."""
    for character in name:
        if unicodedata.category(character) in ("Cc", "Cs"):
            code = f"U+{ord(character):04X}"
            raise ValueError(
                f"the name contains {code}, a control character or unpaired surrogate; use "
                f"printable text / 이름에 쓸 수 없는 문자({code})가 있습니다"
            )
    return name


ProfileName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=80),
    AfterValidator(storable_name),
    Field(
        title="Name / 이름",
        description="What the profile is called, as its owner sees it. / 프로필 이름.",
    ),
]
CountryCode = Annotated[
    str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{2}$")
]
Country = Annotated[
    CountryCode | None,
    Field(
        title="Country or region / 국가·지역",
        description=(
            "Where the person is (ISO 3166 two letters, e.g. KR, US): emergency and help numbers "
            "are chosen by it, not by the language (an English speaker in Seoul needs 119). "
            "Left out: the service's default. / 지금 있는 나라(ISO 3166 두 글자, 예: KR, US). "
            "긴급·상담 전화번호를 언어가 아니라 나라에 맞춰 알려 드려요."
        ),
    ),
]
PreferredLanguages = Annotated[
    list[str],
    Field(
        max_length=5,
        title="Preferred languages / 사용 언어",
        description=(
            "ISO 639-1 codes in order of preference, e.g. ['ko', 'en']. The language is detected "
            "each turn; with exactly one, it is a preference for recognition, not a lock: it "
            "decides only when detection is unsure, so other languages you speak are still "
            "recognised. / 선호하는 언어(ISO 639-1 코드, 선호 순서). "
            "말할 때마다 언어를 알아냅니다. "
            "하나만 고르면 그 언어를 인식에서 우선하지만 고정하지는 않습니다: 어느 언어인지 "
            "확실하지 않을 때만 그 언어로 정하므로, 다른 언어로 말해도 그대로 알아듣습니다."
        ),
    ),
    AfterValidator(normalise_languages),
]
OutputMode = Annotated[
    Mode,
    Field(
        title="Answers as / 답변 방식",
        description=(
            "How answers come: spoken (voice), written (text) or both. / "
            "답변을 음성으로, 글로, 또는 둘 다로 받습니다."
        ),
    ),
]
InputMode = Annotated[
    Mode,
    Field(
        title="Asking by / 질문 방식",
        description=(
            "How the person asks: by speaking (voice), typing (text) or both. / "
            "말로, 글로, 또는 둘 다로 질문합니다."
        ),
    ),
]
SpeechRate = Annotated[
    float,
    Field(
        ge=RATE_MIN,
        le=RATE_MAX,
        title="Speech rate / 말 속도",
        description=(
            f"Speaking pace as a multiple of the voice's normal pace ({RATE_MIN}–{RATE_MAX}). / "
            f"음성의 보통 속도에 대한 배수({RATE_MIN}–{RATE_MAX})."
        ),
    ),
]
Pitch = Annotated[
    float,
    Field(
        ge=PITCH_MIN,
        le=PITCH_MAX,
        title="Pitch / 음높이",
        description=(
            f"Voice pitch as a multiple of its normal pitch ({PITCH_MIN}–{PITCH_MAX}). / "
            f"음성의 보통 높이에 대한 배수({PITCH_MIN}–{PITCH_MAX})."
        ),
    ),
]
Volume = Annotated[
    float,
    Field(
        ge=VOLUME_MIN,
        le=VOLUME_MAX,
        title="Volume / 음량",
        description=(
            f"Loudness as a multiple of normal ({VOLUME_MIN:g}–{VOLUME_MAX:g}). / "
            f"보통 음량에 대한 배수({VOLUME_MIN:g}–{VOLUME_MAX:g})."
        ),
    ),
]
SentencePauseMs = Annotated[
    int,
    Field(
        ge=0,
        le=3000,
        title="Pause between sentences / 문장 사이 쉼",
        description=(
            "Silence between spoken sentences, in milliseconds (0–3000). / "
            "문장과 문장 사이의 쉼, 밀리초(0–3000)."
        ),
    ),
]
TurnPatienceMs = Annotated[
    int,
    Field(
        ge=200,
        le=5000,
        title="Patience before answering / 기다리는 시간",
        description=(
            "How long a silence must last before modu takes the question as finished, in "
            "milliseconds (200–5000). Raise it for slow or hesitant speech. / "
            "말이 끝났다고 판단하기까지 기다리는 침묵의 길이, 밀리초(200–5000). 천천히 "
            "말하거나 말을 자주 멈추면 늘리세요."
        ),
    ),
]
ReadingLevelField = Annotated[
    ReadingLevel,
    Field(
        title="Reading level / 글의 수준",
        description=(
            "standard, plain (common words, short sentences) or easy-read (very simple, one "
            "idea per sentence). / 보통, 쉬운 글(흔한 낱말, 짧은 문장), 아주 쉬운 글(한 문장에 "
            "한 가지 생각)."
        ),
    ),
]
ScreenReader = Annotated[
    bool,
    Field(
        title="Screen reader / 화면 낭독기",
        description=(
            "Shape answers for screen readers: no tables, symbols or visual directions; counts "
            "before lists. / 화면 낭독기에 맞게 답변합니다: 표, 기호, '위/왼쪽' 같은 말 없이, "
            "목록은 개수부터 말합니다."
        ),
    ),
]
VerbosityField = Annotated[
    Verbosity,
    Field(
        title="Answer length / 답변 길이",
        description="brief, normal or detailed answers. / 짧게, 보통, 자세하게.",
    ),
]
Captions = Annotated[
    bool,
    Field(
        title="Captions / 자막",
        description=(
            "Show each spoken sentence as a caption while it is spoken. / "
            "말하는 문장을 자막으로 함께 보여 줍니다."
        ),
    ),
]
ConfirmWhenUnsure = Annotated[
    bool,
    Field(
        title="Confirm when unsure / 잘 못 들었으면 확인",
        description=(
            "When speech was hard to recognise, ask 'I heard …, is that right?' before "
            "answering. / 음성 인식이 불확실하면 답하기 전에 '…라고 들었는데 맞나요?'라고 "
            "확인합니다."
        ),
    ),
]
AiDisclosureField = Annotated[
    AiDisclosure,
    Field(
        title="Spoken AI notice / AI 안내 음성",
        description=(
            "Say aloud once per session that answers are AI-generated, or never (written labels "
            "always stay). / 답변이 AI가 만든 것이라는 안내를 세션마다 한 번 말하거나, 말하지 "
            "않습니다(글로 된 표시는 항상 있습니다)."
        ),
    ),
]
ThemeField = Annotated[
    Theme,
    Field(
        title="Colour theme / 화면 테마",
        description=(
            "light, dark, high-contrast, or follow the system. / "
            "밝게, 어둡게, 고대비, 또는 시스템 설정을 따릅니다."
        ),
    ),
]
TextSize = Annotated[
    int,
    Field(
        ge=100,
        le=200,
        title="Text size / 글자 크기",
        description="Text size in percent of normal (100–200). / 보통 크기에 대한 백분율(100–200).",
    ),
]
ReducedMotion = Annotated[
    bool,
    Field(
        title="Reduce motion / 움직임 줄이기",
        description="Stop animations on the page. / 화면의 움직이는 효과를 멈춥니다.",
    ),
]
