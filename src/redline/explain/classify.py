"""Give every change of an alignment its edit classes, with evidence.

:func:`explain` is the entry point. It looks at each link of a
:class:`~redline.comparison.Comparison` once, using only the sentences the link
touches (and, for quotations that run over several sentences, the rest of their
paragraph). Expensive checks run only when a cheap test on the changed words
says they could succeed (no digit or number word changed: no fact update; no
capital letter changed: no name change), so explaining costs a small fraction
of aligning (``bench/classify.py``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from redline.align.model import Link, WordOp
from redline.align.worddiff import word_diff
from redline.comparison import Comparison
from redline.explain import features as F
from redline.explain.model import Classes, Edit, Explanation, Meta, ValueChange, ordered
from redline.explain.significance import WEIGHTS, edit_significance, version_significance
from redline.explain.structure import Layout, QuoteIndex, joined_spans, layout, lead_of
from redline.explain.summary import summarize
from redline.text.document import Document
from redline.text.normalize import normalize
from redline.text.tokens import STOPWORDS, tokenize

__all__ = ["ExplainOptions", "TextChange", "classify_text_change", "explain"]

C = Classes


@dataclass(frozen=True, slots=True)
class ExplainOptions:
    """Settings of the classifier."""

    stealth_after_hours: float = 6.0
    """A deletion is *stealth* only once the story is at least this old."""
    short_insertion_words: int = 6
    """A name inserted in a change of at most this many words is a name change;
    names inside a longer new clause are new detail."""


_DEFAULT = ExplainOptions()


def explain(
    comparison: Comparison,
    *,
    old_meta: Meta | Mapping[str, Any] | None = None,
    new_meta: Meta | Mapping[str, Any] | None = None,
    options: ExplainOptions = _DEFAULT,
) -> Explanation:
    """Explain what kind of change *comparison* is.

    *old_meta* and *new_meta* (a :class:`Meta` or a mapping with the keys
    ``headline``, ``standfirst``, ``published``, ``seen``) add the headline and
    standfirst changes and the story's age, which stealth deletion needs.

    >>> from redline import compare
    >>> explain(compare("The toll rose to 12.", "The toll rose to 15.")).summary
    '1 fact updated (12 → 15)'
    """
    om, nm = Meta.coerce(old_meta), Meta.coerce(new_meta)
    ctx = _Context(comparison, options)
    edits: list[Edit] = []
    for k, link in enumerate(comparison.links):
        edit = ctx.classify(k, link)
        if edit is not None:
            edits.append(edit)
    edits.extend(_meta_edits(om, nm))
    if comparison.old.dropped or comparison.new.dropped:
        edits.extend(ctx.page_markers())
    edits = ctx.lead_change(edits)
    age = _age_hours(om, nm)
    edits = _stealth(edits, comparison.links, age, options)
    classes = frozenset(c for e in edits for c in e.classes)
    significance = 0.0
    if not classes <= {C.TYPOGRAPHY}:
        significance = version_significance(classes, lead_changed=ctx.lead_changed)
    return Explanation(tuple(edits), classes, significance, summarize(edits), age)


def _age_hours(om: Meta | None, nm: Meta | None) -> float | None:
    seen = nm.seen if nm else None
    first = None
    for m in (om, nm):
        if m is not None and m.published is not None:
            first = m.published if first is None else min(first, m.published)
    if first is None and om is not None:
        first = om.seen
    if seen is None or first is None:
        return None
    try:
        return (seen - first).total_seconds() / 3600.0
    except TypeError:  # naive and aware datetimes mixed
        return None


def _make(
    k: int | None,
    link: Link | None,
    classes: set[str] | frozenset[str],
    evidence: list[str] | tuple[str, ...],
    *,
    old_text: str = "",
    new_text: str = "",
    lead_changed: bool = False,
    op: str | None = None,
    field: str = "body",
    values: tuple[ValueChange, ...] = (),
    names: tuple[ValueChange, ...] = (),
    section: str | None = None,
) -> Edit:
    if len(classes) == 1 and not lead_changed:
        (only,) = classes
        names_of, score = (only,), WEIGHTS.get(only, 0.0)
    else:
        names_of = ordered(classes)
        score = edit_significance(classes, lead_changed=lead_changed)
    if link is None:
        return Edit(k, op or "edited", (), (), names_of, tuple(evidence), score, "one", field,
                    values, names, section, old_text, new_text)
    return Edit(k, op or link.op, link.old, link.new, names_of, tuple(evidence), score,
                link.relation, field, values, names, section, old_text, new_text)


class _Context:
    def __init__(self, comparison: Comparison, options: ExplainOptions) -> None:
        self.c = comparison
        self.options = options
        self._old_layout: Layout | None = None
        self._new_layout: Layout | None = None
        self.old_quotes = QuoteIndex(comparison.old)
        self.new_quotes = QuoteIndex(comparison.new)
        self.lead_changed = False
        self._added_sections: set[int] | None = None
        self._removed_sections: set[int] | None = None

    @property
    def old_layout(self) -> Layout:
        if self._old_layout is None:
            self._old_layout = layout(self.c.old)
        return self._old_layout

    @property
    def new_layout(self) -> Layout:
        if self._new_layout is None:
            self._new_layout = layout(self.c.new)
        return self._new_layout

    @property
    def added_sections(self) -> set[int]:
        if self._added_sections is None:
            self._added_sections = _whole_sections(self.c.new, self.new_layout, self.c.links,
                                                   "added")
        return self._added_sections

    @property
    def removed_sections(self) -> set[int]:
        if self._removed_sections is None:
            self._removed_sections = _whole_sections(self.c.old, self.old_layout, self.c.links,
                                                     "deleted")
        return self._removed_sections

    # -- one link ------------------------------------------------------------------
    def classify(self, k: int, link: Link) -> Edit | None:
        olds, news = self.c.old.sentences, self.c.new.sentences
        if link.op == "unchanged" and link.relation == "one":
            o, n = olds[link.old[0]].text, news[link.new[0]].text
            if o == n:
                return None
            return _make(k, link, _TYPO, _TYPO_EVIDENCE, old_text=o, new_text=n)
        if link.op == "added":
            return self._added(k, link, link.new[0])
        if link.op == "deleted":
            return self._removed(k, link, link.old[0])
        if link.relation == "one":
            o_s, n_s = olds[link.old[0]], news[link.new[0]]
            old_text, new_text, old_key, new_key = o_s.text, n_s.text, o_s.key, n_s.key
        else:
            old_text = " ".join(olds[i].text for i in link.old)
            new_text = " ".join(news[j].text for j in link.new)
            old_key = " ".join(olds[i].key for i in link.old)
            new_key = " ".join(news[j].key for j in link.new)
        result = classify_text_change(
            old_text, new_text, link.words or None,
            old_key=old_key, new_key=new_key,
            quotes=_LinkQuotes(self, link),
            options=self.options,
        )
        classes, evidence = set(result.classes), list(result.evidence)
        if link.op == "moved":
            classes.add(C.REORDER)
            evidence.append(f"moved from sentence {link.old[0] + 1} to {link.new[0] + 1}")
            classes.discard(C.TYPOGRAPHY)
        if link.relation == "split":
            evidence.append(f"split into {len(link.new)} sentences")
        elif link.relation == "merge":
            evidence.append(f"{len(link.old)} sentences merged into one")
        if not classes and link.relation != "one":
            classes.add(C.REWORDING)
        return _make(k, link, classes, evidence, old_text=old_text, new_text=new_text,
                     values=result.values, names=result.names)

    def _added(self, k: int, link: Link, j: int) -> Edit:
        s = self.c.new.sentences[j]
        heading = self.new_layout.section[j]
        if heading >= 0 and heading in self.added_sections:
            title = self.c.new.sentences[heading].text
            ev = (f"in new section '{title}'",) if j != heading else ("new section heading",)
            return _make(k, link, _SECTION_ADDED, ev, new_text=s.text, section=title)
        classes, ev = _lone(s.text, s.key, self.new_layout.role[j], self.new_quotes, j, added=True)
        return _make(k, link, classes, ev, new_text=s.text)

    def _removed(self, k: int, link: Link, i: int) -> Edit:
        s = self.c.old.sentences[i]
        heading = self.old_layout.section[i]
        if heading >= 0 and heading in self.removed_sections:
            title = self.c.old.sentences[heading].text
            ev = ((f"in removed section '{title}'",) if i != heading
                  else ("section heading removed",))
            return _make(k, link, _SECTION_REMOVED, ev, old_text=s.text, section=title)
        classes, ev = _lone(s.text, s.key, self.old_layout.role[i], self.old_quotes, i, added=False)
        return _make(k, link, classes, ev, old_text=s.text)

    # -- the version as a whole ----------------------------------------------------
    def page_markers(self) -> list[Edit]:
        """Breaking-news markers among page furniture (``Updated at 14:05``)."""
        old = {normalize(x): x for x in self.c.old.dropped if F.breaking_marker(x)}
        new = {normalize(x): x for x in self.c.new.dropped if F.breaking_marker(x)}
        kinds_old = {_marker_kind(x) for x in old}
        kinds_new = {_marker_kind(x) for x in new}
        out = []
        for key, text in new.items():
            if key not in old and _marker_kind(key) not in kinds_old:
                ev = [f"breaking-news marker added: '{text}'"]
                out.append(_make(None, None, {C.BREAKING_ADDED}, ev, op="added", field="page",
                                 new_text=text))
        for key, text in old.items():
            if key not in new and _marker_kind(key) not in kinds_new:
                ev = [f"breaking-news marker removed: '{text}'"]
                out.append(_make(None, None, {C.BREAKING_REMOVED}, ev, op="deleted",
                                 field="page", old_text=text))
        return out

    def lead_change(self, edits: list[Edit]) -> list[Edit]:
        """Mark the link of a new lead when the old lead is still there but lower
        down, or the new lead was moved up from further down."""
        j, i0 = lead_of(self.c.new), lead_of(self.c.old)
        if j < 0 or i0 < 0:
            return edits
        links = self.c.links
        k = next((x for x, link in enumerate(links) if j in link.new), -1)
        if k < 0 or not links[k].old or i0 in links[k].old:
            return edits
        old_lead_kept = any(i0 in link.old and link.new for link in links)
        if not (old_lead_kept or links[k].op == "moved"):
            return edits
        link = links[k]
        self.lead_changed = True
        ev = f"lead changed: the story now opens with what was sentence {link.old[0] + 1}"
        out = []
        found = False
        for e in edits:
            if e.link == k:
                found = True
                e = _make(k, link, (set(e.classes) - {C.TYPOGRAPHY}) | {C.REORDER},
                          [*e.evidence, ev], old_text=e.old_text, new_text=e.new_text,
                          lead_changed=True, values=e.values, names=e.names, section=e.section)
            out.append(e)
        if not found:
            old_text = " ".join(self.c.old.sentences[i].text for i in link.old)
            new_text = " ".join(self.c.new.sentences[x].text for x in link.new)
            out.append(_make(k, link, {C.REORDER}, [ev], old_text=old_text, new_text=new_text,
                             lead_changed=True))
            out.sort(key=lambda e: (e.link is None, e.link or 0))
        return out


class _LinkQuotes:
    """Quotation facts of the two sides of a link, from the documents' quote indexes."""

    def __init__(self, ctx: _Context, link: Link) -> None:
        self._ctx, self._link = ctx, link

    def old_quoted(self) -> bool:
        return any(self._ctx.old_quotes.quoted(i) for i in self._link.old)

    def new_quoted(self) -> bool:
        return any(self._ctx.new_quotes.quoted(j) for j in self._link.new)

    def old_spans(self) -> list[tuple[int, int]]:
        return joined_spans(self._ctx.old_quotes, self._ctx.c.old, self._link.old)

    def new_spans(self) -> list[tuple[int, int]]:
        return joined_spans(self._ctx.new_quotes, self._ctx.c.new, self._link.new)


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


