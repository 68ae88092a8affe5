"""Search snippets: the words around a match, with the matched words marked.

Pure functions over text. The result is a tuple of fragments (text, marked or
not); templates print each fragment escaped, inside ``<mark>`` when marked, so
text from the web never becomes markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Fragment", "highlight", "plain", "snippet"]


@dataclass(frozen=True, slots=True)
class Fragment:
    text: str
    mark: bool = False


def _pattern(terms: list[str]) -> re.Pattern[str] | None:
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE
    )


def highlight(text: str, terms: list[str]) -> tuple[Fragment, ...]:
    """All of *text*, the whole-word matches of *terms* marked."""
    pattern = _pattern(terms)
    if pattern is None:
        return (Fragment(text),) if text else ()
    out: list[Fragment] = []
    at = 0
    for m in pattern.finditer(text):
        if m.start() > at:
            out.append(Fragment(text[at : m.start()]))
        out.append(Fragment(m.group(0), True))
        at = m.end()
    if at < len(text):
        out.append(Fragment(text[at:]))
    return tuple(out)


def snippet(text: str, terms: list[str], width: int = 220) -> tuple[Fragment, ...]:
    """About *width* characters of *text* around its first match, matches marked.

    Cut at spaces where possible, with ``…`` where text was left out. Without a
    match (the search engine folds accents, this does not) it is the start.
    """
    pattern = _pattern(terms)
    first = pattern.search(text) if pattern else None
    at = first.start() if first else 0
    start = max(0, at - width // 3)
    if start:
        space = text.rfind(" ", max(0, start - 30), at)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.find(" ", end, end + 30)
        end = space if space >= 0 else end
    pieces = list(highlight(text[start:end], terms))
    if start:
        pieces.insert(0, Fragment("…"))
    if end < len(text):
        pieces.append(Fragment("…"))
    return tuple(pieces)


def plain(fragments: tuple[Fragment, ...]) -> str:
    return "".join(f.text for f in fragments)
