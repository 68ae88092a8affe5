"""Two sentences that state different facts, however alike they read.

**Story turns.**
When a story moves on, its lede is often rewritten in the old words with a new
fact: talks become a signing, a search ends in a find, a trial in a verdict, a
half-time lead in a win, an outage in a restored service. The two sentences share
their subject, names and most content words, so every similarity says "edited";
but a reader sees a new fact, and the old one is gone (a rumour is not an early
draft of its confirmation). Such a pair is not linked: the old sentence is
deleted and the new one added.

A *frame* is a kind of story that moves from a pending state to an outcome. Two
sentences are a turn when one states a frame's pending state without its
outcome and the other states the outcome, which the first does not. Both
versions are read alike (a turn read backwards is a turn), so the aligner's
mirror property holds. Terms are matched as word prefixes on lower-cased text,
in English and French; they are general news vocabulary, not tuned to
particular stories.

**Another incident.** A paragraph that opens "In a separate incident, police
arrested a 19-year-old woman …" tells of another event in the same template
("The man's injuries are not thought to be life-threatening"): its sentences
are not linked to sentences outside such a paragraph.

Both tests apply to similar links only (identical text is the same fact), and
never to the headline and standfirst slots, which are always linked.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

from redline.align.places import opening_place
from redline.align.quotes import other_quote
from redline.text.document import Document

__all__ = ["Apart", "asides", "turned", "unlink_apart"]


class _Frame(NamedTuple):
    name: str
    pending: str  # terms separated by "|": a word or phrase each, matched as a word prefix
    outcome: str


_FRAMES = (
    _Frame(
        "trial",
        (
            "denies|denied|deny|pleaded not guilty|pleads not guilty|is accused|are accused|"
            "on trial|stands trial|standing trial|jury was sent out|jury has been sent out|"
            "jury is considering|jury retired|jurors retired|jurors were sent out|"
            "sent the jury out|sent the jurors out|"
            "had asked for|had sought|had called for|"
            "a requis|ont requis|avait requis|réquisitoire|est poursuivi|sont poursuivis|"
            "comparaît|comparaissent|nie les faits|conteste les faits|"
            # the pending state restated in the past, beside the outcome
            "had denied|who denied|had pleaded not guilty|was accused|were accused|"
            "had been accused|était poursuivi|étaient poursuivis|était accusé|avait nié"
        ),
        (
            "convicted|found guilty|found not guilty|acquitted|cleared of|was cleared|were cleared|"
            "jailed|sentenced|was given a|condamné|condamnée|condamnés|relaxé|relaxée|"
            "acquitté|acquittée|reconnu coupable|reconnue coupable|déclaré coupable"
        ),
    ),
    _Frame(
        "deal",
        (
            "in talks|in advanced talks|talks with|negotiat|close to a deal|closing in on|"
            "poised to|set to sign|expected to sign|in discussions|en négociation|"
            "négociations|en discussion|des contacts|pourparlers"
        ),
        (
            "has signed|have signed|signed a|signs|has agreed|have agreed|agreed a deal|"
            "completed the signing|has completed|have completed|has joined|"
            "a signé|ont signé|a conclu|ont conclu|officialisé|a rejoint|s'est engagé|s’est engagé"
        ),
    ),
    _Frame(
        "search",
        (
            "search is continuing|search continues|searching for|search for|are looking for|"
            "is missing|are missing|remains missing|has been missing|reported missing|"
            "recherches se poursuivent|recherches sont en cours|toujours introuvable|"
            "est porté disparu|est portée disparue|reste introuvable|"
            "no sign of|has not been seen since|have not been seen since|has not been heard from|"
            "ne donne plus signe|ne donne plus de signe|sans nouvelles de"
        ),
        (
            "been found|was found|were found|found safe|found dead|found alive|rescued|"
            "body was|body has been|a été retrouvé|a été retrouvée|ont été retrouvés|"
            "retrouvé sain|retrouvée saine|retrouvé mort|retrouvée morte"
        ),
    ),
    _Frame(
        "score",
        (
            "at half-time|at half time|at the break|half-time lead|lead at|leads|are leading|"
            "is leading|mène|mènent|à la mi-temps|à la pause"
        ),
        (
            "won|have beaten|has beaten|beat|defeated|full-time|final whistle|"
            "a remporté|ont remporté|s'est imposé|s’est imposé|l'a emporté|l’a emporté|"
            "a battu|ont battu|victoire finale"
        ),
    ),
    _Frame(
        "count",
        (
            "exit poll|on course to|projected to|projections|partial results|early results|"
            "with most votes counted|is leading the count|sondage de sortie|"
            "provisional results|provisional count|résultats provisoires|recueillerait|obtiendrait|"
            "résultats partiels|premières estimations|arrivée en tête|arrivé en tête|"
            "est en tête|sont en tête"
        ),
        (
            "has won|have won|won the election|was elected|has been elected|final result|"
            "official result|final result|final count|declared the winner|"
            "a été élu|a été élue|sera le prochain|sera la prochaine|résultats définitifs|"
            "résultats officiels|a remporté|ont remporté|accord de majorité|"
            "a été réélu|a été réélue"
        ),
    ),
    _Frame(
        "outage",
        (
            "is experiencing|are experiencing|is down|are down|went down|outage is ongoing|"
            "still down|remain down|remains down|is disrupted|are disrupted|"
            "est en panne|sont en panne|toujours en panne|perturbé|perturbée|perturbés"
        ),
        (
            "restored|back online|back up and running|has been fixed|have been fixed|"
            "resolved|rétabli|rétablie|rétablis|fonctionne de nouveau|de nouveau accessible"
        ),
    ),
    _Frame(
        "attempt",
        (
            "will attempt|is due to|are due to|was due to launch|is scheduled|are scheduled|"
            "will be announced|is set to|are set to|will take place|will launch|"
            "was due to|were due to|had been due to|had been scheduled|"
            "doit avoir lieu|doit être annoncé|aura lieu|sera annoncé|est prévu|est prévue"
        ),
        (
            "scrubbed|postponed|called off|was cancelled|was canceled|has been cancelled|"
            "has won|have won|was named|took place|lifted off|blasted off|"
            "a été reporté|a été reportée|a été annulé|a été annulée|a eu lieu|a remporté|"
            "a décollé"
        ),
    ),
    _Frame(
        "closure",
        (
            "is closed|are closed|remains closed|remain closed|closed to|has been closed|"
            "est fermé|est fermée|sont fermés|restent fermés|reste fermé|reste fermée"
        ),
        (
            "will reopen|has reopened|have reopened|reopened|reopens|is open again|"
            "rouvrira|rouvre|a rouvert|ont rouvert|rouvriront"
        ),
    ),
    _Frame(
        "resumption",
        "resumption|resume|resumed|reprise des|reprendre|autorisé la reprise",
        (
            "suspended again|suspension|halted again|ordered a halt|"
            "suspendu|suspendue|suspendus|l'arrêt|l’arrêt"
        ),
    ),
    _Frame(
        "casualty",
        (
            "critical condition|critically injured|critically wounded|seriously injured|"
            "in a serious condition|life-threatening injuries|fighting for his life|"
            "fighting for her life|état critique|pronostic vital engagé|grièvement blessé|"
            "entre la vie et la mort"
        ),
        (
            "died|has died|have died|died in hospital|later died|est décédé|est décédée|"
            "a succombé|mort de ses blessures|morte de ses blessures"
        ),
    ),
    _Frame(
        "award",
        (
            "shortlisted|on the shortlist|in contention|in the running|contenders|"
            "nominated for|nominees|is favourite to win|are favourites to win|"
            "en lice|nominé|nominée|nominés|sélectionné pour|sélectionnée pour|favori pour"
        ),
        (
            "has won|have won|won the|was named the winner|named as the winner|took the prize|"
            "scooped|a remporté|ont remporté|lauréat|lauréate|a été sacré|a été sacrée|"
            "s'est vu décerner|s’est vu décerner"
        ),
    ),
)


def _scanner() -> tuple[re.Pattern[str], dict[str, tuple[int, ...]]]:
    """One pattern for all terms of all frames, and for each term (lower case,
    single spaces) the frame states it names: ``2 * frame`` for a pending
    state, ``2 * frame + 1`` for an outcome. The pattern is a trie of the
    terms, so that it decides at each word with one branch per letter rather
    than trying every term (a plain alternation of them cost 0.1 ms a
    sentence); a longer term wins over its prefix."""
    states: dict[str, set[int]] = {}
    for f, frame in enumerate(_FRAMES):
        for state, terms in enumerate((frame.pending, frame.outcome)):
            for term in terms.split("|"):
                if term.strip():
                    states.setdefault(" ".join(term.lower().split()), set()).add(2 * f + state)
    return (
        # a lookahead finds the longest term at every word, so that terms may
        # overlap ("has been found guilty": "been found" and "found guilty")
        re.compile(r"(?<![\w'’-])(?=(" + _trie(sorted(states)) + "))"),
        {t: tuple(sorted(v)) for t, v in states.items()},
    )


def _trie(terms: list[str]) -> str:
    """A regular expression matching any of *terms* (a space matches any white
    space), built as a trie: ``(?:ab(?:c)?|d)`` for "ab", "abc", "d"."""
    root: dict[str, Any] = {}
    for term in terms:
        node = root
        for char in term:
            node = node.setdefault(char, {})
        node[""] = {}  # a term ends here

    def emit(node: dict[str, Any]) -> str:
        branches = [
            (r"\s+" if c == " " else re.escape(c)) + emit(child)
            for c, child in sorted(node.items())
            if c
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a term ends here: the longer ones are optional
            return "(?:" + body + ")?"
        return body

    return "(?:" + emit(root) + ")"


_SCAN, _STATES = _scanner()


@lru_cache(maxsize=8192)
def _states(text: str) -> int:
    """The frame states *text* names, as bits (see :func:`_scanner`)."""
    bits = 0
    for m in _SCAN.finditer(text.lower()):
        for state in _STATES[" ".join(m.group(1).split())]:
            bits |= 1 << state
    return bits


_PENDING = sum(1 << (2 * f) for f in range(len(_FRAMES)))


def turned(a: str, b: str) -> bool:
    """Do *a* and *b* state different facts of one story: one a frame's
    pending state and not its outcome, the other the outcome and not the
    pending state? Symmetric in *a* and *b*.

    >>> turned("Arsenal are in advanced talks with Brighton over Costa.",
    ...        "Arsenal have signed Brighton midfielder Costa.")
    True
    >>> turned("Arsenal are in talks with Brighton.", "Arsenal are in advanced talks.")
    False
    >>> turned("Smith denies fraud.", "Smith, who denied fraud, was cleared.")
    False
    """
    return bool(_turn_frames(_states(a), _states(b)))


def _turn_frames(x: int, y: int) -> int:
    """The frames (both their bits) in which states *x* and *y* are a turn."""
    frames = _side(x, y) | _side(y, x)
    return frames | frames << 1


def _side(x: int, y: int) -> int:
    """The frames (their pending bits) in which *x* states the pending state
    without its outcome and *y* the outcome without the pending state."""
    pending_x = x & _PENDING & ~(x >> 1)  # pending, and not the outcome, in x
    outcome_y = (y >> 1) & _PENDING & ~y  # (shifted to the pending bit) outcome, not pending, in y
    return pending_x & outcome_y


# Openings of a sentence telling of another event than the story's own.
_ASIDE = re.compile(
    r"^(?:[^,]{0,40},\s*)?(?:in|during)\s+(?:a\s+separate|an\s+unrelated|another|a\s+different)\s+"
    r"(?:incident|case|attack|accident|crash|investigation|trial|hearing|raid|shooting)\b"
    r"|^(?:[^,]{0,40},\s*)?dans\s+une?\s+(?:autre\s+(?:affaire|incident|accident|dossier)"
    r"|(?:affaire|incident|accident)\s+(?:distinct|distincte|séparé|séparée|sans\s+lien))"
    r"|^in\s+an\s+unrelated\b",
    re.IGNORECASE,
)


def asides(doc: Document) -> frozenset[int]:
    """Indices of sentences that tell of another event: one opening with "In a
    separate incident", "In another case", "Dans une autre affaire" and the
    like, and the sentences after it in its paragraph.

    >>> from redline.text.segment import segment
    >>> sorted(asides(segment("A man was hurt. Police arrested a man.\\n"
    ...     "In a separate incident, a woman was arrested. She was bailed.\\nMore to follow.")))
    [2, 3]
    """
    facts = _Facts(doc)
    return frozenset(x for x in range(len(doc.sentences)) if facts.read(x)[1])


class _Facts:
    """What the checks read of one version's sentences: ``(frame states, in an
    aside, the paragraph's opening place, comparison key)``, found for a
    sentence when it is first asked about (a paragraph's opening and asides
    are read once) and kept for the comparison."""

    __slots__ = ("_paragraph", "_paragraphs", "_sentences", "known")

    def __init__(self, doc: Document) -> None:
        self._sentences = doc.sentences
        self._paragraphs = doc.paragraphs
        self._paragraph: dict[int, tuple[int, str]] = {}  # -> first aside sentence, place
        self.known: dict[int, tuple[int, bool, str, str]] = {}

    def read(self, x: int) -> tuple[int, bool, str, str]:
        got = self.known.get(x)
        if got is None:
            sentences = self._sentences
            sentence = sentences[x]
            p = sentence.paragraph
            paragraph = self._paragraph.get(p)
            if paragraph is None:
                start, first = self._paragraphs[p]
                for k in range(start, first):
                    if _opens_aside(sentences[k].key):
                        first = k
                        break
                paragraph = self._paragraph[p] = (first, opening_place(sentences[start].text))
            key = sentence.key
            got = self.known[x] = (_states(key), x >= paragraph[0], paragraph[1], key)
        return got


# words every opening of an aside holds near its start: a cheap test first
_ASIDE_WORDS = (
    "separate",
    "another",
    "unrelated",
    "different",
    "autre",
    "distinct",
    "séparé",
    "sans lien",
)


@lru_cache(maxsize=16384)
def _opens_aside(key: str) -> bool:
    head = key[:100].lower()
    return any(w in head for w in _ASIDE_WORDS) and _ASIDE.search(key) is not None


class Apart:
    """Which pairs of sentences of two versions state different facts: a story
    turn, or an aside on one side only. Built once per comparison; the pairs
    in *slots* (headline and standfirst) are never apart (another part joined
    to a slot's link by a split or a merge may be).

    A sentence unlinked as one side of a story turn states a fact the other
    version no longer has (or does not have yet): from then on it may be linked
    only to a sentence that states the same state of that story (the new
    version's "the prosecution had asked for three years" restating the old
    "the prosecution asked for three years"), so that later steps do not pair
    it with a neighbour of its turned partner.
    """

    def __init__(self, old: Document, new: Document, slots: set[tuple[int, int]]) -> None:
        self._slots = slots
        # what the checks need of a sentence is read when it is first asked
        # about (most comparisons ask about a few edited sentences of long versions)
        self._old, self._new = _Facts(old), _Facts(new)
        self._spent_old: dict[int, int] = {}  # sentence -> the frame states it may still meet
        self._spent_new: dict[int, int] = {}

    def __call__(self, i: int, j: int) -> bool:
        if (i, j) in self._slots:
            return False
        x, aside_x, place_x, key_x = self._old.known.get(i) or self._old.read(i)
        y, aside_y, place_y, key_y = self._new.known.get(j) or self._new.read(j)
        if x and y and _turn_frames(x, y):
            return True
        spent = self._spent_old.get(i)
        if spent is not None and not spent & y:
            return True
        spent = self._spent_new.get(j)
        if spent is not None and not spent & x:
            return True
        if aside_x != aside_y:
            return True
        if place_x and place_y and place_x != place_y:
            return True  # paragraphs opening on other places (:mod:`redline.align.places`)
        return other_quote(key_x, key_y)

    def turn(self, i: int, j: int) -> None:
        """Old sentence *i* and new sentence *j*, just unlinked, are a story turn
        when they are not asides: keep each from sentences that do not state
        its own state of the turned story."""
        if (i, j) in self._slots:
            return
        x, aside_x, _, _ = self._old.read(i)
        y, aside_y, _, _ = self._new.read(j)
        if aside_x != aside_y:
            return
        frames = _turn_frames(x, y)
        if frames:
            self._spent_old[i] = x & frames
            self._spent_new[j] = y & frames


def unlink_apart(
    apart: Apart,
    pairs: list[tuple[int, int]],
    new_of: list[int],
    old_of: list[int],
    kind: list[str],
    splits: dict[int, list[int]] | None = None,
    merges: dict[int, list[int]] | None = None,
) -> bool:
    """Undo those of the similar links *pairs* (old, new) still in place whose
    two sentences are *apart*, in place: the old sentence becomes deleted and
    the new one added. Every split in *splits* and merge in *merges* loses the
    parts that are apart. Whether any link was undone."""
    undone = False
    splits = splits or {}
    merges = merges or {}
    if not pairs and not splits and not merges:
        return False
    for i, j in pairs:
        if (
            new_of[i] == j
            and old_of[j] == i
            and kind[i] in _SIMILAR
            and i not in splits
            and j not in merges
            and apart(i, j)
        ):
            new_of[i] = old_of[j] = -1
            undone = True
            apart.turn(i, j)
    for i in list(splits):
        parts = [y for y in splits[i] if not apart(i, y)]
        undone = _shrink(splits, i, parts, old_of, new_of) or undone
    for j in list(merges):
        first = old_of[j]
        parts = [x for x in merges[j] if not apart(x, j)]
        if _shrink(merges, j, parts, new_of, old_of):
            undone = True
            if parts:
                kind[old_of[j]] = kind[first]  # the merge's own pair is its first part now
    return undone


_SIMILAR = ("edited", "moved-edited")


def _shrink(
    groups: dict[int, list[int]], one: int, parts: list[int], of_part: list[int], of_one: list[int]
) -> bool:
    """Keep only *parts* of the group of *one* (a split's old index with its
    new parts, or a merge's new index with its old parts): the others are
    unlinked, the group's own 1:1 pair becomes its first remaining part, and a
    group of one part is a plain link. *of_part* maps a part to *one*'s side,
    *of_one* the reverse."""
    before = groups[one]
    if len(parts) == len(before):
        return False
    for p in before:
        if p not in parts:
            of_part[p] = -1
    if parts:
        of_one[one] = parts[0]
    else:
        of_one[one] = -1
    if len(parts) > 1:
        groups[one] = parts
    else:
        del groups[one]
    return True
