"""Classes of one change of text: an edited, moved, split or merged sentence.

:func:`classify_text_change` looks at the changed words of the word diff. Cheap
tests on them decide which checks run (no digit or date word changed: no fact
update; no capital letter changed: no name change; no quotation mark and no
speech verb: no quotation check), which keeps explaining a small fraction of
aligning. Content classes come first (correction, breaking marker, fact update,
names, quotations); a change with none of them is a punctuation/spelling fix or
a rewording.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from redline.align.model import WordOp
from redline.align.worddiff import word_diff
from redline.explain import features as F
from redline.explain import markers as M
from redline.explain import quantities as Q
from redline.explain.model import Classes, ValueChange
from redline.explain.namechange import name_changes
from redline.explain.options import DEFAULT_OPTIONS, ExplainOptions
from redline.explain.pieces import (
    ALNUM,
    WORD_RE,
    Piece,
    clip,
    content_words,
    respelling,
    touches,
)
from redline.explain.quotechange import QuoteFacts, quote_classes, reported_after_verb, titles_added
from redline.explain.typography import (
    EN_RANGE,
    fold_ranges,
    restyled_marks,
    retyped,
    squeeze,
    typography_evidence,
)
from redline.text.normalize import normalize

__all__ = [
    "QuoteFacts",
    "TextChange",
    "classify_text_change",
    "clip",
]

C = Classes


class _TextQuotes:
    """Quotation facts of two loose sentences."""

    def __init__(self, old: str, new: str) -> None:
        self._old, self._new = old, new

    def old_quoted(self) -> bool:
        return _quoted(self._old, self.old_spans())

    def new_quoted(self) -> bool:
        return _quoted(self._new, self.new_spans())

    def old_spans(self) -> list[tuple[int, int]]:
        return F.quote_spans(self._old)[0]

    def new_spans(self) -> list[tuple[int, int]]:
        return F.quote_spans(self._new)[0]


def _quoted(text: str, spans: list[tuple[int, int]]) -> bool:
    covered = sum(e - s for s, e in spans)
    return F.is_speech(text) or covered >= 0.3 * len(text) or covered >= 40


_hint_words = F.hint_words
_breaking_marker = F.breaking_marker
_DIGIT = re.compile(r"\d")


_CONTEXT = 24  # characters of context around a changed piece (units, months, scales)


def _near_quantities(text: str, pieces: list[Piece], at: int) -> list[Q.Quantity]:
    """Quantities of *text* near its changed pieces (``at`` 2 for the old side, 4
    for the new): in each piece with some context, cut at spaces; spans are
    offsets in *text*."""
    out: list[Q.Quantity] = []
    n = len(text)
    last = -1
    for p in pieces:
        start, end = (p[2], p[3]) if at == 2 else (p[4], p[5])
        if start == end:
            continue
        lo = text.rfind(" ", 0, max(0, start - _CONTEXT)) + 1
        hi = text.find(" ", min(n, end + _CONTEXT))
        hi = n if hi < 0 else hi
        lo = max(lo, last)
        if lo >= hi:
            continue
        last = hi
        out.extend(
            Q.Quantity(q.text, q.key, q.start + lo, q.end + lo, q.word)
            for q in Q.quantities(text[lo:hi])
        )
    return out


class TextChange(NamedTuple):
    """Classes of one change of text, with evidence and the figures and names changed."""

    classes: frozenset[str]
    evidence: tuple[str, ...]
    values: tuple[ValueChange, ...] = ()
    names: tuple[ValueChange, ...] = ()


def _changed_pieces(ops: tuple[WordOp, ...]) -> list[Piece]:
    """Changed pieces with their offsets: (old, new, old_start, old_end, new_start, new_end)."""
    out = []
    a = b = 0
    for op in ops:
        if op.op != "equal":
            out.append((op.old, op.new, a, a + len(op.old), b, b + len(op.new)))
        a += len(op.old)
        b += len(op.new)
    return out


def classify_text_change(
    old: str,
    new: str,
    ops: tuple[WordOp, ...] | None = None,
    *,
    old_key: str | None = None,
    new_key: str | None = None,
    quotes: QuoteFacts | None = None,
    options: ExplainOptions = DEFAULT_OPTIONS,
    known_names: Callable[[str], bool] | None = None,
    headline: bool = False,
) -> TextChange:
    """Classes of a change from sentence text *old* to *new* (both present).

    *ops* is the word diff when known, *old_key*/*new_key* the normalised texts,
    *known_names* tells whether the article uses a word as a name elsewhere (so
    that a name starting a sentence is recognised); *headline* says the texts are
    headlines (which open with bare names: "Sinner beats Alcaraz").
    Content classes (fact update, names, quotations, correction and breaking
    markers) come first; a change with none of them is a punctuation/spelling
    fix or a rewording.
    """
    old_key = normalize(old) if old_key is None else old_key
    new_key = normalize(new) if new_key is None else new_key
    if old_key == new_key and old == new:
        return TextChange(frozenset(), ())
    if (
        old_key != new_key
        # folding takes out spaces only: a cheap test first
        and old_key.replace(" ", "") == new_key.replace(" ", "")
        and squeeze(old_key) == squeeze(new_key)
    ):
        # "1990-1995" → "1990–1995", "London-Paris" → "London–Paris",
        # "syndicats,reçus" → "syndicats, reçus": spaces around marks and dashes
        what = (
            "dash in a range or score"
            if fold_ranges(old_key) == fold_ranges(new_key)
            else "dashes or spaces around marks"
        )
        ev = f"typography only: {what} ({typography_evidence(old, new)})"
        return TextChange(frozenset({C.TYPOGRAPHY}), (ev,))
    pieces = (
        [] if old_key == new_key else _changed_pieces(word_diff(old, new) if ops is None else ops)
    )
    if pieces:
        # pieces only retyped ("1974-1990" → "1974–1990") are no other change
        pieces = [p for p in pieces if not retyped(p[0], p[1])]
    if not pieces:
        # no word or punctuation mark changed: spaces ("Friday ." → "Friday."),
        # quotes, dashes (a range's: "1990-1995" → "1990–1995")
        ranged = EN_RANGE.sub("-", old) == EN_RANGE.sub("-", new)
        what = "dash in a range or score (" if ranged and old != new else ""
        ev = f"typography only: {what}{typography_evidence(old, new)}{')' if what else ''}"
        return TextChange(frozenset({C.TYPOGRAPHY}), (ev,))
    change = _classify_pieces(
        old, new, old_key, new_key, pieces, quotes, options, known_names, headline
    )
    marks = restyled_marks(old, new)
    if marks and change.classes and C.TYPOGRAPHY not in change.classes:
        ev = f"also typography: {' '.join(marks)} restyled"
        return change._replace(
            classes=change.classes | {C.TYPOGRAPHY}, evidence=(*change.evidence, ev)
        )
    return change


def _classify_pieces(
    old: str,
    new: str,
    old_key: str,
    new_key: str,
    pieces: list[Piece],
    quotes: QuoteFacts | None,
    options: ExplainOptions,
    known_names: Callable[[str], bool] | None,
    headline: bool,
) -> TextChange:
    changed_text = " ".join([x for p in pieces for x in p[:2]])
    changed_words = _hint_words(changed_text)
    classes: set[str] = set()
    evidence: list[str] = []
    explained_old: list[tuple[int, int]] = []
    explained_new: list[tuple[int, int]] = []

    # markers
    if (
        changed_words & F.CORRECTION_WORDS
        and F.correction_marker(new, key=new_key)
        and not F.correction_marker(old, key=old_key)
    ):
        classes.add(C.CORRECTION)
        evidence.append(f"correction note added: '{clip(new)}'")
    old_flag, new_flag = M.flag_prefix(old), M.flag_prefix(new)
    if bool(old_flag) != bool(new_flag):
        # "BREAKING: Quake hits" → "Quake hits": the flag, then what else changed
        return _flag_change(old, new, old_flag, new_flag, options, known_names)
    old_mark = old.count(" ") <= 40 and _breaking_marker(old, key=old_key)
    new_mark = new.count(" ") <= 40 and _breaking_marker(new, key=new_key)
    if new_mark and not old_mark:
        classes.add(C.BREAKING_ADDED)
        evidence.append(f"breaking-news marker added: '{clip(new)}'")
    elif old_mark and not new_mark:
        classes.add(C.BREAKING_REMOVED)
        evidence.append(f"breaking-news marker removed: '{clip(old)}'")
    elif old_mark and new_mark:
        return marker_change(old, new, old_key, new_key)

    # figures, compared by meaning: "$3bn" → "$3 billion" is no change of fact
    values: list[ValueChange] = []
    restyled = False
    if F.may_hold_figures(changed_text, changed_words) or changed_words & Q.WORD_HINTS:
        # first the changed words with some context, then (when a figure there
        # changed) the whole sentences, so that a figure that moved is no change
        near_old, near_new = _near_quantities(old, pieces, 2), _near_quantities(new, pieces, 4)
        if sorted(map(repr, (q.key for q in near_old))) != sorted(
            map(repr, (q.key for q in near_new))
        ) and Q.changes(near_old, near_new, loose=True):
            for a, b in Q.value_changes(old, new):
                values.append(ValueChange(a and a.text, b and b.text))
                if a is not None:
                    explained_old.append((a.start, a.end))
                if b is not None:
                    explained_new.append((b.start, b.end))
        if not values:  # figures touched but the same: written another way
            olds = [(q.start, q.end) for q in near_old]
            news = [(q.start, q.end) for q in near_new]
            restyled = any(touches(p[2], p[3], olds) or touches(p[4], p[5], news) for p in pieces)
            if restyled:
                explained_old.extend(olds)
                explained_new.extend(news)
    if values:
        classes.add(C.FACT_UPDATE)
        evidence.append("figures changed: " + ", ".join(str(v) for v in values))

    # quoted titles of works inserted or taken out: new or dropped detail
    if F.has_quote_marks(changed_text):
        t_new, s_new, t_old, s_old = titles_added(old, new, pieces)
        if t_new:
            classes.add(C.CONTENT_ADDED)
            evidence.append("title of a work added: " + ", ".join(clip(t, 40) for t in t_new))
            explained_new.extend(s_new)
        if t_old:
            classes.add(C.CONTENT_REMOVED)
            evidence.append("title of a work removed: " + ", ".join(clip(t, 40) for t in t_old))
            explained_old.extend(s_old)

    # names
    changed_names: list[ValueChange] = []
    if changed_text.lower() != changed_text:
        changed_names = name_changes(old, new, pieces, options, known_names, headline)
        if changed_names:
            classes.add(C.NAMES)
            evidence.append("names changed: " + ", ".join(str(v) for v in changed_names))
            for v in changed_names:
                _explain_span(old, v.old, explained_old)
                _explain_span(new, v.new, explained_new)
            _explain_pieces(pieces, explained_old, explained_new)

    # quotations
    if changed_words & F.SPEECH_WORDS or F.has_quote_marks(old) or F.has_quote_marks(new):
        q = quotes if quotes is not None else _TextQuotes(old, new)
        quote_classes(old, new, pieces, q, classes, evidence)
        if C.QUOTE_CHANGED in classes:
            explained_old.extend(q.old_spans())
            explained_new.extend(q.new_spans())

    # reported speech whose words changed after an unchanged speech verb ("The mayor
    # said he would resign" → "… said he would not seek re-election")
    if not classes and not F.has_quote_marks(changed_text):
        said = reported_after_verb(old, new, pieces)
        if said:
            classes.add(C.QUOTE_CHANGED)
            evidence.append(f"reported speech changed after '{said}'")
            _explain_all(pieces, explained_old, explained_new)

    # besides: words replaced (a rewording), new or dropped detail that no class
    # above accounts for
    if classes and not classes & _WHOLE:
        replaced, added, removed = _leftovers(old, new, pieces, explained_old, explained_new)
        if len(replaced) >= REWORDING_MIN_WORDS or _SPEECH_VERBS & {w.casefold() for w in replaced}:
            classes.add(C.REWORDING)
            evidence.append("also reworded: " + ", ".join(f"'{w}'" for w in replaced[:4]))
        _detail(added, removed, classes, evidence)
    elif len(classes) == 1 and classes & _QUOTE_IN_OUT:
        q = quotes if quotes is not None else _TextQuotes(old, new)
        _around_quote(old, new, pieces, q, C.QUOTE_ADDED in classes, classes, evidence)

    if classes:
        return TextChange(frozenset(classes), tuple(evidence), tuple(values), tuple(changed_names))

    # residual: punctuation and spelling, a rewording, new or dropped detail
    if not ALNUM.search(changed_text):
        return TextChange(
            frozenset({C.PUNCTUATION_SPELLING}), ("punctuation only: " + _piece_evidence(pieces),)
        )
    if all(respelling(p[0], p[1]) or _repeated_word(p, old) for p in pieces):
        return TextChange(
            frozenset({C.PUNCTUATION_SPELLING}), ("spelling: " + _piece_evidence(pieces),)
        )
    replaced, added, removed = _leftovers(old, new, pieces, explained_old, explained_new)
    if added or removed:
        if replaced:
            classes.add(C.REWORDING)
            evidence.append("reworded: " + ", ".join(f"'{w}'" for w in replaced[:4]))
        _detail(added, removed, classes, evidence)
        return TextChange(frozenset(classes), tuple(evidence))
    why = "reworded: " + _piece_evidence(pieces)
    if restyled:
        why += " (figures written another way, same values)"
    return TextChange(frozenset({C.REWORDING}), (why,))


_QUOTE_IN_OUT = frozenset({C.QUOTE_ADDED, C.QUOTE_REMOVED})


def _around_quote(
    old: str,
    new: str,
    pieces: list[Piece],
    q: QuoteFacts,
    added: bool,
    classes: set[str],
    evidence: list[str],
) -> None:
    """What the words that a quotation replaced (or that replaced it) are: words of
    the quotation said another way are a rewording ("'We are deeply sorry'" →
    "apologised"), two or more content words that are not are new (dropped)
    detail ("did not respond to a request for comment" → a quotation)."""
    if added:  # the words the quotation replaced
        text, other, spans, at = old, new, q.new_spans(), 2
    else:  # the words that replaced the quotation
        text, other, spans, at = new, old, q.old_spans(), 4
    ranges = [(p[2], p[3]) if at == 2 else (p[4], p[5]) for p in pieces]
    words = [w for s, e in ranges if s < e for w in content_words(text, s, e, [])]
    if not words:
        return
    quoted = (
        {w.casefold() for s, e in spans for w in WORD_RE.findall(other, s, e)}
        if spans
        else {w.casefold() for w in WORD_RE.findall(other)}
    )
    others = {w.casefold() for w in WORD_RE.findall(other)}
    fresh = [w for w in words if w.casefold() not in others]
    if len(fresh) >= DETAIL_MIN_WORDS:
        if added:
            classes.add(C.CONTENT_REMOVED)
            evidence.append("words the quotation replaced: " + " ".join(fresh[:8]))
        else:
            classes.add(C.CONTENT_ADDED)
            evidence.append("words in place of the quotation: " + " ".join(fresh[:8]))
        return
    # the quotation's own words outside quotation marks: it was paraphrased
    outside = others - quoted if spans else set()
    said = [w for w in words if w.casefold() in quoted and w.casefold() not in outside]
    if said:
        classes.add(C.REWORDING)
        evidence.append("quotation paraphrased: " + ", ".join(f"'{w}'" for w in said[:4]))


def _detail(added: list[str], removed: list[str], classes: set[str], evidence: list[str]) -> None:
    if added:
        classes.add(C.CONTENT_ADDED)
        evidence.append("words added: " + " ".join(added[:8]))
    if removed:
        classes.add(C.CONTENT_REMOVED)
        evidence.append("words removed: " + " ".join(removed[:8]))


def _repeated_word(piece: Piece, old: str) -> bool:
    """True when *piece* removes a word written twice ("The the company")."""
    o, n, start, end = piece[0], piece[1], piece[2], piece[3]
    word = o.strip()
    if n or not word or " " in word:
        return False
    after = old[end:].lstrip().split(" ", 1)[0]
    before = old[:start].rstrip().rsplit(" ", 1)[-1]
    return word.casefold() in (after.casefold(), before.casefold())


#: classes that account for every word of the change they are found in
_WHOLE = frozenset({C.CORRECTION, C.BREAKING_ADDED, C.BREAKING_REMOVED, C.QUOTE_ADDED})
_WHOLE |= {C.QUOTE_REMOVED}
#: changed content words, outside figures, names and quotations that changed, that
#: make an edit a rewording as well
REWORDING_MIN_WORDS = 3
#: content words gained (or lost) on balance that make new (or dropped) detail
DETAIL_MIN_WORDS = 2
#: words of a replacement that, gained on balance, make new detail
DETAIL_REPLACING_WORDS = 4
#: a speech verb replaced by another is a rewording of the attribution
_SPEECH_VERBS = F.SPEECH_WORDS | {"martelé", "insisté", "lancé", "répondu", "souligné", "réagi"}


def _explain_all(
    pieces: list[Piece], explained_old: list[tuple[int, int]], explained_new: list[tuple[int, int]]
) -> None:
    for p in pieces:
        explained_old.append((p[2], p[3]))
        explained_new.append((p[4], p[5]))


def _explain_span(text: str, name: str | None, spans: list[tuple[int, int]]) -> None:
    if name:
        at = text.find(name)
        if at >= 0:
            spans.append((at, at + len(name)))


def _explain_pieces(
    pieces: list[Piece], explained_old: list[tuple[int, int]], explained_new: list[tuple[int, int]]
) -> None:
    """Count the pieces that touch an explained name span as explained whole."""
    for _, _, o_start, o_end, n_start, n_end in pieces:
        if any(s < n_end and n_start < e for s, e in explained_new) or any(
            s < o_end and o_start < e for s, e in explained_old
        ):
            explained_old.append((o_start, o_end))
            explained_new.append((n_start, n_end))


def _leftovers(
    old: str,
    new: str,
    pieces: list[Piece],
    explained_old: list[tuple[int, int]],
    explained_new: list[tuple[int, int]],
) -> tuple[list[str], list[str], list[str]]:
    """Content words of the changed pieces outside the explained spans: words
    replaced by others (a rewording), words only inserted (new detail) and words
    only deleted (dropped detail). Respellings, stop words and words found on
    both sides (moved) do not count; a clause inserted or deleted with a changed
    figure, name or quotation in it belongs to that change."""
    rep_old: list[str] = []
    rep_new: list[str] = []
    added: list[str] = []
    removed: list[str] = []
    for o, n, o_start, o_end, n_start, n_end in pieces:
        if o and n and respelling(o, n):
            continue
        touched = touches(o_start, o_end, explained_old) or touches(n_start, n_end, explained_new)
        if touched and not (o.strip() and n.strip()):
            continue
        olds = content_words(old, o_start, o_end, explained_old) if o else []
        news = content_words(new, n_start, n_end, explained_new) if n else []
        if olds and news:
            rep_old.extend(olds)
            rep_new.extend(news)
        elif news:
            added.extend(news)
        elif olds:
            removed.extend(olds)
    # words found on both sides moved ("as expected by most" → "as most had expected")
    pool = [w.casefold() for w in rep_new + added]
    kept_old = []
    for w in rep_old + removed:
        if w.casefold() in pool:
            pool.remove(w.casefold())
        else:
            kept_old.append(w)
    rep_old = [w for w in rep_old if w in kept_old]
    removed = [w for w in removed if w in kept_old]
    rep_new = [w for w in rep_new if w.casefold() in pool]
    added = [w for w in added if w.casefold() in pool]
    # new (dropped) detail is what the sentence gained (lost) on balance: two or more
    # content words more (fewer) than before, inserted (deleted) as such or, in a
    # replacement, four or more words for fewer ("results" → "the company updated
    # its full-year guidance"); a sentence rewritten with as many words as before
    # is a rewording ("called off because of high winds" → "cancelled … due to
    # strong winds"), and a word or two inserted or dropped shades the wording
    filler: list[str] = []
    if removed or added:
        # filler taken out or put in ("It is understood that", "Il convient de
        # noter que") carries no information: a rewording, not counted
        removed, gone = _without_filler(old, removed)
        added, came = _without_filler(new, added)
        filler = gone + came
    net = len(rep_new) + len(added) - len(rep_old) - len(removed)
    if net >= DETAIL_MIN_WORDS and (
        len(added) >= DETAIL_MIN_WORDS or len(rep_new) >= DETAIL_REPLACING_WORDS
    ):
        return (rep_old + rep_new + filler if added else filler), added or rep_new, []
    if -net >= DETAIL_MIN_WORDS and (
        len(removed) >= DETAIL_MIN_WORDS or len(rep_old) >= DETAIL_REPLACING_WORDS
    ):
        return (rep_old + rep_new + filler if removed else filler), [], removed or rep_old
    return rep_old + rep_new + added + removed + filler, [], []


_FILLER = re.compile(
    r"""\b(?:it\ is\ (?:understood|worth\ noting|thought|believed)\ that
    |it\ should\ be\ noted\ that|at\ some\ point|in\ order\ to|as\ a\ matter\ of\ fact
    |il\ (?:convient|faut)\ de\ (?:noter|souligner|rappeler)\ que|il\ est\ à\ noter\ que
    |force\ est\ de\ constater\ que|à\ noter\ que)\b""",
    re.IGNORECASE | re.VERBOSE,
)


#: content words of the filler phrases (the cheap test)
_FILLER_TEXT = """understood worth noting thought believed noted point order matter fact
convient faut noter souligner rappeler constater force"""
_FILLER_WORDS = frozenset(_FILLER_TEXT.split())


def _without_filler(text: str, words: list[str]) -> tuple[list[str], list[str]]:
    """*words* apart from those of filler phrases of *text*, and those."""
    if not any(w.casefold() in _FILLER_WORDS for w in words):
        return words, []  # the cheap test
    filler = {w.casefold() for m in _FILLER.finditer(text) for w in WORD_RE.findall(m[0])}
    if not filler:
        return words, []
    return [w for w in words if w.casefold() not in filler], [
        w for w in words if w.casefold() in filler
    ]


#: a marker replaced by another, an update stamp whose time changed ("Updated at
#: 14:05" → "Updated at 16:30"): the old marker removed and a new one added
MARKER_CHANGED = frozenset({C.BREAKING_REMOVED, C.BREAKING_ADDED})


def marker_change(old: str, new: str, old_key: str, new_key: str) -> TextChange:
    """Classes of one breaking-news marker replaced by another."""
    old_when, new_when = M.stamp(old_key), M.stamp(new_key)
    if old_when is not None and new_when is not None:
        if old_when == new_when:
            return TextChange(frozenset({C.TYPOGRAPHY}), ("update stamp rewritten, same time",))
        ev = f"update stamp changed: '{clip(old)}' → '{clip(new)}'"
        return TextChange(MARKER_CHANGED, (ev,))
    if old_key == new_key or fold_ranges(old_key) == fold_ranges(new_key):
        return TextChange(frozenset({C.TYPOGRAPHY}), ("breaking-news marker retyped",))
    ev = f"breaking-news marker replaced: '{clip(old)}' → '{clip(new)}'"
    return TextChange(MARKER_CHANGED, (ev,))


def _flag_change(
    old: str,
    new: str,
    old_flag: str,
    new_flag: str,
    options: ExplainOptions,
    known_names: Callable[[str], bool] | None,
) -> TextChange:
    if new_flag:
        cls, ev = C.BREAKING_ADDED, f"breaking-news flag added: '{new_flag.strip()}'"
    else:
        cls, ev = C.BREAKING_REMOVED, f"breaking-news flag removed: '{old_flag.strip()}'"
    rest_old, rest_new = old[len(old_flag) :], new[len(new_flag) :]
    if not rest_old.strip() or not rest_new.strip():
        return TextChange(frozenset({cls}), (ev,))
    rest = classify_text_change(rest_old, rest_new, options=options, known_names=known_names)
    classes = (rest.classes - {C.TYPOGRAPHY}) | {cls}
    return TextChange(frozenset(classes), (ev, *rest.evidence), rest.values, rest.names)


def _piece_evidence(pieces: list[Piece], limit: int = 3) -> str:
    parts = []
    for o, n, *_ in pieces[:limit]:
        if o and n:
            parts.append(f"'{clip(o, 40)}' → '{clip(n, 40)}'")
        elif o:
            parts.append(f"'{clip(o, 40)}' removed")
        else:
            parts.append(f"'{clip(n, 40)}' added")
    if len(pieces) > limit:
        parts.append(f"and {len(pieces) - limit} more")
    return ", ".join(parts)
