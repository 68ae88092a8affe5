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

__all__ = ["fold", "normalize", "normalize_many"]

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
# A dash used as punctuation (spaced, or an em dash between words) reads the
# same whatever its width and spacing: "a – b", "a—b" and "a - b" are one form.
_PUNCT_DASH = re.compile(r"\s*[\u2013\u2014\u2015]\s*|\s+-\s+")
# An en dash with no space around it joins: a range ("£13–14bn", "2019–20",
# "£20–£45", "10%–15%") or a route or pair ("Oban–Craignure", "Franco–German"),
# written with a hyphen just as often: the same text.
_RANGE_DASH = re.compile(r"\u2013(?<=[\w%]\u2013)(?=[\w£$€¥])")  # the dash first: a fast scan
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
        if "\u2013" in text:
            text = _RANGE_DASH.sub("-", text)
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


# normalize_many runs the same steps on many texts joined by line feeds, with
# string methods (much faster than regular expressions on long non-ASCII text)
# and with no step reaching from one text into the next:
# - a dash used as punctuation becomes " - " with its white space, as
#   _PUNCT_DASH does, once white space is collapsed;
_DASHES = ("\u2013", "\u2014", "\u2015")
# - normalize() maps characters only in texts that are not plain ASCII, so the
#   one ASCII character of the map (the backtick) is mapped text by text;
_MAP_ITEMS = tuple((c, r) for c, r in _MAPPED_TO.items() if c not in _DASHES and c != "`")
# - white space that NFKC leaves as it is (the rest it turns into " ");
_ODD_SPACES = ("  ", "\t", "\x0b", "\x0c", "\r", "\x1c", "\x1d", "\x1e", "\x1f", "\x85",
               "\u1680", "\u2028", "\u2029")  # fmt: skip
_MARKS = (";", ":", "!", "?", "%")
_MANY = 8  # fewer texts are cheaper one by one
# every white space character but the line feed
_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c != "\n")


def normalize_many(texts: list[str]) -> list[str]:
    """``[normalize(t) for t in texts]``, in a few passes over all the texts at
    once (segmentation normalises every sentence of a version: one pass each
    is much cheaper than one call each).

    >>> normalize_many(["It\u2019s \u201cdone\u201d.", "Paris \u2013 Rome !"])
    ['It\\'s "done".', 'Paris - Rome!']
    """
    if len(texts) < _MANY:
        return [normalize(t) for t in texts]
    return _normalize_joined(texts)


def _normalize_joined(texts: list[str]) -> list[str]:
    """:func:`normalize_many` by passes over the texts joined by line feeds."""
    text = "\n".join(texts)
    if text.count("\n") != len(texts) - 1:  # a text holds a line feed: one by one
        return [normalize(t) for t in texts]
    collapse = False
    if not text.isascii():
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        if "\u00ab" in text or "\u2039" in text:  # as _GUILLEMET_OPEN
            parts = text.replace("\u2039", "\u00ab").split("\u00ab")
            text = "\u00ab".join([parts[0], *[p.lstrip(_SPACES) for p in parts[1:]]])
        if "\u00bb" in text or "\u203a" in text:  # as _GUILLEMET_CLOSE
            parts = text.replace("\u203a", "\u00bb").split("\u00bb")
            text = "\u00bb".join([*[p.rstrip(_SPACES) for p in parts[:-1]], parts[-1]])
        if "\u2013" in text:  # as _RANGE_DASH
            text = _RANGE_DASH.sub("-", text)
        for dash in _DASHES:
            if dash in text:
                text = text.replace(f" {dash} ", " - ")  # the common, spaced form
                if dash in text:
                    text = text.replace(dash, " - ")
                    collapse = True
        for char, to in _MAP_ITEMS:
            if char in text:
                text = text.replace(char, to)
    if collapse or any(odd in text for odd in _ODD_SPACES):
        text = "\n".join([" ".join(p.split()) for p in text.split("\n")])
    elif " \n" in text or "\n " in text or text[:1] == " " or text[-1:] == " ":
        text = "\n".join([p.strip(" ") for p in text.split("\n")])
    for mark in _MARKS:  # as _SPACE_BEFORE_MARK, now that spaces are single
        # (one character is found much faster than two in a long text)
        if mark in text and " " + mark in text:
            text = text.replace(" " + mark, mark)
    parts = text.split("\n")
    if "`" in text:
        for k, part in enumerate(parts):
            if "`" in part and not texts[k].isascii():
                parts[k] = part.replace("`", "'")
    return parts


def fold(text: str) -> str:
    """Normalised and case-folded form, for similarity scoring (not for equality)."""
    return normalize(text).casefold()
