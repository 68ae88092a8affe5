"""How alike two sentences are, on a 0–1 scale.

The score is the larger of two views:

* **characters**: RapidFuzz's normalised Indel similarity of the case-folded,
  typography-free texts; high for small edits (a number changed, a word added);
* **content words**: the Dice overlap of the sentences' content words (stop words
  removed); high for rewordings that keep the facts but move them around.

Either view alone misses cases the other catches: a paraphrase reorders words
(low character score), and a changed number keeps nearly all characters.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Indel

from redline.text.document import Sentence
from redline.text.tokens import content_words

__all__ = ["Features", "features", "similarity"]


@dataclass(frozen=True, slots=True)
class Features:
    folded: str
    words: frozenset[str]
    heading: bool


def features(sentence: Sentence) -> Features:
    return Features(sentence.key.casefold(), content_words(sentence.key), sentence.heading)


def similarity(x: Features, y: Features) -> float:
    chars = Indel.normalized_similarity(x.folded, y.folded)
    if x.words and y.words:
        shared = len(x.words & y.words)
        words = 2.0 * shared / (len(x.words) + len(y.words))
        # a one-word overlap between short sentences is not evidence
        if shared < 2:
            words = min(words, 0.4)
    else:
        words = 0.0
    return chars if chars > words else words
