"""Typography-free comparison form: typography is ignored, wording is not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redline.text.normalize import _normalize_joined, fold, normalize, normalize_many

SAME = [
    ("Britain’s “best” ever", 'Britain\'s "best" ever'),
    ("‘Not now,’ he said", "'Not now,' he said"),
    ("„Ja“, sagte er", '"Ja", sagte er'),
    ("Ingebrigtsen – unbeaten", "Ingebrigtsen - unbeaten"),
    ("Ingebrigtsen — unbeaten", "Ingebrigtsen - unbeaten"),
    ("Ingebrigtsen—unbeaten", "Ingebrigtsen - unbeaten"),
    ("Ingebrigtsen –unbeaten", "Ingebrigtsen  -  unbeaten"),
    ("minus −5", "minus -5"),
    ("10\u00a0km", "10 km"),
    ("Kerr   won\tgold\n", "Kerr won gold"),
    ("  padded  ", "padded"),
    ("« Oui »", "«Oui»"),
    ("«\u00a0Oui\u00a0»", '"Oui"'),
    ("«\u202fOui\u202f»", "« Oui »"),
    ("Non\u202f!", "Non!"),
    ("Pourquoi ?", "Pourquoi?"),
    ("Attention : danger ; vite", "Attention: danger; vite"),
    ("20 %", "20%"),
    ("\ufb01nance", "finance"),
    ("ＡＢＣ１２３", "ABC123"),
    ("co\u200bop\u00aderative", "cooperative"),
    ("\ufeffKerr", "Kerr"),
    ("zero\u200cwidth\u200djoin\u2060er", "zerowidthjoiner"),
]

DIFFERENT = [
    ("Kerr won", "Kerr lost"),
    ("kerr won", "Kerr won"),
    ("3:29.65", "3:29.56"),
    ("team-mate", "team mate"),
    ("Kerr won.", "Kerr won"),
    ("£4.5m", "£4.5bn"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_typography_is_ignored(a, b):
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_wording_is_not(a, b):
    assert normalize(a) != normalize(b)


def test_exact_forms():
    assert normalize("Britain’s “best” – ever\u00a0!") == 'Britain\'s "best" - ever!'
    assert normalize("« Je ne sais pas », a-t-il dit.") == '"Je ne sais pas", a-t-il dit.'
    assert normalize("team-mate 5,000m £4.5bn") == "team-mate 5,000m £4.5bn"
    assert normalize("") == ""


def test_fold_ignores_case_too():
    assert fold("KERR’s Gold") == fold("kerr's gold") == "kerr's gold"


_TYPOGRAPHY = st.sampled_from(
    list("aZ1 -–—―‐−'\"«»‹›“”‘’„\u00a0\u202f\u2009\t\n;:!?%.,\ufb01Ａ\u200b\u00ad\ufeff\u2028é")
)


@given(st.text(_TYPOGRAPHY, max_size=40) | st.text(max_size=40))
def test_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@given(st.text(_TYPOGRAPHY, max_size=40) | st.text(max_size=40))
def test_output_has_single_spaces_and_no_typographic_marks(text):
    out = normalize(text)
    assert out == out.strip()
    assert "  " not in out
    assert not any(c in out for c in "\u00a0\u202f\u2018\u2019\u201c\u201d\u2013\u2014\u200b\u00ad")


@given(st.lists(st.text(_TYPOGRAPHY, max_size=30) | st.text(max_size=30), max_size=8))
def test_normalize_many_is_normalize_of_each(texts):
    # one pass over all texts joined must give exactly what one call per text gives
    assert _normalize_joined(texts) == [normalize(t) for t in texts]
    assert normalize_many(texts) == [normalize(t) for t in texts]


def test_normalize_many_keeps_each_text_to_itself():
    texts = ["«", " Oui", "a –", "– b", "x ", " ;", "`ok`", "`é`", "\u200b", ""]
    assert _normalize_joined(texts) == [normalize(t) for t in texts]
    assert _normalize_joined(["a\nb", "c"]) == [normalize("a\nb"), "c"]  # a line feed inside


def test_an_en_dash_in_a_range_is_a_hyphen() -> None:
    # "£13–14bn" and "£13-14bn" are the same text, and so are two routes written
    # either way; a spaced dash or an em dash is still punctuation, whatever its width
    for dashed, plain in [
        ("cost £13\u201314bn in total", "cost £13-14bn in total"),
        ("the 2019\u201320 season", "the 2019-20 season"),
        ("won 3\u20131 at home", "won 3-1 at home"),
        ("tickets priced at £20\u2013£45", "tickets priced at £20-£45"),
        ("a rise of 10%\u201315%", "a rise of 10%-15%"),
    ]:
        assert normalize(dashed) == normalize(plain) == plain
        assert normalize_many([dashed] * 9) == [plain] * 9
    assert normalize("the Oban\u2013Craignure ferry") == "the Oban-Craignure ferry"
    assert normalize("a gap\u2014then more") == "a gap - then more"  # an em dash stays one
    assert normalize("Paris \u2013 Rome") == normalize("Paris - Rome")


def test_a_range_retyped_is_no_change() -> None:
    import redline

    old = "Smart meters\nThe report estimates the programme will cost £13-14bn in total."
    new = "Smart meters\nThe report estimates the programme will cost £13\u201314bn in total."
    assert not redline.compare(old, new).changed
