"""Store benchmark: storage ratio, ingest rate, history latency (figures in docs/benchmarks.md).

    .venv/bin/python bench/store.py                      # default sizes (a few minutes)
    .venv/bin/python bench/store.py --articles 100000    # the full 100,000 x 10 corpus

1. Storage: articles of ~40 sentences, 20 versions each, about 10% of the
   sentences changing per version (reworded, added, removed). Prints the
   database size on disk (after VACUUM) and the bytes of stored text, as a share
   of the raw text's bytes (every version's body in UTF-8).
2. Ingest: a synthetic corpus of N articles x 10 versions recorded into a fresh
   SQLite file through ``Store.record_many`` in batches of 200 (what
   ``redline ingest`` does, without file parsing). Prints versions/s and bytes
   on disk per version.
3. History: ``Store.history`` of random articles from a freshly opened store,
   with the change summaries cached (as after ``redline ingest``), and the time
   to compute them the first time.

Text is pseudo-English drawn from a word model of the bundled seed article, so
that it compresses like prose rather than like a tiny vocabulary. Nothing here
touches the network.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import re
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from redline import changes
from redline.store import Observation, Store

ROOT = Path(__file__).resolve().parent.parent
SEED = [
    ROOT / "examples" / "seed" / "000_72713660520ad913.txt",
    ROOT / "examples" / "seed" / "001_288681e85a897712.txt",
]


class Prose:
    """Sentences from a first-order word model of the seed texts."""

    def __init__(self, rng: random.Random) -> None:
        words = re.findall(r"[\w’'-]+|[.,]", " ".join(p.read_text() for p in SEED))
        self.next: dict[str, list[str]] = {}
        for a, b in itertools.pairwise(words):
            self.next.setdefault(a, []).append(b)
        self.starts = [b for a, b in itertools.pairwise(words) if a == "." and b[0].isupper()]
        self.rng = rng

    def sentence(self) -> str:
        w = self.rng.choice(self.starts)
        out = [w]
        while len(out) < 40:
            w = self.rng.choice(self.next.get(w, ["."]))
            if w == ".":
                if len(out) >= 8:
                    break
                continue
            out.append(w)
        s = " ".join(out).replace(" ,", ",")
        return s[0].upper() + s[1:] + "."

    def reword(self, s: str) -> str:
        words = s[:-1].split()
        for _ in range(self.rng.randint(1, 3)):
            i = self.rng.randrange(len(words))
            words[i] = self.rng.choice(self.rng.choice(list(self.next.values())))
        return " ".join(words) + "."


def article_versions(
    prose: Prose, rng: random.Random, n_versions: int, n_sentences: int
) -> list[list[str]]:
    """Bodies (paragraph lists) of one article; ~10% of sentences change per version."""
    paras: list[list[str]] = []
    while sum(map(len, paras)) < n_sentences:
        paras.append([prose.sentence() for _ in range(rng.choice((1, 1, 2, 3)))])
    out = []
    for v in range(n_versions):
        if v:
            for _ in range(max(1, round(sum(map(len, paras)) * 0.10))):
                op = rng.random()
                p = paras[rng.randrange(len(paras))]
                i = rng.randrange(len(p))
                if op < 0.6:
                    p[i] = prose.reword(p[i])
                elif op < 0.8:
                    p.insert(i, prose.sentence())
                elif op < 0.9:
                    paras.insert(rng.randrange(len(paras) + 1), [prose.sentence()])
                elif len(p) > 1:
                    del p[i]
                elif len(paras) > 3:
                    paras.remove(p)
        out.append([" ".join(p) for p in paras])
    return out


def compact(path: Path, *, vacuum: bool = True) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if vacuum:
        conn.execute("VACUUM")
    conn.close()


def disk_bytes(path: Path) -> int:
    return sum(os.path.getsize(p) for p in (path, Path(f"{path}-wal")) if p.exists())


def bench_storage(tmp: Path, n_articles: int, rng: random.Random) -> dict[str, float]:
    prose = Prose(rng)
    path = tmp / "ratio.sqlite3"
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    raw = 0
    with Store.open(str(path)) as store:
        for a in range(n_articles):
            batch = []
            for v, paras in enumerate(article_versions(prose, rng, 20, 40)):
                raw += len("\n".join(paras).encode())
                batch.append(
                    Observation(
                        tuple(paras),
                        url=f"https://news.test/r/{a}",
                        seen_at=t0 + timedelta(hours=v),
                    )
                )
            results = store.record_many(batch)
            assert all(r.created for r in results)
        with store.engine.connect() as conn:
            stored = conn.execute(
                text("SELECT sum(length(layout)) + sum(coalesce(length(pack), 0)) FROM versions")
            ).scalar()
    compact(path)
    return {"raw": raw, "disk": disk_bytes(path), "text": stored}


def bench_ingest(
    tmp: Path, n_articles: int, n_versions: int, rng: random.Random, grouped: bool = False
) -> dict[str, float]:
    prose = Prose(rng)
    path = tmp / "ingest.sqlite3"
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    # versions arrive round by round, as a crawler would see them (or article by article)
    bodies = [article_versions(prose, rng, n_versions, 24) for _ in range(n_articles)]
    stream = [
        Observation(
            tuple(bodies[a][v]),
            url=f"https://news.test/i/{a}",
            seen_at=t0 + timedelta(hours=v, seconds=a),
            headline=f"Story {a}",
        )
        for v in range(n_versions)
        for a in range(n_articles)
    ]
    if grouped:
        stream.sort(key=lambda o: (o.url, o.seen_at))
    del bodies
    store = Store.open(str(path))
    start, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(stream), 200):
        store.record_many(stream[i : i + 200])
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    store.close()
    compact(path, vacuum=False)
    return {
        "versions": len(stream),
        "seconds": elapsed,
        "cpu": cpu,
        "disk": disk_bytes(path),
        "path": str(path),
    }


def bench_database(
    url: str, n_articles: int, n_versions: int, rng: random.Random
) -> dict[str, float]:
    """Ingest rate and history latency on another database (an empty PostgreSQL one)."""
    prose = Prose(rng)
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    bodies = [article_versions(prose, rng, n_versions, 24) for _ in range(n_articles)]
    stream = [
        Observation(
            tuple(bodies[a][v]),
            url=f"https://news.test/d/{a}",
            seen_at=t0 + timedelta(hours=v, seconds=a),
        )
        for v in range(n_versions)
        for a in range(n_articles)
    ]
    with Store.open(url) as store:
        if store.count()["versions"]:
            raise SystemExit(f"{url} is not empty")
        start, cpu = time.perf_counter(), time.process_time()
        for i in range(0, len(stream), 200):
            store.record_many(stream[i : i + 200])
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        ids = [a.id for a in store.articles(limit=n_articles)]
    sample = rng.sample(ids, min(40, len(ids)))
    with Store.open(url) as store:
        for aid in sample:
            changes.history(store, aid)
    warm = []
    with Store.open(url) as store:
        for aid in sample:
            t = time.perf_counter()
            changes.history(store, aid)
            warm.append(time.perf_counter() - t)
    return {
        "versions": len(stream),
        "seconds": elapsed,
        "cpu": cpu,
        "history": statistics.median(warm),
    }


def bench_jsonl(
    tmp: Path, n_articles: int, n_versions: int, rng: random.Random
) -> dict[str, float]:
    """``redline ingest`` of a JSON Lines file (parsing and batching included)."""
    import json

    from redline.ingest import IngestOptions, ingest

    prose = Prose(rng)
    src = tmp / "corpus.jsonl"
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    bodies = [article_versions(prose, rng, n_versions, 24) for _ in range(n_articles)]
    with src.open("w") as fh:
        for v in range(n_versions):
            for a in range(n_articles):
                when = (t0 + timedelta(hours=v, seconds=a)).isoformat()
                fh.write(
                    json.dumps(
                        {
                            "url": f"https://news.test/j/{a}",
                            "fetched_at": when,
                            "title": f"Story {a}",
                            "text": "\n".join(bodies[a][v]),
                        }
                    )
                )
                fh.write("\n")
    del bodies
    with Store.open(str(tmp / "jsonl.sqlite3")) as store:
        start, cpu = time.perf_counter(), time.process_time()
        report = ingest(store, [str(src)], IngestOptions(compare=False))
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    # (a generated version can repeat its predecessor: then it is a sighting, not a version)
    assert report.ok and report.created + report.seen == n_articles * n_versions
    return {"versions": report.records, "created": report.created, "seconds": elapsed, "cpu": cpu}


def bench_history(
    path: str, n_articles: int, rng: random.Random, samples: int = 40
) -> dict[str, float]:
    ids = rng.sample(range(1, n_articles + 1), min(samples, n_articles))
    cold, warm = [], []
    with Store.open(path) as store:
        for aid in ids:
            t = time.perf_counter()
            changes.history(store, aid)  # computes and caches the summaries
            cold.append(time.perf_counter() - t)
    with Store.open(path) as store:  # a fresh process-like start: no caches
        for aid in ids:
            t = time.perf_counter()
            versions = changes.history(store, aid)
            warm.append(time.perf_counter() - t)
            assert versions[-1].summary
    warm.sort()
    return {
        "warm_median": statistics.median(warm),
        "warm_p95": warm[int(len(warm) * 0.95) - 1],
        "cold_median": statistics.median(cold),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="ingest corpus articles")
    parser.add_argument("--versions", type=int, default=10)
    parser.add_argument("--ratio-articles", type=int, default=200)
    parser.add_argument("--jsonl-articles", type=int, default=2_000)
    parser.add_argument(
        "--grouped",
        action="store_true",
        help="ingest each article's versions together instead of round by round",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--db",
        default=None,
        metavar="URL",
        help="instead: ingest and history on this (empty) database, e.g. PostgreSQL",
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    if args.db:
        d = bench_database(args.db, args.articles, args.versions, rng)
        print(
            f"{args.db.split(':', 1)[0]}: {d['versions']:,} versions ({args.articles:,} articles "
            f"x {args.versions}, round by round) in {d['seconds']:.1f} s = "
            f"{d['versions'] / d['seconds']:,.0f} versions/s ({d['versions'] / d['cpu']:,.0f} per "
            f"client CPU second); history median {d['history'] * 1000:.1f} ms"
        )
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        return
    with tempfile.TemporaryDirectory(prefix="redline-bench-") as tmpdir:
        tmp = Path(tmpdir)
        s = bench_storage(tmp, args.ratio_articles, rng)
        print(
            f"storage: {args.ratio_articles} articles x 20 versions, ~10% sentences changed "
            f"per version: raw text {s['raw'] / 1e6:.1f} MB; database on disk "
            f"{s['disk'] / 1e6:.2f} MB = {s['disk'] / s['raw']:.1%} of raw; stored text "
            f"(packs + layouts) {s['text'] / s['raw']:.1%} of raw"
        )
        i = bench_ingest(tmp, args.articles, args.versions, rng, grouped=args.grouped)
        print(
            f"ingest: {i['versions']:,} versions ({args.articles:,} articles x {args.versions}, "
            f"{'article by article' if args.grouped else 'round by round'}) "
            f"in {i['seconds']:.1f} s = {i['versions'] / i['seconds']:,.0f} versions/s "
            f"({i['versions'] / i['cpu']:,.0f} per CPU second); "
            f"{i['disk'] / i['versions']:,.0f} bytes on disk per version"
        )
        j = bench_jsonl(tmp, args.jsonl_articles, args.versions, rng)
        print(
            f"redline ingest of JSON Lines: {j['versions']:,} captures ({j['created']:,} new "
            f"versions) in {j['seconds']:.1f} s = {j['versions'] / j['seconds']:,.0f} captures/s "
            f"({j['versions'] / j['cpu']:,.0f} per CPU second)"
        )
        h = bench_history(i["path"], args.articles, rng)
        print(
            f"history: random article ({args.versions} versions), summaries cached: median "
            f"{h['warm_median'] * 1000:.1f} ms, p95 {h['warm_p95'] * 1000:.1f} ms; first call "
            f"computing the summaries: median {h['cold_median'] * 1000:.0f} ms"
        )
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
