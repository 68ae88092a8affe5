"""A file removed while a run is under way is reported; the run goes on and sums up."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from redline.ingest import IngestOptions, ingest
from redline.store import Store
from tests.ingest.warcs import build, page

FORMATS = ["txt", "html", "jsonl", "warc", "warc.gz"]


def _victim(tmp_path: Path, ext: str) -> Path:
    path = tmp_path / f"b-victim.{ext}"
    if ext == "txt":
        path.write_text("A text file that will be gone.\nIts second paragraph.\n")
    elif ext == "html":
        path.write_bytes(page(4))
    elif ext == "jsonl":
        path.write_text(json.dumps({"url": "https://news.test/v", "text": "Gone."}) + "\n")
    else:
        path.write_bytes(build(gz=ext == "warc.gz", first=8).data)
    return path


def _first_and_last(tmp_path: Path) -> tuple[Path, Path]:
    first = tmp_path / "a-first.txt"
    first.write_text("The first file is read before anything is removed.\nSecond line of it.\n")
    last = tmp_path / "c-last.jsonl"
    last.write_text(json.dumps({"url": "https://news.test/last", "text": "Read at the end."}))
    return first, last


@pytest.mark.parametrize("ext", FORMATS)
def test_a_file_removed_during_the_run_is_reported_and_the_rest_read(
    store: Store, tmp_path: Path, ext: str
) -> None:
    first, last = _first_and_last(tmp_path)
    victim = _victim(tmp_path, ext)

    def progress(done: int, total: int) -> None:
        if victim.exists():
            victim.unlink()  # after the first file, before the victim is opened

    report = ingest(
        store, [str(first), str(victim), str(last)], IngestOptions(compare=False), progress
    )
    assert not victim.exists()
    [problem] = report.problems
    assert problem.path == str(victim)
    assert "removed during the run" in problem.message
    assert report.files == 3 and report.records == 2
    assert store.article("https://news.test/last").version_count == 1
    assert len(report.stories) == 1 and report.stories[0].documents == [str(first)]


def _versions(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM versions").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_the_cli_reports_every_vanished_file_sums_up_and_exits_1(tmp_path: Path) -> None:
    big = tmp_path / "a-big.jsonl"
    with big.open("w") as fh:
        for i in range(3000):
            fh.write(json.dumps({"url": f"https://news.test/{i}", "text": f"Record {i}."}) + "\n")
    victims = [
        _victim(tmp_path, ext).rename(tmp_path / f"b-{n}.{ext}") for n, ext in enumerate(FORMATS)
    ]
    _, last = _first_and_last(tmp_path)
    db = tmp_path / "cli.sqlite3"
    env = {k: v for k, v in os.environ.items() if k != "REDLINE_DATABASE_URL"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from redline.cli.main import main; main()",
            "ingest",
            str(big),
            *map(str, victims),
            str(last),
            "--db",
            str(db),
            "--batch-size",
            "1",
            "--no-compare",
            "--no-progress",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while _versions(db) < 1 and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGSTOP)  # hold it still inside the first file
    try:
        assert proc.poll() is None, "the run ended before the files could be removed"
        for v in victims:
            v.unlink()
    finally:
        proc.send_signal(signal.SIGCONT)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, err
    assert "Traceback" not in err
    for v in victims:
        assert f"redline: {v}: cannot open the file" in err, (v, err)
    assert "7 files, 3001 documents: 3001 new versions" in out
    assert "5 inputs failed" in out
