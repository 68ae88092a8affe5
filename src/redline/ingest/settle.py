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

_Baseline = tuple[Extraction, tuple[str, ...], str | None, str | None]


def _stored_baseline(store: Store, url: str) -> _Baseline | None:
    try:
        article = store.article(url)
        current = store.version(article.id)
        if not current.raw_blob:
            return None
        e = extract_article(store.raw(current.raw_blob), url=url)
    except RedlineError:
        return None
    return e, current.paragraphs, current.headline, current.standfirst


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
        try:
            new = extract_article(obs.raw, url=obs.url, content_type=obs.raw_type)
        except RedlineError:
            out.append(obs)
            continue
        if obs.url not in baselines:
            baselines[obs.url] = _stored_baseline(store, obs.url)
        base = baselines[obs.url]
        if base is None:
            baselines[obs.url] = (new, obs.paragraphs, obs.headline, obs.standfirst)
            out.append(obs)
            continue
        d = decide_version(base[0], new)
        if d.suspect:
            problems.append(
                Problem(
                    obs.origin or obs.url, "suspect capture, not recorded: " + "; ".join(d.reasons)
                )
            )
        elif d.record:
            baselines[obs.url] = (new, obs.paragraphs, obs.headline, obs.standfirst)
            out.append(obs)
        else:
            out.append(replace(obs, paragraphs=base[1], headline=base[2], standfirst=base[3]))
    return out
