"""Split an article version into paragraphs and sentences.

Paragraphs end at every line break (blank or not). A short line without final
punctuation is a heading (or a caption) and is kept whole. Inside a paragraph a
sentence may end at ``.``, ``!``, ``?`` or an ellipsis, followed by optional
closing quotes or brackets (French ``»`` may stand after a space) and white
space. Whether it does end is decided from the word before the mark and the
start of what follows:

* a capital, a digit, a currency sign or an opening quote starts a new sentence;
  so does a camel-case brand (``iPhone``, ``eBay``); after an ordinary word of
  five letters or more, or a number of three digits or more, any word does,
  since only abbreviations are followed by lower case (but after a closing
  quote lower case goes on with the sentence: 'called it "absurd." and left');
* titles and reference abbreviations (Mr., Dr., St., Gen., Fig. 3, M., MM.,
  av., art.) never end a sentence; e.g. and i.e. neither; "No." does unless a
  number follows ("No. 1");
* a.m., p.m. and etc. end it before a capitalised word, unless that word is a
  time zone, a weekday or a month ("6 a.m. GMT", "10 a.m. Monday");
* dotted abbreviations (U.S., D.C., B.C., J.-C.) and company suffixes (Inc.,
  Ltd., Co.) end it only before a word that usually starts sentences ("The",
  "It", "Elle") or an opening quote: "U.S. President Biden" stays whole; after
  initials (J.-M., J.R.R.) an article is part of a name ("J.-M. Le Pen");
* a single capital is an initial (J. K. Rowling, M. Macron) unless a
  pronoun or other clear sentence starter follows ("Plan B. It failed");
  a single small letter is a unit ("9,98 s.", "20 h.") and ends the sentence;
* after ``?`` or ``!`` and a closing quote, a name (capitalised words only)
  then a reporting verb is an attribution, not a new sentence ("“Are we
  ready?” Smith asked."), but "« Et après ? » Le maire n’a pas répondu." splits;
* a list number at the start of a sentence ("1. Preheat the oven.") is part of it.

A quotation that runs over several sentences is split at each of its
sentences, and its closing quote stays with the sentence it ends. Decimals,
times and scores (3:29.38, 2-1, £4.5m) never contain a break because a mark only
counts when white space follows it.

The rules were chosen against syntok, blingfire and pysbd on a hand-written test
set of English and French paragraphs (``tests/data/segmentation``, measured by
``bench/segmentation.py``, discussed in ``docs/alignment.md``).
"""

from __future__ import annotations

import re
from typing import cast

from redline.text.boilerplate import _SHORT_LINE_WORDS, is_boilerplate
from redline.text.document import Document, Sentence
from redline.text.normalize import normalize_many

