"""Reading input records: column names, value types, malformed lines.

A corpus record names an article, a version (number, time or both) and the text
of that version; a source (outlet) is optional. Column names are matched against a
few common spellings (``entry_id``, ``version_number``, ``created`` …). Values that
cannot be read make the record an error record with the reason; nothing raises.
The same functions run in the local engine and inside Spark tasks, so both engines
read a corpus identically.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any

import pyarrow as pa

from redline.batch.schema import INPUT

__all__ = [
    "ALIASES",
    "from_batch",
    "from_json_line",
    "from_json_lines",
    "normalize_record",
    "resolve_columns",
    "to_batch",
]

#: canonical field -> accepted column names, in order of preference
ALIASES: dict[str, tuple[str, ...]] = {
    "article": ("article", "article_id", "entry_id", "story", "story_id", "url", "id"),
    "version": ("version", "version_number", "version_id", "revision"),
    "time": ("time", "timestamp", "created", "created_at", "fetched_at", "date"),
    "source": ("source", "outlet", "feed", "publisher"),
    "text": ("text", "body", "content", "summary"),
}

Record = dict[str, Any]


def resolve_columns(names: Iterable[str]) -> dict[str, str]:
    """Map canonical fields to the columns of an input (case-insensitive)."""
    lower = {n.lower(): n for n in names}
    found: dict[str, str] = {}
    for field, options in ALIASES.items():
        for option in options:
            if option in lower:
                found[field] = lower[option]
                break
    return found


def _error(reason: str, raw: Mapping[str, Any] | None = None, text: str | None = None) -> Record:
    rec: Record = {
        "article": None,
        "version": None,
        "time": None,
        "source": None,
        "text": text,
        "reason": reason,
    }
    if raw is not None:
        art = raw.get("article")
        rec["article"] = str(art) if art is not None else None
    return rec


def _article(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if value.is_integer():
            value = int(value)
    out = str(value).strip()
    return out or None


def _version(value: Any) -> tuple[int | None, str | None]:
    """Version number, or an error reason."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, f"version number is not a whole number: {value!r}"
    if isinstance(value, int):
        return value, None
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return int(value), None
        if math.isnan(value):
            return None, None
        return None, f"version number is not a whole number: {value!r}"
    if isinstance(value, str):
        s = value.strip()
        if not s:
            return None, None
        try:
            return int(s), None
        except ValueError:
            try:
                f = float(s)
            except ValueError:
                f = math.nan
            if math.isfinite(f) and f.is_integer():
                return int(f), None
    return None, f"version number is not a whole number: {str(value)[:80]!r}"


def _time(value: Any) -> tuple[str | None, str | None]:
    """ISO 8601 time in UTC (``2024-05-01T12:00:00Z``), or an error reason."""
    if value is None:
        return None, None
    dt: datetime | None = None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    elif isinstance(value, bool):
        dt = None
    elif isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            return None, None
        try:
            seconds = float(value)
            if abs(seconds) > 1e11:  # milliseconds since the epoch
                seconds /= 1000.0
            dt = datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            dt = None
    elif isinstance(value, str):
        s = value.strip()
        if not s:
            return None, None
        try:
            dt = datetime.fromisoformat(s.replace(" UTC", "+00:00"))
        except ValueError:
            dt = None
    if dt is None:
        return None, f"unreadable time: {str(value)[:80]!r}"
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    dt = dt.astimezone(UTC)
    text = dt.strftime("%Y-%m-%dT%H:%M:%S")
    if dt.microsecond:
        text += f".{dt.microsecond:06d}"
    return text + "Z", None


def _text(value: Any) -> tuple[str | None, str | None]:
    if value is None:
        return None, None
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8"), None
        except UnicodeDecodeError:
            return None, "text is not valid UTF-8"
    if isinstance(value, str):
        return value, None
    return None, f"text is not a string but {type(value).__name__}"


def normalize_record(raw: Mapping[str, Any]) -> Record:
    """Turn one input record (canonical keys) into a row of :data:`INPUT`.

    Problems that concern the record alone (unreadable version or time, no article
    id) set ``reason``; problems that need the other versions of the article
    (missing text, duplicates, order) are found later, per article.
    """
    article = _article(raw.get("article"))
    version, bad_version = _version(raw.get("version"))
    time, bad_time = _time(raw.get("time"))
    text, bad_text = _text(raw.get("text"))
    source = raw.get("source")
    source = None if source is None else str(source)
    reason = bad_version or bad_time or bad_text
    if article is None:
        reason = "no article id"
    rec: Record = {
        "article": article,
        "version": version,
        "time": time,
        "source": source,
        "text": text,
        "reason": reason,
    }
    if reason and text is None and raw.get("text") is not None:
        rec["text"] = str(raw.get("text"))
    return rec


def from_batch(batch: pa.RecordBatch | pa.Table) -> list[Record]:
    """Normalise the records of an Arrow batch whose columns are the input's own."""
    columns = resolve_columns(batch.schema.names)
    data = {field: batch.column(name).to_pylist() for field, name in columns.items()}
    n = batch.num_rows
    out = []
    for i in range(n):
        raw = {field: values[i] for field, values in data.items()}
        out.append(normalize_record(raw))
    return out


def from_json_line(raw: bytes | str) -> Record | None:
    """One JSON Lines record (``None`` for a blank line); bad lines become error records."""
    if isinstance(raw, bytes):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            return _error(
                "line is not valid UTF-8", text=raw.decode("utf-8", "replace").rstrip("\r\n")
            )
    else:
        line = raw
    line = line.rstrip("\r\n")
    s = line.strip()
    if not s:
        return None
    try:
        obj = json.loads(s)
    except (json.JSONDecodeError, RecursionError):
        return _error("malformed JSON line", text=line)
    if not isinstance(obj, dict):
        return _error("JSON line is not an object", text=line)
    columns = resolve_columns(obj.keys())
    fields = {key: obj.get(name) for key, name in columns.items()}
    time, version = fields.get("time"), fields.get("version")
    if isinstance(time, dict | list) or isinstance(version, dict | list):
        return _error("version or time is not a scalar", fields, text=line)
    rec = normalize_record(fields)
    if isinstance(fields.get("text"), dict | list):
        rec["reason"], rec["text"] = "text is not a string", line
    return rec


def from_json_lines(lines: Iterable[bytes | str]) -> Iterator[Record]:
    """Normalise JSON Lines; blank lines are skipped, malformed ones become errors."""
    for line in lines:
        rec = from_json_line(line)
        if rec is not None:
            yield rec


def to_batch(records: list[Record]) -> pa.RecordBatch:
    return pa.RecordBatch.from_pylist(records, schema=INPUT)
