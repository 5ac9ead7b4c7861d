"""The profile schema: bounds, partial updates, presets, and how a profile drives the chain."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from accessibility.profiles import PRESETS, Profile, ProfilePatch, preset_profile
from accessibility.profiles.instructions import SENTENCE_WORD_LIMITS
from service.settings import Settings
from voices.lm.prompt import build_messages, split_turn_note
from voices.tts.base import VoiceParams

BOUNDS: list[tuple[str, Any, Any, Any, Any]] = [
    # field, lowest allowed, highest allowed, just below, just above
    ("speech_rate", 0.5, 2.0, 0.49, 2.01),
    ("pitch", 0.5, 1.5, 0.49, 1.51),
    ("volume", 0.0, 2.0, -0.01, 2.01),
    ("sentence_pause_ms", 0, 3000, -1, 3001),
    ("turn_patience_ms", 200, 5000, 199, 5001),
]


def _error_fields(exc: ValidationError) -> list[str]:
    return [".".join(str(part) for part in error["loc"]) for error in exc.errors()]


@pytest.mark.parametrize(("field", "low", "high", "below", "above"), BOUNDS)
def test_numeric_bounds_hold_for_profiles_and_patches(
    field: str, low: Any, high: Any, below: Any, above: Any
) -> None:
    for model in (Profile, ProfilePatch):
        assert getattr(model.model_validate({field: low}), field) == low
        assert getattr(model.model_validate({field: high}), field) == high
        for bad in (below, above):
            with pytest.raises(ValidationError) as caught:
                model.model_validate({field: bad})
            assert _error_fields(caught.value) == [field]


def test_page_text_size_and_theme_are_bounded() -> None:
    assert Profile.model_validate({"page": {"text_size": 200}}).page.text_size == 200
    for bad in ({"text_size": 99}, {"text_size": 201}, {"theme": "neon"}):
        with pytest.raises(ValidationError) as caught:
            Profile.model_validate({"page": bad})
        assert _error_fields(caught.value) == [f"page.{next(iter(bad))}"]


def test_choices_are_refused_outside_their_set() -> None:
    for field, bad in [
        ("output", "telepathy"),
        ("input", "gesture"),
        ("reading_level", "expert"),
        ("verbosity", "chatty"),
        ("ai_disclosure", "always"),
    ]:
        with pytest.raises(ValidationError) as caught:
            Profile.model_validate({field: bad})
        assert _error_fields(caught.value) == [field]


def test_languages_are_iso_639_1_normalised_and_deduplicated() -> None:
    profile = Profile(preferred_languages=["KO", "ko-KR", "en_US", "ja"])
    assert profile.preferred_languages == ["ko", "en", "ja"]
    with pytest.raises(ValidationError) as caught:
        Profile(preferred_languages=["ko", "korean"])
    assert _error_fields(caught.value) == ["preferred_languages"]
    assert "ISO 639-1" in str(caught.value)
    with pytest.raises(ValidationError):
        Profile(preferred_languages=["ko", "en", "ja", "zh", "es", "fr"])  # more than 5


def test_unknown_fields_are_refused_by_name() -> None:
    with pytest.raises(ValidationError) as caught:
        ProfilePatch.model_validate({"speech_rat": 1.2})
    assert _error_fields(caught.value) == ["speech_rat"]
    with pytest.raises(ValidationError):
        Profile.model_validate({"page": {"font": "big"}})


def test_name_is_trimmed_and_must_not_be_empty() -> None:
    assert Profile(name="  엄마  ").name == "엄마"
    with pytest.raises(ValidationError):
        Profile(name="   ")


def test_patch_changes_only_the_fields_sent_and_merges_the_page() -> None:
    before = preset_profile("low-vision")
    after = before.with_patch(
        ProfilePatch.model_validate({"speech_rate": 1.6, "page": {"text_size": 150}})
    )
    assert after.speech_rate == 1.6
    assert after.page.text_size == 150
    assert after.page.theme == before.page.theme == "high-contrast"
    assert after.page.reduced_motion is True
    unchanged = {"speech_rate", "page"}
    assert after.model_dump(exclude=unchanged) == before.model_dump(exclude=unchanged)


def test_patch_refuses_null_naming_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        ProfilePatch.model_validate({"captions": None})
    assert _error_fields(caught.value) == ["captions"]
    with pytest.raises(ValidationError) as caught:
        ProfilePatch.model_validate({"page": {"theme": None}})
    assert _error_fields(caught.value) == ["page.theme"]


def test_empty_patch_is_empty() -> None:
    assert ProfilePatch().is_empty()
    assert not ProfilePatch(volume=1.0).is_empty()


def test_defaults_equal_the_service_defaults() -> None:
    """The standard profile changes nothing about how the service speaks and listens."""
    profile, settings = Profile(), Settings()
    assert profile.speech_rate == settings.tts.rate
    assert profile.pitch == settings.tts.pitch
    assert profile.volume == settings.tts.volume
    assert profile.sentence_pause_ms == settings.tts.sentence_pause_ms
    assert profile.silence_duration_ms() == settings.vad.silence_duration_ms
    assert profile.prompt_extra("en") is None
    assert profile.prompt_extra("ko") is None


def test_voice_params_carry_rate_pitch_volume_and_pauses() -> None:
    profile = Profile(speech_rate=0.7, pitch=1.2, volume=1.5, sentence_pause_ms=900)
    assert profile.voice_params("ko") == VoiceParams(
        language="ko", rate=0.7, pitch=1.2, volume=1.5, sentence_pause_ms=900
    )


def test_patience_and_language_hint() -> None:
    assert Profile(turn_patience_ms=2500).silence_duration_ms() == 2500
    assert Profile(preferred_languages=["ko"]).language_hint() == "ko"
    assert Profile(preferred_languages=["ko", "en"]).language_hint() is None, "detect per turn"
    assert Profile(preferred_languages=[]).language_hint() is None


def test_output_modes() -> None:
    assert not Profile(output="text").speaks()
    assert Profile(output="voice").speaks()
    assert Profile(output="both").speaks()


def test_prompt_extra_reflects_verbosity_reading_level_and_screen_reader() -> None:
    brief = Profile(verbosity="brief").prompt_extra("en")
    detailed = Profile(verbosity="detailed").prompt_extra("en")
    assert brief is not None and "one or two short sentences" in brief
    assert detailed is not None and "fuller answer" in detailed

    easy_en = Profile(reading_level="easy-read").prompt_extra("en")
    plain_en = Profile(reading_level="plain").prompt_extra("en")
    assert easy_en is not None and f"{SENTENCE_WORD_LIMITS['easy-read', 'en']} words" in easy_en
    assert plain_en is not None and f"{SENTENCE_WORD_LIMITS['plain', 'en']} words" in plain_en
    easy_ko = Profile(reading_level="easy-read").prompt_extra("ko")
    assert easy_ko is not None and "어절" in easy_ko and "해요체" in easy_ko
    assert "해요체" not in easy_en

    screen = Profile(screen_reader=True).prompt_extra("en")
    assert screen is not None
    for rule in ("screen reader", "no tables", "'above'", "say how many", "abbreviation"):
        assert rule in screen


def test_prompt_extra_goes_into_the_turn_note_not_the_system_prompt() -> None:
    profile = preset_profile("easy-read")
    extra = profile.prompt_extra("ko")
    standard = build_messages([], "버스 요금이 얼마예요?", "ko")
    shaped = build_messages([], "버스 요금이 얼마예요?", "ko", extra=extra)
    assert shaped[0] == standard[0], "the system prompt (and its KV cache) is unchanged"
    text, note = split_turn_note(shaped[-1].content)
    assert text == "버스 요금이 얼마예요?"
    assert note is not None and extra is not None and note.endswith(extra)


def test_presets_have_korean_and_english_names_and_valid_profiles() -> None:
    assert list(PRESETS) == [
        "standard",
        "low-vision",
        "easy-read",
        "older-listener",
        "deaf-hard-of-hearing",
        "speech-difficulty",
    ]
    for preset in PRESETS.values():
        for text in (preset.name, preset.description):
            assert any("가" <= ch <= "힣" for ch in text.ko), preset.id
            assert text.en.isascii() and text.en, preset.id
        assert Profile.model_validate(preset.profile.model_dump()) == preset.profile
        assert preset.name.ko in preset.profile.name and preset.name.en in preset.profile.name
    assert {p.name.ko for p in PRESETS.values()} >= {"저시력·시각장애", "쉬운 말", "어르신", "기본"}


def test_presets_set_what_their_names_promise() -> None:
    standard = preset_profile("standard")
    assert standard.model_dump(exclude={"name"}) == Profile().model_dump(exclude={"name"})

    low_vision = preset_profile("low-vision")
    assert low_vision.screen_reader and low_vision.page.theme == "high-contrast"
    assert low_vision.page.text_size > standard.page.text_size and low_vision.page.reduced_motion

    assert preset_profile("easy-read").reading_level == "easy-read"

    older = preset_profile("older-listener")
    assert older.speech_rate < standard.speech_rate
    assert older.silence_duration_ms() > standard.silence_duration_ms()
    assert older.sentence_pause_ms > standard.sentence_pause_ms

    deaf = preset_profile("deaf-hard-of-hearing")
    assert deaf.output == "text" and deaf.captions and not deaf.speaks()

    speech = preset_profile("speech-difficulty")
    assert speech.confirm_when_unsure
    assert speech.silence_duration_ms() >= 3000 > older.silence_duration_ms()


def test_preset_profile_is_a_copy() -> None:
    copy = preset_profile("older-listener")
    copy.page.text_size = 200
    assert PRESETS["older-listener"].profile.page.text_size == 150


def test_json_schema_labels_every_field_in_both_languages() -> None:
    """A profile form can label each field from the schema (WCAG 3.3.2)."""
    schema = Profile.model_json_schema()
    fields = dict(schema["properties"])
    fields.pop("id")
    fields.pop("page")
    fields |= schema["$defs"]["PagePreferences"]["properties"]
    for name, field in fields.items():
        title = field.get("title", "")
        assert " / " in title, name
        assert any("가" <= ch <= "힣" for ch in title), name
        assert field.get("description"), name
