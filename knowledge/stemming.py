"""The stems of one folded word, French and English: what makes two forms of a word meet.

``stems`` gives a word's Snowball stems in both languages (registry words and messages are
matched on them: "journaliste" and "journalist" share ``journalist``); ``light_stem`` cuts
inflections only (plural, feminine, participle), for the thesaurus, whose terms list their own
derived forms. A few words keep a stem of their own, where Snowball would make two meanings meet.
"""
from __future__ import annotations

from functools import lru_cache

import snowballstemmer

_FRENCH = snowballstemmer.stemmer("french")
_ENGLISH = snowballstemmer.stemmer("english")


def _french_form(word: str) -> str:
    # Folding turns "piratée" into "piratee", which the French stemmer no longer recognises as a
    # feminine participle; give it back the masculine form it does recognise.
    if len(word) >= 6 and word.endswith("ees"):
        return word[:-2]
    if len(word) >= 5 and word.endswith("ee"):
        return word[:-1]
    return word


def _feminine_er_stem(word: str) -> str | None:
    """The French stem of the masculine of an -ère noun ("conseillère" -> that of "conseiller",
    "conseil"), which keeps its "er" where the masculine loses it as an infinitive's ending; None
    when that stem is too short to be safe ("carrière" -> "carri", English "carry"'s)."""
    if len(word) >= 8 and word.endswith("eres"):
        masculine = word[:-2]
    elif len(word) >= 7 and word.endswith("ere"):
        masculine = word[:-1]
    else:
        return None
    stem = _FRENCH.stemWord(masculine)
    return stem if len(stem) >= 6 else None


# Words whose Snowball stem is another word's: "résilience" is cut like "résiliation" (cancelling
# a contract), "licencié" (dismissed) like "licence", "se plaint" (grumbles) like "plainte" (a
# complaint, often to the police), "mairie" (the town hall) like "maire" (its mayor), "paie" (the
# payroll) like "payer" and "paiement", "vigilance" (a weather warning) like "vigile" (a guard).
# Each keeps the stem of its own meaning only.
_OWN_STEMS = {form: key for key, forms in {
    "resilienc": ("resilience", "resiliences", "resilient", "resiliente", "resilients", "resilientes"),
    "licenci": ("licencie", "licenciee", "licencies", "licenciees", "licencier", "licenciement", "licenciements"),
    "plaindr": ("plaint",),
    "mairi": ("mairie", "mairies"),  # the town hall, not its mayor ("maire")
    "paie": ("paie", "paies"),  # pay slips and payroll, not "payer" or "paiement"
    "vigilanc": ("vigilance", "vigilances", "vigilant", "vigilante", "vigilants", "vigilantes"),  # not a "vigile"
}.items() for form in forms}


@lru_cache(maxsize=65536)
def stems(word: str) -> tuple[str, ...]:
    """The distinct French and English Snowball stems of one folded word."""
    own = _OWN_STEMS.get(word)
    if own is not None:
        return (own,)
    french = _feminine_er_stem(word) or _FRENCH.stemWord(_french_form(word))
    english = _ENGLISH.stemWord(word)
    return (french,) if french == english else (french, english)


# Words whose inflection-only stem would be another everyday word: English agent nouns cut like a
# French infinitive ("reporter" -> "report", "followers" -> "follow", "supporters" -> "support")
# and French nouns that meet a verb or another word ("policiers" -> "polici" like "policy",
# "passagers" like "passage", "conseillère" like "je conseille", "carte" like a shopping "cart"). Each keeps one key for its forms.
_WHOLE = {form: key for key, forms in {
    "reporter": ("reporter", "reporters"),
    "follower": ("follower", "followers"),
    "tracker": ("tracker", "trackers"),
    "streamer": ("streamer", "streamers"),
    "supporter": ("supporter", "supporters"),
    "teacher": ("teacher", "teachers"),
    "cheater": ("cheater", "cheaters"),
    "carrier": ("carrier", "carriers"),
    "policier": ("policier", "policiers", "policiere", "policieres"),
    "passager": ("passager", "passagers", "passagere", "passageres"),
    "conseiller": ("conseiller", "conseillers", "conseillere", "conseilleres"),
    "soldes": ("soldes",),
    "carte": ("carte", "cartes"),
    "courte": ("courte", "courtes"),  # short, not a court of law
    "plaindr": ("plaint",),  # "il se plaint", not "une plainte"
}.items() for form in forms}


def light_stem(word: str) -> str:
    """``word`` without its inflection only: plural, feminine and participle endings, and the
    French infinitive and third person plural ("piratées", "piraté" -> "pirat"; "connecter",
    "connectée" -> "connect"; "décollent" -> "décoll"; "commerciaux" -> "commercial";
    "policies", "policy" -> "polici"). English -ed and -ing are kept: "reported" is not "reporter".

    Snowball stems also cut derivations, which lets a registry keyword match the other forms of
    its word but makes unrelated words meet ("communication" and "communiqué", "publication" and
    "publique", "licences" and "licencié"). The thesaurus lists the forms of its terms itself, so
    they are matched on this lighter stem. A few words keep a key of their own (``_WHOLE``).
    """
    whole = _WHOLE.get(word)
    if whole is not None:
        return whole
    w = word
    if len(w) > 5 and w.endswith("ies"):
        return w[:-3] + "i"
    if len(w) > 5 and w.endswith("aux") and not w.endswith(("eaux", "yaux")):
        # French -al/-aux plurals ("commerciaux", "sociaux", "journaux") meet their singular
        return w[:-3] + "al"
    if len(w) > 4 and ((w[-1] == "s" and w[-2] != "s") or w.endswith("ux")):  # -x only as a French
        w = w[:-1]                                                         # plural: "jeux", not "comex"
    for _ in range(2):
        if len(w) > 4 and w.endswith("e"):
            w = w[:-1]
    if len(w) >= 7 and w.endswith(("er", "ez")):
        w = w[:-2]
    elif len(w) >= 8 and w.endswith("ent"):
        w = w[:-3]
    if len(w) > 4 and w.endswith("y"):
        w = w[:-1] + "i"
    return w
