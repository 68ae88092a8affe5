"""Provenance over a six-version story, including a sentence removed and restored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from redline.errors import InputError
from redline.explain.blame import Restoration, blame

A1 = "Flooding has hit the town of Ashford after heavy rain overnight."
A2 = "Severe flooding has hit the town of Ashford after heavy rain overnight."
B1 = "Residents were moved to the town hall."
B5 = "Residents were moved to the town hall and a nearby school."
C = "More to follow."
D2 = "The river burst its banks at about 03:00, police said."
D3 = "The river burst its banks at about 02:30, police said."
E = "The mayor called the damage “heartbreaking”."
F = "Two schools will stay closed on Monday."
G = "The Environment Agency has issued a flood warning for the area."
H = "Insurers expect claims to run into millions of pounds."

STORY = [
    [A1, B1, C],
    [A2, B1, D2, E],
    [A2, B1, D3, F],  # E removed
    [A2, F, B1, D3, G],  # F moved up, G added
    [A2, F, B5, D3, E, G],  # E restored, B edited
    [A2, F, B5, D3, E, H],  # G removed, H added
]
TEXTS = ["\n".join(v) for v in STORY]
T0 = datetime(2024, 3, 1, 6, 0, tzinfo=UTC)
TIMES = [T0 + timedelta(hours=h) for h in (0, 1, 3, 6, 10, 30)]


@pytest.fixture(scope="module")
def latest():
    return blame(TEXTS, times=TIMES)


def _by_text(b):
    return {s.text: s for s in b.sentences}


def test_every_sentence_of_the_latest_version_has_the_right_origin(latest):
    got = {s.text: (s.introduced, s.changed) for s in latest.sentences}
    assert got == {
        A2: (1, 2),
        F: (3, 3),
        B5: (1, 5),
        D3: (2, 3),
        E: (2, 2),
        H: (6, 6),
    }
    assert [s.text for s in latest.sentences] == STORY[-1]


def test_restored_sentence_keeps_its_introduction_and_records_the_gap(latest):
    e = _by_text(latest)[E]
    assert e.introduced == 2
    assert e.restorations == (Restoration(removed_in=3, restored_in=5),)
    assert e.versions == 3  # versions 2, 5 and 6
    assert {w.introduced for w in e.words} == {2}


def test_words_carry_the_version_that_wrote_them(latest):
    s = _by_text(latest)
    assert [(w.text, w.introduced) for w in s[A2].words][:3] == [
        ("Severe", 2),
        ("flooding", 1),
        ("has", 1),
    ]
    assert ("02:30", 3) in [(w.text, w.introduced) for w in s[D3].words]
    assert ("03:00", 2) not in [(w.text, w.introduced) for w in s[D3].words]
    b_words = [(w.text, w.introduced) for w in s[B5].words]
    kept = ["Residents", "were", "moved", "to", "the", "town", "hall"]
    assert b_words[:7] == [(t, 1) for t in kept]
    assert [t for t, v in b_words if v == 5] == ["and", "a", "nearby", "school"]
    assert all(w.introduced == 6 for w in s[H].words)


def test_added_then_removed_sentences(latest):
    removed = {r.text: (r.introduced, r.removed_in, r.versions) for r in latest.removed}
    assert removed == {C: (1, 2, 1), G: (4, 6, 2)}
    g = next(r for r in latest.removed if r.text == G)
    assert g.lifetime_seconds == (TIMES[5] - TIMES[3]).total_seconds()


def test_survival_and_ages(latest):
    s = _by_text(latest)
    assert s[A2].versions == 6 and s[F].versions == 4 and s[H].versions == 1
    assert s[A2].age_seconds == (TIMES[5] - TIMES[0]).total_seconds()
    assert s[H].age_seconds == 0.0
    assert latest.by_version() == {1: 2, 2: 2, 3: 1, 6: 1}


def test_any_version_can_be_blamed():
    b3 = blame(TEXTS, version=3)
    assert b3.version == 3
    got = {s.text: s.introduced for s in b3.sentences}
    assert got == {A2: 1, B1: 1, D3: 2, F: 3}
    assert {r.text: r.removed_in for r in b3.removed} == {C: 2, E: 3}
    b1 = blame(TEXTS, version=1)
    assert {s.introduced for s in b1.sentences} == {1}
    assert b1.removed == ()


def test_near_identical_restoration_counts_as_a_change():
    versions = [
        "The bridge is closed. Engineers are inspecting the damage to the main span.",
        "The bridge is closed.",
        "The bridge is closed. Engineers are inspecting the damage to the main spans.",
    ]
    b = blame(versions)
    s = b.sentences[1]
    assert s.introduced == 1 and s.changed == 3
    assert s.restorations == (Restoration(2, 3),)
    assert [w.text for w in s.words if w.introduced == 3] == ["spans"]


def test_json_form(latest):
    d = latest.to_dict()
    assert d["version"] == 6 and d["versions"] == 6
    e = next(x for x in d["sentences"] if x["text"] == E)
    assert e["restorations"] == [{"removed_in": 3, "restored_in": 5}]
    assert d["introduced_by_version"] == {"1": 2, "2": 2, "3": 1, "6": 1}


def test_bad_requests_raise_input_errors():
    with pytest.raises(InputError):
        blame([])
    with pytest.raises(InputError):
        blame(TEXTS, version=7)
    with pytest.raises(InputError):
        blame(TEXTS, version=0)
