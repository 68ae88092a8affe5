"""NewsEdits layout: import, re-alignment agreement, export round trip."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from redline.batch import read_table, run_local
from redline.batch.newsedits import agreement, export, read_versions
from redline.batch.synth import generate, write_corpus
from redline.cli.main import cli
from redline.errors import InputError

FIRE_OLD = [
    "A fire broke out at the factory on Monday.",
    "Ten firefighters attended.",
    "The cause is unknown.",
]
FIRE_NEW = [
    "Ten firefighters attended.",
    "A fire broke out at the old factory on Monday night.",
    "Investigators are at the scene.",
]
MAYOR_OLD = ["The mayor said five people were hurt.", "Roads are closed.", "More to follow."]
MAYOR_NEW = [
    "The mayor said seven people were hurt.",
    "Roads are closed.",
    "Police have opened an inquiry.",
]


def make_newsedits_db(path):
    """A NewsEdits-style outlet file (versions stored as text, indices as REAL with NULLs)."""
    con = sqlite3.connect(path)
    con.execute(
        "CREATE TABLE split_sentences (entry_id INTEGER, version TEXT, "
        "sent_idx INTEGER, sentence TEXT)"
    )
    con.execute(
        "CREATE TABLE matched_sentences (entry_id INTEGER, version_x TEXT, "
        "version_y TEXT, sent_idx_x REAL, sent_idx_y REAL, "
        "avg_sentence_distance_x REAL, avg_sentence_distance_y REAL)"
    )
    rows = []
    for entry, version, sents in (
        (1, "0", MAYOR_OLD),
        (1, "1", MAYOR_NEW),
        (2, "1", FIRE_OLD),
        (2, "2", FIRE_NEW),
    ):
        rows += [(entry, version, i, s) for i, s in reversed(list(enumerate(sents)))]
    con.executemany("INSERT INTO split_sentences VALUES (?, ?, ?, ?)", rows)
    matched = [
        (1, "0", "1", 0.0, 0.0),
        (1, "0", "1", 1.0, 1.0),
        (1, "0", "1", 2.0, None),
        (1, "0", "1", None, 2.0),
        # NewsEdits pairs the last sentences too; Redline calls them deleted and added
        (2, "1", "2", 0.0, 1.0),
        (2, "1", "2", 1.0, 0.0),
        (2, "1", "2", 2.0, 2.0),
        (3, "0", "1", 0.0, 0.0),  # entry 3 has no sentences: skipped
    ]
    con.executemany("INSERT INTO matched_sentences VALUES (?, ?, ?, ?, ?, 0, 0)", matched)
    con.commit()
    con.close()
    return path


@pytest.fixture()
def outlet_db(tmp_path):
    return make_newsedits_db(tmp_path / "ap.db")


def test_read_versions(outlet_db):
    records = list(read_versions(outlet_db))
    assert [(r["article"], r["version"]) for r in records] == [
        ("ap/1", 0),
        ("ap/1", 1),
        ("ap/2", 1),
        ("ap/2", 2),
    ]
    assert records[2]["text"].split("\n") == FIRE_OLD  # sentences back in sent_idx order
    assert {r["source"] for r in records} == {"ap"}


def test_agreement_with_newsedits_matches(outlet_db):
    a = agreement([outlet_db])
    assert (a.pairs, a.skipped) == (2, 1)
    assert (a.newsedits_links, a.redline_links, a.common_links) == (5, 4, 4)
    assert a.precision == 1.0 and a.recall == pytest.approx(0.8)
    assert a.f1 == pytest.approx(2 * 0.8 / 1.8)
    assert (a.same_fate, a.sentences) == (10, 12)
    assert a.per_outlet["ap"]["pairs"] == 2


def test_not_a_newsedits_file(tmp_path):
    bad = tmp_path / "x.db"
    sqlite3.connect(bad).execute("CREATE TABLE other (a)").connection.close()
    with pytest.raises(InputError, match="split_sentences"):
        list(read_versions(bad))
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(InputError, match="not an SQLite database"):
        agreement([junk])


def test_cli_import_prints_agreement(tmp_path, outlet_db):
    res = CliRunner().invoke(
        cli,
        [
            "batch",
            "import",
            "newsedits",
            str(outlet_db),
            "-o",
            str(tmp_path / "c.jsonl"),
            "--agreement",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "4 versions" in res.output
    assert "precision 1.000, recall 0.800" in res.output
    assert (tmp_path / "c.jsonl").read_text().count("\n") == 4


def test_export_round_trip(tmp_path):
    write_corpus(tmp_path / "c.parquet", generate(12))
    run_local([tmp_path / "c.parquet"], tmp_path / "out", workers=1, progress=False)
    files = export(tmp_path / "out", tmp_path / "ne")
    sentences = read_table(tmp_path / "out", "sentences")
    alignments = read_table(tmp_path / "out", "alignments")
    n_split = n_matched = 0
    for f in files:
        con = sqlite3.connect(f)
        n_split += con.execute("SELECT COUNT(*) FROM split_sentences").fetchone()[0]
        n_matched += con.execute("SELECT COUNT(*) FROM matched_sentences").fetchone()[0]
        con.close()
    assert (n_split, n_matched) == (sentences.num_rows, alignments.num_rows)
    assert len(files) == len({f.stem for f in files}) > 1  # one file per source
    # re-aligning the exported sentences agrees with the exported matches
    a = agreement(files)
    assert a.pairs > 12 and a.skipped == 0
    assert a.f1 > 0.95
    parquet = export(tmp_path / "out", tmp_path / "pq", fmt="parquet")
    assert [p.name for p in parquet] == ["split_sentences.parquet", "matched_sentences.parquet"]


def test_cli_export_writes_datasheet(tmp_path):
    write_corpus(tmp_path / "c.jsonl", generate(5))
    run_local([tmp_path / "c.jsonl"], tmp_path / "out", workers=1, progress=False)
    res = CliRunner().invoke(
        cli, ["batch", "export", str(tmp_path / "out"), "-o", str(tmp_path / "ne")]
    )
    assert res.exit_code == 0, res.output
    sheet = (tmp_path / "ne" / "datasheet.md").read_text()
    assert "## Edit classes" in sheet and "## Time span" in sheet
