"""Comparison form of text: typography is ignored, wording is not.

Two strings whose :func:`normalize` forms are equal differ only in typography:
curly vs straight quotes, dash styles, non-breaking or repeated spaces, Unicode
compatibility forms (ligatures, full-width letters), soft hyphens and zero-width
characters. The original text is always kept for display; only comparisons use
this form.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "normalize"]

_CHAR_MAP = {
    # single quotes and apostrophes
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u00b4": "'", "\u0060": "'", "\u2039": "'", "\u203a": "'", "\u02bc": "'",
    # double quotes (guillemets are handled with their inner spaces below)
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    # dashes and minus signs
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
    # invisible characters
    "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None,
    "\ufeff": None,
}  # fmt: skip

_GUILLEMET_OPEN = re.compile(r"[«‹]\s*")
_GUILLEMET_CLOSE = re.compile(r"\s*[»›]")
# A dash used as punctuation (spaced, or an en/em dash between words) reads the
# same whatever its width and spacing: "a – b", "a—b" and "a - b" are one form.
_PUNCT_DASH = re.compile(r"\s*[\u2013\u2014\u2015]\s*|\s+-\s+")
# Cheap tests that say when the slower substitutions above can change anything
# (normalisation runs on every sentence of every version, so it must be fast).
_MAPPED = re.compile("[" + re.escape("".join(_CHAR_MAP)) + "]")
_MAPPED_TO = {k: v or "" for k, v in _CHAR_MAP.items()}
_SPACED_HYPHEN = re.compile(r"-(?<=\s-)(?=\s)")
# French typography puts a (thin) space before ; : ! ? (and % in figures); once
# white space is collapsed, that space is a single " ".
_SPACE_BEFORE_MARK = re.compile(r" (?=[;:!?%])")


def _has_punct_dash(text: str) -> bool:
    if "\u2013" in text or "\u2014" in text or "\u2015" in text:
        return True
    return "-" in text and _SPACED_HYPHEN.search(text) is not None


def _map_char(m: re.Match[str]) -> str:
    return _MAPPED_TO[m.group()]


def normalize(text: str) -> str:
    """Return the typography-free comparison form of *text*.

    >>> normalize("Britain\u2019s \u201cbest\u201d \u2013 ever\u00a0!")
    'Britain\\'s "best" - ever!'
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        if "\u00ab" in text or "\u2039" in text:
            text = _GUILLEMET_OPEN.sub("\u00ab", text)
        if "\u00bb" in text or "\u203a" in text:
            text = _GUILLEMET_CLOSE.sub("\u00bb", text)
        if _has_punct_dash(text):
            text = _PUNCT_DASH.sub(" - ", text)
        text = _MAPPED.sub(_map_char, text)
    elif " -" in text:
        text = _PUNCT_DASH.sub(" - ", text)
    # White space is collapsed unless it already is (the common case: printable
    # ASCII, single spaces, nothing around), which two C-level scans tell.
    if not (
        text.isascii()
        and text.isprintable()
        and "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
    ):
        text = " ".join(text.split())
    if ";" in text or ":" in text or "!" in text or "?" in text or "%" in text:
        text = _SPACE_BEFORE_MARK.sub("", text)
    return text


def fold(text: str) -> str:
    """Normalised and case-folded form, for similarity scoring (not for equality)."""
    return normalize(text).casefold()
