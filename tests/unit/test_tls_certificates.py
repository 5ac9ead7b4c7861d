"""``modu keys tls``: this machine's names found without a network, a development CA kept once
made, a server certificate for those names issued again only when something changed."""

from __future__ import annotations

import datetime
import ipaddress
import json
import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID
from typer.testing import CliRunner

from service.cli import app
from service.tls.certificates import (
    RENEW_BEFORE,
    TlsFiles,
    certificate_names,
    ensure_dev_tls,
)
from service.tls.names import ip_command_addresses, machine_names

IP_JSON = [  # what `ip -j address show` prints, trimmed to the fields read
    {"ifname": "lo", "addr_info": [{"local": "127.0.0.1"}, {"local": "::1"}]},
    {
        "ifname": "wlan0",
        "addr_info": [
            {"family": "inet", "local": "192.168.0.7", "prefixlen": 24},
            {"family": "inet6", "local": "fe80::1c2b:3cff:fe4d:5e6f", "scope": "link"},
            {"family": "inet6", "local": "2001:db8::7", "scope": "global"},
        ],
    },
    {"ifname": "eth1", "addr_info": [{"local": "169.254.3.4"}, {"local": "10.0.0.9"}]},
]


def fake_ip(stdout: str) -> Any:
    def run(command: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        assert command == ["ip", "-j", "address", "show"]
        return subprocess.CompletedProcess(command, 0, stdout=stdout, stderr="")

    return run


def lan(*addresses: str) -> Any:
    return lambda: list(addresses)


def test_addresses_come_from_ip_json_and_skip_link_local_and_loopback() -> None:
    listed = ip_command_addresses(run=fake_ip(json.dumps(IP_JSON)))
    names = machine_names("Kitchen-PC", lambda: listed)
    assert names.dns_names == ("localhost", "kitchen-pc", "kitchen-pc.local")
    assert [str(a) for a in names.addresses] == [
        "127.0.0.1",
        "::1",
        "10.0.0.9",
        "192.168.0.7",
        "2001:db8::7",
    ]
    assert [str(a) for a in names.lan_addresses] == ["10.0.0.9", "192.168.0.7", "2001:db8::7"]


def test_ip_output_that_is_not_json_gives_nothing_rather_than_failing() -> None:
    assert ip_command_addresses(run=fake_ip("Usage: ip [ OPTIONS ] OBJECT")) == []


def test_without_the_ip_command_the_hostname_is_resolved_locally(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def resolve(host: str, *_: object, **__: object) -> list[tuple[object, ...]]:
        assert host == "pc"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.168.0.7", 0))]

    monkeypatch.setattr("service.tls.names.shutil.which", lambda _: None)
    monkeypatch.setattr("service.tls.names.socket.getaddrinfo", resolve)
    assert ip_command_addresses() == []
    names = machine_names("pc")  # the default lister: ip, else the local resolver
    assert [str(a) for a in names.lan_addresses] == ["192.168.0.7"]


def test_a_hostname_a_certificate_cannot_hold_is_left_out() -> None:
    names = machine_names("my_box", lan())
    assert names.dns_names == ("localhost",)
    assert [str(a) for a in names.addresses] == ["127.0.0.1", "::1"]


def test_extra_names_are_checked() -> None:
    with pytest.raises(ValueError, match="expected a DNS name") as error:
        machine_names("pc", lan(), extra_names=["not a name"])
    assert "'not a name'" in str(error.value)


def test_the_ca_and_server_certificate_are_what_browsers_and_phones_require(
    tmp_path: Path,
) -> None:
    made = ensure_dev_tls(tmp_path / "tls", machine_names("pc", lan("192.168.0.7")))
    files = made.files
    for secret in (files.ca_key, files.key):
        assert secret.stat().st_mode & 0o777 == 0o600
    ca = x509.load_pem_x509_certificate(files.ca_cert.read_bytes())
    assert x509.load_der_x509_certificate(files.ca_der.read_bytes()) == ca
    constraints = ca.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and constraints.value.ca and constraints.value.path_length == 0
    assert ca.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign

    server = x509.load_pem_x509_certificate(files.cert.read_bytes())
    server.verify_directly_issued_by(ca)
    assert not server.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    usages = server.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(usages) == [ExtendedKeyUsageOID.SERVER_AUTH]
    dns, addresses = certificate_names(server)
    assert dns == {"localhost", "pc", "pc.local"}
    assert {str(a) for a in addresses} == {"127.0.0.1", "::1", "192.168.0.7"}
    assert server.not_valid_after_utc - server.not_valid_before_utc <= datetime.timedelta(days=825)


def test_running_again_with_the_same_names_changes_nothing(tmp_path: Path) -> None:
    names = machine_names("pc", lan("192.168.0.7"))
    first = ensure_dev_tls(tmp_path, names)
    files = TlsFiles(tmp_path)
    before = {p: p.read_bytes() for p in (files.ca_cert, files.ca_key, files.cert, files.key)}
    again = ensure_dev_tls(tmp_path, names)
    assert first.ca_made is not None and first.server_made is not None
    assert again.ca_made is None and again.server_made is None
    assert {p: p.read_bytes() for p in before} == before


def test_a_new_address_renews_the_server_certificate_and_keeps_the_ca(tmp_path: Path) -> None:
    ensure_dev_tls(tmp_path, machine_names("pc", lan("192.168.0.7")))
    ca_before = TlsFiles(tmp_path).ca_cert.read_bytes()
    moved = ensure_dev_tls(tmp_path, machine_names("pc", lan("10.1.2.3")))
    assert moved.ca_made is None
    assert moved.server_made is not None
    assert "added 10.1.2.3; dropped 192.168.0.7" in moved.server_made[0]
    assert "바뀌었습니다" in moved.server_made[1]
    assert TlsFiles(tmp_path).ca_cert.read_bytes() == ca_before
    _, addresses = certificate_names(moved.server)
    assert ipaddress.ip_address("10.1.2.3") in addresses
    moved.server.verify_directly_issued_by(moved.ca)


def test_a_certificate_near_its_end_is_renewed(tmp_path: Path) -> None:
    names = machine_names("pc", lan())
    made = ensure_dev_tls(tmp_path, names)
    later = made.server.not_valid_after_utc - RENEW_BEFORE + datetime.timedelta(days=1)
    renewed = ensure_dev_tls(tmp_path, names, now=later)
    assert renewed.ca_made is None
    assert renewed.server_made == ("the old one expires soon", "이전 인증서가 곧 만료됩니다")
    assert renewed.server.not_valid_after_utc > made.server.not_valid_after_utc


def test_a_broken_server_key_is_replaced_and_a_lost_ca_key_makes_a_new_ca(tmp_path: Path) -> None:
    names = machine_names("pc", lan())
    made = ensure_dev_tls(tmp_path, names)
    made.files.key.write_text("garbage")
    fixed = ensure_dev_tls(tmp_path, names)
    assert fixed.ca_made is None and fixed.server_made is not None
    assert "unreadable" in fixed.server_made[0]

    made.files.ca_key.unlink()
    new_ca = ensure_dev_tls(tmp_path, names)
    assert new_ca.ca_made == ("there was none yet", "아직 없었습니다")
    assert new_ca.server_made == ("the CA is new", "CA가 새로 만들어졌습니다")
    new_ca.server.verify_directly_issued_by(new_ca.ca)


def test_modu_keys_tls_prints_the_files_the_urls_and_how_to_trust_it_on_a_phone(
    tmp_path: Path,
) -> None:
    runner = CliRunner()
    arguments = ["keys", "tls", "--dir", str(tmp_path), "--name", "modu.lan", "--ip", "10.9.8.7"]
    first = runner.invoke(app, [*arguments, "--port", "8443"])
    assert first.exit_code == 0, first.output
    out = first.output
    assert str(tmp_path / "ca.crt") in out and str(tmp_path / "server-key.pem") in out
    assert f"--tls-cert {tmp_path / 'server.pem'} --tls-key {tmp_path / 'server-key.pem'}" in out
    assert "https://10.9.8.7:8443/" in out and "API key" in out and "API 키" in out
    assert "Certificate Trust Settings" in out and "인증서 신뢰 설정" in out
    assert "Install a certificate" in out and "CA 인증서" in out
    assert "new: there was none yet" in out
    dns, addresses = certificate_names(
        x509.load_pem_x509_certificate((tmp_path / "server.pem").read_bytes())
    )
    assert "modu.lan" in dns and ipaddress.ip_address("10.9.8.7") in addresses

    again = runner.invoke(app, arguments)
    assert again.exit_code == 0, again.output
    assert "(kept / 그대로)" in again.output


def test_modu_keys_tls_names_a_bad_address(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["keys", "tls", "--dir", str(tmp_path), "--ip", "10.0.0.300"])
    assert result.exit_code != 0
    assert "expected an IPv4 or IPv6 address; got '10.0.0.300'" in result.output
    assert not (tmp_path / "ca.pem").exists()
