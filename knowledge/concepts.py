"""The concept signal: departments and texts meet on thesaurus concepts, not only on shared words.

Each department (and topic) is read through the built-in thesaurus of company functions once,
when the router is built: its name, keywords, description and examples say which concepts it
covers, and how strongly (a concept named in its keywords counts more than one met in an
example). An incoming text is read through the same thesaurus; a department scores for every
concept the two share, weighted by how specific that concept is across the registry. So "mon
compte a été hacké" reaches a department whose keywords say "comptes piratés", and "une pigiste
de Lyon Capitale" reaches the one that deals with journalists.

The thesaurus side does not depend on any registry: ``concept_index`` (``knowledge.concept_index``)
analyses it once per process (and once per distinct set of registry synonyms), and every router
shares the result.
Terms are matched with the same stems, phrases and typo tolerance as the registry's own words
(``knowledge.index``, ``knowledge.lexicon``); a registry adds synonyms with ``settings.synonyms``.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from knowledge.concept_index import ConceptIndex
from knowledge.index import POSTING_CAP, Hit, longest_first, rarity
from knowledge.lexicon import TYPO_MIN_LENGTH, QueryToken, languages_of
from knowledge.lexical import (
    DESCRIPTION,
    EXAMPLE,
    KEYWORD,
    NAME,
    TOPIC_TERM_FOR_DEPARTMENT,
    own_name_parts,
    subject_description,
)
from knowledge.models import Registry
from knowledge.signals import SignalScores
from knowledge.thesaurus import OFF_DUTY_DOMAIN

_new_tuple = tuple.__new__  # _new_tuple(Hit, fields): a named tuple without its Python-level __new__

QUERY_CAP = 1.75  # a concept named by four words of a text (1 + 3 x 0.25) counts no more than that
RELATED = 0.3  # share of a concept's strength given to the concepts the thesaurus relates to it
PROFILE_CAP = 1.0
RELATED_POSTINGS = 8  # departments a related concept (not named by the text) is read for


class Evoked(NamedTuple):
    """A concept a text evokes: how strongly, by which of its words, under which concept's name
    (a named tuple: immutable, and made many times per query)."""

    strength: float
    words: tuple[str, ...]
    source: int  # the concept the words name (itself, or the one it is related to)
    hinted: bool = False  # only the severity rules' hint words evoke it


class _Profiles:
    """Concept -> {document: weight}, with how specific each concept is across documents."""

    def __init__(self, doc_count: int):
        self.postings: dict[int, dict[int, float]] = {}
        self.rarity: dict[int, float] = {}
        self.impact: dict[int, list[tuple[int, float]]] = {}
        self.by_doc: dict[int, dict[int, float]] = {}  # document -> concept -> weight (postings inverted)
        self.doc_count = max(doc_count, 1)

    def add(self, doc: int, concepts: dict[int, float], weight: float) -> None:
        """Record that ``doc`` covers these concepts, keeping the strongest weight per concept."""
        for concept, strength in concepts.items():
            value = weight * min(strength, PROFILE_CAP)
            docs = self.postings.setdefault(concept, {})
            if value > docs.get(doc, 0.0):
                docs[doc] = value

    def finish(self) -> None:
        """Compute rarities and impact-ordered postings (capped like the term index's)."""
        for concept, docs in self.postings.items():
            for doc, weight in docs.items():
                self.by_doc.setdefault(doc, {})[concept] = weight
            specific = self.rarity[concept] = rarity(len(docs), self.doc_count)
            ordered = sorted(docs.items(), key=lambda kv: (-kv[1], kv[0]))[:POSTING_CAP]
            self.impact[concept] = [(doc, weight * specific) for doc, weight in ordered]

    def score(self, evoked: dict[int, float], related: frozenset[int] | set[int] = frozenset()) -> dict[int, float]:
        """Document -> score for the concepts a text evokes (concept -> strength); a concept
        only ``related`` to the text's words reads its ``RELATED_POSTINGS`` strongest documents."""
        scores: dict[int, float] = {}
        get = scores.get
        for concept, strength in evoked.items():
            postings = self.impact.get(concept, ())
            if concept in related:
                postings = postings[:RELATED_POSTINGS]
            for doc, value in postings:
                scores[doc] = get(doc, 0.0) + strength * value
        return scores


class ConceptSignal:
    """Scores departments and topics by the thesaurus concepts they share with a text."""

    def __init__(self, registry: Registry, index: ConceptIndex,
                 word_rarity: Callable[[tuple[str, ...]], float] = lambda keys: 1.0):
        self.index = index
        self.word_rarity = word_rarity
        self._weighed_tokens: dict[QueryToken, QueryToken] = {}
        self._weighed_by_id: dict[int, tuple[QueryToken, QueryToken, tuple]] = {}  # the same, found faster
        # the query read last, what it evokes, and its words read inside a longer thesaurus phrase
        self._last: tuple[object, dict[int, Evoked], frozenset[str]] = (None, {}, frozenset())
        language = registry.settings.language
        self.labels = [index.label(n, language) for n in range(len(index.concepts))]
        topic_count = sum(len(d.topics) for d in registry.departments)
        self.departments = _Profiles(len(registry.departments))
        self.topics = _Profiles(topic_count)
        read: dict[str, dict[int, float]] = {}

        def concepts_of(text: str) -> dict[int, float]:
            found = read.get(text)
            if found is None:
                found = read[text] = index.concepts_of(text)
            return found

        topic_no = 0
        own: list[set[int]] = []  # per topic, the concepts its department covers anyway
        for d, dept in enumerate(registry.departments):
            description = subject_description(dept)
            self._describe(self.departments, d, concepts_of, dept.name, dept.keywords, description,
                           dept.examples)
            general = {c for text in (dept.name, description, *dept.keywords, *dept.examples)
                       for c in concepts_of(text)}
            for topic in dept.topics:
                self._describe(self.topics, topic_no, concepts_of, topic.name, topic.keywords, "", topic.examples)
                self._describe(self.departments, d, concepts_of, topic.name, topic.keywords, "", topic.examples,
                               scale=TOPIC_TERM_FOR_DEPARTMENT)
                claimed = {c for text in (topic.name, *topic.keywords) for c in concepts_of(text)}
                core = {c for text in own_name_parts(dept, topic) for c in concepts_of(text)}  # see LexicalSignal
                own.append(general - (claimed - core))
                topic_no += 1
        self.departments.finish()
        self.topics.finish()
        # what no department handles, as this registry says it (a facilities department covers
        # the coffee machine, and then it is not off duty)
        self.off_duty_concepts = frozenset(n for n, c in enumerate(index.concepts)
                                           if c.domain == OFF_DUTY_DOMAIN and n not in self.departments.postings)
        # per topic, the concepts that set it apart from its department (weight x rarity);
        # topics are scored one by one, on demand
        self.topic_profiles: list[list[tuple[int, float]]] = [[] for _ in range(topic_count)]
        for concept, docs in self.topics.postings.items():
            for t, weight in docs.items():
                if concept not in own[t]:
                    self.topic_profiles[t].append((concept, weight * self.topics.rarity[concept]))

    def concepts_of(self, text: str) -> dict[int, float]:
        """Concept number -> strength for a registry text."""
        return self.index.concepts_of(text)

    @staticmethod
    def _describe(profiles: _Profiles, doc: int, concepts_of: Callable[[str], dict[int, float]], name: str,
                  keywords: Sequence[str], description: str, examples: Sequence[str], scale: float = 1.0) -> None:
        profiles.add(doc, concepts_of(name), NAME * scale)
        for keyword in keywords:
            profiles.add(doc, concepts_of(keyword), KEYWORD * scale)
        if description:
            profiles.add(doc, concepts_of(description), DESCRIPTION * scale)
        for example in examples:
            profiles.add(doc, concepts_of(example), EXAMPLE * scale)

    def _weighed(self, token: QueryToken) -> QueryToken:
        """``token`` counting as much as the word is specific to few departments (cached)."""
        weighed = self._weighed_tokens.get(token)
        if weighed is None:
            if len(self._weighed_tokens) >= 50_000:
                self._weighed_tokens.clear()
            weighed = self._weighed_tokens[token] = token.strict(token.factor * self.word_rarity(token.keys))
        return weighed

    def evoke(self, query: Sequence[QueryToken]) -> dict[int, Evoked]:
        """The concepts a query evokes, with their strength and the words that evoke them.

        A word that most departments of the registry use evokes its concepts only weakly. A
        concept's strength is its strongest word plus a quarter of the others (several
        "tweet"/"story"/"post" do not add up to a strong social-media concept). Concepts the
        thesaurus relates to an evoked one are evoked too, at ``RELATED`` of its strength.
        """
        return self._read(query)[1]

    def _read(self, query: Sequence[QueryToken]) -> tuple[object, dict[int, Evoked], frozenset[str]]:
        last = self._last
        if last[0] is query:
            return last
        evoked, phrased = self._evoke(query)
        self._last = last = (query, evoked, phrased)  # one assignment: a reader sees a matching set
        return last

    def _evoke(self, query: Sequence[QueryToken]) -> tuple[dict[int, Evoked], frozenset[str]]:
        index = self.index
        by_id = self._weighed_by_id
        entries = []
        for t in query:
            entry = by_id.get(id(t))
            if entry is None or entry[0] is not t:  # the entry holds its token: ids are not reused
                if len(by_id) >= 50_000:
                    by_id.clear()
                w = self._weighed(t)
                # with what the word evokes on its own (its one-word terms), made once per word
                singles = tuple((concept, (value * w.factor, (w.word,)))
                                for concept, value in index.single(w.keys, _only_language(w.word), w.word))
                entry = by_id[id(t)] = (t, w, singles)
            entries.append(entry)
        weighed = [entry[1] for entry in entries]
        found: dict[int, list[tuple[float, tuple[str, ...]]]] = {}
        covered: frozenset[int] = frozenset()
        phrased: frozenset[str] = frozenset()
        phrases = list(index.terms.find_phrases(weighed))
        if phrases:
            kept, covered = longest_first(phrases)
            phrased = frozenset(weighed[i].word for i in covered)
            for phrase, start in kept:
                span = weighed[start:start + len(phrase.parts)]
                factor = min(t.factor for t in span) * index.terms.phrase_rarity(phrase)
                words = tuple(t.word for t in span)
                for concept, weight in phrase.docs.items():
                    found.setdefault(concept, []).append((weight * factor, words))
        seen: set[tuple[str, ...]] = set()
        for position, (_, token, singles) in enumerate(entries):
            if position in covered or token.keys in seen or token.factor <= 0:
                continue
            seen.add(token.keys)
            for concept, hit in singles:
                found.setdefault(concept, []).append(hit)
        hint_words = {t.word for t in query if t.hint}
        if hint_words:
            hint_words -= {t.word for t in query if not t.hint}
        evoked: dict[int, Evoked] = {}
        for concept, hits in found.items():
            if len(hits) == 1:
                strength, words = hits[0]
                strength = min(strength, QUERY_CAP)
            else:
                scores = sorted((h[0] for h in hits), reverse=True)
                strength = min(scores[0] + 0.25 * sum(scores[1:]), QUERY_CAP)
                words = tuple(dict.fromkeys(w for h in hits for w in h[1]))
            if strength > 0:
                hinted = bool(hint_words) and all(w in hint_words for w in words)
                evoked[concept] = _new_tuple(Evoked, (strength, words, concept, hinted))
        # the last concept to beat a related one's strength wins; decided first, built once
        relayed: dict[int, tuple[float, Evoked, int]] = {}
        related = self.index.related
        for concept, seen in list(evoked.items()):
            strength = RELATED * seen.strength
            for other in related[concept]:
                current = relayed.get(other)
                if current is not None:
                    if strength > current[0]:
                        relayed[other] = (strength, seen, concept)
                elif strength > (evoked[other].strength if other in evoked else 0.0):
                    relayed[other] = (strength, seen, concept)
        for other, (strength, seen, concept) in relayed.items():
            evoked[other] = _new_tuple(Evoked, (strength, seen.words, concept, seen.hinted))
        return evoked, phrased

    def score(self, query: Sequence[QueryToken]) -> SignalScores:
        """Department and topic scores from the concepts the text evokes."""
        _, evoked, phrased = self._read(query)
        if not evoked:
            return SignalScores()
        strengths: dict[int, float] = {}
        direct: dict[int, bool] = {}
        related: set[int] = set()
        for c, e in evoked.items():
            strengths[c] = e.strength
            if e.source == c:
                direct[c] = e.hinted
            else:
                related.add(c)

        def explain(profiles: _Profiles, doc: int) -> list[Hit]:
            hits: list[Hit] = []
            covered = profiles.by_doc.get(doc)
            if not covered:
                return hits
            for concept, seen in evoked.items():
                weight = covered.get(concept)
                if weight:
                    # a related concept counts under the name of the concept the words say
                    hits.append(_new_tuple(Hit, (self.labels[seen.source], seen.words,
                                                 seen.strength * weight * profiles.rarity[concept], False, "concept")))
            return hits

        def topic_score(t: int) -> float:
            return sum(strengths[c] * value for c, value in self.topic_profiles[t] if c in strengths)

        off_duty = next((evoked[c].words for c, hinted in direct.items()
                         if c in self.off_duty_concepts and not hinted), ())
        return SignalScores(self.departments.score(strengths, related), topic_score,
                            lambda d: explain(self.departments, d), lambda t: explain(self.topics, t),
                            concepts=direct, phrased=phrased, off_duty=off_duty)


def _only_language(word: str) -> str:
    """"fr" or "en" for a word of six letters or more that only that language's word lists
    have (a typo or a name has none), else ""."""
    if len(word) < TYPO_MIN_LENGTH:
        return ""
    languages = languages_of(word)
    return languages[0] if len(languages) == 1 else ""
