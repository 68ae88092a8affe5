"""How alike two sentences are, on a 0–1 scale.

The score is the largest of three views, each reliable in its own range:

* **tokens**: RapidFuzz's normalised Indel similarity of the two sequences of
  word tokens (case-folded, typography-free, punctuation left out); high for
  small edits (a number changed, a word added), and low by chance (pairs of
  unrelated sentences score 0 at the median, 0.19 at the 99th percentile);
* **content stems**: the Dice overlap of the sentences' content words (stop words
  removed) cut to a six-letter stem, so "motorbikes" meets "motorbike" and
  "campaigners" meets "campaign"; high for rewordings that keep the facts but
  move them around;
* **characters**: normalised Indel similarity of the texts, counted only from
  0.8 up. Character overlap is high by chance (0.35 at the median and up to 0.52
  for unrelated sentences), so below that it is noise; above it, it catches
  spelling fixes in very short lines.

A fourth view catches trimming: when a sentence of at least eight words appears
almost whole, in order, inside a longer one (a quote cut short, a clause
appended), the pair scores up to 0.8, more when it makes up more of the longer
one (see ``CONTAINED_SCORE``).

Lines of the form "label: value" (a forecast day, a budget item, a table row;
a label of at most four words before a colon that opens the line) are told
apart by their labels: the same label scores at least 0.5 (plus half the
similarity of the values), different labels at most 0.45.

Either of the first two alone misses cases the other catches: a paraphrase
reorders words (low token score), and a changed number keeps nearly all tokens.
:class:`Features` are computed once per sentence and reused for every pair.
"""

from __future__ import annotations

from typing import NamedTuple

from rapidfuzz.distance import Indel

from redline.text.document import Sentence
from redline.text.tokens import STOPWORDS, tokenize

__all__ = [
    "CHAR_FLOOR",
    "CONTAINED_MIN_WORDS",
    "CONTAINED_SCORE",
    "LABEL_MISMATCH_CAP",
    "Features",
    "Vocabulary",
    "features",
    "line_label",
    "shared_stems",
    "similarity",
    "stem",
]

CHAR_FLOOR = 0.8
"""Character similarity below this is not evidence (see the module docstring)."""
CONTAINED_MIN_WORDS = 8
CONTAINED_SCORE = 0.8
"""A sentence of at least 8 words found whole, in order, inside another scores
0.6 plus 0.2 times the share of the longer one it makes up (0.7 for a half,
0.8 at most), scaled by the share of its own words found: a quote trimmed or a
clause appended."""
_STEM_LEN = 6


class Features(NamedTuple):
    """What a sentence's similarity to others is computed from (an immutable named
    tuple: one is built for every sentence that reaches the fuzzy steps)."""

    folded: str
    code: str
    """The tokens, one character each (see :func:`features`)."""
    stems: frozenset[str]
    heading: bool
    label: str = ""
    """Stemmed words before a colon that opens the line ("Fuel duty: …"), if any."""
    value: str = ""
    """The code of the words after that colon."""


def stem(word: str) -> str:
    """A crude, language-neutral stem of an alphabetic word: a plural ``s``
    dropped, then six letters."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word[:_STEM_LEN]


_LABEL_MAX_WORDS = 4
LABEL_MISMATCH_CAP = 0.45
"""Most two "label: value" lines with different labels can score."""

_FIRST_CODE = 0x10000  # past the surrogates: every code is one valid character
_CODES = 0x110000 - _FIRST_CODE


_new = tuple.__new__  # Features in field order, without the Python-level __new__

Vocabulary = dict[str, tuple[str, str]]
"""token -> (its one-character code, its content stem or "")."""


def features(sentence: Sentence, vocabulary: Vocabulary) -> Features:
    """Features of *sentence*. *vocabulary* gives each distinct token one character
    (and remembers its stem); it must be shared by the sentences that will be
    compared, so that token sequences compare as short strings (RapidFuzz is
    fastest on strings)."""
    folded = sentence.key.casefold()
    tokens = tokenize(folded)
    codes = []
    stems = set()
    label = line_label(tokens)
    label_at = label.count(" ") + 1 if label else -1
    get = vocabulary.get
    for t in tokens:
        entry = get(t)
        if entry is None:
            if len(t) == 1 and not t.isalnum():
                continue  # punctuation (never in the vocabulary): two short lines share ": ."
            code = chr(_FIRST_CODE + len(vocabulary) % _CODES)
            if not t[0].isalnum() or t in STOPWORDS:
                content = ""
            elif t.isalpha():  # stem(t), inlined: a plural "s" dropped, then six letters
                content = (t[:-1] if len(t) > 3 and t[-1] == "s" and t[-2] != "s" else t)[
                    :_STEM_LEN
                ]
            else:
                content = t
            entry = vocabulary[t] = (code, content)
        codes.append(entry[0])
        if entry[1]:
            stems.add(entry[1])
    code = "".join(codes)
    value = code[label_at:] if label_at >= 0 else ""
    return _new(Features, (folded, code, frozenset(stems), sentence.heading, label, value))


def line_label(tokens: list[str]) -> str:
    """The stemmed label of a "label: value" line (one to four words, then a
    colon), or "" when the line has none."""
    for k, t in enumerate(tokens[: _LABEL_MAX_WORDS + 1]):
        if not t[0].isalnum() and t[0] not in "£$€¥":
            if t == ":" and k > 0:
                return " ".join(stem(w) if w.isalpha() else w for w in tokens[:k])
            return ""
    return ""


def shared_stems(x: Features, y: Features) -> int:
    return len(x.stems & y.stems)


def similarity(x: Features, y: Features) -> float:
    if x.folded == y.folded:
        return 1.0
    lx, ly = len(x.code), len(y.code)
    best = Indel.normalized_similarity(x.code, y.code)
    short, long = (lx, ly) if lx < ly else (ly, lx)
    if short >= CONTAINED_MIN_WORDS and best < CONTAINED_SCORE:
        # one sentence is (nearly) the other with a clause cut or added; of two
        # such pieces of one long sentence, the larger scores higher
        common = best * (lx + ly) / 2.0  # length of the longest common subsequence
        contained = common / short * (CONTAINED_SCORE - 0.2 + 0.2 * common / long)
        if contained > best:
            best = contained
    if x.stems and y.stems:
        shared = len(x.stems & y.stems)
        words = 2.0 * shared / (len(x.stems) + len(y.stems))
        # a one-word overlap between short sentences is not evidence
        if shared < 2:
            words = min(words, 0.4)
        if words > best:
            best = words
    if best < CHAR_FLOOR:
        chars = Indel.normalized_similarity(x.folded, y.folded, score_cutoff=CHAR_FLOOR)
        if chars > best:
            best = chars
    if x.label and y.label:
        # "Label: value" lines (forecasts, budget boxes, tables): the label says
        # which line is which, whatever the values
        if x.label == y.label:
            same = 0.5 + 0.5 * Indel.normalized_similarity(x.value, y.value)
            if same > best:
                best = same
        elif best > LABEL_MISMATCH_CAP:
            best = LABEL_MISMATCH_CAP
    return best
