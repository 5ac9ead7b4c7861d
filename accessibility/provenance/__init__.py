"""Provenance of what modu makes: signed C2PA manifests in audio files.

``sign_audio`` embeds a manifest saying the audio was created by a trained algorithm (modu), with
the model, voice and time; ``read_provenance`` reads it back and says, in plain words, whether
it is intact and who signed it. c2pa-python is imported on first use (``modu[provenance]``).
"""

from accessibility.provenance.base import ProvenanceError, UnsupportedFormatError
from accessibility.provenance.certificates import (
    DevCertificate,
    SignerConfig,
    load_signer,
    make_dev_certificate,
)
from accessibility.provenance.formats import can_sign, normalise_mime, sniff_audio_mime
from accessibility.provenance.reading import (
    ProvenanceReport,
    read_provenance,
    read_provenance_for_settings,
)
from accessibility.provenance.signing import (
    ensure_signing_key,
    sign_audio,
    sign_for_settings,
    signer_for_settings,
    write_signed_audio,
)

__all__ = [
    "DevCertificate",
    "ProvenanceError",
    "ProvenanceReport",
    "SignerConfig",
    "UnsupportedFormatError",
    "can_sign",
    "ensure_signing_key",
    "load_signer",
    "make_dev_certificate",
    "normalise_mime",
    "read_provenance",
    "read_provenance_for_settings",
    "sign_audio",
    "sign_for_settings",
    "signer_for_settings",
    "sniff_audio_mime",
    "write_signed_audio",
]
