"""WARC files: every HTML response record becomes a capture of its target URL."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from redline.errors import RedlineError
from redline.ingest.html import observation_from_html
from redline.ingest.records import Problem, parse_time
from redline.store.model import Observation

__all__ = ["read_warc"]

_HTML = ("text/html", "application/xhtml+xml")


def read_warc(
    path: Path,
    *,
    keep_raw: bool = True,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Observation | Problem]:
    """Read *path*; a corrupt record stops the file there (reported with its byte offset)."""
    with path.open("rb") as fh:
        head = fh.read(16)
        fh.seek(0)
        if not head.startswith((b"WARC/", b"\x1f\x8b", b"filedesc://")):
            yield Problem(str(path), "not a WARC file (no WARC header at the start)", 1)
            return
        iterator = ArchiveIterator(fh)
        offset = 0
        try:
            for record in iterator:
                wanted = record.rec_type == "response" and record.http_headers is not None
                if wanted:
                    status = record.http_headers.get_statuscode()
                    ctype = record.http_headers.get_header("Content-Type") or ""
                    wanted = status == "200" and ctype.lower().startswith(_HTML)
                # read the payload before asking for the offset (warcio needs that order)
                raw = record.content_stream().read() if wanted else b""
                offset = iterator.get_record_offset()
                if progress is not None:
                    progress(offset)
                if not wanted:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                origin = f"{path}@{offset}"
                try:
                    yield observation_from_html(
                        raw,
                        url=url,
                        content_type=ctype,
                        keep_raw=keep_raw,
                        origin=origin,
                        seen_at=parse_time(record.rec_headers.get_header("WARC-Date")),
                    )
                except (RedlineError, ValueError) as exc:
                    yield Problem(str(path), f"record at byte {offset} ({url}): {exc}")
        except (
            ArchiveLoadFailed,
            OSError,
            ValueError,
            EOFError,
            zlib.error,
            AttributeError,
            KeyError,
            IndexError,
            TypeError,
        ) as exc:
            # warcio raises assorted errors on malformed archives
            yield Problem(str(path), f"corrupt WARC after byte {offset}: {exc}")