def _lone(text: str, key: str, role: str, quotes: QuoteIndex, i: int, *,
          added: bool) -> tuple[set[str], list[str]]:
    """Classes of a sentence added or removed on its own."""
    verb = "added" if added else "removed"
    short = _clip(text)
    words = F.hint_words(text)
    if F.correction_marker(text, key=key, words=words):
        return {C.CORRECTION}, [f"correction note {verb}: '{short}'"]
    if F.breaking_marker(text, key=key):
        cls = C.BREAKING_ADDED if added else C.BREAKING_REMOVED
        return {cls}, [f"breaking-news marker {verb}: '{short}'"]
    if role == "caption":
        cls = C.CAPTION_ADDED if added else C.CAPTION_REMOVED
        return {cls}, [f"photo caption {verb} (short line without final punctuation "
                       f"next to a heading or at an edge of the text): '{short}'"]
    if quotes.quoted(i, words):
        cls = C.QUOTE_ADDED if added else C.QUOTE_REMOVED
        why = "reported speech" if F.is_speech(text, words) else "quotation marks"
        return {cls}, [f"quotation {verb} ({why}): '{short}'"]
    cls = C.CONTENT_ADDED if added else C.CONTENT_REMOVED
    what = "heading" if role == "heading" else "sentence"
    return {cls}, [f"{what} {verb}: '{short}'"]


