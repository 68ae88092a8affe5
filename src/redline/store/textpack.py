"""Compact, content-addressed storage of version texts.

A body (a list of paragraphs) is cut into *units*: sentence-sized pieces that
keep their trailing white space, so joining a paragraph's units gives back the
paragraph exactly. Within an article every distinct unit is stored once, in the
*pack* of the version that first used it (zlib-compressed, length-prefixed);
each version stores its *layout*: the article-level unit numbers in reading
order, with 0 marking a paragraph break (unsigned LEB128 varints).

News versions share most sentences, so a version after the first usually adds
a few units and a layout of a few dozen bytes.

This module is pure: it encodes and decodes, the repository does the I/O.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache

from redline.text.boilerplate import is_boilerplate
from redline.text.normalize import normalize

__all__ = [
    "UnitTable",
    "content_hash",
    "decode_layout",
    "decode_pack",
    "encode_layout",
    "encode_pack",
    "join_units",
    "pack_base",
    "split_units",
]

_UNIT_END = re.compile(r"(?:\.\.\.|…|[.!?]+)[\"'”’»)\]]*\s+")
_RAW, _ZLIB, _ZDICT = 0, 1, 2
_ZDICT_SIZE = 32 * 1024


def split_units(paragraph: str) -> list[str]:
    """Cut *paragraph* into sentence-sized units; :func:`join_units` gives it back exactly.

    A single space between two sentences is left out of the units (so a sentence
    is the same unit wherever it stands in its paragraph); any other white space
    stays at the end of the unit before it.
    """
    units: list[str] = []
    start = 0
    for m in _UNIT_END.finditer(paragraph):
        end = m.end()
        if end < len(paragraph):
            gap_start = m.end() - len(m.group(0)) + len(m.group(0).rstrip())
            cut = gap_start if paragraph[gap_start:end] == " " else end
            units.append(paragraph[start:cut])
            start = end
    if start < len(paragraph) or not units:
        units.append(paragraph[start:])
    return units


def join_units(units: Sequence[str]) -> str:
    """Inverse of :func:`split_units`."""
    out: list[str] = []
    for i, unit in enumerate(units):
        if i and not units[i - 1][-1:].isspace():
            out.append(" ")
        out.append(unit)
    return "".join(out)


def content_hash(headline: str | None, standfirst: str | None, paragraphs: Sequence[str]) -> str:
    """Hash of the normalised text: equal hashes mean no meaningful change.

    Typography (:func:`redline.text.normalize.normalize`), white space, paragraph
    breaks and page-furniture lines (``is_boilerplate``) do not count.
    """
    body = " ".join(n for n in map(_normal_paragraph, paragraphs) if n)
    parts = [normalize(headline or ""), normalize(standfirst or ""), body]
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=16).hexdigest()


@lru_cache(maxsize=65536)
def _normal_paragraph(paragraph: str) -> str:
    """Normalised paragraph, empty for blank lines and page furniture (cached: versions repeat)."""
    if not paragraph.strip() or is_boilerplate(paragraph):
        return ""
    return normalize(paragraph)


def _varint(n: int, out: bytearray) -> None:
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _read_varints(data: bytes) -> list[int]:
    values: list[int] = []
    n = shift = 0
    for byte in data:
        n |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
        else:
            values.append(n)
            n = shift = 0
    return values


def encode_layout(paragraph_units: Iterable[Sequence[int]]) -> bytes:
    """Encode paragraphs of 0-based unit numbers (stored +1; 0 separates paragraphs)."""
    out = bytearray()
    for i, units in enumerate(paragraph_units):
        if i:
            out.append(0)
        for u in units:
            _varint(u + 1, out)
    return bytes(out)


def decode_layout(data: bytes) -> list[list[int]]:
    paragraphs: list[list[int]] = [[]]
    for v in _read_varints(data):
        if v == 0:
            paragraphs.append([])
        else:
            paragraphs[-1].append(v - 1)
    if paragraphs == [[]]:
        return []
    return paragraphs


def encode_pack(units: Sequence[str], base: int = 0, zdict: bytes = b"") -> bytes | None:
    """The units a version introduces: ``codec byte, varint base, payload``.

    *base* is the article-level number of the first unit. The payload is the
    length-prefixed UTF-8 units, zlib-compressed against *zdict* (the tail of the
    article's earlier units, so a reworded sentence costs little) when that is
    smaller.
    """
    if not units:
        return None
    raw = bytearray()
    for u in units:
        b = u.encode("utf-8")
        _varint(len(b), raw)
        raw += b
    head = bytearray()
    _varint(base, head)
    if zdict:
        c = zlib.compressobj(9, zdict=zdict)
        packed, codec = c.compress(bytes(raw)) + c.flush(), _ZDICT
    else:
        packed, codec = zlib.compress(bytes(raw), 9), _ZLIB
    if len(packed) < len(raw):
        return bytes([codec]) + bytes(head) + packed
    return bytes([_RAW]) + bytes(head) + bytes(raw)


def pack_base(data: bytes) -> int:
    """The article-level number of the first unit in a pack."""
    return _read_varint(data, 1)[0]


def decode_pack(data: bytes | None, zdict: bytes = b"") -> list[str]:
    if not data:
        return []
    _, start = _read_varint(data, 1)
    payload = data[start:]
    if data[0] == _ZDICT:
        d = zlib.decompressobj(zdict=zdict)
        raw = d.decompress(payload) + d.flush()
    elif data[0] == _ZLIB:
        raw = zlib.decompress(payload)
    else:
        raw = payload
    units: list[str] = []
    i = 0
    while i < len(raw):
        n, i = _read_varint(raw, i)
        units.append(raw[i : i + n].decode("utf-8"))
        i += n
    return units


def _read_varint(data: bytes, i: int) -> tuple[int, int]:
    n = shift = 0
    while True:
        byte = data[i]
        i += 1
        n |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return n, i
        shift += 7


class UnitTable:
    """The distinct units of one article, numbered in order of first use.

    Units are addressed by their text (a dict keyed by the unit string), so a
    sentence used by many versions is stored once.
    """

    __slots__ = ("by_text", "paragraph_refs", "units", "version_ids")

    def __init__(self) -> None:
        self.units: list[str] = []
        self.by_text: dict[str, int] = {}
        self.version_ids: set[int] = set()
        # paragraph text -> its unit numbers, for the paragraphs of recent versions
        self.paragraph_refs: dict[str, list[int]] = {}

    def load(self, packs: Iterable[tuple[int, bytes | None]]) -> bool:
        """Add the packs of versions not loaded yet, in unit order; False when they do not
        continue this table (it must then be rebuilt from all of the article's packs)."""
        packs = list(packs)
        ordered = sorted(((pack_base(p), vid, p) for vid, p in packs if p), key=lambda x: x[0])
        tail = self.zdict() if ordered else b""
        for base, _, pack in ordered:
            if base != len(self.units):
                return False
            units = decode_pack(pack, tail)
            self.add_units(units)
            tail = (tail + "".join(units).encode("utf-8"))[-_ZDICT_SIZE:]
        self.version_ids.update(vid for vid, _ in packs)
        return True

    def remember(self, layout: bytes) -> None:
        """Remember the paragraphs of a stored version (the next one mostly repeats them)."""
        for refs in decode_layout(layout):
            self.paragraph_refs[join_units([self.units[u] for u in refs])] = refs

    def zdict(self) -> bytes:
        """Compression dictionary for the next pack: the tail of the units so far."""
        tail: list[str] = []
        size = 0
        for unit in reversed(self.units):
            tail.append(unit)
            size += len(unit)
            if size >= _ZDICT_SIZE:
                break
        return "".join(reversed(tail)).encode("utf-8")[-_ZDICT_SIZE:]

    def add_units(self, units: Sequence[str]) -> None:
        for unit in units:
            self.by_text.setdefault(unit, len(self.units))
            self.units.append(unit)

    def plan(self, paragraphs: Sequence[str]) -> tuple[list[list[int]], list[str]]:
        """Layout of *paragraphs* and the units it adds (not yet added to the table)."""
        layout: list[list[int]] = []
        new: list[str] = []
        pending: dict[str, int] = {}
        by_text = self.by_text
        for paragraph in paragraphs:
            known = self.paragraph_refs.get(paragraph)
            if known is not None:
                layout.append(known)
                continue
            refs: list[int] = []
            for unit in split_units(paragraph):
                ref = by_text.get(unit)
                if ref is None:
                    ref = pending.get(unit)
                    if ref is None:
                        ref = len(self.units) + len(new)
                        pending[unit] = ref
                        new.append(unit)
                refs.append(ref)
            layout.append(refs)
        return layout, new

    def record(self, paragraphs: Sequence[str]) -> tuple[bytes, bytes | None, int]:
        """Plan *paragraphs*, add their new units: (layout, pack, number of new units)."""
        layout, new = self.plan(paragraphs)
        pack = encode_pack(new, len(self.units), self.zdict() if new else b"")
        self.add_units(new)
        if len(self.paragraph_refs) > 2_000:
            self.paragraph_refs.clear()
        for paragraph, refs in zip(paragraphs, layout, strict=True):
            self.paragraph_refs[paragraph] = refs
        return encode_layout(layout), pack, len(new)

    def paragraphs(self, layout: bytes) -> list[str]:
        return [join_units([self.units[u] for u in refs]) for refs in decode_layout(layout)]
