from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redline.track.schedule import RecheckPolicy, failure_delay, next_check, recheck_interval

T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
P = RecheckPolicy()


def minutes(dt: datetime | None, since: datetime) -> float:
    assert dt is not None
    return (dt - since).total_seconds() / 60


def test_a_new_article_is_checked_at_the_floor_interval() -> None:
    now = T0
    assert minutes(next_check(now, first_seen=T0, last_changed=None), now) == 5


def test_a_young_article_is_never_left_longer_than_the_young_interval() -> None:
    now = T0 + timedelta(hours=5)
    # stable for 5 hours would mean 75 minutes, but it is still young
    assert minutes(next_check(now, first_seen=T0, last_changed=None), now) == 15


def test_backs_off_when_stable_and_resets_on_change() -> None:
    first = T0 - timedelta(days=2)
    now = T0
    stable = next_check(now, first_seen=first, last_changed=first)
    assert minutes(stable, now) == 6 * 60  # capped by max_interval
    a_bit = next_check(now, first_seen=first, last_changed=now - timedelta(hours=8))
    assert minutes(a_bit, now) == 120  # a quarter of 8 hours
    changed = next_check(now, first_seen=first, last_changed=now)
    assert minutes(changed, now) == 5


def test_intervals_grow_monotonically_with_stability() -> None:
    ages = [0, 600, 3600, 4 * 3600, 12 * 3600, 86400, 3 * 86400]
    intervals = [recheck_interval(a, a, P) for a in ages]
    assert intervals == sorted(intervals)
    assert intervals[0] == P.min_interval and intervals[-1] == P.max_interval


def test_stops_after_the_configured_age() -> None:
    policy = RecheckPolicy(stop_after=2 * 86400)
    assert (
        next_check(T0 + timedelta(days=2), first_seen=T0, last_changed=None, policy=policy) is None
    )
    # the age counts from publication when that is earlier than discovery
    assert (
        next_check(
            T0, first_seen=T0, last_changed=None, published=T0 - timedelta(days=3), policy=policy
        )
        is None
    )
    # never scheduled beyond the stop time
    late = next_check(
        T0 + timedelta(days=2) - timedelta(minutes=1),
        first_seen=T0,
        last_changed=None,
        policy=policy,
    )
    assert late == T0 + timedelta(days=2)


def test_failures_back_off_exponentially_and_honour_retry_after() -> None:
    assert [failure_delay(n, P) for n in (1, 2, 3, 4)] == [300, 600, 1200, 2400]
    assert failure_delay(20, P) == P.max_interval
    now = T0 + timedelta(hours=1)
    assert minutes(next_check(now, first_seen=T0, last_changed=None, failures=2), now) == 10
    assert (
        minutes(
            next_check(now, first_seen=T0, last_changed=None, failures=1, retry_after=7200), now
        )
        == 120
    )


def test_jitter_spreads_checks_up_to_ten_percent_later() -> None:
    a = next_check(T0, first_seen=T0, last_changed=None, jitter=0.0)
    b = next_check(T0, first_seen=T0, last_changed=None, jitter=0.999)
    assert a is not None and b is not None
    assert timedelta(0) < b - a <= timedelta(seconds=30)


def test_policy_validation() -> None:
    with pytest.raises(ValueError, match="min_interval is larger"):
        RecheckPolicy(min_interval=100, max_interval=10)
    with pytest.raises(ValueError, match="unknown setting"):
        RecheckPolicy.from_dict({"min_intervall": 3})
    with pytest.raises(ValueError, match=">= 0"):
        RecheckPolicy(min_interval=-1)
    assert RecheckPolicy.from_dict(P.to_dict()) == P


@given(
    age=st.floats(0, 30 * 86400),
    stable=st.floats(0, 30 * 86400),
    failures=st.integers(0, 30),
    jitter=st.floats(0, 0.999),
)
def test_next_check_is_always_in_the_future_and_bounded(
    age: float, stable: float, failures: int, jitter: float
) -> None:
    now = T0 + timedelta(days=40)
    first = now - timedelta(seconds=age)
    changed = now - timedelta(seconds=min(stable, age))
    due = next_check(now, first_seen=first, last_changed=changed, failures=failures, jitter=jitter)
    if age >= P.stop_after:
        assert due is None
        return
    assert due is not None and due > now
    assert due - now <= timedelta(seconds=P.max_interval * 1.1)
    assert due <= first + timedelta(seconds=P.stop_after)
