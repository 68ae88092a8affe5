"""Story turns: two sentences that state a pending state of a story and its outcome.

When a story moves on, its lede is often rewritten in the old words with a new
fact: talks become a signing, a search ends in a find, a trial in a verdict, a
half-time lead in a win, an outage in a restored service, a vote due in a vote
taken. The two sentences share their subject, names and most content words,
so every similarity says "edited"; but a reader sees a new fact, and the old
one is gone (a rumour is not an early draft of its confirmation).

A *frame* is a kind of story that moves from a pending state to an outcome. Two
sentences are a turn when one states a frame's pending state without its
outcome and the other states the outcome, which the first does not. Both
versions are read alike (a turn read backwards is a turn), so the aligner's
mirror property holds. Terms are matched as word prefixes on lower-cased text,
in English and French; they are general news vocabulary, not tuned to
particular stories. :mod:`redline.align.apart` keeps such pairs apart.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

__all__ = ["frame_states", "turn_frames", "turned"]


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
            "has signed|have signed|signed a|signs|has agreed|have agreed|had agreed|agreed a deal|"
            "agreed to buy|agreed to acquire|agreed to sell|agreed to merge|"
            "completed the signing|has completed|have completed|has joined|"
            "a signé|ont signé|a conclu|ont conclu|officialisé|a rejoint|s'est engagé|s’est engagé"
        ),
    ),
    _Frame(
        "search",
        (
            "search is continuing|search continues|searching for|search for|are looking for|"
            "search is under way|search was under way|search is underway|priority is to find|"
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
            "est en tête|sont en tête|too early to|trop tôt pour"
        ),
        (
            "has won|have won|won the election|was elected|has been elected|final result|"
            "official result|final result|final count|declared the winner|"
            "a été élu|a été élue|sera le prochain|sera la prochaine|résultats définitifs|"
            "résultats officiels|a remporté|ont remporté|accord de majorité|"
            "a été réélu|a été réélue|conceded|has become the largest|have become the largest|"
            "reconnu sa défaite|reconnu leur défaite"
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
        "decision",
        (
            "will decide|is due to decide|are due to decide|to decide whether|will vote|"
            "is due to vote|are due to vote|will rule|is due to rule|reserved judgment|"
            "reserved judgement|will consider|will be asked to approve|"
            "doit se prononcer|doivent se prononcer|doit statuer|doit décider|doivent décider|"
            "doit trancher|se prononcera|statuera|mis en délibéré|mise en délibéré|"
            "to decide|pour décider|will meet to|doit se réunir|doivent se réunir"
        ),
        (
            "voted to|voted against|voted in favour|voted in favor|has approved|have approved|"
            "approved the|rejected the|has rejected|have rejected|ruled that|ruled in favour|"
            "ruled in favor|ruled against|has decided|have decided|decided to|"
            "a voté|ont voté|a approuvé|ont approuvé|a rejeté|ont rejeté|a tranché|a statué|"
            "a décidé|ont décidé|a validé|ont validé|a donné son feu vert|"
            "announced|a annoncé|ont annoncé"
        ),
    ),
    _Frame(
        "suspicion",
        (
            "suspected case|suspected outbreak|suspected cases|is being tested|are being tested|"
            "suspected broken|suspected fracture|fracture présumée|"
            "awaiting test results|awaiting the results|cas suspect|suspicion de|suspicions de|"
            "analyses sont en cours|résultats sont attendus|résultats attendus"
        ),
        (
            "has been confirmed|have been confirmed|was confirmed|were confirmed|tested positive|"
            "tested negative|confirmed case|a été confirmé|a été confirmée|ont été confirmés|"
            "s'est révélé|s’est révélé|se sont révélés|testé positif|testée positive|"
            "foyer confirmé|cas confirmé|confirmed that he had|confirmed that she had|"
            "ont confirmé qu|a confirmé qu"
        ),
    ),
    _Frame(
        "manhunt",
        (
            "on the run|still at large|remains at large|remain at large|manhunt|is wanted|"
            "are wanted|en fuite|en cavale|toujours recherché|toujours recherchée|"
            "activement recherché|activement recherchée"
        ),
        (
            "was arrested|were arrested|has been arrested|have been arrested|was caught|"
            "has been caught|handed himself in|handed herself in|surrendered|was detained|"
            "a été interpellé|a été interpellée|ont été interpellés|a été arrêté|a été arrêtée|"
            "s'est rendu|s’est rendu|s'est rendue|s’est rendue"
        ),
    ),
    _Frame(
        "prospect",
        (
            "is set to be|are set to be|is expected to be|are expected to be|is likely to be|"
            "are likely to be|is poised to|are poised to|is considering|are considering|"
            "envisagerait|envisageraient|envisage de|envisagent de|pourrait être|"
            "pourraient être|devrait être|devraient être"
        ),
        (
            "has been|have been|has announced|have announced|announced on|a annoncé|ont annoncé|"
            "a été|ont été"
        ),
    ),
    _Frame(
        "report",
        (
            "according to reports|reportedly|is reported to|are reported to|"
            "according to people familiar|people familiar with|unconfirmed reports|rumours|rumors|"
            "selon plusieurs sources|selon nos informations|selon des sources|rumeurs|"
            "aurait été|auraient été"
        ),
        (
            "has confirmed|have confirmed|officially|a confirmé|ont confirmé|"
            "officiellement|a officialisé|ont officialisé"
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
def frame_states(text: str) -> int:
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
    return bool(turn_frames(frame_states(a), frame_states(b)))


def turn_frames(x: int, y: int) -> int:
    """The frames (both their bits) in which states *x* and *y* are a turn."""
    frames = _side(x, y) | _side(y, x)
    return frames | frames << 1


def _side(x: int, y: int) -> int:
    """The frames (their pending bits) in which *x* states the pending state
    without its outcome and *y* the outcome without the pending state."""
    pending_x = x & _PENDING & ~(x >> 1)  # pending, and not the outcome, in x
    outcome_y = (y >> 1) & _PENDING & ~y  # (shifted to the pending bit) outcome, not pending, in y
    return pending_x & outcome_y
