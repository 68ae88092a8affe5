"""Find the article body and clean it into paragraphs.

The body comes from trafilatura in precision mode, or from a source profile's
selectors when it has some. Cleaning then removes what templates leave behind:
furniture lines (the shared :func:`redline.text.boilerplate.is_boilerplate`
filter plus the profile's patterns), image credits glued to paragraphs, and the
headline or standfirst when the template put them at the top of the body.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from lxml import etree

from redline.extract._profile import Profile
from redline.text.boilerplate import is_boilerplate
from redline.text.normalize import normalize

__all__ = ["CleanBody", "clean_paragraphs", "profile_paragraphs", "trafilatura_paragraphs"]

_AGENCY = (
    r"(?:Getty Images|Reuters|AFP|AP Photo|AP|PA Media|PA Wire|PA|EPA|Shutterstock|Alamy|"
    r"Bloomberg|BBC|Press Association)"
)
# An image credit glued to the end of a paragraph, after its final punctuation.
_CREDIT_END = re.compile(
    r"(?<=[.!?\"”’)])\s*(?:"
    r"(?:Image|Photo|Picture)\s+(?:source|copyright|credit|caption)\s*[,:]?\s*[^.!?]{0,80}"
    r"|(?:Photo(?:graph)?|Picture|Image|Credit)s?\s*:\s*[^.!?]{0,80}"
    r"|\(?(?:Photo|Picture)?\s*" + _AGENCY + r"(?:\s*/\s*[\w .-]{1,40})?\)?"
    r")\s*$"
)
# Widgets that the shared furniture filter does not know.
_FURNITURE = re.compile(
    r"^\W*(?:(?:comments?|discussion)\s*\(\d+\)|show (?:more )?comments|join the conversation"
    r"|comments are (?:closed|open)\b.*|\d+ comments?|view comments|have your say"
    r"|story continues (?:below|after)\b.*|continue reading(?: the main story)?|skip advertisement"
    r"|supported by|(?:also read|see also|related|more|read also|listen)\s*:.{0,160})\W*$",
    re.IGNORECASE,
)
# Live counters, timestamps, lists' titles, navigation and accessibility labels,
# help links, cookie notices and copyright lines: never article text.
_FURNITURE_LINE = re.compile(
    r"^\W*(?:"
    r"[\d,.]+\s*k?\s+(?:people|readers|others|users|visitors)\s+(?:are\s+)?"
    r"(?:reading|viewing|watching|looking at)\b.{0,80}"
    r"|[\d,.]+\s*k?\s+pages?\s+(?:read|viewed)\b.{0,60}"
    r"|[\d,.]+\s*k?\s+(?:shares?|views|reads|comments?|replies|reactions)"
    r"|(?:most\s+(?:read|popular|viewed|shared|watched|commented|emailed|recent)"
    r"|trending(?:\s+now)?|top\s+stories|latest\s+(?:news|stories)|related\s+(?:topics|stories"
    r"|articles|content|links|internet\s+links|coverage|videos?)|more\s+on\s+this\s+story"
    r"|more\s+(?:stories|from\s+[\w\s&'’.-]{1,30})|elsewhere\s+on\s+[\w\s&'’.-]{1,30}"
    r"|you\s+(?:may|might)\s+also\s+(?:like|be\s+interested\s+in)|recommended(?:\s+for\s+you)?"
    r"|read\s+next|up\s+next|don'?t\s+miss|(?:in|from)\s+other\s+news)\b.{0,40}"
    r"|(?:accessibility\s+(?:help|links|statement)|skip\s+to\s+[\w\s]{1,20}"
    r"|jump\s+to\s+[\w\s]{1,20}|back\s+to\s+top|help|faqs?|contact\s+us|about\s+us"
    r"|cookies?(?:\s+(?:policy|settings|preferences))?|privacy(?:\s+(?:policy|notice))?"
    r"|terms\s+(?:of\s+(?:use|service)|and\s+conditions)|sign\s+in|log\s+in|menu|search"
    r"|home|navigation|close|open|toggle\s+\w+)"
    r"|(?:updated|published|posted|last\s+updated)?\s*[\d,.]+\s*"
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|h|m|days?|weeks?)\s+ago"
    r"|(?:we|this\s+(?:web)?site)\s+uses?\s+cookies\b.{0,400}"
    r"|by\s+(?:choosing|clicking|continuing|using)\b.{0,200}\bcookies\b.{0,200}"
    r"|(?:what\s+do\s+you\s+think\?\s*)?(?:vote\s+in\s+(?:our|the|this)\s+poll|take\s+(?:our|the)"
    r"\s+(?:poll|survey|quiz)|tell\s+us\s+what\s+you\s+think)\b.{0,40}"
    r"|follow\b.{0,100}\b(?:on|at)\s+(?:facebook|twitter|instagram|youtube|tiktok|linkedin|x\b|threads"
    r"|bluesky).{0,80}"
    r"|(?:copyright\b|©|\(c\)\s*\d{4}).{0,160}|.{0,120}\ball\s+rights\s+reserved\b.{0,60}"
    r")\W*$",
    re.IGNORECASE,
)
_FURNITURE_LINE_WORDS = 60
# Consent notices and labels of embedded posts (social media, video players).
_EMBED = re.compile(
    r"^\W*(?:(?:skip|end of)\s+(?:\w+\s+){0,2}(?:post|content|video|tweet)\b"
    r"|allow\s+\w+(?:\s+\w+)?\s+content\?"
    r"|this article contains content provided by\b"
    r"|view (?:original )?(?:tweet|post) on\b"
    r"|content is not available\b"
    r"|media caption,"
    r"|(?:video|audio) caption,"
    r"|watch:\s"
    r")",
    re.IGNORECASE,
)
_BYLINE_LINE = re.compile(r"^By\s+[A-Z][\w'’.-]*(?:[\s,&]+[\w'’.-]+){0,10}$")
_STAMP_LINE = re.compile(
    r"^(?:(?:published|updated|posted|last updated)\b.{0,60}"
    r"|\d{1,2}\s+(?:hours?|minutes?|days?)\s+ago"
    r"|\w*day,?\s+\d{1,2}\s+\w+\s+\d{4}.*"
    r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\s+\d{4}.{0,30}"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\s+\d{1,2},?\s+\d{4}.{0,30})$",
    re.IGNORECASE,
)
# Credits and caption labels glued to the start of a paragraph.
_CREDIT_START = re.compile(
    r"^(?:(?:Image|Photo)\s+(?:source|copyright|credit),\s*[^,]{1,60},\s*"
    r"(?:Image caption,\s*)?|Image caption,\s*[^.]{1,200}\.\s*|"
    + _AGENCY
    + r"(?:\s*/\s*\w+)*(?=[A-Z][a-z]))"
)
# Newsletter and subscription promos: longer than the shared filter's short lines.
_PROMO = re.compile(
    r"^(?:Sign up|Subscribe|Get|Register|Join)\b.{0,200}\b(?:newsletters?|briefing|inbox|"
    r"email updates|alerts)\b",
    re.IGNORECASE,
)
_PROMO_MAX_WORDS = 40
_WS = re.compile(r"\s+")
_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt", "figcaption")


def _flat(el: etree._Element) -> str:
    """Text of *el* in reading order, with line breaks read as spaces."""
    parts: list[str] = []
    stack: list[tuple[bool, etree._Element]] = [(True, el)]
    while stack:
        opening, node = stack.pop()
        if not opening:
            if node is not el and node.tail:
                parts.append(node.tail)
            continue
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("lb", "br"):
            parts.append(" ")
        if tag in ("script", "style") or not tag:
            if node is not el and node.tail:
                parts.append(node.tail)
            continue
        if node.text:
            parts.append(node.text)
        stack.append((False, node))
        stack.extend((True, child) for child in reversed(node))
    return _WS.sub(" ", "".join(parts)).strip()


# Block elements, in trafilatura's output and in HTML: text on either side of one
# belongs to different paragraphs, never joined into one ("…Club.Walt…").
_SPLIT_AT = frozenset(
    [
        "p", "head", "list", "item", "quote", "table", "row", "cell", "div",
        "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
        "blockquote", "pre", "section", "article", "figure", "figcaption", "header",
        "footer", "aside", "nav", "tr", "td", "th", "hr", "details", "summary",
    ]
)  # fmt: skip


def _blocks(el: etree._Element) -> list[str]:
    """Text of *el* in reading order, one item per block: nested block elements (two
    ``<p>`` inside a quote, a ``<div>`` inside a paragraph) start a new item; line
    breaks and inline markup are read as a browser shows them."""
    out: list[str] = []
    parts: list[str] = []

    def flush() -> None:
        t = _WS.sub(" ", "".join(parts)).strip()
        if t:
            out.append(t)
        parts.clear()

    stack: list[tuple[bool, etree._Element]] = [(True, el)]
    while stack:
        opening, node = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else ""
        if not opening:
            if node is not el and tag in _SPLIT_AT:
                flush()
            if node is not el and node.tail:
                parts.append(node.tail)
            continue
        if tag in ("lb", "br"):
            parts.append(" ")
        if tag in ("script", "style") or not tag:
            if node is not el and node.tail:
                parts.append(node.tail)
            continue
        if node is not el and tag in _SPLIT_AT:
            flush()
        if node.text:
            parts.append(node.text)
        stack.append((False, node))
        stack.extend((True, child) for child in reversed(node))
    flush()
    return out


class _LayoutTable(Exception):
    """The body trafilatura found is a layout table (read again without tables)."""


def _rows(table: etree._Element) -> list[str]:
    """A data table (results, figures: article text) as text: one line a row, its
    cells separated by spaces. A single column of short cells is a navigation list
    or an image with its caption: nothing. A layout table (old templates, where the
    body is a cell holding several blocks or a long text) raises :class:`_LayoutTable`."""
    rows = [[_blocks(c) for c in row if isinstance(c.tag, str)] for row in table.iter("row")]
    if any(
        len(blocks) > 1 or sum(len(b.split()) for b in blocks) > _CELL_WORDS
        for cells in rows
        for blocks in cells
    ):
        raise _LayoutTable
    wide = sum(1 for cells in rows if sum(1 for b in cells if b) >= 2)
    if len(rows) < 2 or wide * 2 < len(rows):
        return []
    out: list[str] = []
    for cells in rows:
        line = " ".join(" ".join(blocks) for blocks in cells if blocks)
        if line:
            out.append(line)
    return out


_CELL_WORDS = 150


def trafilatura_paragraphs(
    root: etree._Element, url: str, *, precision: bool = True
) -> list[str] | None:
    """Body paragraphs found by trafilatura; ``None`` when it found none.

    *precision* selects trafilatura's precision mode (the default); the caller
    falls back to its balanced mode when precision finds nothing (old table
    layouts, where the body is a table cell). Data tables of the body are kept, one
    line a row; when the body is a layout table, the page is read again without
    tables (trafilatura unwraps them). trafilatura prunes the tree it is given.
    """
    try:
        return _trafilatura(copy.deepcopy(root), url, precision, tables=True)
    except _LayoutTable:
        return _trafilatura(root, url, precision, tables=False)


def _trafilatura(
    root: etree._Element, url: str, precision: bool, *, tables: bool
) -> list[str] | None:
    import trafilatura

    doc = trafilatura.bare_extraction(
        root,  # type: ignore[arg-type]  # trafilatura's hint omits lxml's base _Element
        url=url or None,
        favor_precision=precision,
        include_comments=False,
        include_tables=tables,
        include_images=False,
        include_links=False,
        with_metadata=False,
    )
    body = getattr(doc, "body", None) if doc is not None else None
    if body is None:
        return None
    out: list[str] = []
    for child in body:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in ("graphic", "ref"):
            continue
        if tag == "table":
            out.extend(_rows(child))
            continue
        out.extend(_blocks(child))
    return out or None


def profile_paragraphs(root: etree._Element, profile: Profile) -> list[str] | None:
    """Body paragraphs under the profile's body selectors; ``None`` when they match nothing."""
    selectors = profile.compiled["body"]
    if not selectors:
        return None
    containers: list[etree._Element] = []
    for xp in selectors:
        for el in xp(root):
            if isinstance(el, etree._Element) and el not in containers:
                containers.append(el)
    if not containers:
        return None
    out: list[str] = []
    for c in containers:
        blocks = [b for b in c.iter(*_BLOCKS) if not _has_block_ancestor(b, c)]
        for b in blocks or [c]:
            out.extend(_blocks(b))
    return out


