"""Decoding pages from bytes: every path of the order of evidence."""

from __future__ import annotations

import codecs

import pytest

from redline.errors import BinaryInputError, InputTooLargeError
from redline.extract import charset_from_content_type, decode_html, extract_article

TEXT = "Fares rise to £4.50, says Zoë: “it’s unfair” – café owners agree."
PARAGRAPH = TEXT + " The council will meet again next month to discuss the matter in detail."


def page(meta: str = "", body: str = PARAGRAPH) -> str:
    return (
        f"<html><head>{meta}<title>Fares rise - Herald</title></head>"
        f"<body><article><h1>Fares rise</h1><p>{body}</p><p>{body}</p></article></body></html>"
    )


def test_charset_from_content_type() -> None:
    assert charset_from_content_type("text/html; charset=ISO-8859-1") == "iso-8859-1"
    assert charset_from_content_type('text/html; charset="utf-8"') == "utf-8"
    assert charset_from_content_type("text/html") is None
    assert charset_from_content_type(None) is None


def test_http_charset_windows_1252() -> None:
    d = decode_html(page().encode("cp1252"), content_type="text/html; charset=windows-1252")
    assert d.source == "http"
    assert TEXT in d.text


def test_http_latin1_is_read_as_windows_1252_keeping_curly_quotes() -> None:
    raw = page().encode("cp1252")
    assert b"\x93" in raw  # a Windows curly quote, undefined in strict ISO-8859-1
    d = decode_html(raw, content_type="text/html; charset=ISO-8859-1")
    assert d.source == "http"
    assert "“it’s unfair”" in d.text and "£4.50" in d.text and "café" in d.text


def test_meta_charset() -> None:
    raw = page('<meta charset="iso-8859-1">').encode("cp1252")
    d = decode_html(raw, content_type="text/html")
    assert d.source == "meta"
    assert TEXT in d.text


def test_meta_http_equiv() -> None:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    d = decode_html(page(meta).encode("cp1252"))
    assert d.source == "meta"
    assert TEXT in d.text


def test_http_charset_wins_over_meta() -> None:
    raw = page('<meta charset="utf-8">').encode("cp1252")
    d = decode_html(raw, content_type="text/html; charset=windows-1252")
    assert d.source == "http" and TEXT in d.text


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16"])
def test_bom_wins_over_declarations(codec: str) -> None:
    raw = page('<meta charset="iso-8859-1">').encode(codec)
    assert raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    d = decode_html(raw, content_type="text/html; charset=iso-8859-1")
    assert d.source == "bom"
    assert TEXT in d.text and not d.text.startswith("\ufeff")


def test_detection_without_any_declaration() -> None:
    d = decode_html(page().encode("cp1252"))
    assert d.source == "detected"
    assert TEXT in d.text
    assert any("detected" in w for w in d.warnings)


def test_undeclared_utf8() -> None:
    d = decode_html(page().encode("utf-8"))
    assert d.encoding == "utf-8" and TEXT in d.text


def test_wrong_utf8_declaration_is_overruled() -> None:
    raw = page('<meta charset="windows-1252">').encode("cp1252")
    d = decode_html(raw, content_type="text/html; charset=utf-8")
    assert TEXT in d.text
    assert d.source == "meta"
    assert any("says it is UTF-8" in w for w in d.warnings)


def test_latin1_declaration_on_utf8_bytes_is_overruled() -> None:
    d = decode_html(page().encode("utf-8"), content_type="text/html; charset=iso-8859-1")
    assert TEXT in d.text and "Â£" not in d.text
    assert d.encoding == "utf-8" and d.warnings


def test_unknown_charset_label_is_ignored_with_a_warning() -> None:
    d = decode_html(page().encode("utf-8"), content_type="text/html; charset=klingon-8")
    assert TEXT in d.text
    assert any("unknown charset" in w for w in d.warnings)


def test_binary_and_oversized_input_are_refused() -> None:
    with pytest.raises(BinaryInputError):
        decode_html(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    with pytest.raises(InputTooLargeError):
        decode_html(b"a" * (20 * 1024 * 1024 + 1))


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [
        (page().encode("cp1252"), "text/html; charset=iso-8859-1"),  # HTTP
        (page('<meta charset="windows-1252">').encode("cp1252"), "text/html"),  # meta
        (page().encode("utf-8-sig"), "text/html; charset=iso-8859-1"),  # BOM
        (page().encode("cp1252"), None),  # detection
    ],
)
def test_extracted_body_keeps_pound_accents_and_curly_quotes(
    raw: bytes, content_type: str | None
) -> None:
    e = extract_article(raw, url="https://herald.example/a", content_type=content_type)
    assert e.paragraphs and e.paragraphs[0] == PARAGRAPH
    assert "£4.50" in e.text and "Zoë" in e.text and "“it’s unfair”" in e.text
