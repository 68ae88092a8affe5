"""Quantities of a sentence, compared by what they mean rather than how they are written.

A quantity is a number with its unit, scale and currency (``£4.5bn``, ``3,5 %``,
``2 000 €``, ``12 million``), a date (``2 March``, ``March 2``, ``2 mars``), a
day or month name, a time of day (``21:00``, ``9pm``, ``21h``), a score or range
(``3-1``, ``1990–1995``), an age (``34-year-old``), an ordinal (``fifth``,
``5th``, ``1er``), a fraction (``half``, ``la moitié``) or a spelled-out number
(``seven``, ``vingt-cinq``, ``dozens``).

Each :class:`Quantity` keeps its text as published (with its unit or month:
what a reader should be shown) and a **key**, its meaning: ``"$3bn"`` and
``"$3 billion"`` share the key ``("num", 3e9, "usd")``, ``"9pm"`` and
``"21:00"`` the key ``("time", 1260)``, ``"half"`` and ``"50%"`` the key
``("num", 0.5, "ratio")``. :func:`value_changes` compares two sentences by keys,
so that a figure written another way is no change of fact.

Spelled-out numbers and vague amounts (``one``, ``first``, ``several``) are also
ordinary words ("one of the", "at first"), so they count only when they replace,
or are replaced by, another quantity.
"""

from __future__ import annotations

import re
from operator import attrgetter
from typing import NamedTuple

from redline.explain.patterns import trie

__all__ = ["Quantity", "changes", "quantities", "value_changes"]


class Quantity(NamedTuple):
    """A quantity found in a text: its text as written, its meaning, where it is."""

    text: str
    key: tuple[object, ...]
    start: int
    end: int
    word: bool = False
    """True for spelled-out numbers and vague amounts (count only when replaced)."""


def _words(text: str) -> dict[str, int]:
    return {w: k for k, w in enumerate(text.split(), 1)}


_MONTHS_EN = _words(
    "january february march april may june july august september october november december"
)
_MONTHS_FR = _words(
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
)
_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9}
_MONTH_ABBR |= {"sept": 9, "oct": 10, "nov": 11, "dec": 12}
MONTHS: dict[str, int] = {**_MONTHS_EN, **_MONTHS_FR, **_MONTH_ABBR}
_DAYS_EN = _words("monday tuesday wednesday thursday friday saturday sunday")
_DAYS_FR = _words("lundi mardi mercredi jeudi vendredi samedi dimanche")
DAYS: dict[str, int] = {**_DAYS_EN, **_DAYS_FR}
# month names that are also words count only next to a day number
_AMBIGUOUS_MONTHS = frozenset({"may", "mar", "jan", "sep", "mai", "march"})

_UNITS = {
    "%": "ratio",
    "per cent": "ratio",
    "per\u00a0cent": "ratio",
    "percent": "ratio",
    "pour cent": "ratio",
    "pc": "ratio",
    "c": "°c",
    "°c": "°c",
    "degrees": "°",
    "degrés": "°",
    "f": "°f",
    "°f": "°f",
    "km": "km",
    "kilometres": "km",
    "kilometers": "km",
    "kilomètres": "km",
    "miles": "mile",
    "mile": "mile",
    "mph": "mph",
    "km/h": "km/h",
    "kg": "kg",
    "kilos": "kg",
    "tonnes": "t",
    "tons": "t",
    "metres": "m",
    "meters": "m",
    "mètres": "m",
    "cm": "cm",
    "mm": "mm",
    "ft": "ft",
    "feet": "ft",
    "hectares": "ha",
    "ha": "ha",
    "acres": "acre",
    "litres": "l",
    "mw": "mw",
    "gw": "gw",
    "points": "pt",
    "point": "pt",
    "pts": "pt",
    "bps": "bp",
}
_CURRENCY_SIGNS = {"$": "usd", "us$": "usd", "£": "gbp", "€": "eur", "¥": "jpy", "chf": "chf"}
_CURRENCY_SIGNS |= {"usd": "usd", "eur": "eur", "gbp": "gbp", "a$": "aud", "c$": "cad"}
_CURRENCY_WORDS = {
    "usd": "usd",
    "eur": "eur",
    "gbp": "gbp",
    "chf": "chf",
    "dollars": "usd",
    "dollar": "usd",
    "euros": "eur",
    "euro": "eur",
    "pounds": "gbp",
    "livres": "gbp",
    "francs": "chf",
    "yen": "jpy",
}
_SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "billion": 1e9,
    "billions": 1e9,
    "milliard": 1e9,
    "milliards": 1e9,
    "md": 1e9,
    "mds": 1e9,
    "tn": 1e12,
    "trillion": 1e12,
}