def _marker_kind(text: str) -> str:
    words = normalize(text).casefold().split()
    return words[0].rstrip(":") if words else ""


def _whole_sections(doc: Document, lay: Layout, links: tuple[Link, ...], op: str) -> set[int]:
    """Headings of *doc* whose whole section (heading and body) is *op* (added/deleted)."""
    touched: set[int] = set()
    for link in links:
        if link.op == op:
            touched.update(link.new if op == "added" else link.old)
    size: dict[int, int] = {}
    whole: dict[int, bool] = {}
    for i, h in enumerate(lay.section):
        if h >= 0:
            size[h] = size.get(h, 0) + 1
            whole[h] = whole.get(h, True) and i in touched
    return {h for h, ok in whole.items() if ok and size[h] > 1}


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_TYPO = frozenset({C.TYPOGRAPHY})
_SECTION_ADDED = frozenset({C.SECTION_ADDED})
_SECTION_REMOVED = frozenset({C.SECTION_REMOVED})
_TYPO_EVIDENCE = ("typography only (quotes, apostrophes, dashes, spaces or invisible characters)",)


def _typo_evidence(old: str, new: str) -> str:
    changed = sorted({ch for ch in set(old) ^ set(new) if not ch.isalnum() and not ch.isspace()})
    if not changed:
        return "white space"
    return "characters " + " ".join(changed)


