"""Statistics over hand-made article histories."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from redline.explain.stats import (
    ArticleRecord,
    VersionRecord,
    by_period,
    by_source,
    edits_by_class,
    median_time_to_first_edit,
    most_edited,
    report,
    share_edited_after_publication,
    versions_per_article,
)

T = datetime(2024, 5, 6, 8, 0, tzinfo=UTC)  # a Monday


def _article(i, source, n, *, published=None, first_edit_after=None, classes=(), start=T):
    versions = [VersionRecord(1, start)]
    for k in range(2, n + 1):
        delay = first_edit_after if k == 2 and first_edit_after is not None else timedelta(hours=k)
        seen = (published or start) + delay if k == 2 else start + timedelta(hours=k * 2)
        cls = tuple(classes[k - 2]) if k - 2 < len(classes) else ()
        versions.append(VersionRecord(k, seen, cls))
    return ArticleRecord(i, source, f"story {i}", published, tuple(versions))


ARTICLES = [
    _article(
        1,
        "bbc.co.uk",
        4,
        published=T - timedelta(minutes=30),
        first_edit_after=timedelta(minutes=90),
        classes=[("fact_update", "rewording"), ("quote_added",), ("fact_update",)],
    ),
    _article(2, "bbc.co.uk", 1),
    _article(3, "lemonde.fr", 2, first_edit_after=timedelta(hours=5), classes=[("correction",)]),
    _article(
        4,
        "lemonde.fr",
        3,
        first_edit_after=timedelta(minutes=30),
        classes=[("typography",), ("section_added", "rewording")],
        start=T + timedelta(days=8),
    ),
    _article(5, None, 1, start=T + timedelta(days=8)),
]


def test_versions_per_article():
    v = versions_per_article(ARTICLES)
    assert v["articles"] == 5
    assert v["mean"] == (4 + 1 + 2 + 3 + 1) / 5
    assert v["median"] == 2
    assert v["max"] == 4
    assert v["distribution"] == {1: 2, 2: 1, 3: 1, 4: 1}
    assert versions_per_article([])["mean"] is None


def test_share_edited_after_publication():
    assert share_edited_after_publication(ARTICLES) == 3 / 5
    assert share_edited_after_publication([]) is None


def test_edits_by_class_counts_version_changes_in_class_order():
    assert edits_by_class(ARTICLES) == {
        "correction": 1,
        "fact_update": 2,
        "quote_added": 1,
        "section_added": 1,
        "rewording": 2,
        "typography": 1,
    }
    assert list(edits_by_class(ARTICLES))[:2] == ["correction", "fact_update"]


def test_median_time_to_first_edit_starts_at_publication_when_known():
    # 90 min (from publication), 5 h, 30 min -> median 90 min
    assert median_time_to_first_edit(ARTICLES) == timedelta(minutes=90)
    assert median_time_to_first_edit([ARTICLES[1]]) is None


def test_most_edited():
    assert [a.id for a in most_edited(ARTICLES, 3)] == [1, 4, 3]


def test_by_source_and_period():
    groups = by_source(ARTICLES)
    assert list(groups) == ["bbc.co.uk", "lemonde.fr", "-"]
    assert groups["lemonde.fr"].edited_share == 1.0
    assert groups["bbc.co.uk"].versions["max"] == 4
    weeks = by_period(ARTICLES, "week")
    assert list(weeks) == [date(2024, 5, 6), date(2024, 5, 13)]
    assert weeks[date(2024, 5, 13)].articles == 2
    months = by_period(ARTICLES, "month")
    assert list(months) == [date(2024, 5, 1)]


def test_report_to_dict_is_plain_json():
    import json

    d = json.loads(json.dumps(report(ARTICLES).to_dict()))
    assert d["articles"] == 5
    assert d["median_time_to_first_edit_seconds"] == 5400
    top = {"id": 1, "source": "bbc.co.uk", "title": "story 1", "versions": 4}
    assert d["most_edited"][0] == top
    assert d["versions_per_article"]["distribution"] == {"1": 2, "2": 1, "3": 1, "4": 1}
