"""Encode speech into the formats OpenAI's ``/v1/audio/speech`` offers, with PyAV (FFmpeg).

Like OpenAI, every format is 24 kHz mono except Opus, which only runs at 48 kHz (and its
standard rates below). ``pcm`` is raw little-endian signed 16-bit samples at 24 kHz, no header.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from typing import Final, Literal

import av
import numpy as np

from voices.audio import Audio

SpeechFormat = Literal["mp3", "opus", "aac", "flac", "wav", "pcm"]

SPEECH_RATE: Final = 24_000
"""OpenAI's speech rate, which clients of ``pcm`` assume."""

MIN_CLIP_S: Final = 0.02
"""An empty clip is encoded as this much silence."""


@dataclass(frozen=True)
class Encoding:
    """How FFmpeg writes one format."""

    container: str
    codec: str
    sample_rate: int
    mime: str
    bit_rate: int | None = None


ENCODINGS: Final[dict[SpeechFormat, Encoding]] = {
    "mp3": Encoding("mp3", "libmp3lame", SPEECH_RATE, "audio/mpeg", 64_000),
    "opus": Encoding("ogg", "libopus", 48_000, "audio/ogg; codecs=opus", 32_000),
    "aac": Encoding("adts", "aac", SPEECH_RATE, "audio/aac", 64_000),
    "flac": Encoding("flac", "flac", SPEECH_RATE, "audio/flac"),
    "wav": Encoding("wav", "pcm_s16le", SPEECH_RATE, "audio/wav"),
    "pcm": Encoding("s16le", "pcm_s16le", SPEECH_RATE, "audio/pcm"),
}


def mime_type(speech_format: SpeechFormat) -> str:
    return ENCODINGS[speech_format].mime


def encode_speech(audio: Audio, speech_format: SpeechFormat) -> bytes:
    """The whole clip as one file (or raw PCM) in ``speech_format``."""
    encoding = ENCODINGS[speech_format]
    if len(audio.samples) == 0:
        # FFmpeg writes a container's header with its first packet: no samples, no file.
        # A few milliseconds of silence keep the result a valid, playable file.
        audio = Audio.silence(MIN_CLIP_S, audio.sample_rate)
    resampled = audio.resample(encoding.sample_rate)
    if speech_format == "pcm":
        return resampled.to_pcm16()
    return _encode_with_av(resampled, encoding)


STREAMING_SIZE: Final = 0xFFFFFFFF
"""The RIFF and data sizes of a WAV whose length is not known when its header is sent."""


def streaming_wav_header(sample_rate: int = SPEECH_RATE) -> bytes:
    """A mono PCM16 WAV header for a body that streams: both sizes say "unknown" (FFmpeg,
    browsers and modu's remote voice read such a file to its end)."""
    fmt = struct.pack("<HHIIHH", 1, 1, sample_rate, sample_rate * 2, 2, 16)
    return (
        b"RIFF"
        + struct.pack("<I", STREAMING_SIZE)
        + b"WAVEfmt "
        + struct.pack("<I", len(fmt))
        + fmt
        + b"data"
        + struct.pack("<I", STREAMING_SIZE)
    )


def _encode_with_av(audio: Audio, encoding: Encoding) -> bytes:
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format=encoding.container) as container:
        stream = container.add_stream(encoding.codec, rate=encoding.sample_rate, layout="mono")
        if not isinstance(stream, av.AudioStream):
            raise TypeError(f"{encoding.codec} is not an audio codec")
        if encoding.bit_rate is not None:
            stream.bit_rate = encoding.bit_rate
        codec = stream.codec_context
        # Encoders take their own sample format in frames of their own size (1152 for MP3,
        # 960 for Opus); the resampler converts and cuts the clip into such frames.
        resampler = av.AudioResampler(
            format=codec.format.name if codec.format is not None else None,
            layout="mono",
            rate=encoding.sample_rate,
            frame_size=codec.frame_size or None,
        )
        pcm16 = np.frombuffer(audio.to_pcm16(), dtype="<i2").reshape(1, -1)
        source = av.AudioFrame.from_ndarray(pcm16, format="s16", layout="mono")
        source.sample_rate = encoding.sample_rate
        for frame in [*resampler.resample(source), *resampler.resample(None)]:
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return buffer.getvalue()