_SPELLED_MONEY = re.compile(r" (dollars?|euros?|pounds|livres|francs|yen)\b")
_SCALE_RE = trie(_SCALES)
_UNIT_RE = trie(_UNITS)
_CUR_WORD_RE = trie(_CURRENCY_WORDS)
_MONTH_RE = trie(MONTHS)

# a number as written in English or French: 3,000 · 3 000 · 3,5 · 0.2 · 1990
_S = r"[ \u00a0\u202f\u2009]"  # a space, also as French typography writes it
_NUM = rf"\d{{1,3}}(?:(?:,|{_S})\d{{3}})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)?"
_AMPM = r"am|pm|a\.m\.|p\.m\."
# digits followed by what no branch of _NUMERIC can take (the end, a closing mark,
# a comma, full stop or colon not followed by a digit, or a space and then the end
# or a mark): a plain number
_PLAIN = re.compile(rf"\d+(?=\Z|[;!?)\]}}\"'’”»]|[,.:](?!\d)|{_S}(?:\Z|[;!?)\]}}\"'’”»,.:]))")

_NUMERIC = re.compile(
    rf"""
    (?P<date1>(?P<d1>\d{{1,2}})(?:st|nd|rd|th|er)?{_S}(?P<m1>{_MONTH_RE})\b)
    | (?P<time>(?P<th>\d{{1,2}})(?:(?P<sep>[:h])(?P<tm>\d{{2}})(?P<ts>[:.]\d{{2}}(?:\.\d+)?)?
              |\.(?P<tm2>\d{{2}})(?={_S}?(?:{_AMPM})))
              (?:{_S}?(?P<ampm>{_AMPM}))?(?![\d])
              |(?P<th2>\d{{1,2}}){_S}?(?P<ampm2>{_AMPM})(?!\w)
              |(?P<th3>\d{{1,2}}){_S}?(?:h|heures?)\b(?:{_S}?(?P<tm3>\d{{2}})\b)?)
    | (?P<age>(?P<an>\d{{1,3}})[-‑]year[-‑]old)
    | (?P<pair>(?P<p1>\d+){_S}?[-–—‑]{_S}?(?P<p2>\d+)(?![\d%]|[.,]\d))
    | (?P<ord>(?P<on>\d+)(?:st|nd|rd|th|er|e|ème|eme)\b)
    | (?P<amount>
        (?:(?P<cur>[$£€¥]){_S}?)?
        (?P<num>{_NUM})
        (?:{_S}?(?P<scale>{_SCALE_RE})\b)?
        (?:{_S}?(?:(?:de{_S}|d['’])?(?P<cur2>[$£€¥]|{_CUR_WORD_RE})
             |(?P<unit>{_UNIT_RE})(?![\w/])))?
      )
    """,
    re.IGNORECASE | re.VERBOSE,
)
_MONTH_DAY = re.compile(
    rf"\b(?P<m2>{_MONTH_RE}){_S}(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])", re.IGNORECASE
)
_CURRENCY_BEFORE = re.compile(r"(?:us|a|c)$|(?:usd|eur|gbp|chf) ?$", re.IGNORECASE)

