"""The routing service: "who handles this?" and "how serious is it?" for one registry.

    router = Router.for_registry(registry)      # index built once per registry (and revision)
    route = router.route(text)                  # department, topic, people, severity, why
    route.to_json()                             # the JSON contract of `switchboard route --json`

When the best department is not clear enough, the route goes to the registry's triage department
(``confident`` is false, ``topic`` is null) and ``alternatives`` lists the likeliest departments,
so a person can pick one. A confident wrong answer costs more than an honest "not sure".
"""
from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from knowledge.concept_index import concept_index, default_thesaurus
from knowledge.concepts import ConceptSignal
from knowledge.errors import NotFound
from knowledge.learned_examples import LearnedExamples
from knowledge.lexicon import Lexicon, QueryToken
from knowledge.matching import ALTERNATIVES, Candidate, Matcher, Ranking
from knowledge.signals import Signal
from knowledge.models import SEVERITIES, Registry
from knowledge.neighbours import ExampleSignal
from knowledge.precedence import Precedence
from knowledge.resemblance import LabelledExample
from knowledge.severity import CATEGORY_WORDS, SeverityRater, SeverityRating
from knowledge.reasons import off_duty_reason
from knowledge.text import as_written, spellings, words

log = logging.getLogger(__name__)

CONCEPT_WEIGHT = 1.15  # a shared concept is a shared meaning: it counts a little more than a shared word
EXAMPLE_WEIGHT = 1.0
LEARNED_WEIGHT = 1.0


@dataclass(frozen=True, slots=True)
class Alternative:
    """Another department the text could be about, with its own confidence."""

    department: str
    topic: str | None
    confidence: float

    def to_json(self) -> dict[str, Any]:
        """The alternative as plain JSON data."""
        return {"department": self.department, "topic": self.topic, "confidence": self.confidence}


@dataclass(slots=True)
class Route:
    """Where a text goes, who is responsible, how sure the engine is, how serious, and why."""

    department: str
    topic: str | None
    confident: bool
    confidence: float
    severity: str
    owner: str
    deputies: list[str]
    head: str | None
    channel: str | None
    matched: list[str] = field(default_factory=list)
    alternatives: list[Alternative] = field(default_factory=list)
    severity_reasons: list[str] = field(default_factory=list)
    # the top candidate, with its share: what ``confidence`` and ``matched`` are about (when not
    # confident, the likeliest department, not the triage one answered); not part of the JSON
    guess: Alternative | None = None

    def to_json(self) -> dict[str, Any]:
        """Exactly the fields of the routing JSON contract, all of them always present."""
        return {
            "department": self.department,
            "topic": self.topic,
            "confident": self.confident,
            "confidence": self.confidence,
            "severity": self.severity,
            "owner": self.owner,
            "deputies": list(self.deputies),
            "head": self.head,
            "channel": self.channel,
            "matched": list(self.matched),
            "alternatives": [a.to_json() for a in self.alternatives],
        }


def _hints(rating: SeverityRating) -> str:
    """The words naming the incidents the severity rules recognised, as a hint for matching."""
    return " ".join(CATEGORY_WORDS[c] for c in rating.categories if c in CATEGORY_WORDS)


HINT_SOURCE_WORDS = 4  # words of the text quoted for a hint at most ("cliqué sur le lien…")


def _hint_sources(rating: SeverityRating) -> dict[str, str]:
    """Each hint word (see ``_hints``) -> the words of the text that made the severity rules give
    it: a concept only the hint evokes is explained by them ("banque de france ≈ Régulateur")."""
    sources: dict[str, str] = {}
    for category, excerpt in zip(rating.categories, rating.excerpts):
        if excerpt and category in CATEGORY_WORDS:
            said = excerpt.split()
            shown = " ".join(said[:HINT_SOURCE_WORDS]) + ("…" if len(said) > HINT_SOURCE_WORDS else "")
            for word in words(CATEGORY_WORDS[category]):
                sources.setdefault(word, shown)
    return sources


