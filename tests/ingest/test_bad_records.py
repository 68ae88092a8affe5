"""One bad JSON Lines record never stops a run: it is reported as ``file:line: reason``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from redline.ingest import IngestOptions, ingest
from redline.ingest.jsonl import MAX_LINE, read_jsonl
from redline.ingest.records import Problem
from redline.store import Observation, Store

DATA = Path(__file__).parent / "data"
BAD_RECORDS = DATA / "bad-records.jsonl"
#: line of each hostile record in data/bad-records.jsonl, and a word of its reason
BAD_LINES = {
    2: "time out of range",  # "fetched_at": 1e300 (OverflowError)
    4: "time out of range",  # -1e18 (OSError: value too large)
    6: "time out of range",  # 0001-01-01T00:00:00+05:00 (before year 1 in UTC)
    8: "time out of range",  # 9999-12-31T23:59:59-05:00 (after year 9999 in UTC)
    10: "nested too deeply",  # an array 5,000 deep (RecursionError)
    12: "unpaired surrogate",  # "\ud800" in the text (UnicodeEncodeError)
    14: "is not valid",  # "url": "http://[::1" (ValueError)
}
GOOD = [f"https://news.test/good/{i}" for i in range(8)]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from redline.cli.main import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_each_hostile_record_is_reported_and_every_good_one_kept(store: Store) -> None:
    report = ingest(store, [str(BAD_RECORDS)], IngestOptions(compare=False))
    got = {p.line: p.message for p in report.problems}
    assert set(got) == set(BAD_LINES)
    for line, reason in BAD_LINES.items():
        assert reason in got[line], (line, got[line])
        assert all(p.path == str(BAD_RECORDS) for p in report.problems)
    assert report.records == len(GOOD) and report.created == len(GOOD)
    for url in GOOD:
        assert store.article(url).version_count == 1


def test_a_rerun_reports_the_same_lines_and_adds_nothing(store: Store) -> None:
    first = ingest(store, [str(BAD_RECORDS)], IngestOptions(compare=False))
    counts = store.count()
    again = ingest(store, [str(BAD_RECORDS)], IngestOptions(compare=False))
    assert [str(p) for p in again.problems] == [str(p) for p in first.problems]
    assert again.duplicate == len(GOOD) and again.created == 0
    assert store.count() == counts


def test_the_cli_prints_file_line_reason_keeps_the_rest_and_exits_1(tmp_path: Path) -> None:
    later = tmp_path / "later.jsonl"
    later.write_text(
        json.dumps({"url": "https://news.test/later", "text": "A later file is read too."}) + "\n"
    )
    db = tmp_path / "cli.sqlite3"
    done = _cli("ingest", str(BAD_RECORDS), str(later), "--db", str(db), "--no-progress")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    messages = [line for line in done.stderr.splitlines() if line.startswith("redline: ")]
    assert [m.split(": ", 2)[1] for m in messages] == [f"{BAD_RECORDS}:{n}" for n in BAD_LINES]
    assert "9 documents: 9 new versions" in done.stdout
    assert "7 inputs failed" in done.stdout
    listed = _cli("articles", "--db", str(db), "--format", "json", "--limit", "100")
    urls = {a["url"] for a in json.loads(listed.stdout)}
    assert urls == {*GOOD, "https://news.test/later"}


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"url": "https://news.test/n", "text": "a NUL \u0000 here"}, "NUL character"),
        ({"url": "https://news.test/n", "text": "x", "fetched_at": 1e400}, "out of range"),
        ({"url": "https://news.test/n", "text": "x", "fetched_at": float("nan")}, "not a time"),
        ({"url": "https://news.test/n", "text": "x", "fetched_at": 10**30}, "out of range"),
        ({"url": "https://news.test/n", "text": "x", "fetched_at": True}, "not a time"),
        ({"url": "https://news.test/n", "text": "x", "published": "not a date"}, "not a time"),
        ({"url": "https://news.test/n", "text": "x", "id": {"a": 1}}, "'id' must be"),
        ({"url": "https://news.test/n", "text": "x", "id": 1.5}, "'id' must be"),
        ({"url": ["https://news.test/n"], "text": "x"}, "'url' must be a string"),
        ({"url": "https://news.test/n", "text": {"p": "x"}}, "'text' must be a string"),
        ({"url": "https://news.test/n", "html": "<p>\ud800</p>"}, "unpaired surrogate"),
        ({"url": "https://news.test/n", "text": "x", "title": "\ud83d"}, "unpaired surrogate"),
        ({"url": "https://news.test/n", "text": "x", "source": "a\u0000b"}, "NUL character"),
        ({"url": "http://[zz]/a", "text": "x"}, "is not valid"),
        ({"url": "https://news.test/n", "text": " \n \n"}, "'text' is empty"),
    ],
)
def test_more_hostile_values_are_reported_with_their_reason(
    store: Store, tmp_path: Path, record: dict[str, object], reason: str
) -> None:
    f = tmp_path / "one.jsonl"
    good = {"url": "https://news.test/ok", "text": "This record is fine."}
    f.write_text(json.dumps(record) + "\n" + json.dumps(good) + "\n")
    report = ingest(store, [str(f)], IngestOptions(compare=False))
    [problem] = report.problems
    assert problem.line == 1 and reason in problem.message, problem
    assert report.created == 1
    assert store.article("https://news.test/ok").version_count == 1


def test_a_line_longer_than_the_limit_is_skipped_without_holding_it(tmp_path: Path) -> None:
    f = tmp_path / "long.jsonl"
    with f.open("w") as fh:
        fh.write(json.dumps({"url": "https://news.test/1", "text": "Before."}) + "\n")
        fh.write('{"url": "https://news.test/2", "text": "' + "a" * (MAX_LINE + 10) + '"}\n')
        fh.write(json.dumps({"url": "https://news.test/3", "text": "After."}) + "\n")
    got = list(read_jsonl(f))
    assert [type(g) for g in got] == [Observation, Problem, Observation]
    assert isinstance(got[1], Problem) and got[1].line == 2 and "longer than" in got[1].message
    assert isinstance(got[2], Observation) and got[2].origin == f"{f}:3"


def test_a_file_that_is_not_utf8_is_reported_per_line(store: Store, tmp_path: Path) -> None:
    f = tmp_path / "latin1.jsonl"
    f.write_bytes(
        b'{"url": "https://news.test/l", "text": "caf\xe9"}\n'
        + json.dumps({"url": "https://news.test/ok", "text": "Fine."}).encode()
        + b"\n"
    )
    report = ingest(store, [str(f)], IngestOptions(compare=False))
    [problem] = report.problems
    assert problem.line == 1 and "not UTF-8" in problem.message
    assert report.created == 1
