"""The sign-in rate limit: per client address and per account name, with back-off.

Every attempt counts as a failure *before* the password is checked (so parallel
guesses are counted too) and a successful sign-in clears both counters. After
``free`` failures a key is blocked for ``base_delay`` seconds, doubling with each
further failure up to ``max_delay``; while blocked, attempts are refused (HTTP
429) without checking the password, so even the right one waits. Failures are
forgotten ``window`` seconds after the last one. Counters live in the store
(``web_login_failures``, keys hashed), so every server process shares them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.engine import Connection

from redline.store.transaction import attempts, write
from redline.times import utc as _aware
from redline.web.tables import login_failures

__all__ = ["LoginLimit", "admit", "keys_for", "succeeded"]


@dataclass(frozen=True, slots=True)
class LoginLimit:
    free: int = 5  # failures before any delay
    base_delay: float = 30.0  # seconds blocked after the free failures
    max_delay: float = 900.0
    window: float = 3600.0  # failures are forgotten this long after the last one

    def delay(self, failures: int) -> float:
        """Seconds a key is blocked after its *failures*-th failure (0: not blocked)."""
        if failures < self.free:
            return 0.0
        return float(min(self.max_delay, self.base_delay * 2 ** min(failures - self.free, 30)))


def keys_for(client: str, account: str) -> tuple[str, str]:
    """The hashed counter keys of one attempt: its client address and its account name."""
    return tuple(  # type: ignore[return-value]
        hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()
        for kind, value in (("client", client), ("account", account.strip().casefold()))
    )


def admit(
    engine: Engine, keys: tuple[str, ...], limit: LoginLimit, now: datetime | None = None
) -> float:
    """0.0 when an attempt may check its password (it now counts as a failure until
    :func:`succeeded`), else the seconds left before any key allows another."""
    at = now or datetime.now(UTC)

    def work(conn: Connection) -> float:
        conn.execute(
            delete(login_failures).where(
                login_failures.c.last_at < at - timedelta(seconds=limit.window)
            )
        )
        rows = {
            r.key: r
            for r in conn.execute(
                select(login_failures).where(login_failures.c.key.in_(keys)).with_for_update()
            )
        }
        wait = max(
            (
                (_aware(r.blocked_until) - at).total_seconds()
                for r in rows.values()
                if r.blocked_until is not None
            ),
            default=0.0,
        )
        if wait > 0:
            return wait
        for key in keys:
            failures = (rows[key].failures if key in rows else 0) + 1
            delay = limit.delay(failures)
            values = {
                "failures": failures,
                "last_at": at,
                "blocked_until": at + timedelta(seconds=delay) if delay else None,
            }
            if key in rows:
                conn.execute(
                    update(login_failures).where(login_failures.c.key == key).values(**values)
                )
            else:
                conn.execute(insert(login_failures).values(key=key, **values))
        return 0.0

    return write(engine, work)


def succeeded(engine: Engine, keys: tuple[str, ...]) -> None:
    """A correct password: forget the failures of these keys."""
    for attempt in attempts(engine):
        with attempt as conn:
            conn.execute(delete(login_failures).where(login_failures.c.key.in_(keys)))
