from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from redline.newsroom import Newsroom
from redline.track.fetch import (
    DEFAULT_USER_AGENT,
    BlockedAddressError,
    Fetcher,
    FetchOptions,
    HTTPStatusError,
    RetryLaterError,
    RobotsDisallowedError,
    TooLargeError,
    TooManyRedirectsError,
    parse_retry_after,
    retry_delay,
)
from redline.track.guard import check_destination

KERR = "/news/kerr-wins-world-1500m-gold"
FAST = FetchOptions(
    per_host_interval=0,
    per_host_concurrency=8,
    backoff=0.01,
    retries=2,
    timeout=2.0,
    max_bytes=1_000_000,
)


def run(fn: Callable[[Fetcher], Awaitable[Any]], options: FetchOptions = FAST) -> Any:
    async def main() -> Any:
        async with Fetcher(options) as fetcher:
            return await fn(fetcher)

    return asyncio.run(main())


def test_conditional_get_and_user_agent(newsroom: Newsroom) -> None:
    url = newsroom.base_url + KERR

    async def go(f: Fetcher) -> tuple[Any, Any, Any]:
        first = await f.fetch(url, allow_private=True)
        again = await f.fetch(url, etag=first.etag, allow_private=True)
        by_date = await f.fetch(url, last_modified=first.last_modified, allow_private=True)
        return first, again, by_date

    first, again, by_date = run(go)
    assert first.status == 200 and b"Josh Kerr" in first.content
    assert first.charset == "utf-8"
    assert again.not_modified and again.content == b""
    assert by_date.not_modified
    stats = newsroom.stats()
    assert set(stats["user_agents"]) == {DEFAULT_USER_AGENT}
    assert DEFAULT_USER_AGENT.startswith("Redline/") and "(+" in DEFAULT_USER_AGENT
    assert stats["hits"]["/robots.txt"] == 1  # fetched once, cached


def test_loopback_refused_unless_allowed(newsroom: Newsroom) -> None:
    with pytest.raises(BlockedAddressError, match=r"--allow-origin http://127\.0\.0\.1:"):
        run(lambda f: f.fetch(newsroom.base_url + KERR))
    assert newsroom.hits() == 0  # refused before any connection


@pytest.mark.parametrize(
    "host",
    [
        "10.1.2.3",
        "192.168.0.1",
        "172.16.5.4",
        "127.0.0.1",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "::ffff:127.0.0.1",
        "0.0.0.0",
        "100.64.0.1",
        "localhost",
    ],
)
def test_ssrf_guard_refuses_non_public_addresses(host: str) -> None:
    with pytest.raises(BlockedAddressError):
        asyncio.run(
            check_destination(f"http://{host}/" if ":" not in host else f"http://[{host}]/")
        )


def test_allowed_origins_are_exact_and_link_local_is_never_allowed() -> None:
    allow = frozenset({"http://127.0.0.1:80", "http://10.0.0.1:8080"})
    asyncio.run(check_destination("http://127.0.0.1/x", allow))
    asyncio.run(check_destination("http://2130706433/x", allow))  # 127.0.0.1, spelt in decimal
    asyncio.run(check_destination("http://[::ffff:127.0.0.1]/x", allow))
    asyncio.run(check_destination("http://10.0.0.1:8080/", allow))
    for other in ("http://10.0.0.1/", "https://127.0.0.1/", "http://127.0.0.1:81/"):
        with pytest.raises(BlockedAddressError):
            asyncio.run(check_destination(other, allow))
    with pytest.raises(BlockedAddressError):
        asyncio.run(
            check_destination("http://169.254.169.254/", frozenset({"http://169.254.169.254:80"}))
        )


def test_every_redirect_hop_is_checked(newsroom: Newsroom) -> None:
    newsroom.add_fault(KERR, "redirect", location="http://169.254.169.254/latest/meta-data/")
    with pytest.raises(BlockedAddressError, match=r"169\.254\.169\.254"):
        run(lambda f: f.fetch(newsroom.base_url + KERR, allow_private=True))
    newsroom.add_fault(KERR, "redirect", location="file:///etc/passwd")
    with pytest.raises(BlockedAddressError, match="only http"):
        run(lambda f: f.fetch(newsroom.base_url + KERR, allow_private=True))
    newsroom.add_fault(KERR, "redirect", location="/news/museum-reopens")
    moved = run(lambda f: f.fetch(newsroom.base_url + KERR, allow_private=True))
    assert moved.final_url.endswith("/news/museum-reopens") and moved.redirects == 1


def test_robots_txt_is_obeyed(newsroom: Newsroom) -> None:
    with pytest.raises(RobotsDisallowedError):
        run(lambda f: f.fetch(newsroom.base_url + "/private/internal-memo", allow_private=True))
    assert newsroom.hits("/private/internal-memo") == 0


def test_retries_5xx_then_succeeds(newsroom: Newsroom) -> None:
    newsroom.add_fault(KERR, "error", count=2, status=502)
    result = run(lambda f: f.fetch(newsroom.base_url + KERR, allow_private=True))
    assert result.status == 200 and result.attempts == 3


def test_gives_up_for_now_after_retries(newsroom: Newsroom) -> None:
    newsroom.add_fault(KERR, "error", count=-1)
    with pytest.raises(RetryLaterError, match="HTTP 500 after 3 attempt"):
        run(lambda f: f.fetch(newsroom.base_url + KERR, allow_private=True))
    assert newsroom.hits(KERR) == 3


