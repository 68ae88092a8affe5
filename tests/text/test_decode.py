"""Bytes to text: BOMs, UTF-8, legacy charsets, binary refusal, size limit."""

from __future__ import annotations

import codecs

import pytest

from redline.errors import BinaryInputError, InputError, InputTooLargeError, RedlineError
from redline.text.decode import MAX_INPUT_BYTES, decode_bytes

TEXT = "Britain’s Kerr wins £4.5m bonus – “I’m thrilled”, says the café owner."


def test_utf8():
    out = decode_bytes(TEXT.encode("utf-8"))
    assert (out.text, out.encoding, out.warnings) == (TEXT, "utf-8", ())


def test_empty_input():
    out = decode_bytes(b"")
    assert (out.text, out.warnings) == ("", ())


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_byte_order_marks(bom, codec):
    out = decode_bytes(bom + TEXT.encode(codec))
    assert out.text == TEXT
    assert not out.text.startswith("\ufeff")


@pytest.mark.parametrize(
    "text",
    [
        TEXT,
        "Kerr won. Price £4.",
        "Le café coûte 5 € – c’est « cher », dit Mme Dupont.",
        "Ingebrigtsen’s “very beatable” – said Kerr’s coach, née Müller.",
    ],
)
def test_windows_1252(text):
    data = text.encode("cp1252")
    detected = decode_bytes(data)
    assert detected.text == text
    assert detected.encoding != "utf-8"
    assert any("not UTF-8" in w for w in detected.warnings)
    declared = decode_bytes(data, declared="windows-1252")
    assert (declared.text, declared.warnings) == (text, ())


def test_other_legacy_charsets_are_not_forced_to_1252():
    text = "Привет, как дела? Это новость дня."
    assert decode_bytes(text.encode("cp1251")).text == text


def test_wrong_declaration_falls_back_to_detection():
    out = decode_bytes(TEXT.encode("utf-8"), declared="ascii")
    assert out.text == TEXT


def test_damaged_utf8_is_replaced_and_reported():
    data = TEXT.encode("utf-8") + b" \xff\xfe " + "more café".encode()
    out = decode_bytes(data, name="old.txt")
    assert out.text.startswith(TEXT)
    assert out.text.endswith("more café")
    assert "\ufffd" in out.text
    assert any("old.txt" in w and "replaced" in w for w in out.warnings)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"text then \x00 a NUL byte",
        bytes(range(1, 32)) * 20,
    ],
    ids=["png", "nul", "control"],
)
def test_binary_is_refused(data):
    with pytest.raises(BinaryInputError, match="looks binary") as info:
        decode_bytes(data, name="photo.png")
    assert "photo.png" in str(info.value)
    assert isinstance(info.value, InputError)
    assert info.value.status == 400


def test_tabs_and_form_feeds_are_text():
    assert decode_bytes(b"a\tb\fc\r\nd").text == "a\tb\fc\r\nd"


def test_size_limit():
    assert decode_bytes(b"a" * MAX_INPUT_BYTES).text == "a" * MAX_INPUT_BYTES
    with pytest.raises(InputTooLargeError) as info:
        decode_bytes(b"a" * (MAX_INPUT_BYTES + 1), name="huge.txt")
    message = str(info.value)
    assert "huge.txt" in message and f"{MAX_INPUT_BYTES:,}" in message
    assert info.value.status == 413
    assert isinstance(info.value, RedlineError)
