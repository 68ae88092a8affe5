"""Names changed by an edit of a sentence: a person, place or organisation
replaced by another, told apart from the same one written in full, shorter,
respelt or as initials."""

from __future__ import annotations

from collections.abc import Callable

from redline.explain import features as F
from redline.explain import quantities as Q
from redline.explain.model import ValueChange
from redline.explain.options import ExplainOptions
from redline.explain.pieces import Piece, short_insertion, title_at, touches
from redline.text.tokens import STOPWORDS

__all__ = ["name_changes"]


def name_changes(
    old: str,
    new: str,
    pieces: list[Piece],
    options: ExplainOptions,
    known: Callable[[str], bool] | None = None,
    headline: bool = False,
) -> list[ValueChange]:
    old_found, new_found = [], []
    # the piece each name was found in: a name changed into another only when
    # the other stands in its place (the same piece of the word diff), else
    # one was taken out and another put in ("Rallye des Monts du Lyonnais"
    # dropped from one clause, "Bastien Roux" named in another)
    piece_of: dict[tuple[str, bool], int] = {}
    if headline and len(pieces) == 1 and pieces[0][2] == 0 and pieces[0][4] == 0:
        # a headline opens with a bare name or abbreviation: one capitalised word
        # opening it swapped for another, the only change ("Djokovic beats Alcaraz"
        # → "Sinner beats Alcaraz", "PM calls" → "Sunak calls")
        a, b = _opening_word(pieces[0][0]), _opening_word(pieces[0][1])
        if a and b and not F.similar_spelling(a, b):
            return [ValueChange(a, b)]
    for k, (o_piece, n_piece, o_start, o_end, n_start, n_end) in enumerate(pieces):
        here = F.names_in(old, o_start, o_end, known)
        there = F.names_in(new, n_start, n_end, known)
        if here and not there and n_piece:
            words = [w.strip(",.;:'’").casefold() for w in n_piece.split()]
            if all(w in STOPWORDS for w in words):
                here = []  # a name replaced by a pronoun ("Kerr was" → "He was")
            elif n_start == 0 and n_piece[:1].isupper():
                # a name starting the sentence replaced by another word starting it
                # (one name for another, or a name the article uses elsewhere:
                # "Teachers in Scotland have" → "Members", "Landlords" → "Anyone"
                # are no names changed)
                first = n_piece.split(" ", 1)[0].rstrip(",.;:")
                low = first.casefold()
                named = known is None or known(first) or o_piece.strip(" ,.;:") in here
                if (
                    first.isalpha()
                    and low not in STOPWORDS
                    and low not in _PRONOUNS
                    and not F.is_not_name(low)
                    and named
                ):
                    there = [first]
        old_found.extend(here)
        new_found.extend(there)
        for name in here:
            piece_of.setdefault((name, False), k)
        for name in there:
            piece_of.setdefault((name, True), k)
    gone = sorted({n for n in old_found if n not in new_found})
    came = sorted({n for n in new_found if n not in old_found})
    for g, c in [(g, c) for g in gone for c in came if _respelt(g, c)]:
        if g in gone and c in came:  # a name spelt right
            gone.remove(g)
            came.remove(c)
    if gone or came:
        old_low, new_low = old.casefold(), new.casefold()
        # still there elsewhere, or only its capital changed: not a change of name
        gone = [g for g in gone if g.casefold() not in new_low]
        came = [
            c
            for c in came
            if c.casefold() not in old_low
            and short_insertion(c, pieces, options.short_insertion_words)
        ]
    if gone or came:
        # the same one written in full or shorter ("Mr Starmer" → "Sir Keir Starmer"),
        # as initials ("Les Républicains" → "LR"), or a title of a work in quotation
        # marks ("Oppenheimer"): no change of name
        # (names left in place: one that the change moved or took out is no other form)
        old_names = _kept_names(old, pieces, 2, known) if came else ([], [])
        new_names = _kept_names(new, pieces, 4, known) if gone else ([], [])
        came = [
            c
            for c in came
            if not _same_one(c, old_names, [(p[1], p[0]) for p in pieces if c in p[1]])
            and not _in_title(c, new)
        ]
        gone = [
            g
            for g in gone
            if not _same_one(g, new_names, [(p[0], p[1]) for p in pieces if g in p[0]])
            and not _in_title(g, old)
        ]
    out: list[ValueChange] = []
    left = list(came)
    for g in gone:
        at = piece_of.get((g, False))
        if at is not None and not _swap(pieces[at]):
            at = None  # a clause rewritten: names in it were dropped and added
        partner = None
        if at is not None:
            partner = next((n for n in left if piece_of.get((n, True)) == at), None)
        if partner is not None:
            left.remove(partner)
        out.append(ValueChange(g, partner))
    out.extend(ValueChange(None, n) for n in left)
    return out


