"""Small WARC archives for tests, written with warcio (the writer crawlers use)."""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

BODY = [
    "The council approved the new bridge on Tuesday after a long debate in the chamber.",
    "Work will start in the spring and is expected to take two years to complete.",
    "Residents had campaigned for a crossing for more than a decade, the mayor said.",
]


def page(n: int) -> bytes:
    paras = "".join(f"<p>{p} (story {n})</p>" for p in BODY)
    return (
        f"<!doctype html><html><head><title>Story {n}</title></head><body><article>"
        f"<h1>Story {n}</h1>{paras}</article></body></html>"
    ).encode()


@dataclass(frozen=True)
class Built:
    data: bytes
    offsets: list[int]  # where each record starts
    ends: list[int]  # where each record ends (the next one starts)
    bodies: dict[int, bytes]  # HTML body of each HTML response, by record offset


def build(
    *,
    gz: bool = True,
    pages: int = 3,
    extra: bool = True,
    http_headers: list[tuple[str, str]] | None = None,
    bodies: list[bytes] | None = None,
    first: int = 0,
) -> Built:
    """An archive of *pages* HTML responses; with *extra*, a warcinfo record first and a
    request and a metadata record between responses (records that are read and skipped)."""
    out = io.BytesIO()
    w = WARCWriter(out, gzip=gz)
    offsets, ends, found = [], [], {}

    def put(rec: object, body: bytes | None = None) -> None:
        start = out.tell()
        w.write_record(rec)
        offsets.append(start)
        ends.append(out.tell())
        if body is not None:
            found[start] = body

    if extra:
        put(w.create_warcinfo_record("test.warc", {"software": "redline tests"}))
    for n in range(first, first + pages):
        url = f"https://news.test/w/{n}"
        if extra and n:
            req = StatusAndHeaders("GET /w HTTP/1.1", [("Host", "news.test")], is_http_request=True)
            put(w.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=req))
        body = bodies[n - first] if bodies is not None else page(n)
        headers = StatusAndHeaders(
            "200 OK",
            http_headers or [("Content-Type", "text/html; charset=utf-8")],
            protocol="HTTP/1.1",
        )
        rec = w.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": f"2024-05-01T1{n % 10}:00:00Z"},
        )
        put(rec, body)
        if extra and n == 0:
            meta = w.create_warc_record(
                url, "metadata", payload=io.BytesIO(b"via: test\n"), warc_content_type="text/plain"
            )
            put(meta)
    return Built(out.getvalue(), offsets, ends, found)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def gzip_member(data: bytes) -> bytes:
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    return z.compress(data) + z.flush()
