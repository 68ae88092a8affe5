"""The address guard around Apprise's requests.

Apprise's plugins send with ``requests`` (HTTP services) or ``smtplib`` (e-mail),
both opened inside :func:`guarded`. While a scope is open in the current thread:

* every HTTP request (each redirect hop too) passes
  :func:`redline.track.guard.check_destination_sync` with the channel's allowed
  origins before a connection is made, and its status code is recorded (so a
  sender can tell a refusal, 4xx, from something worth retrying);
* every plain socket connection (SMTP) is checked the same way on its host and
  port: an allowed origin with that host and port admits it, whatever its scheme.

A refused request never reaches the network; it fails as a connection error
inside Apprise and is listed in :attr:`Scope.refused`. Outside a scope (other
threads, other libraries) nothing changes.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from redline.errors import FetchError
from redline.track.guard import (
    BlockedAddressError,
    check_destination_sync,
    normalize_host,
    refused_address,
)

__all__ = ["Scope", "check_host_port", "guarded"]


@dataclass
class Scope:
    """What happened on the wire while a scope was open."""

    allow: frozenset[str]
    statuses: list[int] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


_SCOPE: ContextVar[Scope | None] = ContextVar("redline_notify_scope", default=None)
_LOCK = threading.Lock()
_INSTALLED = False


def check_host_port(host: str, port: int, allow: frozenset[str]) -> None:
    """Refuse a plain connection to *host*:*port* unless public or allowed (any scheme)."""
    name = normalize_host(host)
    shown = f"[{name}]" if ":" in name else name
    candidates = [f"{scheme}://{shown}:{port}" for scheme in ("http", "https")]
    origin = next((c for c in candidates if c in allow), candidates[0])
    try:
        infos = socket.getaddrinfo(name, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise FetchError(f"cannot resolve {host}: {exc}") from exc
    addresses = [ipaddress.ip_address(str(i[4][0]).split("%")[0]) for i in infos]
    bad = refused_address(addresses, origin, allow)
    if bad is not None:
        raise BlockedAddressError(
            f"refusing to connect to {host}:{port}: {bad} is not a public address "
            f"(allow it for this channel with --allow-origin {origin})"
        )


def _install() -> None:
    global _INSTALLED
    with _LOCK:
        if _INSTALLED:
            return
        import requests
        from requests.adapters import HTTPAdapter

        original_send = HTTPAdapter.send
        original_connect = socket.create_connection

        def send(self: HTTPAdapter, request: Any, *args: Any, **kwargs: Any) -> Any:
            scope = _SCOPE.get()
            if scope is not None:
                try:
                    check_destination_sync(str(request.url), scope.allow)
                except FetchError as exc:
                    scope.refused.append(str(exc))
                    raise requests.exceptions.ConnectionError(str(exc), request=request) from exc
            response = original_send(self, request, *args, **kwargs)
            if scope is not None:
                scope.statuses.append(response.status_code)
            return response

        def create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
            scope = _SCOPE.get()
            if scope is not None:
                host, port = address[0], int(address[1])
                try:
                    check_host_port(host, port, scope.allow)
                except FetchError as exc:
                    scope.refused.append(str(exc))
                    raise ConnectionRefusedError(str(exc)) from exc
            return original_connect(address, *args, **kwargs)

        HTTPAdapter.send = send  # type: ignore[method-assign]
        socket.create_connection = create_connection
        _INSTALLED = True


@contextmanager
def guarded(allow: frozenset[str]) -> Iterator[Scope]:
    """Check every connection opened in this thread against *allow* until the block ends."""
    _install()
    scope = Scope(allow)
    token = _SCOPE.set(scope)
    try:
        yield scope
    finally:
        _SCOPE.reset(token)
