"""Spark (local[2]) gives exactly the local engine's output."""

from __future__ import annotations

import json

import pytest

from redline.batch import TABLES, read_table, run_local
from redline.batch.spark import run_spark
from redline.batch.synth import generate, write_corpus
from tests.batch.conftest import write_jsonl

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seed_texts):
    root = tmp_path_factory.mktemp("corpus")
    write_corpus(root / "synth.parquet", generate(25, start=0))
    records = list(generate(10, start=100))
    old, new = seed_texts
    records += [
        {"article": "bbc-kerr", "version": 2, "time": "2024-08-06T21:40:00Z", "text": new},
        {"article": "bbc-kerr", "version": 1, "time": "2024-08-06T20:50:00Z", "text": old},
        {"article": "gap", "version": 1, "text": "First."},
        {"article": "gap", "version": 2, "text": ""},
        {"article": "gap", "version": 3, "text": "Third, and last."},
        {"article": "dup", "version": 1, "text": "One."},
        {"article": "dup", "version": 1, "text": "One."},
        {"article": "dup", "version": 2, "text": "One. Two."},
        {"article": "late", "version": 1, "time": "2024-01-01T12:00:00Z", "text": "A."},
        {"article": "late", "version": 2, "time": "2024-01-01T11:00:00Z", "text": "B."},
    ]
    # another outlet's export: its own column names and types (int ids, string version
    # numbers, zoned timestamps), read beside the others
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    typed = list(generate(6, start=200))
    pq.write_table(
        pa.table(
            {
                "entry_id": pa.array([1000 + int(r["article"][-3:]) for r in typed], pa.int64()),
                "version_number": [str(r["version"]) for r in typed],
                "created": pa.array(
                    [
                        dt.datetime.fromisoformat(r["time"]).astimezone(
                            dt.timezone(dt.timedelta(hours=2))
                        )
                        for r in typed
                    ],
                    pa.timestamp("us", tz="+02:00"),
                ),
                "body": [r["text"] for r in typed],
            }
        ),
        root / "typed.parquet",
    )
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.insert(7, "{broken")
    write_jsonl(root / "more.jsonl", lines)
    return [root / "synth.parquet", root / "more.jsonl", root / "typed.parquet"]


def test_spark_output_is_identical_to_local(tmp_path, corpus, spark):
    local = run_local(corpus, tmp_path / "local", workers=2, progress=False)
    remote = run_spark(corpus, tmp_path / "spark", spark=spark, partitions=3)
    assert (remote.pairs, remote.versions, remote.errors) == (
        local.pairs,
        local.versions,
        local.errors,
    )
    assert local.pairs > 60 and local.errors == 4
    versions = read_table(tmp_path / "local", "versions").to_pylist()
    typed = [v for v in versions if v["article"].startswith("1")]
    assert len(typed) > 6 and all(v["time"].endswith("Z") for v in typed)
    for name in TABLES:
        a = read_table(tmp_path / "local", name)
        b = read_table(tmp_path / "spark", name)
        assert a.num_rows == b.num_rows, name
        assert a.to_pylist() == b.to_pylist(), name
    manifest = json.loads((tmp_path / "spark" / "manifest.json").read_text())
    assert manifest["engine"] == "spark" and manifest["master"] == "local[2]"


def test_command_line_spark_engine(tmp_path, spark, seed_texts):
    from click.testing import CliRunner

    from redline.batch import pair_dict
    from redline.cli.main import cli

    old, new = seed_texts
    corpus = write_jsonl(
        tmp_path / "seed.jsonl",
        [
            {"article": "bbc-kerr", "version": 1, "text": old},
            {"article": "bbc-kerr", "version": 2, "text": new},
        ],
    )
    res = CliRunner().invoke(
        cli,
        [
            "batch",
            "align",
            str(corpus),
            "-o",
            str(tmp_path / "out"),
            "--engine",
            "spark",
            "--partitions",
            "2",
            "-f",
            "json",
        ],
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.output[res.output.index("{") :])["engine"] == "spark"
    import redline

    assert pair_dict(tmp_path / "out", "bbc-kerr", 1, 2) == redline.compare(old, new).to_dict()
    assert spark.sparkContext._jsc is not None  # the running session was left running
