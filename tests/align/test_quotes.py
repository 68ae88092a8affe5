"""Two quotations that say different things are two facts: a speaker's old
quote replaced by a new one in the same frame is deleted and added, not edited;
a quote trimmed, extended, corrected or turned into reported speech is the
same quote."""

from __future__ import annotations

import pytest
from tests.align.test_relinking import _mirrored, _ops

from redline.align.quotes import other_quote, quoted_terms


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            'The chief executive said the team was "ready and excited".',
            'The chief executive said the team was "disappointed but not surprised".',
        ),
        (
            '"Tom is an experienced walker and this is out of character," his sister said.',
            '"We are so grateful to everyone who helped look for Tom," his sister said.',
        ),
        (
            '"Nous demandons que tous les moyens soient mobilisés pour la retrouver", '
            "a déclaré Anne Roux.",
            '"Nous demandons que toute la lumière soit faite sur sa mort", a déclaré Anne Roux.',
        ),
    ],
)
def test_different_quoted_words_are_other_quotes(a: str, b: str) -> None:
    assert other_quote(a, b)
    assert other_quote(b, a)  # read either way


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # trimmed, extended, a word corrected
        (
            '"The night is young," said Anna Berg.',
            '"The night is young, and we will wait," said Anna Berg.',
        ),
        (
            '"We will never price out our loyal fans," he added.',
            '"We will always try not to price out our loyal fans," she added.',
        ),
        # the quote turned into reported speech inside a merged sentence
        (
            '"When we find three bottles, we keep them for the babies," she says.',
            'She spends "an hour a day on the phone" and keeps the bottles she finds for babies.',
        ),
        # only one side quotes, or a quote of one word
        ('The union called the plan "a hammer blow".', "The union condemned the plan."),
        ('He called it "unacceptable".', 'He called it "shameful".'),
        # an odd number of marks: the quotation's bounds are unknown
        ('"For too long, landlords have let damp homes.', '"This scheme gives us the power."'),
    ],
)
def test_the_same_quote_reworded_is_not_another(a: str, b: str) -> None:
    assert not other_quote(a, b)
    assert not other_quote(b, a)


def test_quoted_terms_are_the_stems_inside_the_quotation_marks() -> None:
    assert quoted_terms('He said the team was "ready and excited" on Monday.') == {
        "readi",
        "excit",
    }
    assert quoted_terms("He said nothing.") == frozenset()


OLD = (
    "Launch of rocket called off\n"
    "The launch of the Vireo rocket from the Shetland spaceport was called off on "
    "Tuesday because of strong winds.\n"
    'The company\'s chief executive, Mark Holt, said the team was "ready and excited".\n'
    "The next launch window opens on Friday."
)
NEW = (
    "Launch of rocket called off\n"
    "The launch of the Vireo rocket from the Shetland spaceport was called off on "
    "Tuesday because of strong winds.\n"
    "The company's chief executive, Mark Holt, said the team was "
    '"disappointed but not surprised".\n'
    "The next launch window opens on Friday."
)


def test_a_new_quote_in_the_old_frame_is_deleted_and_added() -> None:
    ops = _ops(OLD, NEW)
    quote_old = OLD.splitlines()[2]
    quote_new = NEW.splitlines()[2]
    assert ("deleted", [quote_old], []) in ops
    assert ("added", [], [quote_new]) in ops
    _mirrored(OLD, NEW)


def test_a_quote_trimmed_stays_an_edit() -> None:
    new = OLD.replace('"ready and excited"', '"ready, excited and confident"')
    ops = _ops(OLD, new)
    assert ("edited", [OLD.splitlines()[2]], [new.splitlines()[2]]) in ops
