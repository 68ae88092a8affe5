"""Readable, coloured terminal view of a comparison (rich).

Text from the compared versions is shown, never interpreted: control characters
(an escape sequence in a scraped page could retitle or reprogram a terminal) are
written as visible ``\\xNN`` escapes.

A view of more than :data:`STREAM_ITEMS` lines (no article has that many
sentences: a whole book, a data dump) is written line by line as it goes, with
the same items and marks but without rich's layout (no word wrapping), so that
its time and memory stay linear in its size.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import IO

from rich.console import Console
from rich.text import Text

from redline.align.model import Link
from redline.align.worddiff import shown_deletion
from redline.comparison import Comparison

__all__ = ["STREAM_ITEMS", "render_terminal", "safe_text"]

STREAM_ITEMS = 10_000
"""Lines shown (items and folds) past which the view is streamed without rich's layout."""

_STYLE = {
    "added": "green",
    "deleted": "red",
    "edited": "yellow",
    "moved": "cyan",
}
_INDENT = 3  # the width of an item's mark (" + ")
_MARK = {"added": "+", "deleted": "-", "edited": "~", "moved": ">", "unchanged": " "}

# C0 controls but the tab, DEL and C1 controls, as visible escapes
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x00, 0x09), *range(0x0A, 0x20), *range(0x7F, 0xA0))}
_HAS_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def safe_text(text: str, *, lines: bool = False) -> str:
    """*text* with control characters written as ``\\xNN`` (a terminal would obey
    them); with *lines*, line breaks are kept."""
    if _HAS_CONTROL.search(text) is None:  # nearly always: a fast scan
        return text
    if lines:
        return "\n".join(part.translate(_CONTROLS) for part in text.split("\n"))
    return text.translate(_CONTROLS)


def render_terminal(
    comparison: Comparison,
    console: Console,
    *,
    context: int = 1,
    title: str | None = None,
    summary: str | None = None,
) -> None:
    """Print *comparison*: summary first, then changes with *context* unchanged
    sentences around each; longer unchanged stretches are collapsed."""
    items = list(_items(comparison, context))
    if len(items) > STREAM_ITEMS:
        _stream(items, comparison, console, title=title, summary=summary)
        return
    head = Text()
    if title:
        head.append(safe_text(title, lines=True) + "\n", style="bold")
    head.append(safe_text(summary or comparison.summary(), lines=True), style="bold")
    console.print(head)
    console.print()
    markers = console.no_color or not console.is_terminal
    # on a terminal, an item wraps under its own text (a hanging indent past
    # its mark); written to a file or a pipe, each item is one line
    wrap = not console.soft_wrap and (console.is_terminal or _isatty(console.file))
    width = max(20, console.width - _INDENT)
    for item in items:
        if isinstance(item, int):
            console.print(_folded(item))
            continue
        pieces = _pieces(comparison, item, markers)
        mark, mark_style = next(pieces)
        body = Text()
        for piece, style in pieces:
            body.append(piece, style=style)
        if not wrap:
            console.print(Text(mark, style=mark_style) + body, soft_wrap=True)
            continue
        for k, line in enumerate(body.wrap(console, width)):
            line.rstrip()
            lead = Text(mark, style=mark_style) if k == 0 else Text(" " * _INDENT)
            console.print(lead + line, soft_wrap=True)


def _isatty(file: IO[str]) -> bool:
    """Whether *file* is a terminal (written to without colour, ``--no-color``)."""
    try:
        return file.isatty()
    except (AttributeError, ValueError):  # closed, or not a real file
        return False


def _items(comparison: Comparison, context: int) -> Iterator[Link | int]:
    """The links to show, and the number of unchanged ones folded between them."""
    links = comparison.links
    show = [False] * len(links)
    for k, link in enumerate(links):
        if link.changed:
            for x in range(max(0, k - context), min(len(links), k + context + 1)):
                show[x] = True
    hidden = 0
    for k, link in enumerate(links):
        if not show[k]:
            hidden += 1
            continue
        if hidden:
            yield hidden
            hidden = 0
        yield link
    if hidden:
        yield hidden


def _folded(count: int) -> Text:
    return Text(_folded_text(count), style="dim")


def _folded_text(count: int) -> str:
    return f"   … {count} unchanged sentence{'s' if count > 1 else ''}"