# words for anyone at all, which stand where a name stood without being one
_PRONOUNS = frozenset({
    "anyone", "anybody", "everyone", "everybody", "someone", "somebody", "nobody",
    "quiconque", "chacun", "personne",
})  # fmt: skip
_SWAP_WORDS = 6
"""Most words on each side of a piece of the word diff in which one name can
stand in for another ("Margaret Okoye" → "Rebecca Lyle"); in a longer one a
clause was rewritten."""


def _swap(piece: Piece) -> bool:
    return len(piece[0].split()) <= _SWAP_WORDS and len(piece[1].split()) <= _SWAP_WORDS


def _respelt(a: str, b: str) -> bool:
    """True when name *b* is *a* spelt another way: the words that differ are
    similar ("Councillor Mark Reed" → "Councillor Martin Reed" is another name)."""
    x, y = a.split(), b.split()
    while x and y and x[0] == y[0]:
        x, y = x[1:], y[1:]
    while x and y and x[-1] == y[-1]:
        x, y = x[:-1], y[:-1]
    return bool(x and y) and F.similar_spelling(" ".join(x), " ".join(y))


def _opening_word(piece: str) -> str:
    """*piece* when it is one capitalised word that may be a name, else ``""``."""
    word = piece.strip().rstrip(",.;:")
    low = word.casefold()
    if (
        word[:1].isupper()
        and word.isalpha()
        and " " not in word
        and low not in STOPWORDS
        and low not in Q.WORD_HINTS
        and not F.is_not_name(low)
    ):
        return word
    return ""


def _same_one(name: str, others: tuple[list[str], list[str]], pairs: list[tuple[str, str]]) -> bool:
    """True when *name* is another form of a name the other side kept in place
    (*others*: those names and all the names of that side; a fuller or shorter
    reference, the shorter opening or ending the fuller), or when the piece holding it and the
    piece in its place are a name and its initials ("Les Républicains" → "LR");
    *pairs* are (piece holding it, piece in its place)."""
    kept, every = others
    for other in kept:
        if other == name:
            continue
        short, full = (other, name) if _end_of(other, name) else (name, other)
        if not _end_of(short, full):
            continue
        # the words added are not another name of the text ("Police" and
        # "Manchester" are not "Greater Manchester Police")
        extra = set(full.split()) - set(short.split())
        if not any(extra & set(o.split()) for o in every if o != other):
            return True
    for here, there in pairs:
        for a, b in ((here, there), (there, here)):
            short = a.strip(" ,.;:()")
            initials = "".join(w[0] for w in b.split() if w[:1].isupper())
            if 2 <= len(short) <= 6 and short.isalpha() and short.isupper() and initials == short:
                return True
    return False


def _kept_names(
    text: str, pieces: list[Piece], at: int, known: Callable[[str], bool] | None
) -> tuple[list[str], list[str]]:
    """Names of *text* outside its changed pieces (``at`` 2 for the old side, 4 for
    the new), and all its names."""
    spans = [(p[2], p[3]) if at == 2 else (p[4], p[5]) for p in pieces]
    found = F.name_spans(text, known)
    return [n for n, s, e in found if not touches(s, e, spans)], [n for n, _, _ in found]


def _end_of(short: str, full: str) -> bool:
    """True when the words of *short* open or end *full* ("Starmer", "Keir Starmer";
    "Bank", "Bank of England"); "Manchester" does not end "Greater Manchester Police"."""
    a, b = short.split(), full.split()
    return len(a) < len(b) and (b[: len(a)] == a or b[-len(a) :] == a)


def _in_title(name: str, text: str) -> bool:
    """True when *name* stands inside a quoted title of a work (« Le Silence des
    vagues », "Oppenheimer")."""
    return any(name in text[s:e] and title_at(text, s, e) for s, e in F.quote_spans(text)[0])
