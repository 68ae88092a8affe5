"""Breaking-news markers, as a family of wordings in English and French.

A marker says something about the story's *state* (still developing, being
updated, more to come), not about the news. Rather than a list of phrases, a
short line is a marker when it is built from the family's parts:

* a **promise of more**: a word for more or further news (``more``, ``further``,
  ``details``, ``updates``, ``plus d'informations``, ``d'autres détails``) with a
  word for later (``to follow``, ``soon``, ``shortly``, ``à venir``, ``à
  suivre``, ``suivront``), or a newsroom promising it (``we will bring you
  more``, ``check back for updates``, ``nous y reviendrons``);
* a **story in progress**: the story, article, report or page (``cet article``,
  ``cette information``) being updated, developing, completed (``is being
  updated``, ``will be updated``, ``en cours d'actualisation``, ``sera
  complété``), or ``developing story``, ``breaking news``;
* a **flag**: a marker word opening the line or headline, usually in capitals
  and followed by a colon or dash (``BREAKING:``, ``DEVELOPING -``, ``LIVE``,
  ``JUST IN``, ``URGENT``, ``ALERTE``, ``DERNIÈRE MINUTE``, ``EN DIRECT``,
  ``FLASH``, ``UPDATE``);
* an **update stamp**: ``Updated at 14:05 BST``, ``Last updated 2 March``,
  ``Mis à jour le 2 mars à 14h05``, ``Update: 15:30``.

All tests run on the normalised text, case-folded.
"""

from __future__ import annotations

import re

from redline.explain.patterns import trie

__all__ = ["MARKER_WORDS", "breaking_marker", "flag_prefix", "stamp"]

_MAX_WORDS = 16


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MORE = r"""(?:more|further|additional|fuller|full|latest|new|plus|davantage|d'autres|autres
    |other|updates?|details?|information|informations|infos?|news|précisions|éléments
    |développements|détails|nouvelles)"""
_LATER = r"""(?:to\ follow|follows?|to\ come|coming|soon|shortly|later|as\ (?:it|they|we)
    |à\ (?:suivre|venir)|suivront|suit|suivent|bientôt|sous\ peu|dans\ un\ instant
    |prochainement|will\ follow|will\ be\ (?:added|published|available))"""
_STORY = r"""(?:(?:this|the|our|cet|cette|cet|l'|le|la)\ ?
    (?:story|article|report|page|post|piece|blog|live\ blog|coverage|news\ story|breaking\ story
      |information|info|dépêche|sujet|papier|live))"""
_BEING = r"""(?:is\ being|will\ be|has\ been\ and\ will\ be|is|will|est|sera|va\ être
      |est\ en\ cours\ d')
    \ ?(?:updated|updating|developing|expanded|completed|refreshed|actualisée?|actualisé
      |mise?\ à\ jour|complétée?|enrichie?|développée?|évolution)"""

_BETWEEN = r"""(?:on|about|this|the|story|details?|information|informations|d'informations|news
    |updates?|here|de|des|d'|détails|précisions|sur|ce|cette|sujet|affaire|to|be|will|are|is|shall
    |expected|attendues?|attendus?|seront|sont|very|much|are\ expected)"""
# every branch opens at a word boundary: one test of it per position, then the
# branches (a pattern whose branches each open with ``\b`` tries them all at every
# position); the branch anchored at the start of the line is an expression of its own
_PROMISE = re.compile(
    rf"""
    \b(?:{_MORE}(?:\ ?{_BETWEEN}){{0,4}}\ ?{_LATER}\b
    | (?:we|we'll|nous|on)\ (?:will\ |'ll\ )?(?:bring|have|update|provide|give|keep)
        \ (?:you\ )?(?:with\ )?(?:more|further|the\ latest|updates?|readers\ updated|you\ updated)
    | check\ back\b|refresh\ (?:this\ page|for)|stay\ (?:with\ us|tuned)
    | (?:nous|on)\ (?:y\ )?reviendrons\b
    | suite\ à\ venir\b)
    """,
    re.VERBOSE,
)
_PROMISE_OPENING = re.compile(r"\W*à\ suivre\b", re.VERBOSE)
_PROGRESS = re.compile(
    rf"""
    \b(?:{_STORY}\ {_BEING}\b
    | (?:this|it)\ is\ (?:a|an)\ (?:developing|breaking|evolving|ongoing|live)
        (?:\ news)?\ (?:story|situation|news\ story)\b
    | (?:developing|breaking|evolving)\ (?:story|news|situation)\b
    | en\ cours\ d'(?:actualisation|actualisations|mise\ à\ jour|évolution)\b
    | (?:article|information|info|dépêche)\ en\ (?:cours|développement)\b
    | story\ (?:is\ )?(?:still\ )?(?:developing|unfolding|evolving)\b
    | live\ (?:updates|coverage|blog)\b)
    """,
    re.VERBOSE,
)
# a wire tag: "(Updates with details)", "(Adds background)"
_WIRE_TAG = re.compile(
    r"""\W*\(\s*(?:updates?|adds|recasts|rewrites|changes\ dateline|writethru|refiles|new\ lead
        |mises?\ à\ jour|actualise|ajoute)\b[^()]*\)\W*$""",
    re.VERBOSE,
)
#: text that every match of _PROMISE or _PROGRESS holds (a cheap scan before them):
#: a word for later, a promise or a call to come back; an update tag, a verb of a
#: story in progress, "story", "news", "situation", "en cours", "live"
_ANCHOR_TEXT = (
    "follow|coming|soon|shortly|later|suivront|suit|suivent|bientôt|prochainement|more|further"
    "|updat|refresh|stay|reviendrons|adds|recasts|rewrites|writethru|refiles|actualis|ajoute"
    "|developing|expanded|completed|refreshed|complété|enrichi|développé|évolution|story"
    "|situation|news|to come|as it|as they|as we|à suivre|à venir|sous peu|dans un instant"
    "|will be|the latest|check back|changes dateline|new lead|à jour|en cours|en développement"
    "|live "
)
_ANCHORS = re.compile(trie(_ANCHOR_TEXT.split("|")))
_FLAG_WORDS = r"""(?:breaking(?:\ news)?|developing(?:\ story)?|just\ in|live|latest|update[d]?
    |urgent|alerte?(?:\ info)?|flash(?:\ info)?|dernière\ minute|dernière\ heure|en\ direct
    |info\ express|info\ alerte)"""
