"""Diff pages drawn from the store's cached comparison JSON match freshly computed ones."""

from __future__ import annotations

import itertools
import random
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import delete, func, select

from redline.changes import cached_display, index_pending
from redline.changes.cache import display_comparison
from redline.comparison import compare
from redline.store import Observation, Store
from redline.store.schema import ComparisonRow
from redline.web.app import create_app
from redline.web.diffview import DiffView, build_view
from tests.web.stories import T0, record_hostile, record_plain, record_seed

K = ComparisonRow.__table__
NONCE = "fixed-nonce-for-identical-csrf-tokens"


def _pairs(store: Store, story_id: int) -> list[tuple[int, int, int, int]]:
    vs = store.history(story_id)
    return [(a.number, a.id, b.number, b.id) for a, b in itertools.pairwise(vs)]


def test_indexer_stores_every_consecutive_comparison(web_store: Store) -> None:
    with web_store.engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(K)).scalar_one()
    pairs = sum(
        len(_pairs(web_store, sid))
        for sid in (web_store.seed_id, web_store.hostile_id, *web_store.plain_ids)  # type: ignore[attr-defined]
    )
    assert pairs > 0 and stored >= pairs


def _inline(view: DiffView) -> list[tuple[object, ...]]:
    """What the inline view shows of each block and row (everything but the older column)."""
    return [
        (
            block.folded,
            r.op,
            r.label,
            r.anchor,
            r.extra_anchors,
            r.old_number,
            r.new_number,
            r.inline,
            r.new,
            r.link_href,
            r.link_text,
            r.heading,
        )
        for block in view.blocks
        for r in block.rows
    ]


def test_rebuilt_comparison_gives_the_same_inline_view_as_recomputing(web_store: Store) -> None:
    ids = (web_store.seed_id, web_store.hostile_id, *web_store.plain_ids)  # type: ignore[attr-defined]
    checked = 0
    for sid in ids:
        for a, aid, b, bid in _pairs(web_store, sid):
            rebuilt = cached_display(web_store.engine, aid, bid)
            fresh = web_store.compare_versions(sid, a, b)
            assert rebuilt is not None
            assert _inline(build_view(rebuilt)) == _inline(build_view(fresh))
            assert _inline(build_view(rebuilt, context=-1)) == _inline(
                build_view(fresh, context=-1)
            )
            # the side-by-side view too: every row, the older column included
            assert build_view(rebuilt) == build_view(fresh)
            assert build_view(rebuilt, context=0, fold_min=1) == build_view(
                fresh, context=0, fold_min=1
            )
            assert rebuilt.counts() == fresh.counts()
            assert [s.text for s in rebuilt.old.sentences] == [s.text for s in fresh.old.sentences]
            assert rebuilt.new.paragraphs == fresh.new.paragraphs
            assert [s.heading for s in rebuilt.new.sentences] == [
                s.heading for s in fresh.new.sentences
            ]
            checked += 1
    assert checked >= len(ids)


def test_rebuilt_comparison_of_random_edits_matches(fresh_store: Store) -> None:
    rng = random.Random(11)
    words = (  # noqa: SIM905
        "council said “plan” would cost — far more than expected; residents angry "
        "about prices roads Inquiry report spring police arrests protest"
    ).split()

    def para() -> str:
        return " ".join(
            " ".join(rng.choice(words) for _ in range(rng.randint(6, 14))).capitalize() + "."
            for _ in range(rng.randint(1, 3))
        )

    paras = ["Breaking news heading", *(para() for _ in range(8))]
    for v in range(12):
        if v:
            k = rng.randrange(len(paras))
            op = rng.random()
            if op < 0.4:
                paras[k] = para()
            elif op < 0.6:
                paras.insert(k, para())
            elif op < 0.8 and len(paras) > 3:
                paras.insert(rng.randrange(len(paras)), paras.pop(k))
            else:
                paras[k] = paras[k].replace(" ", "  ", 1).replace("“", '"')
        fresh_store.record_version(
            Observation.from_text(
                "\n".join(paras),
                url="https://local.example/random",
                headline="Random",
                seen_at=T0 + timedelta(hours=v),
                source="Local Times",
            )
        )
    index_pending(fresh_store)
    sid = fresh_store.article("https://local.example/random").id
    pairs = _pairs(fresh_store, sid)
    assert len(pairs) >= 6  # typography-only edits make no new version
    for a, aid, b, bid in pairs:
        rebuilt = cached_display(fresh_store.engine, aid, bid)
        assert rebuilt is not None
        fresh = fresh_store.compare_versions(sid, a, b)
        assert _inline(build_view(rebuilt)) == _inline(build_view(fresh))
        assert build_view(rebuilt) == build_view(fresh)  # older column included


def test_foreign_or_damaged_json_is_not_used(web_store: Store) -> None:
    fresh = compare("The toll rose to 12. More to follow.", "The toll rose to 15.")
    data = fresh.to_dict()
    assert display_comparison({**data, "format_version": 999}) is None
    assert cached_display(web_store.engine, 10**9, 10**9 + 1) is None
    bad = {**data, "alignment": [{"op": "edited", "old": [7], "new": [0], "words": []}]}
    assert display_comparison(bad) is None  # sentence 8 of a one-sentence version
    assert display_comparison({**data, "old_paragraphs": []}) is None  # lengths differ


def _page(store: Store, path: str) -> tuple[str, int]:
    with TestClient(create_app(store)) as client:
        client.cookies.set("redline_csrf", NONCE)
        r = client.get(path)
        assert r.status_code == 200, r.text[:300]
        recomputed = len(client.app.state.web.comparisons._data)  # type: ignore[attr-defined]
    return r.text, recomputed


def test_diff_page_from_stored_comparison_is_identical(fresh_store: Store) -> None:
    seed = record_seed(fresh_store)
    plain = record_plain(fresh_store, 1)[0]
    hostile = record_hostile(fresh_store)
    index_pending(fresh_store)
    paths = [
        f"/stories/{seed}/diff/2/3",
        f"/stories/{seed}/diff/1/2",
        f"/stories/{plain}/diff/1/2",
        f"/stories/{hostile}/diff/1/2",
        f"/stories/{seed}/diff/2/3?view=side",
        f"/stories/{seed}/diff/1/3",
    ]
    from_store = [_page(fresh_store, p) for p in paths]
    # Diff pages align nothing on request, in either view: indexed changes are in the
    # store, and a pair of versions that are not consecutive is explained (and stored)
    # once, on its first request.
    assert [n for _, n in from_store] == [0, 0, 0, 0, 0, 0]
    assert "moved" in from_store[0][0]
    with fresh_store.engine.begin() as conn:
        conn.execute(delete(K))
    recomputed = [_page(fresh_store, p) for p in paths]
    # Without stored comparisons the indexed pages align on request; the explained
    # non-consecutive pair is stored again and drawn from there.
    assert [n for _, n in recomputed] == [1, 1, 1, 1, 1, 0]
    assert [body for body, _ in from_store] == [body for body, _ in recomputed]
