"""The concept signal: departments and texts meet on thesaurus concepts, not only on shared words.

Each department (and topic) is read through the built-in thesaurus of company functions once,
when the router is built: its name, keywords, description and examples say which concepts it
covers, and how strongly (a concept named in its keywords counts more than one met in an
example). An incoming text is read through the same thesaurus; a department scores for every
concept the two share, weighted by how specific that concept is across the registry. So "mon
compte a été hacké" reaches a department whose keywords say "comptes piratés", and "une pigiste
de Lyon Capitale" reaches the one that deals with journalists.

Terms are matched with the same stems, phrases and typo tolerance as the registry's own words
(``knowledge.index``); a registry may add synonyms through ``Thesaurus.extend``.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from knowledge.index import POSTING_CAP, Hit, Lexicon, QueryToken, TermIndex, rarity
from knowledge.matching import (
    DESCRIPTION,
    EXAMPLE,
    KEYWORD,
    NAME,
    TOPIC_TERM_FOR_DEPARTMENT,
    SignalScores,
)
from knowledge.models import Registry
from knowledge.text import analyse
from knowledge.thesaurus import Thesaurus, ThesaurusInvalid, load_thesaurus

log = logging.getLogger(__name__)

QUERY_CAP = 1.5  # a concept named three times in a text is not three times as relevant
RELATED = 0.3  # share of a concept's strength given to the concepts the thesaurus relates to it
PROFILE_CAP = 1.0


def default_thesaurus(registry: Registry) -> Thesaurus | None:
    """The built-in thesaurus, extended with the registry's synonyms if it declares any."""
    try:
        thesaurus = load_thesaurus()
    except ThesaurusInvalid as exc:
        log.error("built-in thesaurus unavailable, routing on the registry's words only: %s", exc)
        return None
    synonyms = getattr(registry.settings, "synonyms", None)
    return thesaurus.extend(synonyms) if synonyms else thesaurus


class _Profiles:
    """Concept -> {document: weight}, with how specific each concept is across documents."""

    def __init__(self, doc_count: int):
        self.postings: dict[int, dict[int, float]] = {}
        self.rarity: dict[int, float] = {}
        self.impact: dict[int, list[tuple[int, float]]] = {}
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
            specific = self.rarity[concept] = rarity(len(docs), self.doc_count)
            ordered = sorted(docs.items(), key=lambda kv: (-kv[1], kv[0]))[:POSTING_CAP]
            self.impact[concept] = [(doc, weight * specific) for doc, weight in ordered]

    def score(self, evoked: dict[int, float]) -> dict[int, float]:
        """Document -> score for the concepts a text evokes (concept -> strength)."""
        scores: dict[int, float] = {}
        for concept, strength in evoked.items():
            for doc, value in self.impact.get(concept, ()):
                scores[doc] = scores.get(doc, 0.0) + strength * value
        return scores


