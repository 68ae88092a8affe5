"""Sentence and paragraph segmentation: accuracy on the test set, rules, robustness."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redline.text.boilerplate import is_boilerplate
from redline.text.normalize import normalize
from redline.text.segment import clear_cache, is_heading, segment, split_sentences

DATA = Path(__file__).resolve().parent.parent / "data" / "segmentation"
_WS = re.compile(r"\s+")

# Floors a little below the figures measured by bench/segmentation.py (see
# docs/benchmarks.md): boundary F1 and share of paragraphs exactly right.
FLOORS = {
    "en": (0.985, 0.985),
    "fr": (0.985, 0.985),
    "heldout_en": (0.975, 0.97),
    "heldout_fr": (0.975, 0.97),
}


def _load(stem: str) -> list[dict]:
    with open(DATA / f"{stem}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _segment_texts(text: str) -> list[str]:
    return segment(text, drop_boilerplate=False).texts


def _boundaries(sentences: list[str]) -> set[int]:
    marks, pos = set(), 0
    for s in sentences:
        pos += len(_WS.sub("", s))
        marks.add(pos)
    marks.discard(pos)
    return marks


def _score(cases: list[dict]) -> tuple[float, float]:
    tp = fp = fn = exact = 0
    for case in cases:
        got = _segment_texts(case["text"])
        gold_b, got_b = _boundaries(case["sentences"]), _boundaries(got)
        tp += len(gold_b & got_b)
        fp += len(got_b - gold_b)
        fn += len(gold_b - got_b)
        exact += got == case["sentences"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return 2 * precision * recall / (precision + recall), exact / len(cases)


@pytest.mark.parametrize("stem", sorted(FLOORS))
def test_accuracy_on_the_test_set(stem):
    f1, exact = _score(_load(stem))
    min_f1, min_exact = FLOORS[stem]
    assert f1 >= min_f1, f"boundary F1 {f1:.3f} < {min_f1}"
    assert exact >= min_exact, f"paragraphs exactly right {exact:.3f} < {min_exact}"


@pytest.mark.parametrize("stem", sorted(FLOORS))
def test_test_set_is_well_formed(stem):
    cases = _load(stem)
    for case in cases:
        text, sentences = case["text"], case["sentences"]
        assert sentences and all(s == s.strip() and s for s in sentences), case
        assert _WS.sub("", "".join(sentences)) == _WS.sub("", text), case
        pos = 0
        for s in sentences:
            found = text.find(s, pos)
            assert found >= 0, (s, text)
            pos = found + len(s)
    assert len({c["text"] for c in cases}) == len(cases)


def test_test_set_is_large_and_tricky():
    dev = _load("en") + _load("fr")
    assert len(dev) >= 200
    assert sum(len(c["sentences"]) - 1 for c in dev) >= 200
    texts = " ".join(c["text"] for c in dev)
    needles = "Mr. | U.S. | No. 1 | 3:29.38 | a.m. | e.g. | i.e. | etc. | J. K. | … | « | » | http"
    needles += " | @ | iPhone | M. Macron | Mme | av. J.-C. | n° 5 | “ | ‘"
    for needle in needles.split(" | "):
        assert needle in texts, needle


# --- rules, each on sentences that are not in the test set -------------------

SPLITS = [
    # a quotation running over several sentences is split, closing quote kept
    ("“We fought. We lost. We will be back,” the captain said.",
     ["“We fought.", "We lost.", "We will be back,” the captain said."]),
    ('"Nobody told us. Nobody warned us."', ['"Nobody told us.', 'Nobody warned us."']),
    # ? and ! inside quotes followed by an attribution
    ("“Where were you?” he asked her.", ["“Where were you?” he asked her."]),
    ("“Where were you?” Jones demanded.", ["“Where were you?” Jones demanded."]),
    ("“Where were you?” The silence lasted a minute.",
     ["“Where were you?”", "The silence lasted a minute."]),
    ("« Et après ? » s’agace la ministre.", ["« Et après ? » s’agace la ministre."]),
    ("« Et après ? » Le maire n’a pas répondu.", ["« Et après ? »", "Le maire n’a pas répondu."]),
    ("“Why me?” Prime Minister Jo Hart asked.", ["“Why me?” Prime Minister Jo Hart asked."]),
    ("« On a gagné ! » La joie a envahi le vestiaire.",
     ["« On a gagné ! »", "La joie a envahi le vestiaire."]),
    # titles, abbreviations and initials
    ("Mr. Jones met Dr. Brown at St. James's Park.",
     ["Mr. Jones met Dr. Brown at St. James's Park."]),
    ("She served in the U.S. Navy for 20 years.", ["She served in the U.S. Navy for 20 years."]),
    ("He grew up in the U.S. It shaped him.", ["He grew up in the U.S.", "It shaped him."]),
    ("Talks end at 6 p.m. Voting starts tomorrow.",
     ["Talks end at 6 p.m.", "Voting starts tomorrow."]),
    ("Doors open at 7 p.m. BST on Friday.", ["Doors open at 7 p.m. BST on Friday."]),
    ("The team is ranked No. 4 in Europe.", ["The team is ranked No. 4 in Europe."]),
    ("Books by C. S. Lewis sold well.", ["Books by C. S. Lewis sold well."]),
    ("M. Barnier a démissionné. Mme Vautrin assure l’intérim.",
     ["M. Barnier a démissionné.", "Mme Vautrin assure l’intérim."]),
    ("Le texte de J.-M. Le Pen a été retiré.", ["Le texte de J.-M. Le Pen a été retiré."]),
    ("Il est né vers 4 av. J.-C. Il est mort à Jérusalem.",
     ["Il est né vers 4 av. J.-C.", "Il est mort à Jérusalem."]),
    ("Option A. It was the cheaper one.", ["Option A.", "It was the cheaper one."]),
    ("Tea, coffee, juice, etc. are free.", ["Tea, coffee, juice, etc. are free."]),
    # numbers never contain a break; a sentence may start with one
    ("The record is 3:26.00. Nobody has come close.",
     ["The record is 3:26.00.", "Nobody has come close."]),
    ("Profits hit £2.4bn. 2024 will be harder.", ["Profits hit £2.4bn.", "2024 will be harder."]),
    ("It ended 4-3. £1m was raised for charity.", ["It ended 4-3.", "£1m was raised for charity."]),
    ("Il a couru en 10,05 s. Un record.", ["Il a couru en 10,05 s.", "Un record."]),
    # lower case after a full stop: a new sentence only after an ordinary word
    ("Sales rose in 2019. bp did better.", ["Sales rose in 2019.", "bp did better."]),
    ("He called it “absurd.” and walked out.", ["He called it “absurd.” and walked out."]),
    ("The approx. cost is high.", ["The approx. cost is high."]),
    # ellipses
    ("He hesitated... then signed.", ["He hesitated... then signed."]),
    ("They waited… Nothing happened.", ["They waited…", "Nothing happened."]),
    # brands, web addresses, lists
    ("Shares fell. iPad sales were flat.", ["Shares fell.", "iPad sales were flat."]),
    ("Go to example.org. Then log in.", ["Go to example.org.", "Then log in."]),
    ("Write to news@example.com. We reply.", ["Write to news@example.com.", "We reply."]),
    ("1. Sign the form. 2. Post it.", ["1. Sign the form.", "2. Post it."]),
    # parentheses
    ("The mayor (re-elected in May) spoke. (She was brief.)",
     ["The mayor (re-elected in May) spoke.", "(She was brief.)"]),
]  # fmt: skip


@pytest.mark.parametrize(("paragraph", "expected"), SPLITS)
def test_sentence_rules(paragraph, expected):
    assert split_sentences(paragraph) == expected


def test_seed_quote_runs_over_two_sentences(seed_texts):
    doc = segment(seed_texts[1])
    assert "“I didn’t feel like I ran the best race." in doc.texts
    assert any(
        t.startswith("I just threw my whole 16 years") and t.endswith("until the end.”")
        for t in doc.texts
    )


def test_seed_sentences_keep_times_whole(seed_texts):
    texts = segment(seed_texts[0]).texts
    nordas = [t for t in texts if "3:29.68" in t]
    assert nordas == [
        "Ingebrigtsen held on for silver in 3:29.65 ahead of compatriot Narve Gilje Nordas "
        "(3:29.68), while Britain's Neil Gourley finished ninth in 3:31.10."
    ]


# --- paragraphs, headings, the Document --------------------------------------


def test_every_line_break_ends_a_paragraph():
    doc = segment("Kerr won. He wept.\nIngebrigtsen was second.\n\n\nThe crowd roared.")
    assert doc.texts == ["Kerr won.", "He wept.", "Ingebrigtsen was second.", "The crowd roared."]
    assert doc.paragraphs == ((0, 2), (2, 3), (3, 4))
    assert [s.paragraph for s in doc.sentences] == [0, 0, 1, 2]
    assert [s.index for s in doc.sentences] == [0, 1, 2, 3]
    assert doc.paragraph_text(0) == "Kerr won. He wept."


def test_windows_line_endings_and_indentation():
    doc = segment("  First line here.\r\n\tSecond line here.\r\n")
    assert doc.texts == ["First line here.", "Second line here."]


def test_short_line_without_final_punctuation_is_a_heading():
    doc = segment("Gold for Kerr in Budapest\nKerr won. Mr. Wightman watched.\nDr. Who? Not here")
    assert [(s.text, s.heading) for s in doc.sentences] == [
        ("Gold for Kerr in Budapest", True),
        ("Kerr won.", False),
        ("Mr. Wightman watched.", False),
        ("Dr. Who? Not here", True),
    ]
    assert is_heading("Warholm reclaims world title as pole vaulters share gold")
    assert not is_heading("Kerr won gold.")
    assert not is_heading("Three things to know:")
    long_line = " ".join(["word"] * 30)
    assert not is_heading(long_line)


def test_keys_are_the_normalised_text():
    doc = segment('Britain’s “best” – ever.\nBritain\'s "best" - ever.')
    assert doc.sentences[0].key == doc.sentences[1].key == normalize("Britain’s “best” – ever.")
    assert doc.sentences[0].text != doc.sentences[1].text


def test_furniture_is_set_aside(seed_texts):
    doc = segment(seed_texts[0])
    assert doc.dropped == ("date 2023-08-23 Last updated on .From the section Athletics",)
    assert doc.texts[-1] == "More to follow."
    kept = segment(seed_texts[0], drop_boilerplate=False)
    assert kept.texts[0].startswith("date 2023-08-23")
    assert kept.dropped == ()


@pytest.mark.parametrize("text", ["", "   ", "\n\n\n", "\u200b\n\u00ad"])
def test_empty_input_gives_an_empty_document(text):
    doc = segment(text)
    assert len(doc) == 0
    assert doc.paragraphs == ()
    if not text.strip():
        assert split_sentences(text) == []


def test_text_that_is_all_punctuation():
    doc = segment("?!.…\n... !!! ???\n“”«»")
    assert "".join(doc.texts).replace(" ", "") == "?!.…...!!!???“”«»"


@pytest.mark.parametrize(
    "text",
    [
        "!" * 200_000,
        "." * 200_000,
        "a. " * 100_000,
        "Mr. " * 100_000,
        "x" * 500_000 + ".",
        "Hi." + ")" * 100_000 + "x",
        "Non ! » " * 50_000,
    ],
    ids=["bangs", "dots", "initials", "titles", "one-word", "closers", "guillemets"],
)
def test_pathological_paragraphs_are_segmented_without_loss(text):
    doc = segment(text)
    assert _WS.sub("", "".join(doc.texts)) == _WS.sub("", text)


def test_a_100k_character_sentence_stays_one_sentence():
    sentence = "The " + "very " * 20_000 + "long sentence ends here."
    assert segment(sentence).texts == [sentence]


_ALPHABET = st.sampled_from([*"ab AB1 .!?…\"'“”‘’«»()\n-:;,", "Mr.", "U.S.", " M. ", "\u00a0"])


@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_segmentation_loses_and_invents_nothing(text):
    doc = segment(text, drop_boilerplate=False)
    assert _WS.sub("", "".join(doc.texts)) == _WS.sub("", text)
    assert all(s.text == s.text.strip() and s.text for s in doc.sentences)
    assert [s.index for s in doc.sentences] == list(range(len(doc)))
    for p, (start, stop) in enumerate(doc.paragraphs):
        assert start < stop
        assert all(s.paragraph == p for s in doc.sentences[start:stop])


def _segment_line_by_line(text: str, drop_boilerplate: bool) -> tuple:
    """The rules of the module docstring applied one line at a time, with no
    shortcut: what segment() must give, however it gets there."""
    sentences, paragraphs, dropped = [], [], []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if drop_boilerplate and is_boilerplate(line):
            dropped.append(line)
            continue
        heading = is_heading(line)
        pieces = [line] if heading else split_sentences(line)
        units = [(p, normalize(p)) for p in pieces if normalize(p)]
        if units:
            start = len(sentences)
            for piece, key in units:
                sentences.append((len(sentences), piece, key, len(paragraphs), heading))
            paragraphs.append((start, len(sentences)))
    return sentences, paragraphs, dropped


_LINES = st.sampled_from(
    [
        "The toll rose to 12. More to follow.",
        "Mr. Smith said: « Non ! »",
        "“Why?” she asked.",
        "Share this article",
        "Last updated on 5 May",
        "The site is not responsible for the content of external sites.",
        "Updated5 May",
        "| | |",
        "Results",
        "3:29.38 – a record…",
        "It’s “done” — twice.\u00a0Yes!",
        "a.\u200b b",
        "`quoted` text. Then",
        "\t",
        "",
        "U.S. No. 1",
    ]
)


@given(st.lists(_LINES | _ALPHABET, max_size=12), st.booleans(), st.booleans())
def test_segment_is_the_rules_applied_line_by_line(lines, drop_boilerplate, warm):
    text = "\n".join(lines)
    if not warm:
        clear_cache()
    doc = segment(text, drop_boilerplate=drop_boilerplate)
    sentences, paragraphs, dropped = _segment_line_by_line(text, drop_boilerplate)
    assert [tuple(s) for s in doc.sentences] == sentences
    assert list(doc.paragraphs) == paragraphs
    assert list(doc.dropped) == dropped


def test_a_word_that_abbreviates_only_before_a_number_ends_a_sentence() -> None:
    # "vol." is a volume before a number, a flight (or a theft) at the end of
    # a French sentence; "art." an article of law, or art
    assert split_sentences("Voir le vol. 2 de la série. Il est paru.") == [
        "Voir le vol. 2 de la série.",
        "Il est paru.",
    ]
    assert split_sentences("Vous serez placé sur un autre vol. Avant de partir, vérifiez.") == [
        "Vous serez placé sur un autre vol.",
        "Avant de partir, vérifiez.",
    ]
    assert split_sentences("Selon l'art. 12 du code, c'est interdit.") == [
        "Selon l'art. 12 du code, c'est interdit."
    ]
    assert split_sentences("Elle vit pour l'art. Rien d'autre ne compte.") == [
        "Elle vit pour l'art.",
        "Rien d'autre ne compte.",
    ]
