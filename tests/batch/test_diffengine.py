"""Moving a diffengine history into Redline."""

from __future__ import annotations

import sqlite3

import pytest

from redline.batch import read_table, run_local
from redline.batch.diffengine import read_versions, summary_text
from redline.batch.synth import write_corpus
from redline.errors import InputError


def make_diffengine_db(path):
    """The tables diffengine's peewee models create (feed, entry, feedentry, entryversion)."""
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE feed (url VARCHAR(255) PRIMARY KEY, name VARCHAR(255), created DATETIME);
        CREATE TABLE entry (id INTEGER PRIMARY KEY, url VARCHAR(255), created DATETIME,
                            checked DATETIME);
        CREATE TABLE feedentry (id INTEGER PRIMARY KEY, feed_id VARCHAR(255), entry_id INTEGER,
                                created DATETIME);
        CREATE TABLE entryversion (id INTEGER PRIMARY KEY, title VARCHAR(255), url VARCHAR(255),
                                   summary VARCHAR(255), created DATETIME, archive_url VARCHAR(255),
                                   entry_id INTEGER);
    """)
    con.execute(
        "INSERT INTO feed VALUES ('https://news.example/rss', 'Example News', "
        "'2024-03-01 08:00:00')"
    )
    con.execute(
        "INSERT INTO entry VALUES (1, 'https://news.example/a/1', '2024-03-01 09:00:00', "
        "'2024-03-01 12:00:00')"
    )
    con.execute(
        "INSERT INTO entry VALUES (2, 'https://news.example/a/2', '2024-03-01 09:30:00', "
        "'2024-03-01 12:00:00')"
    )
    con.execute("INSERT INTO feedentry VALUES (1, 'https://news.example/rss', 1, NULL)")
    versions = [
        (
            3,
            "Storm hits coast",
            "<p>A storm hit the coast on Monday.</p><p>Ten homes lost power.</p>",
            "2024-03-01 11:00:00.000000",
            1,
        ),
        (
            1,
            "Storm hits coast",
            "<p>A storm hit the coast on Monday.</p>",
            "2024-03-01 09:00:00.000000",
            1,
        ),
        (
            2,
            "Storm hits coast",
            "<p>A storm hit the coast on Monday.</p><p>Five homes lost power &amp; water.</p>",
            "2024-03-01 10:00:00.000000",
            1,
        ),
        (4, "Council meets", "<p>The council met.</p>", "2024-03-01 09:30:00.000000", 2),
        (5, "Council meets", "<p>The council met on Tuesday.</p>", "2024-03-01 10:30:00", 2),
    ]
    con.executemany(
        "INSERT INTO entryversion VALUES (?, ?, 'https://news.example/x', ?, ?, NULL, ?)", versions
    )
    con.commit()
    con.close()
    return path


def test_summary_text():
    assert (
        summary_text("Title", "<p>One &amp; two.</p>\n<p class='x'>Three <b>four</b>.</p>")
        == "Title\nOne & two.\nThree four ."
    )


def test_versions_in_capture_order(tmp_path):
    records = list(read_versions(make_diffengine_db(tmp_path / "diffengine.db")))
    first = [r for r in records if r["article"] == "https://news.example/a/1"]
    assert [r["version"] for r in first] == [1, 2, 3]
    assert (
        first[1]["text"] == "Storm hits coast\nA storm hit the coast on Monday.\n"
        "Five homes lost power & water."
    )
    assert {r["source"] for r in first} == {"Example News"}
    second = [r for r in records if r["article"] == "https://news.example/a/2"]
    assert [r["source"] for r in second] == [None, None]  # in no feed


def test_diffengine_history_aligns(tmp_path):
    corpus = tmp_path / "c.parquet"
    write_corpus(corpus, read_versions(make_diffengine_db(tmp_path / "d.db")))
    result = run_local([corpus], tmp_path / "out", workers=1, progress=False)
    assert result.pairs == 3 and result.errors == 0
    pairs = read_table(tmp_path / "out", "pairs").to_pylist()
    assert [p["summary"] for p in pairs][:2] == ["1 sentence added", "1 sentence edited"]
    assert pairs[0]["old_time"] == "2024-03-01T09:00:00Z"


def test_not_a_diffengine_database(tmp_path):
    path = tmp_path / "x.db"
    sqlite3.connect(path).execute("CREATE TABLE entry (id)").connection.close()
    with pytest.raises(InputError, match="entryversion"):
        list(read_versions(path))


def test_import_command_writes_a_corpus(tmp_path):
    from click.testing import CliRunner

    from redline.cli.main import cli

    db = make_diffengine_db(tmp_path / "d.db")
    expected = list(read_versions(db))
    out = tmp_path / "c.jsonl"
    res = CliRunner().invoke(cli, ["batch", "import", "diffengine", str(db), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert f"{len(expected)} versions from 1 diffengine database(s)" in res.output
    assert out.read_text().count("\n") == len(expected)
    res = CliRunner().invoke(cli, ["batch", "import", "diffengine", "-o", str(out)])
    assert res.exit_code == 2 and "give at least one diffengine database file" in res.output
