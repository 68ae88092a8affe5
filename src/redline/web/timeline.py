"""Geometry of the version timeline chart (drawn as inline SVG by a template).

Each version is a mark on a time axis; the height of its bar is the size of the
change from the version before (sentences changed). When the times cannot place
the versions apart (a time unknown, two versions within a minute, or times out of
version order, as with files ingested without dates) the versions stand evenly
spaced in order instead, labelled by number. Pure arithmetic: the view passes the
times and sizes in.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from datetime import datetime

__all__ = ["Bar", "Chart", "TimelinePoint", "layout"]

WIDTH, HEIGHT = 720, 160
LEFT, RIGHT, TOP, BOTTOM = 36, 12, 12, 28


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    number: int
    seen: datetime | None
    size: int  # sentences changed since the previous version (0 for the first)
    label: str  # one-line summary, shown as the bar's title


@dataclass(frozen=True, slots=True)
class Bar:
    number: int
    x: float
    y: float
    height: float
    label: str
    when: str
    size: int


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    baseline: float
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...]  # x, text
    max_size: int


def _minute(t: datetime) -> str:
    """``2023-08-23 18:00``."""
    return f"{t.year}-{t.month:02d}-{t.day:02d} {t.hour:02d}:{t.minute:02d}"


def layout(points: list[TimelinePoint]) -> Chart:
    """Place *points* on a time axis; bars never overlap the axes."""
    base = HEIGHT - BOTTOM
    if not points:
        return Chart(WIDTH, HEIGHT, base, (), (), 0)
    inner = WIDTH - LEFT - RIGHT
    max_size = max(1, *(p.size for p in points))
    scale = (base - TOP) / math.sqrt(max_size)
    known = [p.seen for p in points if p.seen is not None]
    stamps = [t.timestamp() for t in known]
    by_time = (
        len(known) == len(points)
        and all(a < b for a, b in itertools.pairwise(stamps))
        and (len(stamps) < 2 or stamps[-1] - stamps[0] >= 60)
    )
    # else evenly spaced, in version order
    times = stamps if by_time else [float(k) for k in range(len(points))]
    t0, t1 = min(times), max(times)
    span = t1 - t0 or 1.0
    bars = []
    for p, t in zip(points, times, strict=True):
        x = LEFT + (inner * (t - t0) / span if t1 > t0 else inner / 2)
        h = max(3.0, scale * math.sqrt(p.size)) if p.size else 3.0
        bars.append(
            Bar(
                p.number,
                round(x, 1),
                round(base - h, 1),
                round(h, 1),
                p.label,
                _minute(p.seen) if p.seen else "time unknown",
                p.size,
            )
        )
    ticks: list[tuple[float, str]] = []
    if not by_time:
        step = max(1, math.ceil(len(points) / 8))
        ticks = [(b.x, f"v{b.number}") for b in bars[::step]]
        return Chart(WIDTH, HEIGHT, base, tuple(bars), tuple(ticks), max_size)
    fmt = "%H:%M" if span < 86400 else "%d %b" if span < 86400 * 300 else "%b %Y"
    zone = known[0].tzinfo
    for k in range(5 if t1 > t0 else 1):
        t = t0 + span * k / 4 if t1 > t0 else t0
        x = LEFT + (inner * (t - t0) / span if t1 > t0 else inner / 2)
        ticks.append((round(x, 1), datetime.fromtimestamp(t, zone).strftime(fmt)))
    return Chart(WIDTH, HEIGHT, base, tuple(bars), tuple(ticks), max_size)
