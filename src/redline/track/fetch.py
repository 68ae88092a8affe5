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
import os
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from redline import __version__
from redline.errors import FetchError
from redline.track.decode import BoundedDecoder, TooLargeError
from redline.track.guard import BlockedAddressError, check_destination, origin_of
from redline.track.robots import RobotsCache, site_key

__all__ = [
    "DEFAULT_USER_AGENT",
    "BlockedAddressError",
    "BodySink",
    "DeadlineError",
    "FetchOptions",
    "FetchResult",
    "Fetcher",
    "HTTPStatusError",
    "RetryLaterError",
    "RobotsDisallowedError",
    "TooLargeError",
    "TooManyRedirectsError",
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


class RobotsDisallowedError(FetchError):
    status = 403
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


class DeadlineError(RetryLaterError):
    """The server did not give a whole answer in time (trickling, stalling, slow)."""


class BodySink:
    """Receives a body as it is decoded, instead of the fetcher keeping it whole.

    :meth:`feed` returns True when it has had enough (the rest is not read).
    One sink per attempt: the fetcher calls the factory it is given afresh.
    """

    def feed(self, chunk: bytes) -> bool:  # pragma: no cover - interface
        raise NotImplementedError

    def close(self) -> None:
        """The body ended (or the sink said enough)."""


@dataclass(frozen=True)
class FetchOptions:
    """How politely and how carefully to fetch. Defaults suit real news sites."""

    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 15.0
    """Seconds for connecting and for each read."""
    deadline: float = 30.0
    """Seconds a whole request (every redirect hop, headers and body) may hold a
    connection; past it the request is abandoned and not retried within the check."""
    slow_deadline: float = 5.0
    """The deadline for a host that recently missed one (for ``slow_for`` seconds):
    a trickling host cannot hold its slots for long, the rest of its queue moves on."""
    slow_for: float = 600.0
    max_bytes: int = 5 * 1024 * 1024
    """Largest page, counted after decompression."""
    max_source_bytes: int = 50 * 1024 * 1024
    """Largest feed or sitemap document (streamed, counted after decompression)."""
    max_inflated: int = 50 * 1024 * 1024
    """Largest gzip'd sitemap file once inflated (the sitemaps.org limit)."""
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
    sink: BodySink | None = None
    """The sink that took the body (``content`` is then empty)."""

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


@dataclass
class _HostGate:
    """Per-host concurrency and spacing between request starts."""

    concurrency: int
    interval: float
    semaphore: asyncio.Semaphore = field(init=False)
    next_start: float = 0.0
    slow_until: float = 0.0
    """Until this monotonic time the host is on probation (it missed a deadline)."""
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
    """Fetch pages politely; one instance per process (it owns a connection pool).

    *transport* replaces the network (tests: a transport that refuses anything
    but loopback); *clock* is the monotonic clock used for host probation.
    """

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        rng: random.Random | None = None,
        sleep: Callable[[float], object] = asyncio.sleep,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.options = options or FetchOptions()
        o = self.options
        self._client = httpx.AsyncClient(
            headers={"User-Agent": o.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(o.timeout),
            follow_redirects=False,
            trust_env=False,
            transport=transport,
            limits=httpx.Limits(
                max_connections=o.total_concurrency,
                max_keepalive_connections=o.total_concurrency,
            ),
        )
        self._rng = rng or random.Random()
        self._sleep = sleep
        self._clock = clock
        self._gates: dict[str, _HostGate] = {}
        self._total = asyncio.Semaphore(o.total_concurrency)
        self._allowed: dict[str, frozenset[str]] = {}
        """Per site: the origins its requests may reach (used for its robots.txt)."""
        self.robots = RobotsCache(self._get_robots, agent=ROBOTS_AGENT, ttl=o.robots_ttl)

    async def aclose(self) -> None:
        await self._client.aclose()

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # ------------------------------------------------------------------ public
    def host_is_slow(self, url: str) -> bool:
        """Whether *url*'s host missed a deadline recently (it is on probation)."""
        gate = self._gates.get(site_key(httpx.URL(url)))
        return gate is not None and gate.slow_until > self._clock()

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        allow_private: bool = False,
        allow_origins: Iterable[str] = (),
        max_bytes: int | None = None,
        sink: Callable[[str], BodySink] | None = None,
    ) -> FetchResult:
        """GET *url*, conditionally if *etag*/*last_modified* are given.

        *allow_origins*: the non-public origins this request may reach
        (``scheme://host:port``, see :mod:`redline.track.guard`);
        *allow_private* adds *url*'s own origin to them. *max_bytes* overrides
        the options' limit (decoded bytes). With *sink*, the body goes, as it
        arrives, to a sink made (per attempt) from the URL that answered.
        """
        o = self.options
        allow = frozenset(allow_origins)
        if allow_private:
            allow |= {origin_of(url)}
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        started = time.monotonic()
        last_problem = "unknown error"
        retry_after: float | None = None
        limit = max_bytes or o.max_bytes
        for attempt in range(o.retries + 1):
            try:
                result = await self._follow(url, headers, allow, limit, sink)
            except _TransientStatus as exc:
                last_problem = f"HTTP {exc.status}"
                retry_after = exc.retry_after
            except httpx.InvalidURL as exc:
                raise FetchError(f"{url}: not a valid URL ({exc})") from None
            except (TimeoutError, httpx.TimeoutException) as exc:
                # a slow or trickling server: not retried now (that would hold a
                # per-host slot for minutes); the check is rescheduled
                raise DeadlineError(f"{url}: {_describe(exc)}") from None
            except httpx.RequestError as exc:
                # network trouble, a body that does not decode: worth another try
                last_problem = _describe(exc)
                retry_after = None
            else:
                return replace(result, attempts=attempt + 1, elapsed=time.monotonic() - started)
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

    async def _follow(
        self,
        url: str,
        headers: dict[str, str],
        allow: frozenset[str],
        limit: int,
        sink: Callable[[str], BodySink] | None,
    ) -> FetchResult:
        o = self.options
        current = httpx.URL(url)
        seen: set[str] = set()
        spent = 0.0  # seconds this request has held a connection slot
        for hop in range(o.max_redirects + 1):
            if current.scheme not in ("http", "https"):
                raise BlockedAddressError(f"refusing to fetch {current}: only http(s) is fetched")
            if not current.host or not 0 < (current.port or 80) < 65536:
                raise FetchError(f"{url}: not a valid URL (no host, or a bad port)")
            if str(current) in seen:
                raise TooManyRedirectsError(f"{url}: redirect loop at {current}")
            seen.add(str(current))
            # every hop: the guard before any connection, robots.txt, politeness
            await check_destination(str(current), allow)
            key = site_key(current)
            self._allowed[key] = self._allowed.get(key, frozenset()) | allow
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
                now = self._clock()
                budget = o.slow_deadline if gate.slow_until > now else o.deadline
                began = time.monotonic()
                try:
                    async with asyncio.timeout(max(0.001, budget - spent)):
                        hopped = await self._one_hop(current, url, hop, headers, limit, sink)
                except (TimeoutError, httpx.TimeoutException):
                    gate.slow_until = self._clock() + o.slow_for
                    raise TimeoutError(f"no complete answer within {budget:g}s") from None
                spent += time.monotonic() - began
            if isinstance(hopped, httpx.URL):
                current = hopped
                continue
            return hopped
        raise TooManyRedirectsError(f"{url}: more than {o.max_redirects} redirects")

    async def _one_hop(
        self,
        current: httpx.URL,
        url: str,
        hop: int,
        headers: dict[str, str],
        limit: int,
        sink: Callable[[str], BodySink] | None,
    ) -> FetchResult | httpx.URL:
        """One request: the result, or the next URL of a redirect."""
        response = await self._client.send(
            self._client.build_request("GET", current, headers=headers), stream=True
        )
        try:
            status = response.status_code
            if status == 304 or status >= 300:
                # drain the (empty or small) body so the connection can be reused
                await _drain(response, 64 * 1024)
            location = response.headers.get("Location")
            if status in (301, 302, 303, 307, 308) and location:
                return current.join(location)
            if status in _RETRY_STATUSES:
                raise _TransientStatus(
                    status, parse_retry_after(response.headers.get("Retry-After"))
                )
            if status >= 400:
                raise HTTPStatusError(f"{current}: HTTP {status}", status)
            content = b""
            used: BodySink | None = None
            if status != 304:
                used = sink(str(current)) if sink is not None else None
                content = await read_body(response, limit, str(current), sink=used)
            return FetchResult(
                url=url,
                final_url=str(current),
                status=status,
                content=content,
                content_type=response.headers.get("Content-Type"),
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
                redirects=hop,
                sink=used,
            )
        finally:
            await response.aclose()

    async def _get_robots(self, url: str) -> tuple[int, bytes]:
        """Fetch a robots.txt: same address guard, up to 5 redirects, no robots check."""
        target = httpx.URL(url)
        allow = self._allowed.get(site_key(target), frozenset())
        try:
            async with asyncio.timeout(self.options.deadline):
                for _ in range(6):
                    if target.scheme not in ("http", "https"):
                        return 404, b""
                    await check_destination(str(target), allow)
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
                        body = await read_body(response, 512 * 1024, url, truncate=True)
                        return response.status_code, body
                    finally:
                        await response.aclose()
        except TimeoutError:
            raise httpx.ReadTimeout(f"{url}: robots.txt did not arrive in time") from None
        return 404, b""  # too many redirects: as if there were no robots.txt (RFC 9309)


async def _drain(response: httpx.Response, limit: int) -> None:
    size = 0
    async for raw in response.aiter_raw():
        size += len(raw)
        if size > limit:
            break


async def read_body(
    response: httpx.Response,
    limit: int,
    url: str,
    *,
    truncate: bool = False,
    sink: BodySink | None = None,
) -> bytes:
    """The body of *response*, decoded a slice at a time and at most *limit* bytes
    once decoded (past it: :class:`TooLargeError`, or cut off with *truncate*).
    With *sink*, the decoded slices go to it and nothing is kept."""
    decoder = BoundedDecoder(
        response.headers.get("Content-Encoding"), limit, url, truncate=truncate
    )
    declared = response.headers.get("Content-Length")
    if (
        not truncate
        and decoder.coding is None
        and declared
        and declared.isdigit()
        and int(declared) > limit
    ):
        raise TooLargeError(f"{url}: body of {int(declared):,} bytes exceeds {limit:,}")
    chunks: list[bytes] = []
    enough = False
    try:
        async for raw in response.aiter_raw():
            for piece in decoder.feed(raw):
                if sink is not None:
                    enough = sink.feed(piece)
                    if enough:
                        break
                else:
                    chunks.append(piece)
            if enough or decoder.full:
                break
        else:
            for piece in decoder.flush():
                if sink is not None:
                    sink.feed(piece)
                else:
                    chunks.append(piece)
    finally:
        if sink is not None:
            sink.close()
    return b"".join(chunks)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError | httpx.TimeoutException):
        detail = str(exc)
        return f"timed out ({detail})" if detail else "timed out"
    text = str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}"
