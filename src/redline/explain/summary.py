"""One line of plain English per version change.

Clauses come in the order of :data:`~redline.explain.model.CLASS_ORDER` (most
newsworthy first) and are joined with semicolons, e.g.::

    4 quote sentences added; new section 'Warholm reclaims world title as pole
    vaulters share gold' (12 sentences); new detail in 2 sentences; 'More to
    follow.' removed; photo caption removed; 3 sentences reworded

Punctuation and spelling fixes are counted with the reworded sentences when
there are rewordings too (they are kept apart in the classes).
"""

from __future__ import annotations

from collections.abc import Sequence

from redline.explain.model import Classes, Edit, ValueChange

__all__ = ["summarize"]

C = Classes
_MINOR = frozenset({C.REWORDING, C.PUNCTUATION_SPELLING, C.TYPOGRAPHY})
_TYPO_ONLY = (C.TYPOGRAPHY,)


def _n(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def _list(items: list[str], limit: int = 3) -> str:
    shown = ", ".join(items[:limit])
    return shown + (", …" if len(items) > limit else "")


def _net(changes: list[ValueChange]) -> list[str]:
    """*changes* once each, without a value both removed and added."""
    gone = {v.old for v in changes if v.new is None}
    came = {v.new for v in changes if v.old is None}
    both = gone & came
    kept = [
        v
        for v in changes
        if not ((v.new is None and v.old in both) or (v.old is None and v.new in both))
    ]
    return list(dict.fromkeys(str(v) for v in kept))


def summarize(edits: Sequence[Edit]) -> str:
    by_class: dict[str, list[Edit]] = {}
    body_by_class: dict[str, list[Edit]] = {}
    values: list[ValueChange] = []
    names: list[ValueChange] = []
    fields: list[str] = []
    moved = minor = split = merged = 0
    reworded = lead = False
    typography = 0
    for e in edits:
        classes = e.classes
        if classes == _TYPO_ONLY and e.field == "body":
            typography += 1
            continue
        body = e.field == "body"
        for c in classes:
            by_class.setdefault(c, []).append(e)
            if body:
                body_by_class.setdefault(c, []).append(e)
        if not body:
            if e.field != "page" and classes != _TYPO_ONLY:
                fields.append(f"{e.field} changed")
            continue
        if e.values:
            values.extend(e.values)
        if e.names and C.NAMES in e.classes:
            names.extend(e.names)
        if e.op == "moved":
            moved += 1
        if C.REORDER in e.classes and not lead:
            lead = any(ev.startswith("lead changed") for ev in e.evidence)
        if _MINOR.issuperset(e.classes):
            if e.relation == "split":
                split += 1
            elif e.relation == "merge":
                merged += 1
            elif e.op == "edited":
                minor += 1
                reworded = reworded or C.REWORDING in e.classes

    parts = fields
    # the same fact or name changed in several sentences (the headline and the
    # lead) is one fact or name changed; one taken out of a sentence and put
    # into another is no change of the story
    facts, renamed = _net(values), _net(names)
    if C.CORRECTION in by_class:
        parts.append("correction note added")
    if facts:
        parts.append(f"{_n(len(facts), 'fact')} updated ({_list(facts)})")
    if renamed:
        parts.append(f"{_n(len(renamed), 'name')} changed ({_list(renamed)})")
    for cls, what in ((C.QUOTE_ADDED, "added"), (C.QUOTE_REMOVED, "removed")):
        found = body_by_class.get(cls, [])
        if found:
            parts.append(f"{_n(len(found), 'quote sentence')} {what}")
    changed_quotes = body_by_class.get(C.QUOTE_CHANGED, [])
    if changed_quotes:
        parts.append(f"wording of {_n(len(changed_quotes), 'quote')} changed")
    for cls, template, many in (
        (C.SECTION_ADDED, "new section '{}' ({})", "{} new sections"),
        (C.SECTION_REMOVED, "section '{}' removed ({})", "{} sections removed"),
    ):
        sections: dict[str, int] = {}
        for e in body_by_class.get(cls, []):
            sections[e.section or ""] = sections.get(e.section or "", 0) + 1
        if len(sections) > 2:
            titles = _list([f"'{t}'" for t in sections], 2)
            total = _n(sum(sections.values()), "sentence")
            parts.append(f"{many.format(len(sections))} ({titles}; {total})")
            continue
        for title, count in sections.items():
            parts.append(template.format(title, _n(count, "sentence")))
    stealth = body_by_class.get(C.STEALTH_DELETION, [])
    if stealth:
        parts.append(f"{_n(len(stealth), 'sentence')} deleted without a note")
    added = [e for e in body_by_class.get(C.CONTENT_ADDED, []) if e.op == "added"]
    if added:
        parts.append(f"{_n(len(added), 'sentence')} added")
    detail = [e for e in body_by_class.get(C.CONTENT_ADDED, []) if e.op != "added"]
    if detail:
        parts.append(f"new detail in {_n(len(detail), 'sentence')}")
    dropped = [e for e in body_by_class.get(C.CONTENT_REMOVED, []) if e.op != "deleted"]
    if dropped:
        parts.append(f"detail dropped from {_n(len(dropped), 'sentence')}")
    removed = [
        e
        for e in body_by_class.get(C.CONTENT_REMOVED, [])
        if C.STEALTH_DELETION not in e.classes and e.op == "deleted"
    ]
    if removed:
        parts.append(f"{_n(len(removed), 'sentence')} removed")
    for cls, what in ((C.BREAKING_ADDED, "added"), (C.BREAKING_REMOVED, "removed")):
        found = by_class.get(cls, [])
        if 0 < len(found) <= 2:
            parts.extend(f"'{e.new_text if what == 'added' else e.old_text}' {what}" for e in found)
        elif found:
            parts.append(f"{len(found)} breaking-news markers {what}")
    for cls, what in ((C.CAPTION_ADDED, "added"), (C.CAPTION_REMOVED, "removed")):
        found = body_by_class.get(cls, [])
        if found:
            noun = "photo caption" if len(found) == 1 else f"{len(found)} photo captions"
            parts.append(f"{noun} {what}")
    if lead:
        parts.append("lead changed")
    if moved:
        parts.append(f"{_n(moved, 'sentence')} moved")
    if minor:
        if reworded:
            parts.append(f"{_n(minor, 'sentence')} reworded")
        else:
            parts.append(_n(minor, "punctuation/spelling fix", "punctuation/spelling fixes"))
    if split:
        parts.append(f"{_n(split, 'sentence')} split")
    if merged:
        parts.append(f"{_n(merged, 'sentence')} merged")
    if parts:
        return "; ".join(parts)
    typo = typography + len(by_class.get(C.TYPOGRAPHY, []))
    if typo:
        return f"typography only ({_n(typo, 'sentence')})"
    return "no change"
