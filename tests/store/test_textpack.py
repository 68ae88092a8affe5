"""Text storage: units join back exactly, layouts and packs round-trip, hashes ignore typography."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from redline.store.textpack import (
    UnitTable,
    content_hash,
    decode_layout,
    decode_pack,
    encode_layout,
    encode_pack,
    join_units,
    split_units,
)

TEXTISH = st.text(
    alphabet=st.sampled_from(list('ab .!?\t\u00a0\u201d\u2019"A1\u2026')), max_size=60
)


@given(TEXTISH)
@settings(max_examples=400)
def test_split_then_join_is_identity(paragraph: str) -> None:
    assert join_units(split_units(paragraph)) == paragraph


def test_a_sentence_is_one_unit_wherever_it_stands() -> None:
    a = split_units("First one. Second one. Third one.")
    b = split_units("Second one. First one.")
    assert a == ["First one.", "Second one.", "Third one."]
    assert set(b) <= set(a)
    assert join_units(split_units("Odd  spacing. Here.")) == "Odd  spacing. Here."


@given(st.lists(st.lists(st.integers(0, 100_000), min_size=1, max_size=8), max_size=6))
def test_layout_round_trip(paragraphs: list[list[int]]) -> None:
    assert decode_layout(encode_layout(paragraphs)) == paragraphs


@given(st.lists(st.text(max_size=300), max_size=12))
def test_pack_round_trip(units: list[str]) -> None:
    assert decode_pack(encode_pack(units)) == units


def test_unit_table_stores_shared_sentences_once() -> None:
    table = UnitTable()
    v1 = ["The toll rose to 12. Rescuers are searching.", "More to follow."]
    layout, new = table.plan(v1)
    table.add_units(new)
    assert table.paragraphs(encode_layout(layout)) == v1
    v2 = ["The toll rose to 15. Rescuers are searching.", "Officials said the bridge failed."]
    layout2, new2 = table.plan(v2)
    assert new2 == ["The toll rose to 15.", "Officials said the bridge failed."]
    table.add_units(new2)
    assert table.paragraphs(encode_layout(layout2)) == v2


def test_content_hash_ignores_typography_breaks_and_furniture() -> None:
    base = content_hash("Kerr wins", None, ['Kerr\'s "gold" - a surprise.', "He won."])
    assert base == content_hash(
        "Kerr wins", None, ["Kerr\u2019s \u201cgold\u201d \u2013 a surprise. He won."]
    )
    assert base == content_hash(
        "Kerr wins", None, ["Last updated on 23 August", 'Kerr\'s "gold" - a surprise.', "He won."]
    )
    assert base != content_hash("Kerr wins!", None, ['Kerr\'s "gold" - a surprise.', "He won."])
    assert base != content_hash("Kerr wins", None, ['Kerr\'s "gold" - a shock.', "He won."])


def test_packs_compress_against_earlier_units() -> None:
    from redline.store.textpack import pack_base

    table = UnitTable()
    first = [
        f"Sentence number {i} says the council met on Tuesday to approve the plan."
        for i in range(30)
    ]
    layout, pack, count = table.record([" ".join(first)])
    assert count == 30 and pack is not None and pack_base(pack) == 0
    reworded = ["Sentence number 7 says the council met on Wednesday to approve the plan."]
    layout2, pack2, count2 = table.record([" ".join(first[:7] + reworded + first[8:])])
    assert count2 == 1 and pack2 is not None and pack_base(pack2) == 30
    assert len(pack2) < 40  # the new sentence is almost all in the dictionary
    reloaded = UnitTable()
    assert reloaded.load([(2, pack2), (1, pack)])  # any order: packs carry their base
    assert reloaded.paragraphs(layout2) == table.paragraphs(layout2)
    assert reloaded.paragraphs(layout) == [" ".join(first)]
    assert not UnitTable().load([(2, pack2)])  # a gap is detected
