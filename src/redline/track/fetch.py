"""Polite fetching over HTTP with httpx.

One :class:`Fetcher` per process. For every request it:

* refuses anything but ``http``/``https`` and, unless the source allows it,
  hosts that resolve to private, loopback, link-local or otherwise non-public
  addresses (checked again on every redirect hop: a server-side request
  forgery guard);
* obeys robots.txt (cached per site, honouring ``Crawl-delay``);
* keeps to per-host concurrency and request-rate limits;
* sends conditional requests (``If-None-Match`` / ``If-Modified-Since``), so an
  unchanged page costs a 304 and nothing more;
* follows at most ``max_redirects`` redirects, streams the body and aborts past
  ``max_bytes``;
* retries 429, 5xx and network errors with exponential back-off and jitter,
  honouring ``Retry-After``; when retrying now would be impolite, it raises
  :class:`RetryLaterError` carrying the delay the site asked for.

Errors (all :class:`redline.errors.FetchError`)::

    FetchError
      + BlockedAddressError     the host resolves to an address the source may not fetch
      + RobotsDisallowedError   robots.txt forbids the URL
      + TooLargeError           the body is larger than max_bytes
      + TooManyRedirectsError   more than max_redirects hops (or a loop)
      + HTTPStatusError         a final 4xx (404, 410, ...)
      + RetryLaterError         transient trouble outlived the retries (429, 5xx,
                                timeouts, network errors, unreachable robots.txt)
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import random
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from redline import __version__
from redline.errors import FetchError
from redline.track.robots import RobotsCache, site_key

__all__ = [
    "DEFAULT_USER_AGENT",
    "BlockedAddressError",
    "FetchOptions",
    "FetchResult",
    "Fetcher",
    "HTTPStatusError",
    "RetryLaterError",
    "RobotsDisallowedError",
    "TooLargeError",
    "TooManyRedirectsError",
    "check_address",
    "parse_retry_after",
    "retry_delay",
]


def _user_agent() -> str:
    """``Redline/<version> (+<contact>)``: operators name a page or address where
    site owners can reach them with ``REDLINE_CONTACT`` (read once, at import)."""
    contact = os.environ.get("REDLINE_CONTACT", "").strip()
    return f"Redline/{__version__} (+{contact or 'news change tracker'})"


DEFAULT_USER_AGENT = _user_agent()
ROBOTS_AGENT = "Redline"
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})


class BlockedAddressError(FetchError):
    status = 403
    retryable = False


class RobotsDisallowedError(FetchError):
    status = 403
    retryable = False


class TooLargeError(FetchError):
    status = 413
    retryable = False


class TooManyRedirectsError(FetchError):
    retryable = False


class HTTPStatusError(FetchError):
    retryable = False

    def __init__(self, message: str, http_status: int) -> None:
        super().__init__(message)
        self.http_status = http_status


class RetryLaterError(FetchError):
    """Transient trouble: try again after ``retry_after`` seconds (None: use back-off)."""

    status = 503
    retryable = True

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class FetchOptions:
    """How politely and how carefully to fetch. Defaults suit real news sites."""

    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 20.0
    """Seconds for connecting and for each read; a whole attempt gets twice that."""
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 2
    """Extra attempts after the first, within one fetch."""
    backoff: float = 1.0
    backoff_max: float = 30.0
    max_retry_after: float = 60.0
    """A Retry-After longer than this ends the fetch with RetryLaterError instead of waiting."""
    per_host_concurrency: int = 2
    per_host_interval: float = 1.0
    """Minimum seconds between the starts of two requests to one host."""
    total_concurrency: int = 64
    respect_robots: bool = True
    robots_ttl: float = 3600.0


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int
    content: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    attempts: int = 1
    redirects: int = 0
    elapsed: float = 0.0

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def charset(self) -> str | None:
        if not self.content_type:
            return None
        for part in self.content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"' ")
        return None


def retry_delay(attempt: int, base: float, cap: float, u: float) -> float:
    """Back-off before retry number *attempt* (0-based): exponential, capped,
    with "equal jitter" from *u* in [0, 1): half fixed, half random.

    >>> retry_delay(0, 1.0, 30.0, 0.0), retry_delay(3, 1.0, 30.0, 0.999)
    (0.5, 7.996)
    """
    d = min(cap, base * (2**attempt))
    return round(d / 2 + d / 2 * u, 3)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _blocked(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def _always_blocked(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Link-local (cloud metadata services live there), unspecified and multicast
    addresses are refused even for sources that allow private addresses."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_link_local or ip.is_unspecified or ip.is_multicast


async def check_address(host: str, port: int, *, allow_private: bool) -> None:
    """Refuse *host* if any address it resolves to is not public.

    *allow_private* lets private and loopback addresses through (a site on your
    own network, the test newsroom); link-local, unspecified and multicast
    addresses are always refused.
    """
    try:
        addresses = [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise RetryLaterError(f"cannot resolve {host}: {exc}") from exc
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    for ip in addresses:
        if _always_blocked(ip) or (not allow_private and _blocked(ip)):
            hint = "" if allow_private else " (allow it for this source with allow_private)"
            raise BlockedAddressError(
                f"refusing to fetch {host}: it resolves to {ip}, a private, loopback or "
                f"link-local address{hint}"
            )


@dataclass
class _HostGate:
    """Per-host concurrency and spacing between request starts."""

    concurrency: int
    interval: float
    semaphore: asyncio.Semaphore = field(init=False)
    next_start: float = 0.0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def __post_init__(self) -> None:
        self.semaphore = asyncio.Semaphore(self.concurrency)

    async def wait_turn(self) -> None:
        if self.interval <= 0:
            return
        async with self.lock:
            now = time.monotonic()
            start = max(now, self.next_start)
            self.next_start = start + self.interval
        if start > now:
            await asyncio.sleep(start - now)


class _TransientStatus(Exception):
    def __init__(self, status: int, retry_after: float | None) -> None:
        self.status = status
        self.retry_after = retry_after


class Fetcher:
    """Fetch pages politely; one instance per process (it owns a connection pool)."""

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        rng: random.Random | None = None,
        sleep: Callable[[float], object] = asyncio.sleep,
    ) -> None:
        self.options = options or FetchOptions()
        o = self.options
        self._client = httpx.AsyncClient(
            headers={"User-Agent": o.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(o.timeout),
            follow_redirects=False,
            trust_env=False,
            limits=httpx.Limits(
                max_connections=o.total_concurrency,
                max_keepalive_connections=o.total_concurrency,
            ),
        )
        self._rng = rng or random.Random()
        self._sleep = sleep
        self._gates: dict[str, _HostGate] = {}
        self._total = asyncio.Semaphore(o.total_concurrency)
        self._private_ok: set[str] = set()
        self.robots = RobotsCache(self._get_robots, agent=ROBOTS_AGENT, ttl=o.robots_ttl)

    async def aclose(self) -> None:
        await self._client.aclose()

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # ------------------------------------------------------------------ public
    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        allow_private: bool = False,
    ) -> FetchResult:
        """GET *url*, conditionally if *etag*/*last_modified* are given."""
        o = self.options
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        started = time.monotonic()
        last_problem = "unknown error"
        retry_after: float | None = None
        for attempt in range(o.retries + 1):
            try:
                async with asyncio.timeout(o.timeout * 2):
                    result = await self._follow(url, headers, allow_private)
            except _TransientStatus as exc:
                last_problem = f"HTTP {exc.status}"
                retry_after = exc.retry_after
            except httpx.InvalidURL as exc:
                raise FetchError(f"{url}: not a valid URL ({exc})") from None
            except (httpx.RequestError, TimeoutError) as exc:
                # network trouble, timeouts, a body that does not decode: worth another try
                last_problem = _describe(exc)
                retry_after = None
            else:
                return FetchResult(
                    url=url,
                    final_url=result.final_url,
                    status=result.status,
                    content=result.content,
                    content_type=result.content_type,
                    etag=result.etag,
                    last_modified=result.last_modified,
                    attempts=attempt + 1,
                    redirects=result.redirects,
                    elapsed=time.monotonic() - started,
                )
            if attempt == o.retries:
                break
            delay = (
                retry_after
                if retry_after is not None
                else retry_delay(attempt, o.backoff, o.backoff_max, self._rng.random())
            )
            if delay > o.max_retry_after:
                break
            await self._sleep(delay)  # type: ignore[misc]
        raise RetryLaterError(
            f"{url}: {last_problem} after {attempt + 1} attempt(s)", retry_after=retry_after
        )

    # ---------------------------------------------------------------- private
    def _gate(self, url: httpx.URL, delay: float | None) -> _HostGate:
        key = site_key(url)
        gate = self._gates.get(key)
        if gate is None:
            interval = max(self.options.per_host_interval, delay or 0.0)
            gate = _HostGate(self.options.per_host_concurrency, interval)
            self._gates[key] = gate
        return gate

    async def _follow(self, url: str, headers: dict[str, str], allow_private: bool) -> FetchResult:
        o = self.options
        current = httpx.URL(url)
        seen: set[str] = set()
        for hop in range(o.max_redirects + 1):
            if current.scheme not in ("http", "https"):
                raise BlockedAddressError(f"refusing to fetch {current}: only http(s) is fetched")
            if not current.host or not 0 < (current.port or 80) < 65536:
                raise FetchError(f"{url}: not a valid URL (no host, or a bad port)")
            if str(current) in seen:
                raise TooManyRedirectsError(f"{url}: redirect loop at {current}")
            seen.add(str(current))
            port = current.port or (443 if current.scheme == "https" else 80)
            await check_address(current.host, port, allow_private=allow_private)
            if allow_private:
                self._private_ok.add(site_key(current))
            delay = None
            if o.respect_robots:
                rules = await self.robots.rules(current)
                if rules.unreachable:
                    raise RetryLaterError(f"{current}: robots.txt is unreachable; will retry")
                if not rules.allowed(ROBOTS_AGENT, str(current)):
                    raise RobotsDisallowedError(f"{current}: disallowed by robots.txt")
                delay = rules.crawl_delay(ROBOTS_AGENT)
            gate = self._gate(current, delay)
            async with self._total, gate.semaphore:
                await gate.wait_turn()
                response = await self._client.send(
                    self._client.build_request("GET", current, headers=headers), stream=True
                )
                try:
                    if response.status_code == 304 or response.status_code >= 300:
                        # drain the (empty or small) body so the connection can be reused
                        await _read_limited(response, 64 * 1024, str(current), truncate=True)
                    location = response.headers.get("Location")
                    if response.status_code in (301, 302, 303, 307, 308) and location:
                        current = current.join(location)
                        continue
                    if response.status_code in _RETRY_STATUSES:
                        raise _TransientStatus(
                            response.status_code,
                            parse_retry_after(response.headers.get("Retry-After")),
                        )
                    if response.status_code >= 400:
                        raise HTTPStatusError(
                            f"{current}: HTTP {response.status_code}", response.status_code
                        )
                    content = b""
                    if response.status_code != 304:
                        content = await _read_limited(response, o.max_bytes, str(current))
                    return FetchResult(
                        url=url,
                        final_url=str(current),
                        status=response.status_code,
                        content=content,
                        content_type=response.headers.get("Content-Type"),
                        etag=response.headers.get("ETag"),
                        last_modified=response.headers.get("Last-Modified"),
                        redirects=hop,
                    )
                finally:
                    await response.aclose()
        raise TooManyRedirectsError(f"{url}: more than {o.max_redirects} redirects")

    async def _get_robots(self, url: str) -> tuple[int, bytes]:
        """Fetch a robots.txt: same address guard, up to 5 redirects, no robots check."""
        target = httpx.URL(url)
        allow = site_key(target) in self._private_ok
        async with asyncio.timeout(self.options.timeout * 2):
            for _ in range(6):
                if target.scheme not in ("http", "https"):
                    return 404, b""
                port = target.port or (443 if target.scheme == "https" else 80)
                await check_address(target.host, port, allow_private=allow)
                response = await self._client.send(
                    self._client.build_request("GET", target), stream=True
                )
                try:
                    location = response.headers.get("Location")
                    if response.status_code in (301, 302, 303, 307, 308) and location:
                        target = target.join(location)
                        continue
                    if response.status_code >= 300:
                        return response.status_code, b""
                    body = await _read_limited(response, 512 * 1024, url, truncate=True)
                    return response.status_code, body
                finally:
                    await response.aclose()
        return 404, b""  # too many redirects: as if there were no robots.txt (RFC 9309)


async def _read_limited(
    response: httpx.Response, limit: int, url: str, *, truncate: bool = False
) -> bytes:
    declared = response.headers.get("Content-Length")
    if not truncate and declared and declared.isdigit() and int(declared) > limit:
        raise TooLargeError(f"{url}: body of {int(declared):,} bytes exceeds {limit:,}")
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > limit:
            if truncate:
                chunks.append(chunk[: limit - (size - len(chunk))])
                break
            raise TooLargeError(f"{url}: body exceeds {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError | httpx.TimeoutException):
        return "timed out"
    text = str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}"