def _label(link: Link) -> str:
    if link.relation == "split":
        return "split"
    if link.relation == "merge":
        return "merged"
    if link.op == "moved":
        return "moved, edited" if link.text_changed else "moved"
    return link.op


def _pieces(comparison: Comparison, link: Link, markers: bool) -> Iterator[tuple[str, str]]:
    """One item as (text, style) pieces; with *markers*, word changes are also
    shown as [-old-]{+new+}."""
    style = _STYLE.get(link.op, "")
    yield f" {_MARK[link.op]} ", f"bold {style}" if style else "dim"
    if link.op == "unchanged":
        yield safe_text(comparison.new.sentences[link.new[0]].text), "dim"
        return
    yield f"[{_label(link)}", style
    if link.op == "moved":
        old_i, new_i = link.old[0], link.new[0]
        yield f" from sentence {old_i + 1} to {new_i + 1}", style
    yield "] ", style
    if link.op == "added":
        yield safe_text(" ".join(comparison.new.sentences[j].text for j in link.new)), "green"
    elif link.op == "deleted":
        text = " ".join(comparison.old.sentences[i].text for i in link.old)
        yield safe_text(text), "red strike"
    elif link.words:
        for k, w in enumerate(link.words):
            if w.op == "equal":
                yield safe_text(w.new), ""
            if w.op in ("delete", "replace"):
                old = safe_text(shown_deletion(link.words, k) if w.op == "delete" else w.old)
                yield (f"[-{old}-]" if markers else old), "bold red strike"
            if w.op == "replace" and not markers:
                yield " ", ""
            if w.op in ("insert", "replace"):
                new = safe_text(w.new)
                yield (f"{{+{new}+}}" if markers else new), "bold green underline"
    else:
        yield safe_text(" ".join(comparison.new.sentences[j].text for j in link.new)), ""


# ---------------------------------------------------------------------------
# streamed view of huge comparisons

_SGR = {
    "bold": "1",
    "dim": "2",
    "underline": "4",
    "strike": "9",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "cyan": "36",
}
_COLOURS = frozenset({"red", "green", "yellow", "cyan"})
_PLAIN = frozenset({"unchanged", "added", "deleted"})


@cache
def _sgr(style: str, colour: bool) -> str:
    codes = [_SGR[w] for w in style.split() if colour or w not in _COLOURS]
    return f"\x1b[{';'.join(codes)}m" if codes else ""


def _stream(
    items: list[Link | int],
    comparison: Comparison,
    console: Console,
    *,
    title: str | None,
    summary: str | None,
) -> None:
    """The view of :func:`render_terminal`, written in chunks without rich's layout."""
    styled = console.is_terminal and console.color_system is not None
    colour = styled and not console.no_color
    markers = console.no_color or not console.is_terminal
    file: IO[str] = console.file

    def line(pieces: Iterator[tuple[str, str]] | list[tuple[str, str]]) -> str:
        if not styled:
            return "".join(text for text, _ in pieces)
        out = []
        for text, style in pieces:
            start = _sgr(style, colour) if style else ""
            out.append(f"{start}{text}\x1b[0m" if start else text)
        return "".join(out)

    buffer = [line([(safe_text(title, lines=True), "bold")])] if title else []
    buffer.append(line([(safe_text(summary or comparison.summary(), lines=True), "bold")]))
    buffer.append("")
    olds, news = comparison.old.sentences, comparison.new.sentences
    for item in items:
        if isinstance(item, int):
            buffer.append(line([(_folded_text(item), "dim")]))
        elif styled or item.relation != "one" or item.op not in _PLAIN:
            buffer.append(line(_pieces(comparison, item, markers)))
        elif item.op == "unchanged":  # the plain common cases, as _pieces gives them
            buffer.append("   " + safe_text(news[item.new[0]].text))
        elif item.op == "added":
            buffer.append(" + [added] " + safe_text(news[item.new[0]].text))
        else:
            buffer.append(" - [deleted] " + safe_text(olds[item.old[0]].text))
        if len(buffer) >= 1000:
            file.write("\n".join(buffer) + "\n")
            buffer.clear()
    if buffer:
        file.write("\n".join(buffer) + "\n")
    file.flush()
