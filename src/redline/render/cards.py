"""A PNG "share card" of one change: headline, then before and after with highlights.

Drawn with Pillow on the server. Uses DejaVu Sans when the system has it, else
Pillow's bundled default font, so the card renders anywhere.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from redline.align.model import Link
from redline.comparison import Comparison

__all__ = ["pick_change", "render_card"]

WIDTH, HEIGHT = 1200, 630
MARGIN = 48
INK = (27, 27, 27)
DIM = (100, 100, 100)
BG = (255, 255, 255)
DEL_BG, DEL_INK = (251, 220, 220), (140, 20, 20)
INS_BG, INS_INK = (215, 245, 221), (20, 100, 40)
BRAND = (179, 38, 30)

_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
)

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@cache
def _font(size: int, bold: bool = False) -> Font:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in _FONT_DIRS:
        path = folder / name
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # pragma: no cover - Pillow without FreeType
        return ImageFont.load_default()


def pick_change(c: Comparison) -> Link | None:
    """The change most worth showing: the edit changing most words, else the first change."""
    edited = [link for link in c.links if link.words and link.op != "unchanged"]
    if edited:
        return max(
            edited,
            key=lambda link: sum(len(w.old) + len(w.new) for w in link.words if w.op != "equal"),
        )
    return next((link for link in c.links if link.changed), None)


def _pieces(c: Comparison, link: Link | None, side: str) -> list[tuple[str, bool]]:
    """(text, highlighted) pieces of one side of *link*."""
    if link is None:
        return []
    if link.words:
        out = []
        for w in link.words:
            text = w.old if side == "old" else w.new
            if text:
                out.append((text, w.op != "equal"))
        return out
    doc, idx = (c.old, link.old) if side == "old" else (c.new, link.new)
    text = " ".join(doc.sentences[i].text for i in idx)
    return [(text, link.op in ("added", "deleted"))] if text else []


def _text_width(draw: ImageDraw.ImageDraw, text: str, font: Font) -> float:
    return draw.textlength(text, font=font)


def _draw_rich(
    draw: ImageDraw.ImageDraw,
    pieces: list[tuple[str, bool]],
    box: tuple[int, int, int, int],
    font: Font,
    colours: tuple[tuple[int, int, int], tuple[int, int, int]],
    max_lines: int,
) -> None:
    """Wrap *pieces* word by word into *box*, shading highlighted words."""
    x0, y0, x1, _ = box
    line_h = int(getattr(font, "size", 16) * 1.35)
    x: float = x0
    y, line = y0, 0
    space = _text_width(draw, " ", font)
    words: list[tuple[str, bool, bool]] = []  # text, highlighted, glued to the previous word
    for text, hl in pieces:
        for k, word in enumerate(text.split()):
            glued = k == 0 and bool(words) and not text[:1].isspace()
            words.append((word, hl, glued))
    prev_hl_end: float | None = None
    for word, hl, glued in words:
        w = _text_width(draw, word, font)
        if glued and x > x0:
            x -= space
        if x > x0 and x + w > x1:
            line += 1
            x, y = x0, y + line_h
            prev_hl_end = None
        if line >= max_lines:
            draw.text((x1 - _text_width(draw, "…", font), y - line_h), "…", font=font, fill=DIM)
            return
        if hl:
            left = prev_hl_end if prev_hl_end is not None else x - 2
            draw.rectangle((left, y - 1, x + w + 2, y + line_h - 4), fill=colours[0])
            draw.text((x, y), word, font=font, fill=colours[1])
            prev_hl_end = x + w + 2
        else:
            draw.text((x, y), word, font=font, fill=INK)
            prev_hl_end = None
        x += w + space


def render_card(c: Comparison, *, headline: str, source: str = "", note: str = "") -> bytes:
    """PNG bytes (1200×630) of the most telling change in *c*."""
    img = Image.new("RGB", (WIDTH, HEIGHT), BG)
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, WIDTH, 10), fill=BRAND)
    title_font, small, body = _font(34, bold=True), _font(20), _font(24)
    _draw_rich(
        draw,
        [(headline or "Untitled story", False)],
        (MARGIN, 34, WIDTH - MARGIN, 0),
        title_font,
        (BG, INK),
        2,
    )
    meta = " · ".join(part for part in (source, note or c.summary()) if part)
    if len(meta) > 105:
        meta = meta[:104].rsplit(" ", 1)[0] + " …"
    draw.text((MARGIN, 136), meta, font=small, fill=DIM)
    link = pick_change(c)
    half = (HEIGHT - 190 - 50) // 2
    for k, (side, label, colours) in enumerate(
        (("old", "BEFORE", (DEL_BG, DEL_INK)), ("new", "AFTER", (INS_BG, INS_INK)))
    ):
        top = 180 + k * (half + 10)
        draw.text((MARGIN, top), label, font=_font(18, bold=True), fill=colours[1])
        pieces = _pieces(c, link, side)
        if not pieces:
            draw.text((MARGIN, top + 30), "(nothing)", font=body, fill=DIM)
            continue
        _draw_rich(draw, pieces, (MARGIN, top + 30, WIDTH - MARGIN, 0), body, colours, 5)
    draw.text((MARGIN, HEIGHT - 36), "redline", font=_font(18, bold=True), fill=BRAND)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()
