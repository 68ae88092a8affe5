"""A transport that lets requests reach loopback only, and fails the test otherwise.

Tests give it to :class:`redline.track.fetch.Fetcher`: if the address guard ever
let a request through to another address, the request is recorded and refused
here instead of leaving the machine.
"""

from __future__ import annotations

import ipaddress
import socket

import httpx


class LoopbackOnly(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.escaped: list[str] = []
        self.sent: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            try:
                ip = ipaddress.IPv4Address(socket.inet_aton(host))
            except OSError:
                ip = None
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if ip is None or not ip.is_loopback:
            self.escaped.append(str(request.url))
            raise AssertionError(f"a request to {request.url} got past the address guard")
        self.sent.append(str(request.url))
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()
