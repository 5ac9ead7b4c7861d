"""Audio in memory: decode any common file, resample with a library, mono PCM16 out.

One type, :class:`Audio`, travels between the engines: float32 mono samples in [-1, 1] with
their sample rate. Decoding uses PyAV (FFmpeg: WAV, MP3, OGG/Opus, WebM, FLAC, M4A) and
resampling uses soxr; neither is hand-written here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
import numpy.typing as npt
import soundfile
import soxr

Samples = npt.NDArray[np.float32]

WHISPER_RATE = 16_000
"""Speech recognition and VAD work at 16 kHz."""


MAX_DECODE_RATE = 48_000
"""The sample cap is ``max_seconds`` at this rate: a file at a higher rate (192 kHz) holds more
samples per second, and it is samples, not seconds, that fill memory."""


class AudioDecodeError(ValueError):
    """The bytes are not audio that FFmpeg can decode; the message says what arrived."""


class AudioTooLongError(ValueError):
    """The decoded audio passed ``limit_s`` (or as many samples at 48 kHz); decoding stopped
    there, so a small compressed file of a long silence never fills memory."""

    def __init__(self, limit_s: float) -> None:
        super().__init__(
            f"expected audio of at most {limit_s:g} seconds; this file is longer "
            f"(decoding stopped there) / 오디오는 {limit_s:g}초까지 받을 수 있습니다: "
            "이 파일은 더 깁니다"
        )
        self.limit_s = limit_s


@dataclass(frozen=True)
class Audio:
    """Mono float32 samples in [-1, 1] at ``sample_rate`` Hz."""

    samples: Samples
    sample_rate: int

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate if self.sample_rate else 0.0

    @classmethod
    def silence(cls, seconds: float, sample_rate: int = WHISPER_RATE) -> Audio:
        return cls(np.zeros(round(seconds * sample_rate), dtype=np.float32), sample_rate)

    @classmethod
    def from_pcm16(cls, data: bytes, sample_rate: int) -> Audio:
        """Little-endian signed 16-bit mono PCM, as the Realtime protocol sends it."""
        if len(data) % 2:
            raise AudioDecodeError(
                f"PCM16 needs an even number of bytes (2 per sample); got {len(data)} bytes"
            )
        ints = np.frombuffer(data, dtype="<i2")
        return cls((ints.astype(np.float32) / 32768.0), sample_rate)

    def to_pcm16(self) -> bytes:
        clipped = np.clip(self.samples, -1.0, 1.0)
        return (clipped * 32767.0).round().astype("<i2").tobytes()

    def resample(self, sample_rate: int) -> Audio:
        if sample_rate == self.sample_rate or len(self.samples) == 0:
            return Audio(self.samples, sample_rate)
        out = soxr.resample(self.samples, self.sample_rate, sample_rate, quality="HQ")
        return Audio(np.asarray(out, dtype=np.float32), sample_rate)

    def gain(self, factor: float) -> Audio:
        return Audio(np.clip(self.samples * factor, -1.0, 1.0).astype(np.float32), self.sample_rate)

    def concat(self, *others: Audio) -> Audio:
        parts = [self.samples] + [o.resample(self.sample_rate).samples for o in others]
        return Audio(np.concatenate(parts).astype(np.float32), self.sample_rate)

    def to_wav_bytes(self) -> bytes:
        buf = io.BytesIO()
        soundfile.write(buf, self.samples, self.sample_rate, format="WAV", subtype="PCM_16")
        return buf.getvalue()


class _CappedChunks:
    """Decoded chunks, refused past the duration and sample caps as each one arrives."""

    def __init__(self, rate: int, max_seconds: float | None) -> None:
        self.chunks: list[Samples] = []
        self.count = 0
        self.max_seconds = max_seconds
        self.max_samples = int((max_seconds or 0.0) * min(rate, MAX_DECODE_RATE)) + 1

    def add(self, frames: list[av.AudioFrame]) -> None:
        for out in frames:
            chunk = out.to_ndarray().reshape(-1).astype(np.float32)
            self.count += len(chunk)
            if self.max_seconds is not None and self.count > self.max_samples:
                raise AudioTooLongError(self.max_seconds)
            self.chunks.append(chunk)


def decode_audio(
    source: bytes | Path | str, sample_rate: int | None = None, *, max_seconds: float | None = None
) -> Audio:
    """Decode a file (path or bytes) of any format FFmpeg reads to mono float32.

    With ``sample_rate`` the result is resampled to it; otherwise it keeps the file's rate.
    With ``max_seconds``, decoding stops with :class:`AudioTooLongError` as soon as the audio
    passes it (or as many samples at 48 kHz), before the rest is buffered.
    """
    stream_in: io.BytesIO | str = io.BytesIO(source) if isinstance(source, bytes) else str(source)
    chunks: list[Samples] = []
    rate = 0
    try:
        with av.open(stream_in, mode="r") as container:
            if not container.streams.audio:
                raise AudioDecodeError("expected a file with an audio stream; found none")
            stream = container.streams.audio[0]
            rate = stream.rate or stream.codec_context.sample_rate
            resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
            capped = _CappedChunks(rate, max_seconds)
            for frame in container.decode(stream):
                capped.add(resampler.resample(frame))
            capped.add(resampler.resample(None))
            chunks = capped.chunks
    except av.error.FFmpegError as exc:
        what = f"{len(source)} bytes" if isinstance(source, bytes) else f"file {source}"
        raise AudioDecodeError(
            f"expected audio (WAV, MP3, OGG/Opus, WebM, FLAC, M4A); could not decode {what}: {exc}"
        ) from exc
    samples = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
    audio = Audio(samples.astype(np.float32), rate)
    return audio.resample(sample_rate) if sample_rate else audio


def write_wav(path: Path | str, audio: Audio) -> None:
    """Write PCM16 WAV; the parent folder must exist."""
    soundfile.write(str(path), audio.samples, audio.sample_rate, format="WAV", subtype="PCM_16")
