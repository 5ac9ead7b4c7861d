"""Speech recognition: the request/result types and the protocol every recogniser meets."""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel, Field

from voices.audio import Audio


class TranscriptSegment(BaseModel):
    """One stretch of recognised speech, with Whisper's own confidence figures."""

    start: float = Field(description="seconds from the start of the audio")
    end: float
    text: str
    no_speech_prob: float = Field(ge=0.0, le=1.0)
    avg_logprob: float = 0.0


class Transcript(BaseModel):
    """What was said, in which language, and how sure the recogniser is."""

    text: str
    language: str = Field(description="ISO 639-1 code, e.g. 'ko' or 'en'")
    language_probability: float = Field(ge=0.0, le=1.0)
    segments: list[TranscriptSegment] = []
    duration_s: float = 0.0
    dropped_segments: int = Field(
        default=0, description="segments dropped as non-speech (high no_speech_prob)"
    )
    note: str | None = Field(
        default=None, description="why another recogniser heard this, e.g. a remote one failed"
    )

    @property
    def is_empty(self) -> bool:
        return not self.text.strip()


class SpeechRecognizer(Protocol):
    """Turns speech into text. Implementations are thread-safe for one call at a time per
    instance and may be slow: callers run them in a worker thread."""

    @property
    def name(self) -> str:
        """Engine name, e.g. ``faster-whisper``."""
        ...

    @property
    def model_id(self) -> str:
        """The model this engine runs, e.g. ``whisper-base``."""
        ...

    def transcribe(
        self,
        audio: Audio,
        language: str | None = None,
        beam_size: int | None = None,
        *,
        speech_checked: bool = False,
        prior: str | None = None,
    ) -> Transcript:
        """Recognise ``audio`` (any rate; resampled as needed). ``language`` fixes the language;
        ``None`` detects it. Silence and noise must give an empty transcript, never invented
        text. ``speech_checked``: a VAD already found this audio to be one stretch of speech (a
        server-VAD turn), so the recogniser's own VAD gate may be skipped. ``prior``: the
        language the speaker usually uses; detection still runs and it wins only when detection
        is unsure (see :mod:`voices.stt.language_prior`); ``language`` overrides it."""
        ...
