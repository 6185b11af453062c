"""The thesaurus analysed once: every term indexed, shared by every router of the process.

``concept_index`` analyses a thesaurus once per process (and the built-in one extended by a
registry's ``settings.synonyms`` once per distinct set of synonyms, ``default_thesaurus``), and
``ConceptIndex.concepts_of`` reads a registry text onto its concepts. ``concept_label`` names a
built-in concept in either language.
"""
from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence

from knowledge.index import MIN_RARITY, TermIndex, collapsed, common_limit
from knowledge.lexicon import Lexicon, QueryToken, strict_keys
from knowledge.models import Registry
from knowledge.text import analyse
from knowledge.thesaurus import Thesaurus, ThesaurusInvalid, term_key
from knowledge.thesaurus_file import load_thesaurus

log = logging.getLogger(__name__)

CACHED_THESAURI = 8  # extended thesauri (one per distinct settings.synonyms) kept analysed
SINGLE_CACHE = 50_000  # words whose one-word concept terms are remembered


class ConceptIndex:
    """A thesaurus ready for matching: every term analysed and indexed, once, for any registry."""

    def __init__(self, thesaurus: Thesaurus):
        self.thesaurus = thesaurus
        self.concepts = list(thesaurus.concepts.values())
        self.number = {c.id: n for n, c in enumerate(self.concepts)}
        self.related = [tuple(self.number[r] for r in c.related if r in self.number) for c in self.concepts]
        self.lexicon = Lexicon()
        self.terms = TermIndex(self.lexicon, strict=True)
        self._single: dict[tuple[tuple[str, ...], str], list[tuple[int, float]]] = {}
        self._by_term: dict[str, list[int]] = {}
        # (key, concept) -> the languages of the one-word terms that give the concept that key
        self._languages: dict[tuple[str, int], set[str]] = {}
        for number, concept in enumerate(self.concepts):
            for term in concept.terms:
                self._by_term.setdefault(term_key(term), []).append(number)
                self.terms.add_term(number, term, 1.0)
            for language, terms in (("fr", concept.fr), ("en", concept.en), ("", concept.extra)):
                for term in terms:
                    tokens = analyse(term)
                    if len(tokens) == 1:
                        # the list it is in, and the word itself: a French term the word lists only
                        # know as English ("replay", "turnover") is met by that very word
                        for key in strict_keys(tokens[0].light, tokens[0].keys):
                            self._languages.setdefault((key, number), set()).update((language, "=" + tokens[0].word))
        self.terms.finish(len(self.concepts))

    def single(self, keys: tuple[str, ...], language: str = "", word: str = "") -> list[tuple[int, float]]:
        """(concept, weight x rarity) of the one-word terms a word with these keys matches (cached).

        With ``language``, the language of ``word`` when only that language's word lists know it,
        a key that only the other language's terms give is not read, unless one of them is that
        very word: French "brancher" is not the English "branch" (a bank branch), nor "passer" a
        "pass"."""
        cache_key = (keys, language, word if language else "")
        found = self._single.get(cache_key)
        if found is None:
            best: dict[int, float] = {}
            terms = self.terms
            for key in keys:
                if terms.idf.get(key, 0.0) < MIN_RARITY:
                    continue
                idf = terms.idf[key]
                for concept, weight in terms.postings[key].items():
                    if language:
                        given = self._languages.get((key, concept))
                        if given is not None and not ({language, "", "=" + word} & given):
                            continue  # a word of one language, met by a term of the other only
                    if weight * idf > best.get(concept, 0.0):
                        best[concept] = weight * idf
            found = list(best.items())
            if len(self._single) >= SINGLE_CACHE:
                self._single.clear()
            self._single[cache_key] = found
        return found

    def label(self, concept: int, language: str) -> str:
        """The concept's name in the registry's language."""
        c = self.concepts[concept]
        return c.label_fr if language == "fr" else c.label_en

    def concepts_named(self, term: str) -> tuple[int, ...]:
        """The concepts that list ``term`` itself (case and accents ignored)."""
        return tuple(self._by_term.get(term_key(term), ()))

    def concepts_of(self, text: str) -> dict[int, float]:
        """Concept number -> strength for a registry text (no typo reading: it is curated)."""
        tokens = [QueryToken(t.word, strict_keys(t.light, t.keys), 1.0) for t in analyse(text)]
        return self.terms.score(tokens, exclusive=True).scores


_translations: dict[str, tuple[str, str]] | None = None  # a built-in concept's label -> (French, English)


def concept_label(label: str, language: str) -> str:
    """A built-in concept's name (as a route's reasons give it, in the registry's language) in
    ``language``; a name the thesaurus does not have (a registry's own synonyms) as it is."""
    global _translations
    if _translations is None:
        try:
            concepts = load_thesaurus().concepts.values()
        except ThesaurusInvalid:
            concepts = []
        _translations = {name: (c.label_fr, c.label_en) for c in concepts for name in (c.label_fr, c.label_en)}
    pair = _translations.get(label)
    return label if pair is None else pair[0] if language == "fr" else pair[1]


_indexes: OrderedDict[int, tuple[Thesaurus, ConceptIndex]] = OrderedDict()
_extended: OrderedDict[tuple, Thesaurus] = OrderedDict()
_lock = threading.Lock()


def concept_index(thesaurus: Thesaurus) -> ConceptIndex:
    """The analysed form of ``thesaurus``, built on first use and shared by every router."""
    key = id(thesaurus)
    with _lock:
        found = _indexes.get(key)
        if found is not None and found[0] is thesaurus:
            _indexes.move_to_end(key)
            return found[1]
        index = ConceptIndex(thesaurus)
        _indexes[key] = (thesaurus, index)
        while len(_indexes) > CACHED_THESAURI + 1:
            _indexes.popitem(last=False)
        return index


def default_thesaurus(registry: Registry) -> Thesaurus | None:
    """The built-in thesaurus, extended with the registry's synonyms if it declares any."""
    try:
        thesaurus = load_thesaurus()
    except ThesaurusInvalid as exc:
        log.error("built-in thesaurus unavailable, routing on the registry's words only: %s", exc)
        return None
    synonyms: Mapping[str, Sequence[str]] = meaningful_synonyms(registry)
    if not synonyms:
        return thesaurus
    key = tuple((word, tuple(terms)) for word, terms in synonyms.items())
    with _lock:
        extended = _extended.get(key)
        if extended is not None:
            _extended.move_to_end(key)
            return extended
    extended = thesaurus.extend(synonyms)
    with _lock:
        _extended[key] = extended
        while len(_extended) > CACHED_THESAURI:
            _extended.popitem(last=False)
    return extended


def meaningful_synonyms(registry: Registry) -> dict[str, list[str]]:
    """The registry's synonyms, without the terms that stop words reduce to a word most of its
    departments use: "Mon Ondéa" (an app) would be read as "Ondéa", the company's own name, and
    every message about the company would evoke the app."""
    synonyms = registry.settings.synonyms
    if not synonyms:
        return {}
    spread: dict[str, int] = {}
    for dept in registry.departments:
        text = " ".join([dept.name, dept.description, *dept.keywords, *dept.examples])
        for key in {k for t in analyse(text) for k in t.keys}:
            spread[key] = spread.get(key, 0) + 1
    limit = common_limit(len(registry.departments))

    def common_name(term: str) -> bool:
        tokens = analyse(term)
        return collapsed(term, tokens) and any(spread.get(k, 0) > limit for k in tokens[0].keys)

    kept = {word: [t for t in terms if not common_name(t)] for word, terms in synonyms.items()}
    return {word: terms for word, terms in kept.items() if terms}
