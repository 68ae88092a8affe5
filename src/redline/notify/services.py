"""Apprise: one library for Mastodon, Bluesky, Slack, Discord, Matrix, Telegram,
ntfy, e-mail and a hundred more services, behind Redline's address guard.

:func:`load` checks an Apprise URL and says what the service takes (text limit,
titles, images, replies); :func:`deliver` sends one message through it. Every
request is checked by :mod:`redline.notify.outbound` (services that open sockets
of their own, which the guard cannot see, are refused). Secrets in the URL are
never shown: :attr:`Service.masked` is Apprise's privacy form of the URL, and
anything Apprise logs while sending passes :func:`redact`.

Replies: Apprise's Mastodon and Bluesky plugins post but cannot answer a post.
Subclasses add the reply to what they post (Mastodon's ``in_reply_to_id``;
Bluesky's ``reply`` with the thread's root and parent records) and keep the id of
the post they made, so consecutive changes of a story form a thread. Other
services get each change as a post of its own.
"""

from __future__ import annotations

import json
import logging
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from redline.errors import InputError
from redline.notify.outbound import guarded

__all__ = ["Outcome", "Service", "deliver", "load", "redact"]

#: plugins that talk over their own sockets (not requests / smtplib), which the
#: address guard does not see, and desktop-only ones
UNSUPPORTED = frozenset(
    {
        "amqp",
        "blink1",
        "dbus",
        "deltachat",
        "glib",
        "gnome",
        "growl",
        "irc",
        "macosx",
        "mqtt",
        "nostr",
        "rsyslog",
        "smpp",
        "syslog",
        "windows",
        "xmpp",
    }
)
_SPLIT = re.compile(r"[/:@?&=#,;+\s]+")
LOGGER_NAME = "apprise"


def _apprise() -> Any:
    try:
        import apprise
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise InputError(
            "posting to channels needs Apprise: pip install 'redline[notify]'"
        ) from exc
    return apprise


@cache
def _asset() -> Any:
    apprise = _apprise()
    return apprise.AppriseAsset(
        app_id="Redline",
        app_desc="Redline: how news stories change",
        storage_mode="memory",
        secure_logging=True,
    )


@cache
def _threaded_mastodon() -> type:
    from apprise.plugins.mastodon import NotifyMastodon

    class ThreadedMastodon(NotifyMastodon):
        """Apprise's Mastodon plugin, answering ``reply_to`` and keeping the new post's id."""

        reply_to: str | None = None

        def _request(self, path: str, payload: Any = None, method: str = "POST") -> Any:
            status = method == "POST" and path == self.mastodon_toot and isinstance(payload, dict)
            posted: list[str] = self.__dict__.setdefault("posted", [])
            if status:
                parent = posted[-1] if posted else self.reply_to
                if parent:
                    payload = {**payload, "in_reply_to_id": parent}
            ok, response = super()._request(path, payload=payload, method=method)
            if ok and status and isinstance(response, dict) and response.get("id"):
                posted.append(str(response["id"]))
            return ok, response

    return ThreadedMastodon


@cache
def _threaded_bluesky() -> type:
    from apprise.plugins.bluesky import NotifyBlueSky

    class ThreadedBlueSky(NotifyBlueSky):
        """Apprise's Bluesky plugin, answering ``reply_to`` and keeping the new post's id.

        A Bluesky reply names two records, each by URI and content id: the thread's
        root (the story's first post) and the parent (the post answered). A post's
        id for Redline (:func:`bluesky_thread_id`) holds both its root and itself.
        """

        reply_to: str | None = None

        def _fetch(self, url: str, payload: Any = None, *args: Any, **kwargs: Any) -> Any:
            post = isinstance(payload, str) and url.endswith(self.xrpc_suffix_record)
            posted: list[str] = self.__dict__.setdefault("posted", [])
            root = None
            if post:
                data = json.loads(payload)
                if data.get("collection") == "app.bsky.feed.post":
                    record = data["record"]
                    thread = _bluesky_thread(posted[-1] if posted else self.reply_to)
                    if thread is not None:
                        root, parent = thread
                        record["reply"] = {"root": root, "parent": parent}
                    links = link_facets(record.get("text", ""))
                    if links:
                        record["facets"] = links
                    payload = json.dumps(data)
            ok, response = super()._fetch(url, payload, *args, **kwargs)
            if ok and post and isinstance(response, dict):
                uri, cid = response.get("uri"), response.get("cid")
                if all(isinstance(v, str) and v and " " not in v for v in (uri, cid)):
                    made = {"uri": str(uri), "cid": str(cid)}
                    posted.append(bluesky_thread_id(root or made, made))
            return ok, response

    return ThreadedBlueSky


