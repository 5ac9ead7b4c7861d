"""``modu serve --tls-cert --tls-key``: wrong files are refused before anything starts, with
what was expected and what arrived; right ones go to uvicorn; the printed URL is https."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from typer.testing import CliRunner

from service.auth import local_page_note
from service.cli import app
from service.settings import Settings
from service.tls.certificates import DevTls, ensure_dev_tls
from service.tls.check import TlsConfigError, check_tls_files, uvicorn_tls_options
from service.tls.names import machine_names
from service.tls.settings import TlsSettings


@pytest.fixture
def dev(tmp_path: Path) -> DevTls:
    return ensure_dev_tls(tmp_path / "tls", machine_names("pc", lambda: ["192.168.0.7"]))


def refused(cert: Path, key: Path) -> str:
    with pytest.raises(TlsConfigError) as error:
        check_tls_files(cert, key)
    return str(error.value)


def test_the_development_pair_is_accepted_and_described(dev: DevTls) -> None:
    checked = check_tls_files(dev.files.cert, dev.files.key)
    assert "CN=pc" in checked.subject and "modu development CA (pc)" in checked.issuer
    assert checked.names == ("localhost", "pc", "pc.local", "127.0.0.1", "192.168.0.7", "::1")


def test_a_missing_file_is_named(dev: DevTls, tmp_path: Path) -> None:
    message = refused(tmp_path / "nope.pem", dev.files.key)
    expected = "--tls-cert: expected a PEM certificate (-----BEGIN CERTIFICATE-----)"
    assert f"{expected} at {tmp_path / 'nope.pem'}; no such file" in message


def test_a_key_given_as_the_certificate_says_what_it_holds(dev: DevTls) -> None:
    message = refused(dev.files.key, dev.files.key)
    assert "--tls-cert: expected a PEM certificate" in message
    assert "got PEM blocks: PRIVATE KEY" in message


def test_der_and_empty_files_are_named_as_such(dev: DevTls, tmp_path: Path) -> None:
    der = tmp_path / "server.der"
    der.write_bytes(dev.files.ca_der.read_bytes())
    assert "got binary DER, not PEM" in refused(der, dev.files.key)
    empty = tmp_path / "empty.pem"
    empty.write_bytes(b"")
    assert "--tls-key: expected a PEM private key" in refused(dev.files.cert, empty)
    assert "got an empty file" in refused(dev.files.cert, empty)


def test_a_key_of_another_certificate_is_refused(dev: DevTls) -> None:
    message = refused(dev.files.cert, dev.files.ca_key)
    assert "--tls-key: expected the private key of the certificate in" in message
    assert "holds the key of another certificate" in message


def test_the_ca_certificate_is_not_taken_for_the_server_one(dev: DevTls) -> None:
    message = refused(dev.files.ca_cert, dev.files.ca_key)
    assert "expected a server certificate" in message and "CA:TRUE" in message
    assert "server.pem" in message


def test_a_passphrase_protected_key_is_named(dev: DevTls, tmp_path: Path) -> None:
    key = serialization.load_pem_private_key(dev.files.key.read_bytes(), password=None)
    locked = tmp_path / "locked.pem"
    locked.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"secret"),
        )
    )
    assert "protected by a passphrase" in refused(dev.files.cert, locked)


def test_an_expired_certificate_is_refused(dev: DevTls) -> None:
    later = dev.server.not_valid_after_utc + datetime.timedelta(days=1)
    with pytest.raises(TlsConfigError, match="expected a certificate valid now"):
        check_tls_files(dev.files.cert, dev.files.key, now=later)


def test_uvicorn_gets_the_files_only_when_tls_is_on(dev: DevTls) -> None:
    assert uvicorn_tls_options(TlsSettings()) == {}
    tls = TlsSettings(cert_path=dev.files.cert, key_path=dev.files.key)
    assert uvicorn_tls_options(tls) == {
        "ssl_certfile": str(dev.files.cert),
        "ssl_keyfile": str(dev.files.key),
    }


def test_settings_want_both_files_or_neither(dev: DevTls) -> None:
    with pytest.raises(ValueError, match="got only cert_path"):
        TlsSettings(cert_path=dev.files.cert)


def test_the_page_note_says_https_when_tls_is_on(dev: DevTls) -> None:
    plain = Settings.model_validate({"server": {"port": 8443}})
    assert "http://127.0.0.1:8443/" in local_page_note(plain)
    secure = plain.model_copy(
        update={"tls": TlsSettings(cert_path=dev.files.cert, key_path=dev.files.key)}
    )
    assert "open https://127.0.0.1:8443/ in a browser on this machine" in local_page_note(secure)


def test_serve_refuses_one_file_alone_and_a_wrong_pair_before_starting(dev: DevTls) -> None:
    runner = CliRunner()
    alone = runner.invoke(app, ["serve", "--tls-cert", str(dev.files.cert)])
    assert alone.exit_code == 2
    assert "expected --tls-cert and --tls-key together; got --tls-cert without --tls-key" in (
        alone.output
    )
    wrong = runner.invoke(
        app, ["serve", "--tls-cert", str(dev.files.key), "--tls-key", str(dev.files.key)]
    )
    assert wrong.exit_code == 2
    assert "got PEM blocks: PRIVATE KEY" in wrong.output


def test_serve_checks_files_named_in_the_environment_too(
    dev: DevTls, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MODU_TLS__CERT_PATH", str(dev.files.cert))
    monkeypatch.setenv("MODU_TLS__KEY_PATH", str(dev.files.ca_key))
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 2
    assert "holds the key of another certificate" in result.output
