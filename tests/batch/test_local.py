"""The local engine end to end: the seed pair, bad rows, workers, the command line."""

from __future__ import annotations

import json
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from redline.batch import TABLES, pair_dict, read_table, run_local
from redline.batch.local import article_chunks
from redline.batch.synth import generate, write_corpus
from redline.cli.main import cli
from redline.errors import InputError
from tests.batch.conftest import write_jsonl
from tests.conftest import SEED_NEW, SEED_OLD


@pytest.fixture()
def seed_corpus(tmp_path, seed_texts):
    old, new = seed_texts
    return write_jsonl(
        tmp_path / "seed.jsonl",
        [
            {"article": "bbc-kerr", "version": 1, "time": "2024-08-06T20:50:00Z", "text": old},
            {"article": "bbc-kerr", "version": 2, "time": "2024-08-06T21:40:00Z", "text": new},
        ],
    )


def test_seed_pair_matches_redline_diff_json(tmp_path, seed_corpus):
    run_local([seed_corpus], tmp_path / "out", workers=1, progress=False)
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from redline.cli.main import main; main()",
            "diff",
            str(SEED_OLD),
            str(SEED_NEW),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr  # changes found
    expected = json.loads(proc.stdout)
    got = pair_dict(tmp_path / "out", "bbc-kerr", 1, 2)
    assert got == expected
    assert got["summary"] == "4 sentences edited, 16 added, 2 deleted, 1 split"


def test_bad_rows_go_to_the_errors_table_and_the_job_finishes(tmp_path, seed_texts):
    old, new = seed_texts
    corpus = write_jsonl(
        tmp_path / "bad.jsonl",
        [
            {"article": "ok", "version": 1, "text": old},
            {"article": "ok", "version": 2, "text": new},
            {"article": "gap", "version": 1, "text": "First version."},
            {"article": "gap", "version": 2, "text": None},
            {"article": "gap", "version": 3, "text": "Third version."},
            {"article": "dup", "version": 1, "text": "One."},
            {"article": "dup", "version": 1, "text": "Uno."},
            {"article": "late", "version": 1, "time": "2024-01-01T12:00:00Z", "text": "A."},
            {"article": "late", "version": 2, "time": "2024-01-01T11:00:00Z", "text": "B."},
            "{this is not json",
        ],
    )
    result = run_local([corpus], tmp_path / "out", workers=1, progress=False)
    errors = read_table(tmp_path / "out", "errors").to_pylist()
    reasons = {(e["article"], e["version"]): e["reason"] for e in errors}
    assert reasons[("gap", 2)] == "missing text"
    assert "different texts" in reasons[("dup", 1)]
    assert "out of order" in reasons[("late", 2)]
    assert reasons[(None, None)] == "malformed JSON line"
    assert len(errors) == result.errors == 5
    pairs = {
        (p["article"], p["old_version"], p["new_version"])
        for p in read_table(tmp_path / "out", "pairs").to_pylist()
    }
    assert pairs == {("ok", 1, 2), ("gap", 1, 3)}
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["pairs"] == 2 and manifest["engine"] == "local"


def test_every_table_has_rows_for_a_real_corpus_and_parallel_equals_serial(tmp_path):
    corpus = tmp_path / "synth.parquet"
    write_corpus(corpus, generate(40))
    one = run_local([corpus], tmp_path / "one", workers=1, progress=False)
    two = run_local([corpus], tmp_path / "two", workers=2, progress=False, chunk_rows=20)
    assert one.pairs == two.pairs > 40
    assert len(list((tmp_path / "two" / "pairs").glob("part-*.parquet"))) > 1
    for name in TABLES:
        a, b = read_table(tmp_path / "one", name), read_table(tmp_path / "two", name)
        assert a.equals(b), name
        if name != "errors":
            assert a.num_rows > 0, name
    # every pair's alignment covers every sentence of both versions
    sentences = read_table(tmp_path / "one", "sentences").to_pylist()
    count = {}
    for s in sentences:
        count[(s["article"], s["version"])] = count.get((s["article"], s["version"]), 0) + 1
    links = read_table(tmp_path / "one", "alignments").to_pylist()
    covered = {}
    for row in links:
        key = (row["article"], row["old_version"], row["new_version"])
        covered.setdefault(key, (set(), set()))
        if row["old_index"] is not None:
            covered[key][0].add(row["old_index"])
        if row["new_index"] is not None:
            covered[key][1].add(row["new_index"])
    for (article, old, new), (olds, news) in covered.items():
        assert olds == set(range(count[(article, old)]))
        assert news == set(range(count[(article, new)]))