_LINK = re.compile(r"https?://[^\s<>\"“”]+[^\s<>\"“”.,;:!?)\]']")


def link_facets(text: str) -> list[dict[str, Any]]:
    """Bluesky's rich-text facets making the web addresses in *text* links: a
    post's text is plain, and a link is a facet naming its UTF-8 byte range.

    >>> link_facets("Storm: v1 → v2 https://r.example/d/1/2")[0]["index"]
    {'byteStart': 17, 'byteEnd': 40}
    """
    out = []
    for m in _LINK.finditer(text):
        start = len(text[: m.start()].encode("utf-8"))
        end = start + len(m.group().encode("utf-8"))
        feature = {"$type": "app.bsky.richtext.facet#link", "uri": m.group()}
        out.append({"index": {"byteStart": start, "byteEnd": end}, "features": [feature]})
    return out


def bluesky_thread_id(root: dict[str, str], post: dict[str, str]) -> str:
    """The id Redline keeps of a Bluesky post: its thread's root record and its own
    (URI and content id of each, space-separated; neither holds a space)."""
    return " ".join((root["uri"], root["cid"], post["uri"], post["cid"]))


def _bluesky_thread(remote_id: str | None) -> tuple[dict[str, str], dict[str, str]] | None:
    """The root and parent records of a reply to the post *remote_id*, or None
    (no post to answer, or an id this version did not write)."""
    parts = (remote_id or "").split(" ")
    if len(parts) != 4 or not all(parts):
        return None
    return {"uri": parts[0], "cid": parts[1]}, {"uri": parts[2], "cid": parts[3]}


def _threaded() -> tuple[type, ...]:
    return (_threaded_mastodon(), _threaded_bluesky())


def _secrets(url: str, masked: str) -> tuple[str, ...]:
    """Pieces of *url* that its masked form hides (tokens, passwords, keys)."""
    pieces = {p for p in _SPLIT.split(url) if len(p) >= 3 and p not in masked}
    return tuple(sorted(pieces, key=len, reverse=True))


def redact(text: str, secrets: tuple[str, ...]) -> str:
    for s in secrets:
        text = text.replace(s, "***")
    return text


@dataclass(frozen=True)
class Service:
    """A checked Apprise URL and what its service takes."""

    url: str
    service: str
    masked: str
    body_limit: int
    title_limit: int
    images: bool
    replies: bool
    secrets: tuple[str, ...]

    def instantiate(self) -> Any:
        return _instantiate(self.url)[0]


def _instantiate(url: str) -> tuple[Any, str]:
    apprise = _apprise()
    from apprise.manager_plugins import NotificationManager
    from apprise.plugins.bluesky import NotifyBlueSky
    from apprise.plugins.mastodon import NotifyMastodon

    results = apprise.plugins.url_to_dict(url, secure_logging=True)
    if results is None:
        raise InputError("not an Apprise URL this version of Apprise knows (see its wiki)")
    cls = NotificationManager()[results["schema"]]
    module = cls.__module__.removeprefix("apprise.plugins.").split(".")[0]
    if module in UNSUPPORTED:
        raise InputError(
            f"{cls.service_name} is not supported: it connects outside the HTTP and "
            "SMTP clients that Redline's address guard checks"
        )
    if issubclass(cls, NotifyMastodon):
        cls = _threaded_mastodon()
    elif issubclass(cls, NotifyBlueSky):
        cls = _threaded_bluesky()
    results["asset"] = _asset()
    try:
        plugin = cls(**results)
    except Exception as exc:  # Apprise reports bad arguments by raising anything
        name = getattr(cls, "service_name", results["schema"])
        raise InputError(f"not a usable {name} URL ({type(exc).__name__})") from None
    return plugin, module


