"""Damaged WARC archives: every good record kept, every damaged one reported with its offset."""

from __future__ import annotations

import gzip
import io
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redline.ingest import IngestOptions, ingest
from redline.ingest.records import Problem
from redline.ingest.warc import MAX_HEADER_BYTES, MAX_PAYLOAD, RawPage, warc_records
from redline.store import Store
from tests.ingest.warcs import Built, build, gzip_member, page, write

GZ = build(gz=True)
PLAIN = build(gz=False)


def _read(path: Path) -> tuple[list[RawPage], list[Problem]]:
    pages, problems = [], []
    for got in warc_records(path):
        (pages if isinstance(got, RawPage) else problems).append(got)
    return pages, problems


def _printable(problems: list[Problem]) -> None:
    for p in problems:
        assert str(p).isprintable(), str(p)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from redline.cli.main import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def _content_complete(built: Built, gz: bool, i: int, cut: int) -> bool:
    """Whether record *i*'s content (all but its closing blank lines) lies before *cut*."""
    start, end = built.offsets[i], built.ends[i]
    if cut >= end:
        return True
    if not gz:
        return cut >= end - 4
    full = zlib.decompressobj(31).decompress(built.data[start:end])
    part = zlib.decompressobj(31).decompress(built.data[start:cut])
    return len(part) >= len(full) - 4


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_truncated_at_every_offset(tmp_path: Path, gz: bool) -> None:
    built = GZ if gz else PLAIN
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    page_index = {off: built.offsets.index(off) for off in built.bodies}
    for cut in range(len(built.data) + 1):
        path.write_bytes(built.data[:cut])
        pages, problems = _read(path)
        _printable(problems)
        if cut == 0:
            assert [p.message for p in problems] == ["the file is empty"] and not pages
            continue
        kept = {p.offset: p.body for p in pages}
        assert len(kept) == len(pages), "no page twice"
        for off, body in built.bodies.items():
            i = page_index[off]
            if built.ends[i] <= cut:
                assert kept.get(off) == body, f"cut {cut}: a whole record was lost"
            elif not _content_complete(built, gz, i, cut):
                assert off not in kept, f"cut {cut}: a cut-off page was kept"
        inside = [
            i
            for i in range(len(built.offsets))
            if built.offsets[i] < cut < built.ends[i] and not _content_complete(built, gz, i, cut)
        ]
        spans = zip(built.offsets, built.ends, strict=True)
        if inside or (gz and any(o < cut < e for o, e in spans)):
            assert problems, f"cut {cut}: the damage was not reported"
            assert all(p.offset is not None and p.offset <= cut for p in problems)
        if cut in built.offsets or cut == len(built.data):
            assert not problems, f"cut {cut} between records: {problems}"


def test_a_truncated_warc_gz_is_reported_by_ingest_with_exit_1(tmp_path: Path) -> None:
    cut = (GZ.offsets[-1] + GZ.ends[-1]) // 2
    path = write(tmp_path / "trunc.warc.gz", GZ.data[:cut])
    db = tmp_path / "t.sqlite3"
    done = _cli("ingest", str(path), "--db", str(db), "--no-progress")
    assert done.returncode == 1
    assert f"redline: {path}@{GZ.offsets[-1]}: " in done.stderr
    assert "2 documents: 2 new versions" in done.stdout


@pytest.mark.parametrize("delta", [+60, -60, +1, -1])
@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_a_wrong_content_length_is_reported_and_the_next_records_kept(
    tmp_path: Path, gz: bool, delta: int
) -> None:
    built = build(gz=False, extra=False)
    data = built.data
    i = data.index(b"Content-Length: ")  # the first record's WARC Content-Length
    j = data.index(b"\r\n", i)
    length = int(data[i + 16 : j])
    data = data[:i] + b"Content-Length: " + str(length + delta).encode() + data[j:]
    if gz:  # one gzip member per record, as crawlers write them
        cuts = [*built.offsets[1:], len(built.data)]
        starts = [0, *(c + (len(data) - len(built.data)) for c in cuts[:-1])]
        ends = [c + (len(data) - len(built.data)) for c in cuts]
        data = b"".join(gzip_member(data[s:e]) for s, e in zip(starts, ends, strict=True))
    path = write(tmp_path / ("bad.warc.gz" if gz else "bad.warc"), data)
    pages, problems = _read(path)
    _printable(problems)
    assert [p.url for p in pages] == ["https://news.test/w/1", "https://news.test/w/2"]
    assert [p.body for p in pages] == [page(1), page(2)]
    [problem] = problems
    # one byte more takes in the first byte of the closing blank lines: the digest tells
    assert problem.offset == 0
    assert "Content-Length" in problem.message or "Block-Digest" in problem.message


