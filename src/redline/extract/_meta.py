"""Read a parsed page's metadata fields.

Headline, standfirst, byline and dates come from metadata and structure
(``og:title``, JSON-LD, ``<h1>``, ``og:description``, ``<time>``...), never from
body text, so that a template moving the headline into or out of the article
body does not change them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml import etree

from redline.extract._visible import text_of
from redline.text.normalize import normalize

__all__ = ["PageMeta", "read_meta"]

_SEPARATORS = re.compile(r"\s+(?:[|–—:·•-]|\u00bb)\s+")


@dataclass(frozen=True, slots=True)
class PageMeta:
    headline: str | None
    standfirst: str | None
    byline: str | None
    published: datetime | None
    updated: datetime | None
    meta_text: tuple[str, ...]
    standfirst_shown: bool = False
    warnings: tuple[str, ...] = ()


def _clean(s: str | None) -> str | None:
    if s is None:
        return None
    s = " ".join(s.split())
    return s or None


def _metas(root: etree._Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if key and content and key not in found:
            found[key] = content.strip()
    return found


def _jsonld(root: etree._Element) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for el in root.iter("script"):
        if (el.get("type") or "").strip().lower() != "application/ld+json" or not el.text:
            continue
        try:
            data = json.loads(el.text)
        except (ValueError, RecursionError):
            continue
        items.extend(_flatten(data, 0))
    return items


def _flatten(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for d in data:
            yield from _flatten(d, depth + 1)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _flatten(graph, depth + 1)


def _is_article(item: dict[str, Any]) -> bool:
    t = item.get("@type")
    types = t if isinstance(t, list) else [t]
    return any(
        isinstance(x, str) and ("Article" in x or x in ("Report", "BlogPosting")) for x in types
    )


def _strip_site(title: str, site: str | None) -> str:
    """Remove a site name or section from a ``<title>``-like string."""
    if site:
        for sep in (" - ", " | ", " – ", " — ", " : ", " :: "):
            if title.endswith(sep + site):
                return title[: -len(sep + site)].strip()
            if title.startswith(site + sep):
                return title[len(site + sep) :].strip()
    parts = [p.strip() for p in _SEPARATORS.split(title) if p.strip()]
    if len(parts) <= 1:
        return title.strip()
    return max(parts, key=lambda p: len(p.split()))


def _site_names(title: str | None, *names: str | None) -> set[str]:
    """Normalised names of the site: declared ones, and the lesser parts of the title."""
    out = {normalize(n).casefold() for n in names if n}
    if title:
        parts = [p.strip() for p in _SEPARATORS.split(title) if p.strip()]
        if len(parts) > 1:
            longest = max(parts, key=lambda p: len(p.split()))
            out.update(normalize(p).casefold() for p in parts if p is not longest)
    return out


def _contains(hay: str | None, needle: str) -> bool:
    return bool(hay) and normalize(needle).casefold() in normalize(hay or "").casefold()


def _pick_headline(
    root: etree._Element, metas: dict[str, str], article: dict[str, Any] | None
) -> str | None:
    site = metas.get("og:site_name")
    refs = [
        _clean(article.get("headline"))
        if article and isinstance(article.get("headline"), str)
        else None,
        _clean(metas.get("og:title")),
        _clean(metas.get("twitter:title")),
        _clean(metas.get("headline")),
    ]
    title_el = root.find(".//title")
    title = _clean(text_of(title_el)) if title_el is not None else None
    h1s = [t for t in (_clean(text_of(h)) for h in root.iter("h1")) if t]
    sites = _site_names(title, site, metas.get("application-name"))
    # An <h1> that the metadata agrees with is the cleanest form of the headline;
    # an <h1> holding the site's name (old blog themes) is not the headline.
    best: tuple[int, int, str] | None = None
    for h in h1s:
        if len(h.split()) < 2 or normalize(h).casefold() in sites:
            continue
        if any(_contains(r, h) for r in refs):
            rank = 2
        elif _contains(title, h):
            rank = 1
        else:
            continue
        cand = (rank, len(h.split()), h)
        if best is None or cand[:2] > best[:2]:
            best = cand
    if best is not None:
        return best[2]
    # The headline readers see is steadier across redesigns than an SEO title: the
    # page's one <h1> (or the one inside the article) before the metadata.
    visible = [h for h in h1s if len(h.split()) >= 3 and normalize(h).casefold() not in sites]
    in_article = [
        t
        for h in root.xpath("//article//h1 | //main//h1 | //*[@role='main']//h1")
        if (t := _clean(text_of(h))) and len(t.split()) >= 3
    ]
    if in_article:
        return in_article[0]
    if len(visible) == 1:
        return visible[0]
    for r in refs:
        if r:
            return _strip_site(r, site)
    h1s = [h for h in h1s if normalize(h).casefold() not in sites]
    if h1s:
        return max(h1s, key=lambda h: len(h.split()))
    if title:
        return _strip_site(title, site)
    return None


_STANDFIRST_CLASS = re.compile(
    r"(?:^|[\s_-])(?:standfirst|introduction|intro|dek|lede|strapline|sub-?headline|subtitle|"
    r"summary|article-summary|story-summary)(?:$|[\s_-])",
    re.IGNORECASE,
)


def _visible_standfirst(root: etree._Element) -> str | None:
    """A standfirst the page shows: an element classed as one, or a first paragraph
    after the ``<h1>`` set entirely in bold."""
    for el in root.iter("p", "div", "h2", "span"):
        cls = el.get("class")
        if cls and _STANDFIRST_CLASS.search(cls):
            if next(el.iter("h1"), None) is not None:
                # a wrapper holding the headline and the standfirst together: the
                # standfirst is its one paragraph, never the two run together
                inner = [p for p in el.iter("p") if _clean(text_of(p))]
                if len(inner) != 1:
                    continue
                el = inner[0]
            elif sum(1 for _ in el.iter("p")) > 1:
                continue
            t = _clean(text_of(el))
            if t and 6 <= len(t.split()) <= 80:
                return t
    h1 = next(iter(root.iter("h1")), None)
    if h1 is None:
        return None
    seen_h1 = False
    for el in root.iter():
        if el is h1:
            seen_h1 = True
            continue
        if not seen_h1 or el.tag != "p":
            continue
        t = _clean(text_of(el))
        if not t:
            continue
        bold = " ".join(
            "".join(b.itertext()) for b in el if isinstance(b.tag, str) and b.tag in ("b", "strong")
        )
        if _clean(bold) == t and 6 <= len(t.split()) <= 80 and not (el.text or "").strip():
            return t
        return None
    return None


def _pick_standfirst(
    root: etree._Element, metas: dict[str, str], article: dict[str, Any] | None
) -> tuple[str | None, bool]:
    """(standfirst, shown on the page)."""
    shown = _visible_standfirst(root)
    if shown:
        return shown, True
    if article and isinstance(article.get("description"), str) and _clean(article["description"]):
        return _clean(article["description"]), False
    for key in ("og:description", "twitter:description", "description"):
        v = _clean(metas.get(key))
        if v:
            return v, False
    return None, False


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        n = value.get("name")
        return [n] if isinstance(n, str) else []
    if isinstance(value, list):
        out: list[str] = []
        for v in value[:10]:
            out.extend(_names(v))
        return out
    return []


def _pick_byline(
    root: etree._Element, metas: dict[str, str], article: dict[str, Any] | None
) -> str | None:
    if article:
        names = [n for n in (_clean(x) for x in _names(article.get("author"))) if n]
        if names:
            return ", ".join(dict.fromkeys(names))
    for key in ("author", "article:author", "byl", "dc.creator", "sailthru.author"):
        v = _clean(metas.get(key))
        if v and not v.startswith(("http://", "https://")):
            return re.sub(r"^By\s+", "", v)
    for el in root.xpath(
        "//*[@rel='author'] | //*[contains(concat(' ', normalize-space(@class), ' '), ' byline ')]"
    ):
        v = _clean(text_of(el))
        if v and len(v.split()) <= 12:
            return re.sub(r"^By\s+", "", v)
    return None


_DATE_FORMATS = (
    "%Y/%m/%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%a, %d %b %Y %H:%M:%S %Z",
    "%a, %d %b %Y %H:%M:%S %z",
    "%Y%m%d",
)


def parse_date(value: Any) -> datetime | None:
    """Parse a metadata date (ISO 8601 and a few common forms); ``None`` if unreadable."""
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s or len(s) > 64:
        return None
    iso = s[:-1] + "+00:00" if s.endswith("Z") else s
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(s, fmt)
        except ValueError:
            continue
    return None


def _pick_dates(
    root: etree._Element, metas: dict[str, str], article: dict[str, Any] | None
) -> tuple[datetime | None, datetime | None]:
    published = updated = None
    if article:
        published = parse_date(article.get("datePublished"))
        updated = parse_date(article.get("dateModified"))
    for key in ("article:published_time", "datepublished", "pubdate", "date",
                "originalpublicationdate", "dc.date", "publish-date"):  # fmt: skip
        if published is None:
            published = parse_date(metas.get(key))
    for key in ("article:modified_time", "datemodified", "og:updated_time", "lastmodified",
                "last-modified"):  # fmt: skip
        if updated is None:
            updated = parse_date(metas.get(key))
    if published is None:
        for el in root.iter("time"):
            d = parse_date(el.get("datetime"))
            if d is not None:
                published = d
                break
    return published, updated


def read_meta(root: etree._Element) -> PageMeta:
    """Headline, standfirst, byline, dates and the metadata text of a parsed page."""
    metas = _metas(root)
    items = _jsonld(root)
    article = next((i for i in items if _is_article(i)), None)
    headline = _pick_headline(root, metas, article)
    standfirst, shown = _pick_standfirst(root, metas, article)
    byline = _pick_byline(root, metas, article)
    published, updated = _pick_dates(root, metas, article)
    meta_values = [
        metas.get(k)
        for k in (
            "og:title",
            "twitter:title",
            "og:description",
            "twitter:description",
            "description",
        )
    ]
    if article:
        meta_values += [article.get("headline"), article.get("description")]
    title_el = root.find(".//title")
    if title_el is not None:
        meta_values.append(text_of(title_el))
    meta_text = tuple(
        dict.fromkeys(n for v in meta_values if isinstance(v, str) and (n := normalize(v)))
    )
    return PageMeta(headline, standfirst, byline, published, updated, meta_text, shown)