# --- a change of text ----------------------------------------------------------------

_Piece = tuple[str, str, int, int, int, int]
_hint_words = F.hint_words
_breaking_marker = F.breaking_marker
_ALNUM = re.compile(r"[^\W_]")
# a space before a full stop or comma, or inside brackets, is typography too
_SPACE_BY_PUNCT = re.compile(r"\s+(?=[.,)\]])|(?<=[(\[])\s+")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class TextChange:
    """Classes of one change of text, with evidence and the figures and names changed."""

    classes: frozenset[str]
    evidence: tuple[str, ...]
    values: tuple[ValueChange, ...] = ()
    names: tuple[ValueChange, ...] = ()


def _changed_pieces(ops: tuple[WordOp, ...]) -> list[_Piece]:
    """Changed pieces with their offsets: (old, new, old_start, old_end, new_start, new_end)."""
    out = []
    a = b = 0
    for op in ops:
        if op.op != "equal":
            out.append((op.old, op.new, a, a + len(op.old), b, b + len(op.new)))
        a += len(op.old)
        b += len(op.new)
    return out


def _overlaps(ranges: list[tuple[int, int]], spans: list[tuple[int, int]]) -> bool:
    return any(s < e2 and s2 < e for s, e in ranges for s2, e2 in spans if e > s)


