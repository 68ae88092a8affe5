"""Stories for documents without a URL or id: group near-duplicates, order versions.

Grouping: word 4-gram shingles of the normalised text, MinHash LSH (datasketch)
to find candidates, then an exact check: two documents are versions of one story
when at least half of the shorter one's shingles occur in the other.

Ordering, within a story: by explicit time when every document has one;
otherwise by evidence, pair by pair:

* containment: an earlier version's text is largely contained in the later one
  (news stories grow), so the document more contained in the other comes first;
* markers: "More to follow", "developing story", "updates to follow"… mark an
  early version;
* length: the shorter document comes first (weak).

Each pair's evidence gives a score; documents are ranked by pairwise wins, and
the story's confidence is the weakest link between consecutive versions
(0.5 = a coin toss, near 1 = clear).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from redline.text.boilerplate import is_boilerplate
from redline.text.normalize import fold

__all__ = [
    "CONTAINMENT",
    "MARKERS",
    "Story",
    "group_stories",
    "order_documents",
    "pair_evidence",
    "shingles",
]

MARKERS = re.compile(
    r"\b(?:more to follow|more follows|developing (?:story|news)"
    r"|this (?:story|article|is a breaking news story and it) is (?:being|still being) updated"
    r"|updates? to follow|breaking news"
    r"|refresh (?:the page|for) (?:the )?latest|we will bring you more)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+", re.UNICODE)
_SHINGLE = 4
_NUM_PERM = 128
_LSH_THRESHOLD = 0.2
CONTAINMENT = 0.5


@dataclass(frozen=True, slots=True)
class Story:
    """Indices of documents (into the input list) in version order, and how sure the order is."""

    members: tuple[int, ...]
    method: str  # "time", "evidence", "name", "given"
    confidence: float
    reasons: tuple[str, ...] = ()


def shingles(paragraphs: Sequence[str]) -> set[str]:
    words = _WORD.findall(fold(" ".join(p for p in paragraphs if not is_boilerplate(p))))
    if len(words) < _SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)}


def _minhash(sh: set[str]) -> MinHash:
    m = MinHash(num_perm=_NUM_PERM, seed=1)
    m.update_batch([s.encode("utf-8") for s in sh])
    return m


def group_stories(documents: Sequence[Sequence[str]]) -> list[list[int]]:
    """Groups of document indices that are versions of one story (input order kept)."""
    sets = [shingles(d) for d in documents]
    lsh = MinHashLSH(threshold=_LSH_THRESHOLD, num_perm=_NUM_PERM)
    parent = list(range(len(documents)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, sh in enumerate(sets):
        if not sh:
            continue
        m = _minhash(sh)
        for j in lsh.query(m):
            inter = len(sh & sets[j])
            if inter / min(len(sh), len(sets[j])) >= CONTAINMENT:
                parent[find(i)] = find(j)
        lsh.insert(i, m)
    groups: dict[int, list[int]] = {}
    for i in range(len(documents)):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def pair_evidence(a: Sequence[str], b: Sequence[str]) -> tuple[float, list[str]]:
    """Score > 0 when *a* looks earlier than *b*, < 0 when later; with the reasons."""
    sa, sb = shingles(a), shingles(b)
    score = 0.0
    reasons: list[str] = []
    if sa and sb:
        inter = len(sa & sb)
        c_ab, c_ba = inter / len(sa), inter / len(sb)
        if abs(c_ab - c_ba) > 0.02:
            score += (c_ab - c_ba) * 1.5
            if c_ab > c_ba:
                reasons.append(f"{c_ab:.0%} of the text of the first is kept in the second")
            else:
                reasons.append(f"{c_ba:.0%} of the text of the second is kept in the first")
    ma = any(MARKERS.search(p) for p in a)
    mb = any(MARKERS.search(p) for p in b)
    if ma != mb:
        score += 0.8 if ma else -0.8
        reasons.append(f"the {'first' if ma else 'second'} says more is to follow")
    elif ma:
        reasons.append("both say more is to follow")
    la, lb = sum(map(len, a)), sum(map(len, b))
    if la != lb:
        score += 0.15 if la < lb else -0.15
    return score, reasons


def _confidence(score: float) -> float:
    return round(1 / (1 + math.exp(-3 * abs(score))), 3)


def order_documents(
    documents: Sequence[Sequence[str]],
    members: Sequence[int],
    times: Sequence[object | None],
) -> Story:
    """Order *members* (indices into *documents*/*times*) into versions."""
    members = list(members)
    if len(members) == 1:
        return Story((members[0],), "single", 1.0)
    if all(times[i] is not None for i in members):
        ordered = sorted(members, key=lambda i: (times[i], i))
        return Story(tuple(ordered), "time", 1.0)
    wins = dict.fromkeys(members, 0.0)
    scores: dict[tuple[int, int], tuple[float, list[str]]] = {}
    for x, i in enumerate(members):
        for j in members[x + 1 :]:
            s, why = pair_evidence(documents[i], documents[j])
            scores[(i, j)] = (s, why)
            scores[(j, i)] = (-s, why)
            wins[i] += 1 if s > 0 else 0.5 if s == 0 else 0
            wins[j] += 1 if s < 0 else 0.5 if s == 0 else 0
    ordered = sorted(members, key=lambda i: (-wins[i], sum(map(len, documents[i])), i))
    pairs = list(itertools.pairwise(ordered))
    confidence = min(
        _confidence(s) if s > 0 else 1 - _confidence(s) for s, _ in (scores[p] for p in pairs)
    )
    reasons: list[str] = []
    for n, (a, b) in enumerate(pairs, 1):
        _, why = pair_evidence(documents[a], documents[b])
        for r in why:
            r = r.replace("the first", f"version {n}").replace("the second", f"version {n + 1}")
            reasons.append(r.replace("first", f"version {n}").replace("second", f"version {n + 1}"))
    return Story(tuple(ordered), "evidence", confidence, tuple(reasons))
