"""Properties of recording: any sequence of captures, in any batching and order."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redline.store import Observation, Store

T0 = datetime(2024, 1, 1, tzinfo=UTC)
TEXTS = [
    "The bridge opened. Traffic was light.",
    "The bridge opened on Monday. Traffic was light.",
    "The bridge opened on Monday. Traffic was heavy.\nPolice closed one lane.",
    "The bridge opened on Monday.\nPolice closed one lane. Traffic was heavy.",
    "The bridge opened on Monday. Traffic was light. More to follow.",
]
COUNTER = itertools.count()


captures = st.lists(
    st.tuples(st.integers(0, len(TEXTS) - 1), st.integers(0, 40)), min_size=1, max_size=14
)


@given(caps=captures, batch=st.integers(1, 5))
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_versions_follow_first_sightings_whatever_the_batching(
    store: Store, caps: list[tuple[int, int]], batch: int
) -> None:
    url = f"https://news.test/p/{next(COUNTER)}"
    observations = [
        Observation.from_text(TEXTS[t], url=url, seen_at=T0 + timedelta(minutes=m)) for t, m in caps
    ]
    for i in range(0, len(observations), batch):
        store.record_many(observations[i : i + batch])
    # expected: one version per distinct text, numbered by its earliest sighting
    first: dict[int, int] = {}
    for t, m in caps:
        first[t] = min(m, first.get(t, m))
    # ties: a text first seen at the same minute as another keeps its recording order
    expected = sorted(first, key=lambda t: first[t])
    versions = store.versions(url)
    assert [v.number for v in versions] == list(range(1, len(versions) + 1))
    assert sorted(v.text for v in versions) == sorted(
        Observation.from_text(TEXTS[t]).text for t in first
    )
    got_times = [v.info.first_seen for v in versions]
    assert got_times == sorted(got_times)
    assert [(v.info.first_seen - T0).total_seconds() // 60 for v in versions] == sorted(
        first[t] for t in expected
    )
    info = store.article(url)
    assert info.version_count == len(first)
    seen_total = sum(v.info.seen_count for v in versions)
    distinct = len({(t, m) for t, m in caps})
    assert seen_total == distinct  # every distinct sighting counted once
    # replaying everything changes nothing
    before = store.count()
    again = store.record_many(observations)
    assert {r.status for r in again} == {"duplicate"}
    assert store.count() == before