def test_article_chunks_never_split_an_article():
    arts = pa.array(["a", "a", "a", "b", "c", "c", None, None])
    chunks = article_chunks(arts, target=2)
    assert chunks == [(0, 3), (3, 6), (6, 8)]
    assert article_chunks(pa.array([], pa.string())) == []


def test_refuses_to_mix_with_an_existing_output(tmp_path, seed_corpus):
    run_local([seed_corpus], tmp_path / "out", workers=1, progress=False)
    with pytest.raises(InputError, match="not empty"):
        run_local([seed_corpus], tmp_path / "out", workers=1, progress=False)
    again = run_local([seed_corpus], tmp_path / "out", workers=1, progress=False, overwrite=True)
    assert again.pairs == 1
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="not batch output"):
        run_local([seed_corpus], tmp_path / "other", workers=1, progress=False, overwrite=True)
    assert (tmp_path / "other" / "notes.txt").read_text() == "mine"


def test_parquet_without_text_column_is_a_clear_error(tmp_path):
    pq.write_table(pa.table({"article": ["a"], "version": [1]}), tmp_path / "c.parquet")
    with pytest.raises(InputError, match="no text column"):
        run_local([tmp_path / "c.parquet"], tmp_path / "out", workers=1, progress=False)


def test_command_line(tmp_path, seed_corpus):
    runner = CliRunner()
    res = runner.invoke(
        cli,
        [
            "batch",
            "align",
            str(seed_corpus),
            "-o",
            str(tmp_path / "out"),
            "--no-progress",
            "--format",
            "json",
            "--workers",
            "1",
        ],
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["pairs"] == 1
    res = runner.invoke(
        cli, ["batch", "align", str(seed_corpus), "-o", str(tmp_path / "out"), "--no-progress"]
    )
    assert res.exit_code == 2 and "not empty" in res.output
    res = runner.invoke(cli, ["batch", "datasheet", str(tmp_path / "out")])
    assert res.exit_code == 0 and "| pairs | 1 |" in res.output


def test_empty_and_all_bad_corpora_finish(tmp_path):
    empty = write_jsonl(tmp_path / "empty.jsonl", [])
    result = run_local([empty], tmp_path / "out-empty", workers=2, progress=False)
    assert (result.pairs, result.versions, result.errors) == (0, 0, 0)
    assert all(read_table(tmp_path / "out-empty", name).num_rows == 0 for name in TABLES)
    bad = write_jsonl(
        tmp_path / "bad.jsonl",
        ["{", "[]", '{"text": "no article"}', '{"article": "a", "version": 1}'],
    )
    result = run_local([bad], tmp_path / "out-bad", workers=2, progress=False)
    reasons = sorted(e["reason"] for e in read_table(tmp_path / "out-bad", "errors").to_pylist())
    assert reasons == [
        "JSON line is not an object",
        "malformed JSON line",
        "missing text",
        "no article id",
    ]
    assert result.pairs == 0


def test_oversized_text_is_reported_not_segmented(tmp_path, monkeypatch):
    import redline.batch.article as article

    monkeypatch.setattr(article, "MAX_TEXT_CHARS", 100)
    corpus = write_jsonl(
        tmp_path / "c.jsonl",
        [
            {"article": "a", "version": 1, "text": "Short one."},
            {"article": "a", "version": 2, "text": "Long. " * 40},
            {"article": "a", "version": 3, "text": "Short two."},
        ],
    )
    result = run_local([corpus], tmp_path / "out", workers=1, progress=False)
    (err,) = read_table(tmp_path / "out", "errors").to_pylist()
    assert err["version"] == 2 and "the limit is 100" in err["reason"]
    assert result.pairs == 1  # 1 → 3
