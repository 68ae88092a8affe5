"""Diff bodies drawn once, when a comparison is stored, and kept beside it.

:func:`pack` draws the four diff bodies of a comparison (inline or side by side,
whole text or changes only) with :mod:`redline.web.fragments`, every sentence
escaped there, and packs them: a JSON header (the drawing code's version, the
number of changed rows, the size of each part) then each body compressed on its
own, so a page inflates only the one it shows. :func:`unpack` returns one body,
or ``None`` when the blob was drawn by other code (``DRAWN_BY``) or is damaged: the
page then draws from the stored comparison as before. The side-by-side body is
kept without its frame, which names the version numbers (they may be renumbered).
"""

from __future__ import annotations

import hashlib
import json
import sys
import zlib
from pathlib import Path
from typing import NamedTuple

from redline.comparison import Comparison
from redline.web import diffview, fragments
from redline.web.diffview import build_view

__all__ = ["DRAWN_BY", "VARIANTS", "Drawn", "pack", "unpack"]


def _drawing_code() -> str:
    """A digest of the modules that draw a diff body (this one, ``diffview``, ``fragments``):
    any change to them makes every stored body be drawn again, with no version to remember."""
    h = hashlib.blake2b(digest_size=6)
    for module in (diffview, fragments, sys.modules[__name__]):
        h.update(Path(module.__file__ or "").read_bytes())
    return "diff-" + h.hexdigest()


#: the version of the drawing code: another value in a stored blob means "draw again"
DRAWN_BY = _drawing_code()

#: (view, show) of each stored body, in the blob's order
VARIANTS = (("inline", "all"), ("inline", "changes"), ("side", "all"), ("side", "changes"))


class Drawn(NamedTuple):
    body: str  # HTML, text from the web escaped
    changed: int  # rows that are not unchanged sentences


def pack(c: Comparison) -> bytes:
    """The four diff bodies of *c*, drawn and packed."""
    whole, changes = build_view(c), build_view(c, context=0, fold_min=1)
    bodies = [
        str(fragments.diff_inline(whole)),
        str(fragments.diff_inline(changes)),
        fragments.side_rows(whole),
        fragments.side_rows(changes),
    ]
    parts = [zlib.compress(b.encode("utf-8"), 6) for b in bodies]
    head = {"by": DRAWN_BY, "changed": whole.changed, "sizes": [len(p) for p in parts]}
    return json.dumps(head, separators=(",", ":")).encode() + b"\n" + b"".join(parts)


def unpack(blob: bytes | None, view: str | None, show: str | None) -> Drawn | None:
    """The body of *view* / *show* in *blob*, or ``None`` (drawn by other code, damaged)."""
    if not blob:
        return None
    if not isinstance(blob, bytes):  # a driver's memoryview
        blob = bytes(blob)
    try:
        k = VARIANTS.index((view, show))
        end = blob.index(b"\n")
        head = json.loads(blob[:end])
        if head.get("by") != DRAWN_BY:
            return None
        sizes = head["sizes"]
        start = end + 1 + sum(sizes[:k])
        body = zlib.decompress(blob[start : start + sizes[k]]).decode("utf-8")
        return Drawn(body, int(head["changed"]))
    except (ValueError, KeyError, TypeError, IndexError, zlib.error):
        return None
