"""Properties of the alignment that must hold for any pair of texts."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import redline
from redline.align.worddiff import _Starts, word_diff
from redline.text.tokens import tokens_and_spans

# A small vocabulary makes repeated and near-duplicate sentences likely.
WORDS = [
    "the",
    "council",
    "said",
    "fire",
    "crews",
    "left",
    "Kerr",
    "won",
    "3:29.38",
    "2-1",
    "“quoted”",
    "more",
    "to",
    "follow",
    "£4.5bn",
    "über",
    "déjà",
    "Mr.",
    "U.S.",
    "—",
    "Monday:",
    "Update:",
    ":",
]
ENDINGS = [".", "!", "?", "…", ""]

sentence = st.builds(
    lambda ws, end: " ".join(ws).capitalize() + end,
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=8),
    st.sampled_from(ENDINGS),
)
paragraph = st.lists(sentence, min_size=1, max_size=3).map(" ".join)
document = st.lists(paragraph, min_size=0, max_size=12).map("\n".join)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def version_pair(draw: st.DrawFn) -> tuple[str, str]:
    """An old version and a new one made from it by random edits (or an unrelated one)."""
    old_paras = draw(st.lists(paragraph, min_size=0, max_size=10))
    if draw(st.booleans()):
        return "\n".join(old_paras), draw(document)
    new_paras = list(old_paras)
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["insert", "delete", "edit", "move", "duplicate"]))
        if op == "insert" or not new_paras:
            new_paras.insert(draw(st.integers(0, len(new_paras))), draw(paragraph))
            continue
        k = draw(st.integers(0, len(new_paras) - 1))
        if op == "delete":
            del new_paras[k]
        elif op == "edit":
            words = new_paras[k].split(" ")
            words[draw(st.integers(0, len(words) - 1))] = draw(st.sampled_from(WORDS))
            new_paras[k] = " ".join(words)
        elif op == "move":
            new_paras.insert(draw(st.integers(0, len(new_paras) - 1)), new_paras.pop(k))
        else:
            new_paras.insert(k, new_paras[k])
    return "\n".join(old_paras), "\n".join(new_paras)


def _check_cover(c: redline.Comparison) -> None:
    old_seen = Counter(i for link in c.links for i in link.old)
    new_seen = Counter(j for link in c.links for j in link.new)
    assert sorted(old_seen) == list(range(len(c.old.sentences)))
    assert sorted(new_seen) == list(range(len(c.new.sentences)))
    # a split or merge still names each sentence once: one item per sentence per side
    assert set(old_seen.values()) <= {1}
    assert set(new_seen.values()) <= {1}
    for link in c.links:
        assert (link.op == "added") == (not link.old)
        assert (link.op == "deleted") == (not link.new)
        if link.relation == "one":
            assert len(link.old) <= 1 and len(link.new) <= 1
        elif link.relation == "split":
            assert len(link.old) == 1 and len(link.new) >= 2
        else:
            assert len(link.new) == 1 and len(link.old) >= 2
        if link.op == "unchanged":
            assert c.old.sentences[link.old[0]].key == c.new.sentences[link.new[0]].key


@SETTINGS
@given(version_pair())
def test_every_sentence_is_covered_exactly_once(pair: tuple[str, str]) -> None:
    _check_cover(redline.compare(*pair))


@SETTINGS
@given(document)
def test_a_version_against_itself_is_all_unchanged(text: str) -> None:
    c = redline.compare(text, text)
    assert all(link.op == "unchanged" for link in c.links)
    assert not c.changed
    assert c.summary() == "no meaningful change"
    assert len(c.links) == len(c.old.sentences)


def _texts(c: redline.Comparison) -> tuple[Counter, Counter, Counter]:
    """Added and deleted sentence texts, and linked (old text, new text) pairs."""
    o, n = c.old.texts, c.new.texts
    added = Counter(n[j] for link in c.links if link.op == "added" for j in link.new)
    deleted = Counter(o[i] for link in c.links if link.op == "deleted" for i in link.old)
    pairs = Counter(
        (o[i], n[j])
        for link in c.links
        if link.old and link.new
        for i in link.old
        for j in link.new
    )
    return added, deleted, pairs


@SETTINGS
@given(version_pair())
# two links re-partnered so that they cross each other were both read as in
# order, which bounded the next step's gaps one way when the versions were
# read one way and another way when they were swapped
@example(
    (
        "“quoted” council £4.5bn left monday:…\n3:29.38?\n"
        "Déjà crews follow über “quoted” council £4.5bn left monday:…",
        "Update: update: left über u.s.? Fire follow 2-1 über won fire “quoted”.\n"
        "Won said : monday: left left monday: über! Über 2-1 2-1 3:29.38 mr. über.",
    )
)
def test_swapping_versions_swaps_added_and_deleted_and_mirrors_links(pair: tuple[str, str]) -> None:
    old, new = pair
    forward, backward = redline.compare(old, new), redline.compare(new, old)
    f_added, f_deleted, f_pairs = _texts(forward)
    b_added, b_deleted, b_pairs = _texts(backward)
    assert f_added == b_deleted
    assert f_deleted == b_added
    assert f_pairs == Counter({(n, o): k for (o, n), k in b_pairs.items()})
    assert forward.changed == backward.changed


@SETTINGS
@given(st.text(max_size=300), st.text(max_size=300))
def test_word_diff_rebuilds_both_texts(old: str, new: str) -> None:
    pieces = word_diff(old, new)
    assert "".join(p.old for p in pieces) == old
    assert "".join(p.new for p in pieces) == new
    for p in pieces:
        if p.op == "equal":
            assert redline.normalize(p.old) == redline.normalize(p.new)


@SETTINGS
@given(version_pair())
def test_word_diffs_of_links_rebuild_the_sentences(pair: tuple[str, str]) -> None:
    c = redline.compare(*pair)
    for link in c.links:
        if link.words:
            old = " ".join(c.old.sentences[i].text for i in link.old)
            new = " ".join(c.new.sentences[j].text for j in link.new)
            assert "".join(w.old for w in link.words) == old
            assert "".join(w.new for w in link.words) == new


@SETTINGS
@given(st.text(max_size=400), st.text(max_size=400))
def test_any_text_aligns_without_error(old: str, new: str) -> None:
    """Arbitrary Unicode (control characters, combining marks, emoji, lone
    punctuation, odd line breaks) segments and aligns, covering every sentence."""
    c = redline.compare(old, new)
    _check_cover(c)
    c.to_dict()


@given(
    st.lists(st.sampled_from([*"ab1 .,:'’-–£%\u00a0\t", "aa", "..."]), max_size=40).map("".join),
    st.lists(st.integers(0, 70), max_size=12),
)
def test_token_offsets_found_from_either_end_are_the_offsets(text: str, asked: list[int]) -> None:
    # the word diff finds token offsets lazily, from whichever end is nearer:
    # in any order of asking, they must be those of a plain left-to-right scan
    tokens, spans = tokens_and_spans(text)
    starts = _Starts(text, tokens)
    for k in asked:
        expected = spans[k][0] if k < len(spans) else len(text)
        assert starts.start(k) == expected


_RESTYLE = {" ": ["  ", "\u00a0", " "], "“": ['"'], "”": ['"'], "’": ["'"], "—": ["-", "--"]}


@st.composite
def restyled_pair(draw: st.DrawFn) -> tuple[str, str]:
    """A version pair whose new side is also restyled here and there: doubled or
    non-breaking spaces, straight quotes for curly ones, dashes."""
    old, new = draw(version_pair())
    out = []
    for ch in new:
        if ch in _RESTYLE and draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from(_RESTYLE[ch])))
        else:
            out.append(ch)
    return old, "".join(out)


def _joined(data: dict, side: str, item: dict) -> tuple[str, str]:
    texts = data[f"{side}_sentences"]
    want = " ".join(texts[i] for i in item[side])
    if side == "old":
        got = "".join(w.get("old", w.get("text", "")) for w in item["words"])
    else:
        got = "".join(w.get("new", w.get("text", "")) for w in item["words"])
    return want, got


def _check_json_rebuilds(c: redline.Comparison) -> int:
    import json

    data = json.loads(json.dumps(c.to_dict()))
    checked = 0
    for item in data["alignment"]:
        if "words" not in item:
            continue
        for side in ("old", "new"):
            want, got = _joined(data, side, item)
            assert got == want
        checked += 1
    return checked


@SETTINGS
@given(st.one_of(restyled_pair(), st.tuples(st.text(max_size=300), st.text(max_size=300))))
def test_json_word_pieces_rebuild_both_sentences(pair: tuple[str, str]) -> None:
    """The JSON contract: joining ``text``/``old`` pieces gives the old text and
    ``text``/``new`` pieces the new text, exactly (typography and spacing included);
    stored JSON rebuilds the same word pieces."""
    from redline.changes.cache import display_comparison

    old, new = pair
    for c in (redline.compare(old, new), redline.compare(new, old)):
        _check_json_rebuilds(c)
        rebuilt = display_comparison(c.to_dict())
        assert rebuilt is not None
        assert [link.words for link in rebuilt.links] == [link.words for link in c.links]


def test_json_equal_pieces_keep_the_old_typography() -> None:
    old = 'He said "no" to the  plan today.'
    new = "He said “no” to the plan on Monday."
    c = redline.compare(old, new)
    assert _check_json_rebuilds(c) == 1
    (item,) = c.to_dict()["alignment"]
    first = item["words"][0]
    assert first == {
        "op": "equal",
        "text": "He said “no” to the plan ",
        "old": 'He said "no" to the  plan ',
    }
    # equal pieces identical on both sides carry no ``old``
    assert item["words"][-1] == {"op": "equal", "text": "."}
