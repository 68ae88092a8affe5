"""The canonical example: two real versions of a BBC Sport article."""

from __future__ import annotations

import pytest

import redline


@pytest.fixture(scope="module")
def comparison(seed_texts):
    return redline.compare(*seed_texts)


def _items(c, op, relation="one"):
    return [link for link in c.links if link.op == op and link.relation == relation]


def _new_text(c, link):
    return " ".join(c.new.sentences[j].text for j in link.new)


def _old_text(c, link):
    return " ".join(c.old.sentences[i].text for i in link.old)


def test_metadata_line_is_not_a_sentence(comparison):
    assert not any(
        "Last updated" in s.text or "From the section" in s.text for s in comparison.old.sentences
    )
    assert any("From the section" in line for line in comparison.old.dropped)


def test_four_quote_sentences_added(comparison):
    added = [_new_text(comparison, link) for link in _items(comparison, "added")]
    quotes = [t for t in added if "“" in t or "”" in t]
    assert quotes == [
        "“It’s been a long time coming,” the Scot said.",
        "“It’s quite an overwhelming experience but I’m so proud of myself and of my team "
        "and my family that got me here.",
        "“I didn’t feel like I ran the best race.",
        "I just threw my whole 16 years of this sport in that last 200m and didn’t give up "
        "until the end.”",
    ]


def test_new_section_of_twelve_sentences_added(comparison):
    added = [link.new[0] for link in _items(comparison, "added")]
    heading = next(s for s in comparison.new.sentences if s.text.startswith("Warholm reclaims"))
    assert heading.heading
    section = [j for j in added if j >= heading.index]
    assert section == list(range(heading.index, heading.index + 12))
    assert heading.index + 12 == len(comparison.new.sentences)
    assert len(added) == 4 + 12


def test_deleted_sentences(comparison):
    deleted = sorted(_old_text(comparison, link) for link in _items(comparison, "deleted"))
    assert deleted == ["Kerr chose the moment to pass Ingebrigsten perfectly", "More to follow."]


def test_last_old_sentence_split_in_two(comparison):
    (split,) = _items(comparison, "edited", "split")
    assert _old_text(comparison, split).startswith("Kerr demonstrated his ability")
    assert len(split.new) == 2
    parts = [comparison.new.sentences[j].text for j in split.new]
    assert parts[0].endswith("since 1988.")
    assert parts[1].startswith("Battling illness")


def test_four_sentences_edited_with_word_diffs(comparison):
    edited = _items(comparison, "edited")
    assert len(edited) == 4
    changes = {
        _old_text(comparison, link)[:30]: [
            (w.op, w.old, w.new) for w in link.words if w.op != "equal"
        ]
        for link in edited
    }
    crown = next(v for k, v in changes.items() if k.startswith("Kerr let out"))
    assert crown == [("insert", "", "a crown on his head and")]
    was = next(v for k, v in changes.items() if k.startswith("Kerr had run"))
    assert was == [("replace", "had been", "was")]
    assert any(k.startswith("Kerr earned GB") for k in changes)
    assert any(k.startswith("Ingebrigtsen had been determi") for k in changes)


def test_typography_only_changes_are_unchanged(comparison):
    unchanged = _items(comparison, "unchanged")
    assert len(unchanged) == 12
    texts = [_new_text(comparison, link) for link in unchanged]
    # curly apostrophes and en dashes in the new version, straight ones in the old
    assert any("Ingebrigtsen – unbeaten" in t for t in texts)
    assert any(t.startswith("Britain’s Josh Kerr") for t in texts)
    assert not _items(comparison, "moved")


def test_every_sentence_covered_once(comparison):
    seen_old = [i for link in comparison.links for i in link.old]
    seen_new = [j for link in comparison.links for j in link.new]
    assert sorted(seen_old) == list(range(len(comparison.old.sentences)))
    assert sorted(seen_new) == list(range(len(comparison.new.sentences)))


def test_summary_counts(comparison):
    assert comparison.summary() == "4 sentences edited, 16 added, 2 deleted, 1 split"
    assert comparison.changed
