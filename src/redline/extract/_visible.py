"""The visible text of a parsed page: its text blocks, its template signature, its captions."""

from __future__ import annotations

import re

from lxml import etree, html

from redline.text.normalize import normalize

__all__ = [
    "captions",
    "parse_html",
    "same_template",
    "template_signature",
    "text_of",
    "visible_blocks",
]

_INVISIBLE = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "select",
        "option",
    ]
)
_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "td",
        "th",
        "ul",
        "caption",
        "center",
        "button",
        "label",
        "legend",
    ]
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_MAX_NODES = 400_000


def parse_html(text: str) -> etree._Element | None:
    """Parse *text* leniently; ``None`` when nothing resembling a document is there."""
    if not text.strip():
        return None
    try:
        parser = html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=False)
        tree = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        return None
    return tree


def _hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def visible_blocks(root: etree._Element) -> tuple[str, ...]:
    """All visible text of the page, one normalised block per item.

    Block elements (paragraphs, cells, list items, ``<br>``) end a block; inline
    elements (links, emphasis) are joined with their surroundings as a browser
    shows them. Scripts, styles, ``<head>`` and hidden elements are skipped.
    """
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            line = normalize("".join(buf))
            if line:
                out.append(line)
            buf.clear()

    # An explicit stack (no recursion): ("open", el) visits, ("close", el) ends.
    stack: list[tuple[bool, etree._Element]] = [(True, root)]
    count = 0
    while stack:
        opening, el = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if not opening:
            if tag in _BLOCK:
                flush()
            if el.tail:
                buf.append(el.tail)
            continue
        count += 1
        if count > _MAX_NODES:
            break
        if not tag or tag in _INVISIBLE or _hidden(el):
            if el.tail:
                buf.append(el.tail)
            continue
        if tag in _BLOCK:
            flush()
        if el.text:
            buf.append(el.text)
        stack.append((False, el))
        stack.extend((True, child) for child in reversed(el))
    flush()
    return tuple(out)


_MAX_SIGNATURE = 3000
_SAME_TEMPLATE = 0.6
"""Captures of one design share most of their signature (0.9 or more in the redesign
corpus); different designs share 0.1 to 0.35, sister designs about 0.6."""


def template_signature(root: etree._Element) -> frozenset[str]:
    """The page's template, roughly: its element names with their classes and ids.
    Two captures of one site design share most of it; a redesign shares little."""
    out: set[str] = set()
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag:
            continue
        out.add(tag)
        for token in (el.get("class") or "").split():
            out.add(f"{tag}.{token}")
        ident = el.get("id")
        if ident:
            out.add(f"{tag}#{ident}")
        if len(out) >= _MAX_SIGNATURE:
            break
    return frozenset(out)


def same_template(a: frozenset[str], b: frozenset[str]) -> bool | None:
    """Whether two signatures are of one design (``None`` when either is unknown)."""
    if not a or not b:
        return None
    return len(a & b) / len(a | b) >= _SAME_TEMPLATE


def text_of(el: etree._Element) -> str:
    """An element's text with its white space collapsed."""
    return " ".join("".join(el.itertext()).split())


_CAPTION_CLASS = re.compile(r"caption|credit|copyright", re.IGNORECASE)


def captions(root: etree._Element) -> frozenset[str]:
    """Normalised texts of the page's image captions and credits (never article text)."""
    out: set[str] = set()
    for el in root.iter("figcaption", "span", "div", "p", "td", "small"):
        if el.tag != "figcaption":
            cls = el.get("class")
            if not cls or not _CAPTION_CLASS.search(cls):
                continue
        text = normalize(text_of(el))
        if text and len(text.split()) <= 60:
            out.add(text)
    return frozenset(out)
