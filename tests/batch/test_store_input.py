"""The Redline store as batch input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from redline.batch import pair_dict, read_table, run_local
from redline.batch.store import read_versions
from redline.cli.main import cli
from redline.errors import InputError
from redline.store import Observation, Store


@pytest.fixture()
def store_path(tmp_path, seed_texts):
    path = tmp_path / "store.sqlite3"
    old, new = seed_texts
    t0 = datetime(2024, 8, 6, 20, 50, tzinfo=UTC)
    with Store.open(str(path)) as store:
        url = "https://www.bbc.co.uk/sport/athletics/articles/kerr"
        store.record_version(Observation.from_text(old, url=url, seen_at=t0, source="bbc"))
        store.record_version(
            Observation.from_text(new, url=url, seen_at=t0 + timedelta(hours=1), source="bbc")
        )
        other = "https://news.example/a"
        for k, text in enumerate(["One. Two.", "One. Two. Three.", "One. Three."]):
            store.record_version(
                Observation.from_text(
                    text, url=other, source="example", seen_at=t0 + timedelta(minutes=k)
                )
            )
    return path


def test_store_versions_align_like_the_store_compares_them(tmp_path, store_path):
    records = list(read_versions(str(store_path)))
    assert len(records) == 5
    assert {r["source"] for r in records} == {"bbc", "example"}
    assert records[0]["time"].startswith("2024-08-06T20:50")
    from redline.batch.synth import write_corpus

    write_corpus(tmp_path / "c.parquet", iter(records))
    result = run_local([tmp_path / "c.parquet"], tmp_path / "out", workers=1, progress=False)
    assert result.pairs == 3 and result.errors == 0
    bbc = next(r["article"] for r in records if r["source"] == "bbc")
    with Store.open(str(store_path)) as store:
        ref = next(a.id for a in store.articles() if a.source == "bbc")
        expected = store.compare_versions(ref, 1, 2).to_dict()
    assert pair_dict(tmp_path / "out", bbc, 1, 2)["alignment"] == expected["alignment"]
    assert len(read_table(tmp_path / "out", "pairs")) == 3


def test_missing_store_file(tmp_path):
    with pytest.raises(InputError, match="no such store"):
        list(read_versions(str(tmp_path / "nope.sqlite3")))


def test_cli_import_store(tmp_path, store_path):
    res = CliRunner().invoke(
        cli, ["batch", "import", "store", str(store_path), "-o", str(tmp_path / "c.jsonl")]
    )
    assert res.exit_code == 0, res.output
    assert "5 versions" in res.output
    res = CliRunner().invoke(cli, ["batch", "import", "newsedits", "-o", str(tmp_path / "x")])
    assert res.exit_code == 2 and "at least one" in res.output
