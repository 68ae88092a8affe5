"""JSON Lines: one capture per line.

Fields: ``url``, ``fetched_at``, ``title``, ``text`` or ``html``, and optionally
``id``, ``source``, ``published``, ``updated``, ``byline``, ``standfirst``. Text
has one paragraph per line. A bad line is reported with its number; the others
are read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from redline.errors import RedlineError
from redline.ingest.html import observation_from_html
from redline.ingest.records import Problem, parse_time
from redline.store.model import Observation

__all__ = ["read_jsonl"]

MAX_LINE = 50 * 1024 * 1024


def read_jsonl(
    path: Path,
    *,
    keep_raw: bool = True,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Observation | Problem]:
    with path.open("rb") as fh:
        for number, line in enumerate(fh, 1):
            if progress is not None and number % 256 == 0:
                progress(fh.tell())
            if not line.strip():
                continue
            if len(line) > MAX_LINE:
                yield Problem(str(path), f"line longer than {MAX_LINE} bytes", number)
                continue
            try:
                yield _observation(json.loads(line), f"{path}:{number}", keep_raw)
            except (ValueError, TypeError, KeyError, RedlineError) as exc:
                yield Problem(str(path), _reason(exc), number)


def _reason(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"invalid JSON: {exc.msg} (column {exc.colno})"
    return str(exc) or type(exc).__name__


def _text(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name!r} must be a string")
    return value


def _observation(record: Any, origin: str, keep_raw: bool) -> Observation:
    if not isinstance(record, dict):
        raise ValueError("each line must be a JSON object")
    url = _text(record, "url")
    ident = record.get("id")
    external_id = str(ident) if ident not in (None, "") else None
    if not url and not external_id:
        raise ValueError("a record needs a 'url' or an 'id'")
    seen_at = parse_time(record.get("fetched_at"))
    fields: dict[str, Any] = {
        "url": url,
        "external_id": external_id,
        "source": _text(record, "source"),
        "seen_at": seen_at,
        "origin": origin,
    }
    text, html = _text(record, "text"), _text(record, "html")
    if html is not None and text is None:
        obs = observation_from_html(
            html.encode("utf-8"),
            title=_text(record, "title"),
            keep_raw=keep_raw,
            content_type="text/html; charset=utf-8",
            **fields,
        )
        return obs
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
        published=parse_time(record.get("published")),
        updated=parse_time(record.get("updated")),
        extractor="jsonl",
        **fields,
    )
