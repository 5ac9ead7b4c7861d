"""Audio formats: which ones can carry a C2PA manifest, and what a file really is."""

from __future__ import annotations

_ALIASES = {
    "audio/wav": "audio/wav",
    "audio/x-wav": "audio/wav",
    "audio/wave": "audio/wav",
    "audio/vnd.wave": "audio/wav",
    "audio/mpeg": "audio/mpeg",
    "audio/mp3": "audio/mpeg",
    "audio/mpeg3": "audio/mpeg",
    "audio/x-mp3": "audio/mpeg",
    "audio/flac": "audio/flac",
    "audio/x-flac": "audio/flac",
    "audio/mp4": "audio/mp4",
    "audio/m4a": "audio/mp4",
    "audio/x-m4a": "audio/mp4",
}
SIGNABLE = frozenset(_ALIASES.values())
"""Formats c2pa-python embeds manifests in (WAV, MP3, FLAC, M4A). Ogg/Opus, WebM, AAC (ADTS)
and raw PCM have no place for one: their responses are labelled by headers only."""

_EXTENSIONS = {
    ".wav": "audio/wav",
    ".mp3": "audio/mpeg",
    ".flac": "audio/flac",
    ".m4a": "audio/mp4",
}


def normalise_mime(mime: str) -> str:
    """``audio/x-wav`` → ``audio/wav`` and so on; parameters (``; codecs=…``) dropped."""
    base = mime.split(";", 1)[0].strip().lower()
    return _ALIASES.get(base, base)


def can_sign(mime: str) -> bool:
    return normalise_mime(mime) in SIGNABLE


def mime_for_extension(suffix: str) -> str | None:
    return _EXTENSIONS.get(suffix.lower())


def sniff_audio_mime(data: bytes) -> str | None:
    """The format the bytes themselves announce, or ``None`` when they announce none."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav"
    if data[:4] == b"fLaC":
        return "audio/flac"
    if data[4:8] == b"ftyp":
        return "audio/mp4"
    if data[:4] == b"OggS":
        return "audio/ogg"
    if data[:4] == b"\x1a\x45\xdf\xa3":
        return "audio/webm"
    if data[:3] == b"ID3":
        return "audio/mpeg"
    # An MPEG frame sync; layer bits 00 would be AAC in ADTS, which C2PA cannot carry.
    if len(data) >= 2 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0 and data[1] & 0x06:
        return "audio/mpeg"
    return None
