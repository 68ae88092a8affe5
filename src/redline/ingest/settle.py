"""Trustworthy versions for ingested HTML captures.

An HTML capture of an article the store (or the same batch) already holds is
decided against the article's current version before it is recorded, both
extracted from raw HTML alike (:func:`redline.extract.decide_version`, the same
decision the watcher makes): a capture that differs only by extraction
artefacts (a redesign, a widget) is recorded as a sighting of the current
version, and so is a suspect capture (degraded extraction), which is also
reported as a problem: kept, listed, never a version. First captures, text
documents and versions stored without raw HTML are recorded as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from redline.errors import RedlineError
from redline.extract import EXTRACTOR, Extraction, decide_version, extract_article
from redline.ingest.records import Problem
from redline.store import Observation, Store

__all__ = ["settle"]

# (extraction, or the raw page and content type to make it when first needed; text)
_Baseline = tuple[Extraction | tuple[bytes, str | None], tuple[str, ...], str | None, str | None]


def _stored_baseline(store: Store, url: str) -> _Baseline | None:
    try:
        article = store.article(url)
        current = store.version(article.id)
        if not current.raw_blob:
            return None
        raw = store.raw(current.raw_blob)
    except RedlineError:
        return None
    return (raw, None), current.paragraphs, current.headline, current.standfirst


def settle(
    store: Store, batch: Sequence[Observation], problems: list[Problem]
) -> list[Observation]:
    """The observations of *batch* (oldest first) as they should be recorded."""
    baselines: dict[str, _Baseline | None] = {}
    out: list[Observation] = []
    for obs in batch:
        if obs.raw is None or not obs.url or obs.extractor != EXTRACTOR:
            out.append(obs)
            continue
        if obs.url not in baselines:
            baselines[obs.url] = _stored_baseline(store, obs.url)
        base = baselines[obs.url]
        if base is None:  # a first capture: nothing to decide against, extract lazily
            baselines[obs.url] = (
                (obs.raw, obs.raw_type),
                obs.paragraphs,
                obs.headline,
                obs.standfirst,
            )
            out.append(obs)
            continue
        try:
            previous = base[0]
            if not isinstance(previous, Extraction):
                previous = extract_article(previous[0], url=obs.url, content_type=previous[1])
            new = extract_article(obs.raw, url=obs.url, content_type=obs.raw_type)
        except RedlineError:
            out.append(obs)
            continue
        baselines[obs.url] = base = (previous, base[1], base[2], base[3])
        d = decide_version(previous, new)
        if d.suspect:
            # kept (with its raw HTML) as a sighting of the current version, and listed
            problems.append(
                Problem(
                    obs.origin or obs.url,
                    "suspect capture kept as a sighting of the current version, not a new "
                    "version: " + "; ".join(d.reasons),
                )
            )
            out.append(replace(obs, paragraphs=base[1], headline=base[2], standfirst=base[3]))
        elif d.record:
            baselines[obs.url] = (new, obs.paragraphs, obs.headline, obs.standfirst)
            out.append(obs)
        else:
            out.append(replace(obs, paragraphs=base[1], headline=base[2], standfirst=base[3]))
    return out
