"""Ingestion of text, HTML, JSON Lines and WARC files, with bad inputs in the batch."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from redline.ingest import IngestOptions, ingest
from redline.store import Store
from tests.conftest import SEED_DIR, SEED_NEW, SEED_OLD

PAGE = """<!doctype html><html><head><title>{title}</title>
<link rel="canonical" href="{url}"></head><body><article><h1>{title}</h1>
{paras}</article></body></html>"""


def page(title: str, paragraphs: list[str], url: str = "https://news.test/a/1") -> str:
    return PAGE.format(title=title, url=url, paras="".join(f"<p>{p}</p>" for p in paragraphs))


BODY = [
    "The council approved the new bridge on Tuesday after a long debate in the chamber.",
    "Work will start in the spring and is expected to take two years to complete.",
    "Residents had campaigned for a crossing for more than a decade, the mayor said.",
]


def test_seed_files_become_one_story_with_001_first(store: Store) -> None:
    report = ingest(store, [str(SEED_DIR)])
    assert report.ok and report.created == 2
    [story] = report.stories
    assert story.documents == [str(SEED_OLD), str(SEED_NEW)]
    assert story.method == "evidence" and story.confidence > 0.8
    assert any("more is to follow" in r for r in story.reasons)
    history = store.history(story.article_id)
    assert [v.number for v in history] == [1, 2]
    assert "More to follow." in store.version(story.article_id, 1).text
    assert store.article(story.article_id).order_confidence == story.confidence


def test_ingest_twice_changes_nothing(store: Store, tmp_path: Path) -> None:
    lines = [
        {
            "url": "https://news.test/a/1",
            "fetched_at": "2024-05-01T10:00:00Z",
            "title": "Bridge",
            "text": "\n".join(BODY[:2]),
        },
        {
            "url": "https://news.test/a/1",
            "fetched_at": "2024-05-01T11:00:00Z",
            "title": "Bridge",
            "text": "\n".join(BODY),
        },
    ]
    f = tmp_path / "caps.jsonl"
    f.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    first = ingest(store, [str(f), str(SEED_DIR)])
    counts = store.count()
    second = ingest(store, [str(f), str(SEED_DIR)])
    assert first.created == 4 and second.created == 0
    assert second.duplicate == 4
    assert store.count() == counts


def test_bad_lines_are_reported_and_the_rest_ingested(store: Store, tmp_path: Path) -> None:
    f = tmp_path / "mixed.jsonl"
    good = {"url": "https://news.test/b", "fetched_at": "2024-05-01T10:00:00Z", "text": BODY[0]}
    f.write_text(
        json.dumps(good)
        + "\n"
        + "{not json\n"
        + json.dumps({"fetched_at": "2024-05-01T10:00:00Z", "text": "no url"})
        + "\n"
        + json.dumps({**good, "fetched_at": "yesterday"})
        + "\n"
        + "\n"
        + json.dumps({**good, "fetched_at": "2024-05-01T12:00:00Z", "text": BODY[1]})
        + "\n"
    )
    missing = tmp_path / "missing.txt"
    report = ingest(store, [str(f), str(missing)])
    assert report.created == 2
    where = {(p.path, p.line): p.message for p in report.problems}
    assert set(where) == {(str(f), 2), (str(f), 3), (str(f), 4), (str(missing), None)}
    assert "invalid JSON" in where[(str(f), 2)]
    assert "url" in where[(str(f), 3)]
    assert "no such file" in where[(str(missing), None)]
    assert store.article("https://news.test/b").version_count == 2


def test_html_files_are_extracted_with_their_canonical_url(store: Store, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "v1.html").write_text(page("Bridge approved", BODY[:2]))
    (pages / "v2.html").write_text(page("Bridge approved after debate", BODY))
    report = ingest(store, [str(pages)])
    assert report.ok, report.problems
    info = store.article("https://news.test/a/1")
    assert info.version_count == 2
    latest = store.version(info)
    assert latest.headline == "Bridge approved after debate"
    assert latest.paragraphs[-1] == BODY[-1]
    assert latest.raw_blob and b"<article>" in store.raw(latest.raw_blob)


def _warc(path: Path, records: list[tuple[str, str, bytes]], *, gz: bool = True) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for url, date, body in records:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            rec = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(rec)


def test_warc_responses_become_captures(store: Store, tmp_path: Path) -> None:
    w = tmp_path / "crawl.warc.gz"
    url = "https://news.test/w/1"
    _warc(
        w,
        [
            (url, "2024-05-01T10:00:00Z", page("Bridge", BODY[:2], url).encode()),
            (url, "2024-05-01T11:00:00Z", page("Bridge", BODY[:2], url).encode()),
            (url, "2024-05-01T12:00:00Z", page("Bridge", BODY, url).encode()),
        ],
    )
    report = ingest(store, [str(w)])
    assert report.ok, report.problems
    assert (report.created, report.seen) == (2, 1)
    history = store.history(url)
    assert [v.first_seen.hour for v in history if v.first_seen] == [10, 12]


def test_corrupt_warc_is_reported_and_the_batch_goes_on(store: Store, tmp_path: Path) -> None:
    good = tmp_path / "good.warc.gz"
    url = "https://news.test/w/2"
    _warc(good, [(url, "2024-05-01T10:00:00Z", page("Bridge", BODY, url).encode())])
    data = good.read_bytes()
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(data + gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n") + b"\x00garbage")
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"this is not a WARC file at all\n" * 3)
    report = ingest(store, [str(bad), str(junk)])
    assert report.created == 1
    paths = {p.path for p in report.problems}
    assert paths == {str(bad), str(junk)}
    assert all("WARC" in p.message for p in report.problems)


def test_unrelated_documents_make_separate_stories(store: Store, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("\n".join(BODY))
    (docs / "b.txt").write_text(SEED_OLD.read_text())
    (docs / "c.txt").write_text(SEED_NEW.read_text())
    report = ingest(store, [str(docs)])
    assert sorted(len(s.documents) for s in report.stories) == [1, 2]
    assert store.count()["articles"] == 2


def test_story_and_order_overrides(store: Store, tmp_path: Path) -> None:
    report = ingest(
        store, [str(SEED_NEW), str(SEED_OLD)], IngestOptions(story="kerr-gold", order="given")
    )
    [story] = report.stories
    assert story.story == "kerr-gold" and story.method == "given"
    assert "More to follow." not in store.version("kerr-gold", 1).text
    # re-ordering an existing story by evidence renumbers it
    again = ingest(store, [str(SEED_DIR)], IngestOptions(story="kerr-gold", order="evidence"))
    assert again.created == 0
    assert "More to follow." in store.version("kerr-gold", 1).text
    assert store.article("kerr-gold").order_method == "evidence"


def test_a_later_run_adds_to_the_existing_story(store: Store) -> None:
    ingest(store, [str(SEED_OLD)])
    report = ingest(store, [str(SEED_OLD), str(SEED_NEW)])
    assert report.created == 1
    assert store.count()["articles"] == 1


def test_a_new_document_joins_a_similar_stored_story_in_evidence_order(store: Store) -> None:
    first = ingest(store, [str(SEED_NEW)])
    [story] = first.stories
    report = ingest(store, [str(SEED_OLD)])
    assert report.created == 1
    assert store.count()["articles"] == 1
    [joined] = report.stories
    assert joined.article_id == story.article_id
    # the earlier text arrived second but is put first, by the evidence
    assert "More to follow." in store.version(story.article_id, 1).text
    assert joined.method == "evidence" and joined.confidence > 0.8
