"""WARC (and ARC) files: every HTML response record becomes a capture of its target URL.

Reading has two steps: :func:`warc_records` frames the archive into the raw
pages of its HTML responses (warcio does the parsing), and :func:`read_warc`
extracts each page.

Damage is reported, never silent. A record is damaged when its Content-Length
does not match the data (it is cut off, or it runs into the next record), when
its header does not parse or has no valid Content-Length, when the gzip data is
corrupt, or when its WARC-Block-Digest does not match. A damaged record is
reported with the byte offset where it starts (``file@offset: reason``) and
skipped; reading resumes at the next record that parses (the next gzip member,
or the next line starting ``WARC/``), so the good records after the damage are
kept too. An archive that ends inside a gzip member is reported as cut off.

Work is bounded: the headers of a record (WARC and HTTP) may take at most
:data:`MAX_HEADER_BYTES`, a page at most :data:`MAX_PAYLOAD` bytes after
de-chunking and decompression; a bigger record is skipped (reported) while it
is read through in small blocks, so memory stays flat and the time is linear in
the decompressed size.
"""

from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader, DecompressingBufferedReader
from warcio.limitreader import LimitReader
from warcio.timeutils import timestamp_to_iso_date
from warcio.utils import BUFF_SIZE

from redline.errors import RedlineError, printable
from redline.ingest.html import observation_from_html
from redline.ingest.records import Problem, cannot_open, check_storable, parse_time
from redline.store.model import Observation
from redline.text.decode import MAX_INPUT_BYTES

__all__ = ["MAX_HEADER_BYTES", "MAX_PAYLOAD", "RawPage", "read_warc", "warc_records"]

MAX_HEADER_BYTES = 1024 * 1024
MAX_PAYLOAD = MAX_INPUT_BYTES
_HTML = ("text/html", "application/xhtml+xml")
_GZIP = b"\x1f\x8b"
_SCAN = 1024 * 1024
_WARC_TYPES = frozenset(
    {"warcinfo", "response", "resource", "request", "metadata", "revisit", "conversion"}
    | {"continuation"}
)

# warcio logs odd target URIs; keep them off the terminal unless logging is set up
logging.getLogger("warcio").addHandler(logging.NullHandler())


@dataclass(frozen=True, slots=True)
class RawPage:
    """The page of one HTML response record, decoded (de-chunked, decompressed)."""

    offset: int
    url: str | None
    date: str | None
    content_type: str
    body: bytes


class _Damaged(Exception):
    """The archive cannot be read on from here; *at* is the offset of the record."""

    def __init__(self, reason: str, at: int | None = None) -> None:
        super().__init__(reason)
        self.at = at


class _Skip(Exception):
    """This record is whole but its page is not usable (too big, unknown encoding)."""


class _Reader(DecompressingBufferedReader):
    """warcio's reader with a budget for header lines; corrupt gzip data raises."""

    budget = MAX_HEADER_BYTES

    def readline(self, length: int | None = None) -> bytes:
        cap = self.budget + 1
        line: bytes = super().readline(cap if length is None else min(length, cap))
        self.budget -= len(line)
        if self.budget < 0:
            raise _Damaged(f"record headers longer than {MAX_HEADER_BYTES:,} bytes")
        return line

    def _decompress(self, data: bytes) -> bytes:
        if self.decompressor is not None and data and self.num_block_read > 0:
            try:
                return bytes(self.decompressor.decompress(data))
            except zlib.error as exc:
                raise _Damaged(f"corrupt gzip data ({exc})") from None
        return bytes(super()._decompress(data))


class _Iterator(ArchiveIterator):
    """warcio's iterator that notes damage instead of printing it."""

    def __init__(self, fh: BinaryIO) -> None:
        super().__init__(fh, check_digests=True)
        self.reader = _Reader(self.fh, block_size=BUFF_SIZE)
        self.mismatch: bytes | None = None
        self.cut_off = False

    def _raise_invalid_gzip_err(self) -> None:
        """A whole file compressed as one gzip member: read it as one stream."""

    def read_to_end(self, record: Any = None) -> None:
        self.reader.budget = MAX_HEADER_BYTES
        super().read_to_end(record)

    def _next_record(self, next_line: bytes | None) -> Any:
        self.reader.budget = MAX_HEADER_BYTES
        try:
            record = super()._next_record(next_line)
        except EOFError:
            if next_line or self.reader.budget < MAX_HEADER_BYTES:
                raise _Damaged("record cut off inside its headers") from None
            raise  # the end of the archive
        if record.format == "warc":
            length = record.rec_headers.get_header("Content-Length")
            if length is None:
                raise _Damaged("record header without a Content-Length: damaged or cut off")
            if not length.strip().isdigit():
                raise _Damaged(f"record header with a bad Content-Length '{printable(length, 40)}'")
        elif record.length is None:
            raise _Damaged("ARC record header without a length")
        return record

    def _consume_blanklines(self) -> tuple[bytes | None, int]:
        """As warcio's, but a record not followed by a blank line is noted, not printed."""
        empty_size = 0
        first_line = True
        while True:
            line = self.reader.readline()
            if not line:
                return None, empty_size
            stripped = line.rstrip()
            if not stripped or first_line:
                empty_size += len(line)
                if stripped:
                    self.mismatch = line
                first_line = False
                continue
            return line, empty_size

    def close(self) -> None:
        d = self.reader.decompressor if self.reader is not None else None
        self.cut_off = d is not None and not d.eof
        super().close()


