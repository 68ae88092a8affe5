"""Find input files and read each with the right reader (text, HTML, JSON Lines, WARC)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from redline.errors import RedlineError
from redline.ingest.html import observation_from_html
from redline.ingest.jsonl import read_jsonl
from redline.ingest.records import Problem, cannot_open, check_storable
from redline.ingest.warc import read_warc
from redline.store.model import Observation
from redline.text.decode import MAX_INPUT_BYTES, decode_bytes

__all__ = ["expand_paths", "kind_of", "read_file", "stamped_date"]

_JSONL = (".jsonl", ".ndjson")
_WARC = (".warc", ".warc.gz", ".arc", ".arc.gz")
_HTML = (".html", ".htm", ".xhtml")


def expand_paths(paths: Iterable[str]) -> Iterator[Path | Problem]:
    """Files named, and the files inside directories named (sorted, hidden ones skipped)."""
    for name in paths:
        p = Path(name)
        if p.is_dir():
            try:
                children = sorted(p.rglob("*"))
            except OSError as exc:
                yield Problem(name, f"cannot list the directory: {exc.strerror or exc}")
                continue
            for child in children:
                rel = child.relative_to(p).parts
                if child.is_file() and not any(part.startswith(".") for part in rel):
                    yield child
        elif p.is_file():
            yield p
        elif p.exists():
            yield Problem(name, "not a regular file")
        else:
            yield Problem(name, "no such file or directory")


#: a date line near the top of a saved text page: ``date 2023-08-23``, ``Published: 2023-08-23``
_DATE_LINE = re.compile(
    r"^\W*(?:date|dated|published|publi[ée] le)\s*:?\s*(\d{4})-(\d{2})-(\d{2})\b", re.IGNORECASE
)


def stamped_date(text: str, *, lines: int = 3) -> datetime | None:
    """The publication date a text file states in one of its first lines, at 00:00 UTC.

    Only an ISO date (``YYYY-MM-DD``) after ``date``/``published`` counts: day and
    month are never guessed from other orders.

    >>> stamped_date(" date 2023-08-23 Last updated on .From the section Athletics\\nKerr won.")
    datetime.datetime(2023, 8, 23, 0, 0, tzinfo=datetime.timezone.utc)
    >>> stamped_date("Kerr won on 2023-08-23.") is None
    True
    >>> stamped_date("date 2023-02-30") is None
    True
    """
    for line in [ln for ln in text.splitlines() if ln.strip()][:lines]:
        m = _DATE_LINE.match(line)
        if m:
            try:
                return datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=UTC)
            except ValueError:
                return None
    return None


def kind_of(path: Path) -> str:
    """``jsonl``, ``warc``, ``html`` or ``text``, by name, else by the first bytes."""
    name = path.name.lower()
    if name.endswith(_JSONL):
        return "jsonl"
    if name.endswith(_WARC):
        return "warc"
    if name.endswith(_HTML):
        return "html"
    with path.open("rb") as fh:
        head = fh.read(2048)
    if head.startswith(b"WARC/") or head[:2] == b"\x1f\x8b":
        return "warc"
    low = head.lstrip().lower()
    if low.startswith((b"<!doctype html", b"<html")):
        return "html"
    if low.startswith(b"{"):
        return "jsonl"
    return "text"


def read_file(
    path: Path,
    *,
    keep_raw: bool = True,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Observation | Problem]:
    """Observations of one file, and problems; nothing it holds stops the run.

    Text and HTML files have no URL unless the page names one. A file that
    vanished or cannot be read is a problem like any other.
    """
    try:
        kind = kind_of(path)
    except OSError as exc:
        yield Problem(str(path), cannot_open(exc))
        return
    try:
        if kind == "jsonl":
            yield from read_jsonl(path, keep_raw=keep_raw, progress=progress)
        elif kind == "warc":
            yield from read_warc(path, keep_raw=keep_raw, progress=progress)
        else:
            yield _read_document(path, kind, keep_raw)
    except OSError as exc:
        yield Problem(str(path), f"reading stopped: {exc.strerror or exc}")
    except Exception as exc:  # a reader's bug must not stop the run either
        yield Problem(str(path), f"reading stopped: unexpected {type(exc).__name__}: {exc}")


def _read_document(path: Path, kind: str, keep_raw: bool) -> Observation | Problem:
    try:
        fh = path.open("rb")
    except OSError as exc:
        return Problem(str(path), cannot_open(exc))
    try:
        with fh:
            data = fh.read(MAX_INPUT_BYTES + 1)
        if kind == "html":
            obs = observation_from_html(data, url=None, origin=str(path), keep_raw=keep_raw)
        else:
            decoded = decode_bytes(data, name=str(path))
            obs = Observation.from_text(
                decoded.text,
                origin=str(path),
                extractor="text",
                published=stamped_date(decoded.text),
            )
            if not obs.paragraphs:
                return Problem(str(path), "the file has no text")
        return check_storable(obs)
    except OSError as exc:
        return Problem(str(path), f"cannot read the file: {exc.strerror or exc}")
    except (RedlineError, ValueError) as exc:
        return Problem(str(path), str(exc))