def _has_block_ancestor(el: etree._Element, stop: etree._Element) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in _BLOCKS:
            return True
        parent = parent.getparent()
    return False


def _drop(el: etree._Element) -> None:
    """Remove *el* from its tree, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    prev = el.getprevious()
    tail = el.tail
    parent.remove(el)
    if tail and tail.strip():
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def remove_selected(root: etree._Element, profile: Profile) -> None:
    """Remove the profile's furniture selectors from *root*, in place."""
    for xp in profile.compiled["remove"]:
        for el in xp(root):
            if isinstance(el, etree._Element):
                _drop(el)


_BOX_CLASS = re.compile(
    r"(?:^|[-_])(?:fact-?box|key-?facts|info-?box|pull-?quote|at-a-glance|sidebar"
    # lists of other articles, live counters, share bars, banners, screen-reader labels
    r"|most-?(?:read|popular|viewed|shared|watched)|popular-?(?:now|stories|articles)|trending"
    r"|related-?(?:stories|articles|links|content|topics|coverage|posts)|recommend(?:ed|ations)?"
    r"|read-?next|more-?stories|outbrain|taboola|cookie-?(?:banner|notice|consent|bar)?"
    r"|consent|gdpr|newsletter-?(?:signup|promo|box)?|share-?(?:tools|buttons|bar|links)"
    r"|social-?(?:share|links|buttons)|skip-?link|visually-?hidden|sr-only|screen-?reader-?(?:text|only)"
    r"|live-?(?:readers?|counter)|readers?-?count(?:er)?|ad-?(?:slot|container|wrapper|unit)"
    r"|advert(?:isement)?)(?:$|[-_])",
    re.IGNORECASE,
)
_BOX_HEADING = re.compile(
    r"^\W*(?:most\s+(?:read|popular|viewed|shared|watched|commented|emailed)|trending(?:\s+now)?"
    r"|top\s+stories|related\s+(?:topics|stories|articles|content|links|internet\s+links|coverage)"
    r"|more\s+on\s+this\s+story|you\s+(?:may|might)\s+also\s+like|recommended(?:\s+for\s+you)?"
    r"|read\s+next|more\s+(?:stories|from\s+[\w\s&'’.-]{1,30})|elsewhere\s+on\s+[\w\s&'’.-]{1,30}"
    r"|latest\s+(?:news|stories))\W*$",
    re.IGNORECASE,
)
_BOX_SHARE = 0.3
_MAX_BOXES = 2000