def classify_text_change(
    old: str,
    new: str,
    ops: tuple[WordOp, ...] | None = None,
    *,
    old_key: str | None = None,
    new_key: str | None = None,
    quotes: _LinkQuotes | _TextQuotes | None = None,
    options: ExplainOptions = _DEFAULT,
) -> TextChange:
    """Classes of a change from sentence text *old* to *new* (both present).

    *ops* is the word diff when known, *old_key*/*new_key* the normalised texts.
    Content classes (fact update, names, quotations, correction and breaking
    markers) come first; a change with none of them is a punctuation/spelling
    fix or a rewording.
    """
    old_key = normalize(old) if old_key is None else old_key
    new_key = normalize(new) if new_key is None else new_key
    if old_key == new_key or (0 < abs(len(old_key) - len(new_key)) <= 3 and (
            _SPACE_BY_PUNCT.sub("", old_key) == _SPACE_BY_PUNCT.sub("", new_key))):
        if old == new:
            return TextChange(frozenset(), ())
        ev = "typography only: " + _typo_evidence(old, new)
        return TextChange(frozenset({C.TYPOGRAPHY}), (ev,))
    pieces = _changed_pieces(word_diff(old, new) if ops is None else ops)
    changed_text = " ".join([x for p in pieces for x in p[:2]])
    changed_words = _hint_words(changed_text)
    classes: set[str] = set()
    evidence: list[str] = []

    # markers
    if (changed_words & F.CORRECTION_WORDS and F.correction_marker(new, key=new_key)
            and not F.correction_marker(old, key=old_key)):
        classes.add(C.CORRECTION)
        evidence.append(f"correction note added: '{_clip(new)}'")
    old_mark = old.count(" ") <= 14 and _breaking_marker(old, key=old_key)
    new_mark = new.count(" ") <= 14 and _breaking_marker(new, key=new_key)
    if new_mark and not old_mark:
        classes.add(C.BREAKING_ADDED)
        evidence.append(f"breaking-news marker added: '{_clip(new)}'")
    elif old_mark and not new_mark:
        classes.add(C.BREAKING_REMOVED)
        evidence.append(f"breaking-news marker removed: '{_clip(old)}'")
    elif old_mark and new_mark:
        return TextChange(frozenset({C.REWORDING}), ("breaking-news marker reworded",))

    # figures
    values: list[ValueChange] = []
    if F.may_hold_figures(changed_text, changed_words):
        values = _figure_changes(old, new, old_key, new_key, pieces)
    if changed_words & F.NUMBER_WORDS:
        values = _number_word_changes(pieces, values)
    if values:
        classes.add(C.FACT_UPDATE)
        evidence.append("figures changed: " + ", ".join(str(v) for v in values))

    # names
    name_changes: list[ValueChange] = []
    if changed_text.lower() != changed_text:
        name_changes = _name_changes(old, new, pieces, options)
        if name_changes:
            classes.add(C.NAMES)
            evidence.append("names changed: " + ", ".join(str(v) for v in name_changes))

    # quotations
    if (changed_words & F.SPEECH_WORDS or F.has_quote_marks(old)
            or F.has_quote_marks(new)):
        q = quotes if quotes is not None else _TextQuotes(old, new)
        _quote_classes(old, new, pieces, q, classes, evidence)

    if classes:
        return TextChange(frozenset(classes), tuple(evidence), tuple(values), tuple(name_changes))

    # residual: punctuation and spelling, or rewording
    if not _ALNUM.search(changed_text):
        return TextChange(frozenset({C.PUNCTUATION_SPELLING}),
                          ("punctuation only: " + _piece_evidence(pieces),))
    if all(_respelling(p[0], p[1]) for p in pieces):
        return TextChange(frozenset({C.PUNCTUATION_SPELLING}),
                          ("spelling: " + _piece_evidence(pieces),))
    return TextChange(frozenset({C.REWORDING}), ("reworded: " + _piece_evidence(pieces),))


_SCALES = (" million", " billion", " trillion", " bn", " thousand", " hundred", " percent",
           " per cent")


def _with_scale(piece: str, text: str, end: int) -> str:
    """*piece* with the scale word that follows it in *text* ("12" → "12 million")."""
    if text.startswith(_SCALES, end):
        word = text[end:end + 12].split()
        return piece + " " + (" ".join(word[:2]) if word[0] == "per" else word[0])
    return piece


def _figure_changes(old: str, new: str, old_key: str, new_key: str,
                    pieces: list[_Piece]) -> list[ValueChange]:
    """Figures changed, found in the changed words only (with a scale word that
    follows them: ``12`` → ``15`` in "12 million" gives ``12 million → 15 million``).
    A figure that only moved elsewhere in the sentence sends the decision to the
    whole-sentence comparison."""
    olds, news = [], []
    for o, n, _, o_end, _, n_end in pieces:
        if o:
            olds.append(_with_scale(o, old, o_end))
        if n:
            news.append(_with_scale(n, new, n_end))
    a, b = F.figures(normalize(" ; ".join(olds))), F.figures(normalize(" ; ".join(news)))
    ka, kb = [x.casefold() for x in a], [y.casefold() for y in b]
    a = [x for x, k in zip(a, ka, strict=True) if k not in kb]
    b = [y for y, k in zip(b, kb, strict=True) if k not in ka]
    if any(x in new_key for x in a) or any(y in old_key for y in b):
        return [ValueChange(o, n) for o, n in F.figure_changes(old_key, new_key)]
    return [ValueChange(a[k] if k < len(a) else None, b[k] if k < len(b) else None)
            for k in range(max(len(a), len(b)))]