_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    "million": 1e6, "billion": 1e9, "dozen": 12,
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "soixante": 60, "cent": 100, "mille": 1000, "douzaine": 12,
}  # fmt: skip
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20,
    "premier": 1, "première": 1, "deuxième": 2, "seconde": 2, "troisième": 3,
    "quatrième": 4, "cinquième": 5, "sixième": 6, "septième": 7, "huitième": 8,
    "neuvième": 9, "dixième": 10,
}  # fmt: skip
_FRACTIONS = {
    "half": 0.5, "halves": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25,
    "quarters": 0.25, "moitié": 0.5, "tiers": 1 / 3, "quart": 0.25, "quarts": 0.25,
}  # fmt: skip
# ordinals that are fractions only after "a" or "one" and before "of": "a fifth
# of the crop" (but "a fifth consecutive win" is a rank)
_ORDINAL_FRACTIONS = {
    "fifth": 0.2, "fifths": 0.2, "sixth": 1 / 6, "eighth": 0.125, "tenth": 0.1, "tenths": 0.1,
    "cinquième": 0.2, "dixième": 0.1,
}  # fmt: skip
_VAGUE = frozenset(
    [
        "dozens",
        "hundreds",
        "thousands",
        "millions",
        "billions",
        "scores",
        "several",
        "few",
        "many",
        "handful",
        "dizaines",
        "centaines",
        "milliers",
        "plusieurs",
        "quelques",
    ]
)

# letters of English and French words in either case: the characters that
# [a-zà-öø-ÿœ] matches ignoring case, written out (a set that ignores case is slower)
_TOKEN = re.compile("[a-zA-Zà-öø-ÿÀ-ÖØ-ÞœŒŸİıſ\u212a\u212b]+")
_LEADS = frozenset(["a", "an", "one", "un", "une", "la", "le"])
_AFTER_FRACTION = frozenset(["of", "the", "de", "du", "des", "d"])
# the cheap test: which words can start a spelled-out quantity
WORD_HINTS = frozenset(
    [*_NUMBER_WORDS, *_ORDINAL_WORDS, *_FRACTIONS, *_VAGUE, *DAYS, "noon", "midnight", "midi"]
    + [m for m in MONTHS if len(m) > 3 and m not in ("march", "mars")]
    + ["march", "mars", "minuit"]
)


def _number(raw: str) -> float:
    """The value of a number as written in English or French."""
    s = raw.replace("\u202f", " ").replace("\u00a0", " ")
    if " " in s:
        s = s.replace(" ", "")
        s = s.replace(",", ".")
    elif "," in s:
        head, _, tail = s.rpartition(",")
        if len(tail) == 3 and head.replace(",", "").isdigit():
            s = s.replace(",", "")  # 3,000 · 1,200,000
        else:
            s = s.replace(".", "").replace(",", ".")  # 3,5 · 0,2
    try:
        return float(s)
    except ValueError:
        return float("nan")


def _round(x: float) -> float:
    if -1e6 < x < 1e6 and x.is_integer():
        return x  # six significant digits keep it whole
    return float(f"{x:.6g}")


def quantities(text: str) -> list[Quantity]:
    """Quantities of *text*, in reading order."""
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    words = frozenset(_TOKEN.findall(text.lower())) if not text.isdigit() else frozenset()
    if _DIGIT.search(text):
        if words & _MONTH_WORDS:
            for m in _MONTH_DAY.finditer(text):
                q = _date(m.group(0), m.group("m2"), m.group("d2"), m.span())
                if q is not None:
                    out.append(q)
                    taken.append((q.start, q.end))
        for c in _START.finditer(text):
            at = c.start()
            if at and (text[at - 1].isalnum() or text[at - 1] in ".,") and text[at] != "$":
                continue  # inside a word or a number: "G7"
            if taken and any(s <= at < e for s, e in taken):
                continue
            money = at > 0 and _CURRENCY_BEFORE.search(text, max(0, at - 4), at) is not None
            plain = _PLAIN.match(text, at)
            if plain is not None:  # digits that nothing can extend: the common case, fast
                q = Quantity(plain[0], ("num", _round(float(plain[0])), ""), at, plain.end())
            else:
                found = _NUMERIC.match(text, at)
                q = _numeric(found, money) if found else None
            if q is not None:
                if money and q.key[0] == "num":
                    q = _with_currency(q, text, at)
                out.append(q)
                taken.append((q.start, q.end))
    if words & WORD_HINTS:
        toks = [(m[0].lower(), *m.span()) for m in _TOKEN.finditer(text)]
        for q in _spelled(text, toks):
            if not any(s < q.end and q.start < e for s, e in taken):
                out.append(q)
    if len(out) > 1:
        out.sort(key=_START_OF)
    if words & _DURATION_HINTS:
        out = [_with_duration(q, text) for q in out]
        # "une journée", "an hour": one unit of time, written without a number
        for m in _ONE_UNIT.finditer(text) if words & _SINGLE_UNIT_WORDS else ():
            if not any(s < m.end() and m.start() < e for s, e in ((q.start, q.end) for q in out)):
                minutes = _DURATIONS[m.group(1).casefold()]
                key = ("num", float(minutes), "min")
                out.append(Quantity(m.group(0), key, m.start(), m.end(), True))
                out.sort(key=_START_OF)
    return out


