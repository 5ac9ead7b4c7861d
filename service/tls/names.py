"""This machine's names and LAN addresses: what the development server certificate must cover.

A phone on the same network reaches modu by an address (``https://192.168.0.7:8000/``) or, where
multicast DNS works, by ``<hostname>.local``; the browser on this machine by ``localhost`` or a
loopback address. The certificate names all of them, found without any network access: the
hostname from the kernel, the addresses from ``ip -j address`` (iproute2), and, where that
command is missing (a slim container), whatever the hostname resolves to locally.
"""

from __future__ import annotations

import ipaddress
import json
import re
import shutil
import socket
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
AddressLister = Callable[[], Iterable[str]]
"""Returns this machine's interface addresses as text (zone ids and prefixes allowed)."""

LOOPBACK_NAMES = ("localhost",)
LOOPBACK_ADDRESSES: tuple[IpAddress, ...] = (
    ipaddress.IPv4Address("127.0.0.1"),
    ipaddress.IPv6Address("::1"),
)
IP_COMMAND_TIMEOUT_S = 5.0
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_DNS_NAME = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*$")


@dataclass(frozen=True)
class MachineNames:
    """DNS names and IP addresses, each in a stable order with no repeats."""

    dns_names: tuple[str, ...]
    addresses: tuple[IpAddress, ...]

    @property
    def lan_addresses(self) -> tuple[IpAddress, ...]:
        """The addresses other devices can reach (not loopback)."""
        return tuple(address for address in self.addresses if not address.is_loopback)

    def describe(self) -> str:
        return ", ".join([*self.dns_names, *(str(address) for address in self.addresses)])


def ip_command_addresses(
    run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run,
) -> list[str]:
    """Every interface address ``ip -j address show`` lists; empty when ``ip`` is missing or
    its output is not the JSON expected (the resolver fallback then applies)."""
    if shutil.which("ip") is None:
        return []
    try:
        result = run(
            ["ip", "-j", "address", "show"],
            capture_output=True,
            text=True,
            timeout=IP_COMMAND_TIMEOUT_S,
            check=True,
        )
        interfaces = json.loads(result.stdout)
    except (OSError, subprocess.SubprocessError, ValueError):
        # A broken or old iproute2 (no -j) is not fatal: the resolver fallback still runs.
        return []
    found: list[str] = []
    for interface in interfaces if isinstance(interfaces, list) else []:
        for info in interface.get("addr_info", []) if isinstance(interface, dict) else []:
            local = info.get("local") if isinstance(info, dict) else None
            if isinstance(local, str):
                found.append(local)
    return found


def resolver_addresses(hostname: str) -> list[str]:
    """What ``hostname`` resolves to through this machine's own resolver (``/etc/hosts``)."""
    try:
        infos = socket.getaddrinfo(hostname, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):  # an unresolvable or odd hostname: nothing to add
        return []
    return [str(info[4][0]) for info in infos]


def default_address_lister(hostname: str) -> AddressLister:
    def listing() -> list[str]:
        return ip_command_addresses() or resolver_addresses(hostname)

    return listing


def usable_address(text: str) -> IpAddress | None:
    """``text`` as an address another device can reach, or ``None`` (link-local, multicast,
    unspecified, or not an address at all). Zone ids (``fe80::1%eth0``) mark link-local ones."""
    try:
        address = ipaddress.ip_address(text.split("/")[0])
    except ValueError:
        return None
    if address.is_link_local or address.is_multicast or address.is_unspecified:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def dns_name(text: str) -> str | None:
    """``text`` as a DNS name a certificate can hold (ASCII letters, digits, hyphens), or
    ``None``. Hostnames with underscores or non-ASCII letters are skipped, not mangled."""
    name = text.strip().rstrip(".").lower()
    return name if len(name) <= 253 and _DNS_NAME.match(name) else None


def hostname_names(hostname: str) -> list[str]:
    """The hostname as given, and ``<first label>.local`` for multicast DNS (how iPhones and
    most Android phones find a machine on the LAN by name)."""
    name = dns_name(hostname)
    if name is None or name in LOOPBACK_NAMES:
        return []
    first = name.split(".")[0]
    return [name, f"{first}.local"]


def machine_names(
    hostname: str | None = None,
    list_addresses: AddressLister | None = None,
    *,
    extra_names: Iterable[str] = (),
    extra_addresses: Iterable[IpAddress] = (),
) -> MachineNames:
    """Loopback names and addresses first, then this machine's hostname and LAN addresses,
    then any extra ones asked for."""
    host = socket.gethostname() if hostname is None else hostname
    lister = list_addresses or default_address_lister(host)
    names = [*LOOPBACK_NAMES, *hostname_names(host)]
    for extra in extra_names:
        checked = dns_name(extra)
        if checked is None:
            raise ValueError(
                f"expected a DNS name (letters, digits, hyphens, dots); got {extra!r} / "
                "DNS 이름이 아닙니다."
            )
        names.append(checked)
    addresses: list[IpAddress] = list(LOOPBACK_ADDRESSES)
    discovered = (usable_address(text) for text in lister())
    lan = sorted(
        {a for a in discovered if a is not None and not a.is_loopback},
        key=lambda a: (a.version, a.packed),
    )
    addresses += [*lan, *extra_addresses]
    return MachineNames(tuple(dict.fromkeys(names)), tuple(dict.fromkeys(addresses)))
