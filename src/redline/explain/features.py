"""Features of sentences that edit classes are decided on.

All functions are pure and work on one sentence (or one pair of sentences):
figures (numbers, dates, times, money, scores), names, quotation spans and
attributed speech, correction notes and breaking-news markers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from rapidfuzz.distance import Indel

from redline.explain import markers
from redline.text.normalize import normalize
from redline.text.tokens import STOPWORDS

__all__ = [
    "CORRECTION_WORDS",
    "SPEECH_WORDS",
    "breaking_marker",
    "correction_marker",
    "has_quote_marks",
    "hint_words",
    "is_not_name",
    "is_speech",
    "may_hold_figures",
    "name_spans",
    "names_in",
    "quote_spans",
    "similar_spelling",
    "used_as_name",
]


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- markers -------------------------------------------------------------------------

_CORRECTION = re.compile(
    r"""
    ^\W*(?:correction|clarification|corrections?\ and\ clarifications|editor'?s'?\ note
         |rectificatif|erratum|précision|note\ de\ la\ rédaction|ndlr|n\.d\.l\.r\.)\s*[:.\-]
    | \b(?:an?|the)\ (?:earlier|previous|original|prior)\ version
        (?:\ of\ (?:this|the)\ (?:article|story|report|piece|caption|headline|graphic|video|post))?
        (?:\ (?:said|stated|wrongly|incorrectly|misspel[lt]|misidentified|misnamed|gave|reported
             |named|referred|described|suggested|could|omitted|attributed|included|misquoted
             |quoted|called|used|was|did)\b|\ of\ (?:this|the)\ \w+)
    | \bthis\ (?:article|story|report|piece|headline|caption)\ (?:has\ been|was)
        \ (?:amended|corrected|changed|(?:updated|edited)\ to\ (?:correct|clarify|reflect|remove))
    | \bthis\ (?:article|story|version)\ corrects\b
    | ^\W*\(\s*(?:corrects|correcting|fixes|refiles\ to\ correct|corrige|rectifie)\b
    | \b(?:has|have|was|were)\ been\ (?:removed|deleted)\ from\ this\ (?:article|story)
    | \bwe\ (?:apologi[sz]e\ for\ (?:the|this|any)\ (?:error|mistake)
        |are\ happy\ to\ (?:correct|clarify))
    | \b(?:was|were|has\ been)\ corrected\ on\b
    | \b(?:une|la)\ (?:version\ )?(?:précédente|première|ancienne|antérieure)\ (?:version\ )?
        de\ (?:cet|cette|notre)\ (?:article|dépêche|papier|légende|titre|infographie)
    | \b(?:cet|cette)\ (?:article|dépêche|légende)\ a\ été\ (?:modifiée?|corrigée?|rectifiée?)
    | \b(?:a|ont)\ été\ (?:retirée?s?|supprimée?s?|modifiée?s?|corrigée?s?)
        \ de\ (?:cet|cette)\ (?:article|dépêche)
    """,
    re.IGNORECASE | re.VERBOSE,
)

_WORD = re.compile(r"[a-zà-öø-ÿœ]+")  # English and French letters: what the markers use


def hint_words(text: str) -> frozenset[str]:
    """Case-folded letter runs of *text*: one pass that the cheap tests below share."""
    return frozenset(_WORD.findall(text.casefold()))


CORRECTION_WORDS = _wordset(
    """
    correction corrections corrected correct clarification clarifications clarify amended version
    apologise apologize editor editors rectificatif erratum précision rédaction modifié corrigé
    rectifié corrects correcting fixes refiles ndlr n earlier previous précédente ancienne
    antérieure retirée retiré supprimée supprimé removed deleted modifiée corrigée rectifiée
    corrige rectifie
    """
)


def correction_marker(
    text: str, *, key: str | None = None, words: frozenset[str] | None = None
) -> bool:
    """True when *text* is (or opens) a correction or editor's note.

    *key* is the text's :func:`~redline.text.normalize.normalize` form when known.
    """
    if not (hint_words(text) if words is None else words) & CORRECTION_WORDS:
        return False
    return bool(_CORRECTION.search(normalize(text) if key is None else key))


def breaking_marker(
    text: str, *, key: str | None = None, words: frozenset[str] | None = None
) -> bool:
    """True when *text* is a breaking-news marker ("More to follow.", "Updated at
    14:05", "BREAKING: …"); see :mod:`redline.explain.markers`. *words* are
    :func:`hint_words` of *text* when known."""
    return markers.breaking_marker(normalize(text) if key is None else key, words)


# --- figures -------------------------------------------------------------------------

_DIGIT = re.compile(r"\d")


def may_hold_figures(text: str, words: frozenset[str] | None = None) -> bool:
    """Cheap test: False when *text* surely holds no figure (digits or dates)."""
    if _DIGIT.search(text):
        return True
    return bool((hint_words(text) if words is None else words) & _DATE_HINTS)


_MONTHS = _wordset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_FRENCH_DATES = _wordset(
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
    "lundi mardi mercredi jeudi vendredi samedi dimanche"
)
_DAYS = _wordset("monday tuesday wednesday thursday friday saturday sunday")
_DATE_WORDS = _MONTHS | _FRENCH_DATES | _DAYS
# abbreviations come with a day number, which the digit test catches
_DATE_HINTS = frozenset(w for w in _DATE_WORDS if len(w) > 4)


def _has_digit(token: str) -> bool:
    return any(map(str.isdigit, token))


# --- names ---------------------------------------------------------------------------

_NAME_CLOSERS = "\"'”’»)].,;:!?-"
_NAME_OPENERS = "\"'“‘«([ "
_OPENING_MARKS = "\"'“‘«(["
# a word starting with a capital, after optional opening quotes or brackets, not
# inside a word: the first character first (a pattern that opens with a character
# set is scanned fast), then the look-behind (nothing but space before it)
_CAPITALISED = re.compile(
    r"[\"'“‘«(\[A-ZÀ-ÖØ-Þ](?<!\S.)(?:(?<=[A-ZÀ-ÖØ-Þ])|[\"'“‘«(\[]*[A-ZÀ-ÖØ-Þ])\S*"
)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_NOT_NAMES = _wordset(
    """
    i i'm i've i'd i'll it's he's she's we're they're mr mrs ms dr prof sir dame lord lady
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    breaking developing urgent alerte exclusive update updated latest live watch video analysis
    opinion explainer dernière direct flash état celsius fahrenheit
    """
)


# common words that open a sentence before a name ("First UK flights resume",
# "Several Labour MPs…"): not part of it, unless the article uses them as one
_OPENERS_BEFORE_NAMES = _wordset(
    """
    first second third last next many several another top early late latest
    today yesterday tonight tomorrow even still
    premier première premiers premières dernier dernière derniers dernières plusieurs
    selon hier demain
    """
)


def is_not_name(word: str) -> bool:
    """True for capitalised words that are not names (``I``, ``Mr``, month names)."""
    return word in _NOT_NAMES


def names_in(
    text: str, start: int = 0, end: int | None = None, known: Callable[[str], bool] | None = None
) -> list[str]:
    """Names of people, places, organisations touching ``text[start:end]`` (see
    :func:`name_spans`); a name of several words counts whole ("New York")."""
    end = len(text) if end is None else end
    # a name of several words reaches out of the changed words: look around them
    lo = max(0, start - 60)
    lo = text.rfind(" ", 0, lo) + 1 if lo else 0
    hi = text.find(" ", min(len(text), end + 60))
    spans = name_spans(text, known, lo, len(text) if hi < 0 else hi)
    return [name for name, s, e in spans if s < end and start < e]


_SYMBOLS = re.compile(r"[€$£¥%&@#/+=]")
_CONNECTORS = frozenset({"of", "de", "du", "des", "la", "le", "van", "von", "der", "den", "di"})
_CONNECTORS |= {"da", "al", "bin", "ben", "del", "&", "d'", "d’", "de l'", "de l’"}
# a capitalised word after an elided article or preposition (group 1: the word)
# (the letter first, then the look-behind: a pattern opening with a character set
# is scanned fast)
_ELIDED = re.compile(r"[ldLD](?<![^\W\d_].)['’]([A-ZÀ-ÖØ-Þ]\S*)")


def name_spans(
    text: str, known: Callable[[str], bool] | None = None, start: int = 0, end: int | None = None
) -> list[tuple[str, int, int]]:
    """Names of *text* with their character spans: runs of capitalised words
    ("New York", "Bank of England", "Marine Le Pen") that do not merely start a
    sentence, possessives stripped. A word that starts a sentence counts when
    the next word is capitalised too ("Jake Wightman said"), or when *known*
    says the article uses it as a name elsewhere ("Kerr won" after "Josh
    Kerr"). Stop words, titles of months and days, and marker flags in
    capitals ("BREAKING") are not names."""
    words: list[tuple[str, int, int, bool]] = []  # word, start, end, ends a run
    stop = len(text) if end is None else end
    found: Iterable[re.Match[str]] = _CAPITALISED.finditer(text, start, stop)
    if "'" in text or "’" in text:
        # French elision: "l'Olympique lyonnais", "Conseil d'État"
        elided = list(_ELIDED.finditer(text, start, stop))
        if elided:
            plain = list(found)
            taken = [(m.start(), m.end()) for m in plain]
            elided = [m for m in elided if not any(a < m.end() and m.start() < b for a, b in taken)]
            found = sorted([*plain, *elided], key=lambda m: m.start())
    for m in found:
        raw = m[1] if m.lastindex else m[0]
        if raw[0] in _OPENING_MARKS:
            raw = raw.lstrip(_OPENING_MARKS)
        word = raw.rstrip(_NAME_CLOSERS)
        closed = word != raw
        if word[-1:] in ("s", "'", "’"):
            bare = _POSSESSIVE.sub("", word)
            closed = closed or bare != word
            word = bare
        low = word.casefold()
        if (
            not word
            or low in STOPWORDS
            or low in _NOT_NAMES
            or (not word.isalpha() and (_has_digit(word) or _SYMBOLS.search(word)))
        ):
            continue
        first = m.end() - len(raw)
        before = text[max(0, first - 4) : first].rstrip(_NAME_OPENERS)
        if m.lastindex:  # elided: "L'État" opening a sentence starts it
            before = text[max(0, m.start() - 4) : m.start()].rstrip(_NAME_OPENERS)
        if (not before and first < 4) or (before and before[-1] in ".!?:"):
            nxt = text[m.end() : m.end() + 40].lstrip(" ,")
            if (
                low in _OPENERS_BEFORE_NAMES
                or not (nxt[:1].isupper() and nxt.split(" ", 1)[0].casefold() not in STOPWORDS)
            ) and (known is None or not known(word)):
                continue
        words.append((word, first, first + len(word), closed))
    out: list[tuple[str, int, int]] = []
    previous_closed = True
    for word, s, e, closed in words:
        if out and not previous_closed:
            ps, pe = out[-1][1:]
            gap = text[pe:s]
            if gap == " " or (
                gap[:1] == " "
                and (gap[-1:] == " " or gap[-1:] in "'’")
                and gap.strip().casefold() in _CONNECTORS
            ):
                out[-1] = (text[ps:e], ps, e)
                previous_closed = closed
                continue
        out.append((word, s, e))
        previous_closed = closed
    return out


_TITLE_INNER = re.compile(r"[.!?,;:]")


def title_like(quoted: str) -> bool:
    """True when a quoted span reads as the title of a work (« Le Silence des
    vagues », "Oppenheimer"): it opens with a capital, holds no sentence
    punctuation and at most six words; a quotation does not name a work."""
    inner = quoted.strip(" \"'“”‘’«»„‹›")
    if not inner or not inner[0].isupper() or _TITLE_INNER.search(inner):
        return False
    words = inner.split()
    return len(words) <= 6 and (len(words) > 1 or inner.isalpha())


def used_as_name(word: str, text: str) -> bool:
    """True when *text* has *word* capitalised after another word (not starting a
    sentence), so it is a name there."""
    at = text.find(" " + word)
    while at >= 0:
        end = at + 1 + len(word)
        if (at == 0 or text[at - 1] not in ".!?:\"“”«»'‘’\n") and (
            end == len(text) or not text[end].isalnum()
        ):
            return True
        at = text.find(" " + word, at + 1)
    return False


def similar_spelling(a: str, b: str) -> bool:
    """True when *b* looks like a respelling of *a* (a typo fixed, an accent added)."""
    x, y = a.casefold(), b.casefold()
    if x == y or _bare(x) == _bare(y) or (len(x) >= 3 and sorted(x) == sorted(y)):
        return True  # case, an apostrophe or hyphen, two letters swapped
    if _unaccented(x) == _unaccented(y):
        return True  # an accent added or fixed: "a" → "à", "Elysée" → "Élysée"
    if len(x) < 4 or len(y) < 4:
        return False
    # a name needs to be closer ("John" → "Jane" is another person)
    name = a[:1].isupper() or b[:1].isupper()
    if Indel.normalized_similarity(x, y) >= (0.8 if name else 0.75):
        return True
    return name and transliteration(x, y)


_VOWELS = frozenset("aeiouyjwàâäéèêëîïôöùûüÿœ")


def transliteration(a: str, b: str) -> bool:
    """True when names *a* and *b* (case-folded) are the same name written from
    another alphabet ("Kiev" → "Kyiv", "Mohammed" → "Muhammad", "Odessa" →
    "Odesa"): the same first letter and consonants (doubles as one), vowels (with
    y, j, w) changed in more than one place or in number. One vowel swapped is
    another name ("Hill" → "Hall")."""
    if a[:1] != b[:1] or len(a) < 4 or len(b) < 4:
        return False
    if _skeleton(a) != _skeleton(b) or len(_skeleton(a)) < 2:
        return False
    va = [c for c in a if c in _VOWELS]
    vb = [c for c in b if c in _VOWELS]
    return len(va) != len(vb) or sum(p != q for p, q in zip(va, vb, strict=True)) > 1


def _skeleton(word: str) -> str:
    out: list[str] = []
    for c in _unaccented(word):
        if c not in _VOWELS and c.isalpha() and (not out or out[-1] != c):
            out.append(c)
    return "".join(out)


def _unaccented(word: str) -> str:
    if word.isascii():
        return _bare(word)
    return _bare(
        "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    )


def _bare(word: str) -> str:
    return word.replace("'", "").replace("’", "").replace("-", "")


# --- quotes and speech ---------------------------------------------------------------

_SPEECH = re.compile(
    r"""
    \b(?:said|says|saying|(?<!was\ )(?<!were\ )(?<!been\ )(?<!being\ )(?<!reportedly\ )
        told(?!\ to\b)|tells
        |according\ to|quoted\ as\ saying|insisted|insists|warned|warns
        |explained|explains|stated|declared|argued|argues|arguing|claimed|claiming
        |insisting|warning(?=\s+(?:that|of|the|it|he|she|they))|adding(?=\s+that)
        |claims(?=\s+that\b)|(?<=he\ )claims|(?<=she\ )claims|(?<=they\ )claims
        |wrote|writes|tweeted|asked|replied
        |(?<!be\ )(?<!been\ )(?<!was\ )(?<!were\ )added(?=\s*[.,:]|\s+(?:that|the|he|she|they))
        |a\ (?:déclaré|dit|affirmé|expliqué|ajouté|indiqué|précisé|estimé|assuré|répondu|lancé
            |réagi|martelé|souligné|confié|dénoncé|reconnu|prévenu|averti|insisté|jugé)
        |(?:aurait|auraient|ont|avait)\ (?:déclaré|dit|affirmé|lancé|répondu|ajouté|assuré)
        |selon|affirme|estime|explique|estimant|affirmant|jugeant|assurant|expliquant
        |soulignant|déclarant|dénonçant|rappelant(?=\ que))\b
    """,
    re.IGNORECASE | re.VERBOSE,
)


# a sentence that holds none of these cannot report speech
SPEECH_WORDS = _wordset(
    """
    said says saying told tells according quoted insisted insists insisting warned warns warning
    explained explains stated declared argued argues arguing claimed claims claiming wrote writes
    tweeted asked replied added adding
    déclaré dit affirmé expliqué ajouté indiqué précisé estimé assuré selon affirme estime explique
    répondu lancé réagi martelé souligné confié dénoncé reconnu prévenu averti insisté jugé
    estimant affirmant jugeant assurant expliquant soulignant déclarant dénonçant rappelant
    """
)


# speech verbs that need no context; the others ("told to", "may be added",
# "insurance claims", "according to") go through the full expression
_SURE_SPEECH = SPEECH_WORDS - _wordset(
    "told added adding claims according quoted asked dit warning"
)


def is_speech(text: str, words: frozenset[str] | None = None) -> bool:
    """True when *text* reports speech (``said``, ``told``, ``according to``, ``a déclaré``)."""
    hints = (hint_words(text) if words is None else words) & SPEECH_WORDS
    if not hints:
        return False
    return bool(hints & _SURE_SPEECH) or bool(_SPEECH.search(text))


def speech_verb(text: str) -> tuple[str, int] | None:
    """The first speech verb of *text* and the offset where it ends, else ``None``."""
    m = _SPEECH.search(text)
    return (m.group(0), m.end()) if m else None


_QUOTE_CHARS = re.compile('["“”«»„‹›‘]')


def has_quote_marks(text: str) -> bool:
    if text.isascii():
        return '"' in text  # the only quotation mark in ASCII
    return _QUOTE_CHARS.search(text) is not None


_OPEN = {"“": "”", "«": "»", "„": "“", "‹": "›"}
_CLOSERS = frozenset("”»›")


_MARKS = re.compile('["“”«»„‹›‘’]')


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
    for m in _MARKS.finditer(text):
        k, ch = m.start(), m.group(0)
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
        elif ch == closer or (closer == "”" and ch == '"') or (closer == '"' and ch == "”"):
            if closer == "’" and k + 1 < n and text[k + 1].isalnum():
                continue  # an apostrophe inside the quote
            spans.append((start, k + 1))
            start, closer = -1, ""
    still_open = start >= 0
    if still_open:
        spans.append((start, n))
    return spans, still_open
