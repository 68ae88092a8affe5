"""Word tokens keep numbers, times, scores and money whole."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redline.text.tokens import _TOKEN, content_words, tokenize, tokens_and_spans, word_spans


@pytest.mark.parametrize(
    "token",
    ["3:29.65", "5,000m", "£4.5bn", "2-1", "46.89", "1500m", "12.97", "€2.3bn", "10%", "3,000",
     "15:13.66", "$3.2", "Britain’s", "team-mate", "Johnson-Thompson", "2023-08-23", "1/2"],
)  # fmt: skip
def test_numbers_and_compounds_are_one_token(token):
    assert tokenize(token) == [token]
    assert tokenize(f"in {token}, now") == ["in", token, ",", "now"]


def test_sentence_tokens():
    assert tokenize("Kerr won 1500m gold in 3:29.38, beating Ingebrigtsen (3:29.65).") == [
        "Kerr", "won", "1500m", "gold", "in", "3:29.38", ",", "beating", "Ingebrigtsen",
        "(", "3:29.65", ")", ".",
    ]  # fmt: skip
    assert tokenize("“Why?” she asked.") == ["“", "Why", "?", "”", "she", "asked", "."]


def test_spans_point_at_tokens():
    text = "Britain’s Kerr – £4.5m   richer."
    assert [text[a:b] for a, b in word_spans(text)] == tokenize(text)


def test_content_words_are_folded_and_typography_free():
    assert content_words("Britain’s “Best” ever, said Kerr") == {
        "britain's",
        "best",
        "ever",
        "kerr",
    }
    assert content_words("The and of a") == frozenset()
    assert content_words("Le café et la gare") == {"café", "gare"}


@given(st.text(max_size=60))
def test_tokens_cover_every_visible_character(text):
    tokens = tokenize(text)
    assert "".join(tokens) == re.sub(r"\s+", "", text)
    assert not any(re.search(r"\s", t) for t in tokens)


_TYPOGRAPHY = "ab1 £$€¥.,:'’/-–%_\t\n\u00a0\u2009\u3000é!?\x1c"


@given(st.text(_TYPOGRAPHY, max_size=40) | st.text(max_size=40))
def test_tokens_and_spans_are_the_token_pattern_matches(text):
    # tokenize cuts at white space first and spans are found with str.find:
    # both must give exactly what a scan with the token pattern gives
    matches = list(_TOKEN.finditer(text))
    tokens, spans = tokens_and_spans(text)
    assert tokens == tokenize(text) == [m.group() for m in matches]
    assert spans == word_spans(text) == [m.span() for m in matches]