def _number_word_changes(pieces: list[_Piece], values: list[ValueChange]) -> list[ValueChange]:
    """*values* with spelled-out numbers that were replaced: by others (``five`` →
    ``seven``, ``fifth`` → ``fourth``) or by figures (``three`` → ``41``, which
    then replaces the bare ``41 added``), and the other way round."""
    values = list(values)
    for o_piece, n_piece, *_ in pieces:
        if not o_piece or not n_piece:
            continue
        ow = [t for t in tokenize(o_piece) if t[0].isalnum()]
        nw = [t for t in tokenize(n_piece) if t[0].isalnum()]
        o_words = [t for t in ow if F.number_word(t)]
        n_words = [t for t in nw if F.number_word(t)]
        if not (o_words or n_words):
            continue
        if o_words and n_words:
            if ([t.casefold() for t in ow] != [t.casefold() for t in nw]
                    and not _DIGIT.search(o_piece + n_piece)):
                values.append(ValueChange(o_piece.strip(), n_piece.strip()))
            continue
        for k, v in enumerate(values):
            if o_words and v.old is None and v.new is not None and v.new in n_piece:
                values[k] = ValueChange(o_words[0], v.new)
                break
            if n_words and v.new is None and v.old is not None and v.old in o_piece:
                values[k] = ValueChange(v.old, n_words[0])
                break
    return values


_CLOSERS = "\"'”’»)].,;:!?-"
_OPENERS = "\"'“‘«([ "
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


def _piece_names(text: str, start: int, end: int) -> list[str]:
    """Names (capitalised words that do not merely start a sentence) within
    ``text[start:end]``, possessives stripped."""
    out = []
    pos = start
    for raw in text[start:end].split():
        at = text.find(raw, pos)
        pos = at + len(raw)
        lead = raw.lstrip(_OPENERS)
        if not lead[:1].isupper():
            continue
        word = lead.rstrip(_CLOSERS)
        if word[-1:] in ("s", "'", "’"):
            word = _POSSESSIVE.sub("", word)
        low = word.casefold()
        if (not word or low in STOPWORDS or F.is_not_name(low)
                or (not word.isalpha() and _DIGIT.search(word))):
            continue
        first = at + len(raw) - len(lead)
        before = text[max(0, first - 4) : first].rstrip(_OPENERS)
        if (not before and first < 4) or (before and before[-1] in ".!?:"):
            nxt = text[pos : pos + 40].lstrip(" ,")
            if not (nxt[:1].isupper() and nxt.split(" ", 1)[0].casefold() not in STOPWORDS):
                continue
        out.append(word)
    return out


def _name_changes(old: str, new: str, pieces: list[_Piece],
                  options: ExplainOptions) -> list[ValueChange]:
    old_found = [n for p in pieces for n in _piece_names(old, p[2], p[3])]
    new_found = [n for p in pieces for n in _piece_names(new, p[4], p[5])]
    gone = sorted({n for n in old_found if n not in new_found})
    came = sorted({n for n in new_found if n not in old_found})
    for g, c in [(g, c) for g in gone for c in came if F.similar_spelling(g, c)]:
        if g in gone and c in came:  # a name spelt right
            gone.remove(g)
            came.remove(c)
    if gone or came:
        old_low, new_low = old.casefold(), new.casefold()
        # still there elsewhere, or only its capital changed: not a change of name
        gone = [g for g in gone if g.casefold() not in new_low]
        came = [c for c in came if c.casefold() not in old_low
                and _short_insertion(c, pieces, options.short_insertion_words)]
    return [ValueChange(gone[k] if k < len(gone) else None, came[k] if k < len(came) else None)
            for k in range(max(len(gone), len(came)))]


def _quote_classes(old: str, new: str, pieces: list[_Piece], q: _LinkQuotes | _TextQuotes,
                   classes: set[str], evidence: list[str]) -> None:
    old_spans, new_spans = q.old_spans(), q.new_spans()
    new_in = _fresh_quotes([(p[4], p[5]) for p in pieces], new_spans, new)
    old_in = _fresh_quotes([(p[2], p[3]) for p in pieces], old_spans, old)
    if new_in and not old_in and not old_spans:
        classes.add(C.QUOTE_ADDED)
        evidence.append(f"quotation added: {_clip(new_in[0])}")
        return
    if old_in and not new_in and not new_spans:
        classes.add(C.QUOTE_REMOVED)
        evidence.append(f"quotation taken out: {_clip(old_in[0])}")
        return
    old_quoted, new_quoted = q.old_quoted(), q.new_quoted()
    if new_quoted and not old_quoted:
        classes.add(C.QUOTE_ADDED)
        evidence.append("quotation added to the sentence")
    elif old_quoted and not new_quoted:
        classes.add(C.QUOTE_REMOVED)
        evidence.append("quotation taken out of the sentence")
    elif old_quoted and new_quoted:
        inside = _overlaps([(p[4], p[5]) for p in pieces], new_spans) or _overlaps(
            [(p[2], p[3]) for p in pieces], old_spans
        )
        if inside:
            classes.add(C.QUOTE_CHANGED)
            evidence.append("words inside quotation marks changed")


