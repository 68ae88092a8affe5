"""Messages that quote input never carry control characters to the terminal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from redline.errors import printable
from redline.ingest.records import Problem


def test_printable_escapes_terminal_controls_and_keeps_text() -> None:
    assert printable("\x1b]0;pwned\x07") == "\\x1b]0;pwned\\x07"
    assert printable("a\r\nb\tc\x00d\x7f\x9b") == "a\\x0d\\x0ab\\x09c\\x00d\\x7f\\x9b"
    assert printable("caf\u00e9 \u201cquoted\u201d \u2014 \u4e2d\u6587") == (
        "caf\u00e9 \u201cquoted\u201d \u2014 \u4e2d\u6587"
    )
    assert printable("\u202eevil\u200b") == "\\u202eevil\\u200b"  # bidi override, zero width
    assert printable("\ud800") == "\\ud800"
    assert printable(b"\x1b[2J") == "b'\\x1b[2J'"
    assert printable("x" * 10, limit=4) == "xxxx…"


@given(st.text())
def test_printable_output_is_always_printable(text: str) -> None:
    out = printable(text)
    assert out.isprintable()
    out.encode("utf-8")  # no lone surrogates left
    if text.isprintable():
        assert out == text


def test_problems_print_escaped_and_in_json_too() -> None:
    p = Problem("dir/\x1b[31mred.jsonl", "bad value '\x07\u202e'", line=3)
    assert str(p) == "dir/\\x1b[31mred.jsonl:3: bad value '\\x07\\u202e'"
    assert Problem("a.warc", "cut off", offset=120).where == "a.warc@120"
    d = p.to_dict()
    assert d == {"path": "dir/\\x1b[31mred.jsonl", "line": 3, "message": "bad value '\\x07\\u202e'"}
    assert Problem("a.warc", "cut off", offset=120).to_dict()["offset"] == 120


def test_the_cli_escapes_hostile_file_names_and_values(tmp_path: Path) -> None:
    hostile = tmp_path / "evil\x1b]0;pwned\x07.jsonl"
    hostile.write_text(
        json.dumps({"url": "https://news.test/\x1b[2J", "fetched_at": "\x1b]0;x\x07"}) + "\n"
    )
    story = tmp_path / "story\x1b[2J\u202e.txt"
    story.write_text("A story about the council and the new bridge over the river.\n")
    for fmt in ("text", "json"):
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "from redline.cli.main import main; main()",
                "ingest",
                str(hostile),
                str(story),
                "--db",
                str(tmp_path / "m.sqlite3"),
                "--no-progress",
                "--format",
                fmt,
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 1
        for stream in (done.stdout, done.stderr):
            assert "\x1b" not in stream and "\x07" not in stream and "\u202e" not in stream
        assert "story" in done.stdout
        assert "evil\\x1b]0;pwned\\x07.jsonl:1: " in done.stderr
