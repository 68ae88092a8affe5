"""Redline's exceptions, all in one tree.

* RedlineError
  + InputError                 bad input given to the core or the CLI
    - BinaryInputError         the input is not text
    - InputTooLargeError       the input is larger than the documented limit
  + StoreError                 the version store could not do what was asked
    - NotFoundError            no such article, version or story
  + FetchError                 a page or feed could not be fetched
  + ExtractionError            no article text could be extracted from a page

Every error carries a message fit for a person; CLI commands print it and exit
with status 2. A message that quotes its input passes it through
:func:`printable` first, so that a hostile file cannot drive the terminal.
"""

from __future__ import annotations

__all__ = [
    "BinaryInputError",
    "ExtractionError",
    "FetchError",
    "InputError",
    "InputTooLargeError",
    "NotFoundError",
    "RedlineError",
    "StoreError",
    "printable",
]


class RedlineError(Exception):
    """Base class of every error Redline raises on purpose."""

    status = 500


class InputError(RedlineError):
    status = 400


class BinaryInputError(InputError):
    pass


class InputTooLargeError(InputError):
    status = 413


class StoreError(RedlineError):
    pass


class NotFoundError(StoreError):
    status = 404


class FetchError(RedlineError):
    status = 502


class ExtractionError(RedlineError):
    status = 422


def _escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: object, limit: int | None = None) -> str:
    """*text* safe to print on a terminal, on one line.

    Every character Python does not call printable is written as ``\\xNN``,
    ``\\uNNNN`` or ``\\UNNNNNNNN``: control characters (C0, DEL, C1: escape
    sequences, bells, carriage returns, newlines), format characters
    (bidirectional overrides, zero-width marks), separators other than the
    space, unpaired surrogates, private-use and unassigned code points. With
    *limit*, the text is cut to that many characters first and ends with ``…``.

    >>> printable("\\x1b]0;pwned\\x07 caf\\u00e9\\n")
    '\\\\x1b]0;pwned\\\\x07 café\\\\x0a'
    """
    s = text if isinstance(text, str) else str(text)
    if limit is not None and len(s) > limit:
        s = s[:limit] + "…"
    if s.isprintable():
        return s
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in s)