class _Spelling(Mapping[str, str]):
    """The text's own words (its hints left out) -> how the text writes them, read only when an
    explanation shows one."""

    def __init__(self, text: str, ranking: Ranking):
        self._text = text
        self._own = {t.word for t in ranking.tokens if not t.hint}
        self._written: dict[str, str] = {}  # the first spelling of each word read so far
        self._unread: Iterator[tuple[str, str]] | None = None  # the text's words, read up to the last asked

    def __contains__(self, word: object) -> bool:
        return word in self._own

    def __getitem__(self, word: str) -> str:
        if word not in self._own:
            raise KeyError(word)
        written = self._written
        if word in written:
            return written[word]
        if self._unread is None:
            self._unread = spellings(self._text)
        for other, spelt in self._unread:
            if other not in written:
                written[other] = spelt
                if other == word:
                    return spelt
        return word

    def get(self, word: str, default: str | None = None) -> str | None:  # type: ignore[override]
        """How the text writes ``word`` (``default`` when it is not one of the text's own)."""
        return self[word] if word in self._own else default

    def __iter__(self) -> Iterator[str]:
        return iter(self._own)

    def __len__(self) -> int:
        return len(self._own)


CACHED_ROUTERS = 4  # registries (or revisions) whose router is kept, most recently used first
_cache: OrderedDict[tuple[int, Hashable], Router] = OrderedDict()
_cache_lock = threading.Lock()


