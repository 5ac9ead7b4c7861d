"""C2PA provenance: sign-then-verify round trips (WAV, MP3), tampering, missing manifests, keys."""

from __future__ import annotations

import datetime
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

pytest.importorskip("c2pa")

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from accessibility.labels import make_label
from accessibility.provenance import (
    DevCertificate,
    ProvenanceError,
    UnsupportedFormatError,
    can_sign,
    load_signer,
    make_dev_certificate,
    read_provenance,
    read_provenance_for_settings,
    sign_audio,
    sign_for_settings,
    sniff_audio_mime,
)
from accessibility.provenance.settings import ProvenanceSettings
from service.settings import Settings
from tests.helpers.audio_files import (
    flip_audio_bytes,
    flip_manifest_bytes,
    mp3_bytes,
    wav_bytes,
)

LABEL = make_label(
    "llama.cpp / qwen2.5-coder-1.5b-instruct",
    "piper / en_US-joe-medium",
    created_at="2026-05-01T09:30:00Z",
)
FORMATS = [("audio/wav", wav_bytes), ("audio/mpeg", mp3_bytes)]


@pytest.fixture(scope="module")
def dev_certificate(tmp_path_factory: pytest.TempPathFactory) -> DevCertificate:
    folder = tmp_path_factory.mktemp("keys")
    return make_dev_certificate(folder / "signing-key.pem", folder / "signing-chain.pem")


@pytest.fixture
def settings(fake_settings: Settings, tmp_path: Path) -> Settings:
    provenance = ProvenanceSettings(
        signing_key_path=tmp_path / "keys" / "signing-key.pem",
        signing_cert_path=tmp_path / "keys" / "signing-chain.pem",
        watermark_key_path=tmp_path / "keys" / "watermark-keys.json",
    )
    return fake_settings.model_copy(update={"provenance": provenance})


@pytest.mark.parametrize(("mime", "make"), FORMATS)
def test_signed_audio_reads_back_as_modu_valid_untrusted(
    dev_certificate: DevCertificate, mime: str, make: Callable[[], bytes]
) -> None:
    original = make()
    signer = load_signer(dev_certificate.key_path, dev_certificate.chain_path)
    signed = sign_audio(original, mime, LABEL, signer)
    assert sniff_audio_mime(signed) == mime  # Still the same kind of file.
    report = read_provenance(signed, mime)
    assert report.has_manifest and report.made_by_modu and report.ai_generated
    assert (report.model, report.voice, report.created_at) == (
        LABEL.model,
        LABEL.voice,
        LABEL.created_at,
    )
    assert report.signature_valid and not report.trusted
    assert report.development_certificate
    assert report.failure_codes == ["signingCredential.untrusted"]
    assert report.generator and report.generator.startswith("modu ")
    words = report.plain_words()
    assert "made by modu, an AI" in words
    assert (
        "model llama.cpp / qwen2.5-coder-1.5b-instruct and voice piper / en_US-joe-medium" in words
    )
    assert "2026-05-01 09:30:00 UTC" in words
    assert "signature is valid, but the signing certificate is not trusted" in words
    assert "local development certificate" in words
    assert "AI인 modu" in report.plain_words("ko") and "신뢰할 수 없습니다" in report.plain_words(
        "ko"
    )


@pytest.mark.parametrize(("mime", "make"), FORMATS)
def test_tampered_audio_fails_with_a_clear_message(
    dev_certificate: DevCertificate, mime: str, make: Callable[[], bytes]
) -> None:
    signer = load_signer(dev_certificate.key_path, dev_certificate.chain_path)
    tampered = flip_audio_bytes(sign_audio(make(), mime, LABEL, signer))
    report = read_provenance(tampered, mime)
    assert report.has_manifest and not report.signature_valid and not report.trusted
    assert "assertion.dataHash.mismatch" in report.failure_codes
    assert "the audio was changed after it was signed" in report.issues
    assert "verification FAILED: the audio was changed after it was signed" in report.plain_words()
    assert "서명한 뒤에 오디오가 바뀌었습니다" in report.plain_words("ko")


@pytest.mark.parametrize(("mime", "make"), FORMATS)
def test_audio_without_a_manifest_says_so(mime: str, make: Callable[[], bytes]) -> None:
    report = read_provenance(make(), mime)
    assert not report.has_manifest and not report.made_by_modu and not report.signature_valid
    assert report.plain_words().startswith("This file carries no C2PA manifest")
    assert "C2PA 매니페스트가 없습니다" in report.plain_words("ko")


def test_a_damaged_manifest_is_reported_as_such(dev_certificate: DevCertificate) -> None:
    signer = load_signer(dev_certificate.key_path, dev_certificate.chain_path)
    signed = sign_audio(wav_bytes(), "audio/wav", LABEL, signer)
    report = read_provenance(flip_manifest_bytes(signed), "audio/wav")
    assert report.has_manifest and not report.signature_valid
    assert report.failure_codes == ["manifest.damaged"]
    assert "manifest is damaged" in report.plain_words()


def test_not_audio_is_reported_not_raised() -> None:
    report = read_provenance(b"plain text, not audio " * 10, "audio/wav")
    assert not report.has_manifest
    assert report.plain_words().startswith("Could not check this file")


