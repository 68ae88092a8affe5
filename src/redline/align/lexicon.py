"""The meaning terms of a sentence: what the meaning step compares.

Content words stemmed by the Snowball stemmer (PyStemmer) of the text's
language (English or French, told apart by stop words), the words of the
reporting frame left out, the members of a paraphrase group mapped to one
concept, numbers (digits or number words up to twenty) and names (capitalised
words inside a sentence) marked as anchors. See :mod:`redline.align.meaning`
for how two sentences' terms are scored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import Stemmer

from redline.text.tokens import STOPWORDS, tokenize

__all__ = ["language", "meaning_terms"]

# Snowball stemmers (PyStemmer, a declared dependency) of the two languages the rules know
_STEMMERS: dict[str, Callable[[str], str]] = {
    "en": Stemmer.Stemmer("english").stemWord,
    "fr": Stemmer.Stemmer("french").stemWord,
}

# Words of the reporting frame and other filler: they say who said it, not what.
_FRAME_TEXT = """
    said says say saying told tells added adds according reported reports report
    statement spokesman spokeswoman spokesperson confirmed announced explained
    also would could just now still yet however meanwhile since while
    dit dire déclaré indiqué affirmé ajouté selon précisé expliqué annoncé
    confirmé souligné estime estimé assure assuré aussi encore déjà alors
    cette ces cet leur leurs dont ainsi comme tout tous toute toutes été être
    sont était ont fait faire plus moins après avant depuis
