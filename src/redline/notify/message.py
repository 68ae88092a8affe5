"""What a post says: the story's headline, the one-line summary of the change, a
link to the diff and, when there is one, to the archived copy of the version.

:func:`compose` is pure: it fits the text to the service's limit by shortening
the summary, then the headline, at a word (links are never cut). :func:`card`
draws the share card of the change (:func:`redline.render.cards.render_card`) and
describes it in words for the alt text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from redline.comparison import Comparison

__all__ = ["Message", "alt_text", "compose", "diff_link", "shorten"]

ELLIPSIS = "…"
#: alt text longer than this is cut (Mastodon takes 1500 characters, Bluesky 2000)
ALT_LIMIT = 1000


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    image: bytes | None = None
    alt: str = ""


def shorten(text: str, limit: int) -> str:
    """*text* in at most *limit* characters, cut at a word with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    if limit <= 1:
        return ELLIPSIS[:limit]
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-") + ELLIPSIS


def diff_link(change: dict[str, Any], base_url: str = "") -> str:
    """The absolute link to the change's diff, or the article itself without a base URL."""
    link = str(change.get("diff") or "")
    if link.startswith(("http://", "https://")):
        return link
    if base_url and link:
        return base_url.rstrip("/") + "/" + link.lstrip("/")
    return str((change.get("story") or {}).get("url") or link)


def compose(
    change: dict[str, Any],
    *,
    body_limit: int,
    title_limit: int,
    base_url: str = "",
    archived: str | None = None,
) -> tuple[str, str]:
    """(title, body) of the post for *change* (a change-index payload), within the limits.

    Services without a title (Mastodon, Bluesky: ``title_limit`` 0) get the
    headline as the first line of the body.
    """
    story = change.get("story") or {}
    headline = " ".join(str(story.get("title") or story.get("url") or "Untitled story").split())
    summary = " ".join(str(change.get("summary") or "changed").split())
    versions = f"v{change.get('previous')} → v{change.get('version')}: "
    fixed = [diff_link(change, base_url)]
    if archived:
        fixed.append(f"Archived: {archived}")
    title = ""
    if title_limit > 0:
        title = shorten(headline, title_limit)
    lines = ([] if title else [headline]) + [versions + summary]
    while True:
        room = body_limit - len("\n".join(fixed)) - len(lines)  # one newline per text line
        if room >= 20 * len(lines) or len(fixed) == 1:
            break
        fixed.pop()  # the archive link goes before the text does
    if title:
        lines = [shorten(lines[0], max(room, 1))]
    else:
        head_room = min(len(headline), max(room // 2, room - len(lines[1])))
        head = shorten(headline, max(head_room, 1))
        lines = [head, shorten(lines[1], max(room - len(head), 1))]
    body = "\n".join([*lines, *fixed])
    if len(body) > body_limit:  # a limit smaller than the link itself
        body = shorten(body, body_limit)
    return title, body


def alt_text(c: Comparison, *, headline: str, summary: str, old: int, new: int) -> str:
    """The share card in words: what changed, before and after."""
    from redline.render.cards import pick_change

    parts = [f"Card of a change to “{headline}”, version {old} to {new}: {summary}."]
    link = pick_change(c)
    if link is not None:
        before = " ".join(c.old.sentences[i].text for i in link.old)
        after = " ".join(c.new.sentences[i].text for i in link.new)
        parts.append(f"Before: “{shorten(before, 400)}”" if before else "Before: nothing.")
        parts.append(f"After: “{shorten(after, 400)}”" if after else "After: removed.")
    text = " ".join(parts)
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return shorten(text, ALT_LIMIT)
