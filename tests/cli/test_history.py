"""The store commands end to end: ingest, history, show, articles, diff of stored versions."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.conftest import SEED_DIR, SEED_NEW, SEED_OLD

from redline.cli.main import cli


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "cli.sqlite3")
    result = CliRunner().invoke(cli, ["ingest", str(SEED_DIR), "--db", path])
    assert result.exit_code == 0, result.output
    assert "confidence" in result.output
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_history_lists_versions_with_summaries(db: str) -> None:
    code, out = run("history", "kerr", "ingebrigtsen", "--db", db)
    assert code == 0, out
    lines = [line for line in out.splitlines() if re.match(r"\s+v\d", line)]
    assert [line.split()[0] for line in lines] == ["v1", "v2"]
    assert "first version" in lines[0]
    assert "added" in lines[1]


def test_history_json_has_the_documented_fields(db: str) -> None:
    code, out = run("history", "Kerr", "--db", db, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["article"]["order_method"] == "evidence"
    versions = data["versions"]
    assert [v["version"] for v in versions] == [1, 2]
    for v in versions:
        assert {"article_id", "url", "version", "time", "summary"} <= set(v)
        assert v["article_id"] == data["article"]["article_id"]


def test_show_prints_a_version(db: str) -> None:
    code, out = run("show", "kerr", "--version", "1", "--db", db)
    assert code == 0
    assert "More to follow." in out
    code, out = run("show", "kerr", "--db", db, "--format", "json")
    data = json.loads(out)
    assert data["version"] == 2
    assert data["paragraphs"][0].startswith("Britain\u2019s Josh Kerr")
    code, out = run("show", "kerr", "--version", "7", "--db", db)
    assert code == 2 and "no version 7" in out


def test_articles_listing(db: str) -> None:
    code, out = run("articles", "--db", db, "--format", "json")
    assert code == 0
    [article] = json.loads(out)
    assert article["versions"] == 2 and article["grouping"] == "story"
    code, out = run("articles", "nothing-matches-this", "--db", db, "--format", "json")
    assert json.loads(out) == []


def test_diff_of_stored_versions(db: str) -> None:
    code, out = run("diff", "kerr", "--from", "1", "--to", "2", "--db", db, "--no-color")
    assert code == 1
    assert "version 1 → 2" in out
    assert "It’s been a long time coming" in out
    code, out = run("diff", "kerr", "--from", "1", "--to", "2", "--db", db, "--format", "json")
    data = json.loads(out)
    assert data["alignment"] and data["summary"]
    code, out = run("diff", "kerr", "--from", "1", "--to", "9", "--db", db)
    assert code == 2 and "no version 9" in out


def test_diff_of_files_still_works(db: str) -> None:
    code, _ = run("diff", str(SEED_OLD), str(SEED_NEW), "--no-color")
    assert code == 1
    code, _ = run("diff", str(SEED_OLD), str(SEED_OLD), "--no-color")
    assert code == 0


def test_unknown_article_is_a_clear_error(db: str) -> None:
    code, out = run("history", "zebra crossing", "--db", db)
    assert code == 2
    assert "no article matches 'zebra crossing'" in out


def test_ingest_reports_bad_input_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"url": "https://x.test/1", "text": "Fine."}\n{oops\n')
    path = str(tmp_path / "b.sqlite3")
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from redline.cli.main import main; main()",
            "ingest",
            str(bad),
            "--db",
            path,
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert f"{bad}:2: invalid JSON" in proc.stderr
    report = json.loads(proc.stdout)
    assert report["versions_created"] == 1
    assert report["problems"] == [
        {"path": str(bad), "line": 2, "message": report["problems"][0]["message"]}
    ]


def test_history_of_captures_with_times_refetches_and_a_flipflop(tmp_path: Path) -> None:
    url = "https://news.test/live/1"
    a, b = "The bridge opened on Monday.", "The bridge opened on Monday after a delay."
    rows = [(a, "10:00"), (a.replace(" ", "\u00a0", 1), "10:05"), (b, "10:10"), (a, "10:15")]
    src = tmp_path / "caps.jsonl"
    src.write_text(
        "".join(
            json.dumps({"url": url, "fetched_at": f"2024-05-01T{t}:00Z", "text": text}) + "\n"
            for text, t in rows
        )
    )
    path = str(tmp_path / "h.sqlite3")
    code, out = run("ingest", str(src), "--db", path, "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert (report["versions_created"], report["seen"], report["flipflops"]) == (2, 1, 1)
    code, out = run("history", url, "--db", path)
    assert code == 0
    assert "1 flip-flops back to earlier texts" in out
    assert re.search(r"v1\s+2024-05-01 10:00 UTC\s+first version \(seen 3×\)", out)
    assert re.search(r"v2\s+2024-05-01 10:10 UTC", out)


def test_history_of_a_tracked_url_without_versions_says_why(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    from redline.store import Store
    from redline.store.tracking import TrackingRepo
    from redline.store.tracking_schema import track_urls

    db = str(tmp_path / "tracked.sqlite3")
    now = datetime.now(UTC)
    with Store.open(db) as store:
        repo = TrackingRepo(store.engine)
        src = repo.add_source(
            name="g", url="https://g.example/feed.xml", kind=None, options={}, now=now
        )
        repo.add_urls(src.id, [("https://g.example/a", None)], now=now)
        with store.engine.begin() as conn:
            conn.execute(
                update(track_urls).values(
                    failures=3, failing_since=now - timedelta(hours=2), last_error="HTTP 503"
                )
            )
    code, out = run("history", "https://g.example/a", "--db", db)
    assert code == 2
    assert "is tracked but has no version yet" in out and "HTTP 503" in out
    code, out = run("history", "https://g.example/never", "--db", db)
    assert code == 2 and "tracked" not in out