_NOT_SHOWN = "ancestor::script or ancestor::style or ancestor::noscript or ancestor::template"
_VISIBLE_TEXT = etree.XPath(f".//text()[not({_NOT_SHOWN})]")
_PROSE_TEXT = etree.XPath(f".//p//text()[not({_NOT_SHOWN})]")


def _visible_len(el: etree._Element) -> int:
    """Characters of text *el* shows (scripts and styles are not text)."""
    return sum(len(t.strip()) for t in _VISIBLE_TEXT(el))


def _prose_len(el: etree._Element) -> int:
    """Characters of paragraph (``<p>``) text under *el*."""
    return sum(len(t.strip()) for t in _PROSE_TEXT(el))


_HEADINGS = frozenset(["h2", "h3", "h4", "h5", "h6", "header", "strong"])


def _text(el: etree._Element) -> str:
    return "".join(t for t in el.itertext() if isinstance(t, str))


def remove_boxes(root: etree._Element) -> int:
    """Remove side boxes from *root* before the body is looked for: ``<aside>``s and
    fact boxes, info boxes, pull quotes and sidebars (by class or id). Templates put
    them inside or outside the article body as they please, so the body never
    includes them. A box holding a large share of the page's text is left alone (a
    page that wraps its article in one). Returns how many were removed."""
    total = _visible_len(root)
    prose = _prose_len(root)
    boxes = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("html", "body", "main", "article"):
            continue
        names = (
            f"{el.get('class') or ''} {el.get('id') or ''} {el.get('data-component') or ''} "
            f"{el.get('data-testid') or ''}"
        )
        if el.tag == "aside" or any(_BOX_CLASS.search(token) for token in names.split()):
            boxes.append(el)
        elif el.tag in _HEADINGS and _BOX_HEADING.match(" ".join(_text(el).split())):
            # "Most read", "Related topics": the box of links under such a title
            parent = el.getparent()
            if parent is not None and parent.tag not in ("body", "html", "main", "article"):
                boxes.append(parent)
            else:
                boxes.append(el)
                sibling = el.getnext()
                if sibling is not None and sibling.tag in ("ul", "ol", "div", "nav", "section"):
                    boxes.append(sibling)
    removed = 0
    marked = set(boxes)
    for el in boxes[:_MAX_BOXES]:
        if el.getparent() is None or any(a in marked for a in el.iterancestors()):
            continue
        if (
            (total and _visible_len(el) > _BOX_SHARE * total)
            or (prose and _prose_len(el) > _BOX_SHARE * prose)
            or next(el.iter("h1"), None) is not None
        ):
            # a layout wrapper ("content-with-sidebar", "penci_sidebar") that holds
            # the article: its headline or a large share of the page's prose
            continue
        _drop(el)
        removed += 1
    return removed


