"""Give every change of an alignment its edit classes, with evidence.

:func:`explain` is the entry point. It looks at each link of a
:class:`~redline.comparison.Comparison` once, using only the sentences the link
touches (and, for quotations that run over several sentences, the rest of their
paragraph); changed sentences are classified by
:func:`~redline.explain.textchange.classify_text_change`. Added and removed
sentences, sections, captions, the lead, headline and standfirst and stealth
deletions are decided here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from redline.align.model import Link
from redline.comparison import Comparison
from redline.explain import features as F
from redline.explain.markers import stamp
from redline.explain.model import Classes, Edit, Explanation, Meta, ValueChange, ordered
from redline.explain.options import DEFAULT_OPTIONS, ExplainOptions
from redline.explain.significance import WEIGHTS, edit_significance, version_significance
from redline.explain.structure import Layout, QuoteIndex, joined_spans, layout, lead_of
from redline.explain.summary import summarize
from redline.explain.textchange import classify_text_change, clip, marker_change
from redline.explain.typography import typography_evidence
from redline.text.document import Document
from redline.text.normalize import normalize

__all__ = ["ExplainOptions", "explain"]

C = Classes


def explain(
    comparison: Comparison,
    *,
    old_meta: Meta | Mapping[str, Any] | None = None,
    new_meta: Meta | Mapping[str, Any] | None = None,
    options: ExplainOptions = DEFAULT_OPTIONS,
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
    """Hours from first publication (else the old version's sighting) to the new
    version's sighting; ``None`` when unknown."""
    seen = nm.seen if nm else None
    if seen is None:
        return None
    published = [m.published for m in (om, nm) if m is not None and m.published is not None]
    try:
        first = min(published) if published else (om.seen if om else None)
        if first is None:
            return None
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
        names_of: tuple[str, ...] = (only,)
        score = WEIGHTS.get(only, 0.0)
    else:
        names_of = ordered(classes)
        score = edit_significance(classes, lead_changed=lead_changed)
    if link is None:
        return Edit(
            k,
            op or "edited",
            (),
            (),
            names_of,
            tuple(evidence),
            score,
            "one",
            field,
            values,
            names,
            section,
            old_text,
            new_text,
        )
    return Edit(
        k,
        op or link.op,
        link.old,
        link.new,
        names_of,
        tuple(evidence),
        score,
        link.relation,
        field,
        values,
        names,
        section,
        old_text,
        new_text,
    )


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
        self._all_text: str | None = None
        self._known: dict[str, bool] = {}
        self._evidence: dict[int, tuple[str, ...]] = {}

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

    def known_names(self, word: str) -> bool:
        """True when either version uses *word* as a name (not starting a sentence)."""
        found = self._known.get(word)
        if found is None:
            if self._all_text is None:
                self._all_text = "\n".join([*self.c.old.texts, *self.c.new.texts])
            found = self._known[word] = F.used_as_name(word, self._all_text)
        return found

    @property
    def added_sections(self) -> set[int]:
        if self._added_sections is None:
            self._added_sections = _whole_sections(
                self.c.new, self.new_layout, self.c.links, "added"
            )
        return self._added_sections

    @property
    def removed_sections(self) -> set[int]:
        if self._removed_sections is None:
            self._removed_sections = _whole_sections(
                self.c.old, self.old_layout, self.c.links, "deleted"
            )
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
            old_text,
            new_text,
            link.words or None,
            old_key=old_key,
            new_key=new_key,
            quotes=_LinkQuotes(self, link),
            options=self.options,
            known_names=self.known_names,
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
        return _make(
            k,
            link,
            classes,
            evidence,
            old_text=old_text,
            new_text=new_text,
            values=result.values,
            names=result.names,
        )

    def _added(self, k: int, link: Link, j: int) -> Edit:
        s = self.c.new.sentences[j]
        heading = self.new_layout.section[j]
        if heading >= 0 and heading in self.added_sections:
            title = self.c.new.sentences[heading].text
            ev = (
                self._section_evidence(heading, title, "new")
                if j != heading
                else ("new section heading",)
            )
            return _make(k, link, _SECTION_ADDED, ev, new_text=s.text, section=title)
        classes, lone = _lone(
            s.text, s.key, self.new_layout.role[j], self.new_quotes, j, added=True
        )
        return _make(k, link, classes, lone, new_text=s.text)

    def _removed(self, k: int, link: Link, i: int) -> Edit:
        s = self.c.old.sentences[i]
        heading = self.old_layout.section[i]
        if heading >= 0 and heading in self.removed_sections:
            title = self.c.old.sentences[heading].text
            ev = (
                self._section_evidence(-1 - heading, title, "removed")
                if i != heading
                else ("section heading removed",)
            )
            return _make(k, link, _SECTION_REMOVED, ev, old_text=s.text, section=title)
        classes, lone = _lone(
            s.text, s.key, self.old_layout.role[i], self.old_quotes, i, added=False
        )
        return _make(k, link, classes, lone, old_text=s.text)

    def _section_evidence(self, key: int, title: str, how: str) -> tuple[str, ...]:
        found = self._evidence.get(key)
        if found is None:
            found = self._evidence[key] = (f"in {how} section '{title}'",)
        return found

    # -- the version as a whole ----------------------------------------------------
    def page_markers(self) -> list[Edit]:
        """Breaking-news markers among page furniture (``Updated at 14:05``); an
        update stamp whose time changed is reported once, as changed."""
        old = {normalize(x): x for x in self.c.old.dropped if F.breaking_marker(x)}
        new = {normalize(x): x for x in self.c.new.dropped if F.breaking_marker(x)}
        old_stamps = [k for k in old if k not in new and stamp(k) is not None]
        new_stamps = [k for k in new if k not in old and stamp(k) is not None]
        out = []
        for o, n in zip(old_stamps, new_stamps, strict=False):
            change = marker_change(old[o], new[n], o, n)
            out.append(
                _make(
                    None,
                    None,
                    change.classes,
                    change.evidence,
                    op="edited",
                    field="page",
                    old_text=old[o],
                    new_text=new[n],
                )
            )
        for key, text in new.items():
            if key in old and old[key] != text:  # retyped only ("14:05" with a no-break space)
                out.append(
                    _make(
                        None,
                        None,
                        _TYPO,
                        ("breaking-news marker retyped: " + typography_evidence(old[key], text),),
                        op="edited",
                        field="page",
                        old_text=old[key],
                        new_text=text,
                    )
                )
        paired = set(old_stamps[: len(new_stamps)]) | set(new_stamps[: len(old_stamps)])
        for key, text in new.items():
            if key not in old and key not in paired:
                ev = [f"breaking-news marker added: '{text}'"]
                out.append(
                    _make(
                        None, None, {C.BREAKING_ADDED}, ev, op="added", field="page", new_text=text
                    )
                )
        for key, text in old.items():
            if key not in new and key not in paired:
                ev = [f"breaking-news marker removed: '{text}'"]
                out.append(
                    _make(
                        None,
                        None,
                        {C.BREAKING_REMOVED},
                        ev,
                        op="deleted",
                        field="page",
                        old_text=text,
                    )
                )
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
                e = _make(
                    k,
                    link,
                    (set(e.classes) - {C.TYPOGRAPHY}) | {C.REORDER},
                    [*e.evidence, ev],
                    old_text=e.old_text,
                    new_text=e.new_text,
                    lead_changed=True,
                    values=e.values,
                    names=e.names,
                    section=e.section,
                )
            out.append(e)
        if not found:
            old_text = " ".join(self.c.old.sentences[i].text for i in link.old)
            new_text = " ".join(self.c.new.sentences[x].text for x in link.new)
            out.append(
                _make(
                    k,
                    link,
                    {C.REORDER},
                    [ev],
                    old_text=old_text,
                    new_text=new_text,
                    lead_changed=True,
                )
            )
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


def _lone(
    text: str, key: str, role: str, quotes: QuoteIndex, i: int, *, added: bool
) -> tuple[set[str], list[str]]:
    """Classes of a sentence added or removed on its own."""
    verb = "added" if added else "removed"
    short = clip(text)
    words = F.hint_words(text)
    if F.correction_marker(text, key=key, words=words):
        return {C.CORRECTION}, [f"correction note {verb}: '{short}'"]
    if F.breaking_marker(text, key=key, words=words):
        cls = C.BREAKING_ADDED if added else C.BREAKING_REMOVED
        return {cls}, [f"breaking-news marker {verb}: '{short}'"]
    if role == "caption":
        cls = C.CAPTION_ADDED if added else C.CAPTION_REMOVED
        return {cls}, [
            f"photo caption {verb} (short line without final punctuation "
            f"next to a heading or at an edge of the text): '{short}'"
        ]
    if quotes.quoted(i, words):
        cls = C.QUOTE_ADDED if added else C.QUOTE_REMOVED
        why = "quotation marks" if quotes.marked(i) else "reported speech"
        return {cls}, [f"quotation {verb} ({why}): '{short}'"]
    cls = C.CONTENT_ADDED if added else C.CONTENT_REMOVED
    what = "heading" if role == "heading" else "sentence"
    return {cls}, [f"{what} {verb}: '{short}'"]


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


_TYPO = frozenset({C.TYPOGRAPHY})
_SECTION_ADDED = frozenset({C.SECTION_ADDED})
_SECTION_REMOVED = frozenset({C.SECTION_REMOVED})
_TYPO_EVIDENCE = ("typography only (quotes, apostrophes, dashes, spaces or invisible characters)",)


# --- headline, standfirst, stealth ---------------------------------------------------


def _meta_edits(om: Meta | None, nm: Meta | None) -> list[Edit]:
    out = []
    for name, cls in (("headline", C.HEADLINE), ("standfirst", C.STANDFIRST)):
        old = getattr(om, name) if om else None
        new = getattr(nm, name) if nm else None
        if not old or not new or old == new:
            continue
        change = classify_text_change(old, new, headline=name == "headline")
        if change.classes == {C.TYPOGRAPHY}:
            classes = {C.TYPOGRAPHY}
        elif name == "headline":
            # the headline changed, and what kind of change it was: re-angled
            # (rewording), re-punctuated, a quotation, a figure, a name, a flag
            classes = {cls} | (change.classes - {C.TYPOGRAPHY})
        else:
            classes = {cls} | (change.classes & {C.FACT_UPDATE, C.NAMES, C.CORRECTION})
        ev = [f"{name} changed: '{clip(old)}' → '{clip(new)}'", *change.evidence]
        out.append(
            _make(
                None,
                None,
                classes,
                ev,
                op="edited",
                field=name,
                values=change.values,
                names=change.names,
                old_text=old,
                new_text=new,
            )
        )
    return out


_STEALTH_FROM = {C.CONTENT_REMOVED, C.QUOTE_REMOVED, C.SECTION_REMOVED}


def _stealth(
    edits: list[Edit], links: tuple[Link, ...], age: float | None, options: ExplainOptions
) -> list[Edit]:
    """Mark deletions that nothing replaced, without a correction note, in a story
    past its first hours; and a correction note removed without another note in
    its place (it hides that the story was corrected), unless the story is known to
    be still in its first hours (then the note itself was being fixed)."""
    notes_added = any(C.CORRECTION in e.classes and e.op != "deleted" for e in edits)
    old_enough = age is not None and age >= options.stealth_after_hours
    # a note taken out in the story's first hours is the note being fixed; without
    # times, a note removed is always suspect
    notes_suspect = age is None or old_enough
    if notes_added or not (old_enough or (notes_suspect and any(map(_note_removed, edits)))):
        return edits
    out = []
    for e in edits:
        if e.link is not None and e.op == "deleted" and not _replaced(links, e.link):
            if notes_suspect and _note_removed(e):
                why = "correction note removed without another note, hiding that the story "
                why += "was corrected"
            elif old_enough and _STEALTH_FROM & set(e.classes):
                why = f"removed without replacement or note, {age:.0f} hours after publication"
            else:
                why = ""
            if why:
                e = _make(
                    e.link,
                    links[e.link],
                    {*e.classes, C.STEALTH_DELETION},
                    [*e.evidence, why],
                    old_text=e.old_text,
                    section=e.section,
                )
        out.append(e)
    return out


def _note_removed(e: Edit) -> bool:
    return e.op == "deleted" and C.CORRECTION in e.classes


def _replaced(links: tuple[Link, ...], k: int) -> bool:
    """True when an added sentence stands next to the run of deletions holding link *k*."""
    for step in (-1, 1):
        x = k + step
        while 0 <= x < len(links) and links[x].op == "deleted":
            x += step
        if 0 <= x < len(links) and links[x].op == "added":
            return True
    return False
