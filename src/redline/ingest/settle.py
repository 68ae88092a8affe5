"""Trustworthy versions for ingested HTML captures.

An HTML capture of an article the store (or the same batch) already holds is
settled against the article's current version before it is recorded, by the
same function the watcher uses (:func:`redline.extract.settle_capture`): a
capture that differs only by extraction artefacts (a redesign, a widget) is
recorded as a sighting of the current version, and so is a suspect capture
(degraded extraction), which is also reported as a problem: kept, listed, never
a version. The current version is extracted like the capture, from its raw page
when the store kept one, else from its stored text. First captures and text
documents are recorded as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from redline.errors import RedlineError
from redline.extract import (
    EXTRACTOR,
    Extraction,
    StoredText,
    current_extraction,
    extract_article,
    settle_capture,
)
from redline.ingest.records import Problem
from redline.store import Observation, Store

__all__ = ["settle"]


@dataclass(slots=True)
class _Current:
    """An article's current version: its text, its raw page, its extraction once made."""

    text: StoredText
    raw: bytes | None
    content_type: str | None
    extraction: Extraction | None = None


def _stored(store: Store, url: str) -> _Current | None:
    try:
        article = store.article(url)
        current = store.version(article.id)
        raw = store.raw(current.raw_blob) if current.raw_blob else None
    except RedlineError:
        return None
    text = StoredText(current.paragraphs, current.headline, current.standfirst, current.info.byline)
    return _Current(text, raw, None)


def _as_current(obs: Observation, current: _Current) -> Observation:
    t = current.text
    return replace(obs, paragraphs=t.paragraphs, headline=t.headline, standfirst=t.standfirst)


def settle(
    store: Store, batch: Sequence[Observation], problems: list[Problem]
) -> list[Observation]:
    """The observations of *batch* (oldest first) as they should be recorded."""
    currents: dict[str, _Current | None] = {}
    out: list[Observation] = []
    for obs in batch:
        if obs.raw is None or not obs.url or obs.extractor != EXTRACTOR:
            out.append(obs)
            continue
        if obs.url not in currents:
            currents[obs.url] = _stored(store, obs.url)
        current = currents[obs.url]
        if current is None:  # a first capture: nothing to settle against
            text = StoredText(obs.paragraphs, obs.headline, obs.standfirst, obs.byline)
            currents[obs.url] = _Current(text, obs.raw, obs.raw_type)
            out.append(obs)
            continue
        try:
            new = extract_article(obs.raw, url=obs.url, content_type=obs.raw_type)
        except RedlineError:
            out.append(obs)
            continue
        if current.extraction is None:
            current.extraction = current_extraction(
                new, current.text, raw=current.raw, url=obs.url, content_type=current.content_type
            )
        settled = settle_capture(current.extraction, new)
        if settled.kind == "suspect":
            # kept (with its raw HTML) as a sighting of the current version, and listed
            problems.append(
                Problem(
                    obs.origin or obs.url,
                    "suspect capture kept as a sighting of the current version, not a new "
                    "version: " + "; ".join(settled.reasons),
                )
            )
            out.append(_as_current(obs, current))
        elif settled.kind == "version":
            text = StoredText(obs.paragraphs, obs.headline, obs.standfirst, obs.byline)
            currents[obs.url] = _Current(text, obs.raw, obs.raw_type, new)
            out.append(obs)
        else:
            out.append(_as_current(obs, current))
    return out
