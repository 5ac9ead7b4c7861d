"""``modu ask``: one spoken or typed turn, run end to end, reported in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accessibility.labels import AiLabel, make_label
from accessibility.language import language_name
from accessibility.provenance import ProvenanceError, write_signed_audio
from service.engines import Engines
from service.settings import Settings
from service.turn import NoSpeechError, TurnResult, run_turn
from voices.assemble import ModelError
from voices.audio import AudioDecodeError, decode_audio
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


async def run_ask(
    settings: Settings,
    *,
    audio: Path | None = None,
    text: str | None = None,
    out: Path | None = None,
    language: str | None = None,
) -> AskReport:
    engines = Engines(settings)
    voice = VoiceParams(
        rate=settings.tts.rate,
        pitch=settings.tts.pitch,
        volume=settings.tts.volume,
        sentence_pause_ms=settings.tts.sentence_pause_ms,
    )
    try:
        decoded = decode_audio(audio) if audio is not None else None
        result = await run_turn(
            engines, audio=decoded, text=text, language=language, voice=voice, speak=True
        )
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
                out, joined.to_wav_bytes(), "audio/wav", label, settings
            )
        except ProvenanceError as exc:
            raise AskError(f"could not sign {out}: {exc}") from exc
    return AskReport(result, out, label, provenance)