__all__ = ["clear_cache", "is_heading", "segment", "split_sentences"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Titles and abbreviations after which a period never ends a sentence (lower case).
_NEVER_END = _words(
    """
    mr mrs ms mx messrs dr prof sen rep gov gen col lt sgt capt cmdr adm maj rev hon pres
    st mt ft fig figs pp p approx dept univ assn cf ca vs v al viz e.g i.e
    jan feb mar apr jun jul aug sep sept oct nov dec
    mme mlle mmes pr mgr ste cie av bd éd réf env chap janv févr fév avr juil déc ex
    p.ex c.-à-d
    """
)
# Never-ending titles that are ordinary words in lower case, so matched as written.
_NEVER_END_CASED = frozenset({"MM"})
# Words that end a sentence, unless a number follows: "No. 1" but '"No." Then';
# "vol. 2" and "art. 12", but "un autre vol." (a flight) and "l'art." end one.
_BEFORE_NUMBER = _words("no nos vol vols art")
# Abbreviations that usually end a sentence when a capital follows.
_USUALLY_END = _words("etc a.m p.m")
# Abbreviations that end a sentence only before a clear sentence starter.
_MAY_END = _words("inc ltd co corp jr sr plc bros llc b.c a.d j.-c")
# Words that follow a.m./p.m./etc. inside a sentence.
_AFTER_TIME = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday today tomorrow tonight yesterday
    january february march april may june july august september october november december
    """
)
# Words that start a sentence after an ambiguous abbreviation or initial.
_STARTERS = _words(
    """
    the a an he she it they we i you his her its their our this that these those there then
    but and so yet however meanwhile in on at after before when while if as mr mrs ms dr
    il elle ils elles nous on mais et ce cette ces cela puis selon
    le la les un une
    """
)
# Every word an abbreviation rule above looks up (lower case).
_ABBREVIATIONS = _NEVER_END | _BEFORE_NUMBER | _USUALLY_END | _MAY_END
# Articles that start French surnames (M. Le Pen, M. De Gaulle) and English initials.
_NOT_AFTER_INITIAL = _words("a an i le la les un une de du des")
# Reporting verbs: "“Why?” Smith asked." is one sentence.
_REPORTING = _words(
    """
    said says asked asks told tells added adds replied replies shouted shouts cried cries
    wrote writes insisted insists exclaimed exclaims warned warns explained explains joked
    jokes recalled recalls continued continues whispered yelled screamed demanded demands
    admitted admits tweeted posted declared declares suggested suggests
    dit demande demandé répond répondu lance lancé ajoute ajouté crie crié ironise rétorque
    """
)

# A run of marks, then closing quotes or brackets (if any) and white space. A
# match starts only where a run starts (the look-behind, after the first mark so
# that the scan still jumps from mark to mark), and the runs are possessive, so
# that the scan stays linear on pathological input ("!!!!…" without a space).
_CANDIDATE = re.compile(r"([.!?…](?<![.!?…][.!?…])[.!?…]*+)((?:\s?[»›])?[\"'”’)\]]*+)(\s+)")
_NEXT_START = re.compile(r"[\"'“‘«‹(\[¿¡]?\s?([^\W_]|[£$€¥])")
_NEXT_WORD = re.compile(r"[\w'’-]*")
_LIST_MARKER = re.compile(r"\(?\d{1,3}\)?")
_NEXT_LIST_MARKER = re.compile(r"(?:\d{1,3}|[a-zA-Z])\)\s")
_ELISION = re.compile(r"^(?:[cdjlmnst]|qu)['’](?=\w)", re.IGNORECASE)
_OPENERS = "\"'“‘«‹([¿¡"
_CLOSERS = "\"'”’»›)]"
_QUOTE_CLOSERS = "\"'”’»›"
_FINAL = ".!?…:;\"'”’»)]"
_CACHE_LINE_LIMIT = 4096  # longer lines are not memoised (memory)
_HEADING_MAX_WORDS = 15
_ATTRIBUTION_WINDOW = 6
_WORD_WINDOW = 64


def _next_word(text: str, start: int) -> str:
    m = _NEXT_WORD.match(text, start)
    return m.group() if m else ""  # it always matches (possibly the empty string)


def _word_before(text: str, start: int, stop: int) -> tuple[str, bool]:
    """The white-space-delimited word ending at *stop*, and whether it opens the sentence.

    Only the last few dozen characters are looked at, so that a paragraph without
    any sentence boundary stays linear; a longer word is cut to its end.
    """
    lo = max(start, stop - _WORD_WINDOW)
    head = text[lo:stop]
    parts = head.rsplit(None, 1)
    if not parts:
        return "", lo == start
    return parts[-1], lo == start and len(parts) == 1 and not head[:1].isspace()


def _camel(word: str) -> bool:
    """A brand written with an initial small letter: iPhone, eBay, easyJet."""
    return len(word) > 1 and word[0].islower() and any(c.isupper() for c in word[1:])


def _is_attribution(text: str, start: int) -> bool:
    """Do a name and a reporting verb follow *start* ("Smith asked", "Ms. Reid told")?

    The words before the verb must all be capitalised (a name, a title): in
    "L’accusé n’a pas répondu" the verb ends a new sentence instead.
    """
    words = text[start : start + 80].split(maxsplit=_ATTRIBUTION_WINDOW)[:_ATTRIBUTION_WINDOW]
    for i, w in enumerate(words):
        if i and w.strip(",.;:!?").lower() in _REPORTING:
            return True
        if not w[0].isupper():
            return False
    return False


def _dotted_initials(word: str) -> bool:
    """Single letters joined by dots or hyphens: u.s, d.c, j.-c, j.r.r (not 2-1)."""
    parts = word.replace("-", ".").split(".")
    return len(parts) > 1 and all(len(p) <= 1 and (not p or p.isalpha()) for p in parts)


def _after_abbreviation(word: str, first: str, nxt: str, quoted: bool) -> bool | None:
    """Decision for a period after *word* when it is an abbreviation, else None."""
    lower = word.lower()
    if lower in _NEVER_END or word in _NEVER_END_CASED:
        return False
    if lower in _BEFORE_NUMBER:
        return not first.isdigit()
    if lower in _USUALLY_END:
        return first.isupper() and not nxt.isupper() and nxt.lower() not in _AFTER_TIME
    low = nxt.lower()
    if lower in _MAY_END:
        # Inc., Ltd., Co., B.C., J.-C.: a new sentence only before a clear starter.
        return quoted or low in _STARTERS
    if ("." in lower or "-" in lower) and _dotted_initials(lower):
        # U.S., D.C., J.R.R., J.-M.: as above, but "J.-M. Le Pen" is a name.
        return quoted or (low in _STARTERS and low not in _NOT_AFTER_INITIAL)
    if len(word) == 1 and word.isalpha():
        if word.isupper():  # an initial: "J. K. Rowling", "M. Macron", unless "Plan B. It …"
            return low in _STARTERS and low not in _NOT_AFTER_INITIAL
        return first.isupper()  # a unit: "9,98 s.", "20 h."
    return None


def _is_boundary(text: str, m: re.Match[str], start: int) -> bool:
    end = m.end()
    nxt_m = _NEXT_START.match(text, end)
    if nxt_m is None:
        return False
    pos = nxt_m.start(1)
    first = text[pos]
    upper = first.isupper() or first.isdigit() or first in "£$€¥"
    mark = m.group(1)
    raw, opens = "", False
    if mark == ".":
        raw, opens = _word_before(text, start, m.start())
        # the commonest case, decided as below without the rest: an ordinary
        # word of five letters or more (no abbreviation), then a capital
        long_plain = len(raw) >= 5 and raw.isalpha() and raw.islower()
        if upper and long_plain and raw not in _ABBREVIATIONS:
            return True
    nxt = _next_word(text, pos)
    quoted = pos > end  # an opening quote or bracket comes first
    capital = upper or _camel(nxt)
    if mark != ".":
        if not capital:
            return False
        # “Are we ready?” Smith asked. — an attribution, not a new sentence.
        return not (
            ("?" in mark or "!" in mark)
            and any(c in _QUOTE_CLOSERS for c in m.group(2))
            and not quoted
            and (nxt.lower() not in _STARTERS or nxt.lower() in _NEVER_END)
            and _is_attribution(text, pos)
        )
    if _NEXT_LIST_MARKER.match(text, end):
        return True  # "Register online. b) Pay the fee."
    if opens and _LIST_MARKER.fullmatch(raw):
        return False  # "1. Preheat the oven."
    word = raw.strip(_OPENERS + _CLOSERS)
    if "'" in word or "’" in word:
        word = _ELISION.sub("", word)  # "l’art." is "art."
    if not word:
        return capital
    decided = _after_abbreviation(word, first, nxt, quoted)
    if decided is not None:
        return decided and (capital or quoted)
    if capital:
        return True
    # Only abbreviations are followed by lower case; a long word or number is not one.
    # After a closing quote, lower case goes on with the sentence: 'called it "absurd." and'.
    if m.group(2):
        return False
    long_word = len(word) >= 5 and word.isalpha() and word.islower()
    return first.isalpha() and (long_word or (len(word) >= 3 and word.isdigit()))


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences (original text, stripped)."""
    paragraph = paragraph.strip()
    if not paragraph:
        return []
    out: list[str] = []
    start = 0
    for m in _CANDIDATE.finditer(paragraph):
        if _is_boundary(paragraph, m, start):
            piece = paragraph[start : m.start(3)].strip()
            if piece:
                out.append(piece)
            start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return out


def is_heading(line: str) -> bool:
    """A short line without final punctuation: a heading or caption, kept whole."""
    return line[-1] not in _FINAL and len(line.split()) <= _HEADING_MAX_WORDS


_Units = tuple[bool, bool, tuple[tuple[str, str], ...]]

_CACHE_SIZE = 16384
_cache: dict[str, _Units] = {}


def _units_many(lines: list[str]) -> list[_Units]:
    """For each stripped line: furniture and heading flags and ``(sentence, key)``
    pairs.

    Only lines with a mark before their last character can hold more than one
    sentence and go through :func:`split_sentences`; all sentences are
    normalised in one go (:func:`normalize_many`).
    """
    flags: list[tuple[bool, bool]] = []
    pieces: list[str] = []
    counts: list[int] = []
    for line in lines:
        # more than _SHORT_LINE_WORDS words and single spaces: article text (the
        # fast test that is_boilerplate makes first)
        furniture = (
            line.count(" ") < _SHORT_LINE_WORDS or "  " in line or line[0] == "|"
        ) and is_boilerplate(line)
        heading = is_heading(line)
        flags.append((furniture, heading))
        body = line[:-1]  # a sentence ends inside the line only at a mark with more after it
        if heading or not ("." in body or "?" in body or "!" in body or "…" in body):
            pieces.append(line)
            counts.append(1)
        else:
            parts = split_sentences(line)
            pieces.extend(parts)
            counts.append(len(parts))
    keys = normalize_many(pieces)
    out: list[_Units] = []
    at = 0
    for (furniture, heading), count in zip(flags, counts, strict=True):
        if count == 1:  # most lines: one sentence
            key = keys[at]
            units: tuple[tuple[str, str], ...] = ((pieces[at], key),) if key else ()
        else:
            units = tuple([(pieces[x], keys[x]) for x in range(at, at + count) if keys[x]])
        at += count
        out.append((furniture, heading, units))
    return out


def segment(text: str, *, drop_boilerplate: bool = True) -> Document:
    """Segment a version's text into a :class:`Document`.

    Every line is a paragraph. Lines recognised as page furniture are set aside in
    ``Document.dropped`` when *drop_boilerplate* is true.

    What a line is made of is memoised: consecutive versions of an article share
    most of their lines, so each distinct line is split and normalised once (a
    pure function of the line, so the memo changes no result).
    """
    lines = [line for line in map(str.strip, text.splitlines()) if line]
    cache = _cache
    get = cache.get
    found = [get(line) for line in lines]
    if None in found:
        missing = list(dict.fromkeys([ln for ln, u in zip(lines, found, strict=True) if u is None]))
        computed = dict(zip(missing, _units_many(missing), strict=True))
        if len(cache) + len(computed) > _CACHE_SIZE:
            _evict(len(computed))
        for line, units in computed.items():
            if len(line) < _CACHE_LINE_LIMIT:
                cache[line] = units
        found = [computed[ln] if u is None else u for ln, u in zip(lines, found, strict=True)]
    sentences: list[Sentence] = []
    paragraphs: list[tuple[int, int]] = []
    dropped: list[str] = []
    new = tuple.__new__  # Sentence's fields in order, without the Python-level __new__
    append = sentences.append
    index = 0
    line_units = cast("list[_Units]", found)  # every line has its units now
    for line, (furniture, heading, pairs) in zip(lines, line_units, strict=True):
        if furniture and drop_boilerplate:
            dropped.append(line)
            continue
        if not pairs:
            continue
        p = len(paragraphs)
        start = index
        for piece, key in pairs:
            append(new(Sentence, (index, piece, key, p, heading)))
            index += 1
        paragraphs.append((start, index))
    return Document(tuple(sentences), tuple(paragraphs), tuple(dropped))


def _evict(room: int) -> None:
    """Make room in the memo: the older half goes (dicts keep insertion order)."""
    keep = list(_cache.items())[len(_cache) // 2 + room :]
    _cache.clear()
    _cache.update(keep)


def clear_cache() -> None:
    """Forget memoised lines (for benchmarks that must measure cold segmentation)."""
    _cache.clear()
