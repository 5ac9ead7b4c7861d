"""Sign audio: embed a C2PA manifest that says modu (an AI) made it, with which model and voice.

The manifest holds a ``c2pa.actions`` assertion (``c2pa.created``, digital source type
``trainedAlgorithmicMedia``, model and voice as parameters) and modu's own ``org.modu.ai_label``
assertion (the whole :class:`~accessibility.labels.AiLabel`). Signing is offline: no timestamp
authority, no network.
"""

from __future__ import annotations

import io
import logging
import threading
from pathlib import Path
from typing import Any

from accessibility.labels import AiLabel
from accessibility.provenance.base import (
    AI_LABEL_ASSERTION,
    TRAINED_ALGORITHMIC_MEDIA,
    ProvenanceError,
    UnsupportedFormatError,
    import_c2pa,
)
from accessibility.provenance.certificates import SignerConfig, load_signer, make_dev_certificate
from accessibility.provenance.formats import SIGNABLE, normalise_mime, sniff_audio_mime
from accessibility.provenance.settings import ProvenanceSettings

log = logging.getLogger("modu.provenance")

_SIGN_CONTEXT: dict[str, Any] = {
    "verify": {"remote_manifest_fetch": False, "ocsp_fetch": False},
    "builder": {"thumbnail": {"enabled": False}},
}
_key_lock = threading.Lock()


def manifest_definition(label: AiLabel, mime: str) -> dict[str, Any]:
    """The manifest for one answer's audio."""
    created = {
        "action": "c2pa.created",
        "digitalSourceType": TRAINED_ALGORITHMIC_MEDIA,
        "when": label.created_at,
        "description": "AI-generated answer / AI 생성 답변",
        "softwareAgent": {"name": label.generator, "version": label.generator_version},
        "parameters": {"model": label.model, "voice": label.voice},
    }
    return {
        "claim_generator_info": [{"name": label.generator, "version": label.generator_version}],
        "title": f"modu answer {label.created_at}",
        "format": mime,
        "assertions": [
            {"label": "c2pa.actions", "data": {"actions": [created]}},
            {"label": AI_LABEL_ASSERTION, "data": label.model_dump(mode="json")},
        ],
    }


def _signable(data: bytes, mime: str) -> str:
    declared = normalise_mime(mime)
    actual = sniff_audio_mime(data) or declared
    if actual not in SIGNABLE:
        raise UnsupportedFormatError(
            f"C2PA can embed a manifest in {', '.join(sorted(SIGNABLE))}; got {actual}"
        )
    return actual


def sign_audio(data: bytes, mime: str, label: AiLabel, signer: SignerConfig) -> bytes:
    """``data`` with a signed C2PA manifest embedded (WAV, MP3, FLAC, M4A). The format is
    taken from the bytes when they announce one, else from ``mime``."""
    c2pa = import_c2pa()
    fmt = _signable(data, mime)
    info = c2pa.C2paSignerInfo(
        alg=signer.algorithm.encode(),
        sign_cert=signer.certificate_chain_pem.encode(),
        private_key=signer.private_key_pem.encode(),
        ta_url=None,  # Offline: no timestamp authority.
    )
    out = io.BytesIO()
    try:
        with (
            c2pa.Context.from_dict(_SIGN_CONTEXT) as context,
            c2pa.Signer.from_info(info) as c2pa_signer,
            c2pa.Builder(manifest_definition(label, fmt), context) as builder,
        ):
            builder.sign(c2pa_signer, fmt, io.BytesIO(data), out)
    except c2pa.C2paError as error:
        raise ProvenanceError(f"could not sign the {fmt} audio: {error}") from error
    return out.getvalue()


def ensure_signing_key(settings: ProvenanceSettings, *, log_note: bool = True) -> str | None:
    """Make the development certificate when no key exists yet and the settings allow it.
    Returns a note (English and Korean) when it made one, also logged unless the caller shows
    it itself; ``None`` when a key was there."""
    provenance = settings
    with _key_lock:
        if provenance.signing_key_path.exists() or provenance.signing_cert_path.exists():
            return None
        if not provenance.create_missing_keys:
            raise ProvenanceError(
                f"no signing key at {provenance.signing_key_path}, and "
                "provenance.create_missing_keys is off: run `modu keys init` or point "
                "MODU_PROVENANCE__SIGNING_KEY_PATH / __SIGNING_CERT_PATH at your own"
            )
        made = make_dev_certificate(provenance.signing_key_path, provenance.signing_cert_path)
    note = (
        f"made an UNTRUSTED development signing certificate at {made.chain_path} (for "
        "development only; use your own for production) / 개발용 서명 인증서를 만들었습니다"
        "(신뢰할 수 없는 인증서, 개발용)"
    )
    if log_note:
        log.warning("modu: %s", note)
    return note


def signer_for_settings(settings: ProvenanceSettings) -> SignerConfig:
    """The configured signer, made first (development certificate) when missing and allowed."""
    ensure_signing_key(settings)
    return load_signer(settings.signing_key_path, settings.signing_cert_path)


def sign_for_settings(
    data: bytes, mime: str, label: AiLabel, settings: ProvenanceSettings
) -> bytes:
    """Sign as the settings say: unchanged when ``provenance.sign_audio`` is off. Raises
    :class:`UnsupportedFormatError` for formats without a place for a manifest (check with
    :func:`~accessibility.provenance.formats.can_sign` first)."""
    if not settings.sign_audio:
        return data
    return sign_audio(data, mime, label, signer_for_settings(settings))


def write_signed_audio(
    path: Path, data: bytes, mime: str, label: AiLabel, settings: ProvenanceSettings
) -> str:
    """Write ``data`` signed to ``path``; returns one line saying what the file carries."""
    if not settings.sign_audio:
        path.write_bytes(data)
        return "no C2PA manifest (provenance.sign_audio is off) / C2PA 매니페스트 없음"
    note = ensure_signing_key(settings, log_note=False)  # The caller shows the line.
    signer = signer_for_settings(settings)
    path.write_bytes(sign_audio(data, mime, label, signer))
    trust = "an UNTRUSTED development certificate" if signer.development else "your certificate"
    line = (
        f"C2PA manifest embedded / C2PA 매니페스트 포함 (AI-generated, signed by "
        f'"{signer.subject}", {trust}); check it with `modu verify {path}`'
    )
    return f"{line}\n               {note}" if note else line
