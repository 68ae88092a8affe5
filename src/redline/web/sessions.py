"""Server-side sessions: a signed cookie counts only while its row in ``web_sessions`` lives.

The cookie carries a random session id; the table keeps only its SHA-256, so a
copy of the database does not hold usable cookies. Signing out deletes the row
(a copied cookie stops working at once, in every server process); a new admin
password deletes them all.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, insert, select

from redline.store.transaction import attempts
from redline.times import utcnow as _now
from redline.web import auth
from redline.web.tables import sessions

__all__ = ["is_live", "record", "revoke", "revoke_all"]


def _key(sid: str) -> str:
    return hashlib.sha256(sid.encode("utf-8")).hexdigest()


def record(engine: Engine, session: auth.Session) -> None:
    """Keep *session* (and drop expired ones)."""
    now = _now()
    for attempt in attempts(engine):
        with attempt as conn:
            conn.execute(delete(sessions).where(sessions.c.expires_at < now))
            conn.execute(
                insert(sessions).values(
                    id=_key(session.sid),
                    user=session.user,
                    created_at=now,
                    expires_at=datetime.fromtimestamp(session.expires, UTC),
                )
            )


def is_live(engine: Engine, session: auth.Session) -> bool:
    """True while the server still knows *session* (not signed out, not expired)."""
    if not session.sid:
        return False
    with engine.connect() as conn:
        row = conn.execute(
            select(sessions.c.user, sessions.c.expires_at).where(sessions.c.id == _key(session.sid))
        ).first()
    if row is None or row.user != session.user:
        return False
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=UTC)
    return bool(expires > _now())


def revoke(engine: Engine, session: auth.Session) -> None:
    for attempt in attempts(engine):
        with attempt as conn:
            conn.execute(delete(sessions).where(sessions.c.id == _key(session.sid)))


def revoke_all(engine: Engine) -> None:
    for attempt in attempts(engine):
        with attempt as conn:
            conn.execute(delete(sessions))
