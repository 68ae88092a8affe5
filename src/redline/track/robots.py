"""robots.txt: fetched once per site, cached, and obeyed.

Rules follow RFC 9309: a missing robots.txt (any 4xx) allows everything; an
unreachable one (5xx, network error) forbids everything for a while, so the
fetch is retried later rather than done against the site's wishes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.robotparser import RobotFileParser

import httpx

__all__ = ["ROBOTS_MAX_BYTES", "RobotsCache", "RobotsRules", "site_key"]

ROBOTS_MAX_BYTES = 500 * 1024


def site_key(url: httpx.URL) -> str:
    """``scheme://host:port``: robots.txt applies per origin."""
    port = url.port or (443 if url.scheme == "https" else 80)
    return f"{url.scheme}://{url.host}:{port}"


@dataclass(frozen=True)
class RobotsRules:
    """The parsed rules of one site, or a blanket verdict."""

    parser: RobotFileParser | None
    allow_all: bool = False
    unreachable: bool = False

    def allowed(self, agent: str, url: str) -> bool:
        if self.unreachable:
            return False
        if self.allow_all or self.parser is None:
            return True
        return self.parser.can_fetch(agent, url)

    def crawl_delay(self, agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return float(delay) if delay is not None else None

    @classmethod
    def from_response(cls, status: int, body: bytes) -> RobotsRules:
        if 200 <= status < 300:
            parser = RobotFileParser()
            text = body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
            parser.parse(text.splitlines())
            return cls(parser)
        if 400 <= status < 500:
            return cls(None, allow_all=True)
        return cls(None, unreachable=True)


#: fetch(url) -> (status, body); raises httpx.HTTPError on network trouble
RobotsGetter = Callable[[str], Awaitable[tuple[int, bytes]]]


class RobotsCache:
    """robots.txt rules per site, fetched on first use and kept for *ttl* seconds.

    An unreachable robots.txt is remembered for *retry_ttl* seconds only.
    """

    def __init__(
        self,
        getter: RobotsGetter,
        *,
        agent: str,
        ttl: float = 3600.0,
        retry_ttl: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._get = getter
        self.agent = agent
        self.ttl = ttl
        self.retry_ttl = retry_ttl
        self._clock = clock
        self._rules: dict[str, tuple[float, RobotsRules]] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def rules(self, url: httpx.URL) -> RobotsRules:
        key = site_key(url)
        cached = self._rules.get(key)
        if cached is not None and cached[0] > self._clock():
            return cached[1]
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            cached = self._rules.get(key)
            if cached is not None and cached[0] > self._clock():
                return cached[1]
            try:
                status, body = await self._get(f"{key}/robots.txt")
                rules = RobotsRules.from_response(status, body)
            except httpx.HTTPError:
                rules = RobotsRules(None, unreachable=True)
            ttl = self.retry_ttl if rules.unreachable else self.ttl
            self._rules[key] = (self._clock() + ttl, rules)
            return rules

    async def allowed(self, url: httpx.URL) -> bool:
        return (await self.rules(url)).allowed(self.agent, str(url))
