"""Ingesting HTML captures of redesigned pages makes exactly the true versions
(the ingest pipeline calls the extraction stage's decision, on a real SQLite store)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from redline.ingest.run import ingest
from redline.store import Store

from .corpus import Capture, all_captures


def _expected_versions(seq: list[Capture]) -> int:
    count, last = 0, None
    for cap in seq:
        if cap.truth != last:
            count += 1
            last = cap.truth
    return count


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(str(tmp_path / "redline.db"))
    yield s
    s.close()


def test_captures_ingested_one_by_one(store: Store, tmp_path: Path) -> None:
    sequences = all_captures()
    for seq in sequences:
        for k, cap in enumerate(seq):
            path = tmp_path / f"{cap.article}-{k}.html"
            path.write_bytes(cap.raw)
            report = ingest(store, [str(path)])
            assert report.ok, report.problems
    for seq in sequences:
        history = store.history(seq[0].url)
        assert len(history) == _expected_versions(seq), seq[0].article
        current = store.version(seq[0].url)
        # the text of the last true version (some templates add furniture the
        # cross-check tolerates, such as a class-less fact box)
        assert set(seq[-1].truth.paragraphs) <= set(current.paragraphs)
        assert current.headline == seq[-1].truth.headline


def test_captures_ingested_in_one_batch(store: Store, tmp_path: Path) -> None:
    sequences = all_captures()[:8]
    folder = tmp_path / "captures"
    folder.mkdir()
    for seq in sequences:
        for k, cap in enumerate(seq):
            (folder / f"{k}-{cap.article}.html").write_bytes(cap.raw)
    report = ingest(store, [str(folder)])
    assert report.ok, report.problems
    for seq in sequences:
        assert len(store.history(seq[0].url)) == _expected_versions(seq), seq[0].article


def test_truncated_capture_is_kept_and_listed_not_a_version(store: Store, tmp_path: Path) -> None:
    seq = next(s for s in all_captures() if s[0].truth == s[1].truth)
    first, second = tmp_path / "0.html", tmp_path / "1.html"
    first.write_bytes(seq[0].raw)
    raw = seq[1].raw
    second.write_bytes(raw[: raw.index(seq[1].truth.paragraphs[2].encode()) + 20])
    assert ingest(store, [str(first)]).ok
    report = ingest(store, [str(second)])
    assert any("suspect capture" in p.message for p in report.problems)
    assert len(store.history(seq[0].url)) == 1
