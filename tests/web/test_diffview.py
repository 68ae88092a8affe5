from __future__ import annotations

from redline import compare
from redline.web.diffview import build_view
from tests.conftest import SEED_NEW, SEED_OLD
from tests.web.stories import moved_version


def test_moved_sentence_has_links_both_ways() -> None:
    c = compare(SEED_NEW.read_text(encoding="utf-8"), moved_version())
    rows = build_view(c, context=-1).rows
    moved = [r for r in rows if r.op == "moved"]
    away = [r for r in rows if r.op == "moved-away"]
    assert len(moved) == 1 and len(away) == 1
    assert moved[0].link_href == f"#{away[0].anchor}"
    assert away[0].link_href == f"#{moved[0].anchor}"
    # the old place comes before the new place in reading order
    anchors = [r.anchor for r in rows]
    assert anchors.index(away[0].anchor) < anchors.index(moved[0].anchor)
    assert len(set(anchors)) == len(anchors)


def test_word_pieces_rebuild_both_sides() -> None:
    c = compare(SEED_OLD.read_text(encoding="utf-8"), SEED_NEW.read_text(encoding="utf-8"))
    view = build_view(c, context=-1)
    for row, link in zip(
        [r for r in view.rows if r.op == "edited"],
        [x for x in c.links if x.op == "edited"],
        strict=True,
    ):
        old = "".join(p.text for p in row.old)
        new = "".join(p.text for p in row.new)
        assert old == " ".join(c.old.sentences[i].text for i in link.old)
        assert new.strip() == " ".join(c.new.sentences[j].text for j in link.new).strip()
        assert any(p.kind != "text" for p in row.inline)


def test_long_unchanged_runs_fold_with_context() -> None:
    old = " ".join(f"Sentence number {i} is here." for i in range(30))
    new = old.replace("number 15 is", "number fifteen is")
    view = build_view(compare(old, new), context=2)
    folded = [b for b in view.blocks if b.folded]
    assert len(folded) == 2
    assert all(r.op == "unchanged" for b in folded for r in b.rows)
    shown = [r for b in view.blocks if not b.folded for r in b.rows]
    assert [r.op for r in shown].count("unchanged") == 4  # two either side of the edit
    assert sum(len(b.rows) for b in view.blocks) == 30


def test_inline_view_keeps_the_words_around_a_deletion_apart() -> None:
    """The inline row shows equal text as the new version has it; a deletion
    carries the space only the old version has, so the row reads as text."""
    for old, new, shown in (
        ("The bakery in Carlow burned down.", "The bakery burned down.", "bakery in Carlow burned"),
        ("Crews fought the fire in Carlow.", "Crews fought the fire.", "fire in Carlow."),
    ):
        c = compare(old, new)
        row = next(r for r in build_view(c, context=-1).rows if r.op == "edited")
        inline = "".join(p.text for p in row.inline)
        assert shown in inline, inline
        assert "".join(p.text for p in row.inline if p.kind != "del") == new
        # the old column still rebuilds the old text exactly
        assert "".join(p.text for p in row.old) == old
