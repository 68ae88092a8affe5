"""Readable, coloured terminal view of a comparison (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from redline.align.model import Link
from redline.comparison import Comparison

__all__ = ["render_terminal"]

_STYLE = {
    "added": "green",
    "deleted": "red",
    "edited": "yellow",
    "moved": "cyan",
}
_MARK = {"added": "+", "deleted": "-", "edited": "~", "moved": ">", "unchanged": " "}


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
    head = Text()
    if title:
        head.append(title + "\n", style="bold")
    head.append(summary or comparison.summary(), style="bold")
    console.print(head)
    console.print()
    markers = console.no_color or not console.is_terminal
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
            console.print(_folded(hidden))
            hidden = 0
        console.print(_line(comparison, link, markers))
    if hidden:
        console.print(_folded(hidden))


def _folded(count: int) -> Text:
    return Text(f"   … {count} unchanged sentence{'s' if count > 1 else ''}", style="dim")


def _label(link: Link) -> str:
    if link.relation == "split":
        return "split"
    if link.relation == "merge":
        return "merged"
    if link.op == "moved":
        return "moved, edited" if link.text_changed else "moved"
    return link.op


def _line(comparison: Comparison, link: Link, markers: bool) -> Text:
    """One item; with *markers*, word changes are also shown as [-old-]{+new+}."""
    style = _STYLE.get(link.op, "")
    out = Text()
    out.append(f" {_MARK[link.op]} ", style=f"bold {style}" if style else "dim")
    if link.op == "unchanged":
        out.append(comparison.new.sentences[link.new[0]].text, style="dim")
        return out
    out.append(f"[{_label(link)}", style=style)
    if link.op == "moved":
        old_i, new_i = link.old[0], link.new[0]
        out.append(f" from sentence {old_i + 1} to {new_i + 1}", style=style)
    out.append("] ", style=style)
    if link.op == "added":
        out.append(" ".join(comparison.new.sentences[j].text for j in link.new), style="green")
    elif link.op == "deleted":
        out.append(" ".join(comparison.old.sentences[i].text for i in link.old), style="red strike")
    elif link.words:
        for w in link.words:
            if w.op == "equal":
                out.append(w.new)
            if w.op in ("delete", "replace"):
                out.append(f"[-{w.old}-]" if markers else w.old, style="bold red strike")
            if w.op == "replace" and not markers:
                out.append(" ")
            if w.op in ("insert", "replace"):
                out.append(f"{{+{w.new}+}}" if markers else w.new, style="bold green underline")
    else:
        out.append(" ".join(comparison.new.sentences[j].text for j in link.new))
    return out
