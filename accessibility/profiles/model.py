"""An accessibility profile: how one person wants modu to listen, answer, speak and show.

One profile drives the whole chain (docs/architecture.md): turn patience for the VAD,
the recognition language, the per-turn instruction to the model (verbosity, reading level,
screen-reader shaping), the voice (rate, pitch, volume, pauses), captions, the spoken AI notice
and the web page. The defaults equal the service's own defaults, so the standard profile
changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from accessibility.profiles.fields import (
    AiDisclosureField,
    Captions,
    ConfirmWhenUnsure,
    Country,
    InputMode,
    OutputMode,
    Pitch,
    PreferredLanguages,
    ProfileName,
    ReadingLevelField,
    ReducedMotion,
    ScreenReader,
    SentencePauseMs,
    SpeechRate,
    TextSize,
    ThemeField,
    TurnPatienceMs,
    VerbosityField,
    Volume,
)
from accessibility.profiles.instructions import answer_instructions
from voices.tts.base import VoiceParams

DEFAULT_NAME = "My profile / 내 프로필"


class PagePreferences(BaseModel):
    """How the web page looks for this person."""

    model_config = ConfigDict(extra="forbid")

    theme: ThemeField = "system"
    text_size: TextSize = 100
    reduced_motion: ReducedMotion = False


class Profile(BaseModel):
    """Everything one person set about how modu works for them. Unknown fields are refused,
    so a misspelt setting is an error that names it, not a silently ignored value."""

    model_config = ConfigDict(extra="forbid")

    id: UUID | None = Field(
        default=None,
        description=(
            "Assigned by the server when the profile is stored; ignored on create and import. / "
            "저장할 때 서버가 정합니다."
        ),
    )
    name: ProfileName = DEFAULT_NAME
    preferred_languages: PreferredLanguages = Field(default_factory=lambda: ["ko", "en"])
    country: Country = None
    output: OutputMode = "both"
    input: InputMode = "both"
    speech_rate: SpeechRate = 1.0
    pitch: Pitch = 1.0
    volume: Volume = 1.0
    sentence_pause_ms: SentencePauseMs = 250
    turn_patience_ms: TurnPatienceMs = 500
    reading_level: ReadingLevelField = "standard"
    screen_reader: ScreenReader = False
    verbosity: VerbosityField = "normal"
    captions: Captions = False
    confirm_when_unsure: ConfirmWhenUnsure = False
    ai_disclosure: AiDisclosureField = "once_per_session"
    page: PagePreferences = Field(
        default_factory=PagePreferences,
        title="Page / 화면",
        description="How the web page looks. / 웹 화면의 모양.",
    )

    def voice_params(self, language: str) -> VoiceParams:
        """How the voice speaks an answer in ``language`` (ISO 639-1) for this person."""
        return VoiceParams(
            language=language,
            rate=self.speech_rate,
            pitch=self.pitch,
            volume=self.volume,
            sentence_pause_ms=self.sentence_pause_ms,
        )

    def silence_duration_ms(self) -> int:
        """End-of-turn silence for the VAD: the person's patience."""
        return self.turn_patience_ms

    def language_hint(self) -> str | None:
        """The language speech recognition prefers (a prior, never a lock), or ``None``.

        Detection always runs; this language wins only when Whisper is unsure (see
        ``voices.stt.language_prior``), so English spoken by someone who prefers Korean is still
        heard as English. Only a single preference gives one: with several, which one to
        prefer is left to detection.
        """
        return self.preferred_languages[0] if len(self.preferred_languages) == 1 else None

    def prompt_extra(self, language: str | None) -> str | None:
        """This person's per-turn instruction to the model (``build_messages(extra=...)``), for
        an answer in ``language``; ``None`` when the fixed system prompt already fits."""
        return answer_instructions(
            reading_level=self.reading_level,
            verbosity=self.verbosity,
            screen_reader=self.screen_reader,
            language=language,
        )

    def speaks(self) -> bool:
        """Whether answers are spoken aloud."""
        return self.output in ("voice", "both")

    def with_patch(self, patch: ProfilePatch) -> Profile:
        """A copy with the fields ``patch`` sets replaced (``page`` merged field by field),
        validated as a whole. The stored update and a session's overrides both use this."""
        changes = patch.model_dump(exclude_unset=True)
        page_changes = changes.pop("page", None) or {}
        # Only the profile's own fields: a StoredProfile's bookkeeping is not a setting.
        merged: dict[str, Any] = self.model_dump(include=set(Profile.model_fields))
        merged.update(changes)
        merged["page"] = {**merged["page"], **page_changes}
        return Profile.model_validate(merged)


def refuse_null(value: object) -> object:
    """A patch leaves a setting out to keep it; ``null`` would mean "no setting", which no
    profile field allows, so it is refused here, naming the field, before anything is stored."""
    if value is None:
        raise ValueError(
            "null is not allowed: leave the field out to keep its value / "
            "null은 쓸 수 없습니다: 값을 바꾸지 않으려면 이 항목을 빼세요"
        )
    return value


class PagePatch(BaseModel):
    """Page preferences to change; fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    _no_null = field_validator("*", mode="after")(refuse_null)

    theme: ThemeField | None = None
    text_size: TextSize | None = None
    reduced_motion: ReducedMotion | None = None


class ProfilePatch(BaseModel):
    """A partial update: only the fields sent change, each held to the profile's bounds.

    ``null`` is refused for every field (a profile setting is never "unset"); leave a field out
    to keep it.
    """

    model_config = ConfigDict(extra="forbid")

    _no_null = field_validator("*", mode="after")(refuse_null)

    name: ProfileName | None = None
    preferred_languages: PreferredLanguages | None = None
    country: Country = None
    output: OutputMode | None = None
    input: InputMode | None = None
    speech_rate: SpeechRate | None = None
    pitch: Pitch | None = None
    volume: Volume | None = None
    sentence_pause_ms: SentencePauseMs | None = None
    turn_patience_ms: TurnPatienceMs | None = None
    reading_level: ReadingLevelField | None = None
    screen_reader: ScreenReader | None = None
    verbosity: VerbosityField | None = None
    captions: Captions | None = None
    confirm_when_unsure: ConfirmWhenUnsure | None = None
    ai_disclosure: AiDisclosureField | None = None
    page: PagePatch | None = None

    def is_empty(self) -> bool:
        return not self.model_fields_set


class StoredProfile(Profile):
    """A profile as stored: with its id, version and times."""

    id: UUID
    version: int = Field(
        ge=1,
        description=(
            "Grows by one on every change; send it back as `If-Match` to update only the "
            "version you read. / 바뀔 때마다 1씩 늘어납니다."
        ),
    )
    created_at: datetime
    updated_at: datetime

    def profile(self) -> Profile:
        """Just the settings (without the storage bookkeeping)."""
        return Profile.model_validate(
            self.model_dump(exclude={"version", "created_at", "updated_at"})
        )
