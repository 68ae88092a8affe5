"""When to look at an article again: an adaptive re-check schedule.

Pure functions over plain values (no clock, no I/O): the caller passes *now*
and a jitter value, so every decision can be tested exactly.

The rule, in the spirit of the trackers that came before (NewsDiffs,
NewsSniffer): an article that changed recently is checked often; the longer
it stays the same, the longer the wait (a fraction of the time it has been
stable), between a floor and a ceiling; while it is young it is never left
alone longer than ``young_interval``; past ``stop_after`` it is not checked
again. Failures back off exponentially, and a site's ``Retry-After`` wins
when it asks for longer.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime, timedelta
from typing import Any

__all__ = ["RecheckPolicy", "failure_delay", "next_check", "recheck_interval"]


@dataclass(frozen=True)
class RecheckPolicy:
    """How often to re-check articles; all durations in seconds."""

    min_interval: float = 300.0
    """Never check one article more often than this (5 minutes)."""
    max_interval: float = 6 * 3600.0
    """Never wait longer than this between checks (6 hours)."""
    young_for: float = 6 * 3600.0
    """An article is young for this long after it first appeared (6 hours)..."""
    young_interval: float = 900.0
    """...and while young it is checked at least this often (15 minutes)."""
    stable_factor: float = 0.25
    """Wait this fraction of the time the text has been stable."""
    stop_after: float = 7 * 86400.0
    """Stop checking this long after the article first appeared (7 days)."""
    source_interval: float = 300.0
    """How often to read the source's feed or sitemap for new articles."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int | float) or value < 0:
                raise ValueError(f"re-check policy: {f.name} must be a number >= 0, not {value!r}")
        if self.min_interval > self.max_interval:
            raise ValueError("re-check policy: min_interval is larger than max_interval")

    def to_dict(self) -> dict[str, float]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> RecheckPolicy:
        if not data:
            return cls()
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(
                f"re-check policy: unknown setting(s) {', '.join(unknown)}; "
                f"known: {', '.join(sorted(known))}"
            )
        return cls(**{k: float(v) for k, v in data.items()})


def recheck_interval(stable_for: float, age: float, policy: RecheckPolicy) -> float:
    """Seconds to wait, for an article unchanged for *stable_for* s and *age* s old.

    >>> p = RecheckPolicy()
    >>> recheck_interval(0, 0, p), recheck_interval(7200, 7200, p)
    (300.0, 900.0)
    >>> recheck_interval(86400, 86400, p)
    21600.0
    """
    interval = min(policy.max_interval, max(policy.min_interval, stable_for * policy.stable_factor))
    if age < policy.young_for:
        interval = min(interval, max(policy.min_interval, policy.young_interval))
    return interval


def failure_delay(failures: int, policy: RecheckPolicy, retry_after: float | None = None) -> float:
    """Seconds to wait after *failures* consecutive failures (>= 1).

    >>> p = RecheckPolicy()
    >>> [failure_delay(n, p) for n in (1, 2, 3)], failure_delay(1, p, retry_after=3600)
    ([300.0, 600.0, 1200.0], 3600.0)
    """
    delay = min(policy.max_interval, policy.min_interval * 2 ** max(0, failures - 1))
    if retry_after is not None:
        delay = max(delay, float(retry_after))
    return delay


def next_check(
    now: datetime,
    *,
    first_seen: datetime,
    last_changed: datetime | None,
    published: datetime | None = None,
    failures: int = 0,
    retry_after: float | None = None,
    policy: RecheckPolicy | None = None,
    jitter: float = 0.0,
    flipflops: int = 0,
) -> datetime | None:
    """When to check an article next, or ``None`` to stop checking it.

    *first_seen*: when the tracker found it; *published*: its publication date
    if known (an article is as old as the earlier of the two); *last_changed*:
    when a new version was last recorded (``None``: never changed since found);
    *failures*: consecutive failed checks (0 after a success); *retry_after*:
    seconds a site asked to wait; *jitter* in [0, 1) spreads checks up to 10%
    later so that articles found together are not all due together;
    *flipflops*: how often the page went back to an earlier text (an oscillating
    page): each doubles the wait, up to ``max_interval``.
    """
    p = policy or RecheckPolicy()
    born = min(first_seen, published) if published is not None else first_seen
    age = (now - born).total_seconds()
    if age >= p.stop_after:
        return None
    if failures > 0:
        delay = failure_delay(failures, p, retry_after)
    else:
        stable_since = max(last_changed or first_seen, first_seen)
        stable_for = max(0.0, (now - stable_since).total_seconds())
        delay = recheck_interval(stable_for, age, p)
        if flipflops > 0:
            delay = max(delay, min(p.max_interval, delay * 2 ** min(flipflops, 16)))
        if retry_after is not None:
            delay = max(delay, retry_after)
    delay *= 1.0 + 0.1 * min(max(jitter, 0.0), 0.999)
    due = now + timedelta(seconds=delay)
    last_call = born + timedelta(seconds=p.stop_after)
    return min(due, last_call)
