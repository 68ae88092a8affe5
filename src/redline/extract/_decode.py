"""Decode a fetched HTML page from bytes.

Order of evidence, as browsers do it: a byte-order mark, then the charset named
by HTTP (``Content-Type``), then the page's own ``<meta charset>`` or
``<meta http-equiv="Content-Type">``, then detection (charset-normalizer).
``ISO-8859-1`` and ``US-ASCII`` are read as ``Windows-1252``, its superset, so
curly quotes and the euro sign typed on Windows survive. A declaration that the
bytes contradict (a page said to be UTF-8 that is not, or said to be Latin-1
while it is valid UTF-8 with multi-byte characters) is overruled, with a warning.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from redline.text.decode import BOMS, MAX_INPUT_BYTES, check_size, refuse_binary

__all__ = ["MAX_PAGE_BYTES", "DecodedPage", "charset_from_content_type", "decode_html"]

MAX_PAGE_BYTES = MAX_INPUT_BYTES
"""Largest page accepted (20 MiB): far above any real article page."""

# The web's aliases: labels that browsers decode with a wider codec.
_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
    "x-cp1252": "cp1252",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-sjis": "shift_jis",
}
_CT_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE | re.DOTALL
)
_PRESCAN_BYTES = 4096  # browsers look for <meta charset> in the first 1024 bytes; be generous


# Characters that no HTML/XML tree can hold: C0 controls other than tab and line
# breaks, lone surrogates, and the two non-characters U+FFFE/U+FFFF. Browsers drop
# them too; keeping them would make lxml refuse the page half-way through cleaning.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class DecodedPage:
    text: str
    encoding: str
    source: str  # "bom", "http", "meta", "detected", "utf-8"
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if _NOT_XML.search(self.text):
            object.__setattr__(self, "text", _NOT_XML.sub("", self.text))


def charset_from_content_type(content_type: str | None) -> str | None:
    """The ``charset`` parameter of an HTTP ``Content-Type`` header, if any."""
    if not content_type:
        return None
    m = _CT_CHARSET.search(content_type)
    return m.group(1).strip().lower() if m else None


def _codec(label: str | None) -> str | None:
    """Python codec name for a charset label, or None when unknown."""
    if not label:
        return None
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _is_utf8(name: str) -> bool:
    return name in ("utf-8", "utf_8")


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_html(data: bytes, *, content_type: str | None = None, name: str = "page") -> DecodedPage:
    """Decode an HTML page; see the module docstring for the order of evidence."""
    check_size(data, name)
    for bom, bom_codec in BOMS:
        if data.startswith(bom):
            unmarked = data.decode(bom_codec, errors="replace").lstrip("\ufeff")
            return DecodedPage(unmarked, bom_codec, "bom")
    refuse_binary(data, name, "an HTML page")
    warnings: list[str] = []
    is_ascii = data.isascii()
    utf8 = None if is_ascii else _strict(data, "utf-8")

    declared: list[tuple[str, str]] = []
    http_label = charset_from_content_type(content_type)
    if http_label:
        declared.append(("http", http_label))
    m = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    if m:
        declared.append(("meta", m.group(1).decode("ascii", "replace").lower()))

    for source, label in declared:
        codec = _codec(label)
        if codec is None:
            warnings.append(f"{name} declares an unknown charset {label!r} ({source}); ignored")
            continue
        if codec.startswith("utf-16") or codec.startswith("utf-32"):
            # An HTML page that declares UTF-16 without a BOM is almost always UTF-8.
            codec = "utf-8"
        if is_ascii:
            return DecodedPage(data.decode("ascii"), codec, source, tuple(warnings))
        if _is_utf8(codec):
            if utf8 is not None:
                return DecodedPage(utf8, "utf-8", source, tuple(warnings))
            warnings.append(f"{name} says it is UTF-8 ({source}) but is not")
            continue
        if utf8 is not None and _has_multibyte(data):
            warnings.append(
                f"{name} says it is {label} ({source}) but is valid UTF-8; decoded as UTF-8"
            )
            return DecodedPage(utf8, "utf-8", "detected", tuple(warnings))
        text = _strict(data, codec)
        if text is not None:
            return DecodedPage(text, codec, source, tuple(warnings))
        warnings.append(f"{name} is not valid {label} ({source})")

    if is_ascii:
        return DecodedPage(data.decode("ascii"), "utf-8", "utf-8", tuple(warnings))
    if utf8 is not None:
        return DecodedPage(utf8, "utf-8", "utf-8", tuple(warnings))
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    enc = _codec(best.encoding) if best is not None else None
    if enc is None or _is_utf8(enc):
        enc = "cp1252"
    # Western pages without a declaration are overwhelmingly Windows-1252; prefer
    # it whenever it decodes the bytes and the detector did not find a better fit.
    if enc in ("cp1250", "cp1251", "iso8859_2", "mac_roman", "latin_1", "iso8859_15") and (
        _strict(data, "cp1252") is not None and _looks_western(data)
    ):
        enc = "cp1252"
    text = data.decode(enc, errors="replace")
    warnings.append(f"{name} declares no usable charset; detected {enc}")
    return DecodedPage(text, enc, "detected", tuple(warnings))


def _has_multibyte(data: bytes) -> bool:
    return any(b >= 0xC2 for b in data)


_WESTERN_HIGH = frozenset(
    b"\x80\x85\x91\x92\x93\x94\x96\x97\xa3\xa9\xb0\xe0\xe1\xe7\xe8\xe9\xea\xed\xf3\xf6\xfa\xfc"
)


def _looks_western(data: bytes) -> bool:
    high = [b for b in data if b >= 0x80]
    if not high:
        return True
    return sum(1 for b in high if b in _WESTERN_HIGH) / len(high) >= 0.6
