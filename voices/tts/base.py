"""Text to speech: the request/result types and the protocol every voice meets."""

from __future__ import annotations

from typing import Final, Protocol

from pydantic import BaseModel, Field

from voices.audio import Audio

RATE_MIN: Final = 0.5
RATE_MAX: Final = 2.0
"""Speech rate as a multiple of the voice's normal pace: what every voice can do and still be
understood. Profiles, the realtime session, the speech route and VoiceParams all use these."""
PITCH_MIN: Final = 0.5
PITCH_MAX: Final = 1.5
"""Pitch as a multiple of the voice's normal pitch (eSpeak NG; gTTS and Piper ignore it)."""
VOLUME_MIN: Final = 0.0
VOLUME_MAX: Final = 2.0
"""Loudness as a multiple of normal; 0 is silent."""


class VoiceParams(BaseModel):
    """How to speak: the profile's voice settings for one utterance."""

    language: str = Field(default="en", description="ISO 639-1 code of the text")
    rate: float = Field(
        default=1.0, ge=RATE_MIN, le=RATE_MAX, description="multiple of normal pace"
    )
    pitch: float = Field(
        default=1.0, ge=PITCH_MIN, le=PITCH_MAX, description="multiple of normal pitch"
    )
    volume: float = Field(default=1.0, ge=VOLUME_MIN, le=VOLUME_MAX)
    sentence_pause_ms: int = Field(default=250, ge=0, le=3000)


class SynthesizedSpeech(BaseModel):
    """Mono PCM16 audio of one piece of text, and which voice actually spoke it."""

    model_config = {"arbitrary_types_allowed": True}

    pcm16: bytes
    sample_rate: int
    engine: str = Field(description="the engine that spoke, e.g. 'piper' or 'espeak-ng'")
    voice: str = Field(description="the voice that spoke, e.g. 'en_US-joe-medium' or 'ko'")
    text: str
    note: str | None = Field(
        default=None, description="why another voice spoke, e.g. an online voice fell back"
    )

    @property
    def duration_s(self) -> float:
        return len(self.pcm16) / 2 / self.sample_rate if self.sample_rate else 0.0

    def audio(self) -> Audio:
        return Audio.from_pcm16(self.pcm16, self.sample_rate)


class SpeechSynthesizer(Protocol):
    """Speaks one sentence (or a short text) at a time. Slow callers run it in a worker thread."""

    @property
    def name(self) -> str: ...

    def supports(self, language: str) -> bool:
        """Whether this engine has a voice for ``language`` (ISO 639-1)."""
        ...

    def synthesize(self, text: str, params: VoiceParams) -> SynthesizedSpeech:
        """Speak ``text`` with ``params``. Raises :class:`SynthesisError` when it cannot."""
        ...


class SynthesisError(RuntimeError):
    """A voice could not speak the text (no voice for the language, engine failure, offline)."""
