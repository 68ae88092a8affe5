"""Give every change of an alignment its edit classes, with evidence.

:func:`explain` is the entry point. It looks at each link of a
:class:`~redline.comparison.Comparison` once, using only the sentences the link
touches (and, for quotations that run over several sentences, the rest of their
paragraph), so it costs a small fraction of the alignment itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from redline.align.model import Link, WordOp
from redline.align.worddiff import word_diff
from redline.comparison import Comparison
from redline.explain import features as F
from redline.explain.model import Classes, Edit, Explanation, Meta, ValueChange, ordered
from redline.explain.significance import edit_significance, version_significance
from redline.explain.structure import Layout, QuoteIndex, joined_spans, layout
from redline.explain.summary import summarize
from redline.text.document import Document
from redline.text.normalize import normalize
from redline.text.tokens import tokenize

__all__ = ["ExplainOptions", "classify_text_change", "explain"]

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
    edits.extend(ctx.page_markers())
    edits = ctx.lead_change(edits)
    age = _age_hours(om, nm)
    edits = _stealth(edits, comparison.links, age, options)
    classes = frozenset(c for e in edits for c in e.classes)
    significance = version_significance(
        (e.classes, e.significance) for e in edits if e.field != "page" or e.classes
    )
    if classes <= {C.TYPOGRAPHY}:
        significance = 0.0
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


class _Context:
    def __init__(self, comparison: Comparison, options: ExplainOptions) -> None:
        self.c = comparison
        self.options = options
        self.old_layout = layout(comparison.old)
        self.new_layout = layout(comparison.new)
        self.old_quotes = QuoteIndex(comparison.old)
        self.new_quotes = QuoteIndex(comparison.new)
        self.added_sections = _whole_sections(
            comparison.new, self.new_layout, comparison.links, "added"
        )
        self.removed_sections = _whole_sections(
            comparison.old, self.old_layout, comparison.links, "deleted"
        )

    # -- one link ------------------------------------------------------------------
    def classify(self, k: int, link: Link) -> Edit | None:
        old_doc, new_doc = self.c.old, self.c.new
        old_text = " ".join(old_doc.sentences[i].text for i in link.old)
        new_text = " ".join(new_doc.sentences[j].text for j in link.new)
        base = Edit(k, link.op, link.old, link.new, (), (), 0.0, link.relation,
                    old_text=old_text, new_text=new_text)
        if link.op == "unchanged" and link.relation == "one":
            if old_text == new_text:
                return None
            ev = "typography only: " + _typo_evidence(old_text, new_text)
            return _finish(base, {C.TYPOGRAPHY}, [ev])
        if link.op == "added":
            return self._added(base, link.new[0])
        if link.op == "deleted":
            return self._removed(base, link.old[0])
        result = classify_text_change(
            old_text, new_text, link.words or None,
            old_quoted=any(self.old_quotes.quoted(i) for i in link.old),
            new_quoted=any(self.new_quotes.quoted(j) for j in link.new),
            old_spans=joined_spans(self.old_quotes, old_doc, link.old),
            new_spans=joined_spans(self.new_quotes, new_doc, link.new),
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
        edit = replace(base, values=result.values, names=result.names)
        return _finish(edit, classes, evidence)

    def _added(self, base: Edit, j: int) -> Edit:
        s = self.c.new.sentences[j]
        role = self.new_layout.role[j]
        heading = self.new_layout.section[j]
        if heading in self.added_sections:
            title = self.c.new.sentences[heading].text
            ev = f"in new section '{title}'" if j != heading else "new section heading"
            return _finish(replace(base, section=title), {C.SECTION_ADDED}, [ev])
        return _finish(base, *self._lone(s.text, role, self.new_quotes.quoted(j), added=True))

    def _removed(self, base: Edit, i: int) -> Edit:
        s = self.c.old.sentences[i]
        role = self.old_layout.role[i]
        heading = self.old_layout.section[i]
        if heading in self.removed_sections:
            title = self.c.old.sentences[heading].text
            ev = f"in removed section '{title}'" if i != heading else "section heading removed"
            return _finish(replace(base, section=title), {C.SECTION_REMOVED}, [ev])
        return _finish(base, *self._lone(s.text, role, self.old_quotes.quoted(i), added=False))

    @staticmethod
    def _lone(text: str, role: str, quoted: bool, *, added: bool) -> tuple[set[str], list[str]]:
        verb = "added" if added else "removed"
        short = _clip(text)
        if F.correction_marker(text):
            return {C.CORRECTION}, [f"correction note {verb}: '{short}'"]
        if F.breaking_marker(text):
            cls = C.BREAKING_ADDED if added else C.BREAKING_REMOVED
            return {cls}, [f"breaking-news marker {verb}: '{short}'"]
        if role == "caption":
            cls = C.CAPTION_ADDED if added else C.CAPTION_REMOVED
            return {cls}, [f"photo caption {verb} (short line without final punctuation "
                           f"next to a heading or at an edge of the text): '{short}'"]
        if quoted:
            cls = C.QUOTE_ADDED if added else C.QUOTE_REMOVED
            why = "reported speech" if F.is_speech(text) else "quotation marks"
            return {cls}, [f"quotation {verb} ({why}): '{short}'"]
        cls = C.CONTENT_ADDED if added else C.CONTENT_REMOVED
        what = "heading" if role == "heading" else "sentence"
        return {cls}, [f"{what} {verb}: '{short}'"]

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
                out.append(_finish(Edit(None, "added", (), (), (), (), 0.0, field="page",
                                        new_text=text),
                                   {C.BREAKING_ADDED}, [f"breaking-news marker added: '{text}'"]))
        for key, text in old.items():
            if key not in new and _marker_kind(key) not in kinds_new:
                edit = Edit(None, "deleted", (), (), (), (), 0.0, field="page", old_text=text)
                ev = f"breaking-news marker removed: '{text}'"
                out.append(_finish(edit, {C.BREAKING_REMOVED}, [ev]))
        return out

    def lead_change(self, edits: list[Edit]) -> list[Edit]:
        """Mark the link of a new lead that was elsewhere in the old version."""
        j, i0 = self.new_layout.lead, self.old_layout.lead
        if j < 0 or i0 < 0:
            return edits
        k = next((x for x, link in enumerate(self.c.links) if j in link.new), -1)
        if k < 0:
            return edits
        link = self.c.links[k]
        if i0 in link.old or not link.old:
            return edits
        was = link.old[0]
        ev = f"lead changed: the story now opens with what was sentence {was + 1}"
        out = []
        found = False
        for e in edits:
            if e.link == k:
                found = True
                e = _finish(e, set(e.classes) - {C.TYPOGRAPHY} | {C.REORDER},
                            [*e.evidence, ev], lead_changed=True)
            out.append(e)
        if not found:
            old_text = " ".join(self.c.old.sentences[i].text for i in link.old)
            new_text = " ".join(self.c.new.sentences[x].text for x in link.new)
            edit = Edit(k, link.op, link.old, link.new, (), (), 0.0, link.relation,
                        old_text=old_text, new_text=new_text)
            out.append(_finish(edit, {C.REORDER}, [ev], lead_changed=True))
            out.sort(key=lambda e: (e.link is None, e.link or 0))
        return out


def _marker_kind(text: str) -> str:
    words = normalize(text).casefold().split()
    return words[0].rstrip(":") if words else ""


def _whole_sections(doc: Document, lay: Layout, links: tuple[Link, ...], op: str) -> set[int]:
    """Headings of *doc* whose whole section (heading and body) is *op* (added/deleted)."""
    touched: set[int] = set()
    for link in links:
        if link.op == op:
            touched.update(link.new if op == "added" else link.old)
    out = set()
    for h, r in enumerate(lay.role):
        if r != "heading" or h not in touched:
            continue
        members = lay.section_members(h)
        if len(members) > 1 and all(m in touched for m in members):
            out.add(h)
    return out


def _finish(
    edit: Edit, classes: set[str], evidence: list[str], *, lead_changed: bool = False
) -> Edit:
    return replace(
        edit,
        classes=ordered(classes),
        evidence=tuple(evidence),
        significance=edit_significance(classes, lead_changed=lead_changed),
    )


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _typo_evidence(old: str, new: str) -> str:
    changed = sorted({ch for ch in set(old) ^ set(new) if not ch.isalnum() and not ch.isspace()})
    if not changed:
        return "white space"
    return "characters " + " ".join(changed)


# --- a change of text ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextChange:
    classes: frozenset[str]
    evidence: tuple[str, ...]
    values: tuple[ValueChange, ...] = ()
    names: tuple[ValueChange, ...] = ()


def _changed_ranges(ops: tuple[WordOp, ...]) -> list[tuple[str, str, int, int, int, int]]:
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
    old_quoted: bool | None = None,
    new_quoted: bool | None = None,
    old_spans: list[tuple[int, int]] | None = None,
    new_spans: list[tuple[int, int]] | None = None,
    options: ExplainOptions = _DEFAULT,
) -> TextChange:
    """Classes of a change from sentence text *old* to *new* (both present).

    *ops* is the word diff when known. Quotation facts default to what the two
    texts show on their own.
    """
    if normalize(old) == normalize(new):
        if old == new:
            return TextChange(frozenset(), ())
        ev = "typography only: " + _typo_evidence(old, new)
        return TextChange(frozenset({C.TYPOGRAPHY}), (ev,))
    if ops is None:
        ops = word_diff(old, new)
    if old_spans is None:
        old_spans = F.quote_spans(old)[0]
    if new_spans is None:
        new_spans = F.quote_spans(new)[0]
    if old_quoted is None:
        old_quoted = F.is_speech(old) or sum(e - s for s, e in old_spans) >= 0.3 * len(old)
    if new_quoted is None:
        new_quoted = F.is_speech(new) or sum(e - s for s, e in new_spans) >= 0.3 * len(new)
    pieces = _changed_ranges(ops)
    classes: set[str] = set()
    evidence: list[str] = []

    # markers
    if F.correction_marker(new) and not F.correction_marker(old):
        classes.add(C.CORRECTION)
        evidence.append(f"correction note added: '{_clip(new)}'")
    old_mark, new_mark = F.breaking_marker(old), F.breaking_marker(new)
    if new_mark and not old_mark:
        classes.add(C.BREAKING_ADDED)
        evidence.append(f"breaking-news marker added: '{_clip(new)}'")
    elif old_mark and not new_mark:
        classes.add(C.BREAKING_REMOVED)
        evidence.append(f"breaking-news marker removed: '{_clip(old)}'")
    elif old_mark and new_mark:
        return TextChange(frozenset({C.REWORDING}), ("breaking-news marker reworded",))

    # figures
    values = [ValueChange(o, n) for o, n in F.figure_changes(old, new)]
    for o_piece, n_piece, *_ in pieces:
        ow = [t for t in tokenize(o_piece) if t[0].isalnum()]
        nw = [t for t in tokenize(n_piece) if t[0].isalnum()]
        if (ow and nw and any(F.number_word(t) for t in ow) and any(F.number_word(t) for t in nw)
                and [t.casefold() for t in ow] != [t.casefold() for t in nw]
                and not any(any(ch.isdigit() for ch in t) for t in ow + nw)):
            values.append(ValueChange(o_piece.strip(), n_piece.strip()))
    if values:
        classes.add(C.FACT_UPDATE)
        evidence.append("figures changed: " + ", ".join(str(v) for v in values))

    # names
    old_names, new_names = F.names(old), F.names(new)
    gone = sorted(old_names - new_names)
    came = sorted(new_names - old_names)
    respelt = [(g, c) for g in gone for c in came if F.similar_spelling(g, c)]
    for g, c in respelt:
        if g in gone and c in came:
            gone.remove(g)
            came.remove(c)
    came = [c for c in came if _short_insertion(c, pieces, options.short_insertion_words)]
    name_changes: list[ValueChange] = []
    if gone or came:
        for k in range(max(len(gone), len(came))):
            name_changes.append(ValueChange(gone[k] if k < len(gone) else None,
                                            came[k] if k < len(came) else None))
        classes.add(C.NAMES)
        evidence.append("names changed: " + ", ".join(str(v) for v in name_changes))

    # quotations
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

    if classes:
        return TextChange(frozenset(classes), tuple(evidence), tuple(values), tuple(name_changes))

    # residual: punctuation and spelling, or rewording
    if F.words(old) == F.words(new):
        return TextChange(frozenset({C.PUNCTUATION_SPELLING}),
                          ("punctuation only: " + _piece_evidence(pieces),))
    if all(_respelling(p[0], p[1]) for p in pieces):
        return TextChange(frozenset({C.PUNCTUATION_SPELLING}),
                          ("spelling: " + _piece_evidence(pieces),))
    return TextChange(frozenset({C.REWORDING}), ("reworded: " + _piece_evidence(pieces),))


_Piece = tuple[str, str, int, int, int, int]


def _short_insertion(name: str, pieces: list[_Piece], limit: int) -> bool:
    for _, n_piece, *_ in pieces:
        if name in n_piece:
            return len(n_piece.split()) <= limit
    return False


def _respelling(old: str, new: str) -> bool:
    ow = [t for t in tokenize(normalize(old)) if t[0].isalnum()]
    nw = [t for t in tokenize(normalize(new)) if t[0].isalnum()]
    if len(ow) != len(nw):
        return False
    return all(F.similar_spelling(a, b) for a, b in zip(ow, nw, strict=True))


def _piece_evidence(pieces: list[tuple[str, str, int, int, int, int]], limit: int = 3) -> str:
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
        edit = Edit(None, "edited", (), (), (), (), 0.0, field=name, values=change.values,
                    names=change.names, old_text=old, new_text=new)
        out.append(_finish(edit, classes, [f"{name} changed: '{_clip(old)}' → '{_clip(new)}'",
                                           *change.evidence]))
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
            e = _finish(e, {*e.classes, C.STEALTH_DELETION},
                        [*e.evidence, f"removed without replacement or note, {age:.0f} hours "
                                      "after publication"])
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