def select_text(root: etree._Element, selectors: tuple[etree.XPath, ...]) -> str | None:
    """First non-empty text matched by one of *selectors*."""
    for xp in selectors:
        for el in xp(root):
            text = _flat(el) if isinstance(el, etree._Element) else " ".join(str(el).split())
            if text:
                return text
    return None


@dataclass(frozen=True, slots=True)
class CleanBody:
    paragraphs: tuple[str, ...]
    dropped: tuple[str, ...]
    warnings: tuple[str, ...]


def _same(a: str, b: str | None) -> bool:
    return b is not None and normalize(a).casefold() == normalize(b).casefold()


def _is_kicker(p: str) -> bool:
    """A short label without final punctuation (a section name above a headline)."""
    return len(p.split()) <= 4 and len(p) <= _LABEL_CHARS and p[-1:] not in _FINAL_MARKS


def _is_meta_line(p: str, byline: str | None) -> bool:
    """A byline or date line (as templates put them above the body)."""
    if len(p.split()) > 12 or p[-1:] in ".!?":
        return False
    if _BYLINE_LINE.match(p) or _STAMP_LINE.match(p):
        return True
    return bool(byline) and normalize(byline or "").casefold() in normalize(p).casefold()


def _is_trailing_label(p: str) -> bool:
    """A topic, tag or "More on this story" line; lines with figures (results, scores,
    dates) may be content and are kept."""
    return (
        len(p.split()) <= 6
        and len(p) <= _LABEL_CHARS
        and p[-1:] not in _FINAL_MARKS
        and not any(c.isdigit() for c in p)
    )


