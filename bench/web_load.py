"""Web load: story and diff page latency under concurrent clients, on loopback.

Builds (once) a large SQLite store through ``Store.record_many`` — N stories of
V versions each, one paragraph edited or added per version — and fills the
web's change index with rows derived from what the generator changed (the
explainer is not run over a million changes; pages read these rows exactly as
they read real ones). The comparisons of the consecutive pairs the clients will
request are stored as the indexer stores them (``--no-stored-comparisons`` to
skip: diff pages then align on request). Then starts ``redline serve`` on
127.0.0.1 and, for a bounded time per page kind, keeps C concurrent clients
requesting random stories (``/stories/{id}``) or random consecutive diffs
(``/stories/{id}/diff/{n-1}/{n}``), and prints p50/p95/p99 latency and
throughput. The clients speak plain HTTP/1.1 keep-alive over asyncio streams
(``--client httpx`` for httpx, which costs milliseconds of CPU per request at 50
connections).

    python bench/web_load.py                          # 100,000 stories x 10 versions
    python bench/web_load.py --stories 2000 --duration 10 --workers 2

Only 127.0.0.1 is used. Clients run on the same machine as the server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
WORDS = (  # noqa: SIM905
    "the council said on monday that a new plan would cost far more than first expected "
    "while residents living near the river were angry about rising prices and closed roads "
    "officials promised an inquiry into the delays and a report is due next spring police "
    "confirmed two arrests after the protest outside city hall on tuesday evening"
).split()


def _paragraph(rng: random.Random) -> str:
    n = rng.randint(2, 3)
    return " ".join(
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 20))).capitalize() + "."
        for _ in range(n)
    )


def generate(db: Path, stories: int, versions: int, seed: int = 7) -> None:
    from sqlalchemy import insert, select

    from redline.changes.tables import changes
    from redline.store import Observation, Store
    from redline.store.schema import Version
    from redline.web.context import set_setting

    store = Store.open(f"sqlite:///{db}")
    rng = random.Random(seed)
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    started = time.perf_counter()
    kinds: dict[tuple[int, int], str] = {}
    batch: list[Observation] = []
    for a in range(stories):
        paras = [_paragraph(rng) for _ in range(rng.randint(8, 14))]
        for v in range(versions):
            kind = "first"
            if v:
                if rng.random() < 0.3:
                    paras.insert(rng.randrange(len(paras) + 1), _paragraph(rng))
                    kind = "added"
                else:
                    paras[rng.randrange(len(paras))] = _paragraph(rng)
                    kind = "edited"
            kinds[(a, v + 1)] = kind
            batch.append(
                Observation(
                    paragraphs=tuple(paras),
                    url=f"https://bench.example/{a}",
                    headline=f"Story {a}: council plan",
                    source=f"Outlet {a % 50}",
                    seen_at=t0 + timedelta(minutes=a) + timedelta(hours=v),
                )
            )
        if len(batch) >= 5000 or a == stories - 1:
            store.record_many(batch)
            batch = []
            if (a + 1) % 10000 == 0:
                rate = (a + 1) * versions / (time.perf_counter() - started)
                print(f"  {a + 1} stories recorded ({rate:.0f} versions/s)", file=sys.stderr)
    V = Version.__table__
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(V.c.id, V.c.article_id, V.c.number, V.c.first_seen).order_by(
                V.c.article_id, V.c.number
            )
        ).all()
    out: list[dict[str, object]] = []
    prev = None
    for r in rows:
        if prev is not None and prev.article_id == r.article_id:
            kind = kinds.get((r.article_id - 1, r.number), "edited")
            summary = "2 sentences edited" if kind == "edited" else "2 sentences added"
            out.append(
                {
                    "article_id": r.article_id,
                    "version_id": r.id,
                    "previous_version_id": prev.id,
                    "number": r.number,
                    "previous": prev.number,
                    "source_id": None,
                    "seen_at": r.first_seen,
                    "summary": summary,
                    "classes": "content_added" if kind == "added" else "rewording",
                    "significance": 0.3 if kind == "added" else 0.15,
                    "level": "moderate" if kind == "added" else "minor",
                    "counts": json.dumps({kind: 2}),
                    "headline": None,
                }
            )
        prev = r
    with store.engine.begin() as conn:
        for i in range(0, len(out), 20000):
            conn.execute(insert(changes), out[i : i + 20000])
    set_setting(store.engine, "index_cursor", str(rows[-1].id))
    store.close()
    print(
        f"generated {stories} stories / {len(rows)} versions in "
        f"{time.perf_counter() - started:.0f}s ({db.stat().st_size / 2**20:.0f} MiB)",
        file=sys.stderr,
    )


def store_comparisons(db: Path, pairs: list[tuple[int, int]]) -> None:
    """Store the comparisons of the requested consecutive pairs, as the indexer does.

    The indexer keeps the comparison of every change it explains; doing that for a
    million generated versions would take hours, so only the pairs the clients will
    ask for are compared (once; later runs find them stored).
    """
    from sqlalchemy import select

    from redline import changes
    from redline.changes.cache import cached_display, keep_drawn
    from redline.store import Store
    from redline.store.schema import comparisons
    from redline.web import drawn

    store = Store.open(f"sqlite:///{db}")
    started = time.perf_counter()
    for k, (story, number) in enumerate(sorted(set(pairs))):
        changes.comparison(store, story, number - 1, number)
        # and its drawn diff bodies, as the server's indexer keeps them
        old, new = (store.version(story, n).info.id for n in (number - 1, number))
        with store.engine.connect() as conn:
            blob = conn.execute(
                select(comparisons.c.drawn).where(
                    comparisons.c.old_version_id == old, comparisons.c.new_version_id == new
                )
            ).scalar()
        if drawn.unpack(blob, "inline", "all") is None:
            shown = cached_display(store.engine, old, new)
            if shown is not None:
                keep_drawn(store, old, new, drawn.pack(shown))
        if (k + 1) % 5000 == 0:
            print(f"  {k + 1} comparisons stored", file=sys.stderr)
    store.close()
    print(
        f"comparisons of {len(set(pairs))} pairs ready in {time.perf_counter() - started:.0f}s",
        file=sys.stderr,
    )


def _stories(db: Path) -> int:
    from sqlalchemy import func, select

    from redline.store import Store
    from redline.store.schema import Article

    store = Store.open(f"sqlite:///{db}")
    with store.engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(Article.__table__)).scalar_one()
    store.close()
    return int(n)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _load(base: str, paths: list[str], clients: int, duration: float) -> list[float]:
    latencies: list[float] = []
    errors: dict[int | str, int] = {}
    deadline = time.perf_counter() + duration
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def one(k: int) -> None:
            rng = random.Random(k)
            while time.perf_counter() < deadline:
                path = rng.choice(paths)
                t = time.perf_counter()
                try:
                    r = await client.get(path)
                except httpx.HTTPError as exc:
                    name = type(exc).__name__
                    errors[name] = errors.get(name, 0) + 1  # type: ignore[index]
                    continue
                latencies.append(time.perf_counter() - t)
                if r.status_code != 200:
                    if not errors:
                        print(
                            f"  first error: {path} -> {r.status_code} {r.text[:200]!r}",
                            file=sys.stderr,
                        )
                    errors[r.status_code] = errors.get(r.status_code, 0) + 1

        await asyncio.gather(*(one(k) for k in range(clients)))
    if errors:
        print(f"  non-200 answers: {errors}", file=sys.stderr)
    return latencies


async def _load_raw(
    base: str,
    paths: list[str],
    clients: int,
    duration: float,
    gzip: bool = False,
    etags: dict[str, str] | None = None,
) -> list[float]:
    """Like :func:`_load`, with plain HTTP/1.1 keep-alive connections on asyncio streams.

    httpx spends milliseconds of CPU per request once it holds dozens of connections,
    which on two shared cores slows the server it measures; this client spends far less.
    With *etags*, a page already seen is revalidated (``If-None-Match``), as a browser
    does with a page it keeps; ``304`` then counts as a good answer.
    """
    host, port = base.removeprefix("http://").split(":")
    latencies: list[float] = []
    errors: dict[int | str, int] = {}
    deadline = time.perf_counter() + duration

    async def one(k: int) -> None:
        rng = random.Random(k)
        reader = writer = None
        while time.perf_counter() < deadline:
            path = rng.choice(paths)
            t = time.perf_counter()
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(host, int(port))
                assert reader is not None
                extra = "Accept-Encoding: gzip\r\n" if gzip else ""
                if etags is not None and path in etags:
                    extra += f"If-None-Match: {etags[path]}\r\n"
                writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}\r\n".encode())
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                status = int(lines[0].split()[1])
                fields = _fields(lines[1:])
                await reader.readexactly(int(fields.get("content-length", "0")))
                if etags is not None and "etag" in fields:
                    etags[path] = fields["etag"]
                if fields.get("connection", "").lower() == "close":
                    writer.close()
                    reader = writer = None
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                name = type(exc).__name__
                errors[name] = errors.get(name, 0) + 1
                if writer is not None:
                    writer.close()
                reader = writer = None
                continue
            latencies.append(time.perf_counter() - t)
            if status != 200 and not (status == 304 and etags is not None):
                errors[status] = errors.get(status, 0) + 1
        if writer is not None:
            writer.close()

    await asyncio.gather(*(one(k) for k in range(clients)))
    if errors:
        print(f"  non-200 answers or errors: {errors}", file=sys.stderr)
    return latencies


def _fields(lines: list[str]) -> dict[str, str]:
    """Header fields by lower-case name (values as sent: an ETag's ``W/`` is case-sensitive)."""
    out = {}
    for line in lines:
        name, sep, value = line.partition(": ")
        if sep:
            out[name.lower()] = value
    return out


async def _prime(base: str, paths: list[str], etags: dict[str, str], clients: int = 8) -> None:
    """Fetch every page of *paths* once and remember its ETag."""
    host, port = base.removeprefix("http://").split(":")
    todo = iter(paths)

    async def one() -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        for path in todo:
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            fields = _fields(lines[1:])
            await reader.readexactly(int(fields.get("content-length", "0")))
            if "etag" in fields:
                etags[path] = fields["etag"]
        writer.close()

    await asyncio.gather(*(one() for _ in range(clients)))
    print(f"  {len(etags)} of {len(paths)} pages seen once (ETags kept)", file=sys.stderr)


def _group_cpu(pgid: int) -> float:
    """CPU seconds (user + system) used so far by the processes of group *pgid* (Linux)."""
    total = 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            fields = Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # field 5: process group
            total += int(fields[11]) + int(fields[12])  # fields 14, 15: utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))] * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, default=Path("/tmp/redline-web-bench.sqlite3"))
    ap.add_argument("--stories", type=int, default=100_000)
    ap.add_argument("--versions", type=int, default=10)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--duration", type=float, default=20.0, help="seconds per page kind")
    ap.add_argument("--workers", type=int, default=2, help="server processes")
    ap.add_argument("--sample", type=int, default=20_000, help="distinct pages requested")
    ap.add_argument("--light", type=int, default=5, help="clients of the unsaturated run")
    ap.add_argument(
        "--client",
        choices=("raw", "httpx"),
        default="raw",
        help="load generator: plain asyncio streams (cheap) or httpx",
    )
    ap.add_argument(
        "--gzip",
        action="store_true",
        help="ask for gzip-compressed answers, as browsers do (raw client only)",
    )
    ap.add_argument(
        "--revalidate",
        action="store_true",
        help="send If-None-Match for pages already seen, as browsers do (raw client only): "
        "the loaded runs then measure mostly 304 answers",
    )
    ap.add_argument(
        "--kinds",
        default="story,diff",
        help="page kinds to load, comma separated: story, diff, side (side-by-side diff)",
    )
    ap.add_argument(
        "--no-stored-comparisons",
        dest="stored_comparisons",
        action="store_false",
        help="do not store the requested pairs' comparisons (pages align on request)",
    )
    args = ap.parse_args()
    if not args.db.exists():
        print(f"generating {args.db} ...", file=sys.stderr)
        generate(args.db, args.stories, args.versions)
    rng = random.Random(1)
    n = _stories(args.db)
    ids = [rng.randint(1, n) for _ in range(args.sample)]
    pairs = [(i, rng.randint(2, args.versions)) for i in ids]
    if args.stored_comparisons:
        store_comparisons(args.db, pairs)
    every = {
        "story": [f"/stories/{i}" for i in ids],
        "diff": [f"/stories/{i}/diff/{v - 1}/{v}" for i, v in pairs],
        "side": [f"/stories/{i}/diff/{v - 1}/{v}?view=side" for i, v in pairs],
    }
    kinds = {k: every[k] for k in args.kinds.split(",")}
    port = _free_port()
    env = dict(os.environ, REDLINE_DATABASE_URL=f"sqlite:///{args.db}")
    redline = Path(sys.executable).parent / "redline"
    log = open(args.db.with_suffix(".server.log"), "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [
            str(redline),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--interval",
            "3600",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        stats = None
        for _ in range(600):
            try:
                r = httpx.get(base + "/api/stats", timeout=60)
                if r.status_code == 200:
                    stats = r.json()
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        if stats is None:
            raise SystemExit("the server did not answer; see " + log.name)
        print(
            f"store: {stats['stories']} stories, {stats['versions']} versions; "
            f"{args.clients} clients, {args.workers} server processes, "
            f"{args.duration:.0f} s per page kind, loopback"
        )
        print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores shared with other work)")
        print(
            f"{'page':<8}{'clients':>8}{'load':>6}{'requests':>10}{'req/s':>9}{'p50 ms':>9}"
            f"{'p95 ms':>9}{'p99 ms':>9}{'server CPU/req':>15}{'client CPU/req':>15}"
        )
        print(
            f"client: {args.client}"
            + (", Accept-Encoding: gzip" if args.gzip else "")
            + (", If-None-Match for pages seen" if args.revalidate else "")
        )
        for name, paths in kinds.items():
            etags: dict[str, str] | None = {} if args.revalidate else None
            if etags is not None:  # every page seen once: the runs revalidate
                asyncio.run(_prime(base, list(dict.fromkeys(paths)), etags))
            asyncio.run(_load(base, paths[:200], 10, 3))  # warm up
            for clients in (args.light, args.clients):
                cpu, mine = _group_cpu(server.pid), time.process_time()
                before = os.getloadavg()[0]
                if args.client == "raw":
                    lat = asyncio.run(
                        _load_raw(base, paths, clients, args.duration, args.gzip, etags)
                    )
                else:
                    lat = asyncio.run(_load(base, paths, clients, args.duration))
                per = (_group_cpu(server.pid) - cpu) / max(1, len(lat)) * 1000
                own = (time.process_time() - mine) / max(1, len(lat)) * 1000
                print(
                    f"{name:<8}{clients:>8}{before:>6.1f}{len(lat):>10}"
                    f"{len(lat) / args.duration:>9.0f}"
                    f"{_pct(lat, 0.5):>9.1f}{_pct(lat, 0.95):>9.1f}{_pct(lat, 0.99):>9.1f}"
                    f"{per:>12.1f} ms{own:>12.1f} ms",
                    flush=True,
                )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


if __name__ == "__main__":
    main()