def _resync(fh: BinaryIO, after: int, gz: bool) -> int | None:
    """The offset of the next place a record may start, at or after *after*."""
    needle = _GZIP + b"\x08" if gz else b"\nWARC/"
    skip = 0 if gz else 1
    pos = after - skip
    while True:
        fh.seek(max(pos, 0))
        chunk = fh.read(_SCAN)
        if len(chunk) < len(needle):
            return None
        at = chunk.find(needle, max(after - skip - pos, 0))
        if at >= 0:
            return max(pos, 0) + at + skip
        pos += len(chunk) - len(needle) + 1


def _dechunk(data: bytes) -> bytes:
    out: bytes = ChunkedDataReader(io.BytesIO(data)).read(MAX_PAYLOAD + 1)
    return out


def _inflate(data: bytes, encoding: str) -> bytes:
    wbits = (47,) if encoding in ("gzip", "x-gzip") else (15, -15)
    for i, bits in enumerate(wbits):
        d = zlib.decompressobj(bits)
        try:
            out = d.decompress(data, MAX_PAYLOAD + 1)
        except zlib.error as exc:
            if i + 1 < len(wbits):
                continue
            raise _Skip(f"the page's {encoding} content encoding is damaged ({exc})") from None
        if len(out) > MAX_PAYLOAD:
            raise _Skip(f"the page is larger than {MAX_PAYLOAD:,} bytes once decompressed")
        return out
    raise AssertionError("unreachable")


def _payload(record: Any) -> bytes:
    data: bytes = record.raw_stream.read(MAX_PAYLOAD + 1)
    if len(data) > MAX_PAYLOAD:
        raise _Skip(f"the page is larger than {MAX_PAYLOAD:,} bytes")
    headers = record.http_headers
    if (headers.get_header("Transfer-Encoding") or "").strip().lower() == "chunked":
        data = _dechunk(data)
        if len(data) > MAX_PAYLOAD:
            raise _Skip(f"the page is larger than {MAX_PAYLOAD:,} bytes")
    encoding = (headers.get_header("Content-Encoding") or "").strip().lower()
    if encoding in ("gzip", "x-gzip", "deflate"):
        data = _inflate(data, encoding)
    elif encoding not in ("", "identity"):
        raise _Skip(f"content encoding '{printable(encoding, 40)}' is not supported")
    return data


def _wanted(record: Any) -> tuple[bool, str]:
    if record.rec_type != "response" or record.http_headers is None:
        return False, ""
    ctype = record.http_headers.get_header("Content-Type") or ""
    status = record.http_headers.get_statuscode()
    return status == "200" and ctype.strip().lower().startswith(_HTML), ctype


def _url_and_date(record: Any) -> tuple[str | None, str | None]:
    headers = record.rec_headers
    if record.format == "warc":
        return headers.get_header("WARC-Target-URI"), headers.get_header("WARC-Date")
    stamp = headers.get_header("archive-date")
    try:
        date = timestamp_to_iso_date(stamp) if stamp else None
    except (ValueError, TypeError):
        date = None
    return headers.get_header("uri"), date