_FINAL_MARKS = '.!?"”’»)…:;。！？」』）'
_LABEL_CHARS = 50  # scripts written without spaces: a long "word" is a sentence


def clean_paragraphs(
    paragraphs: list[str],
    *,
    headline: str | None,
    standfirst: str | None,
    profile: Profile | None = None,
    byline: str | None = None,
    captions: frozenset[str] = frozenset(),
) -> CleanBody:
    """Drop furniture, unglue image credits, and strip the headline and standfirst from
    the top of the body."""
    dropped: list[str] = []
    warnings: list[str] = []
    extra = profile.boilerplate_re if profile is not None else None
    kept: list[str] = []
    seen: set[str] = set()
    for p in paragraphs:
        text = _WS.sub(" ", p).strip()
        if not text:
            continue
        if (
            is_boilerplate(text)
            or (extra is not None and extra.search(text))
            or _FURNITURE.match(text)
            or (_FURNITURE_LINE.match(text) and len(text.split()) <= _FURNITURE_LINE_WORDS)
            or (_EMBED.match(text) and len(text.split()) <= _PROMO_MAX_WORDS * 2)
            or normalize(text) in captions
            or (_PROMO.search(text) and len(text.split()) <= _PROMO_MAX_WORDS)
        ):
            dropped.append(text)
            continue
        unglued = _CREDIT_END.sub("", text).strip()
        unglued = _CREDIT_START.sub("", unglued).strip()
        if unglued != text:
            removed = text.replace(unglued, "", 1).strip() if unglued else text
            dropped.append(removed)
            warnings.append(f"removed an image credit glued to a paragraph: {removed!r}")
            text = unglued
            if not text:
                continue
        # Templates that repeat a block (mobile and desktop copies) would double it.
        key = normalize(text)
        if key in seen and len(text.split()) > 6:
            dropped.append(text)
            continue
        seen.add(key)
        kept.append(text)

    # The headline (and the standfirst, and a kicker above them) belong to fields of
    # their own: take them out of the top of the body, wherever the template put them,
    # together with the byline and date lines around them.
    top = 0
    limit = min(len(kept), 6)
    cut = 0
    while top < limit:
        p = kept[top]
        if _same(p, headline) or _same(p, standfirst) or _is_meta_line(p, byline):
            top += 1
            cut = top
        elif (
            _is_kicker(p)
            and top + 1 < limit
            and (_same(kept[top + 1], headline) or _same(kept[top + 1], standfirst))
        ):
            top += 1
        else:
            break
    if cut:
        dropped.extend(kept[:cut])
        kept = kept[cut:]
    # Short unpunctuated lines closing the body are labels (topics, "More on this
    # story", tags), never the end of an article.
    while kept and _is_trailing_label(kept[-1]):
        dropped.append(kept.pop())
    return CleanBody(tuple(kept), tuple(dropped), tuple(warnings))