_FLAG = re.compile(rf"^\W*{_FLAG_WORDS}(?:\s*[:\-|–—]+\s*|\s*$)", re.VERBOSE)
# an opening word in capitals counts even without a colon ("BREAKING Quake hits")
_CAPS_FLAG = re.compile(
    r"^\W*(BREAKING(?: NEWS)?|DEVELOPING|JUST IN|LIVE|URGENT|ALERTE?|FLASH|UPDATE|UPDATED"
    r"|DERNIÈRE MINUTE|DERNIÈRE HEURE|EN DIRECT|ALERTE INFO|FLASH INFO)\b\s*[:\-|–—]*\s*"
)
_SEPARATORS = ":-|–—"
_ZONES = r"(?:am|pm|a\.m\.|p\.m\.|gmt|bst|cet|cest|edt|est|utc|et|pt)"
_TIME = rf"\d{{1,2}}(?:\s?[:.h]\s?\d{{2}})?\s*{_ZONES}?"
_STAMP = re.compile(
    rf"""^\W*(?:(?:article|story|page)\ )?
        (?:(?:last\ )?update[ds]?|mise?\ à\ jour|actualisée?|modifiée?|dernière\ mise\ à\ jour)
        \s*(?:at|on|:|-|le|à|,)?\s*
        (?P<when>(?:{_TIME}|\w+day|\d{{1,2}}\ \w+|\w+\ \d{{1,2}}|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?)
        (?:[\s,]*(?:at|à|,|-)?\s*(?:\d{{1,2}}\ [a-zéû]+(?:\ \d{{4}})?|\d{{4}}|{_TIME}))*)\W*$""",
    re.VERBOSE,
)

#: words without which no line is a marker (the cheap test)
MARKER_WORDS = _wordset(
    """
    more further additional details detail information informations info infos updates update
    updated updating developing breaking live latest news follow follows soon shortly later
    plus davantage autres détails précisions suivre venir suivront suit bientôt actualisation
    actualisé actualisée jour cours reviendrons check refresh stay urgent alerte alert flash
    dernière direct just evolving unfolding expanded completed complété complétée enrichi adds
    recasts rewrites writethru refiles actualise ajoute
    évolution développement suite coming come
    """
)


_OPENERS = " \"'“‘«([*•-–—>"
# first letters of every flag and stamp (the cheap test of flag_prefix and stamp)
_FLAG_STARTS = (
    "breaking", "developing", "just in", "live", "latest", "update", "urgent", "alert", "flash",
    "dernière", "en direct", "info express", "info alerte", "last updated", "mis à jour",
    "mise à jour", "article mis", "article actualisé", "article modifié", "story updated",
    "page updated",
    "actualisé", "modifié",
)  # fmt: skip
_WORD = re.compile(r"[a-zà-öø-ÿœ]+")


def _may_flag(key: str) -> bool:
    return key.lstrip(_OPENERS)[:20].casefold().startswith(_FLAG_STARTS)


def breaking_marker(key: str, words: frozenset[str] | None = None) -> bool:
    """True when the normalised text *key* is a breaking-news marker line (or opens
    with a marker flag: ``BREAKING: …``). *words* are its case-folded words when
    known (a cheap test)."""
    if _may_flag(key) and (flag_prefix(key) or stamp(key) is not None):
        return True
    if key.count(" ") >= _MAX_WORDS:
        return False
    low = key.casefold()
    if not (frozenset(_WORD.findall(low)) if words is None else words) & MARKER_WORDS:
        return False
    if _ANCHORS.search(low) is None:
        return False
    return bool(
        _PROMISE.search(low)
        or _PROMISE_OPENING.match(low)
        or _WIRE_TAG.match(low)
        or _PROGRESS.search(low)
    )


def flag_prefix(key: str) -> str:
    """The marker flag opening *key* (``"BREAKING: "``), or ``""``.

    A flag in capitals counts as such; in lower case it needs a colon or dash
    after it, or to stand alone ("Live", "Breaking news")."""
    if not _may_flag(key) or stamp(key) is not None:
        return ""
    m = _CAPS_FLAG.match(key)
    # in a headline all in capitals, the flag needs its colon or dash
    if m and (not key.isupper() or m.end() == len(key) or m.group(0).rstrip()[-1] in _SEPARATORS):
        return m.group(0)
    m = _FLAG.match(key.casefold())
    return key[: m.end()] if m else ""


def stamp(key: str) -> str | None:
    """The time or date of an update stamp line, without spaces and dashes
    (``"14:05bst"`` of ``Updated at 14:05 BST``), or ``None`` when *key* is no stamp."""
    if not _may_flag(key):
        return None
    m = _STAMP.match(key.casefold())
    # "16h40" and "16 h 40", "2024 - 11:20" and "2024 – 11:20" are the same time
    return _STAMP_NOISE.sub("", m.group("when")) if m else None


_STAMP_NOISE = re.compile(r"[\s\-–—]+")
