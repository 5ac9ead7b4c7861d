"""Settings of a remote speech stage (``MODU_STT__REMOTE_…``, ``MODU_TTS__REMOTE_…``), named as
the remote model's are (``MODU_LM__REMOTE_URL``, …). Used when the stage's ``engine`` is
``remote``; see docs/remote-stages.md."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class RemoteStageFields(BaseModel):
    """What every remote stage shares."""

    remote_url: str | None = None
    """Base URL of an OpenAI-compatible server, e.g. ``http://speech:8000/v1`` (another modu
    qualifies); ``/audio/transcriptions`` or ``/audio/speech`` is added."""
    remote_api_key: str | None = None
    """Sent as ``Authorization: Bearer …``."""
    remote_timeout_s: float = Field(default=30.0, gt=0.0, le=600.0)
    """Longest wait for an answer; connecting is capped at 3 s apart from this."""
    remote_retries: int = Field(default=2, ge=0, le=10)
    """More tries after a failure to connect, a timeout, 429 or 5xx (backing off 0.1 s, 0.2 s,
    …); never once the body is being read."""
    remote_fallback: bool | None = None
    """Load the embedded engine to answer while the server cannot: ``None`` (default) where
    its weights are installed. Off, or without weights, a failure is an error naming the stage
    and the URL."""
    remote_recheck_s: float = Field(default=30.0, ge=0.0, le=3600.0)
    """After a failure, how long the embedded engine answers before the server is tried again."""


class RemoteSttFields(RemoteStageFields):
    remote_model: str = "whisper-1"
    remote_response_format: Literal["verbose_json", "json"] = "verbose_json"
    """``verbose_json`` tells the detected language; ``json`` for servers without it."""


class RemoteTtsFields(RemoteStageFields):
    remote_model: str = "tts-1"
    remote_voice: str = "alloy"
    remote_voices: dict[str, str] = {}
    """The server's voice per language, e.g. ``{"ko": "..."}``; others get ``remote_voice``."""
    remote_format: Literal["pcm", "wav"] = "pcm"
    """``pcm``: raw 24 kHz PCM16, as OpenAI defines it; ``wav`` names its own rate."""
    remote_extensions: bool = True
    """Send modu's voice fields (rate, pitch, volume, pauses, language). Off for servers that
    refuse unknown fields (OpenAI's own)."""
    remote_languages: list[str] | None = None
    """Languages the server is asked to speak (``None``: all); others get the embedded voices."""
