"""Notification channels: where changes are posted, and which changes.

A channel is an Apprise URL with rules: the sources it follows (none: all), the
change classes it wants (``--only``, the names of ``redline history --only``),
the least significance, and the most posts per hour. The URL is a secret (it
holds tokens and passwords): :meth:`Channel.masked` is what is ever shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update

from redline.changes import LEVELS, level_threshold
from redline.errors import InputError, NotFoundError
from redline.explain.filters import parse_only
from redline.notify.tables import channels, deliveries
from redline.store.transaction import attempts, new_id
from redline.track.guard import parse_origin

__all__ = [
    "Channel",
    "add_channel",
    "get_channel",
    "list_channels",
    "parse_significance",
    "remove_channel",
]


def parse_significance(value: str | float | None) -> float | None:
    """A least significance: a number from 0 to 1, or a level (minor, moderate, major)."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().lower() in LEVELS:
        return level_threshold(value.strip().lower())
    try:
        number = float(value)
    except ValueError:
        raise InputError(
            f"a significance is a number from 0 to 1 or one of {', '.join(LEVELS)}, not {value!r}"
        ) from None
    if not 0.0 <= number <= 1.0:
        raise InputError(f"a significance is between 0 and 1, not {number}")
    return number


@dataclass(frozen=True)
class Channel:
    id: int
    name: str
    url: str
    sources: tuple[str, ...]
    classes: tuple[str, ...]
    min_significance: float | None
    max_per_hour: int | None
    allow_origins: tuple[str, ...]
    active: bool
    created_at: datetime | None = None

    def masked(self) -> str:
        """The URL with its secrets hidden (Apprise's privacy form)."""
        from redline.notify.services import load

        try:
            return load(self.url).masked
        except InputError:
            scheme = self.url.split("://", 1)[0] if "://" in self.url else "?"
            return f"{scheme}://****"

    def allowed(self) -> frozenset[str]:
        return frozenset(self.allow_origins)

    def skip_reason(self, change: dict[str, Any], source: str | None) -> str | None:
        """Why this channel does not post *change* (a rule), or ``None`` to post it."""
        significance = float(change.get("significance") or 0.0)
        classes = set(change.get("classes") or ())
        if significance <= 0.0 or not classes - {"typography"}:
            return "rule: typography only"
        if self.sources and source not in self.sources:
            return f"rule: source {source or '(none)'} not followed"
        if self.classes and not classes & set(self.classes):
            return "rule: none of the classes " + ",".join(self.classes)
        if self.min_significance is not None and significance < self.min_significance:
            return f"rule: significance {significance:.2f} < {self.min_significance:.2f}"
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "url": self.masked(),
            "sources": list(self.sources),
            "only": list(self.classes),
            "min_significance": self.min_significance,
            "max_per_hour": self.max_per_hour,
            "allow_origins": list(self.allow_origins),
            "active": self.active,
        }


def _row(r: Any) -> Channel:
    return Channel(
        id=r.id,
        name=r.name,
        url=r.url,
        sources=tuple(r.sources.split()),
        classes=tuple(r.classes.split()),
        min_significance=r.min_significance,
        max_per_hour=r.max_per_hour,
        allow_origins=tuple(r.allow_origins.split()),
        active=bool(r.active),
        created_at=r.created_at,
    )


def add_channel(
    engine: Engine,
    url: str,
    *,
    name: str = "",
    sources: Iterable[str] = (),
    only: str | None = None,
    min_significance: str | float | None = None,
    max_per_hour: int | None = None,
    allow_origins: Iterable[str] = (),
    now: datetime | None = None,
) -> Channel:
    """Check *url* with Apprise and add a channel; errors never repeat the URL."""
    from redline.notify.services import load

    service = load(url)
    given = bool(name.strip())
    name = name.strip() or service.service.lower().replace(" ", "-")
    if len(name) > 100 or any(c.isspace() for c in name):
        raise InputError("a channel name is at most 100 characters, without spaces")
    classes = sorted(parse_only(only) or ())
    floor = parse_significance(min_significance)
    if max_per_hour is not None and not 1 <= max_per_hour <= 10_000:
        raise InputError("--max-per-hour is between 1 and 10000")
    origins = sorted({parse_origin(o) for o in allow_origins})
    names = sorted({s.strip() for s in sources if s.strip()})
    if any(" " in s for s in names):
        raise InputError("a source name has no spaces (see: redline source list)")
    for attempt in attempts(engine):
        with attempt as conn:
            taken = set(conn.execute(select(channels.c.name)).scalars())
            if name in taken and given:
                raise InputError(f"a channel named {name!r} exists already")
            base, k = name, 2
            while name in taken:  # a default name: mastodon, mastodon-2, …
                name, k = f"{base}-{k}", k + 1
            cid = new_id(
                conn.execute(
                    insert(channels).values(
                        name=name,
                        url=service.url,
                        sources=" ".join(names),
                        classes=" ".join(classes),
                        min_significance=floor,
                        max_per_hour=max_per_hour,
                        allow_origins=" ".join(origins),
                        active=True,
                        created_at=now or datetime.now(UTC),
                    )
                )
            )
    return get_channel(engine, cid)


def list_channels(engine: Engine, *, active_only: bool = False) -> list[Channel]:
    q = select(channels).order_by(channels.c.id)
    if active_only:
        q = q.where(channels.c.active.is_(True))
    with engine.connect() as conn:
        return [_row(r) for r in conn.execute(q)]


def get_channel(engine: Engine, ref: str | int) -> Channel:
    for ch in list_channels(engine):
        if ch.name == ref or str(ch.id) == str(ref):
            return ch
    raise NotFoundError(f"no channel {ref!r} (see: redline notify list)")


def remove_channel(engine: Engine, ref: str | int) -> tuple[Channel, int]:
    """Remove a channel; its waiting deliveries fail ("channel removed"). Returns how many."""
    ch = get_channel(engine, ref)
    for attempt in attempts(engine):
        with attempt as conn:
            conn.execute(delete(channels).where(channels.c.id == ch.id))
            dropped = conn.execute(
                update(deliveries)
                .where(deliveries.c.channel_id == ch.id, deliveries.c.state == "pending")
                .values(state="failed", last_result="channel removed")
            ).rowcount
    return ch, int(dropped or 0)
