"""HTML fragments drawn in Python: diff rows, badges, dates, links, the version list, the timeline.

These are the parts of a page repeated once per sentence or per version. Drawing
them with string building (every value through :func:`html.escape`) costs a small
fraction of a Jinja macro call per row, which dominated the cost of diff and story
pages. Each function returns :class:`markupsafe.Markup`, so templates print it as is;
nothing from the web ever reaches the output unescaped.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from html import escape
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from redline.web import dating
from redline.web.dating import Dated
from redline.web.diffview import DiffView, Piece, Row
from redline.web.timeline import Chart

__all__ = [
    "badges",
    "diff_inline",
    "diff_side",
    "original",
    "pieces",
    "side_frame",
    "side_rows",
    "slug",
    "timeline",
    "version_items",
    "web_url",
    "when",
    "words",
]

_TAG = {"ins": ("<ins>", "</ins>"), "del": ("<del>", "</del>")}


def slug(value: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in value.lower())


def words(name: object) -> str:
    return str(name).replace("_", " ")


def web_url(value: str | None) -> str:
    """*value* when it is a plain http(s) address fit for a link, else ""."""
    if not value or len(value) > 2000 or any(ch.isspace() or ord(ch) < 32 for ch in value):
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    return value


def _pieces(items: Iterable[Piece]) -> str:
    out = []
    for p in items:
        tag = _TAG.get(p.kind)
        out.append(tag[0] + escape(p.text) + tag[1] if tag else escape(p.text))
    return "".join(out)


def pieces(items: Iterable[Piece]) -> Markup:
    """Word pieces: inserted words in ``<ins>``, removed ones in ``<del>``."""
    return Markup(_pieces(items))


def _badges(change: Any) -> str:
    return _badges_of(change.level, change.significance, tuple(change.classes))


@functools.lru_cache(maxsize=4096)
def _badges_of(level: str | None, significance: float, classes: tuple[str, ...]) -> str:
    out = []
    if level:
        out.append(
            f'<span class="badge level-{escape(level)}" '
            f'title="significance {significance:.2f}">{escape(level)}</span>'
        )
    substantive = level in ("moderate", "major") or any(c != "typography" for c in classes)
    for cls in classes:
        if not (cls == "typography" and substantive):
            out.append(f'<span class="badge class-{escape(slug(cls))}">{escape(words(cls))}</span>')
    return "".join(out)


def badges(change: Any) -> Markup:
    """The significance level and the classes of a change (no "typography" beside a
    substantive change)."""
    return Markup(_badges(change))


def _when(d: Dated | None, relative: bool, now: datetime | None) -> str:
    if d is None:
        return '<span class="when">date unknown</span>'
    # the label, the note and the formatted times are Redline's own text: nothing to escape
    absolute = dating.absolute(d.when)
    shown = dating.ago(d.when, now or datetime.now(UTC)) if relative else absolute
    return (
        f'<span class="when">{d.label} <time datetime="{d.when.isoformat()}" '
        f'title="{absolute}: {d.note}">{shown}</time></span>'
    )


def when(d: Dated | None, relative: bool = True, now: datetime | None = None) -> Markup:
    """A version's time (relative, or absolute) with the absolute time and its basis on hover."""
    return Markup(_when(d, relative, now))


def _original(url: str | None) -> str:
    href = web_url(url)
    if href:
        return (
            f'<a class="url" href="{escape(href)}" rel="noopener noreferrer nofollow">'
            f"{escape(href)}</a>"
        )
    if url:
        return f'<span class="url">{escape(url)}</span>'
    return '<span class="url none">no address (stored from files)</span>'


def original(url: str | None) -> Markup:
    """The story's address: a link when it is a plain web address, else text."""
    return Markup(_original(url))


# ------------------------------------------------------------------ diff rows


# A row's op, label, anchors, numbers and move link are Redline's own words and numbers
# (see diffview): only the sentence text in its pieces comes from the web and is escaped.


def _row_open(tag: str, row: Row) -> str:
    changed = row.op != "unchanged"
    cls = "row " + row.op + (" chg" if changed else "") + (" heading" if row.heading else "")
    extra = "".join(f'<span class="anchor" id="{a}"></span>' for a in row.extra_anchors)
    tab = ' tabindex="-1"' if changed else ""
    return f'<{tag} class="{cls}" id="{row.anchor}"{tab}>\n{extra}'


def _movelink(row: Row) -> str:
    return f'<a class="movelink" href="{row.link_href}">{row.link_text}</a>'


def _inline_row(row: Row) -> str:
    if row.op == "unchanged":
        number = row.new_number or "old " + row.old_number
        return (
            f"{_row_open('li', row)}"
            f'<a class="permalink" href="#{row.anchor}" aria-label="Link to this sentence">'
            f'{number}</a>\n<span class="text" dir="auto">{_pieces(row.inline)}</span>\n</li>'
        )
    number = row.new_number or "old " + row.old_number
    parts = [
        _row_open("li", row),
        f'<a class="permalink" href="#{row.anchor}" aria-label="Link to this sentence">'
        f"{number}</a>\n",
        f'<span class="label">{row.label}</span>',
    ]
    if row.link_href:
        parts.append(_movelink(row))
    parts.append(f'<span class="text" dir="auto">{_pieces(row.inline)}</span>\n</li>')
    return "".join(parts)


def _fold_summary(rows: Sequence[Row]) -> str:
    n = len(rows)
    return f"{n} unchanged sentence{'s' if n != 1 else ''}"


def diff_inline(view: DiffView) -> Markup:
    """The inline diff: one list item per sentence, long unchanged stretches folded."""
    body = _blocks(
        view,
        _inline_row,
        '<li class="fold"><details><summary>{}</summary>\n<ol>{}</ol>\n</details></li>\n',
    )
    return Markup(f'<ol class="diff inline">\n{body}</ol>')


