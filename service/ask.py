"""``modu ask``: one spoken or typed turn, run end to end, reported in plain words."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from accessibility.labels import AiLabel, make_label
from accessibility.language import language_name
from accessibility.profiles.model import Profile, ProfilePatch
from accessibility.profiles.presets import PRESETS
from accessibility.provenance import ProvenanceError, write_signed_audio
from service.engines import Engines
from service.settings import Settings
from service.turn import NoSpeechError, TurnResult, run_turn
from voices.assemble import ModelError
from voices.audio import AudioDecodeError, AudioTooLongError, decode_audio
from voices.tts.base import VoiceParams


class AskError(RuntimeError):
    """Something the user can fix: a missing model, an unreadable file, a silent recording."""


@dataclass
class AskReport:
    result: TurnResult
    out: Path | None
    label: AiLabel | None = None
    provenance: str | None = None
    """What the written audio file carries (its C2PA manifest), in one line."""

    def as_json(self) -> dict[str, Any]:
        data = self.result.model_dump(mode="json", exclude={"speech"})
        data["out"] = str(self.out) if self.out else None
        data["ai_generated"] = True
        data["label"] = self.label.model_dump(mode="json") if self.label else None
        data["provenance"] = self.provenance
        return data

    def as_text(self) -> str:
        r = self.result
        lines = []
        if r.transcript is not None:
            lines.append(f"You said     : {r.transcript.text.strip()}")
            lines.append(
                f"Language     : {language_name(r.language)} "
                f"(detected, p={r.transcript.language_probability:.2f})"
            )
        else:
            lines.append(f"You asked    : {r.user_text}")
            lines.append(f"Language     : {language_name(r.language)}")
        lines.append(f"Answer       : {r.answer}")
        lines.append("               (AI-generated answer / AI 생성 답변)")
        if self.out:
            lines.append(f"Spoken answer: {self.out}")
        if self.provenance:
            lines.append(f"Provenance   : {self.provenance}")
        lines.append("Engines      :")
        lines += [f"  {stage:<19}{what}" for stage, what in r.engines.items()]
        lines.append("Timings (s from the start of the turn):")
        for stage, value in r.timings.model_dump().items():
            if value is not None:
                lines.append(f"  {stage.removesuffix('_s').replace('_', ' '):<19}{value:.2f}")
        lines += [f"Note         : {note}" for note in r.notes]
        return "\n".join(lines)


def load_profile(name_or_path: str | None, country: str | None = None) -> Profile | None:
    """``--profile``: a preset's id or a profile JSON file (as ``GET /v1/profiles/{id}`` or an
    export gives it); ``--country`` over it. ``None`` when neither is given."""
    if name_or_path is None and country is None:
        return None
    preset = next((p for key, p in PRESETS.items() if key == name_or_path), None)
    profile = Profile()
    if preset is not None:
        profile = preset.profile.model_copy(deep=True)
    elif name_or_path is not None:
        profile = _profile_file(Path(name_or_path))
    if country is not None:
        try:
            profile = profile.with_patch(ProfilePatch(country=country))
        except ValidationError as exc:
            raise AskError(
                f"--country: expected two letters such as KR or US; got {country!r}"
            ) from exc
    return profile


def _profile_file(path: Path) -> Profile:
    if not path.is_file():
        raise AskError(
            f"--profile: expected a preset ({', '.join(PRESETS)}) or a profile JSON file; "
            f"{str(path)!r} is neither"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AskError(f"--profile: {path} is not readable JSON ({exc})") from exc
    if isinstance(data, dict) and isinstance(data.get("profile"), dict):
        data = data["profile"]  # an export document wraps the profile
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if k in Profile.model_fields and k != "id"}
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise AskError(f"--profile: {path}: {where}: {first['msg']}") from exc


async def run_ask(
    settings: Settings,
    *,
    audio: Path | None = None,
    text: str | None = None,
    out: Path | None = None,
    language: str | None = None,
    profile: Profile | None = None,
) -> AskReport:
    engines = Engines(settings)
    voice = VoiceParams(
        rate=settings.tts.rate,
        pitch=settings.tts.pitch,
        volume=settings.tts.volume,
        sentence_pause_ms=settings.tts.sentence_pause_ms,
    )
    if profile is not None:
        voice = profile.voice_params("en")
    try:
        limit = settings.rest.max_audio_seconds
        decoded = decode_audio(audio, max_seconds=limit) if audio is not None else None
        result = await run_turn(
            engines,
            audio=decoded,
            text=text,
            language=language,
            voice=voice,
            speak=True,
            profile=profile,
        )
    except AudioTooLongError as exc:
        raise AskError(f"{exc} (MODU_REST__MAX_AUDIO_SECONDS)") from exc
    except (ModelError, AudioDecodeError, NoSpeechError, FileNotFoundError) as exc:
        raise AskError(str(exc)) from exc
    label = make_label(result.engines["language model"], result.engines.get("voice"))
    provenance = None
    if out is not None:
        joined = result.answer_audio(voice.sentence_pause_ms)
        if joined is None:
            raise AskError("the answer was empty, so there is nothing to speak")
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            provenance = write_signed_audio(
                out, joined.to_wav_bytes(), "audio/wav", label, settings.provenance
            )
        except ProvenanceError as exc:
            raise AskError(f"could not sign {out}: {exc}") from exc
    return AskReport(result, out, label, provenance)
