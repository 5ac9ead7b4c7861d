"""A development CA and a server certificate for this machine (``modu keys tls``).

The CA is made once and kept: every phone and browser that was told to trust it goes on
trusting it. The server certificate is issued by it for this machine's names and addresses
(:mod:`service.tls.names`) and issued again whenever those change (a new DHCP lease), it nears
its end, or the CA is new. Both keys are ECDSA P-256 (every current phone and browser accepts
it) and written 0600; the server certificate follows what iOS and Chrome require of any TLS
certificate, locally trusted ones included: names in subjectAltName, extended key usage
serverAuth, at most 825 days (397 here, the public-CA limit).
"""

from __future__ import annotations

import datetime
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from accessibility.provenance.base import write_private, write_public
from service.tls.names import IpAddress, MachineNames

ORGANISATION = "modu development (UNTRUSTED)"
CA_VALIDITY = datetime.timedelta(days=10 * 365)
SERVER_VALIDITY = datetime.timedelta(days=397)
RENEW_BEFORE = datetime.timedelta(days=30)
"""A certificate with less than this left is made again, so it never expires in use."""
BACKDATE = datetime.timedelta(minutes=5)
"""Clocks of phones on the LAN may run a little behind this machine's."""

Said = tuple[str, str]
"""A message in English and in Korean."""


@dataclass(frozen=True)
class TlsFiles:
    """The files ``modu keys tls`` writes in one directory."""

    directory: Path

    @property
    def ca_cert(self) -> Path:
        return self.directory / "ca.pem"

    @property
    def ca_der(self) -> Path:
        """The CA certificate in DER, the form every phone's installer accepts."""
        return self.directory / "ca.crt"

    @property
    def ca_key(self) -> Path:
        return self.directory / "ca-key.pem"

    @property
    def cert(self) -> Path:
        return self.directory / "server.pem"

    @property
    def key(self) -> Path:
        return self.directory / "server-key.pem"


@dataclass(frozen=True)
class DevTls:
    """What :func:`ensure_dev_tls` found or made, and why."""

    files: TlsFiles
    names: MachineNames
    ca: x509.Certificate
    server: x509.Certificate
    ca_made: Said | None
    """Why a new CA was made; ``None``: the existing one was kept."""
    server_made: Said | None
    """Why the server certificate was issued; ``None``: the existing one was kept."""


def _key_usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANISATION),
        ]
    )


