"""``extract_article``: from a capture's raw bytes to an :class:`Extraction`."""

from __future__ import annotations

import re
from functools import cache, partial
from typing import Any

from redline.errors import ExtractionError, InputError
from redline.extract._body import (
    clean_paragraphs,
    profile_paragraphs,
    remove_boxes,
    remove_selected,
    select_text,
    trafilatura_paragraphs,
)
from redline.extract._decode import decode_html
from redline.extract._health import check_health
from redline.extract._limits import check_markup, check_tree
from redline.extract._meta import read_meta
from redline.extract._model import Extraction, HealthReport
from redline.extract._profile import Profile
from redline.extract._visible import captions, parse_html, template_signature, visible_blocks
from redline.text.normalize import normalize

__all__ = ["EXTRACTOR", "extract_article", "extractor_version"]

EXTRACTOR = "trafilatura"


@cache
def extractor_version() -> str:
    """Version of the extractor, recorded on every extraction (so changes are noticed).

    Raises :class:`~redline.errors.ExtractionError` naming the missing package when
    the extractor cannot even be imported (a broken install), so that ingests and
    watchers report why instead of failing on every page with a bare ImportError."""
    try:
        import trafilatura

        trafilatura.bare_extraction  # noqa: B018 (a half-imported package lacks it)
    except (ImportError, AttributeError) as exc:
        named = exc.name if isinstance(exc, ImportError) else None
        missing = (named or "").split(".")[0] or (
            "lxml_html_clean" if "lxml_html_clean" in str(exc) else "trafilatura"
        )
        raise ExtractionError(
            f"the HTML extractor cannot be loaded: package {missing!r} is missing or broken "
            f"({' '.join(str(exc).split())}); reinstall Redline with its dependencies "
            f"(pip install {missing})"
        ) from exc
    return str(trafilatura.__version__)


def _looks_like_html(text: str) -> bool:
    head = text[:4096].lower()
    return "<" in head and any(
        t in head
        for t in (
            "<html",
            "<!doctype",
            "<body",
            "<head",
            "<p",
            "<div",
            "<article",
            "<meta",
            "<title",
            "<h1",
            "<table",
        )
    )


_FALLBACK_WORDS = 40


def _trafilatura(
    root: Any,
    url: str,
    text: str,
    warnings: list[str],
    profile: Profile | None,
    headline: str | None,
) -> list[str] | None:
    """Precision mode first; trafilatura's balanced mode when precision finds (almost)
    nothing. trafilatura prunes the tree it is given, so the fallback reparses. A
    balanced-mode body that swallowed the navigation and headline is not used."""
    try:
        found = trafilatura_paragraphs(root, url, precision=True)
        if found is None or sum(len(p.split()) for p in found) < _FALLBACK_WORDS:
            fresh = parse_html(text)
            if fresh is not None:
                remove_boxes(fresh)
                if profile is not None:
                    remove_selected(fresh, profile)
            again = (
                trafilatura_paragraphs(fresh, url, precision=False) if fresh is not None else None
            )
            if (
                again
                and sum(len(p.split()) for p in again) > sum(len(p.split()) for p in found or ())
                and not _swallowed(again, headline)
            ):
                warnings.append("precision mode found no article body; used balanced mode")
                found = again
    except (ValueError, TypeError, RecursionError) as exc:  # pathological markup
        warnings.append(f"the extractor failed on this page: {exc}")
        return None
    return found


_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.)\s*$")


def _swallowed(paragraphs: list[str], headline: str | None) -> bool:
    """True when a paragraph holds the headline among other text (furniture glued)."""
    if not headline or len(headline.split()) < 6:
        return False
    key = normalize(headline).casefold()
    for p in paragraphs:
        n = normalize(p).casefold()
        if key in n and n != key:
            return True
    return False


_FINAL = tuple('.!?…"”’»)]:;')


def _cut_off(paragraph: str) -> bool:
    """A long paragraph that does not end a sentence: the transfer stopped inside it."""
    return len(paragraph.split()) >= 6 and not paragraph.rstrip().endswith(_FINAL)


def _is_excerpt(description: str, paragraphs: list[str], headline: str | None) -> bool:
    """True when *description* is the start of the body (an automatic excerpt)."""
    # compared as words: an excerpt retouched for search engines (a comma, a dash)
    # is still an excerpt
    d = _words(_ELLIPSIS.sub("", description))
    if len(d) < 4:
        return False
    h = _words(headline or "")
    start = 0
    while start < min(len(paragraphs), 3) and _words(paragraphs[start]) == h:
        start += 1
    head = _words(" ".join(paragraphs[start : start + 3]))
    return head[: len(d)] == d


