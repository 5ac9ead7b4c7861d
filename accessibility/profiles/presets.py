"""Profiles a person can start from, named and described in Korean and English.

Each preset is a starting point, not a diagnosis: a person picks the one closest to what they
need and changes any setting afterwards. The values follow docs/accessibility.md (V2 rate and
pauses, V5 patience, V6 confirmation, S1–S6 screen-reader shaping, L1–L3 reading levels, W8/W11
page).
"""

from __future__ import annotations

from typing import Final, Literal

from pydantic import BaseModel, Field

from accessibility.profiles.model import PagePreferences, Profile

PresetId = Literal[
    "standard",
    "low-vision",
    "easy-read",
    "older-listener",
    "deaf-hard-of-hearing",
    "speech-difficulty",
]


class Bilingual(BaseModel):
    """One text in Korean and English."""

    ko: str
    en: str

    def both(self) -> str:
        return f"{self.en} / {self.ko}"


class Preset(BaseModel):
    """A named starting profile."""

    id: PresetId
    name: Bilingual
    description: Bilingual
    profile: Profile = Field(description="The settings a new profile starts with.")


def _preset(id_: PresetId, name: Bilingual, description: Bilingual, **settings: object) -> Preset:
    profile = Profile.model_validate({"name": name.both(), **settings})
    return Preset(id=id_, name=name, description=description, profile=profile)


PRESETS: Final[dict[PresetId, Preset]] = {
    preset.id: preset
    for preset in (
        _preset(
            "standard",
            Bilingual(ko="기본", en="Standard"),
            Bilingual(
                ko="보통 속도로 말하고 글과 음성으로 답합니다.",
                en="Normal pace; answers spoken and written.",
            ),
        ),
        _preset(
            "low-vision",
            Bilingual(ko="저시력·시각장애", en="Low vision or blind"),
            Bilingual(
                ko="화면 낭독기에 맞춘 짧은 답변, 고대비 화면, 큰 글자, 움직임 없음.",
                en="Short answers shaped for screen readers; high contrast, large text, no motion.",
            ),
            screen_reader=True,
            verbosity="brief",
            page=PagePreferences(theme="high-contrast", text_size=200, reduced_motion=True),
        ),
        _preset(
            "easy-read",
            Bilingual(ko="쉬운 말", en="Easy read"),
            Bilingual(
                ko="아주 쉬운 낱말과 짧은 문장, 조금 느린 말, 문장 사이 긴 쉼.",
                en="Very simple words and short sentences, a slightly slower voice, longer pauses.",
            ),
            reading_level="easy-read",
            verbosity="brief",
            speech_rate=0.9,
            sentence_pause_ms=600,
            page=PagePreferences(text_size=125),
        ),
        _preset(
            "older-listener",
            Bilingual(ko="어르신", en="Older listener"),
            Bilingual(
                ko="천천히 또렷하게 말하고, 말이 끝날 때까지 충분히 기다리며, 자막을 보여 줍니다.",
                en="A slower, louder voice; waits patiently for the end of a question; captions.",
            ),
            speech_rate=0.8,
            volume=1.3,
            sentence_pause_ms=700,
            turn_patience_ms=1500,
            reading_level="plain",
            verbosity="brief",
            captions=True,
            page=PagePreferences(text_size=150),
        ),
        _preset(
            "deaf-hard-of-hearing",
            Bilingual(ko="청각장애·난청", en="Deaf or hard of hearing"),
            Bilingual(
                ko="답변은 글로 보여 주고 자막을 켭니다. 말이 잘 인식되지 않으면 확인합니다.",
                en="Answers as text with captions; confirms when speech was hard to recognise.",
            ),
            output="text",
            captions=True,
            confirm_when_unsure=True,
            reading_level="plain",
        ),
        _preset(
            "speech-difficulty",
            Bilingual(ko="언어장애", en="Speech difficulty"),
            Bilingual(
                ko="말이 끝날 때까지 아주 오래 기다리고, 잘 못 알아들었으면 먼저 확인합니다.",
                en="Waits a long time before taking a question as finished; confirms what it "
                "heard when unsure.",
            ),
            turn_patience_ms=3000,
            confirm_when_unsure=True,
            captions=True,
        ),
    )
}
"""Every preset by id, in the order a person is shown them (standard first)."""


def preset_profile(preset_id: PresetId) -> Profile:
    """A fresh copy of a preset's settings (callers may change it freely)."""
    return PRESETS[preset_id].profile.model_copy(deep=True)
