"""Article URLs as the tracker keeps them: web links only, without tracking noise.

:func:`clean_url` resolves a link against its document, refuses anything but
``http``/``https`` (``file:``, ``ftp:``, ``javascript:``, ``data:``,
``mailto:`` links are dropped, never stored), and removes what does not name
the page: the fragment and tracking parameters (``utm_*``, ``ref``,
``fbclid``, ``gclid`` and their kin). :func:`canonical_link` reads a page's
``<link rel="canonical">``.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

__all__ = ["TRACKING_PARAMS", "canonical_link", "clean_url"]

TRACKING_PARAMS = frozenset(
    {
        "ref",
        "ref_src",
        "ref_url",
        "referrer",
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ocid",
        "cmpid",
        "at_medium",
        "at_campaign",
        "at_custom1",
        "at_custom2",
        "at_custom3",
        "at_custom4",
        "CMP",
    }
)
_PREFIXES = ("utm_", "at_")


def _tracking(key: str) -> bool:
    k = key.lower()
    return k in TRACKING_PARAMS or key in TRACKING_PARAMS or k.startswith(_PREFIXES)


def clean_url(link: str, base: str | None = None) -> str | None:
    """*link* (resolved against *base*) without fragment and tracking parameters;
    None when it is not an http(s) URL with a host."""
    link = link.strip()
    if not link:
        return None
    url = urljoin(base, link) if base else link
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if scheme not in ("http", "https") or not host:
        return None
    if ":" in host:
        host = f"[{host}]"
    if port and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _tracking(k)]
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query), ""))


_LINK = re.compile(rb"<link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(rb"""([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def canonical_link(html: bytes, page_url: str) -> str | None:
    """The page's ``<link rel="canonical">`` target, cleaned, if it is on the same
    site (scheme and host) as *page_url*; otherwise None. Only the first 256 KB
    (the head) is read."""
    head = html[: 256 * 1024]
    end = head.lower().find(b"</head")
    if end >= 0:
        head = head[:end]
    for tag in _LINK.finditer(head):
        attrs = {
            m.group(1).lower(): (m.group(2) or m.group(3) or m.group(4) or b"")
            for m in _ATTR.finditer(tag.group(0))
        }
        rels = attrs.get(b"rel", b"").lower().split()
        if b"canonical" not in rels or not attrs.get(b"href"):
            continue
        href = unescape(attrs[b"href"].decode("utf-8", errors="replace"))
        target = clean_url(href, page_url)
        if target is None:
            return None
        a, b = urlsplit(target), urlsplit(clean_url(page_url) or page_url)
        if (a.scheme, a.netloc) != (b.scheme, b.netloc):
            return None
        return target
    return None
