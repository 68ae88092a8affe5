"""Turn input bytes into text, safely.

Order of evidence: a byte-order mark, strict UTF-8, then the declared or
detected charset (charset-normalizer). Undecodable bytes are replaced, and a
warning says so; binary data (NUL bytes, mostly control characters) is refused.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from redline.errors import BinaryInputError, InputTooLargeError

__all__ = ["BOMS", "MAX_INPUT_BYTES", "Decoded", "check_size", "decode_bytes", "refuse_binary"]

MAX_INPUT_BYTES = 20 * 1024 * 1024
"""Largest version accepted (20 MiB of text): far above any real article."""

#: byte-order marks and their codecs, longest first where they share a prefix
BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode_bytes(data: bytes, *, declared: str | None = None, name: str = "input") -> Decoded:
    """Decode *data*; *declared* is a charset named by HTTP or the document."""
    check_size(data, name)
    for bom, enc in BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(enc, errors="replace").lstrip("\ufeff"), enc)
    refuse_binary(data, name)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return Decoded(data.decode(declared), declared.lower())
        except (LookupError, UnicodeDecodeError):
            pass
    damaged = _damaged_utf8(data, name)
    if damaged is not None:
        return damaged
    from charset_normalizer import from_bytes

    results = from_bytes(data[:200_000])
    best = results.best()
    if best is not None:
        # Short texts often decode as cleanly in several legacy charsets (the
        # language-coherence score is noise on a few lines); among those,
        # Windows-1252 is the web's default for undeclared Western pages.
        clean = (m for m in results if m.chaos <= best.chaos)
        best = next((m for m in clean if m.encoding == "cp1252"), best)
    if best is not None and best.encoding not in ("utf_8", "utf-8"):
        enc = best.encoding
        text = data.decode(enc, errors="replace")
        return Decoded(text, enc, (f"{name} is not UTF-8; decoded as {enc}",))
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    note = f"{name} is not valid UTF-8; {bad} undecodable byte(s) replaced with U+FFFD"
    return Decoded(text, "utf-8", (note,))


def _damaged_utf8(data: bytes, name: str) -> Decoded | None:
    """UTF-8 text with a few bad bytes: it holds valid multi-byte sequences too,
    so guessing a legacy charset would garble the good ones."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    if good == 0:
        return None
    note = f"{name} is not valid UTF-8; {bad} undecodable byte(s) replaced with U+FFFD"
    return Decoded(text, "utf-8", (note,))


def check_size(data: bytes, name: str) -> None:
    """Refuse more than :data:`MAX_INPUT_BYTES`: far above any real article or page."""
    if len(data) > MAX_INPUT_BYTES:
        raise InputTooLargeError(
            f"{name} is {len(data):,} bytes; the limit is {MAX_INPUT_BYTES:,} bytes "
            "(no article is that long: is this the right file?)"
        )


def refuse_binary(data: bytes, name: str, what: str = "text") -> None:
    """Refuse data that looks binary (NUL bytes, mostly control characters)."""
    sample = data[:8192]
    if b"\x00" in sample:
        raise BinaryInputError(f"{name} looks binary (it contains NUL bytes), not {what}")
    if sample:
        control = sum(1 for c in sample if c < 32 and c not in (9, 10, 12, 13))
        if control / len(sample) > 0.1:
            raise BinaryInputError(f"{name} looks binary (too many control characters), not {what}")
