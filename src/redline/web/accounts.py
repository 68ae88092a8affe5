"""The single admin user of the web UI, kept in ``web_settings``."""

from __future__ import annotations

from sqlalchemy import Engine

from redline.changes.settings import set_setting
from redline.errors import InputError
from redline.web import auth, sessions

__all__ = ["ADMIN_HASH", "ADMIN_USER", "set_admin_password"]

ADMIN_USER = "admin_user"
ADMIN_HASH = "admin_password_hash"


def set_admin_password(engine: Engine, user: str, password: str) -> None:
    """Store the single admin user (replacing any other); used by ``redline admin``."""
    user = user.strip()
    if not user or len(user) > 100:
        raise InputError("the user name must be 1 to 100 characters long")
    try:
        hashed = auth.hash_password(password)
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    set_setting(engine, ADMIN_USER, user)
    set_setting(engine, ADMIN_HASH, hashed)
    # a new password signs everybody out
    set_setting(engine, "session_key", auth.new_secret())
    sessions.revoke_all(engine)
