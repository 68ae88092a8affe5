"""What ``redline health`` adds by checking the store file: SQLite's quick and full check.

    .venv/bin/python bench/store_integrity.py                  # ~2,000 articles x 10 versions
    .venv/bin/python bench/store_integrity.py --articles 10000

Builds a SQLite store of synthetic articles through ``Store.record_many`` (raw
pages kept, as the watcher keeps them), then times
``redline.store.integrity.check_integrity`` in quick and full mode. The file is
in the page cache when checked (it was just written): a cold read from disk adds
the time to read the file once. Nothing here touches the network.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from redline.store import Observation, Store
from redline.store.integrity import check_integrity

TEXT = (
    "council budget minister said on Tuesday that the plan would cost more than expected "
    "and residents were told the bridge will reopen next year after repairs police report "
    "school hospital water station vote court city government people year"
)
WORDS = TEXT.split()


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + "."


def corpus(articles: int, versions: int, seed: int = 1) -> list[list[Observation]]:
    rng = random.Random(seed)
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    rounds: list[list[Observation]] = [[] for _ in range(versions)]
    for a in range(articles):
        body = [sentence(rng) for _ in range(30)]
        for v in range(versions):
            if v:
                for _ in range(3):
                    body[rng.randrange(len(body))] = sentence(rng)
            raw = ("<html><body><p>" + "</p><p>".join(body) + "</p></body></html>").encode()
            rounds[v].append(
                Observation(
                    paragraphs=tuple(body),
                    url=f"https://bench.test/news/{a}",
                    seen_at=t0 + timedelta(hours=v, seconds=a),
                    raw=raw,
                )
            )
    return rounds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--versions", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        started = time.perf_counter()
        with Store.open(str(path)) as store:
            for batch in corpus(args.articles, args.versions):
                for i in range(0, len(batch), 200):
                    store.record_many(batch[i : i + 200])
        built = time.perf_counter() - started
        size = path.stat().st_size / 1e6
        print(f"store: {args.articles} articles x {args.versions} versions, {size:.1f} MB "
              f"(built in {built:.1f} s)")  # fmt: skip
        for full in (False, True):
            times = []
            for _ in range(3):
                t = time.perf_counter()
                report = check_integrity(str(path), full=full)
                times.append(time.perf_counter() - t)
                assert report.ok, report.problems
            best = min(times)
            print(f"{report.mode} check: best of 3 {best:.3f} s ({size / best:.0f} MB/s)")
    print(f"load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
