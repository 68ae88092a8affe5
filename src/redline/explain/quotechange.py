"""Quotations changed by an edit of a sentence: added, taken out or changed
(quoted words or reported speech), quoted titles of works told apart."""

from __future__ import annotations

import re
from typing import Protocol

from redline.explain import features as F
from redline.explain.model import Classes
from redline.explain.pieces import (
    ALNUM,
    WORD_RE,
    Piece,
    clip,
    content_words,
    overlaps,
    respelling,
    title_at,
)

__all__ = ["QuoteFacts", "quote_classes", "reported_after_verb", "titles_added"]

C = Classes


class QuoteFacts(Protocol):
    """Quotation facts of the two sides of a change (spans over the joined texts)."""

    def old_quoted(self) -> bool: ...
    def new_quoted(self) -> bool: ...
    def old_spans(self) -> list[tuple[int, int]]: ...
    def new_spans(self) -> list[tuple[int, int]]: ...


def quote_classes(
    old: str, new: str, pieces: list[Piece], q: QuoteFacts, classes: set[str], evidence: list[str]
) -> None:
    old_spans, new_spans = q.old_spans(), q.new_spans()
    new_in = _fresh_quotes([(p[4], p[5]) for p in pieces], new_spans, new)
    old_in = _fresh_quotes([(p[2], p[3]) for p in pieces], old_spans, old)
    if new_in and not old_in and not old_spans:
        classes.add(C.QUOTE_ADDED)
        evidence.append(f"quotation added: {clip(new_in[0])}")
        return
    if old_in and not new_in and not new_spans:
        classes.add(C.QUOTE_REMOVED)
        evidence.append(f"quotation taken out: {clip(old_in[0])}")
        return
    old_quoted, new_quoted = q.old_quoted(), q.new_quoted()
    # a quoted title of a work is no quotation (« Le Silence des vagues »)
    if new_quoted and not old_quoted and _titles_only(new, new_spans):
        new_quoted = False
    if old_quoted and not new_quoted and _titles_only(old, old_spans):
        old_quoted = False
    if old_spans and new_spans:
        old_quoted = new_quoted = True  # a quotation on both sides: changed or not
    if old_quoted and new_quoted and not (old_spans or new_spans):
        # reported speech: what was said changed, unless only the attribution did
        said = [p for p in pieces if ALNUM.search(p[0] + p[1]) and not respelling(p[0], p[1])]
        if said and not any(F.is_speech(p[0]) or F.is_speech(p[1]) for p in said):
            classes.add(C.QUOTE_CHANGED)
            evidence.append("reported speech changed")
        return
    if new_quoted and not old_quoted:
        classes.add(C.QUOTE_ADDED)
        evidence.append("quotation added to the sentence")
    elif old_quoted and not new_quoted:
        classes.add(C.QUOTE_REMOVED)
        evidence.append("quotation taken out of the sentence")
    elif old_quoted and new_quoted:
        # punctuation or a respelling inside a quotation is no change of what was said
        worded = [p for p in pieces if ALNUM.search(p[0] + p[1]) and not respelling(p[0], p[1])]
        inside = overlaps([(p[4], p[5]) for p in worded], new_spans) or overlaps(
            [(p[2], p[3]) for p in worded], old_spans
        )
        if inside and _quoted_words(old, old_spans) != _quoted_words(new, new_spans):
            classes.add(C.QUOTE_CHANGED)
            evidence.append("words inside quotation marks changed")


def _titles_only(text: str, spans: list[tuple[int, int]]) -> bool:
    return bool(spans) and not F.is_speech(text) and all(title_at(text, s, e) for s, e in spans)


def titles_added(
    old: str, new: str, pieces: list[Piece]
) -> tuple[list[str], list[tuple[int, int]], list[str], list[tuple[int, int]]]:
    """Quoted titles of works inserted into (taken out of) the sentence, with spans."""
    out: list[tuple[list[str], list[tuple[int, int]]]] = []
    for text, other, at in ((new, old, 4), (old, new, 2)):
        found, spans = [], []
        # reported speech, or a quotation set off by a colon ("Union: 'We are at
        # breaking point'"), is no title
        if F.has_quote_marks(text) and not F.is_speech(text):
            changed = [(p[2], p[3]) if at == 2 else (p[4], p[5]) for p in pieces]
            for t in _fresh_quotes(changed, F.quote_spans(text)[0], text, titles=True):
                s = text.find(t)
                if title_at(text, s, s + len(t)) and t.strip(" \"'“”‘’«»„‹›") not in other:
                    found.append(t)
                    spans.append((s, s + len(t)))
        out.append((found, spans))
    return out[0][0], out[0][1], out[1][0], out[1][1]


def _quoted_words(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """The words inside quotation marks, in order (a quotation moved keeps them)."""
    return [w.casefold() for s, e in spans for w in _ANY_WORD.findall(text, s, e)]


_ANY_WORD = re.compile(r"\w[\w'’-]*")


def _fresh_quotes(
    changed: list[tuple[int, int]], spans: list[tuple[int, int]], text: str, titles: bool = False
) -> list[str]:
    """Quotations lying wholly inside changed text (titles of works apart, or only
    those with *titles*)."""
    out = []
    for s, e in spans:
        if (
            e - s > 2
            and any(cs <= s + 1 and e - 1 <= ce for cs, ce in changed)
            and F.title_like(text[s:e]) == titles
        ):
            out.append(text[s:e])
    return out


def reported_after_verb(old: str, new: str, pieces: list[Piece]) -> str:
    """The speech verb, the same on both sides, after which every changed word of
    the sentence stands (what was reported changed, not who reported it), else ``""``."""
    if not (F.hint_words(old) & F.SPEECH_WORDS):
        return ""  # the cheap test
    m_old, m_new = F.speech_verb(old), F.speech_verb(new)
    if m_old is None or m_new is None or m_old[0].casefold() != m_new[0].casefold():
        return ""
    worded = [
        p for p in pieces if ALNUM.search(p[0] + p[1]) and not (p[0] and respelling(p[0], p[1]))
    ]
    if not worded or not all(p[2] >= m_old[1] and p[4] >= m_new[1] for p in worded):
        return ""
    # a word of what was reported is gone (replaced or deleted, not moved): words
    # only inserted ("no immediate plans") or moved shade the wording
    new_words = {w.casefold() for w in WORD_RE.findall(new)}
    for p in worded:
        if p[0] and any(w.casefold() not in new_words for w in content_words(old, p[2], p[3], [])):
            return m_new[0]
    return ""