class Router:
    """Routes texts for one registry; build it with ``Router.for_registry`` to reuse its index.

    Its matcher reads the registry's words, the built-in thesaurus of company functions
    (``use_thesaurus``), the registry's examples and what ``learn`` was taught; ``signals``
    adds other scorers with their weights.
    """

    def __init__(self, registry: Registry, *, signals: list[tuple[float, Signal]] | None = None,
                 use_thesaurus: bool = True):
        self.registry = registry
        thesaurus = default_thesaurus(registry) if use_thesaurus else None
        index = concept_index(thesaurus) if thesaurus is not None else None
        self.matcher = Matcher(registry, Lexicon(parent=index.lexicon if index is not None else None))
        concepts = None
        if index is not None:
            concepts = ConceptSignal(registry, index, self.matcher.lexical.word_rarity)
            self.matcher.add_signal(concepts, CONCEPT_WEIGHT)
        self.matcher.precedence = Precedence(registry, index)
        for word in self.matcher.precedence.acronyms:
            self.matcher.lexicon.add_acronym(word)
        self.examples = ExampleSignal(registry, concepts=concepts)
        self.matcher.add_signal(self.examples, EXAMPLE_WEIGHT)
        self.learned = LearnedExamples(concepts)  # what ``learn`` was taught: votes once it has texts
        self.matcher.add_signal(self.learned, LEARNED_WEIGHT)
        for weight, signal in signals or ():
            self.matcher.add_signal(signal, weight)
        self.severity = SeverityRater(registry.settings.severity_keywords, business=_business(registry))
        self._departments = {d.id: d for d in registry.departments}

    @classmethod
    def for_registry(cls, registry: Registry, revision: Hashable = None) -> Router:
        """The router of this registry object, built on first use and reused after that.

        The last ``CACHED_ROUTERS`` registries keep their router (a cached router holds its
        registry, so an id is never mistaken for another's). Registries are treated as
        immutable: pass a new ``revision`` after editing one in place.
        """
        key = (id(registry), revision)
        with _cache_lock:
            router = _cache.get(key)
            if router is not None and router.registry is registry:
                _cache.move_to_end(key)
                return router
        router = cls(registry)
        with _cache_lock:
            _cache[key] = router
            _cache.move_to_end(key)
            while len(_cache) > CACHED_ROUTERS:
                _cache.popitem(last=False)
        return router

    def learn(self, text: str, department: str, topic: str | None = None) -> None:
        """Remember that ``text`` belongs to ``department`` (and ``topic``), as a person decided:
        the next similar message follows the same way. Raises NotFound for an unknown id."""
        dept_index = next((i for i, d in enumerate(self.registry.departments) if d.id == department), None)
        if dept_index is None:
            raise NotFound(f"unknown department {department!r}")
        topic_index = None
        if topic is not None:
            refs = self.matcher.topic_refs
            topic_index = next((i for i, r in enumerate(refs)
                                if r.department_id == department and r.topic_id == topic), None)
            if topic_index is None:
                raise NotFound(f"unknown topic {topic!r} in department {department!r}")
        self.learned.add(LabelledExample(text, dept_index, topic_index, label="correction"))

    def rank(self, text: str, *, limit: int = ALTERNATIVES + 1) -> Ranking:
        """The raw ranking of departments for ``text`` (for benchmarks and diagnostics)."""
        query = self.matcher.lexicon.read(text)
        return self.matcher.rank(text, hints=_hints(self._rate(text, query)), limit=limit, query=query)

    def route(self, text: str, *, severity: str | None = None) -> Route:
        """Route ``text``: department, topic, people, confidence, severity and matched terms."""
        if severity is not None and severity not in SEVERITIES:
            raise ValueError(f"unknown severity {severity!r}; expected one of {', '.join(SEVERITIES)}")
        query = self.matcher.lexicon.read(text)
        rating = self._rate(text, query)
        ranking = self.matcher.rank(text, hints=_hints(rating), query=query)
        if severity is None:
            level, reasons = rating.level, list(rating.reasons)
        else:
            level, reasons = severity, ["given by the caller"]
        return self._route(ranking, level, reasons, text, _hint_sources(rating))

    def _rate(self, text: str, query: list[QueryToken]) -> SeverityRating:
        """The severity of ``text`` (read as ``query``), its misspelt words read as the known
        words routing reads them as ("piratté" as "piratée", "avoccat" as "avocat")."""
        corrections = {t.word: t.corrected for t in query if t.corrected}
        return self.severity.rate(text, corrections=corrections)

    def who(self, text: str) -> Route:
        """Answer "who handles this?" for ``text`` (severity is rated too, but rarely matters)."""
        return self.route(text)

    def _route(self, ranking: Ranking, severity: str, reasons: list[str], text: str,
               hint_sources: Mapping[str, str] | None = None) -> Route:
        best = ranking.best
        if best is not None and ranking.confident:
            chosen: Candidate | None = best
            department, topic = best.department, best.topic
        else:
            chosen = None
            department, topic = self.registry.settings.triage_department, None
        dept = self._departments[department]
        chosen_topic = dept.topic(topic)
        # the same rule as Registry.responsible, without its scan of every department
        owner = chosen_topic.owner if chosen_topic and chosen_topic.owner else dept.owner
        deputies = chosen_topic.deputies if chosen_topic and chosen_topic.deputies is not None else dept.deputies
        alternatives = [Alternative(c.department, c.topic, c.share)
                        for c in ranking.candidates if c.department != department][:ALTERNATIVES]
        return Route(
            department=department,
            topic=topic,
            confident=chosen is not None,
            confidence=best.confidence if best is not None else 0.0,
            severity=severity,
            owner=owner,
            deputies=list(deputies),
            head=dept.head,
            channel=dept.channel,
            matched=(best.matched(spelling=_Spelling(text, ranking), hint_sources=hint_sources) if best is not None
                     else [off_duty_reason(_spelt(text, ranking.off_duty))] if ranking.off_duty else []),
            alternatives=alternatives,
            severity_reasons=reasons,
            guess=Alternative(best.department, best.topic, best.share) if best is not None else None,
        )


def _spelt(text: str, words: tuple[str, ...]) -> str:
    """``words`` of ``text`` as the text writes them."""
    written = as_written(text, words)
    return " ".join(dict.fromkeys(written.get(w, w) for w in words))


def _business(registry: Registry) -> str:
    """What an organisation calls its departments and topics: their names (keywords,
    descriptions and examples also say what goes wrong, an insurer's "hospitalisation" cover,
    so they are left out)."""
    return " ; ".join(name for dept in registry.departments for name in (dept.name, *(t.name for t in dept.topics)))
