"""Pages beyond the work bounds are refused with the reason; the run goes on."""

from __future__ import annotations

from pathlib import Path

import pytest

from redline.errors import ExtractionError
from redline.extract import extract_article
from redline.extract._limits import MAX_DEPTH, MAX_ELEMENTS, MAX_NESTING_WORK
from redline.ingest import IngestOptions, ingest
from redline.store import Store
from tests.ingest.warcs import page

PARA = "<p>The council approved the new bridge on Tuesday after a long debate.</p>"
HEAD = "<!doctype html><html><head><title>Bounds</title></head><body>"


def _blocks(depth: int, count: int) -> str:
    return HEAD + ("<div>" * depth + PARA + "</div>" * depth) * count + "</body></html>"


def test_twenty_megabytes_nested_200_deep_is_refused_at_once_and_the_rest_read(
    store: Store, tmp_path: Path
) -> None:
    nested = tmp_path / "a-nested.html"
    nested.write_text(_blocks(200, 20_000_000 // (200 * 11 + len(PARA))))
    assert nested.stat().st_size > 19_000_000
    fine = tmp_path / "b-fine.html"
    fine.write_bytes(page(1))
    report = ingest(store, [str(nested), str(fine)], IngestOptions(compare=False))
    [problem] = report.problems
    assert problem.path == str(nested) and "not extracted" in problem.message
    assert report.records == 1


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (HEAD + "<br>" * (MAX_ELEMENTS + 10) + "</body></html>", "more than 30,000 elements"),
        (HEAD + "<div>" * 300 + PARA + "</div>" * 300 + "</body></html>", "levels deep"),
        (
            _blocks(150, MAX_NESTING_WORK // sum(range(150)) + 2),
            "nested too deeply to extract in bounded time",
        ),
        (HEAD + "<i>" * (4 * MAX_ELEMENTS + 1) + "</body></html>", "tags, far more"),
    ],
    ids=["elements", "depth", "nesting-work", "tags"],
)
def test_each_bound_names_itself(raw: str, reason: str) -> None:
    with pytest.raises(ExtractionError, match=reason):
        extract_article(raw.encode(), url="https://news.test/big")


def test_pages_within_the_bounds_are_extracted() -> None:
    deep = HEAD + "<div>" * (MAX_DEPTH - 4) + PARA + "</div>" * (MAX_DEPTH - 4) + "</body></html>"
    many = HEAD + (PARA * (MAX_ELEMENTS // 2 - 10)) + "</body></html>"
    for raw in (deep, many):
        e = extract_article(raw.encode(), url="https://news.test/ok")
        assert any("council approved" in p for p in e.paragraphs)