#: units of time, in minutes: "10 jours", "five years", "48 hours" (a number of
#: hours of the day, "14 heures", is a time)
_DURATIONS = {
    "minute": 1, "minutes": 1, "min": 1, "mins": 1, "hour": 60, "hours": 60, "heure": 60,
    "heures": 60, "day": 1440, "days": 1440, "jour": 1440, "jours": 1440, "week": 10080,
    "weeks": 10080, "semaine": 10080, "semaines": 10080, "month": 43800, "months": 43800,
    "mois": 43800, "year": 525600, "years": 525600, "an": 525600, "ans": 525600,
    "année": 525600, "années": 525600, "journée": 1440, "journées": 1440,
    "decade": 5256000, "decades": 5256000, "décennie": 5256000, "décennies": 5256000,
    "century": 52560000, "centuries": 52560000, "siècle": 52560000, "siècles": 52560000,
}  # fmt: skip
_SINGLE_UNITS = (
    "minute hour heure day journée jour week semaine month mois year année"
    " decade décennie century siècle"
)
_SINGLE_UNIT_WORDS = frozenset(_SINGLE_UNITS.split())
# the article's first letter first, then the look-behind (scanned fast)
_ONE_UNIT = re.compile(
    rf"[au](?<![^\W_].)(?:(?<=a)n?|(?<=u)ne?)\s({'|'.join(_SINGLE_UNITS.split())})\b",
    re.IGNORECASE,
)
_DURATION_HINTS = frozenset([*_DURATIONS, "celsius", "centigrade", "fahrenheit"])
_DURATION_AFTER = re.compile(rf"(?:{_S}|[-‑])?([^\W\d_]+)\b")
# "degrees Celsius": the scale belongs to the unit
_DEGREES_AFTER = re.compile(rf"{_S}(celsius|centigrade|fahrenheit)\b", re.IGNORECASE)


def _with_duration(q: Quantity, text: str) -> Quantity:
    """*q* with the unit of time or temperature scale written after it."""
    if q.key[0] != "num":
        return q
    unit = q.key[2]
    if unit == "°":
        m = _DEGREES_AFTER.match(text, q.end)
        if m is None:
            return q
        scale = "°f" if m.group(1).casefold() == "fahrenheit" else "°c"
        key = ("num", q.key[1], scale)
        return Quantity(text[q.start : m.end()], key, q.start, m.end(), q.word)
    if unit:
        return q
    m = _DURATION_AFTER.match(text, q.end)
    if m is None:
        return q
    minutes = _DURATIONS.get(m.group(1).casefold())
    if minutes is None or (m.group(1) == "an" and q.text.casefold() in ("un", "a")):
        return q
    value = _round(float(q.key[1]) * minutes)  # type: ignore[arg-type]
    # spelled out, it still counts only when it replaces another quantity
    return Quantity(text[q.start : m.end()], ("num", value, "min"), q.start, m.end(), q.word)


_START_OF = attrgetter("start")
_DIGIT = re.compile(r"\d")
# where a figure can start: a digit or currency sign not inside a number (the
# look-behind after the sign, so that the scan looks for the sign first)
_START = re.compile(r"[\d$£€¥](?<![\d.,][\d$£€¥])")
_MONTH_WORDS = frozenset(MONTHS)
_CLOCK_WORDS = {"noon": 720, "midnight": 0, "midi": 720, "minuit": 0}
#: the words a quantity in words can start with
_SPELLED_STARTS = frozenset(
    [
        *_NUMBER_WORDS,
        *_FRACTIONS,
        *_ORDINAL_FRACTIONS,
        *_ORDINAL_WORDS,
        *_VAGUE,
        *DAYS,
        *_CLOCK_WORDS,
        *MONTHS,
    ]
)