def test_the_development_root_as_trust_anchor_makes_it_trusted(
    dev_certificate: DevCertificate, settings: Settings
) -> None:
    signer = load_signer(dev_certificate.key_path, dev_certificate.chain_path)
    signed = sign_audio(wav_bytes(), "audio/wav", LABEL, signer)
    anchored = settings.model_copy(
        update={
            "provenance": settings.provenance.model_copy(
                update={"trust_anchors_path": dev_certificate.root_path}
            )
        }
    )
    report = read_provenance_for_settings(signed, "audio/wav", anchored.provenance)
    assert report.trusted and report.signature_valid and report.failure_codes == []
    assert "signing certificate is trusted" in report.plain_words()


def test_key_files_are_private_and_the_chain_checks_out(dev_certificate: DevCertificate) -> None:
    assert stat.S_IMODE(dev_certificate.key_path.stat().st_mode) == 0o600
    chain = x509.load_pem_x509_certificates(dev_certificate.chain_path.read_bytes())
    signer, root = chain
    assert signer.issuer == root.subject and signer.issuer != signer.subject
    assert not signer.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert signer.extensions.get_extension_for_class(x509.KeyUsage).value.digital_signature
    assert "UNTRUSTED" in signer.subject.rfc4514_string()
    config = load_signer(dev_certificate.key_path, dev_certificate.chain_path)
    assert (config.algorithm, config.development) == ("es256", True)


def _own_certificate(folder: Path, curve: ec.EllipticCurve) -> tuple[Path, Path]:
    """A small CA and a signing certificate not made by modu (as an organisation would)."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key, key = ec.generate_private_key(curve), ec.generate_private_key(curve)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Example CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA384())
    )
    usage = x509.KeyUsage(True, False, False, False, False, False, False, False, False)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Example signer")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(2)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.OID_EMAIL_PROTECTION]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA384())
    )
    key_path, chain_path = folder / "own-key.pem", folder / "own-chain.pem"
    # A traditional ("EC PRIVATE KEY") file: modu converts it to the PKCS#8 that c2pa reads.
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    pem = serialization.Encoding.PEM
    chain_path.write_bytes(cert.public_bytes(pem) + ca.public_bytes(pem))
    return key_path, chain_path


def test_your_own_p384_certificate_signs(tmp_path: Path) -> None:
    key_path, chain_path = _own_certificate(tmp_path, ec.SECP384R1())
    signer = load_signer(key_path, chain_path)
    assert (signer.algorithm, signer.subject, signer.development) == (
        "es384",
        "Example signer",
        False,
    )
    report = read_provenance(sign_audio(mp3_bytes(), "audio/mpeg", LABEL, signer), "audio/mpeg")
    assert report.signature_valid and report.signer == "Example signer"
    assert not report.development_certificate
    assert "not in the trust list" in report.plain_words()


def test_a_key_that_does_not_match_the_certificate_is_refused(
    dev_certificate: DevCertificate, tmp_path: Path
) -> None:
    other_key, _ = _own_certificate(tmp_path, ec.SECP256R1())
    with pytest.raises(ProvenanceError, match="does not belong to the first certificate"):
        load_signer(other_key, dev_certificate.chain_path)
    with pytest.raises(ProvenanceError, match="modu keys init"):
        load_signer(tmp_path / "missing.pem", dev_certificate.chain_path)


def test_formats_without_a_place_for_a_manifest_are_refused(
    dev_certificate: DevCertificate,
) -> None:
    signer = load_signer(dev_certificate.key_path, dev_certificate.chain_path)
    assert can_sign("audio/x-wav") and can_sign("audio/mp3") and not can_sign("audio/ogg")
    with pytest.raises(UnsupportedFormatError, match="audio/ogg"):
        sign_audio(b"OggS" + bytes(100), "audio/ogg", LABEL, signer)


def test_signing_for_settings_makes_a_dev_certificate_once(settings: Settings) -> None:
    assert not settings.provenance.signing_key_path.exists()
    first = sign_for_settings(wav_bytes(), "audio/wav", LABEL, settings.provenance)
    key_bytes = settings.provenance.signing_key_path.read_bytes()
    second = sign_for_settings(wav_bytes(), "audio/wav", LABEL, settings.provenance)
    assert settings.provenance.signing_key_path.read_bytes() == key_bytes  # Made once.
    for signed in (first, second):
        report = read_provenance(signed, "audio/wav")
        assert report.made_by_modu and report.signature_valid


def test_settings_can_forbid_new_keys_or_turn_signing_off(settings: Settings) -> None:
    strict = settings.model_copy(
        update={"provenance": settings.provenance.model_copy(update={"create_missing_keys": False})}
    )
    with pytest.raises(ProvenanceError, match="create_missing_keys is off"):
        sign_for_settings(wav_bytes(), "audio/wav", LABEL, strict.provenance)
    off = settings.model_copy(
        update={"provenance": settings.provenance.model_copy(update={"sign_audio": False})}
    )
    data = wav_bytes()
    assert sign_for_settings(data, "audio/wav", LABEL, off.provenance) == data
    assert not settings.provenance.signing_key_path.exists()
