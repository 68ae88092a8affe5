"""The single admin user: scrypt password hashes, signed session cookies, CSRF tokens.

Nothing here touches the database: ``web_settings`` keeps the hash and the
signing key, :mod:`redline.web.sessions` the server-side record of each session
(a signed cookie alone is not enough: signing out deletes the record).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass

__all__ = [
    "SESSION_COOKIE",
    "Session",
    "hash_password",
    "new_secret",
    "new_session",
    "sign_session",
    "unsign_session",
    "verify_password",
]

SESSION_COOKIE = "redline_session"
SESSION_SECONDS = 12 * 3600
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024

# scrypt cost: 2**14 * 8 * 128 bytes = 16 MiB of memory, ~50 ms on one core.
_N, _R, _P, _DKLEN = 2**14, 8, 1, 32


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_secret() -> str:
    """A fresh random key for signing session cookies."""
    return secrets.token_urlsafe(32)


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$hash`` for *password* (salted, memory-hard)."""
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise ValueError(
            f"password must be {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters long"
        )
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=_DKLEN, maxmem=64 * 2**20
    )
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """True when *password* matches the *stored* hash; never raises on a bad hash."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt" or len(password) > MAX_PASSWORD_LENGTH:
            return False
        expected = _unb64(digest)
        got = hashlib.scrypt(
            password.encode("utf-8"),
            salt=_unb64(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=64 * 2**20,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


@dataclass(frozen=True, slots=True)
class Session:
    user: str
    csrf: str
    expires: int
    sid: str = ""  # random id of the server-side record (see redline.web.sessions)

    @property
    def valid(self) -> bool:
        return self.expires > time.time()


def sign_session(session: Session, key: str) -> str:
    payload = _b64(
        json.dumps(
            {"u": session.user, "c": session.csrf, "e": session.expires, "s": session.sid}
        ).encode("utf-8")
    )
    sig = hmac.new(key.encode("utf-8"), payload.encode("ascii"), hashlib.sha256).digest()
    return f"{payload}.{_b64(sig)}"


def unsign_session(value: str | None, key: str) -> Session | None:
    """The session in a cookie value, or None when missing, forged or expired."""
    if not value or len(value) > 4096 or "." not in value:
        return None
    payload, _, sig = value.partition(".")
    expected = hmac.new(key.encode("utf-8"), payload.encode("ascii", "replace"), hashlib.sha256)
    try:
        if not hmac.compare_digest(_unb64(sig), expected.digest()):
            return None
        data = json.loads(_unb64(payload))
        session = Session(str(data["u"]), str(data["c"]), int(data["e"]), str(data.get("s", "")))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return session if session.valid else None


def new_session(user: str) -> Session:
    return Session(
        user,
        secrets.token_urlsafe(24),
        int(time.time()) + SESSION_SECONDS,
        secrets.token_urlsafe(24),
    )