def test_garbage_after_the_warc_version_line_is_reported_and_the_rest_kept(
    tmp_path: Path,
) -> None:
    hostile = b"WARC/1.0\r\n\x1b]0;pwned\x07 garbage\r\n\r\n"
    path = write(tmp_path / "garbage.warc", hostile + PLAIN.data)
    pages, problems = _read(path)
    assert [p.body for p in pages] == list(PLAIN.bodies.values())
    [problem] = problems
    assert problem.offset == 0 and "Content-Length" in problem.message
    assert f"reading resumed at byte {len(hostile)}" in problem.message


def test_garbage_at_the_end_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "tail.warc", PLAIN.data + b"WARC/1.0\r\nWARC-Type: junk\r\n\r\n")
    pages, problems = _read(path)
    assert len(pages) == 3
    [problem] = problems
    assert problem.offset == len(PLAIN.data) and "nothing readable after it" in problem.message


def test_corrupt_gzip_in_the_middle_loses_only_that_record(tmp_path: Path) -> None:
    data = bytearray(GZ.data)
    middle = GZ.offsets[4]  # the second HTML response
    for k in range(middle + 40, middle + 60):
        data[k] ^= 0x5A
    path = write(tmp_path / "flipped.warc.gz", bytes(data))
    pages, problems = _read(path)
    _printable(problems)
    assert [p.url for p in pages] == ["https://news.test/w/0", "https://news.test/w/2"]
    assert problems and problems[0].offset == middle


def test_a_changed_byte_is_caught_by_the_block_digest(tmp_path: Path) -> None:
    data = bytearray(PLAIN.data)
    at = PLAIN.data.index(b"(story 1)")
    data[at + 1] = ord("S")  # same length, different text
    path = write(tmp_path / "digest.warc", bytes(data))
    pages, problems = _read(path)
    assert [p.url for p in pages] == ["https://news.test/w/0", "https://news.test/w/2"]
    [problem] = problems
    assert "Block-Digest" in problem.message and problem.offset == PLAIN.offsets[4]


def test_a_whole_file_gzip_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "whole.warc.gz", gzip.compress(PLAIN.data))
    pages, problems = _read(path)
    assert not problems
    assert [p.body for p in pages] == list(PLAIN.bodies.values())


def test_a_file_with_junk_before_the_first_record(tmp_path: Path) -> None:
    path = write(tmp_path / "junk-first.warc", b"junk junk\n" + PLAIN.data)
    pages, problems = _read(path)
    assert len(pages) == 3
    [problem] = problems
    assert problem.offset == 0 and "skipped to byte 10" in problem.message


