"""Two ingests at once of different versions of the same id-less stories (real processes)."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from redline.store import Store
from redline.store.textpack import content_hash
from tests.ingest.test_reliability import WORDS, _env
from tests.store.dbs import empty_pg

pytestmark = pytest.mark.slow

STORIES, VERSIONS = 250, 4


def _write_corpus(root: Path) -> dict[str, int]:
    """Versions 1 and 3 of every story under root/a, 2 and 4 under root/b.

    Returns the story number of each version's content hash."""
    rng = random.Random(5)
    story_of: dict[str, int] = {}
    for half in ("a", "b"):
        (root / half).mkdir()
    for s in range(STORIES):
        words = [*WORDS, f"place{s}", f"name{s}", f"thing{s}"]
        sents = [
            " ".join(rng.choice(words) for _ in range(10)).capitalize() + "." for _ in range(8)
        ]
        for v in range(1, VERSIONS + 1):
            sents.append(f"Update {v} on story {s}: the {rng.choice(WORDS)} said more.")
            paragraphs = [" ".join(sents[i : i + 2]) for i in range(0, len(sents), 2)]
            half = "a" if v % 2 else "b"
            (root / half / f"s{s:03d}-v{v}.txt").write_text("\n".join(paragraphs) + "\n")
            story_of[content_hash(None, None, paragraphs)] = s
    return story_of


def _cmd(src: Path, db: str) -> list[str]:
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
    ]


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_two_ingests_of_one_set_of_stories_make_each_story_once(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    story_of = _write_corpus(tmp_path)
    if backend == "sqlite":
        db = str(tmp_path / "stories.sqlite3")
        url = f"sqlite:///{db}"
        Store.open(db).close()
    else:
        url = db = request.getfixturevalue("pg_url")
        Store.open(url).close()
        empty_pg(url)
    procs = [
        subprocess.Popen(
            _cmd(tmp_path / half, db),
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for half in ("a", "b")
    ]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT a.id, a.story, v.content_hash FROM versions v "
                "JOIN articles a ON a.id = v.article_id"
            )
        ).all()
    engine.dispose()
    stories_of_article: dict[int, set[int]] = defaultdict(set)
    versions_of_article: dict[int, int] = defaultdict(int)
    for r in rows:
        stories_of_article[r.id].add(story_of[r.content_hash])
        versions_of_article[r.id] += 1
    assert len(rows) == STORIES * VERSIONS, "every version stored once"
    assert all(len(s) == 1 for s in stories_of_article.values()), "no article mixes stories"
    assert len(stories_of_article) == STORIES, "no story split in two"
    assert set(versions_of_article.values()) == {VERSIONS}


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_an_ingest_killed_while_grouping_leaves_no_lock_behind(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    story_of = _write_corpus(tmp_path)
    if backend == "sqlite":
        db = str(tmp_path / "killed.sqlite3")
        url = f"sqlite:///{db}"
    else:
        url = db = request.getfixturevalue("pg_url")
    Store.open(db).close()
    if backend == "postgresql":
        empty_pg(url)
    engine = create_engine(url)

    def versions() -> int:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM versions")).scalar_one())

    proc = subprocess.Popen(_cmd(tmp_path / "a", db), env=_env(), stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while versions() < 10 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)  # in the middle of recording stories: the lock is held
    proc.wait()
    assert 0 < versions() < STORIES * 2, "the kill did not land while stories were recorded"
    for half in ("a", "b"):  # would wait for ever on a lock left behind
        done = subprocess.run(
            _cmd(tmp_path / half, db), env=_env(), capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT v.article_id, v.content_hash FROM versions v")).all()
    engine.dispose()
    assert len(rows) == STORIES * VERSIONS
    articles: dict[int, set[int]] = defaultdict(set)
    for r in rows:
        articles[r.article_id].add(story_of[r.content_hash])
    assert len(articles) == STORIES and all(len(s) == 1 for s in articles.values())
