"""Signing credentials: a development certificate made here, or your own key and chain.

C2PA refuses a self-signed signing certificate, so the development credential is a small chain:
a root CA (its private key is thrown away once it has signed) and an end-entity certificate for
signing, with the key usage (digitalSignature) and extended key usage (emailProtection,
documentSigning) that C2PA validators accept. It verifies as a valid signature from an UNTRUSTED
signer: anybody can make one like it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pydantic import BaseModel

from accessibility.provenance.base import ProvenanceError, write_private, write_public

DEV_ORGANISATION = "modu development (UNTRUSTED)"
"""The organisation name of every development certificate: readers recognise it by this."""

DEV_SIGNER_VALIDITY = datetime.timedelta(days=5 * 365)
"""Long: without a timestamp authority (offline), a signature reads as valid only while the
certificate is."""

Algorithm = Literal["es256", "es384", "es512", "ps256", "ed25519"]
_CURVES: dict[str, Algorithm] = {"secp256r1": "es256", "secp384r1": "es384", "secp521r1": "es512"}


class SignerConfig(BaseModel):
    """What signs a manifest: a PKCS#8 private key, its certificate chain, the algorithm."""

    private_key_pem: str
    certificate_chain_pem: str
    """The signing certificate first, then the CAs that issued it."""
    algorithm: Algorithm
    subject: str
    """The signing certificate's common name, for messages."""
    development: bool
    """Made by ``modu keys init`` (untrusted), not issued by a real CA."""


@dataclass(frozen=True)
class DevCertificate:
    key_path: Path
    chain_path: Path
    root_path: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEV_ORGANISATION),
        ]
    )


def _key_usage(*, signing: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signing,
        crl_sign=not signing,
        encipher_only=False,
        decipher_only=False,
    )


def _dev_root(key: ec.EllipticCurvePrivateKey, now: datetime.datetime) -> x509.Certificate:
    name = _name("modu development root CA (UNTRUSTED)")
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + DEV_SIGNER_VALIDITY + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(signing=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def _dev_signer(
    key: ec.EllipticCurvePrivateKey,
    root: x509.Certificate,
    root_key: ec.EllipticCurvePrivateKey,
    now: datetime.datetime,
) -> x509.Certificate:
    usages = [ExtendedKeyUsageOID.EMAIL_PROTECTION, x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")]
    return (
        x509.CertificateBuilder()
        .subject_name(_name("modu development signer (UNTRUSTED)"))
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + DEV_SIGNER_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(signing=True), critical=True)
        .add_extension(x509.ExtendedKeyUsage(usages), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),
            critical=False,
        )
        .sign(root_key, hashes.SHA256())
    )


def make_dev_certificate(
    key_path: Path, chain_path: Path, root_path: Path | None = None
) -> DevCertificate:
    """Write a new UNTRUSTED development key (0600), its chain, and the root certificate
    (``dev-root.pem`` beside the chain unless given). Existing files are replaced."""
    now = datetime.datetime.now(datetime.UTC)
    root_key = ec.generate_private_key(ec.SECP256R1())
    signer_key = ec.generate_private_key(ec.SECP256R1())
    root = _dev_root(root_key, now)
    signer = _dev_signer(signer_key, root, root_key, now)
    pem = serialization.Encoding.PEM
    root_path = root_path or chain_path.with_name("dev-root.pem")
    write_private(
        key_path,
        signer_key.private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
    )
    write_public(chain_path, signer.public_bytes(pem) + root.public_bytes(pem))
    write_public(root_path, root.public_bytes(pem))
    return DevCertificate(key_path, chain_path, root_path)


def _algorithm(key: object, key_path: Path) -> Algorithm:
    if isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name in _CURVES:
        return _CURVES[key.curve.name]
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return "ed25519"
    if isinstance(key, rsa.RSAPrivateKey):
        return "ps256"
    raise ProvenanceError(
        f"{key_path}: expected an EC (P-256, P-384, P-521), Ed25519 or RSA private key; "
        f"got {type(key).__name__}"
    )


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as error:
        raise ProvenanceError(
            f"no {what} at {path} (run `modu keys init`, or set "
            "MODU_PROVENANCE__SIGNING_KEY_PATH and MODU_PROVENANCE__SIGNING_CERT_PATH)"
        ) from error


def load_signer(key_path: Path, chain_path: Path) -> SignerConfig:
    """Read and check a key and its chain: the key must belong to the first certificate."""
    try:
        key = serialization.load_pem_private_key(_read(key_path, "signing key"), password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise ProvenanceError(
            f"{key_path}: expected an unencrypted PEM private key ({error})"
        ) from error
    try:
        chain = x509.load_pem_x509_certificates(_read(chain_path, "certificate chain"))
    except ValueError as error:
        raise ProvenanceError(f"{chain_path}: expected PEM certificates ({error})") from error
    public = serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    if chain[0].public_key().public_bytes(*public) != key.public_key().public_bytes(*public):
        raise ProvenanceError(
            f"the key {key_path} does not belong to the first certificate in {chain_path}"
        )
    names = chain[0].subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    organisations = chain[0].subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    return SignerConfig(
        private_key_pem=key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,  # The only form c2pa-python reads.
            serialization.NoEncryption(),
        ).decode(),
        certificate_chain_pem=b"".join(
            c.public_bytes(serialization.Encoding.PEM) for c in chain
        ).decode(),
        algorithm=_algorithm(key, key_path),
        subject=str(names[0].value) if names else chain[0].subject.rfc4514_string(),
        development=any(o.value == DEV_ORGANISATION for o in organisations),
    )