def make_ca(
    hostname: str, now: datetime.datetime
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A CA that may sign server certificates only (path length 0). Its name says which
    machine made it, so a person can tell it apart in a phone's list of trusted CAs."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(f"modu development CA ({hostname})")
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
        .not_valid_after(now + CA_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, certificate


def subject_alt_names(names: MachineNames) -> x509.SubjectAlternativeName:
    general: list[x509.GeneralName] = [x509.DNSName(name) for name in names.dns_names]
    general += [x509.IPAddress(address) for address in names.addresses]
    return x509.SubjectAlternativeName(general)


def issue_server(
    names: MachineNames,
    ca_key: ec.EllipticCurvePrivateKey,
    ca: x509.Certificate,
    now: datetime.datetime,
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    common_name = names.dns_names[1] if len(names.dns_names) > 1 else names.dns_names[0]
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
        .not_valid_after(min(now + SERVER_VALIDITY, ca.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(ca=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(subject_alt_names(names), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return key, certificate


def certificate_names(certificate: x509.Certificate) -> tuple[set[str], set[IpAddress]]:
    """The DNS names and addresses a certificate covers (empty when it has no SAN)."""
    try:
        san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return set(), set()
    addresses = {
        value
        for value in san.get_values_for_type(x509.IPAddress)
        if isinstance(value, ipaddress.IPv4Address | ipaddress.IPv6Address)  # not a network
    }
    return set(san.get_values_for_type(x509.DNSName)), addresses


def fingerprint(certificate: x509.Certificate) -> str:
    """SHA-256 fingerprint as phones show it (``AB:CD:…``), to check the right CA arrived."""
    return ":".join(f"{byte:02X}" for byte in certificate.fingerprint(hashes.SHA256()))


def _load_pair(
    cert_path: Path, key_path: Path
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate] | str:
    """The key and certificate, or why they cannot be used."""
    if not cert_path.exists() or not key_path.exists():
        return "missing"
    try:
        certificate = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm, OSError) as error:
        return f"unreadable ({error})"
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        return f"not an EC key ({type(key).__name__})"
    public = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(*public) != certificate.public_key().public_bytes(*public):
        return "the key does not belong to the certificate"
    return key, certificate


def _ca_problem(
    loaded: tuple[ec.EllipticCurvePrivateKey, x509.Certificate] | str, now: datetime.datetime
) -> Said | None:
    if isinstance(loaded, str):
        if loaded == "missing":
            return "there was none yet", "아직 없었습니다"
        return f"the old one is {loaded}", f"이전 CA를 쓸 수 없습니다 ({loaded})"
    if loaded[1].not_valid_after_utc - now < RENEW_BEFORE:
        return "the old one expires soon", "이전 CA가 곧 만료됩니다"
    return None


def _server_problem(
    loaded: tuple[ec.EllipticCurvePrivateKey, x509.Certificate] | str,
    ca: x509.Certificate,
    names: MachineNames,
    now: datetime.datetime,
) -> Said | None:
    if isinstance(loaded, str):
        if loaded == "missing":
            return "there was none yet", "아직 없었습니다"
        return f"the old one is {loaded}", f"이전 인증서를 쓸 수 없습니다 ({loaded})"
    server = loaded[1]
    try:
        server.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        return "the old one was issued by another CA", "이전 인증서는 다른 CA가 발급했습니다"
    dns, addresses = certificate_names(server)
    if dns != set(names.dns_names) or addresses != set(names.addresses):
        added = sorted(
            {*names.dns_names, *map(str, names.addresses)} - {*dns, *map(str, addresses)}
        )
        dropped = sorted(
            {*dns, *map(str, addresses)} - {*names.dns_names, *map(str, names.addresses)}
        )
        change = f"added {', '.join(added) or '-'}; dropped {', '.join(dropped) or '-'}"
        return (
            f"this machine's names changed ({change})",
            f"이 컴퓨터의 이름·주소가 바뀌었습니다 ({change})",
        )
    if server.not_valid_after_utc - now < RENEW_BEFORE:
        return "the old one expires soon", "이전 인증서가 곧 만료됩니다"
    return None


def _write_key(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    write_private(
        path,
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )


def ensure_dev_tls(
    directory: Path, names: MachineNames, *, now: datetime.datetime | None = None
) -> DevTls:
    """Keep the CA in ``directory`` (make one if there is none usable) and keep or issue the
    server certificate for ``names``. Running it again with the same names changes nothing."""
    now = now or datetime.datetime.now(datetime.UTC)
    files = TlsFiles(directory)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    loaded_ca = _load_pair(files.ca_cert, files.ca_key)
    ca_made = _ca_problem(loaded_ca, now)
    if ca_made is None:
        assert not isinstance(loaded_ca, str)
        ca_key, ca = loaded_ca
    else:
        hostname = names.dns_names[1] if len(names.dns_names) > 1 else "localhost"
        ca_key, ca = make_ca(hostname, now)
        _write_key(files.ca_key, ca_key)
        write_public(files.ca_cert, ca.public_bytes(serialization.Encoding.PEM))
    if ca_made is not None or not files.ca_der.exists():
        write_public(files.ca_der, ca.public_bytes(serialization.Encoding.DER))
    loaded_server = _load_pair(files.cert, files.key)
    server_made = (
        ("the CA is new", "CA가 새로 만들어졌습니다")
        if ca_made is not None
        else _server_problem(loaded_server, ca, names, now)
    )
    if server_made is None:
        assert not isinstance(loaded_server, str)
        server = loaded_server[1]
    else:
        server_key, server = issue_server(names, ca_key, ca, now)
        _write_key(files.key, server_key)
        write_public(files.cert, server.public_bytes(serialization.Encoding.PEM))
    return DevTls(files, names, ca, server, ca_made, server_made)
