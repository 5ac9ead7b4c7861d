"""Check a certificate and key before serving with them (``modu serve --tls-cert --tls-key``).

uvicorn's own failure for a wrong file is an OpenSSL error code after the models have started
loading; this says, before anything starts, which file was expected to hold what and what it
holds instead: no file, a key where the certificate belongs, binary DER, a passphrase, a key
of another certificate, a CA certificate instead of the server's, an expired certificate.
"""

from __future__ import annotations

import datetime
import re
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

from service.tls.certificates import certificate_names
from service.tls.settings import TlsSettings

_PEM_LABEL = re.compile(rb"-----BEGIN ([A-Z0-9 ]+)-----")
MAX_READ_BYTES = 1_048_576
"""Certificates and keys are a few kB; a bigger file is not one (and is not read whole)."""


class TlsConfigError(ValueError):
    """A certificate or key that cannot serve HTTPS; the message says what was expected and
    what arrived, in English and Korean."""


@dataclass(frozen=True)
class ServingCertificate:
    """What ``modu serve`` prints about the certificate it serves with."""

    subject: str
    issuer: str
    names: tuple[str, ...]
    not_after: datetime.datetime


def describe_content(data: bytes) -> str:
    """What a file holds, in words: empty, which PEM blocks, binary, or other text."""
    if not data.strip():
        return "an empty file"
    labels = [label.decode() for label in _PEM_LABEL.findall(data)]
    if labels:
        return "PEM blocks: " + ", ".join(dict.fromkeys(labels))
    if data[:1] == b"\x30":  # an ASN.1 SEQUENCE: a DER certificate or key
        return "binary DER, not PEM (convert it: openssl x509 -inform der -in FILE -out FILE.pem)"
    try:
        start = data[:40].decode("utf-8")
    except UnicodeDecodeError:
        return "binary data"
    return f"text with no PEM block, starting {start!r}"


def _read(path: Path, what: str, flag: str) -> bytes:
    if not path.exists():
        raise TlsConfigError(f"{flag}: expected {what} at {path}; no such file / 파일이 없습니다")
    if not path.is_file():
        raise TlsConfigError(f"{flag}: expected {what} at {path}; got a directory or device")
    try:
        with path.open("rb") as file:
            data = file.read(MAX_READ_BYTES + 1)
    except OSError as error:
        raise TlsConfigError(f"{flag}: cannot read {path}: {error} / 읽을 수 없습니다") from error
    if len(data) > MAX_READ_BYTES:
        raise TlsConfigError(f"{flag}: expected {what} of a few kB at {path}; got over 1 MiB")
    return data


def load_certificates(path: Path) -> list[x509.Certificate]:
    data = _read(path, "a PEM certificate (-----BEGIN CERTIFICATE-----)", "--tls-cert")
    try:
        chain = x509.load_pem_x509_certificates(data)
    except ValueError as error:
        raise TlsConfigError(
            f"--tls-cert: expected a PEM certificate (-----BEGIN CERTIFICATE-----) in {path}; "
            f"got {describe_content(data)} / PEM 인증서가 아닙니다"
        ) from error
    return chain


def load_key(path: Path) -> PrivateKeyTypes:
    data = _read(path, "a PEM private key (-----BEGIN PRIVATE KEY-----)", "--tls-key")
    try:
        return serialization.load_pem_private_key(data, password=None)
    except TypeError as error:  # the key is encrypted and no passphrase was given
        raise TlsConfigError(
            f"--tls-key: expected an unencrypted private key in {path}; got one protected by a "
            "passphrase, which the server cannot ask for (openssl pkey -in KEY -out KEY.plain) "
            "/ 암호가 걸린 키는 쓸 수 없습니다"
        ) from error
    except (ValueError, UnsupportedAlgorithm) as error:
        raise TlsConfigError(
            f"--tls-key: expected a PEM private key (-----BEGIN PRIVATE KEY-----) in {path}; "
            f"got {describe_content(data)} / PEM 개인 키가 아닙니다"
        ) from error


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        return certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def check_tls_files(
    cert_path: Path, key_path: Path, *, now: datetime.datetime | None = None
) -> ServingCertificate:
    """The certificate that will be served, or :class:`TlsConfigError` saying what is wrong."""
    now = now or datetime.datetime.now(datetime.UTC)
    chain = load_certificates(cert_path)
    key = load_key(key_path)
    leaf = chain[0]
    if _is_ca(leaf):
        raise TlsConfigError(
            f"--tls-cert: expected a server certificate; {cert_path} is a CA certificate "
            "(CA:TRUE). With `modu keys tls`, serve server.pem and server-key.pem; ca.pem is "
            "what devices trust / CA 인증서가 아니라 서버 인증서를 주세요"
        )
    public = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(*public) != leaf.public_key().public_bytes(*public):
        raise TlsConfigError(
            f"--tls-key: expected the private key of the certificate in {cert_path} "
            f"({leaf.subject.rfc4514_string()}); {key_path} holds the key of another "
            "certificate / 키가 이 인증서의 것이 아닙니다"
        )
    if leaf.not_valid_after_utc <= now or leaf.not_valid_before_utc > now:
        raise TlsConfigError(
            f"--tls-cert: expected a certificate valid now ({now:%Y-%m-%d %H:%M} UTC); "
            f"{cert_path} is valid from {leaf.not_valid_before_utc:%Y-%m-%d} to "
            f"{leaf.not_valid_after_utc:%Y-%m-%d} (run `modu keys tls` again) / "
            "인증서의 유효 기간이 아닙니다"
        )
    try:  # what uvicorn will do with them: the final word on whether OpenSSL takes them
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(cert_path, key_path)
    except ssl.SSLError as error:
        raise TlsConfigError(f"OpenSSL refused {cert_path} with {key_path}: {error}") from error
    dns, addresses = certificate_names(leaf)
    return ServingCertificate(
        subject=leaf.subject.rfc4514_string(),
        issuer=leaf.issuer.rfc4514_string(),
        names=(*sorted(dns), *sorted(str(address) for address in addresses)),
        not_after=leaf.not_valid_after_utc,
    )


def uvicorn_tls_options(tls: TlsSettings) -> dict[str, Any]:
    """uvicorn's arguments for HTTPS; none when TLS is off."""
    if tls.cert_path is None or tls.key_path is None:
        return {}
    return {"ssl_certfile": str(tls.cert_path), "ssl_keyfile": str(tls.key_path)}


def tls_with_options(base: TlsSettings, cert: Path | None, key: Path | None) -> TlsSettings:
    """The settings' TLS files, replaced by ``--tls-cert`` and ``--tls-key`` when given."""
    if cert is None and key is None:
        return base
    if cert is None or key is None:
        given, missing = ("--tls-cert", "--tls-key") if key is None else ("--tls-key", "--tls-cert")
        raise TlsConfigError(
            f"expected --tls-cert and --tls-key together; got {given} without {missing} / "
            "--tls-cert 와 --tls-key 를 함께 주세요"
        )
    return base.model_copy(update={"cert_path": cert, "key_path": key})
