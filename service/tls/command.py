"""What ``modu keys tls`` and ``modu serve --tls-…`` print, in English and Korean."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from pathlib import Path

from service.tls.certificates import DevTls, Said, ensure_dev_tls, fingerprint
from service.tls.check import ServingCertificate
from service.tls.names import IpAddress, machine_names

PHONE_STEPS_EN = (
    "Trust the CA on a phone or tablet (once per device; remove it when you stop developing):",
    "  iPhone, iPad: send ca.crt to it (AirDrop, mail), open it, then Settings > General >",
    "    VPN & Device Management > install the profile; then Settings > General > About >",
    "    Certificate Trust Settings > turn on full trust for it.",
    "  Android: Settings > Security and privacy > More security settings > Install from device",
    "    storage (or Encryption & credentials > Install a certificate) > CA certificate > ca.crt.",
    "  Check that the fingerprint the device shows is the one above.",
)
PHONE_STEPS_KO = (
    "휴대폰·태블릿에서 CA 신뢰하기 (기기마다 한 번; 개발이 끝나면 지우세요):",
    "  iPhone, iPad: ca.crt를 기기로 보내고(AirDrop, 메일) 연 뒤,",
    "    설정 > 일반 > VPN 및 기기 관리에서 프로파일을 설치하고,",
    "    설정 > 일반 > 정보 > 인증서 신뢰 설정에서 전체 신뢰를 켜세요.",
    "  Android: 설정 > 보안 및 개인정보 보호 > 기타 보안 설정 > 기기에 저장된 인증서 설치",
    "    (또는 암호화 및 사용자 인증 정보 > 인증서 설치) > CA 인증서 > ca.crt.",
    "  기기에 보이는 지문(fingerprint)이 위의 것과 같은지 확인하세요.",
)


def _state(made: Said | None) -> tuple[str, str]:
    if made is None:
        return "kept", "그대로"
    return f"new: {made[0]}", f"새로 만듦: {made[1]}"


def dev_tls_report(made: DevTls, port: int) -> str:
    """Where the files are, what changed, how to serve with them and how to trust the CA."""
    files = made.files
    ca_en, ca_ko = _state(made.ca_made)
    server_en, server_ko = _state(made.server_made)
    until = f"{made.server.not_valid_after_utc:%Y-%m-%d}"
    lan = [str(address) for address in made.names.lan_addresses]
    lines = [
        f"Development TLS certificates (UNTRUSTED until you trust the CA) in {files.directory}",
        f"개발용 TLS 인증서 (CA를 신뢰하기 전까지는 신뢰되지 않음): {files.directory}",
        f"  CA certificate      {files.ca_cert}  ({ca_en} / {ca_ko})",
        f"  CA for phones       {files.ca_der}  (the same CA, DER / 같은 CA, DER 형식)",
        f"  CA fingerprint      SHA-256 {fingerprint(made.ca)}",
        f"  CA private key      {files.ca_key}  (0600: whoever has it can pose as any site to "
        "devices that trust the CA; never share it / 절대 공유하지 마세요)",
        f"  server certificate  {files.cert}  ({server_en} / {server_ko}; until {until})",
        f"  server key          {files.key}  (0600)",
        f"  names               {made.names.describe()}",
        "Serve it to this network / 이 네트워크에 서비스하기:",
        f"  modu serve --host 0.0.0.0 --port {port} --tls-cert {files.cert} --tls-key {files.key}",
    ]
    if lan:
        urls = ", ".join(f"https://{_url_host(a)}:{port}/" for a in lan)
        lines += [
            f"  then open {urls} on the phone: other devices need an API key "
            "(MODU_AUTH__API_KEYS), entered in the page's Settings.",
            f"  휴대폰에서 {urls} 을 여세요. 다른 기기는 API 키(MODU_AUTH__API_KEYS)를 페이지의 "
            "설정에 넣어야 합니다.",
        ]
    else:
        lines.append("  (no LAN address found: only this machine can reach it / LAN 주소 없음)")
    return "\n".join([*lines, *PHONE_STEPS_EN, *PHONE_STEPS_KO])


def _url_host(address: object) -> str:
    text = str(address)
    return f"[{text}]" if ":" in text else text


def serving_note(certificate: ServingCertificate) -> str:
    """What ``modu serve`` prints before it starts on HTTPS."""
    names = ", ".join(certificate.names) or "(none: browsers will refuse it)"
    return (
        f"modu: HTTPS with {certificate.subject} (issued by {certificate.issuer}) for {names}, "
        f"until {certificate.not_after:%Y-%m-%d}.\n"
        f"모두: HTTPS로 서비스합니다. 인증서 이름: {names}, {certificate.not_after:%Y-%m-%d}까지."
    )


def parse_addresses(texts: Iterable[str]) -> list[IpAddress]:
    addresses = []
    for text in texts:
        try:
            addresses.append(ipaddress.ip_address(text))
        except ValueError as error:
            raise ValueError(
                f"--ip: expected an IPv4 or IPv6 address; got {text!r} / IP 주소가 아닙니다"
            ) from error
    return addresses


def make_dev_tls_text(
    directory: Path, extra_names: Iterable[str], extra_addresses: Iterable[str], port: int
) -> str:
    """``modu keys tls``: keep or make the files in ``directory`` and say what was done."""
    names = machine_names(extra_names=extra_names, extra_addresses=parse_addresses(extra_addresses))
    return dev_tls_report(ensure_dev_tls(directory, names), port)
