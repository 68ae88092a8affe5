"""A comparison as a standalone HTML page (no scripts, no external resources)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from redline.align.model import Link
from redline.align.worddiff import shown_deletion
from redline.comparison import Comparison

__all__ = ["iter_html", "render_html", "rows", "template_environment"]


@cache
def template_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("redline.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["shown_deletion"] = shown_deletion
    return env


def render_html(
    comparison: Comparison, *, title: str = "Redline diff", summary: str | None = None
) -> str:
    """Render *comparison* as one self-contained, escaped HTML page."""
    return "".join(iter_html(comparison, title=title, summary=summary))


def iter_html(
    comparison: Comparison, *, title: str = "Redline diff", summary: str | None = None
) -> Iterator[str]:
    """The page of :func:`render_html` in pieces, as it is rendered (for large diffs)."""
    template = template_environment().get_template("diff_page.html")
    return template.generate(
        c=comparison, rows=rows(comparison), title=title, summary=summary or comparison.summary()
    )


def rows(comparison: Comparison) -> list[tuple[str, Link]]:
    """Links in reading order, plus a ``("moved-from", link)`` row at the old place of
    each moved sentence, so that a moved sentence can be followed between its two
    places."""
    moved = sorted(
        (link.old[0], link) for link in comparison.links if link.op == "moved" and link.old
    )
    out: list[tuple[str, Link]] = []
    k = 0
    for link in comparison.links:
        if link.op != "moved" and link.old:
            while k < len(moved) and moved[k][0] < link.old[0]:
                out.append(("moved-from", moved[k][1]))
                k += 1
        out.append(("item", link))
    out.extend(("moved-from", link) for _, link in moved[k:])
    return out
