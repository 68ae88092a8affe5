"""What readers produce: observations to store, and problems to report."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from redline.errors import printable
from redline.store.model import Observation, canonical_url
from redline.text.decode import MAX_INPUT_BYTES

__all__ = ["Item", "Problem", "cannot_open", "check_storable", "check_text", "parse_time"]


@dataclass(frozen=True, slots=True)
class Problem:
    """Bad input: where (file, and line or byte offset) and why. The rest of the batch goes on.

    Printed as ``file:line: reason`` (JSON Lines, text), ``file@offset: reason``
    (the byte offset of a WARC record) or ``file: reason``, with control
    characters escaped (see :func:`redline.errors.printable`).
    """

    path: str
    message: str
    line: int | None = None
    offset: int | None = None

    @property
    def where(self) -> str:
        if self.line is not None:
            return f"{self.path}:{self.line}"
        if self.offset is not None:
            return f"{self.path}@{self.offset}"
        return self.path

    def __str__(self) -> str:
        return f"{printable(self.where)}: {printable(self.message)}"

    def to_dict(self) -> dict[str, object]:
        """``path``, ``line``, ``message``, and ``offset`` for a place in a WARC file."""
        d: dict[str, object] = {
            "path": printable(self.path),
            "line": self.line,
            "message": printable(self.message),
        }
        if self.offset is not None:
            d["offset"] = self.offset
        return d


def cannot_open(exc: OSError) -> str:
    """The reason a file listed for the run could not be opened."""
    reason = exc.strerror or str(exc)
    if isinstance(exc, FileNotFoundError):
        return f"cannot open the file: {reason} (removed during the run?)"
    return f"cannot open the file: {reason}"


@dataclass(frozen=True, slots=True)
class Item:
    """One document read from the input, in input order."""

    observation: Observation
    order: int
    name: str  # file name (for id-less stories and ``--order name``)


def parse_time(value: object) -> datetime | None:
    """ISO 8601 text (``Z`` allowed) or a Unix timestamp, as an aware UTC datetime.

    Raises ValueError, with the value quoted, for anything else, including times
    that exist in no calendar Python knows (before year 1 or after 9999 in UTC).
    """
    if value is None or value == "":
        return None
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return datetime.fromtimestamp(float(value), UTC)
        if not isinstance(value, str):
            raise ValueError(f"not a time: {printable(repr(value), 80)}")
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        parsed = datetime.fromisoformat(text)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)
    except (OverflowError, OSError) as exc:
        raise ValueError(f"time out of range: {printable(repr(value), 80)}") from exc
    except ValueError as exc:
        if str(exc).startswith("not a time"):
            raise
        raise ValueError(f"not a time: {printable(repr(value), 80)} ({exc})") from exc


_TEXT_FIELDS = ("url", "external_id", "story", "source", "headline", "standfirst", "byline")


def check_text(name: str, value: str) -> None:
    """ValueError when *value* is not storable text (a NUL, an unpaired surrogate)."""
    if "\x00" in value:
        raise ValueError(f"{name} holds a NUL character (at character {value.index(chr(0))})")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = printable(exc.object[exc.start : exc.end])
        raise ValueError(
            f"{name} holds an unpaired surrogate ({bad}) at character {exc.start}: "
            "it is not Unicode text"
        ) from None


def check_storable(obs: Observation) -> Observation:
    """*obs* as it can be stored, or ValueError with the reason it cannot.

    Every text must be Unicode without NUL characters (PostgreSQL refuses them),
    the body at most :data:`~redline.text.decode.MAX_INPUT_BYTES`, and the URL
    must parse. An origin (a file name) that is not valid Unicode is escaped.
    """
    for name in _TEXT_FIELDS:
        value = getattr(obs, name)
        if value is not None:
            check_text(name, value)
    size = 0
    for n, paragraph in enumerate(obs.paragraphs, 1):
        check_text(f"paragraph {n}", paragraph)
        size += len(paragraph.encode("utf-8")) + 1
        if size > MAX_INPUT_BYTES:
            raise ValueError(
                f"the text is longer than {MAX_INPUT_BYTES:,} bytes "
                "(no article is that long: is this the right input?)"
            )
    if obs.url is not None:
        try:
            canonical_url(obs.url)
            obs.source_name()
        except ValueError as exc:
            raise ValueError(f"url {printable(repr(obs.url), 200)} is not valid: {exc}") from None
    if obs.origin is not None:
        try:
            obs.origin.encode("utf-8")
        except UnicodeEncodeError:
            obs = replace(obs, origin=printable(obs.origin))
    return obs
