"""Reliability with real processes: SIGKILL during ingest, two ingests into one database."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from redline.store.textpack import content_hash
from tests.store.dbs import empty_pg

pytestmark = pytest.mark.slow

ARTICLES, VERSIONS = 150, 8
WORDS = [
    "council",
    "minister",
    "police",
    "report",
    "people",
    "year",
    "government",
    "city",
    "court",
    "water",
    "school",
    "health",
    "plan",
    "budget",
    "bridge",
    "station",
    "hospital",
    "vote",
]


def _corpus(path: Path, *, reverse: bool = False) -> dict[tuple[str, int], str]:
    """JSON Lines of ARTICLES x VERSIONS captures; returns the content hash of each version."""
    rng = random.Random(3)
    t0 = datetime(2024, 3, 1, tzinfo=UTC)
    lines, expected = [], {}
    for a in range(ARTICLES):
        sents = [
            " ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "." for _ in range(12)
        ]
        for v in range(1, VERSIONS + 1):
            sents[rng.randrange(len(sents))] = f"Update {v} for story {a} said the council."
            body = [" ".join(sents[i : i + 3]) for i in range(0, len(sents), 3)]
            url = f"https://news.test/{a}"
            expected[(url, v)] = content_hash(None, None, body)
            when = t0 + timedelta(hours=v, minutes=a)
            lines.append(
                (
                    v,
                    a,
                    json.dumps(
                        {"url": url, "fetched_at": when.isoformat(), "text": "\n".join(body)}
                    ),
                )
            )
    lines.sort()  # all first versions, then all second versions, ...
    if reverse:
        lines.reverse()
    path.write_text("\n".join(x[2] for x in lines) + "\n")
    return expected


def _ingest_cmd(src: Path, db: str, batch: int = 25) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from redline.cli.main import main; main()",
        "ingest",
        str(src),
        "--db",
        db,
        "--no-compare",
        "--no-progress",
        "--batch-size",
        str(batch),
    ]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("REDLINE_DATABASE_URL", None)
    return env


def _check(url: str, expected: dict[tuple[str, int], str], *, complete: bool) -> int:
    """Invariants that hold after any interruption; returns the number of versions."""
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT a.url, a.version_count, v.number, v.content_hash, "
                "(SELECT count(*) FROM captures c WHERE c.version_id = v.id) AS caps "
                "FROM versions v JOIN articles a ON a.id = v.article_id ORDER BY a.url, v.number"
            )
        ).all()
        articles = conn.execute(text("SELECT url, version_count FROM articles")).all()
    engine.dispose()
    by_article: dict[str, list[int]] = {}
    for r in rows:
        by_article.setdefault(r.url, []).append(r.number)
        assert r.caps == 0, "each capture is a distinct version: no re-sighting rows"
        assert expected[(r.url, r.number)] == r.content_hash, "versions in time order, no gaps"
    for numbers in by_article.values():
        assert numbers == list(range(1, len(numbers) + 1))
    for a in articles:
        assert a.version_count == len(by_article.get(a.url, []))
    if complete:
        assert len(rows) == len(expected)
    return len(rows)


def _versions(db: str) -> int:
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM versions").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def test_sigkill_at_random_points_loses_nothing(tmp_path: Path) -> None:
    src = tmp_path / "corpus.jsonl"
    expected = _corpus(src)
    db = str(tmp_path / "kill.sqlite3")
    url = f"sqlite:///{db}"
    rng = random.Random(11)
    partial_states = 0
    for _ in range(8):
        before = _versions(db)
        proc = subprocess.Popen(
            _ingest_cmd(src, db, batch=2),
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        # kill after a random number of further versions have been committed
        target = before + rng.randint(1, 60)
        while proc.poll() is None and _versions(db) < target and time.monotonic() < deadline:
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        try:
            n = _check(url, expected, complete=False)
        except AssertionError as exc:
            raise AssertionError(f"inconsistent store after SIGKILL: {exc}") from exc
        partial_states += 0 < n < len(expected)
        print("killed at", n, "of", len(expected))
    done = subprocess.run(
        _ingest_cmd(src, db), env=_env(), capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert _check(url, expected, complete=True) == len(expected)
    assert partial_states >= 6, "the kills did not land in the middle of the ingest"


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_two_processes_ingest_into_one_database(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    forward, backward = tmp_path / "forward.jsonl", tmp_path / "backward.jsonl"
    expected = _corpus(forward)
    assert _corpus(backward, reverse=True) == expected
    if backend == "sqlite":
        db = str(tmp_path / "shared.sqlite3")
        url = f"sqlite:///{db}"
    else:
        url = db = request.getfixturevalue("pg_url")
        from redline.store import Store

        Store.open(url).close()
        empty_pg(url)
    procs = [
        subprocess.Popen(
            _ingest_cmd(src, db, batch=10),
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for src in (forward, backward)
    ]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
        assert "locked" not in err
    assert _check(url, expected, complete=True) == len(expected)
