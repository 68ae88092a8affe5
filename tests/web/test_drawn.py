"""Diff bodies drawn when a comparison is stored: the same pages as drawn on request."""

from __future__ import annotations

import itertools
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from redline.changes import index_pending
from redline.comparison import compare
from redline.store import Store
from redline.store.schema import comparisons
from redline.web import drawn, fragments
from redline.web.app import create_app
from redline.web.diffview import build_view
from tests.web.conftest import make_store
from tests.web.stories import HOSTILE_V1, HOSTILE_V2, record_hostile, record_seed

SHOWN = [(v, s) for v in ("inline", "side") for s in ("all", "changes")]


def _stories(store: Store) -> list[int]:
    return [record_seed(store), record_hostile(store)]


def _pages(store: Store, ids: list[int]) -> dict[str, str]:
    out = {}
    with TestClient(create_app(store)) as client:
        for sid in ids:
            n = len(store.history(sid))
            for a, b in itertools.pairwise(range(1, n + 1)):
                for view, show in SHOWN:
                    path = f"/stories/{sid}/diff/{a}/{b}?view={view}&show={show}"
                    r = client.get(path)
                    assert r.status_code == 200, path
                    out[path] = r.text
    return out


def _drawn_blobs(store: Store) -> list[bytes | None]:
    with store.engine.connect() as conn:
        return list(conn.execute(select(comparisons.c.drawn)).scalars())


def test_pack_holds_the_four_bodies_as_drawn_on_request() -> None:
    c = compare(HOSTILE_V1, HOSTILE_V2)
    blob = drawn.pack(c)
    whole, changes = build_view(c), build_view(c, context=0, fold_min=1)
    assert drawn.unpack(blob, "inline", "all") == (str(fragments.diff_inline(whole)), whole.changed)
    assert drawn.unpack(blob, "inline", "changes") == (
        str(fragments.diff_inline(changes)),
        whole.changed,
    )
    assert drawn.unpack(blob, "side", "all") == (fragments.side_rows(whole), whole.changed)
    assert drawn.unpack(blob, "side", "changes") == (fragments.side_rows(changes), whole.changed)
    for view, show in SHOWN:
        got = drawn.unpack(blob, view, show)
        assert got is not None and whole.changed > 0
        assert "<script" not in got.body and "<img" not in got.body and "<iframe" not in got.body
        assert "&lt;script&gt;" in got.body


def test_unpack_refuses_other_code_and_damage() -> None:
    blob = drawn.pack(compare("One. Two.", "One. Three."))
    assert drawn.unpack(blob, "inline", "all") is not None
    assert drawn.unpack(blob.replace(drawn.DRAWN_BY.encode(), b"diff-0"), "inline", "all") is None
    assert drawn.unpack(blob[:-5], "side", "changes") is None
    assert drawn.unpack(b"not a blob", "inline", "all") is None
    assert drawn.unpack(None, "inline", "all") is None
    assert drawn.unpack(blob, "inline", "sideways") is None


def test_pages_from_drawn_bodies_match_pages_drawn_on_request(tmp_path: Path) -> None:
    plain, kept = make_store(tmp_path), make_store(tmp_path)
    try:
        ids, kept_ids = _stories(plain), _stories(kept)
        index_pending(plain)
        index_pending(kept, draw=drawn.pack)
        assert all(b is None for b in _drawn_blobs(plain))
        blobs = _drawn_blobs(kept)
        assert blobs and all(drawn.unpack(b, "inline", "all") for b in blobs)
        assert ids == kept_ids
        expected, got = _pages(plain, ids), _pages(kept, kept_ids)
        assert len(expected) == 12  # seed: 1→2, 2→3; hostile: 1→2; four views each
        assert got == expected
    finally:
        plain.close()
        kept.close()


def test_bodies_drawn_by_other_code_are_drawn_again(tmp_path: Path) -> None:
    plain, kept = make_store(tmp_path), make_store(tmp_path)
    try:
        ids = _stories(plain)
        _stories(kept)
        index_pending(plain)
        index_pending(kept, draw=drawn.pack)
        stale = drawn.pack(compare("Something else entirely.", "Not this story."))
        stale = stale.replace(drawn.DRAWN_BY.encode(), b"diff-0")
        with kept.engine.begin() as conn:
            conn.execute(update(comparisons).values(drawn=stale))
        assert _pages(kept, ids) == _pages(plain, ids)
    finally:
        plain.close()
        kept.close()


def test_comparisons_stored_without_bodies_keep_them_once_shown(tmp_path: Path) -> None:
    # a store indexed before its bodies were drawn (or by other drawing code):
    # the first diff page of each pair draws them and keeps them beside it
    store = make_store(tmp_path)
    try:
        ids = _stories(store)
        index_pending(store)
        assert all(b is None for b in _drawn_blobs(store))
        first = _pages(store, ids)
        blobs = _drawn_blobs(store)
        assert len(blobs) == 3 and all(drawn.unpack(b, "side", "changes") for b in blobs)
        assert _pages(store, ids) == first  # now shown from the kept bodies
    finally:
        store.close()


def test_a_diff_page_shows_the_kept_body(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    try:
        (sid,) = _stories(store)[1:]
        index_pending(store, draw=drawn.pack)
        other = drawn.pack(compare("A kept <body>.", "A kept <body> indeed."))
        with store.engine.begin() as conn:
            conn.execute(update(comparisons).values(drawn=other))
        with TestClient(create_app(store)) as client:
            inline = client.get(f"/stories/{sid}/diff/1/2").text
            side = client.get(f"/stories/{sid}/diff/1/2?view=side").text
        assert "A kept &lt;body&gt;" in inline and "toll rose" not in inline
        assert "A kept &lt;body&gt;" in side and "Version 1</div>" in side
    finally:
        store.close()


def test_the_watchers_outbox_keeps_drawn_bodies_too(tmp_path: Path) -> None:
    from redline.notify.outbox import Outbox

    store = make_store(tmp_path)
    try:
        _stories(store)
        outbox = Outbox(store)
        try:
            stats = outbox.run_once()
        finally:
            outbox.close()
        assert stats.changes == 3
        blobs = _drawn_blobs(store)
        assert len(blobs) == 3 and all(drawn.unpack(b, "side", "changes") for b in blobs)
    finally:
        store.close()