def _records(it: _Iterator, path: str, progress: Callable[[int], None] | None) -> Iterator[Any]:
    """Pages of one stretch of the archive, and problems of records whole but unusable."""
    for record in it:
        at = it.offset
        wanted, ctype = _wanted(record)
        page: bytes | None = None
        skip: str | None = None
        if wanted:
            try:
                page = _payload(record)
            except _Skip as exc:
                skip = str(exc)
        it.read_to_end()
        stream = record.raw_stream
        if isinstance(stream, LimitReader) and stream.limit > 0:
            raise _Damaged(
                f"record cut off: its Content-Length says {stream._orig_limit:,} bytes "
                f"but only {stream._orig_limit - stream.limit:,} are there",
                at,
            )
        if it.mismatch is not None:
            raise _Damaged(
                "the Content-Length does not match the record (it is followed by "
                f"{printable(repr(it.mismatch[:40]))}, not by a blank line)",
                at,
            )
        if progress is not None:
            progress(it.offset)
        checker = record.digest_checker
        if any("block digest" in str(p) for p in checker.problems):
            yield Problem(path, "record damaged: its WARC-Block-Digest does not match", offset=at)
            continue
        if record.format == "warc" and record.rec_type not in _WARC_TYPES:
            kind = printable(record.rec_type, 40) if record.rec_type else "none"
            yield Problem(path, f"record of unknown WARC-Type ({kind}) skipped", offset=at)
            continue
        if not wanted:
            continue
        url, date = _url_and_date(record)
        if not url:
            yield Problem(path, "response record without a target URI skipped", offset=at)
            continue
        if skip is not None or page is None:
            yield Problem(path, f"page {printable(url, 200)} skipped: {skip}", offset=at)
            continue
        yield RawPage(at, url, date, ctype, page)


def warc_records(
    path: Path, progress: Callable[[int], None] | None = None
) -> Iterator[RawPage | Problem]:
    """The HTML pages of the archive at *path*, and its damage, in file order."""
    name = str(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Problem(name, cannot_open(exc))
        return
    with fh:
        head = fh.read(16)
        gz = head.startswith(_GZIP)
        start: int | None = 0
        if not head:
            yield Problem(name, "the file is empty", offset=0)
            return
        if not head.startswith((b"WARC/", _GZIP, b"filedesc://")):
            start = _resync(fh, 1, False)
            if start is None:
                yield Problem(name, "not a WARC file (no WARC record in it)", offset=0)
                return
            yield Problem(name, f"no WARC record at the start; skipped to byte {start:,}", offset=0)
        damage: tuple[int, str] | None = None  # first damaged offset not yet reported
        while start is not None:
            fh.seek(start)
            it = _Iterator(fh)
            failure: tuple[int, str] | None = None
            try:
                for got in _records(it, name, progress):
                    if damage is not None:
                        yield _damage_report(name, damage, start)
                        damage = None
                    yield got
            except OSError as exc:
                failure = (it.offset, f"read error: {exc.strerror or exc}")
            except _Damaged as exc:
                failure = (exc.at if exc.at is not None else it.offset, str(exc))
            except Exception as exc:  # warcio raises assorted errors on malformed data
                failure = (it.offset, f"{type(exc).__name__}: {exc}")
            if failure is None:
                if damage is not None:
                    yield _damage_report(name, damage, None)
                    damage = None
                if it.cut_off:
                    yield Problem(
                        name,
                        "the archive is cut off here, inside a gzip member; "
                        "the records before are kept",
                        offset=it.offset,
                    )
                return
            # a failure lies in the stretch it ended (warcio's offset can fall
            # back inside a damaged gzip member): reading always moves on
            failure = (max(failure[0], start), failure[1])
            if damage is None:
                damage = failure
            try:
                start = _resync(fh, failure[0] + 1, gz)
            except OSError as exc:
                damage = (damage[0], f"{damage[1]}; then a read error: {exc.strerror or exc}")
                start = None
        if damage is not None:
            yield _damage_report(name, damage, None)


def _damage_report(path: str, damage: tuple[int, str], resumed: int | None) -> Problem:
    at, reason = damage
    if resumed is None:
        tail = "nothing readable after it"
    else:
        tail = f"{resumed - at:,} bytes skipped, reading resumed at byte {resumed:,}"
    reason = printable(reason, 300)
    return Problem(path, f"damaged WARC record: {reason}; {tail}", offset=at)


def read_warc(
    path: Path,
    *,
    keep_raw: bool = True,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Observation | Problem]:
    """Observations of the HTML responses in *path*; damage and bad pages as problems."""
    for got in warc_records(path, progress):
        if isinstance(got, Problem):
            yield got
            continue
        try:
            yield check_storable(
                observation_from_html(
                    got.body,
                    url=got.url,
                    content_type=got.content_type,
                    keep_raw=keep_raw,
                    origin=f"{path}@{got.offset}",
                    seen_at=parse_time(got.date),
                )
            )
        except (RedlineError, ValueError) as exc:
            yield Problem(str(path), f"page {printable(got.url, 200)}: {exc}", offset=got.offset)
        except Exception as exc:  # one bad page must not stop the run
            yield Problem(
                str(path),
                f"page {printable(got.url, 200)}: unexpected {type(exc).__name__}: {exc}",
                offset=got.offset,
            )
