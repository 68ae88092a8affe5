"""Provenance across many versions: which version introduced each sentence and
each word of a version, how long they survived, and what came and went.

Like ``git blame`` for code or WikiWho for Wikipedia, on the sentence alignment
of consecutive versions:

* a sentence aligned as unchanged or moved keeps its origin; an edited one keeps
  it too (it is the same sentence, reworded) and records the version that last
  changed it; a split passes its origin to every piece, a merge takes the
  earliest origin of its parts;
* words are diffed inside each aligned pair (typography ignored): kept words keep
  their version, new words get the new version;
* a deleted sentence goes to a graveyard. When a later version *adds* a sentence
  whose text is the same (or nearly: ≥ 0.9 similar) as a buried one, it is a
  **restoration**: the sentence keeps its original introduction (and words), and
  the restoration is recorded as ``(removed_in, restored_in)``;
* sentences still in the graveyard at the version asked for were *added then
  removed again*; each is listed with the versions it lived in.

Versions are numbered from 1. Pure: documents (or texts) and optional times in,
plain data out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher
from typing import Any

from rapidfuzz.distance import Indel

from redline.comparison import compare
from redline.errors import InputError
from redline.text.document import Document
from redline.text.normalize import normalize
from redline.text.segment import segment
from redline.text.tokens import tokenize

__all__ = ["Blame", "RemovedSentence", "Restoration", "SentenceOrigin", "WordOrigin", "blame"]

RESTORE_SIMILARITY = 0.9


@dataclass(frozen=True, slots=True)
class WordOrigin:
    text: str
    introduced: int


@dataclass(frozen=True, slots=True)
class Restoration:
    removed_in: int
    restored_in: int


@dataclass(frozen=True, slots=True)
class SentenceOrigin:
    """Where a sentence of the blamed version comes from.

    ``introduced``: first version with this sentence (or the sentence it grew
    from); ``changed``: last version that changed its words; ``versions``: how
    many versions up to the blamed one contained it; ``age_seconds``: time from
    the introducing version to the blamed one, when times are known.
    """

    index: int
    text: str
    introduced: int
    changed: int
    versions: int
    words: tuple[WordOrigin, ...]
    restorations: tuple[Restoration, ...] = ()
    age_seconds: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "index": self.index,
            "text": self.text,
            "introduced": self.introduced,
            "changed": self.changed,
            "versions": self.versions,
            "words": [[w.text, w.introduced] for w in self.words],
        }
        if self.restorations:
            d["restorations"] = [
                {"removed_in": r.removed_in, "restored_in": r.restored_in}
                for r in self.restorations
            ]
        if self.age_seconds is not None:
            d["age_seconds"] = self.age_seconds
        return d


@dataclass(frozen=True, slots=True)
class RemovedSentence:
    """A sentence added and later removed again (not restored by the blamed version)."""

    text: str
    introduced: int
    removed_in: int
    versions: int
    lifetime_seconds: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "text": self.text,
            "introduced": self.introduced,
            "removed_in": self.removed_in,
            "versions": self.versions,
        }
        if self.lifetime_seconds is not None:
            d["lifetime_seconds"] = self.lifetime_seconds
        return d


@dataclass(frozen=True, slots=True)
class Blame:
    """Provenance of every sentence and word of version ``version``."""

    version: int
    versions: int
    sentences: tuple[SentenceOrigin, ...]
    removed: tuple[RemovedSentence, ...]

    def by_version(self) -> dict[int, int]:
        """How many sentences of the blamed version each version introduced."""
        out: dict[int, int] = {}
        for s in self.sentences:
            out[s.introduced] = out.get(s.introduced, 0) + 1
        return dict(sorted(out.items()))

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "versions": self.versions,
            "introduced_by_version": {str(k): v for k, v in self.by_version().items()},
            "sentences": [s.to_dict() for s in self.sentences],
            "removed": [r.to_dict() for r in self.removed],
        }


@dataclass(slots=True)
class _Lineage:
    introduced: int
    changed: int
    present: int  # number of versions it was in
    words: list[tuple[str, str, int]]  # (text, key, version)
    restorations: list[Restoration] = field(default_factory=list)


def _tokens(text: str) -> list[tuple[str, str]]:
    return [(t, normalize(t).casefold()) for t in tokenize(text)]


def _carry(
    old_words: list[tuple[str, str, int]], new_text: str, version: int
) -> list[tuple[str, str, int]]:
    """Words of *new_text*, keeping the version of each word kept from *old_words*."""
    new = _tokens(new_text)
    a = [k for _, k, _ in old_words]
    b = [k for _, k in new]
    out = [(t, k, version) for t, k in new]
    for tag, i1, i2, j1, _ in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            for d in range(i2 - i1):
                t, k = new[j1 + d]
                out[j1 + d] = (t, k, old_words[i1 + d][2])
    return out


def blame(
    versions: Sequence[Document | str],
    *,
    version: int | None = None,
    times: Sequence[datetime | None] | None = None,
) -> Blame:
    """Provenance of version *version* (1-based; default the latest) of *versions*.

    *times*, one per version, adds ages and lifetimes in seconds.
    """
    if not versions:
        raise InputError("blame needs at least one version")
    target = len(versions) if version is None else version
    if not 1 <= target <= len(versions):
        raise InputError(f"version {version} does not exist (1 to {len(versions)})")
    docs = [v if isinstance(v, Document) else segment(v) for v in versions[:target]]

    current: list[_Lineage] = [
        _Lineage(1, 1, 1, [(t, k, 1) for t, k in _tokens(s.text)]) for s in docs[0].sentences
    ]
    # key -> lineages buried with that key: (lineage, text, removed_in)
    graveyard: list[tuple[_Lineage, str, str, int]] = []
    for v in range(2, target + 1):
        old, new = docs[v - 2], docs[v - 1]
        c = compare(old, new)
        nxt: list[_Lineage | None] = [None] * len(new.sentences)
        for link in c.links:
            if link.op == "deleted":
                i = link.old[0]
                graveyard.append((current[i], old.sentences[i].text, old.sentences[i].key, v))
                continue
            if link.op == "added":
                j = link.new[0]
                nxt[j] = _restore(graveyard, new.sentences[j].text, new.sentences[j].key, v)
                continue
            olds = [current[i] for i in link.old]
            changed = link.op == "edited" or link.text_changed
            if link.relation == "split":
                base = olds[0]
                remaining = list(base.words)
                for j in link.new:
                    words = _carry(remaining, new.sentences[j].text, v)
                    nxt[j] = _Lineage(
                        base.introduced,
                        v if changed else base.changed,
                        base.present + 1,
                        words,
                        list(base.restorations),
                    )
                continue
            introduced = min(x.introduced for x in olds)
            words_before = [w for x in olds for w in x.words]
            restorations = [r for x in olds for r in x.restorations]
            present = max(x.present for x in olds) + 1
            last = max(x.changed for x in olds)
            j = link.new[0]
            words = _carry(words_before, new.sentences[j].text, v)
            nxt[j] = _Lineage(introduced, v if changed else last, present, words, restorations)
        current = [x if x is not None else _Lineage(v, v, 1, []) for x in nxt]

    def seconds(a: int, b: int) -> float | None:
        if times is None or len(times) < max(a, b):
            return None
        ta, tb = times[a - 1], times[b - 1]
        if ta is None or tb is None:
            return None
        try:
            return (tb - ta).total_seconds()
        except TypeError:
            return None

    doc = docs[-1]
    sentences = tuple(
        SentenceOrigin(
            index=s.index,
            text=s.text,
            introduced=lin.introduced,
            changed=lin.changed,
            versions=lin.present,
            words=tuple(WordOrigin(t, ver) for t, _, ver in lin.words),
            restorations=tuple(lin.restorations),
            age_seconds=seconds(lin.introduced, target),
        )
        for s, lin in zip(doc.sentences, current, strict=True)
    )
    removed = tuple(
        RemovedSentence(
            text, lin.introduced, removed_in, lin.present, seconds(lin.introduced, removed_in)
        )
        for lin, text, _, removed_in in graveyard
    )
    return Blame(target, len(versions), sentences, removed)


def _restore(
    graveyard: list[tuple[_Lineage, str, str, int]], text: str, key: str, v: int
) -> _Lineage:
    """The lineage of an added sentence: a buried one it restores, or a new one."""
    best, best_sim = -1, RESTORE_SIMILARITY
    folded = key.casefold()
    for n in range(len(graveyard) - 1, -1, -1):
        _, _, gkey, _ = graveyard[n]
        if gkey == key:
            best = n
            break
        if abs(len(gkey) - len(key)) <= 0.2 * max(len(key), 1):
            sim = Indel.normalized_similarity(gkey.casefold(), folded)
            if sim >= best_sim:
                best, best_sim = n, sim
    if best < 0:
        return _Lineage(v, v, 1, [(t, k, v) for t, k in _tokens(text)])
    lin, _, gkey, removed_in = graveyard.pop(best)
    words = _carry(lin.words, text, v)
    changed = lin.changed if gkey == key else v
    return _Lineage(
        lin.introduced,
        changed,
        lin.present + 1,
        words,
        [*lin.restorations, Restoration(removed_in, v)],
    )
