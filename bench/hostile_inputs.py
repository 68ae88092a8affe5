"""Hostile inputs to ``redline ingest``: time and peak memory of each, in a process of its own.

Usage::

    python bench/hostile_inputs.py                      # every case, this checkout's code
    python bench/hostile_inputs.py --case warc-bomb     # one case
    python bench/hostile_inputs.py --src /tmp/old/src   # another version of the code

Cases (the inputs are written to a temporary directory first):

* ``warc-bomb``: a ``.warc.gz`` of about 1 MB whose one HTML response inflates
  to 1 GiB, then a normal page;
* ``nested-html``: 20 MB of HTML, paragraphs inside boxes nested 200 deep;
* ``nested-500k``: the same, 500 KB (few enough tags to be parsed before it is refused);
* ``flat-limit`` / ``deep-limit``: the worst pages still extracted, just under
  the element limit (flat paragraphs) and the nesting-work limit (boxes 200 deep);
* ``jsonl-hostile``: 10,000 JSON Lines records, one in ten hostile (numbers out
  of range, nesting 100,000 deep, unpaired surrogates, bad URLs), then a 60 MB line.

Each case runs ``redline ingest`` in a fresh process (``--no-compare``) into a
new SQLite file and prints the wall time, the child's peak RSS, the exit status
and the first problem reported.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARA = "<p>The council approved the new bridge on Tuesday after a long debate in the chamber.</p>"
PAGE = (
    "<!doctype html><html><head><title>Bridge</title></head><body><article>"
    "<h1>Bridge approved</h1>" + PARA * 4 + "</article></body></html>"
)


def _warc_record(url: str, body_size: int, body: Callable[[], bytes], out: object) -> None:
    """One gzip member: a WARC response record whose HTTP body is *body_size* bytes."""
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        + f"Content-Length: {body_size}\r\n\r\n".encode()
    )
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2024-05-01T10:00:00Z\r\n"
        "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012d>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http) + body_size}\r\n\r\n"
    ) % len(url)
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    write = out.write  # type: ignore[attr-defined]
    write(z.compress(head.encode() + http))
    left = body_size
    while left:
        chunk = body()[:left]
        write(z.compress(chunk))
        left -= len(chunk)
    write(z.compress(b"\r\n\r\n"))
    write(z.flush())


def make_warc_bomb(path: Path) -> None:
    block = b"<p>" + b"a" * ((1 << 20) - 8) + b"</p>\n"  # 1 MiB
    with path.open("wb") as fh:
        _warc_record("https://news.test/bomb", 1 << 30, lambda: block, fh)
        page = PAGE.encode()
        _warc_record("https://news.test/fine", len(page), lambda: page, fh)


def _nested(depth: int, size: int) -> str:
    block = "<div>" * depth + PARA + "</div>" * depth
    head = "<!doctype html><html><head><title>Deep</title></head><body>"
    return head + block * max(size // len(block), 1) + "</body></html>"


def make_nested_html(path: Path) -> None:
    path.write_text(_nested(200, 20_000_000))


def make_nested_small(path: Path) -> None:
    path.write_text(_nested(200, 500_000))


def make_flat_limit(path: Path) -> None:
    from redline.extract._limits import MAX_ELEMENTS

    n = MAX_ELEMENTS - 100
    path.write_text(
        "<!doctype html><html><head><title>Flat</title></head><body><article>"
        + "".join(
            f"<p>Paragraph {i} of the council report on the bridge and the budget.</p>"
            for i in range(n)
        )
        + "</article></body></html>"
    )


def make_deep_limit(path: Path) -> None:
    from redline.extract._limits import MAX_NESTING_WORK

    depth = 200
    per_block = sum(range(3, depth + 4))  # html, body, then the boxes and the paragraph
    blocks = int(MAX_NESTING_WORK * 0.97) // per_block
    block = "<div>" * depth + PARA + "</div>" * depth
    path.write_text(
        "<!doctype html><html><head><title>Deep</title></head><body>"
        + block * blocks
        + "</body></html>"
    )


def make_jsonl_hostile(path: Path) -> None:
    good = {"fetched_at": "2024-05-01T10:00:00Z", "title": "Bridge", "text": "Para one.\nTwo."}
    hostile = [
        '{"url": "https://news.test/x", "fetched_at": 1e300, "text": "a"}',
        '{"url": "https://news.test/x", "fetched_at": -1e18, "text": "a"}',
        '{"url": "https://news.test/x", "fetched_at": "0001-01-01T00:00:00+05:00", "text": "a"}',
        '{"url": "https://news.test/x", "fetched_at": "9999-12-31T23:59:59-05:00", "text": "a"}',
        '{"url": "https://news.test/x", "text": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"url": "https://news.test/x", "text": "bad \\ud800 text"}',
        '{"url": "http://[::1", "text": "a"}',
        '{"url": "https://news.test/x", "text": "a", "title": {"nested": [1, 2, null]}}',
        "{not json",
    ]
    with path.open("w") as fh:
        for i in range(10_000):
            if i % 10 == 9:
                fh.write(hostile[(i // 10) % len(hostile)] + "\n")
            else:
                fh.write(json.dumps({**good, "url": f"https://news.test/{i}"}) + "\n")
        fh.write('{"url": "https://news.test/x", "text": "' + "a" * 60_000_000 + '"}\n')


CASES: dict[str, tuple[str, Callable[[Path], None]]] = {
    "warc-bomb": ("bomb.warc.gz", make_warc_bomb),
    "nested-html": ("nested.html", make_nested_html),
    "nested-500k": ("nested-500k.html", make_nested_small),
    "flat-limit": ("flat.html", make_flat_limit),
    "deep-limit": ("deep.html", make_deep_limit),
    "jsonl-hostile": ("hostile.jsonl", make_jsonl_hostile),
}


def run_case(name: str, src: Path, tmp: Path) -> dict[str, object]:
    filename, make = CASES[name]
    path = tmp / filename
    make(path)
    env = {**os.environ, "PYTHONPATH": str(src)}
    env.pop("REDLINE_DATABASE_URL", None)
    cmd = [
        sys.executable,
        "-c",
        "from redline.cli.main import main; main()",
        "ingest",
        str(path),
        "--db",
        str(tmp / f"{name}.sqlite3"),
        "--no-compare",
        "--no-progress",
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=3600)
    seconds = time.perf_counter() - t0
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    lines = done.stderr.strip().splitlines()
    return {
        "case": name,
        "input_bytes": path.stat().st_size,
        "seconds": round(seconds, 2),
        "peak_rss_mib": round(peak_kib / 1024, 1) if peak_kib > before else None,
        "exit": done.returncode,
        "problems": sum(1 for line in lines if line.startswith("redline:")),
        "first_message": lines[0][:200] if lines else "",
        "summary": done.stdout.strip().splitlines()[:1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", choices=sorted(CASES), action="append")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="code to run")
    args = parser.parse_args()
    sys.path.insert(0, str(args.src))
    print(f"# {platform.node()} {platform.machine()} {os.cpu_count()} CPUs; code: {args.src}")
    for name in args.case or list(CASES):
        # a process per case: ru_maxrss of children is the largest so far, so keep
        # the cases apart by running each from a fresh parent
        if args.case and len(args.case) == 1:
            with tempfile.TemporaryDirectory() as tmp:
                print(json.dumps(run_case(name, args.src, Path(tmp))), flush=True)
        else:
            one = [sys.executable, __file__, "--case", name, "--src", str(args.src)]
            out = subprocess.run(one, capture_output=True, text=True, check=False)
            sys.stdout.write(out.stdout.split("\n", 1)[-1] if out.stdout else out.stderr)
            sys.stdout.flush()


if __name__ == "__main__":
    main()