def _blocks(view: DiffView, draw: Callable[[Row], str], fold: str) -> str:
    """The rows of *view* drawn by *draw*, each folded block put in *fold* (summary, rows)."""
    out = []
    for block in view.blocks:
        rows = "".join(draw(r) for r in block.rows)
        out.append(fold.format(_fold_summary(block.rows), rows) if block.folded else rows)
    return "".join(out)


def _side_row(row: Row) -> str:
    changed = row.op != "unchanged"
    parts = [_row_open("div", row), '<div class="cell old">\n']
    if row.old:
        parts.append(f'<span class="num">{row.old_number}</span>')
        if changed:
            label = "moved away" if row.op == "moved-away" else row.label
            parts.append(f' <span class="label">{label}</span>')
        parts.append(f'\n<span class="text" dir="auto">{_pieces(row.old)}</span>')
        if row.op == "moved-away":
            parts.append(" " + _movelink(row))
        parts.append("\n")
    elif row.op == "moved":
        parts.append(_movelink(row) + "\n")
    else:
        parts.append('<span class="none">(not in this version)</span>\n')
    parts.append('</div>\n<div class="cell new">\n')
    permalink = f'<a class="permalink num" href="#{row.anchor}" aria-label="Link to this sentence">'
    if row.new:
        parts.append(permalink + f"{row.new_number}</a>")
        if changed:
            parts.append(f' <span class="label">{row.label}</span>')
        parts.append(f'\n<span class="text" dir="auto">{_pieces(row.new)}</span>')
        if row.op == "moved":
            parts.append(" " + _movelink(row))
        parts.append("\n")
    else:
        gone = "(moved)" if row.op == "moved-away" else "(removed)"
        parts.append(permalink + f'#</a> <span class="none">{gone}</span>\n')
    parts.append("</div>\n</div>")
    return "".join(parts)


def side_rows(view: DiffView) -> str:
    """The rows of the side-by-side diff (HTML, without its frame: see :func:`side_frame`)."""
    return _blocks(view, _side_row, '<details class="fold"><summary>{}</summary>\n{}</details>\n')


def side_frame(rows: str, old_number: int, new_number: int) -> Markup:
    """The side-by-side diff around *rows* (from :func:`side_rows`), headed by the two
    version numbers."""
    return Markup(
        '<div class="diff side" aria-label="Side by side comparison">\n'
        f'<div class="row header"><div class="cell old">Version {old_number}</div>'
        f'<div class="cell new">Version {new_number}</div></div>\n{rows}</div>'
    )


def diff_side(view: DiffView, old_number: int, new_number: int) -> Markup:
    """The side-by-side diff: older version on the left, newer on the right."""
    return side_frame(side_rows(view), old_number, new_number)


# ------------------------------------------------------------------ story page


def version_items(story_id: int, versions: Sequence[Any], now: datetime) -> Markup:
    """The story page's list of versions, newest first, each with its change."""
    out = []
    for v in reversed(versions):
        n = v.number
        item = [
            f'  <li id="v{n}">\n'
            f'    <a class="vlink" href="/stories/{story_id}/versions/{n}">Version {n}</a>\n'
            f'    <span class="meta">{_when(v.dated, True, now)}</span>\n'
        ]
        change = v.change
        if change is not None:
            item.append(
                f'    · <a class="difflink" href="/stories/{story_id}/diff/{n - 1}/{n}">'
                f"changes from version {n - 1}</a>\n"
                f'    <p class="summary">{_badges(change)} {escape(change.summary)}</p>\n'
            )
        else:
            item.append('    <p class="summary">First version recorded.</p>')
        item.append("  </li>\n")
        out.append("".join(item))
    return Markup("".join(out))


def timeline(chart: Chart, story_id: int) -> Markup:
    """The version timeline as inline SVG (bars link to each change)."""
    out = [
        '<figure class="timeline">\n'
        f'<svg role="img" aria-labelledby="tl-title tl-desc" viewBox="0 0 {chart.width} '
        f'{chart.height}" width="100%" preserveAspectRatio="xMidYMid meet">\n'
        '  <title id="tl-title">Version timeline</title>\n'
        '  <desc id="tl-desc">One bar per version; bar height grows with the number of '
        f"sentences changed (largest: {chart.max_size}).</desc>\n"
        f'  <line class="axis" x1="30" y1="{chart.baseline}" x2="{chart.width - 8}" '
        f'y2="{chart.baseline}"/>\n'
    ]
    last = len(chart.ticks) - 1
    for k, (x, text) in enumerate(chart.ticks):
        first_only, last_only = k == 0 and k != last, k == last and k != 0
        anchor = "start" if first_only else "end" if last_only else "middle"
        out.append(
            f'  <text class="tick" x="{x}" y="{chart.baseline + 18}" text-anchor="{anchor}">'
            f"{escape(text)}</text>\n"
        )
    for bar in chart.bars:
        n = bar.number
        href = f"/stories/{story_id}/" + (f"diff/{n - 1}/{n}" if n > 1 else "versions/1")
        first = " first" if n == 1 else ""
        out.append(
            f'  <a href="{href}">\n'
            f'    <rect class="bar{first}" x="{bar.x - 4}" y="{bar.y}" width="8" '
            f'height="{bar.height}"><title>Version {n}, {escape(bar.when)}: '
            f"{escape(bar.label)}</title></rect>\n  </a>\n"
        )
    out.append(
        "</svg>\n<figcaption>When each version appeared and how much it changed "
        "(bar height: sentences changed).</figcaption>\n</figure>"
    )
    return Markup("".join(out))
