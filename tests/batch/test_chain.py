"""Ordering the versions of one article, and what is left out and why."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from redline.batch.chain import order_versions


def rec(version, text="Some text.", time=None, article="a", source=None):
    return {
        "article": article,
        "version": version,
        "time": time,
        "source": source,
        "text": text,
        "reason": None,
    }


def test_orders_by_version_whatever_the_input_order():
    kept, errors = order_versions([rec(3, "c"), rec(1, "a"), rec(2, "b")])
    assert [r["version"] for r in kept] == [1, 2, 3]
    assert errors == []


def test_missing_text_is_reported_and_left_out():
    kept, errors = order_versions([rec(1, "a"), rec(2, None), rec(3, "   \n"), rec(4, "d")])
    assert [r["version"] for r in kept] == [1, 4]
    assert [(e["version"], e["reason"]) for e in errors] == [
        (2, "missing text"),
        (3, "missing text"),
    ]


def test_duplicate_with_same_text_is_kept_once():
    kept, errors = order_versions(
        [rec(1, "a"), rec(2, "b", "2024-01-02T00:00:00Z"), rec(2, "b", "2024-01-01T00:00:00Z")]
    )
    assert [r["version"] for r in kept] == [1, 2]
    assert kept[1]["time"] == "2024-01-01T00:00:00Z"  # the earliest copy
    assert len(errors) == 1
    assert errors[0]["reason"].startswith("duplicate version number 2 (same text")


def test_duplicate_with_different_texts_leaves_all_copies_out():
    kept, errors = order_versions([rec(1, "a"), rec(2, "b"), rec(2, "B!"), rec(3, "c")])
    assert [r["version"] for r in kept] == [1, 3]
    assert sorted(e["text"] for e in errors) == ["B!", "b"]
    assert all("different texts" in e["reason"] for e in errors)


def test_version_dated_before_its_predecessor_is_out_of_order():
    kept, errors = order_versions(
        [
            rec(1, "a", "2024-01-01T10:00:00Z"),
            rec(2, "b", "2024-01-01T09:00:00Z"),
            rec(3, "c", "2024-01-01T11:00:00Z"),
        ]
    )
    assert [r["version"] for r in kept] == [1, 3]
    (err,) = errors
    assert err["version"] == 2 and "out of order" in err["reason"]
    assert "before version 1" in err["reason"]


def test_fractional_seconds_compare_as_instants():
    kept, errors = order_versions(
        [rec(1, "a", "2024-01-01T10:00:00.500000Z"), rec(2, "b", "2024-01-01T10:00:01Z")]
    )
    assert [r["version"] for r in kept] == [1, 2] and errors == []


def test_times_only_are_numbered_in_time_order():
    kept, errors = order_versions(
        [rec(None, "late", "2024-01-02T00:00:00Z"), rec(None, "early", "2024-01-01T00:00:00Z")]
    )
    assert [(r["version"], r["text"]) for r in kept] == [(1, "early"), (2, "late")]
    assert errors == []


def test_record_without_number_among_numbered_ones():
    kept, errors = order_versions([rec(1, "a"), rec(None, "b", "2024-01-01T00:00:00Z")])
    assert [r["version"] for r in kept] == [1]
    assert errors[0]["reason"].startswith("no version number")


def test_record_reason_from_reading_is_kept():
    bad = rec(None, "x")
    bad["reason"] = "unreadable time: 'soon'"
    kept, errors = order_versions([rec(1, "a"), bad])
    assert len(kept) == 1 and errors[0]["reason"] == "unreadable time: 'soon'"


record_strategy = st.fixed_dictionaries(
    {
        "article": st.just("a"),
        "version": st.one_of(st.none(), st.integers(1, 5)),
        "time": st.one_of(
            st.none(),
            st.sampled_from(
                ["2024-01-01T00:00:00Z", "2024-01-01T00:00:00.500000Z", "2024-01-02T00:00:00Z"]
            ),
        ),
        "source": st.one_of(st.none(), st.sampled_from(["x", "y"])),
        "text": st.one_of(st.none(), st.sampled_from(["", "One.", "Two.", "One. Two."])),
        "reason": st.just(None),
    }
)


@given(st.lists(record_strategy, max_size=8), st.randoms())
def test_outcome_never_depends_on_record_order(records, rnd):
    shuffled = list(records)
    rnd.shuffle(shuffled)
    kept_a, errors_a = order_versions(records)
    kept_b, errors_b = order_versions(shuffled)
    key = lambda r: sorted((k, str(v)) for k, v in r.items())  # noqa: E731
    assert [key(r) for r in kept_a] == [key(r) for r in kept_b]
    assert sorted(map(key, errors_a)) == sorted(map(key, errors_b))
    # every record is either kept once or reported
    assert len(kept_a) + len(errors_a) == len(records)
    versions = [r["version"] for r in kept_a]
    assert versions == sorted(set(versions))