def _fresh_quotes(
    changed: list[tuple[int, int]], spans: list[tuple[int, int]], text: str
) -> list[str]:
    """Quotations of at least two words lying wholly inside changed text."""
    out = []
    for s, e in spans:
        if e - s > 2 and len(text[s:e].split()) >= 2 and any(
            cs <= s + 1 and e - 1 <= ce for cs, ce in changed
        ):
            out.append(text[s:e])
    return out


def _short_insertion(name: str, pieces: list[_Piece], limit: int) -> bool:
    for _, n_piece, *_ in pieces:
        if name in n_piece:
            return len(n_piece.split()) <= limit
    return False


def _respelling(old: str, new: str) -> bool:
    if len(old.split()) != len(new.split()):
        return False
    ow = [t for t in tokenize(normalize(old)) if t[0].isalnum()]
    nw = [t for t in tokenize(normalize(new)) if t[0].isalnum()]
    if len(ow) != len(nw):
        return False
    return all(F.similar_spelling(a, b) for a, b in zip(ow, nw, strict=True))


def _piece_evidence(pieces: list[_Piece], limit: int = 3) -> str:
    parts = []
    for o, n, *_ in pieces[:limit]:
        if o and n:
            parts.append(f"'{_clip(o, 40)}' → '{_clip(n, 40)}'")
        elif o:
            parts.append(f"'{_clip(o, 40)}' removed")
        else:
            parts.append(f"'{_clip(n, 40)}' added")
    if len(pieces) > limit:
        parts.append(f"and {len(pieces) - limit} more")
    return ", ".join(parts)


# --- headline, standfirst, stealth ---------------------------------------------------


def _meta_edits(om: Meta | None, nm: Meta | None) -> list[Edit]:
    out = []
    for name, cls in (("headline", C.HEADLINE), ("standfirst", C.STANDFIRST)):
        old = getattr(om, name) if om else None
        new = getattr(nm, name) if nm else None
        if not old or not new or old == new:
            continue
        change = classify_text_change(old, new)
        if change.classes == {C.TYPOGRAPHY}:
            classes = {C.TYPOGRAPHY}
        else:
            classes = {cls} | (change.classes & {C.FACT_UPDATE, C.NAMES, C.CORRECTION})
        ev = [f"{name} changed: '{_clip(old)}' → '{_clip(new)}'", *change.evidence]
        out.append(_make(None, None, classes, ev, op="edited", field=name, values=change.values,
                         names=change.names, old_text=old, new_text=new))
    return out


_STEALTH_FROM = {C.CONTENT_REMOVED, C.QUOTE_REMOVED, C.SECTION_REMOVED}


def _stealth(edits: list[Edit], links: tuple[Link, ...], age: float | None,
             options: ExplainOptions) -> list[Edit]:
    """Mark deletions that nothing replaced, without a correction note, in a story
    past its first hours."""
    if age is None or age < options.stealth_after_hours:
        return edits
    if any(C.CORRECTION in e.classes for e in edits):
        return edits
    out = []
    for e in edits:
        if (e.link is not None and e.op == "deleted" and _STEALTH_FROM & set(e.classes)
                and not _replaced(links, e.link)):
            ev = [*e.evidence, f"removed without replacement or note, {age:.0f} hours "
                               "after publication"]
            e = _make(e.link, links[e.link], {*e.classes, C.STEALTH_DELETION}, ev,
                      old_text=e.old_text, section=e.section)
        out.append(e)
    return out


def _replaced(links: tuple[Link, ...], k: int) -> bool:
    """True when an added sentence stands next to the run of deletions holding link *k*."""
    for step in (-1, 1):
        x = k + step
        while 0 <= x < len(links) and links[x].op == "deleted":
            x += step
        if 0 <= x < len(links) and links[x].op == "added":
            return True
    return False