def test_header_and_payload_bombs_are_bounded_and_the_next_record_kept(tmp_path: Path) -> None:
    big = b"<html><body><p>" + b"a" * (MAX_PAYLOAD + 10) + b"</p></body></html>"
    header_bomb = gzip_member(
        b"WARC/1.0\r\nWARC-Type: response\r\nX-Long: " + b"b" * (MAX_HEADER_BYTES + 10) + b"\r\n"
    )
    payload_bomb = build(gz=True, pages=1, extra=False, bodies=[big]).data
    content_encoding_bomb = build(
        gz=True,
        pages=1,
        extra=False,
        bodies=[gzip.compress(big)],
        http_headers=[("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
    ).data
    fine = build(gz=True, pages=1, extra=False).data
    data = header_bomb + payload_bomb + content_encoding_bomb + fine
    path = write(tmp_path / "bombs.warc.gz", data)
    pages, problems = _read(path)
    assert [p.body for p in pages] == [page(0)]
    assert len(problems) == 3
    assert problems[0].offset == 0 and "headers longer than" in problems[0].message
    assert problems[1].offset == len(header_bomb) and "larger than" in problems[1].message
    assert "larger than" in problems[2].message


def test_a_chunked_gzip_page_is_decoded(tmp_path: Path) -> None:
    body = gzip.compress(page(7))
    chunked = b"".join(
        f"{len(body[i : i + 100]):x}\r\n".encode() + body[i : i + 100] + b"\r\n"
        for i in range(0, len(body), 100)
    )
    built = build(
        gz=False,
        pages=1,
        extra=False,
        bodies=[chunked + b"0\r\n\r\n"],
        http_headers=[
            ("Content-Type", "text/html"),
            ("Transfer-Encoding", "chunked"),
            ("Content-Encoding", "gzip"),
        ],
    )
    pages, problems = _read(write(tmp_path / "chunked.warc", built.data))
    assert not problems and [p.body for p in pages] == [page(7)]


def test_messages_quoting_the_archive_escape_control_characters(tmp_path: Path) -> None:
    hostile = b"WARC/1.0\r\nContent-Length: \x1b]0;pwned\x07\r\n\r\n"
    path = write(tmp_path / "esc.warc", hostile + PLAIN.data)
    done = _cli("ingest", str(path), "--db", str(tmp_path / "e.sqlite3"), "--no-progress")
    assert done.returncode == 1
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert "\\x1b]0;pwned\\x07" in done.stderr
    assert "3 documents: 3 new versions" in done.stdout


def test_damaged_archives_in_a_batch_with_good_files(store: Store, tmp_path: Path) -> None:
    cut = write(tmp_path / "a-cut.warc.gz", GZ.data[: GZ.ends[1] + 30])
    good = write(tmp_path / "b-good.warc", build(gz=False, pages=1, extra=False, first=5).data)
    report = ingest(store, [str(cut), str(good)], IngestOptions(compare=False))
    assert report.created == 2  # page 0 of the cut archive, and the good one
    [problem] = report.problems
    assert problem.path == str(cut) and problem.offset is not None


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    gz=st.booleans(),
    edits=st.lists(
        st.tuples(
            st.sampled_from(["flip", "insert", "delete"]),
            st.floats(0, 1),
            st.binary(min_size=1, max_size=40),
        ),
        min_size=1,
        max_size=4,
    ),
    cut=st.none() | st.floats(0, 1),
)
def test_any_damage_keeps_the_records_before_it_and_reports_it(
    tmp_path: Path, gz: bool, edits: list[tuple[str, float, bytes]], cut: float | None
) -> None:
    built = GZ if gz else PLAIN
    size = len(built.data)
    end = int(cut * size) if cut is not None else size
    data = bytearray(built.data[:end])
    first = len(data)
    touched: list[tuple[int, int]] = []  # damaged ranges, in the original's coordinates
    # from the end backwards, so that every position is one of the original archive
    for kind, where, blob in sorted(edits, key=lambda e: -e[1]):
        at = min(int(where * size), len(data))
        first = min(first, at)
        if kind == "flip":
            for k, b in enumerate(blob[: len(data) - at]):
                data[at + k] ^= b or 1
            touched.append((at, at + len(blob)))
        elif kind == "insert":
            data[at:at] = blob
            touched.append((at, at + 1))
        else:
            del data[at : at + len(blob)]
            touched.append((at, at + len(blob)))
    path = write(tmp_path / ("h.warc.gz" if gz else "h.warc"), bytes(data))
    pages, problems = _read(path)
    _printable(problems)
    kept = {p.offset: p.body for p in pages}
    for i, off in enumerate(built.offsets):
        if built.ends[i] <= first and off in built.bodies:
            assert kept.get(off) == built.bodies[off], "a record before the damage was lost"
    assert all(p.offset is not None for p in problems)
    # WARC headers carry no digest: a changed header (the target URI's scheme, the record
    # type, the name of the digest field) can make a page a record rightly passed over,
    # or its damage unverifiable. Damage anywhere else must never go unnoticed.
    heads = [] if gz else [(o, built.data.index(b"\r\n\r\n", o) + 4) for o in built.bodies]
    header_hit = any(a < he and hs < b for a, b in touched for hs, he in heads)
    if not header_hit:
        for p in pages:  # nothing kept is damaged: each page is one of the originals, whole
            assert p.body in built.bodies.values(), "a damaged page was kept"
        # pages wholly after a cut are not in the file: a cut between records leaves
        # a shorter archive that is whole
        present = {b for o, b in built.bodies.items() if o < end}
        lost = present - {p.body for p in pages}
        if lost:
            assert problems, "records were lost without a word"


def test_payload_larger_than_the_limit_in_a_plain_archive(tmp_path: Path) -> None:
    body = io.BytesIO()
    body.write(b"<html><body>")
    body.write(b"<p>x</p>" * (MAX_PAYLOAD // 8 + 1))
    built = build(gz=False, pages=2, extra=False, bodies=[body.getvalue(), page(1)])
    pages, problems = _read(write(tmp_path / "big.warc", built.data))
    assert [p.body for p in pages] == [page(1)]
    [problem] = problems
    assert problem.offset == 0 and "larger than" in problem.message


@pytest.mark.timeout(60)
def test_reading_moves_on_when_a_damaged_member_reports_an_earlier_offset() -> None:
    """Two runs of bytes inserted inside a gzip member (found by the property test
    above): the stretch resumed after the damage fails at an offset warcio puts
    before the stretch's start, and the reader used to resume there for ever.
    Every good page is kept, whole, and the damage reported once."""
    path = Path(__file__).resolve().parents[1] / "data" / "warc"
    pages, problems = _read(path / "resync_offset_falls_back.warc.gz")
    assert [p.body for p in pages] == [page(0), page(1), page(2)]
    [problem] = problems
    assert problem.offset == 1826 and "reading resumed at byte" in problem.message
