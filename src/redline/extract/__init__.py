"""Extraction: from a capture's raw HTML to an article you can trust.

The pipeline stage between fetching and storing::

    raw bytes ─► decode ─► parse ─► metadata fields + body (trafilatura or profile)
              ─► clean ─► health ─► cross-check against the raw pages ─► decision

Use (``raw`` the page's bytes, ``previous`` the last stored article)::

    from redline.extract import extract_article, decide_version
    e = extract_article(raw, url=url, content_type="text/html; charset=utf-8")
    decide_version(previous, e).record
"""

from __future__ import annotations

from redline.extract._article import EXTRACTOR, extract_article, extractor_version
from redline.extract._audit import AuditItem, StoredCapture, audit_captures
from redline.extract._crosscheck import Evidence, PageText, Reconciled, reconcile
from redline.extract._decide import (
    Decision,
    article_paragraphs,
    decide_from_raw,
    decide_version,
    reextract_pair,
    replay,
)
from redline.extract._decode import DecodedPage, charset_from_content_type, decode_html
from redline.extract._health import check_health, check_shrink, leftovers
from redline.extract._model import Extraction, HealthReport
from redline.extract._profile import Profile
from redline.extract._settle import Settlement, StoredText, current_extraction, settle_capture

__all__ = [
    "EXTRACTOR",
    "AuditItem",
    "Decision",
    "DecodedPage",
    "Evidence",
    "Extraction",
    "HealthReport",
    "PageText",
    "Profile",
    "Reconciled",
    "Settlement",
    "StoredCapture",
    "StoredText",
    "article_paragraphs",
    "audit_captures",
    "charset_from_content_type",
    "check_health",
    "check_shrink",
    "current_extraction",
    "decide_from_raw",
    "decide_version",
    "decode_html",
    "extract_article",
    "extractor_version",
    "leftovers",
    "reconcile",
    "reextract_pair",
    "replay",
    "settle_capture",
]
