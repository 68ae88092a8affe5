"""Properties that hold for any pair of texts, and behaviour on hostile input."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import redline
from redline.explain import Classes, explain
from redline.explain.blame import blame

VOCAB = (
    'the a Kerr Smith Paris said told “quote” «citation» "x" 12 15 3:29.38 £4bn Monday '
    "More to follow. Correction: earlier version of this article amended won lost gold , . ; "
    "— – ’ ' ( ) ! ? Updated at 14:05 BREAKING This story is developing"
)
WORDS = st.sampled_from(VOCAB.split(" "))
LINE = st.lists(WORDS, min_size=0, max_size=14).map(" ".join)
TEXT = st.lists(LINE, min_size=0, max_size=8).map("\n".join)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXT, TEXT)
def test_any_pair_is_explained_consistently(old, new):
    c = redline.compare(old, new)
    e = explain(c)
    assert 0.0 <= e.significance <= 1.0
    assert isinstance(e.summary, str) and e.summary
    for edit in e.edits:
        assert edit.classes, edit
        assert 0.0 <= edit.significance <= 1.0
        if edit.link is not None:
            assert 0 <= edit.link < len(c.links)
            assert c.links[edit.link].op == edit.op
    if e.classes <= {Classes.TYPOGRAPHY}:
        assert e.significance == 0.0
    if not c.changed:
        # the text did not change: only an update stamp among the page's
        # furniture ("Updated at 14:05", a dropped line) may be reported
        changed = [edit for edit in e.edits if not set(edit.classes) <= {Classes.TYPOGRAPHY}]
        assert all(edit.field == "page" for edit in changed), changed
        if not (c.old.dropped or c.new.dropped):
            assert not e.changed
    assert e.to_dict()["summary"] == e.summary


@FAST
@given(TEXT)
def test_a_text_against_itself_is_no_change(text):
    e = explain(redline.compare(text, text))
    assert e.edits == ()
    assert e.summary == "no change"
    assert e.significance == 0.0


@settings(max_examples=40, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=5))
def test_blame_credits_every_sentence_to_an_existing_version(versions):
    b = blame(versions)
    assert b.version == len(versions)
    last = redline.segment(versions[-1])
    assert [s.text for s in b.sentences] == last.texts
    for s in b.sentences:
        assert 1 <= s.introduced <= s.changed <= b.version
        assert 1 <= s.versions <= b.version
        assert all(1 <= w.introduced <= b.version for w in s.words)
    for r in b.removed:
        assert 1 <= r.introduced < r.removed_in <= b.version


def test_pathological_input_stays_fast():
    # one huge paragraph of unbalanced quotation marks, digits and capitals
    chunk = "“Smith said 12 “ « Paris 3:29 ‘ Monday – "
    old = "\n".join(chunk * 40 + "." for _ in range(50))
    new = old.replace("12", "15").replace("Paris", "Lyon")
    c = redline.compare(old, new)
    t0 = time.process_time()
    e = explain(c)
    elapsed = time.process_time() - t0
    assert Classes.FACT_UPDATE in e.classes
    assert elapsed < 5.0
