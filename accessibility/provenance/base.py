"""What every provenance module shares: its errors, the lazy c2pa import, private files."""

from __future__ import annotations

import importlib
import os
import tempfile
from pathlib import Path
from typing import Any

TRAINED_ALGORITHMIC_MEDIA = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
"""IPTC digital source type: created by a model trained on sampled content."""

AI_LABEL_ASSERTION = "org.modu.ai_label"
"""modu's own assertion in the manifest: the answer's :class:`~accessibility.labels.AiLabel`."""


class ProvenanceError(RuntimeError):
    """Audio could not be signed or read (bad key or certificate, unreadable file); the
    message says what was expected."""


class UnsupportedFormatError(ProvenanceError):
    """C2PA has no place for a manifest in this format (e.g. Ogg/Opus, raw PCM)."""


def import_c2pa() -> Any:
    """The ``c2pa`` module (a native library), imported on first use."""
    try:
        return importlib.import_module("c2pa")
    except ImportError as error:
        raise ImportError(
            "C2PA provenance needs c2pa-python: pip install 'modu[provenance]' "
            "(or turn signing off: MODU_PROVENANCE__SIGN_AUDIO=false)"
        ) from error


def write_private(path: Path, data: bytes) -> None:
    """Write a secret atomically, readable by its owner only (0600) from the first byte."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        Path(temporary).replace(path)
    except BaseException:  # Any failure (even Ctrl-C) must not leave a half-written secret.
        Path(temporary).unlink(missing_ok=True)
        raise


def write_public(path: Path, data: bytes) -> None:
    """Write a certificate atomically (world-readable is fine: certificates are public)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
