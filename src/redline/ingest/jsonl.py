"""JSON Lines: one capture per line.

Fields: ``url``, ``fetched_at``, ``title``, ``text`` or ``html``, and optionally
``id``, ``source``, ``published``, ``updated``, ``byline``, ``standfirst``. Text
has one paragraph per line. A bad line is reported with its number and the
reason; the others are read. A line is read into memory only up to
:data:`MAX_LINE` bytes; a longer one is skipped without holding it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from redline.errors import RedlineError
from redline.ingest.html import observation_from_html
from redline.ingest.records import Problem, cannot_open, check_storable, check_text, parse_time
from redline.store.model import Observation
from redline.text.decode import MAX_INPUT_BYTES

__all__ = ["MAX_LINE", "read_jsonl"]

MAX_LINE = 50 * 1024 * 1024
_SKIP_CHUNK = 1024 * 1024


def read_jsonl(
    path: Path,
    *,
    keep_raw: bool = True,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Observation | Problem]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Problem(str(path), cannot_open(exc))
        return
    number = 0
    with fh:
        try:
            while True:
                line = fh.readline(MAX_LINE + 1)
                if not line:
                    return
                number += 1
                if progress is not None and number % 256 == 0:
                    progress(fh.tell())
                if len(line) > MAX_LINE and not line.endswith(b"\n"):
                    _skip_line(fh)
                    yield Problem(str(path), f"line longer than {MAX_LINE:,} bytes", number)
                    continue
                if not line.strip():
                    continue
                yield _one(line, path, number, keep_raw)
        except OSError as exc:
            yield Problem(str(path), f"reading stopped after line {number}: {exc.strerror or exc}")


def _skip_line(fh: BinaryIO) -> None:
    while True:
        chunk = fh.readline(_SKIP_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _one(line: bytes, path: Path, number: int, keep_raw: bool) -> Observation | Problem:
    try:
        return check_storable(_observation(json.loads(line), f"{path}:{number}", keep_raw))
    except (ValueError, TypeError, KeyError, RedlineError) as exc:
        return Problem(str(path), _reason(exc), number)
    except RecursionError:
        return Problem(str(path), "invalid JSON: nested too deeply", number)
    except Exception as exc:  # one bad record must not stop the run
        return Problem(str(path), f"unexpected {type(exc).__name__}: {exc}", number)


def _reason(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"invalid JSON: {exc.msg} (column {exc.colno})"
    if isinstance(exc, UnicodeDecodeError):
        return f"invalid JSON: not UTF-8 text (byte {exc.start})"
    return str(exc) or type(exc).__name__


def _text(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name!r} must be a string, not {_kind(value)}")
    return value


def _kind(value: object) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", list: "a list"}
    return names.get(type(value), "an object")


def _identifier(record: dict[str, Any]) -> str | None:
    ident = record.get("id")
    if ident is None or ident == "":
        return None
    if isinstance(ident, bool) or not isinstance(ident, (str, int)):
        raise ValueError(f"'id' must be a string or an integer, not {_kind(ident)}")
    return str(ident)


def _observation(record: Any, origin: str, keep_raw: bool) -> Observation:
    if not isinstance(record, dict):
        raise ValueError("each line must be a JSON object")
    url = _text(record, "url")
    external_id = _identifier(record)
    if not url and not external_id:
        raise ValueError("a record needs a 'url' or an 'id'")
    seen_at = _time(record, "fetched_at")
    fields: dict[str, Any] = {
        "url": url,
        "external_id": external_id,
        "source": _text(record, "source"),
        "seen_at": seen_at,
        "origin": origin,
    }
    text, html = _text(record, "text"), _text(record, "html")
    if html is not None and text is None:
        check_text("'html'", html)
        data = html.encode("utf-8")
        if len(data) > MAX_INPUT_BYTES:
            raise ValueError(f"'html' is longer than {MAX_INPUT_BYTES:,} bytes")
        return observation_from_html(
            data,
            title=_text(record, "title"),
            keep_raw=keep_raw,
            content_type="text/html; charset=utf-8",
            **fields,
        )
    if text is None:
        raise ValueError("a record needs 'text' or 'html'")
    paragraphs = tuple(p.strip() for p in text.splitlines() if p.strip())
    if not paragraphs:
        raise ValueError("'text' is empty")
    return Observation(
        paragraphs=paragraphs,
        headline=_text(record, "title"),
        standfirst=_text(record, "standfirst"),
        byline=_text(record, "byline"),
        published=_time(record, "published"),
        updated=_time(record, "updated"),
        extractor="jsonl",
        **fields,
    )


def _time(record: dict[str, Any], name: str) -> Any:
    try:
        return parse_time(record.get(name))
    except ValueError as exc:
        raise ValueError(f"{name!r}: {exc}") from None
