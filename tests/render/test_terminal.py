"""The terminal view: control characters shown, never obeyed; the streamed view
of huge comparisons shows the same items as the rich one."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

import redline
from redline.render import terminal
from redline.render.terminal import render_terminal, safe_text

SGR = re.compile(r"\x1b\[[0-9;]*m")


def _render(
    c: redline.Comparison,
    *,
    colour: bool,
    width: int = 10_000,
    terminal: bool | None = None,
    **kw: object,
) -> str:
    buf = io.StringIO()
    console = Console(
        file=buf,
        force_terminal=colour if terminal is None else terminal,
        no_color=not colour,
        highlight=False,
        soft_wrap=False,
        width=width,
        color_system="standard" if colour else None,
    )
    render_terminal(c, console, **kw)  # type: ignore[arg-type]
    return buf.getvalue()


def test_safe_text_escapes_controls_and_keeps_tabs() -> None:
    assert safe_text("a\x1b]0;pwned\x07b") == "a\\x1b]0;pwned\\x07b"
    assert safe_text("x\x9by\x7fz\tw") == "x\\x9by\\x7fz\tw"
    assert safe_text("one\ntwo", lines=True) == "one\ntwo"
    assert safe_text("one\ntwo") == "one\\x0atwo"
    assert safe_text("Déjà vu — “quoted”") == "Déjà vu — “quoted”"


def test_escape_sequences_in_the_text_reach_the_terminal_as_text() -> None:
    c = redline.compare("Hello there world.", "Hello there \x1b]0;pwned\x07 world.")
    for colour in (False, True):
        out = _render(c, colour=colour, title="t\x1b[2J", summary="s\x1b[31m")
        # every escape left is one of the view's own colour codes
        assert "\x1b" not in SGR.sub("", out)
        assert "\x07" not in out
        assert "\\x1b]0;pwned\\x07" in SGR.sub("", out)
        assert "t\\x1b[2J" in SGR.sub("", out)


def test_streamed_view_matches_the_rich_view(
    seed_texts: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = seed_texts
    c = redline.compare(old, new)
    summary = "headline changed\nsecond line"
    rich_plain = _render(c, colour=False, title="seed", summary=summary)
    assert "[added]" in rich_plain and "unchanged sentence" in rich_plain

    monkeypatch.setattr(terminal, "STREAM_ITEMS", 0)  # every view is "huge"
    streamed_plain = _render(c, colour=False, title="seed", summary=summary)
    streamed_colour = _render(c, colour=True, title="seed", summary=summary)
    monkeypatch.undo()
    # wide enough for rich not to wrap: the same text, line by line
    assert streamed_plain.splitlines() == [x.rstrip() for x in rich_plain.splitlines()]
    # in colour: styled, and the same words without the [-old-]{+new+} markers
    assert SGR.search(streamed_colour)
    rich_colour = _render(c, colour=True, title="seed", summary=summary)
    assert [x.rstrip() for x in SGR.sub("", streamed_colour).splitlines()] == [
        x.rstrip() for x in SGR.sub("", rich_colour).splitlines()
    ]


def test_huge_view_is_streamed_without_wrapping() -> None:
    sentences = [
        f"Sentence number {k} of a very long document, long enough to wrap at eighty columns."
        for k in range(terminal.STREAM_ITEMS + 10)
    ]
    c = redline.compare("\n".join(sentences), "Only this is left.")
    lines = _render(c, colour=False, width=80).splitlines()
    assert lines[0] == f"1 sentence added, {len(sentences)} deleted"
    assert lines[2] == " - [deleted] " + sentences[0]
    assert len(lines[2]) > 80  # no wrapping in the streamed view
    assert lines[-2] == " - [deleted] " + sentences[-1]
    assert lines[-1] == " + [added] Only this is left."
    assert len(lines) == len(sentences) + 3


def test_one_change_in_a_huge_document_keeps_the_rich_view() -> None:
    sentences = [
        f"Sentence number {k} of a very long document, long enough to wrap at eighty columns."
        for k in range(terminal.STREAM_ITEMS + 10)
    ]
    edited = [*sentences[:-1], sentences[-1].replace("very", "rather")]
    c = redline.compare("\n".join(sentences), "\n".join(edited))
    out = _render(c, colour=False, width=80, terminal=True)
    lines = out.splitlines()
    assert lines[2] == f"   … {len(sentences) - 2} unchanged sentences"
    assert all(len(line) <= 80 for line in lines)  # wrapped by rich, as for any article
    assert "[-very-]{+rather+}" in out


def test_on_a_terminal_items_wrap_under_their_text_and_elsewhere_stay_one_line() -> None:
    old = "A first sentence.\nThe council said the bridge would reopen in May after repairs."
    new = (
        "A first sentence.\nThe council said the bridge would reopen in June after repairs to "
        "its deck, which engineers found more corroded than the survey of last winter suggested."
    )
    c = redline.compare(old, new)
    lines = _render(c, colour=False, width=40, terminal=True).splitlines()
    item = [line for line in lines if line.startswith(" ~ [edited] ")]
    assert len(item) == 1
    rest = lines[lines.index(item[0]) + 1 :]
    assert len(rest) >= 3 and all(line.startswith("   ") and line[3] != " " for line in rest)
    assert all(len(line) <= 40 and line == line.rstrip() for line in lines[1:])
    # to a file or a pipe: one line per item, whatever the width
    piped = _render(c, colour=False, width=40, terminal=False).splitlines()
    edited = [line for line in piped if line.startswith(" ~ [edited] ")]
    assert len(edited) == 1 and len(edited[0]) > 100 and "{+June+}" in edited[0]
    # and the wrapped lines hold that same text, word for word
    wrapped = " ".join([item[0], *rest]).split()
    assert wrapped == edited[0].split()


def test_a_deletion_at_the_end_of_a_sentence_keeps_its_space() -> None:
    c = redline.compare("The bakery in Carlow burned.", "The bakery burned.")
    out = _render(c, colour=False, terminal=False)
    assert "The bakery [-in Carlow -]burned." in out
    c = redline.compare("Fire destroys the bakery in Carlow", "Fire destroys the bakery")
    assert "the bakery[- in Carlow-]" in _render(c, colour=False, terminal=False)
