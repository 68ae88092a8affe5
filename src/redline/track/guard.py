"""The address guard: which destinations an outbound request may reach.

Every request Redline makes (feeds, sitemaps, pages, robots.txt, webhooks) goes
through :func:`check_destination` before a connection is opened, and again at
every redirect hop. A destination is admitted when

* its scheme is ``http`` or ``https``, and
* every address its host resolves to is globally routable, **or** its origin
  (``scheme://host:port``, the host normalised: IPv4 in any spelling such as
  ``2130706433`` or ``0x7f.1`` becomes dotted quad, IPv4-mapped IPv6 becomes
  IPv4) is listed in the allow-list given for that request.

Link-local (cloud metadata services at ``169.254.169.254``), unspecified and
multicast addresses are refused even when listed.

Allow-list entries are exact origins (``http://127.0.0.1:8765``): the same
scheme, host and port, nothing wider. :func:`parse_origin` normalises them.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from redline.errors import FetchError, InputError

__all__ = [
    "IP",
    "BlockedAddressError",
    "check_destination",
    "check_destination_sync",
    "normalize_host",
    "origin_of",
    "parse_origin",
    "refused_address",
]

IP = ipaddress.IPv4Address | ipaddress.IPv6Address


class BlockedAddressError(FetchError):
    """The destination is not public and not on the request's allow-list."""

    status = 403
    retryable = False


def _plain(ip: IP) -> IP:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _as_ip(host: str) -> IP | None:
    """*host* as an address if it spells one (any IPv4 form inet_aton accepts)."""
    text = host.strip("[]").split("%")[0]
    try:
        return _plain(ipaddress.ip_address(text))
    except ValueError:
        pass
    if text and all(c in "0123456789abcdefxABCDEFX." for c in text) and text[0].isdigit():
        try:
            return ipaddress.IPv4Address(socket.inet_aton(text))
        except OSError:
            return None
    return None


def normalize_host(host: str) -> str:
    """Lower-case name without a trailing dot, or the canonical form of an address."""
    ip = _as_ip(host)
    if ip is not None:
        return str(ip)
    return host.strip("[]").rstrip(".").lower()


def origin_of(url: str) -> str:
    """``scheme://host:port`` of *url*, host normalised, default port filled in."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"{url}: not a valid URL (bad port)") from exc
    port = port or (443 if scheme == "https" else 80)
    host = normalize_host(parts.hostname or "")
    if ":" in host:
        host = f"[{host}]"
    return f"{scheme}://{host}:{port}"


def parse_origin(text: str) -> str:
    """An allow-list entry, checked and normalised: ``scheme://host[:port]`` only."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"an allowed origin is scheme://host:port, not {text!r}")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise InputError(f"an allowed origin has no path, query or user: {text!r}")
    return origin_of(text.strip())


def _always_refused(ip: IP) -> bool:
    ip = _plain(ip)
    return ip.is_link_local or ip.is_unspecified or ip.is_multicast


def _public(ip: IP) -> bool:
    ip = _plain(ip)
    return ip.is_global and not ip.is_multicast


def refused_address(addresses: Iterable[IP], origin: str, allow: frozenset[str]) -> IP | None:
    """The first address that makes the destination refused, or None if admitted."""
    for ip in addresses:
        if _always_refused(ip):
            return ip
        if not _public(ip) and origin not in allow:
            return ip
    return None


def _refuse(url: str, host: str, ip: IP, origin: str) -> BlockedAddressError:
    where = f"{host} resolves to {ip}" if normalize_host(host) != str(ip) else str(ip)
    return BlockedAddressError(
        f"refusing to fetch {url}: {where} is not a public address"
        + (
            ""
            if _always_refused(ip)
            else f" (allow it for this source with --allow-origin {origin})"
        )
    )


def _start(url: str) -> tuple[str, str, int, str, IP | None]:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise BlockedAddressError(f"refusing to fetch {url}: only http(s) is fetched")
    host = parts.hostname or ""
    if not host:
        raise FetchError(f"{url}: not a valid URL (no host)")
    origin = origin_of(url)
    port = int(origin.rsplit(":", 1)[1])
    return host, origin, port, normalize_host(host), _as_ip(host)


def _judge(
    url: str, host: str, origin: str, allow: frozenset[str], ip: IP | None, infos: Any
) -> None:
    """Refuse *url* when its host's address (*ip*, or those it resolved to: *infos*, as
    ``getaddrinfo`` gives them) may not be reached."""
    if ip is not None:
        addresses = [ip]
    else:
        addresses = [_plain(ipaddress.ip_address(str(i[4][0]).split("%")[0])) for i in infos]
    bad = refused_address(addresses, origin, allow)
    if bad is not None:
        raise _refuse(url, host, bad, origin)


async def check_destination(url: str, allow: frozenset[str] = frozenset()) -> None:
    """Refuse *url* unless it may be fetched (see the module docs); resolves the host."""
    host, origin, port, name, ip = _start(url)
    infos: Any = ()
    if ip is None:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(name, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise FetchError(f"cannot resolve {host}: {exc}") from exc
    _judge(url, host, origin, allow, ip, infos)


def check_destination_sync(url: str, allow: frozenset[str] = frozenset()) -> None:
    """:func:`check_destination` for synchronous callers (webhook deliveries)."""
    host, origin, port, name, ip = _start(url)
    infos: Any = ()
    if ip is None:
        try:
            infos = socket.getaddrinfo(name, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise FetchError(f"cannot resolve {host}: {exc}") from exc
    _judge(url, host, origin, allow, ip, infos)