def test_429_retry_after_is_honoured(newsroom: Newsroom) -> None:
    newsroom.add_fault(KERR, "ratelimit", count=1, seconds=1)
    started = time.monotonic()
    result = run(lambda f: f.fetch(newsroom.base_url + KERR, allow_private=True))
    assert result.status == 200 and result.attempts == 2
    assert time.monotonic() - started >= 1.0
    # a Retry-After longer than we are willing to wait ends the fetch with that delay
    newsroom.add_fault(KERR, "ratelimit", count=1, seconds=3600)
    with pytest.raises(RetryLaterError) as info:
        run(lambda f: f.fetch(newsroom.base_url + KERR, allow_private=True))
    assert info.value.retry_after == 3600


def test_slow_response_times_out(newsroom: Newsroom) -> None:
    newsroom.add_fault(KERR, "slow", count=-1, seconds=1.5)
    options = FetchOptions(per_host_interval=0, retries=1, backoff=0.01, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(RetryLaterError, match="timed out"):
        run(lambda f: f.fetch(newsroom.base_url + KERR, allow_private=True), options)
    assert time.monotonic() - started < 2.5


def test_huge_body_is_aborted(newsroom: Newsroom) -> None:
    newsroom.add_fault(KERR, "huge", size=200_000_000)
    started = time.monotonic()
    with pytest.raises(TooLargeError):
        run(lambda f: f.fetch(newsroom.base_url + KERR, allow_private=True))
    assert time.monotonic() - started < 5


def test_huge_body_without_length_is_aborted_while_streaming(newsroom: Newsroom) -> None:
    # a lying Content-Length is caught by counting what arrives
    options = FetchOptions(per_host_interval=0, max_bytes=10_000_000, retries=0)
    newsroom.add_fault(KERR, "huge", size=9_000_000)
    ok = run(lambda f: f.fetch(newsroom.base_url + KERR, allow_private=True), options)
    assert len(ok.content) == 9_000_000
    newsroom.add_fault(KERR, "huge", size=12_000_000)
    with pytest.raises(TooLargeError):
        run(lambda f: f.fetch(newsroom.base_url + KERR, allow_private=True), options)


def test_redirect_loop_is_cut(newsroom: Newsroom) -> None:
    newsroom.add_fault(KERR, "redirect-loop", count=-1)
    with pytest.raises(TooManyRedirectsError):
        run(lambda f: f.fetch(newsroom.base_url + KERR, allow_private=True))
    assert newsroom.hits(KERR) <= FAST.max_redirects + 1


def test_cut_connection_is_retried(newsroom: Newsroom) -> None:
    newsroom.add_fault(KERR, "truncated", count=1)
    result = run(lambda f: f.fetch(newsroom.base_url + KERR, allow_private=True))
    assert result.attempts == 2 and result.content.rstrip().endswith(b"</html>")


def test_not_found_is_not_retried(newsroom: Newsroom) -> None:
    with pytest.raises(HTTPStatusError) as info:
        run(lambda f: f.fetch(newsroom.base_url + "/news/nope", allow_private=True))
    assert info.value.http_status == 404
    assert newsroom.hits("/news/nope") == 1


def test_per_host_rate_limit_spaces_requests(newsroom: Newsroom) -> None:
    options = FetchOptions(per_host_interval=0.2, per_host_concurrency=4, respect_robots=False)

    async def go(f: Fetcher) -> float:
        started = time.monotonic()
        await asyncio.gather(
            *(f.fetch(newsroom.base_url + KERR, allow_private=True) for _ in range(5))
        )
        return time.monotonic() - started

    assert run(go, options) >= 0.8  # five starts, 0.2 s apart


def test_retry_delay_and_retry_after_parsing() -> None:
    assert [retry_delay(a, 1.0, 30.0, 0.0) for a in range(6)] == [0.5, 1, 2, 4, 8, 15]
    assert retry_delay(2, 1.0, 30.0, 0.999) <= 4.0
    assert parse_retry_after("120") == 120
    assert parse_retry_after("nonsense") is None and parse_retry_after(None) is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past


def test_robots_txt_redirect_is_followed(newsroom: Newsroom) -> None:
    newsroom.add_fault("/robots.txt", "redirect", location="/robots.txt?moved=1")
    with pytest.raises(RobotsDisallowedError):
        run(lambda f: f.fetch(newsroom.base_url + "/private/internal-memo", allow_private=True))
    assert newsroom.hits("/robots.txt") == 2


def test_unreachable_robots_txt_means_retry_later(newsroom: Newsroom) -> None:
    newsroom.add_fault("/robots.txt", "error", count=-1, status=503)
    with pytest.raises(RetryLaterError, match=r"robots\.txt is unreachable"):
        run(lambda f: f.fetch(newsroom.base_url + KERR, allow_private=True))
    assert newsroom.hits(KERR) == 0


def test_invalid_url_is_a_clear_error() -> None:
    from redline.errors import FetchError

    for bad in ("http:///no-host", "http://127.0.0.1:99999999/"):
        with pytest.raises(FetchError, match="not a valid URL"):
            run(lambda f, bad=bad: f.fetch(bad, allow_private=True))
