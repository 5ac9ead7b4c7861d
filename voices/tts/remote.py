"""Voices from any OpenAI-compatible server: ``POST /v1/audio/speech``, read as it streams.

Asks for raw PCM16 (``pcm``: 24 kHz, as OpenAI's API defines it) or WAV (its header names the
rate; a streamed WAV's unknown length is read to the end). ``speed`` carries the rate; with
``extensions`` on, modu's own voice fields go too (``rate``, ``pitch``, ``volume``,
``sentence_pause_ms``, ``language``), which a modu speech worker applies. Servers that refuse
unknown fields (OpenAI's own) need ``extensions`` off; the volume is then applied here and the
pitch is the server's.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, Literal

import httpx
import numpy as np

from voices.audio import Audio
from voices.remote import RemoteEndpoint, RemoteStageError
from voices.stage_fallback import StageFallback
from voices.tts.base import SpeechSynthesizer, SynthesisError, SynthesizedSpeech, VoiceParams

RemoteSpeechFormat = Literal["pcm", "wav"]
OPENAI_PCM_RATE: Final = 24_000
_UNKNOWN_SIZES: Final = (0, 0xFFFFFFFF)
"""What a streamed WAV writes where the data size belongs."""


class WavStream:
    """A WAV file read piece by piece: the header as soon as it has arrived, then samples."""

    def __init__(self) -> None:
        self._head = bytearray()
        self._data = bytearray()
        self._data_size: int | None = None
        self.sample_rate = 0
        self.channels = 0

    def feed(self, chunk: bytes) -> None:
        if self.sample_rate and self._data_size is not None:
            self._data += chunk
            return
        self._head += chunk
        self._parse_head()

    def _parse_head(self) -> None:
        head = bytes(self._head)
        if len(head) < 12:
            return
        if head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            raise ValueError(f"expected a RIFF/WAVE header; got {head[:12]!r}")
        offset = 12
        while len(head) >= offset + 8:
            chunk_id, size = (
                head[offset : offset + 4],
                struct.unpack("<I", head[offset + 4 : offset + 8])[0],
            )
            body = offset + 8
            if chunk_id == b"data":
                if not self.sample_rate:
                    raise ValueError("expected a 'fmt ' chunk before the WAV data")
                self._data_size = size
                self._data += head[body:]
                self._head.clear()
                return
            if len(head) < body + size:
                return  # the rest of this chunk is still on its way
            if chunk_id == b"fmt ":
                self._read_format(head[body : body + size])
            offset = body + size + (size & 1)  # chunks are word-aligned

    def _read_format(self, fmt: bytes) -> None:
        encoding, channels, rate, _, _, bits = struct.unpack("<HHIIHH", fmt[:16])
        if encoding != 1 or bits != 16:
            raise ValueError(f"expected 16-bit PCM WAV; got format {encoding}, {bits} bits")
        self.sample_rate, self.channels = rate, channels

    def finish(self) -> Audio:
        if not self.sample_rate or self._data_size is None:
            raise ValueError(f"the WAV ended inside its header ({len(self._head)} bytes)")
        data = bytes(self._data)
        if self._data_size not in _UNKNOWN_SIZES:
            data = data[: self._data_size]
        frame = 2 * self.channels
        samples = np.frombuffer(data[: len(data) - len(data) % frame], dtype="<i2")
        mono = samples.reshape(-1, self.channels).mean(axis=1) if self.channels > 1 else samples
        return Audio((mono / 32768.0).astype(np.float32), self.sample_rate)


class PcmStream:
    """Raw little-endian PCM16 mono at a rate agreed in advance."""

    def __init__(self, sample_rate: int) -> None:
        self.sample_rate = sample_rate
        self._data = bytearray()

    def feed(self, chunk: bytes) -> None:
        self._data += chunk

    def finish(self) -> Audio:
        data = bytes(self._data)
        return Audio.from_pcm16(data[: len(data) - len(data) % 2], self.sample_rate)


class RemoteSynthesizer:
    """A :class:`SpeechSynthesizer` that asks a server. ``voices`` picks the server's voice per
    language (else ``voice``); ``languages`` limits what it is asked to speak (``None``: all)."""

    def __init__(
        self,
        endpoint: RemoteEndpoint,
        *,
        model: str = "tts-1",
        voice: str = "alloy",
        voices: Mapping[str, str] | None = None,
        response_format: RemoteSpeechFormat = "pcm",
        pcm_rate: int = OPENAI_PCM_RATE,
        extensions: bool = True,
        languages: Iterable[str] | None = None,
    ) -> None:
        self.endpoint = endpoint
        self._model = model
        self._voice = voice
        self._voices = dict(voices or {})
        self._format: RemoteSpeechFormat = response_format
        self._pcm_rate = pcm_rate
        self._extensions = extensions
        self._languages = None if languages is None else frozenset(languages)

    @property
    def name(self) -> str:
        return "remote"

    def supports(self, language: str) -> bool:
        return self._languages is None or language.split("-")[0].lower() in self._languages

    def close(self) -> None:
        self.endpoint.close()

    def _body(self, text: str, params: VoiceParams) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self._model,
            "input": text,
            "voice": self._voices.get(params.language, self._voice),
            "response_format": self._format,
            "speed": params.rate,
        }
        if self._extensions:
            body.update(
                rate=params.rate,
                pitch=params.pitch,
                volume=params.volume,
                sentence_pause_ms=params.sentence_pause_ms,
                language=params.language,
                stream=True,
            )
        return body

    def synthesize(self, text: str, params: VoiceParams) -> SynthesizedSpeech:
        """Raises :class:`RemoteStageError` (the server failed) or :class:`SynthesisError`."""
        if not self.supports(params.language):
            raise SynthesisError(f"the remote voice is not set to speak {params.language!r}")
        decoder = WavStream() if self._format == "wav" else PcmStream(self._pcm_rate)
        voice = self._voices.get(params.language, self._voice)
        with self.endpoint.post(json=self._body(text, params)) as answer:
            try:
                for chunk in answer.iter_bytes():
                    decoder.feed(chunk)
                audio = decoder.finish()
            except httpx.HTTPError as error:
                raise self.endpoint.read_error(error) from error
            except ValueError as error:
                raise self.endpoint.error(
                    f"sent audio that is not {self._format}: {error}"
                ) from error
        if not self._extensions and params.volume != 1.0:
            audio = audio.gain(params.volume)
        return SynthesizedSpeech(
            pcm16=audio.to_pcm16(),
            sample_rate=audio.sample_rate,
            engine="remote",
            voice=f"{self._model}/{voice}",
            text=text,
        )


class FallbackSynthesizer:
    """The remote voice, and the embedded voices when the remote fails (see
    :class:`StageFallback`); speech the embedded voices made says so in ``note``."""

    def __init__(self, remote: RemoteSynthesizer, switch: StageFallback[SpeechSynthesizer]) -> None:
        self.remote = remote
        self.switch = switch

    @property
    def name(self) -> str:
        return self.remote.name

    def supports(self, language: str) -> bool:
        fallback = self.switch.fallback_if_built
        return self.remote.supports(language) or (
            fallback is not None and fallback.supports(language)
        )

    def load(self) -> None:
        """Load the embedded voices now (warm-up), so that a failure finds them ready."""
        self.switch.fallback()

    def close(self) -> None:
        self.remote.close()
        close: Callable[[], None] | None = getattr(self.switch.fallback_if_built, "close", None)
        if callable(close):
            close()

    def synthesize(self, text: str, params: VoiceParams) -> SynthesizedSpeech:
        if not self.remote.supports(params.language):
            # The remote is set not to speak this language: the embedded voices do, by design.
            fallback = self.switch.fallback()
            if fallback is None:
                raise SynthesisError(f"no voice is set to speak {params.language!r}")
            return fallback.synthesize(text, params)
        try:
            speech, note = self.switch.run(
                lambda: self.remote.synthesize(text, params),
                lambda engine: engine.synthesize(text, params),
            )
        except RemoteStageError as error:  # no embedded voice here: the voice failed
            raise SynthesisError(str(error)) from error
        if note is None:
            return speech
        return speech.model_copy(update={"note": f"{note}; {speech.note}" if speech.note else note})