"""
_FRAME = frozenset(_FRAME_TEXT.split())

_NUMBER_WORDS = {
    w: str(k)
    for k, words in enumerate(
        [
            "zero zéro",
            "one un une",
            "two deux",
            "three trois",
            "four quatre",
            "five cinq",
            "six",
            "seven sept",
            "eight huit",
            "nine neuf",
            "ten dix",
            "eleven onze",
            "twelve douze dozen douzaine",
            "thirteen treize",
            "fourteen quatorze",
            "fifteen quinze",
            "sixteen seize",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty vingt",
        ]
    )
    for w in words.split()
    if w not in ("un", "une", "one")  # articles and pronouns far more often than numbers
}

# Paraphrase groups of news writing (English and French). Each member, stemmed,
# stands for the group's concept. General vocabulary only.
_CONCEPTS = [
    "injured injury injuries hurt wounded harmed casualties blessé blessés blessure",
    "dead died dies death deaths killed fatal fatally lives mort morts décédé décès tué tués",
    "arrested arrest detained custody held interpellé arrêté garde",
    "fire blaze flames burning burned incendie feu flammes",
    "firefighters firefighter firemen pompiers pompier",
    "police officers officer policiers policier gendarmes gendarmerie",
    "begin begins began start starts started starting commence commences launch "
    "launches débute débuter commence commencer démarre démarrer",
    "end ends ended finish finished conclude concluded terminé terminer fin achevé",
    "rise rises rose risen increase increased increases climb climbed jump jumped "
    "soar soared grow grew growth hausse augmentation augmenté augmente grimpé progressé",
    "fall falls fell fallen drop dropped decline declined decrease decreased slump "
    "slumped baisse chute chuté recul reculé diminué diminution",
    "customers customer clients client consumers users households abonnés usagers",
    "homes houses households dwellings properties logements foyers maisons habitations",
    "company firm business businesses companies entreprise société groupe",
    "price prices cost costs fee fees charge charges bill bills tarif tarifs prix coût",
    "jobs job posts roles employment emplois emploi postes",
    "plan plans scheme schemes proposal proposals project projet projets",
    "approved approve approval backed endorsed authorised authorized approuvé validé autorisé",
    "rejected reject refused refuse opposed objected objections objection refusé rejeté "
    "opposé opposition",
    "inquiry investigation investigate investigating probe review enquête investigation",
    "court trial tribunal procès cour",
    "jailed jail prison imprisoned sentenced emprisonné incarcéré condamné",
    "strike strikes walkout walkouts grève grèves",
    "closed close closure shut shutting fermé fermer fermeture",
    "cancelled canceled cancel scrapped axed annulé annuler supprimé",
    "delayed delay postponed postpone retardé reporté retard",
    "residents locals inhabitants habitants riverains",
    "children child kids youngsters pupils enfants enfant élèves",
    "rain rainfall downpours showers pluie pluies averses",
    "flood floods flooding flooded inondation inondations inondé crue",
    "storm storms gale tempête tempêtes orage",
    "car cars vehicle vehicles voiture voitures véhicule véhicules",
    "train trains rail railway trains ferroviaire",
    "money funding funds cash financement fonds argent",
    "government ministers ministry gouvernement ministres ministère exécutif",
    "vote votes voted ballot poll élection élections scrutin voté",
    "warned warning warns alert alerte averti avertissement",
    "hospital hospitals hôpital hôpitaux",
    "talks negotiations negotiators discussions pourparlers négociations négociateurs",
    "collapsed collapse broke failed stalled échoué échec rompu",
    "cordon cordoned sealed perimeter bouclé bouclage périmètre",
    "evacuated evacuate evacuation évacué évacués évacuation",
    "wealthy rich affluent well-off wealthiest richest aisés aisé fortunés riches",
    "earthquake quake tremor séisme tremblement",
    "shooting gunfire shots gunshots tirs fusillade",
    "charged accused prosecuted inculpé mis poursuivi",
    "resigned resign quit resignation démission démissionné",
    "agreement deal accord compromise compromis",
    "crash collision accident",
    "heatwave heat canicule chaleur",
    "reopen reopened reopening rouvrir rouvert réouverture",
    "passengers travellers travelers commuters voyageurs usagers passagers",
    "plane aircraft jet flight avion appareil vol",
    "profit profits earnings bénéfice bénéfices",
    "ban banned prohibit prohibited interdire interdit interdiction",
    "law bill legislation loi législation",
    "won win victory winner victoire gagné remporté vainqueur",
    "lost lose defeat défaite perdu",
    "doctors doctor physicians médecins médecin",
    "patients patient malades",
    "unemployment jobless chômage",
    "wages pay salaries salaires rémunération",
    "victims victim victimes victime",
    "suspect suspects suspect",
    "hit struck touché touchés frappé",
]

_NONE = frozenset(["no", "nobody", "none", "no-one", "noone", "aucun", "aucune", "nul", "nulle"])


def language(docs: Iterable[list[str]], default: str = "en") -> str:
    """English or French, by their commonest words in *docs* (lower-case
    tokens); *default* when neither has more.

    >>> language([["le", "chat", "est", "là"]]), language([["ok"]], "fr")
    ('fr', 'fr')
    """
    en = fr = 0
    for tokens in docs:
        for t in tokens:
            if t in _EN_MARKS:
                en += 1
            elif t in _FR_MARKS:
                fr += 1
    if fr == en:
        return default
    return "fr" if fr > en else "en"


_EN_TEXT = "the of and to is was were has have will with that this from"
_FR_TEXT = "le la les des du est sont une dans pour sur qui que avec pas"
_EN_MARKS = frozenset(_EN_TEXT.split())
_FR_MARKS = frozenset(_FR_TEXT.split())

_concept_cache: dict[str, dict[str, str]] = {}


def _concepts(lang: str) -> dict[str, str]:
    table = _concept_cache.get(lang)
    if table is None:
        stem_word = _STEMMERS[lang]
        table = {}
        for group in _CONCEPTS:
            words = group.split()
            name = "~" + words[0]
            for w in words:
                table.setdefault(stem_word(w), name)
        _concept_cache[lang] = table
    return table


_SKIP, _END, _NUMBER, _WORD = 0, 1, 2, 3


def _classify(t: str, stem_word: Callable[[str], str], concepts: dict[str, str]) -> tuple[int, str]:
    """What a token is to the meaning step, and its term."""
    if not t[0].isalnum() and t[0] not in "£$€¥":
        return (_END if t in ".!?:;" else _SKIP), ""
    low = t.casefold()
    if not low.isalpha() and any(c.isdigit() for c in t):
        return _NUMBER, "#" + low.replace(",", "").replace("£", "").replace("$", "").replace(
            "€", ""
        )
    if low in _NUMBER_WORDS:
        return _NUMBER, "#" + _NUMBER_WORDS[low]
    if low in _NONE:
        return _WORD, "~none"  # "no injuries" and "nobody was hurt" both deny
    if low in STOPWORDS or low in _FRAME or len(low) < 2:
        return _SKIP, ""
    stemmed = stem_word(low)
    return _WORD, concepts.get(stemmed, stemmed)


def meaning_terms(
    text: str | list[str],
    lang: str,
    cache: dict[str, tuple[int, str]],
    lower_words: frozenset[str] | set[str] = frozenset(),
) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Content terms (stems or concepts), anchors (numbers and names) and names of
    a sentence's comparison key (or of its tokens). A capitalised word inside a
    sentence is a name; so is one opening it when *lower_words* (words seen in
    lower case nearby) does not have it. *cache* remembers each token's class
    (one per language)."""
    tokens = tokenize(text) if isinstance(text, str) else text
    stem_word = _STEMMERS[lang]
    concepts = _concepts(lang)
    terms: set[str] = set()
    anchors: set[str] = set()
    names: set[str] = set()
    first = True
    get = cache.get
    for t in tokens:
        entry = get(t)
        if entry is None:
            entry = cache[t] = _classify(t, stem_word, concepts)
        what, term = entry
        if what == _SKIP:
            if term == "" and t[0].isalnum():
                first = False
            continue
        if what == _END:
            first = True
            continue
        terms.add(term)
        if what == _NUMBER:
            anchors.add(term)
        elif t[0].isupper() and term != "~none":
            if not first:
                anchors.add(term)
                names.add(term)
            elif t.casefold() not in lower_words:
                names.add(term)  # tells people and places apart, but weighs as a word
        first = False
    return frozenset(terms), frozenset(anchors), frozenset(names)
