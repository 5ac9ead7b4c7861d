"""Audio files built in memory for provenance tests: WAV and MP3 bytes, and tampering."""

from __future__ import annotations

import io
import struct

import av
import numpy as np

from voices.audio import Audio


def tone(seconds: float = 1.0, rate: int = 22_050, hz: float = 440.0) -> Audio:
    t = np.arange(round(seconds * rate), dtype=np.float32) / rate
    return Audio((0.3 * np.sin(2 * np.pi * hz * t)).astype(np.float32), rate)


def wav_bytes(audio: Audio | None = None) -> bytes:
    return (audio or tone()).to_wav_bytes()


def mp3_bytes(audio: Audio | None = None) -> bytes:
    """MP3 through PyAV (FFmpeg's LAME encoder)."""
    audio = audio or tone()
    out = io.BytesIO()
    with av.open(out, mode="w", format="mp3") as container:
        stream = container.add_stream("mp3", rate=audio.sample_rate, layout="mono")
        frame = av.AudioFrame.from_ndarray(
            audio.samples.reshape(1, -1), format="flt", layout="mono"
        )
        frame.sample_rate = audio.sample_rate
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return out.getvalue()


def wav_chunk_offset(data: bytes, name: bytes) -> int:
    """Where the body of a WAV's ``name`` chunk (``data``, ``C2PA`` …) starts."""
    position = 12
    while position + 8 <= len(data):
        chunk, size = data[position : position + 4], struct.unpack_from("<I", data, position + 4)[0]
        if chunk == name:
            return position + 8
        position += 8 + size + (size & 1)
    raise ValueError(f"no {name!r} chunk")


def audio_payload_offset(data: bytes) -> int:
    """Where the audio itself starts: after a WAV's headers (its ``data`` chunk) or after an
    MP3's ID3 tag (where C2PA keeps its manifest)."""
    if data[:4] == b"RIFF":
        return wav_chunk_offset(data, b"data")
    if data[:3] == b"ID3":
        size = 0
        for byte in data[6:10]:  # A syncsafe integer: 7 bits per byte.
            size = (size << 7) | byte
        return 10 + size
    return 0


def _flip(data: bytes, start: int, count: int) -> bytes:
    changed = bytearray(data)
    for index in range(start, start + count):
        changed[index] ^= 0xFF
    return bytes(changed)


def flip_manifest_bytes(wav: bytes, count: int = 64) -> bytes:
    """The same signed WAV with bytes in the middle of its C2PA manifest inverted."""
    start = wav_chunk_offset(wav, b"C2PA")
    size = struct.unpack_from("<I", wav, start - 4)[0]
    return _flip(wav, start + size // 2, count)


def flip_audio_bytes(data: bytes, count: int = 64) -> bytes:
    """The same file with ``count`` bytes of its audio inverted (headers and manifest kept)."""
    return _flip(data, audio_payload_offset(data) + 400, count)