def _date(text: str, month: str, day: str, span: tuple[int, int]) -> Quantity | None:
    d = int(day)
    if not 1 <= d <= 31:
        return None
    return Quantity(" ".join(text.split()), ("date", MONTHS[month.casefold()], d), *span)


def _with_currency(q: Quantity, text: str, at: int) -> Quantity:
    """*q* with the currency code or prefix written before its sign or number
    ("US$3bn", "USD 3bn")."""
    m = _CURRENCY_BEFORE.search(text, max(0, at - 4), at)
    assert m is not None
    code = m.group(0).strip().casefold()
    unit = {"us": "usd", "a": "aud", "c": "cad"}.get(code, code)
    if code in ("us", "a", "c") and q.key[2] != "usd":
        return q
    start = m.start()
    return Quantity(text[start : q.end], ("num", q.key[1], unit), start, q.end)


def _numeric(m: re.Match[str], money: bool = False) -> Quantity | None:
    kind = m.lastgroup  # the outer group of the branch that matched closes last
    span = m.span()
    text = " ".join(m.group(0).split())
    if kind == "date1":
        return _date(text, m.group("m1"), m.group("d1"), span)
    if kind == "time":
        th, th2, th3, tm, tm2, tm3, ampm1, ampm2, ts = m.group(
            "th", "th2", "th3", "tm", "tm2", "tm3", "ampm", "ampm2", "ts"
        )
        h = int(th or th2 or th3)
        minutes = int(tm or tm2 or tm3 or 0)
        ampm = (ampm1 or ampm2 or "").casefold().replace(".", "")
        if ts:  # a race time: 3:29.38
            return Quantity(text, ("duration", text.replace(",", ".")), *span)
        if ampm == "pm" and h < 12:
            h += 12
        elif ampm == "am" and h == 12:
            h = 0
        if h > 24 or minutes > 59:
            return None
        return Quantity(text, ("time", h * 60 + minutes), *span)
    if kind == "age":
        return Quantity(text, ("age", int(m.group("an"))), *span)
    if kind == "pair":
        return Quantity(text, ("pair", int(m.group("p1")), int(m.group("p2"))), *span)
    if kind == "ord":
        return Quantity(text, ("ord", int(m.group("on"))), *span)
    num, scale, cur1, cur2, unit_word = m.group("num", "scale", "cur", "cur2", "unit")
    if not (scale or cur1 or cur2 or unit_word) and num.isdigit():
        return Quantity(text, ("num", _round(float(num)), ""), *span)  # a plain number
    g = {"num": num, "scale": scale, "cur": cur1, "cur2": cur2, "unit": unit_word}
    value = _number(g["num"])
    if value != value:  # nan
        return None
    scale = g["scale"]
    if scale:
        s = scale.casefold()
        # "3m" is a million only for money or before a noun; "m" and "b" after a
        # bare number without a currency stay metres and nothing
        if s in ("m", "b") and not (g["cur"] or g["cur2"] or money):
            if s == "b":
                return Quantity(g["num"], ("num", _round(value), ""), m.start("num"), m.end("num"))
            return Quantity(text, ("num", _round(value), "m"), *span)
        value *= _SCALES[s]
    cur = (g["cur"] or "").strip().casefold() or (g["cur2"] or "").casefold()
    unit = ""
    if cur:
        unit = _CURRENCY_SIGNS.get(cur) or _CURRENCY_WORDS.get(cur, cur)
    elif g["unit"]:
        unit = _UNITS[g["unit"].casefold()]
        if unit == "ratio":
            value /= 100
        elif g["unit"].casefold() in ("c", "f") and m.group(0)[-2].isspace():
            # "34 C" is rare; "3 F" or "a 5 C grade" are not temperatures
            unit = ""
            text = g["num"]
            span = (m.start(), m.start("num") + len(g["num"]))
    return Quantity(text, ("num", _round(value), unit), *span)