def load(url: str) -> Service:
    """Check an Apprise URL; raises :class:`InputError` (without the URL) if unusable."""
    url = url.strip()
    if not url or len(url) > 4000:
        raise InputError("an Apprise URL is needed (at most 4000 characters)")
    plugin, _ = _instantiate(url)
    masked = str(plugin.url(privacy=True))
    return Service(
        url=url,
        service=str(plugin.service_name),
        masked=masked,
        body_limit=int(plugin.body_maxlen),
        title_limit=int(plugin.title_maxlen),
        images=bool(plugin.attachment_support),
        replies=isinstance(plugin, _threaded()),
        secrets=_secrets(url, masked),
    )


@dataclass(frozen=True)
class Outcome:
    """How one delivery went. ``detail`` never holds a secret of the URL."""

    ok: bool
    retryable: bool
    detail: str
    remote_id: str | None = None


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


class _Redactor(logging.Filter):
    def __init__(self, secrets: tuple[str, ...]) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message, self.secrets)
        if clean != message:
            record.msg, record.args = clean, ()
        return True


@contextmanager
def _watched_log(secrets: tuple[str, ...]) -> Iterator[_Capture]:
    log = logging.getLogger(LOGGER_NAME)
    capture, redactor = _Capture(), _Redactor(secrets)
    log.addFilter(redactor)
    log.addHandler(capture)
    try:
        yield capture
    finally:
        log.removeHandler(capture)
        log.removeFilter(redactor)


def deliver(
    service: Service,
    *,
    title: str,
    body: str,
    image: bytes | None = None,
    alt: str = "",
    allow: frozenset[str] = frozenset(),
    reply_to: str | None = None,
) -> Outcome:
    """Send one message; never raises for a failure of the service or the network."""
    apprise = _apprise()
    from apprise.attachment.file import AttachFile

    try:
        plugin = service.instantiate()
    except InputError as exc:
        return Outcome(False, False, str(exc))
    if service.replies:
        plugin.reply_to = reply_to
    with tempfile.TemporaryDirectory(prefix="redline-card-") as tmp:
        attach = None
        if image is not None and service.images:
            path = Path(tmp) / "card.png"
            path.write_bytes(image)
            attach = apprise.AppriseAttachment(asset=_asset())
            attach.add(AttachFile(str(path), name=alt or "card.png", mimetype="image/png"))
        with _watched_log(service.secrets) as log, guarded(allow) as scope:
            try:
                ok = bool(plugin.notify(body=body, title=title, attach=attach, body_format="text"))
            except Exception as exc:  # a plugin bug must not stop the sender
                ok = False
                log.lines.append(f"{type(exc).__name__}: {exc}")
    posted = plugin.__dict__.get("posted") or []
    detail = "; ".join(dict.fromkeys(redact(x, service.secrets) for x in log.lines))[:500]
    if ok:
        return Outcome(True, False, "sent", posted[0] if posted else None)
    if scope.refused:
        return Outcome(False, False, redact(scope.refused[0], service.secrets)[:500])
    failed = [s for s in scope.statuses if not 200 <= s < 400]
    status = failed[-1] if failed else None
    retryable = status is None or status in (408, 425, 429) or status >= 500
    if status is not None:
        detail = f"HTTP {status}: {detail}" if detail else f"HTTP {status}"
    return Outcome(False, retryable, detail or "the service did not accept the message")
