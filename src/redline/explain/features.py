"""Features of sentences that edit classes are decided on.

All functions are pure and work on one sentence (or one pair of sentences):
figures (numbers, dates, times, money, scores), names, quotation spans and
attributed speech, correction notes and breaking-news markers.
"""

from __future__ import annotations

import re
from collections import Counter

from rapidfuzz.distance import Indel

from redline.text.normalize import normalize
from redline.text.tokens import STOPWORDS, tokenize

__all__ = [
    "breaking_marker",
    "correction_marker",
    "figures",
    "is_speech",
    "names",
    "number_word",
    "quote_spans",
    "similar_spelling",
    "words",
]

# --- markers -------------------------------------------------------------------------

_CORRECTION = re.compile(
    r"""
    ^\W*(?:correction|clarification|corrections?\ and\ clarifications|editor'?s'?\ note
         |rectificatif|erratum|précision|note\ de\ la\ rédaction)\s*[:.\-]
    | \ban?\ (?:earlier|previous|original|prior)\ version\ of\ (?:this|the)
        \ (?:article|story|report|piece)
    | \bthis\ (?:article|story|report|piece|headline)\ (?:has\ been|was)
        \ (?:amended|corrected|changed|(?:updated|edited)\ to\ (?:correct|clarify|reflect|remove))
    | \bwe\ (?:apologi[sz]e\ for\ (?:the|this|any)\ (?:error|mistake)
        |are\ happy\ to\ (?:correct|clarify))
    | \b(?:was|were|has\ been)\ corrected\ on\b
    | \bune\ (?:précédente|première|ancienne)\ version\ de\ cet\ article
    | \bcet\ article\ a\ été\ (?:modifié|corrigé|rectifié)
    """,
    re.IGNORECASE | re.VERBOSE,
)

_BREAKING = re.compile(
    r"""
    ^\W*(?:more\ (?:to\ follow|follows|details\ (?:to\ follow|soon|shortly))
         |further\ details\ (?:to\ follow|soon)|more\ soon|details\ to\ follow
         |this\ (?:is\ a\ )?(?:breaking\ )?(?:news\ )?(?:story|article|report)
            \ (?:is\ )?(?:developing|being\ updated|will\ be\ updated)
         |this\ is\ a\ (?:developing|breaking)\ (?:news\ )?(?:story|situation)
         |breaking(?:\ news)?\s*[:\-]|breaking(?:\ news)?$
         |(?:update[ds]?|latest)\s*(?:at|:|-)\s*\d{1,2}[:.h]?\d{0,2}
            \s*(?:am|pm|gmt|bst|cet|cest|edt|est|utc)?
         |updated?\ (?:\d{1,2}[:.]\d{2}|on\ \w+day)
         |plus\ d'informations\ à\ suivre|(?:article\ )?en\ cours\ d'actualisation
         |mise\ à\ jour\s*:?\s*\d
         |live(?:\ updates)?\s*$|developing\ story|just\ in\s*[:\-]?
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)


def correction_marker(text: str) -> bool:
    """True when *text* is (or opens) a correction or editor's note."""
    return bool(_CORRECTION.search(normalize(text)))


def breaking_marker(text: str) -> bool:
    """True when *text* is a breaking-news marker ("More to follow.", "Updated at 14:05")."""
    t = normalize(text)
    return len(t.split()) <= 14 and bool(_BREAKING.match(t))


# --- figures -------------------------------------------------------------------------

def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTHS = _wordset(
    "january february march april june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
)
_DAYS = _wordset(
    "monday tuesday wednesday thursday friday saturday sunday "
    "lundi mardi mercredi jeudi vendredi samedi dimanche"
)
_DATE_WORDS = _MONTHS | _DAYS
_SCALE = _wordset("million millions billion billions trillion bn m k thousand hundred % percent")
_NUMBER_WORDS = _wordset(
    """
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred hundreds thousand thousands million millions billion billions dozen dozens score scores
    first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth twentieth
    half quarter double triple twice several few many
    un deux trois quatre cinq six sept huit neuf dix vingt trente cent cents mille premier première
    deuxième troisième
    """
)


def number_word(token: str) -> bool:
    """True for a spelled-out number or ordinal (counted when it replaces another)."""
    return token.casefold() in _NUMBER_WORDS


def figures(text: str) -> list[str]:
    """Figures of *text* in order: numbers with their units and scales, dates, times,
    money, percentages and scores (``"3:29.38"``, ``"£4.5bn"``, ``"12 million"``,
    ``"August"``). Spelled-out numbers are not figures on their own (see
    :func:`number_word`)."""
    toks = tokenize(normalize(text))
    out: list[str] = []
    k = 0
    while k < len(toks):
        t = toks[k]
        low = t.casefold()
        if any(ch.isdigit() for ch in t):
            value = t
            if k + 1 < len(toks) and toks[k + 1].casefold() in _SCALE:
                value = f"{t} {toks[k + 1]}" if toks[k + 1] != "%" else t + "%"
                k += 1
            elif [x.casefold() for x in toks[k + 1 : k + 3]] == ["per", "cent"]:
                value = f"{t} per cent"
                k += 2
            out.append(value)
        elif low in _DATE_WORDS and (t[0].isupper() or low in _DAYS):
            if low in ("mar", "may", "jan", "sep", "mai") and not _digit_near(toks, k):
                k += 1
                continue
            out.append(t)
        k += 1
    return out


def _digit_near(toks: list[str], k: int) -> bool:
    near = toks[max(0, k - 1) : k] + toks[k + 1 : k + 2]
    return any(any(ch.isdigit() for ch in t) for t in near)


def figure_changes(old: str, new: str) -> list[tuple[str | None, str | None]]:
    """Figures that differ between *old* and *new*, paired in reading order.

    A figure that only moved within the sentence is not a change.
    """
    a, b = figures(old), figures(new)
    if a == b:
        return []
    gone = Counter(x.casefold() for x in a) - Counter(x.casefold() for x in b)
    came = Counter(x.casefold() for x in b) - Counter(x.casefold() for x in a)
    removed = _take(a, gone)
    added = _take(b, came)
    return [
        (removed[k] if k < len(removed) else None, added[k] if k < len(added) else None)
        for k in range(max(len(removed), len(added)))
    ]


def _take(items: list[str], wanted: Counter[str]) -> list[str]:
    left = Counter(wanted)
    out = []
    for x in items:
        if left[x.casefold()] > 0:
            left[x.casefold()] -= 1
            out.append(x)
    return out


# --- names ---------------------------------------------------------------------------

_CAP_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’\-.]*|[A-ZÀ-ÖØ-Þ]")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_OPENING = "\"'“‘«(["
_NOT_NAMES = _wordset(
    """
    i i'm i've i'd i'll it's he's she's we're they're mr mrs ms dr prof sir dame lord lady
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    """
)