def _spelled(text: str, toks: list[tuple[str, int, int]]) -> list[Quantity]:
    """Quantities of *text* in words, from its tokens: numbers (``twenty-five``,
    ``vingt-cinq``), fractions (``half``, ``a third``, ``la moitié``), ordinals,
    vague amounts, days, months and ``noon``."""
    out: list[Quantity] = []
    k, n = 0, len(toks)
    title: bool | None = None  # whether the text is written in title case (found once)
    while k < n:
        w, s, e = toks[k]
        if w not in _SPELLED_STARTS:
            k += 1
            continue
        prev = toks[k - 1][0] if k else ""
        nxt = toks[k + 1][0] if k + 1 < n else ""
        if w in _NUMBER_WORDS:
            if k and text[s].isupper() and not _opens(text, s):
                if title is None:
                    title = _title_case(text, toks)
                if not title:
                    # a capitalised number inside a sentence is a name: "les
                    # Vingt-Sept" (the EU's members), "the Big Four", "Channel Four"
                    k += 1
                    continue
            value = current = 0.0
            j = k
            while j < n:
                t = toks[j][0]
                if t == "and" and j + 1 < n and toks[j + 1][0] in _NUMBER_WORDS and j > k:
                    j += 1
                    continue
                if t not in _NUMBER_WORDS or (j > k and toks[j][1] - toks[j - 1][2] > 1):
                    break
                v = _NUMBER_WORDS[t]
                if v == 100 and current:
                    current *= v
                elif v >= 1000:
                    value += (current or 1) * v
                    current = 0.0
                else:
                    current += v
                j += 1
            value += current
            end = toks[j - 1][2]
            start = s
            if prev in ("a", "an") and w in ("hundred", "thousand", "million", "billion", "dozen"):
                start = toks[k - 1][1]
            after = toks[j][0] if j < n else ""
            if after in _FRACTIONS and after not in ("half", "moitié"):
                v, stop = _round(value * _FRACTIONS[after]), toks[j][2]
                out.append(Quantity(text[start:stop], ("num", v, "ratio"), start, stop))
                k = j + 1
                continue
            rest = text[end : end + 12].lower()
            m = re.match(r" ?(?:%|per cent|percent|pour cent)", rest)
            money = _SPELLED_MONEY.match(rest)
            if m:
                end += m.end()
                key = ("num", _round(value / 100), "ratio")
                out.append(Quantity(text[start:end], key, start, end))
            elif money:  # "twenty thousand pounds"
                end += money.end()
                key = ("num", _round(value), _CURRENCY_WORDS[money[1]])
                out.append(Quantity(text[start:end], key, start, end, True))
            else:
                out.append(Quantity(text[start:end], ("num", _round(value), ""), start, end, True))
            k = j
            continue
        lead = prev in _LEADS and toks[k - 1][2] + 1 == s
        # "a third", "half of", and an ordinal only as "a fifth of"
        ordinal = w in _ORDINAL_FRACTIONS and lead and nxt in _AFTER_FRACTION
        if w in _FRACTIONS or ordinal:
            sure = lead or (w in ("half", "moitié", "halves") and nxt in _AFTER_FRACTION)
            if sure:
                start = toks[k - 1][1] if lead else s
                v = _round(_FRACTIONS[w] if w in _FRACTIONS else _ORDINAL_FRACTIONS[w])
                out.append(Quantity(text[start:e], ("num", v, "ratio"), start, e))
                k += 1
                continue
        if w in _ORDINAL_WORDS:
            out.append(Quantity(text[s:e], ("ord", _ORDINAL_WORDS[w]), s, e, True))
        elif w in _VAGUE:
            out.append(Quantity(text[s:e], ("vague", w), s, e, True))
        elif w in DAYS:
            out.append(Quantity(text[s:e], ("day", DAYS[w]), s, e))
        elif w in _CLOCK_WORDS:
            out.append(Quantity(text[s:e], ("time", _CLOCK_WORDS[w]), s, e))
        elif (
            w in MONTHS
            and len(w) > 3
            and w not in _AMBIGUOUS_MONTHS
            and (text[s].isupper() or w in _MONTHS_FR)
        ):
            out.append(Quantity(text[s:e], ("month", MONTHS[w]), s, e))
        k += 1
    return out


