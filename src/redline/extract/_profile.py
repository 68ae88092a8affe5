"""Per-source extraction profiles.

A profile names where a site keeps its article: CSS or XPath selectors for the
body, headline and standfirst, selectors of furniture to remove first, and
extra boilerplate patterns (regular expressions matched against whole
paragraphs). Every profile has a version number; an extraction records the
profile's ``key`` (``name@version``), so that two captures are only compared
when they were extracted alike (see :func:`redline.extract.reextract_pair`).

A selector that starts with ``/``, ``./`` or ``(`` is XPath; anything else is CSS.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from lxml import etree

from redline.errors import InputError

__all__ = ["Profile"]


def _compile(selector: str) -> etree.XPath:
    selector = selector.strip()
    try:
        if selector.startswith(("/", "./", "(")):
            return etree.XPath(selector)
        from cssselect import GenericTranslator, SelectorError

        try:
            return etree.XPath(GenericTranslator().css_to_xpath(selector))
        except SelectorError as exc:
            raise InputError(f"invalid CSS selector {selector!r}: {exc}") from exc
    except etree.XPathSyntaxError as exc:
        raise InputError(f"invalid XPath selector {selector!r}: {exc}") from exc


def _tuple(value: Any, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise InputError(f"profile field {name!r} must be a string or a list of strings")


@dataclass(frozen=True)
class Profile:
    """How to extract articles of one source. Immutable; bump ``version`` to change it."""

    name: str
    version: int = 1
    body: tuple[str, ...] = ()
    headline: tuple[str, ...] = ()
    standfirst: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    boilerplate: tuple[str, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not self.name or not isinstance(self.name, str):
            raise InputError("a profile needs a name")
        if not isinstance(self.version, int) or self.version < 1:
            raise InputError(f"profile {self.name!r}: version must be a positive integer")
        # Validate every selector and pattern now, not at the first page.
        for sel in (*self.body, *self.headline, *self.standfirst, *self.remove):
            _compile(sel)
        for pat in self.boilerplate:
            try:
                re.compile(pat)
            except re.error as exc:
                raise InputError(f"profile {self.name!r}: bad pattern {pat!r}: {exc}") from exc

    @property
    def key(self) -> str:
        """``name@version``: recorded on each extraction made with this profile."""
        return f"{self.name}@{self.version}"

    @cached_property
    def compiled(self) -> dict[str, tuple[etree.XPath, ...]]:
        return {
            "body": tuple(_compile(s) for s in self.body),
            "headline": tuple(_compile(s) for s in self.headline),
            "standfirst": tuple(_compile(s) for s in self.standfirst),
            "remove": tuple(_compile(s) for s in self.remove),
        }

    @cached_property
    def boilerplate_re(self) -> re.Pattern[str] | None:
        if not self.boilerplate:
            return None
        return re.compile("|".join(f"(?:{p})" for p in self.boilerplate), re.IGNORECASE)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Profile:
        """Build a profile from a mapping (a TOML table, a JSON object)."""
        known = {"name", "version", "body", "headline", "standfirst", "remove", "boilerplate"}
        unknown = set(data) - known - {"options"}
        if unknown:
            raise InputError(f"unknown profile field(s): {', '.join(sorted(unknown))}")
        version = data.get("version", 1)
        if not isinstance(version, int):
            raise InputError("profile field 'version' must be an integer")
        return cls(
            name=str(data.get("name", "")),
            version=version,
            body=_tuple(data.get("body"), "body"),
            headline=_tuple(data.get("headline"), "headline"),
            standfirst=_tuple(data.get("standfirst"), "standfirst"),
            remove=_tuple(data.get("remove"), "remove"),
            boilerplate=_tuple(data.get("boilerplate"), "boilerplate"),
            options=dict(data.get("options") or {}),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "body": list(self.body),
            "headline": list(self.headline),
            "standfirst": list(self.standfirst),
            "remove": list(self.remove),
            "boilerplate": list(self.boilerplate),
        }
