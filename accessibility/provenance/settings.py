"""Settings of AI-content provenance (``MODU_PROVENANCE__…``), composed into
:class:`service.settings.Settings`."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

from accessibility.data_dir import default_data_dir


class ProvenanceSettings(BaseModel):
    """AI-content provenance: C2PA manifests on audio files, SynthID watermarks on text."""

    sign_audio: bool = True
    """Embed a signed C2PA manifest (made by modu, AI-generated, model, voice, time) in every
    audio file modu writes: WAV, MP3, FLAC, M4A."""
    signing_key_path: Path = Field(
        default_factory=lambda: default_data_dir() / "keys" / "signing-key.pem"
    )
    """PEM private key that signs manifests (EC P-256/P-384/P-521, Ed25519 or RSA)."""
    signing_cert_path: Path = Field(
        default_factory=lambda: default_data_dir() / "keys" / "signing-chain.pem"
    )
    """PEM certificate chain: the signing certificate first, then the CAs that issued it."""
    trust_anchors_path: Path | None = None
    """PEM root certificates that verification trusts (your organisation's CA). Without it a
    development certificate reads as a valid signature from an untrusted signer."""
    create_missing_keys: bool = True
    """When no signing key or watermark key exists yet, make one on first use (an UNTRUSTED
    development certificate) and say so once. Turn off in production, so that a missing key
    is an error instead of a new untrusted certificate."""
    watermark_text: bool = True
    """SynthID-watermark text the transformers engine generates (llama.cpp cannot: it has no
    hook into sampling)."""
    watermark_keys: list[int] | None = Field(default=None, min_length=4, max_length=64)
    """SynthID keys, one per tournament layer. Unset: this installation's own random keys,
    made on first use in ``watermark_key_path`` (no shared placeholder key exists). Replicas
    that must detect each other's text set the same list here."""
    watermark_key_path: Path = Field(
        default_factory=lambda: default_data_dir() / "keys" / "watermark-keys.json"
    )
    watermark_ngram_len: int = Field(default=5, ge=2, le=16)
    """Tokens of context that seed each watermark decision (SynthID's default is 5)."""