_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(normalize(text).casefold())


def extract_article(
    raw: bytes,
    *,
    url: str,
    content_type: str | None = None,
    profile: Profile | None = None,
) -> Extraction:
    """Extract the article of one capture from its raw HTML bytes.

    Raises :class:`~redline.errors.ExtractionError` when there is no article to
    extract (an empty page, something that is not HTML), and
    :class:`~redline.errors.InputError` subclasses for binary or oversized input.
    A page whose extraction looks degraded is returned with ``health.suspect`` set.
    """
    if not isinstance(raw, (bytes, bytearray, memoryview)):
        raise InputError("extract_article takes the page's raw bytes")
    extractor_version()  # a clear error when the extractor cannot be imported
    raw = bytes(raw)
    name = url or "page"
    if not raw.strip():
        raise ExtractionError(f"{name}: the page is empty; there is no article to extract")
    if content_type:
        mime = content_type.split(";", 1)[0].strip().lower()
        if mime and mime not in (
            "text/html",
            "application/xhtml+xml",
            "text/plain",
            "application/xml",
            "text/xml",
        ):
            raise ExtractionError(f"{name}: content type {mime!r} is not an HTML page")
    check_markup(raw, name)
    decoded = decode_html(raw, content_type=content_type, name=name)
    if not _looks_like_html(decoded.text):
        raise ExtractionError(f"{name}: this is not an HTML page (no markup found)")
    root = parse_html(decoded.text)
    if root is None:
        raise ExtractionError(f"{name}: the HTML could not be parsed")
    check_tree(root, name)

    visible = visible_blocks(root)
    meta = read_meta(root)
    page_captions = captions(root)
    signature = template_signature(root)
    headline, standfirst = meta.headline, meta.standfirst
    warnings = list(decoded.warnings)
    remove_boxes(root)
    found = None
    if profile is not None:
        if profile.compiled["headline"]:
            headline = select_text(root, profile.compiled["headline"]) or headline
        if profile.compiled["standfirst"]:
            standfirst = select_text(root, profile.compiled["standfirst"]) or standfirst
        remove_selected(root, profile)
        found = profile_paragraphs(root, profile)
        if found is None and profile.body:
            warnings.append(
                f"profile {profile.key}: body selectors matched nothing; used trafilatura"
            )
    if found is None:
        found = _trafilatura(root, url, decoded.text, warnings, profile, headline)
    clean = partial(
        clean_paragraphs,
        found or [],
        headline=headline,
        profile=profile,
        byline=meta.byline,
        captions=page_captions,
    )
    plain = clean(standfirst=None)
    if (
        standfirst
        and not meta.standfirst_shown
        and standfirst == meta.standfirst
        and _is_excerpt(standfirst, list(plain.paragraphs), headline)
    ):
        # a description that merely repeats the start of the body is an excerpt
        warnings.append("the page's description is an excerpt of the body, not a standfirst")
        standfirst = None
    body = clean(standfirst=standfirst) if standfirst else plain
    warnings.extend(body.warnings)
    health = check_health(headline=headline, paragraphs=body.paragraphs)
    tail = raw[-4096:].lower()
    truncated = b"</html" not in tail and b"</body" not in tail
    if truncated:
        if body.paragraphs and _cut_off(body.paragraphs[-1]):
            health = health.merge(
                HealthReport(
                    True,
                    (
                        "the page ends before </html> and its last paragraph stops "
                        "mid-sentence: a truncated transfer",
                    ),
                )
            )
        else:
            warnings.append("the page ends before </html>")
    return Extraction(
        headline=headline,
        standfirst=standfirst,
        byline=meta.byline,
        published=meta.published,
        updated=meta.updated,
        paragraphs=body.paragraphs,
        extractor=EXTRACTOR,
        extractor_version=extractor_version(),
        encoding=decoded.encoding,
        url=url,
        profile=profile.key if profile is not None else None,
        warnings=tuple(warnings),
        visible_text=visible,
        meta_text=meta.meta_text,
        dropped=body.dropped,
        health=health,
        truncated=truncated,
        template=signature,
    )