class ConceptSignal:
    """Scores departments and topics by the thesaurus concepts they share with a text."""

    def __init__(self, registry: Registry, thesaurus: Thesaurus, lexicon: Lexicon,
                 word_rarity: Callable[[tuple[str, ...]], float] = lambda keys: 1.0):
        self.word_rarity = word_rarity
        self._weighed_tokens: dict[QueryToken, QueryToken] = {}
        self.concepts = list(thesaurus.concepts.values())
        french = registry.settings.language == "fr"
        self.labels = [c.label_fr if french else c.label_en for c in self.concepts]
        number = {c.id: n for n, c in enumerate(self.concepts)}
        self.related = [[number[r] for r in c.related if r in number] for c in self.concepts]
        self.terms = TermIndex(lexicon)
        for number, concept in enumerate(self.concepts):
            for term in concept.terms:
                self.terms.add_term(number, term, 1.0)
        self.terms.finish(len(self.concepts))
        topic_count = sum(len(d.topics) for d in registry.departments)
        self.departments = _Profiles(len(registry.departments))
        self.topics = _Profiles(topic_count)
        topic_no = 0
        for d, dept in enumerate(registry.departments):
            self._describe(self.departments, d, dept.name, dept.keywords, dept.description, dept.examples)
            for topic in dept.topics:
                self._describe(self.topics, topic_no, topic.name, topic.keywords, "", topic.examples)
                self._describe(self.departments, d, topic.name, topic.keywords, "", topic.examples,
                               scale=TOPIC_TERM_FOR_DEPARTMENT)
                topic_no += 1
        self.departments.finish()
        self.topics.finish()
        # per topic, the concepts that set it apart from its department (weight x rarity);
        # topics are scored one by one, on demand
        own: list[set[int]] = []
        for dept in registry.departments:
            texts = [dept.name, dept.description, *dept.keywords, *dept.examples]
            concepts = {c for text in texts for c in self.concepts_of(text)}
            for topic in dept.topics:
                claimed = {c for text in (topic.name, *topic.keywords) for c in self.concepts_of(text)}
                own.append(concepts - claimed)
        self.topic_profiles: list[list[tuple[int, float]]] = [[] for _ in range(topic_count)]
        for concept, docs in self.topics.postings.items():
            for t, weight in docs.items():
                if concept not in own[t]:
                    self.topic_profiles[t].append((concept, weight * self.topics.rarity[concept]))

    def concepts_of(self, text: str) -> dict[int, float]:
        """Concept number -> strength for a registry text (no typo reading: it is curated)."""
        tokens = [QueryToken(t.word, t.keys, 1.0) for t in analyse(text)]
        return self.terms.score(tokens, exclusive=True).scores

    def _describe(self, profiles: _Profiles, doc: int, name: str, keywords: Sequence[str],
                  description: str, examples: Sequence[str], scale: float = 1.0) -> None:
        profiles.add(doc, self.concepts_of(name), NAME * scale)
        for keyword in keywords:
            profiles.add(doc, self.concepts_of(keyword), KEYWORD * scale)
        if description:
            profiles.add(doc, self.concepts_of(description), DESCRIPTION * scale)
        for example in examples:
            profiles.add(doc, self.concepts_of(example), EXAMPLE * scale)

    def _weighed(self, token: QueryToken) -> QueryToken:
        """``token`` counting as much as the word is specific to few departments (cached)."""
        weighed = self._weighed_tokens.get(token)
        if weighed is None:
            if len(self._weighed_tokens) >= 50_000:
                self._weighed_tokens.clear()
            weighed = self._weighed_tokens[token] = QueryToken(
                token.word, token.keys, token.factor * self.word_rarity(token.keys), token.corrected, token.hint)
        return weighed

    def evoke(self, query: Sequence[QueryToken]) -> dict[int, tuple[float, tuple[str, ...], int]]:
        """Concept number -> (strength, the words that evoke it, the concept they name) for a query.

        A word that most departments of the registry use evokes its concepts only weakly. A
        concept's strength is its strongest word plus a quarter of the others (several
        "tweet"/"story"/"post" do not add up to a strong social-media concept). Concepts the
        thesaurus relates to an evoked one are evoked too, at ``RELATED`` of its strength.
        """
        query = [self._weighed(t) for t in query]
        found = self.terms.score(query, exclusive=True)
        evoked: dict[int, tuple[float, tuple[str, ...], int]] = {}
        for concept, hits in found.explain_all().items():
            scores = sorted((h.score for h in hits), reverse=True)
            strength = min(scores[0] + 0.25 * sum(scores[1:]), QUERY_CAP) if scores else 0.0
            if strength > 0:
                evoked[concept] = (strength, tuple(dict.fromkeys(w for h in hits for w in h.words)), concept)
        for concept, (strength, words, _) in list(evoked.items()):
            for other in self.related[concept]:
                if RELATED * strength > evoked.get(other, (0.0, (), 0))[0]:
                    evoked[other] = (RELATED * strength, words, concept)
        return evoked

    def score(self, query: Sequence[QueryToken]) -> SignalScores:
        """Department and topic scores from the concepts the text evokes."""
        evoked = self.evoke(query)
        if not evoked:
            return SignalScores()
        strengths = {c: strength for c, (strength, _, _) in evoked.items()}
        hinted = {t.word for t in query if t.hint} - {t.word for t in query if not t.hint}
        # explanations name the concept the words evoke (a related one counts, but under the
        # name of the concept the words actually say), with the text's own words
        labels = {c: f"{' '.join(w for w in words if w not in hinted) or '(' + words[0] + ')'} ≈ "
                     f"{self.labels[source]}" for c, (_, words, source) in evoked.items()}

        def explain(profiles: _Profiles, doc: int) -> list[Hit]:
            hits = []
            for concept, (strength, words, _) in evoked.items():
                weight = profiles.postings.get(concept, {}).get(doc)
                if weight:
                    hits.append(Hit(labels[concept], words, strength * weight * profiles.rarity[concept]))
            return hits

        def topic_score(t: int) -> float:
            return sum(strengths[c] * value for c, value in self.topic_profiles[t] if c in strengths)

        return SignalScores(self.departments.score(strengths), topic_score,
                            lambda d: explain(self.departments, d), lambda t: explain(self.topics, t))