def names(text: str) -> set[str]:
    """Capitalised words that are not sentence-initial (names of people, places,
    organisations), possessives stripped. A sentence-initial word counts when
    the next word is capitalised too (``"Jake Wightman said"``)."""
    out: set[str] = set()
    toks = [m for m in re.finditer(r"\S+", normalize(text))]
    initial = True
    for k, m in enumerate(toks):
        raw = m.group(0)
        word = raw.strip(_OPENING + ".,;:!?)]»\"'”’")
        starts = initial
        initial = raw.rstrip("\"'”’»)").endswith((".", "!", "?", ":"))
        if not word or not _CAP_WORD.match(word):
            continue
        if any(ch.isdigit() for ch in word):
            continue
        base = _POSSESSIVE.sub("", word)
        low = base.casefold()
        if low in _NOT_NAMES or low in STOPWORDS:
            continue
        if starts or raw[0] in _OPENING:
            nxt = toks[k + 1].group(0).lstrip(_OPENING) if k + 1 < len(toks) else ""
            if not (nxt[:1].isupper() and nxt.strip(".,;:").casefold() not in STOPWORDS):
                continue
        out.add(base)
    return out


def similar_spelling(a: str, b: str) -> bool:
    """True when *b* looks like a respelling of *a* (a typo fixed, an accent added)."""
    if a.casefold() == b.casefold():
        return True
    if len(a) < 4 or len(b) < 4:
        return False
    return Indel.normalized_similarity(a.casefold(), b.casefold()) >= 0.8


# --- quotes and speech ---------------------------------------------------------------

_SPEECH = re.compile(
    r"""
    \b(?:said|says|told|tells|according\ to|quoted\ as\ saying|insisted|insists|warned|warns
        |explained|explains|stated|declared|admitted|admits|argued|argues|claimed|claims
        |wrote|writes|tweeted|posted|asked|replied|added(?=\s*[.,:]|\s+(?:that|the|he|she|they))
        |a\ (?:déclaré|dit|affirmé|expliqué|ajouté|indiqué|précisé|estimé|assuré)
        |selon|affirme|estime|explique)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)


def is_speech(text: str) -> bool:
    """True when *text* reports speech (``said``, ``told``, ``according to``, ``a déclaré``)."""
    return bool(_SPEECH.search(text))


_OPEN = {"“": "”", "«": "»", "„": "“", "‹": "›"}
_CLOSERS = frozenset("”»›")


def quote_spans(text: str, open_at_start: bool = False) -> tuple[list[tuple[int, int]], bool]:
    """Character spans of *text* inside quotation marks, and whether a quotation is
    still open at its end (a quote that runs on into the next sentence).

    Understands “ ” „ “ « » ‹ › and straight double quotes; a single ‘ opens a
    quote only after a space or at the start (otherwise it is an apostrophe).
    *open_at_start* continues a quotation opened in an earlier sentence.
    """
    spans: list[tuple[int, int]] = []
    start = 0 if open_at_start else -1
    closer = "”" if open_at_start else ""
    n = len(text)
    for k, ch in enumerate(text):
        if start < 0:
            if ch in _OPEN:
                start, closer = k, _OPEN[ch]
            elif ch == '"':
                start, closer = k, '"'
            elif ch == "‘" and (k == 0 or not text[k - 1].isalnum()):
                start, closer = k, "’"
            elif ch in _CLOSERS and not spans and k > 0:
                # a closing mark with no opening: the quote began in an earlier sentence
                spans.append((0, k + 1))
        else:
            if ch == closer or (closer == "”" and ch in "”\"") or (closer == '"' and ch == "”"):
                if closer == "’" and k + 1 < n and text[k + 1].isalnum():
                    continue  # an apostrophe inside the quote
                spans.append((start, k + 1))
                start, closer = -1, ""
    still_open = start >= 0
    if still_open:
        spans.append((start, n))
    return spans, still_open


def words(text: str) -> list[str]:
    """Case-folded word tokens of *text*, typography and punctuation ignored."""
    return [t.casefold() for t in tokenize(normalize(text)) if t[0].isalnum()]
