"""Bounded decoding of response bodies: ``Content-Encoding`` and gzip'd files.

Decompression happens a slice at a time (``zlib`` with ``max_length``), and
the decoded bytes are counted as they come: a small response that would
inflate to gigabytes (a decompression bomb) is stopped as soon as it passes
the limit, having used no more memory than the limit. More than one layer of
encoding (``Content-Encoding: gzip, gzip``) is refused outright: no server
needs it, and every layer multiplies the ratio.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from redline.errors import FetchError

__all__ = ["SLICE", "BoundedDecoder", "TooLargeError", "codings"]

SLICE = 64 * 1024
"""Most bytes one decompression call may produce."""


class TooLargeError(FetchError):
    status = 413
    retryable = False


def codings(header: str | None) -> list[str]:
    """The content codings of a ``Content-Encoding`` header, ``identity`` left out."""
    out = []
    for part in (header or "").split(","):
        c = part.strip().lower()
        if c and c != "identity":
            out.append(c)
    return out


class BoundedDecoder:
    """Decode one body incrementally, never producing more than *limit* bytes.

    *encoding* is a ``Content-Encoding`` header value (``gzip``, ``x-gzip``,
    ``deflate`` or nothing). With *truncate*, output past the limit is cut off
    and :attr:`full` becomes True; otherwise passing the limit raises
    :class:`TooLargeError`.
    """

    def __init__(self, encoding: str | None, limit: int, what: str, *, truncate: bool = False):
        found = codings(encoding)
        if len(found) > 1:
            raise FetchError(
                f"{what}: refusing a body encoded in {len(found)} layers ({', '.join(found)})"
            )
        self.coding = found[0] if found else None
        if self.coding not in (None, "gzip", "x-gzip", "deflate"):
            raise FetchError(f"{what}: unsupported Content-Encoding {self.coding!r}")
        self.limit = limit
        self.what = what
        self.truncate = truncate
        self.size = 0
        """Decoded bytes produced so far."""
        self.full = False
        self._z: zlib._Decompress | None = None
        if self.coding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._deflate_head = b""

    def _count(self, piece: bytes) -> bytes:
        room = self.limit - self.size
        if len(piece) > room:
            if not self.truncate:
                raise TooLargeError(
                    f"{self.what}: body exceeds {self.limit:,} bytes"
                    + (" once decompressed" if self.coding else "")
                )
            piece = piece[: max(0, room)]
            self.full = True
        self.size += len(piece)
        return piece

    def feed(self, raw: bytes) -> Iterator[bytes]:
        """Decoded pieces of *raw* (each at most :data:`SLICE` bytes)."""
        if self.full or not raw:
            return
        if self.coding is None:
            for at in range(0, len(raw), SLICE):
                yield self._count(raw[at : at + SLICE])
                if self.full:
                    return
            return
        if self._z is None:  # deflate: zlib-wrapped (RFC 9110) or, in practice, often raw
            self._deflate_head += raw
            if len(self._deflate_head) < 2:
                return
            raw, self._deflate_head = self._deflate_head, b""
            wrapped = (raw[0] & 0x0F) == 8 and (raw[0] << 8 | raw[1]) % 31 == 0
            self._z = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        z = self._z
        data = raw
        try:
            while not z.eof:
                out = z.decompress(data, SLICE)
                data = z.unconsumed_tail
                if out:
                    yield self._count(out)
                    if self.full:
                        return
                if not data and len(out) < SLICE:
                    break  # input used up and nothing more pending
        except zlib.error as exc:
            raise FetchError(f"{self.what}: body does not decompress ({exc})") from exc

    def flush(self) -> Iterator[bytes]:
        """Whatever the decompressor still holds at the end of the body."""
        if self._z is None and self._deflate_head:
            yield from self.feed(b"")
        if self._z is not None and not self.full:
            try:
                out = self._z.flush(SLICE)
            except zlib.error as exc:
                raise FetchError(f"{self.what}: body does not decompress ({exc})") from exc
            if out:
                yield self._count(out)
