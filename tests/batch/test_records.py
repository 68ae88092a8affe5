"""Reading corpus records: column names, value types, malformed lines."""

from __future__ import annotations

import pyarrow as pa

from redline.batch.records import from_batch, from_json_line, resolve_columns


def test_column_aliases():
    cols = resolve_columns(["entry_id", "Version", "created", "outlet", "body"])
    assert cols == {
        "article": "entry_id",
        "version": "Version",
        "time": "created",
        "source": "outlet",
        "text": "body",
    }


def test_values_are_normalised():
    recs = from_batch(
        pa.table(
            {
                "entry_id": [7, 8],
                "version": [2.0, 3.0],
                "created": ["2024-05-01 12:00:00+02:00", None],
                "text": ["x", "y"],
            }
        )
    )
    assert recs[0] == {
        "article": "7",
        "version": 2,
        "time": "2024-05-01T10:00:00Z",
        "source": None,
        "text": "x",
        "reason": None,
    }
    assert recs[1]["version"] == 3 and recs[1]["time"] is None


def test_json_line_variants():
    assert from_json_line(b"   \n") is None
    ok = from_json_line(b'{"article": "a", "version": "4", "time": 1714564800, "text": "t"}\n')
    assert ok["version"] == 4 and ok["time"] == "2024-05-01T12:00:00Z" and ok["reason"] is None
    bad = from_json_line(b"{not json\n")
    assert bad["reason"] == "malformed JSON line" and bad["text"] == "{not json"
    utf = from_json_line(b'{"article": "a", "text": "caf\xe9"}')
    assert utf["reason"] == "line is not valid UTF-8"
    arr = from_json_line(b"[1, 2]")
    assert arr["reason"] == "JSON line is not an object"
    v = from_json_line(b'{"article": "a", "version": "v2", "text": "t"}')
    assert v["reason"].startswith("version number is not a whole number")
    t = from_json_line(b'{"article": "a", "version": 1, "time": "soon", "text": "t"}')
    assert t["reason"] == "unreadable time: 'soon'"
    nt = from_json_line(b'{"article": "a", "version": 1, "text": {"p": 1}}')
    assert nt["reason"] == "text is not a string"
