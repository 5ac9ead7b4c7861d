"""Speech recognition by any OpenAI-compatible server: ``POST /v1/audio/transcriptions``.

The audio goes as a 16 kHz mono PCM16 WAV file, with ``model``, the ``language`` when it is
fixed, and ``response_format=verbose_json`` to learn the detected language (``json`` for servers
without it: the language is then the fixed one, else the speaker's usual one, else unknown).
Silence never leaves the machine: with a VAD, audio without speech gives an empty transcript at
once, as the embedded engines do (a remote Whisper invents text on silence like any other).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, Literal

import httpx

from voices.audio import Audio
from voices.remote import RemoteEndpoint
from voices.stage_fallback import StageFallback
from voices.stt.base import SpeechRecognizer, Transcript, TranscriptSegment
from voices.stt.gating import (
    UNKNOWN_LANGUAGE,
    VadFactory,
    empty_transcript,
    find_speech,
    to_whisper_rate,
)

TranscriptionFormat = Literal["verbose_json", "json"]


class RemoteRecognizer:
    """A :class:`SpeechRecognizer` that asks a server. ``language_codes`` maps the language
    names OpenAI's ``verbose_json`` gives (``"korean"``) to codes (``"ko"``)."""

    def __init__(
        self,
        endpoint: RemoteEndpoint,
        *,
        model: str = "whisper-1",
        response_format: TranscriptionFormat = "verbose_json",
        language_codes: Mapping[str, str] | None = None,
        vad_factory: VadFactory | None = None,
        vad_threshold: float = 0.5,
    ) -> None:
        self.endpoint = endpoint
        self._model = model
        self._format = response_format
        self._codes = dict(language_codes or {})
        self._vad_factory = vad_factory
        self._vad_threshold = vad_threshold

    @property
    def name(self) -> str:
        return "remote"

    @property
    def model_id(self) -> str:
        return self._model

    def close(self) -> None:
        self.endpoint.close()

    def transcribe(
        self,
        audio: Audio,
        language: str | None = None,
        beam_size: int | None = None,
        *,
        speech_checked: bool = False,
        prior: str | None = None,
    ) -> Transcript:
        """``beam_size`` is the server's business; ``prior`` names the language of an answer
        that does not say which it heard."""
        regions = find_speech(
            audio, self._vad_factory, self._vad_threshold, speech_checked=speech_checked
        )
        if regions == []:
            return empty_transcript(language, audio.duration_s)
        wav = to_whisper_rate(audio).to_wav_bytes()
        form = {"model": self._model, "response_format": self._format}
        if language:
            form["language"] = language
        with self.endpoint.post(
            files={"file": ("speech.wav", wav, "audio/wav")}, data=form
        ) as answer:
            try:
                body = answer.read()
            except httpx.HTTPError as error:
                raise self.endpoint.read_error(error) from error
        return self._transcript(body, language, prior, audio.duration_s)

    def _transcript(
        self, body: bytes, language: str | None, prior: str | None, duration_s: float
    ) -> Transcript:
        try:
            data = json.loads(body)
            text = data["text"]
            if not isinstance(text, str):
                raise TypeError(f"text is {type(text).__name__}")
        except (ValueError, KeyError, TypeError) as error:
            raise self.endpoint.error(
                f"sent no transcription: expected JSON with a 'text' string; got "
                f"{body[:80]!r} ({error})"
            ) from error
        heard = language or self._language(data.get("language")) or prior
        return Transcript(
            text=text.strip(),
            language=heard or UNKNOWN_LANGUAGE,
            # A server names what it heard without saying how sure it is.
            language_probability=1.0 if heard else 0.0,
            segments=_segments(data.get("segments"), duration_s),
            duration_s=float(data.get("duration") or duration_s),
        )

    def _language(self, name: object) -> str | None:
        if not isinstance(name, str) or not name.strip():
            return None
        name = name.strip().lower()
        if name in self._codes:
            return self._codes[name]
        return name if 2 <= len(name) <= 3 else None  # already a code (``ko``), as some send


def _segments(raw: object, duration_s: float) -> list[TranscriptSegment]:
    if not isinstance(raw, list):
        return []
    segments: list[TranscriptSegment] = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            continue
        segments.append(
            TranscriptSegment(
                start=_number(item, "start", 0.0),
                end=_number(item, "end", duration_s),
                text=item["text"],
                no_speech_prob=min(1.0, max(0.0, _number(item, "no_speech_prob", 0.0))),
                avg_logprob=_number(item, "avg_logprob", 0.0),
            )
        )
    return segments


def _number(item: dict[str, Any], key: str, default: float) -> float:
    value = item.get(key)
    return float(value) if isinstance(value, int | float) else default


class FallbackRecognizer:
    """The remote recogniser, and the embedded one when the remote fails (see
    :class:`StageFallback`); a transcript the embedded engine made says so in ``note``."""

    def __init__(self, remote: RemoteRecognizer, switch: StageFallback[SpeechRecognizer]) -> None:
        self.remote = remote
        self.switch = switch

    @property
    def name(self) -> str:
        return self.remote.name

    @property
    def model_id(self) -> str:
        return self.remote.model_id

    def load(self) -> None:
        """Load the embedded fallback now (warm-up), so that a failure finds it ready."""
        engine = self.switch.fallback()
        load: Callable[[], None] | None = getattr(engine, "load", None)
        if callable(load):
            load()

    def close(self) -> None:
        self.remote.close()
        close: Callable[[], None] | None = getattr(self.switch.fallback_if_built, "close", None)
        if callable(close):
            close()

    def transcribe(
        self,
        audio: Audio,
        language: str | None = None,
        beam_size: int | None = None,
        *,
        speech_checked: bool = False,
        prior: str | None = None,
    ) -> Transcript:
        def remote() -> Transcript:
            return self.remote.transcribe(
                audio, language, beam_size, speech_checked=speech_checked, prior=prior
            )

        def embedded(engine: SpeechRecognizer) -> Transcript:
            return engine.transcribe(
                audio, language, beam_size, speech_checked=speech_checked, prior=prior
            )

        transcript, note = self.switch.run(remote, embedded)
        return transcript.model_copy(update={"note": note}) if note else transcript
