"""A comparison as a standalone HTML page (no scripts, no external resources)."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from redline.comparison import Comparison

__all__ = ["render_html", "template_environment"]


@cache
def template_environment() -> Environment:
    return Environment(
        loader=PackageLoader("redline.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(
    comparison: Comparison, *, title: str = "Redline diff", summary: str | None = None
) -> str:
    """Render *comparison* as one self-contained, escaped HTML page."""
    template = template_environment().get_template("diff_page.html")
    return template.render(c=comparison, title=title, summary=summary or comparison.summary())
