"""The AI-content label on every REST answer, and the provenance of the audio files served.

Every response of the OpenAI-compatible endpoints says it is AI-generated (Seoul AI Business
Pledge, commitment 3; Korea's AI Basic Act): chat answers and transcripts carry ``modu.label``
in the JSON body, and every response carries the label as ``X-Modu-…`` headers. The label
itself comes from :mod:`accessibility.labels`; this module is the one place the REST routes
get labels and audio signatures from.

Audio files get a signed C2PA manifest (:mod:`accessibility.provenance`) in the formats that
can carry one (WAV, MP3, FLAC); Opus, AAC and raw PCM are labelled by headers only, and the
``X-Modu-Provenance`` header says which applies.
"""

from __future__ import annotations

from typing import Final

from accessibility.labels import AiLabel, label_headers, label_text, make_label
from accessibility.provenance import ProvenanceError, can_sign, normalise_mime, sign_for_settings
from service.settings import Settings

PROVENANCE_HEADER: Final = "X-Modu-Provenance"

__all__ = [
    "PROVENANCE_HEADER",
    "AiLabel",
    "ProvenanceError",
    "engine_model",
    "label_headers",
    "label_text",
    "make_label",
    "sign_audio",
]


def engine_model(engine: str, model_id: str) -> str:
    """``"llama.cpp / qwen2.5-coder-1.5b-instruct"``: the form labels name models in."""
    return f"{engine} / {model_id}"


def sign_audio(data: bytes, mime: str, label: AiLabel, settings: Settings) -> tuple[bytes, str]:
    """The audio with a signed C2PA manifest where its format has room for one, and a word on
    which (the ``X-Modu-Provenance`` header). Slow (hashing, signing): call in a worker thread.

    Raises :class:`ProvenanceError` when signing is on but fails (no key and none may be made),
    and ImportError naming the extra when c2pa-python is missing.
    """
    if not settings.provenance.sign_audio:
        return data, "none (signing is off: MODU_PROVENANCE__SIGN_AUDIO)"
    if not can_sign(mime):
        return data, f"none ({normalise_mime(mime)} cannot carry a C2PA manifest)"
    return sign_for_settings(data, mime, label, settings.provenance), "c2pa"