def _opens(text: str, at: int) -> bool:
    """Whether the word at *at* opens a quotation or a clause after a colon or
    dash ('He said: “Forty were trapped.”'), where any word may be capitalised."""
    if at and text[at - 1] in "-\u2010\u2011":
        return False  # the second part of a compound: "Vingt-Sept"
    before = text[max(0, at - 3) : at].rstrip()
    return before[-1:] in _CLAUSE_OPENERS


_CLAUSE_OPENERS = frozenset("«“‘\"'(:—–-")


def _title_case(text: str, toks: list[tuple[str, int, int]]) -> bool:
    """Whether most words of *text* open with a capital ("Storm Kills Twenty In
    Cornwall"), as some headlines are written: then a capital says nothing."""
    capitals = sum(1 for _, s, _ in toks if text[s].isupper())
    return capitals * 2 > len(toks)


def value_changes(old: str, new: str) -> list[tuple[Quantity | None, Quantity | None]]:
    """Quantities that differ in meaning between *old* and *new* (normalised
    texts): removed and added ones, paired by kind and in reading order. A
    quantity written another way (``$3bn`` → ``$3 billion``) or moved inside the
    sentence is no change; a spelled-out number or vague amount counts only when
    paired with another quantity."""
    return changes(quantities(old), quantities(new))


def changes(
    a: list[Quantity], b: list[Quantity], *, loose: bool = False
) -> list[tuple[Quantity | None, Quantity | None]]:
    """:func:`value_changes` of quantities already found (*a* old, *b* new).

    *loose* pairs a spelled or vague amount with any figure that does not place
    something in time: for a first look at a few words around a change, where
    "trois ans" may be cut to "trois" (the whole sentences decide what is shown).
    """
    if [q.key for q in a] == [q.key for q in b]:
        return []
    pool = [q.key for q in b]
    removed = []
    for q in a:
        if q.key in pool:
            pool.remove(q.key)
        else:
            removed.append(q)
    pool = [q.key for q in a]
    added = []
    for q in b:
        if q.key in pool:
            pool.remove(q.key)
        else:
            added.append(q)
    pairs: list[tuple[Quantity | None, Quantity | None]] = []
    left = list(added)
    for q in removed:
        match = next((x for x in left if _kind(x) == _kind(q)), None)
        if match is None and loose:
            match = next(
                (x for x in left if (x.word or q.word) and _calendar(x) == _calendar(q)), None
            )
        elif match is None and _count(q):
            # a spelled or vague amount may stand for a count ("several" →
            # "11"), never for a day, date or time ("les deux villes" is no
            # earlier value of "jeudi"), a sum, a share, a span or a rank
            # ("£45m" → "five-year", "Thousands" → "first")
            match = next((x for x in left if (x.word or q.word) and _count(x)), None)
        if match is not None:
            left.remove(match)
            pairs.append((q, match))
        elif not q.word:
            pairs.append((q, None))
    pairs.extend((None, x) for x in left if not x.word)
    pairs.sort(key=lambda p: (p[0] or p[1]).start if p[0] is not None else 10**9 + p[1].start)  # type: ignore[union-attr]
    return pairs


_CALENDAR = frozenset({"day", "date", "month", "time"})


def _calendar(q: Quantity) -> bool:
    """Whether *q* places something in time rather than counting it."""
    return q.key[0] in _CALENDAR


def _count(q: Quantity) -> bool:
    """Whether *q* counts things: a plain number or a vague amount ("dozens"),
    not a day or time, a sum of money, a share, a span of time or a rank."""
    kind = q.key[0]
    return kind == "vague" or (kind == "num" and q.key[2] == "")


def _kind(q: Quantity) -> tuple[object, ...]:
    if q.key[0] == "num":
        return ("num", q.key[2])
    return q.key[:1]
