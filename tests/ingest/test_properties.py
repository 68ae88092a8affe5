"""Property tests for the readers: no input makes an exception escape; every good record is
kept and every bad one reported with its file and line."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redline.errors import ExtractionError, InputError, printable
from redline.extract import extract_article
from redline.extract._limits import MAX_DEPTH, MAX_ELEMENTS
from redline.ingest import IngestOptions, ingest
from redline.ingest.files import kind_of, read_file
from redline.ingest.jsonl import read_jsonl
from redline.ingest.records import Problem
from redline.store import Observation, Store

FIELDS = [
    "url",
    "id",
    "fetched_at",
    "title",
    "text",
    "html",
    "source",
    "published",
    "updated",
    "byline",
    "standfirst",
]
SLOW = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
# what a field may hold: anything, or a plausible value of its kind
plausible = {
    "url": st.sampled_from(["https://news.test/a", "http://[::1", "http://[::1]/x", "ftp://x"]),
    "fetched_at": st.sampled_from(
        ["2024-05-01T10:00:00Z", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"]
    )
    | st.floats(-1e20, 1e20),
    "html": st.sampled_from(["<html><body><p>Some words of text here.</p></body></html>"]),
}
hostile_records = st.fixed_dictionaries(
    {},
    optional={f: (plausible[f] | json_values) if f in plausible else json_values for f in FIELDS},
)
good_records = st.builds(
    lambda n, words: {
        "url": f"https://news.test/good/{n}",
        "fetched_at": "2024-05-01T10:00:00Z",
        "title": f"Good {n}",
        "text": " ".join(words) or "Some text.",
    },
    st.integers(0, 10**6),
    st.lists(st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=8), max_size=8),
)
lines = st.lists(
    st.one_of(
        good_records.map(lambda r: ("good", json.dumps(r))),
        hostile_records.map(lambda r: ("any", json.dumps(r, allow_nan=True))),
        st.text(max_size=30).map(lambda t: ("any", t.replace("\n", " "))),
        st.integers(1, 3000).map(lambda d: ("any", '{"text": ' + "[" * d + "]" * d + "}")),
    ),
    min_size=1,
    max_size=12,
)


def _write(tmp: Path, rows: list[tuple[str, str]]) -> Path:
    path = tmp / f"{uuid.uuid4().hex}.jsonl"
    path.write_bytes(b"".join(line.encode("utf-8", "surrogatepass") + b"\n" for _, line in rows))
    return path


@FAST
@given(rows=lines)
def test_every_jsonl_line_is_kept_or_reported_with_its_line(
    tmp_path_factory: Any, rows: list[tuple[str, str]]
) -> None:
    path = _write(tmp_path_factory.mktemp("jsonl"), rows)
    got = list(read_jsonl(path))
    seen: dict[int, Observation | Problem] = {}
    for item in got:
        if isinstance(item, Problem):
            assert item.path == str(path) and item.line is not None
            assert str(item).startswith(f"{printable(path)}:{item.line}: ")
            assert str(item).isprintable()
            line = item.line
        else:
            assert item.origin is not None and item.origin.startswith(f"{path}:")
            line = int(item.origin.rsplit(":", 1)[1])
            item.key()  # storable: an identity the store accepts
            "".join(item.paragraphs).encode("utf-8")
        assert line not in seen, "one result per line"
        seen[line] = item
    for n, (kind, text) in enumerate(rows, 1):
        if not text.encode("utf-8", "surrogatepass").strip():  # blank, as bytes are
            assert n not in seen
            continue
        assert n in seen, f"line {n} neither kept nor reported"
        if kind == "good":
            assert isinstance(seen[n], Observation), seen[n]


@SLOW
@given(rows=lines)
def test_ingesting_any_jsonl_keeps_every_good_record(
    store: Store, tmp_path_factory: Any, rows: list[tuple[str, str]]
) -> None:
    path = _write(tmp_path_factory.mktemp("ingest"), rows)
    read = list(read_jsonl(path))
    report = ingest(store, [str(path)], IngestOptions(compare=False))
    bad = [g for g in read if isinstance(g, Problem)]
    good = [g for g in read if isinstance(g, Observation)]
    assert report.records == len(good)
    assert [str(p) for p in report.problems if p.path == str(path)] == [str(p) for p in bad]
    for obs in good:
        info = store.article(obs.key())
        assert info.version_count >= 1


def _tree(depth: int, fanout: int, tags: list[str]) -> str:
    if depth == 0:
        return "<p>The council approved the bridge after a long debate on Tuesday.</p>"
    tag = tags[depth % len(tags)]
    inner = "".join(_tree(depth - 1, 1, tags) for _ in range(fanout))
    return f"<{tag}>{inner}</{tag}>"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    depth=st.integers(1, 400),
    fanout=st.integers(1, 3),
    repeat=st.integers(1, 40),
    tags=st.lists(
        st.sampled_from(["div", "section", "aside", "span", "table", "td", "b", "ul", "li"]),
        min_size=1,
        max_size=4,
    ),
    closed=st.booleans(),
)
def test_deeply_nested_html_is_extracted_or_refused_with_a_reason(
    depth: int, fanout: int, repeat: int, tags: list[str], closed: bool
) -> None:
    body = _tree(depth, fanout, tags) * repeat
    if not closed:  # unclosed boxes, as broken pages have them
        body = body.replace("</div>", "").replace("</section>", "")
    raw = f"<html><head><title>Deep</title></head><body>{body}</body></html>".encode()
    try:
        e = extract_article(raw, url="https://news.test/deep")
    except (ExtractionError, InputError) as exc:
        assert str(exc).isprintable()
        if depth + 3 <= MAX_DEPTH and raw.count(b"<") <= MAX_ELEMENTS:
            # refused only for a reason it names
            assert "not extracted" in str(exc) or "no article" in str(exc) or "empty" in str(exc)
        return
    assert isinstance(e.paragraphs, tuple)
    neutral = set(tags) <= {"div", "section", "span", "b"}  # asides, tables: boxes, dropped
    if depth + 3 <= MAX_DEPTH and neutral:
        assert any("council approved the bridge" in p for p in e.paragraphs)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.binary(max_size=3000)
    | st.text(max_size=800).map(lambda t: t.encode("utf-8", "surrogatepass"))
    | st.text(max_size=400).map(lambda t: f"<html><body><p>{t}</p></body></html>".encode()),
    ext=st.sampled_from(["txt", "html", ""]),
)
def test_any_bytes_in_a_text_or_html_file_give_one_result(
    tmp_path_factory: Any, data: bytes, ext: str
) -> None:
    path = tmp_path_factory.mktemp("doc") / (f"doc.{ext}" if ext else "doc")
    path.write_bytes(data)
    got = list(read_file(path))
    if kind_of(path) in ("jsonl", "warc"):  # sniffed from the first bytes
        assert all(isinstance(g, (Observation, Problem)) for g in got)
        return
    [one] = got
    if isinstance(one, Problem):
        assert one.path == str(path) and str(one).isprintable()
    else:
        assert one.paragraphs and one.origin == str(path)
        "".join(one.paragraphs).encode("utf-8")
