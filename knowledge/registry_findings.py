"""What a registry leaves fragile or misread: a place with no deputy, an owner who deputises, an
overloaded owner, no admin, and words the engine will read otherwise than the registry means.

Word findings reuse the engine's own reading (``knowledge.concepts``, ``knowledge.text``)
read-only: a keyword or a synonym key that the built-in thesaurus lists takes in that concept,
and a synonym term of several words that stop words reduce to one word matches that word alone.
``knowledge.validation`` words them for the command line, ``handlers/i18n.py`` for Slack
(``reg.warn.<code>``).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from knowledge.models import Registry
from knowledge.registry_file import Loc
from knowledge.report import OWNER_LIMIT, owners, responsibility_chains

if TYPE_CHECKING:
    from knowledge.concept_index import ConceptIndex


@dataclass(frozen=True)
class Finding:
    """Something a valid registry leaves fragile; ``code`` and ``params`` as for errors."""

    # "no_deputy", "no_deputy_no_head", "owner_is_deputy", "overloaded", "no_admin", "foreign_meaning",
    # "foreign_synonym", "collapsed_synonym", "void_synonym", "void_keyword", "skipped_word" or "quoted_word"
    code: str
    params: dict[str, Any]
    loc: Loc = ()  # where it sits in the file, for validation's line numbers (word findings)

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes two findings the same one across revisions."""
        return self.code, str(self.params.get("target") or self.params.get("person")), str(self.params.get("term", ""))


def findings(registry: Registry) -> list[Finding]:
    """Every place with no deputy, every owner who deputises themselves, every overloaded owner,
    then the word findings (``word_findings``)."""
    found: list[Finding] = []
    for chain in responsibility_chains(registry):
        if chain.owner in chain.deputies:
            found.append(Finding("owner_is_deputy", {"target": chain.label, "person": chain.owner}))
        if not chain.backups:  # with no head either, silence goes straight to triage
            found.append(Finding("no_deputy" if chain.head else "no_deputy_no_head",
                                 {"target": chain.label, "person": chain.owner}))
    for user_id, owned in owners(registry).items():
        if len(owned) > OWNER_LIMIT:
            found.append(Finding("overloaded", {"person": user_id, "count": len(owned), "limit": OWNER_LIMIT,
                                                "targets": [c.label for c in owned]}))
    return found + word_findings(registry)


def change_findings(before: Registry | None, after: Registry) -> list[Finding]:
    """The findings ``after`` has that ``before`` did not: what this change made fragile."""
    seen = {f.key for f in findings(before)} if before is not None else set()
    return [f for f in findings(after) if f.key not in seen]


def word_findings(registry: Registry) -> list[Finding]:
    """No admin; keywords and synonym keys that take in a built-in meaning foreign to where they
    are; synonym terms that reduce to one word, or to none."""
    found: list[Finding] = []
    if not registry.settings.admins:
        found.append(Finding("no_admin", {}, ("settings", "admins")))
    # the engine already leaves out a term that stop words reduce to a word most departments
    # use ("Mon Ondéa" for the company Ondéa): nothing to warn about, it never matches
    from knowledge.concept_index import meaningful_synonyms

    read = meaningful_synonyms(registry)
    index = _concept_index()
    reader = _Reader(index) if index is not None else None
    if reader is not None:
        found += _foreign_keywords(registry, reader)
    found += _skipped_words(registry) + _quoted_words(registry)
    for key, terms in registry.settings.synonyms.items():
        new_concept = True
        if reader is not None:
            foreign = _foreign_synonym(registry, reader, key, terms)
            if foreign is not None:
                found.append(foreign)
            new_concept = key not in reader.index.thesaurus.concepts and not reader.named(key)
        entries = [(key, ("settings", "synonyms", key))] if new_concept else []
        entries += [(term, ("settings", "synonyms", key, j)) for j, term in enumerate(terms)
                    if term in read.get(key, ())]
        found += _shrunk_terms(key, terms, entries)
    return found


# --- built-in meanings -----------------------------------------------------------------------

def _concept_index() -> ConceptIndex | None:
    """The analysed built-in thesaurus (shared with the routers), or None when it cannot load."""
    from knowledge.concept_index import concept_index
    from knowledge.thesaurus import ThesaurusInvalid
    from knowledge.thesaurus_file import load_thesaurus

    try:
        return concept_index(load_thesaurus())
    except ThesaurusInvalid:
        return None  # routing then runs on the registry's words only: nothing to warn about


class _Reader:
    """What registry texts are about, as the engine reads them: the concepts they evoke and the
    functions (domains) of those, plus the functions they name outright ("Juridique", "Service
    client"); optionally as if some words were absent."""

    def __init__(self, index: ConceptIndex):
        from knowledge.text import analyse
        from knowledge.thesaurus import OFF_DUTY_DOMAIN

        self.index = index
        self.off_duty = OFF_DUTY_DOMAIN
        self._read: dict[str, set[int]] = {}
        # each function's names, cut at "et"/"and" ("Presse et médias": "presse", "médias"),
        # as the stems each of their words may have
        self._function_names: list[tuple[str, list[tuple[str, ...]]]] = [
            (domain, [tuple({*t.keys, *t.light}) for t in analyse(part)])
            for domain, labels in index.thesaurus.domains.items() if domain != OFF_DUTY_DOMAIN
            for label in labels for part in re.split(r"\s+(?:et|and)\s+|,|&", label)
        ]

    def domain(self, concept: int) -> str:
        return self.index.concepts[concept].domain

    def named(self, term: str) -> list[int]:
        """The built-in concepts that list ``term`` itself, leaving out what no department handles
        (a department that names one of those covers it on purpose)."""
        return [c for c in self.index.concepts_named(term) if self.domain(c) != self.off_duty]

    def concepts(self, text: str, without: frozenset[str] = frozenset()) -> set[int]:
        """The concepts ``text`` evokes; with ``without``, as if its words with those stems were absent."""
        from knowledge.lexicon import QueryToken, strict_keys
        from knowledge.text import analyse

        if not without or not _stems(text) & without:
            found = self._read.get(text)
            if found is None:
                found = self._read[text] = set(self.index.concepts_of(text))
            return found
        tokens = [QueryToken(t.word, strict_keys(t.light, t.keys), 1.0) for t in analyse(text)
                  if not {*t.keys, *t.light} & without]
        return set(self.index.terms.score(tokens, exclusive=True).scores) if tokens else set()

    def about(self, texts: list[str], without: frozenset[str]) -> tuple[set[int], set[str]]:
        """The concepts ``texts`` evoke and the functions they are about, without those stems."""
        concepts = {c for text in texts for c in self.concepts(text, without)}
        stems = {k for text in texts for k in _stems(text)} - without
        domains = {self.domain(c) for c in concepts}
        domains |= {domain for domain, words in self._function_names
                    if words and all(set(word) & stems for word in words)}
        return concepts, domains

    def at_home(self, concepts: set[int], home: set[int], functions: set[str]) -> bool:
        """Whether one of ``concepts`` has one of these ``functions`` or is related to a ``home`` concept."""
        related = self.index.related
        return any(self.domain(c) in functions or set(related[c]) & home or any(c in related[h] for h in home)
                   for c in concepts)

    def labels(self, concepts: list[int]) -> dict[str, str]:
        """The concepts' names and functions in both languages, for the messages."""
        found = [self.index.concepts[c] for c in concepts]
        domains = self.index.thesaurus.domains
        return {
            "concept_fr": " / ".join(c.label_fr for c in found), "concept_en": " / ".join(c.label_en for c in found),
            "domain_fr": " / ".join(dict.fromkeys(domains.get(c.domain, (c.domain, c.domain))[0] for c in found)),
            "domain_en": " / ".join(dict.fromkeys(domains.get(c.domain, (c.domain, c.domain))[1] for c in found)),
        }


def _stems(text: str) -> frozenset[str]:
    from knowledge.text import analyse

    return frozenset(k for t in analyse(text) for k in (*t.keys, *t.light))


def _department_texts(registry: Registry, i: int) -> Iterator[tuple[str, Loc | None, str]]:
    """(kind, where, text) for everything a department says about itself, its topics included."""
    from knowledge.lexical import subject_description

    dept = registry.departments[i]
    at: Loc = ("departments", i)
    yield "id", None, re.sub(r"[_-]", " ", dept.id)
    yield "name", None, dept.name
    yield "description", None, subject_description(dept)
    yield from (("keyword", at + ("keywords", j), k) for j, k in enumerate(dept.keywords))
    yield from (("example", None, e) for e in dept.examples)
    for k, topic in enumerate(dept.topics):
        yield "name", None, topic.name
        yield from (("keyword", at + ("topics", k, "keywords", j), w) for j, w in enumerate(topic.keywords))
        yield from (("example", None, e) for e in topic.examples)


def _foreign_keywords(registry: Registry, reader: _Reader) -> list[Finding]:
    """Keywords that are a built-in term of a concept whose function nothing else in the registry has.

    "vae" (an electric bike, for a bike-sharing company) is the thesaurus's "validation des
    acquis", an admissions word: with no department about education, the one with that keyword
    takes in every admissions question, even one that never says "vae". A keyword is left alone
    when one meaning the engine reads in it shares a function (domain) with the rest of its
    department (id, name, description, other keywords, examples, topics) or is related to a
    concept they evoke; when the rest of the department evokes nothing the thesaurus knows
    (nothing to compare with); or when another department is about that function. The rest of
    the registry is read without the keyword's own words, so an example or a description that
    repeats "VAE" does not vouch for it.
    """
    from knowledge.thesaurus import term_key

    found: list[Finding] = []
    texts = [[(where, text) for _, where, text in _department_texts(registry, i) if text]
             for i in range(len(registry.departments))]
    for i, dept in enumerate(registry.departments):
        for where, keyword in texts[i]:
            named = reader.named(keyword) if where is not None else []
            if not named:
                continue
            own, key = _stems(keyword), term_key(keyword)
            home, functions = reader.about([t for _, t in texts[i] if term_key(t) != key], own)
            if not (home or functions) or reader.at_home(reader.concepts(keyword) | set(named), home, functions):
                continue
            elsewhere = reader.about([t for j, other in enumerate(texts) if j != i for _, t in other], own)[1]
            foreign = [c for c in named if reader.domain(c) not in elsewhere]
            if not foreign:
                continue
            assert where is not None
            topic = "topics" in where
            target = f"{dept.id}/{dept.topics[int(where[3])].id}" if topic else dept.id
            found.append(Finding("foreign_meaning", {"target": target, "kind": "topic" if topic else "department",
                                                     "term": keyword, **reader.labels(foreign)}, where))
    return found


def _foreign_synonym(registry: Registry, reader: _Reader, key: str, terms: list[str]) -> Finding | None:
    """A synonym key that the thesaurus lists adds its terms to the concepts listing it: when no
    department is about that concept's function (domain), the registry's own words turn into it."""
    if key in reader.index.thesaurus.concepts:
        return None  # a concept id: the registry chose that concept on purpose
    named = reader.named(key)
    if not named:
        return None
    texts = [text for i in range(len(registry.departments)) for _, _, text in _department_texts(registry, i) if text]
    covered = reader.about(texts, _stems(key))[1]
    foreign = [c for c in named if reader.domain(c) not in covered]
    if not foreign:
        return None
    return Finding("foreign_synonym", {"target": key, "term": key, "terms": list(terms), **reader.labels(foreign)},
                   ("settings", "synonyms", key))


# --- terms that shrink -----------------------------------------------------------------------

def _quoted_words(registry: Registry) -> list[Finding]:
    """Phrases holding a straight quote: YAML reads [braquage "hold-up", agression] as the one
    keyword 'braquage "hold-up"', which no message says. A warning, not an error: a registry
    stored before stays changeable, and 'écran 27"' may be meant."""
    lists: list[tuple[Loc, list[str]]] = []
    for i, dept in enumerate(registry.departments):
        lists.append((("departments", i, "keywords"), dept.keywords))
        lists += [(("departments", i, "topics", k, "keywords"), t.keywords) for k, t in enumerate(dept.topics)]
    settings = registry.settings
    lists += [(("settings", "precedence", j, "when"), rule.when) for j, rule in enumerate(settings.precedence)]
    lists += [(("settings", "synonyms", key), terms) for key, terms in settings.synonyms.items()]
    lists += [(("settings", "severity_keywords", level), getattr(settings.severity_keywords, level) or [])
              for level in ("critical", "high", "normal")]
    return [Finding("quoted_word", {"term": word}, loc + (n,))
            for loc, words in lists for n, word in enumerate(words) if '"' in word]


def _skipped_words(registry: Registry) -> list[Finding]:
    """Keywords whose meaning is in a small word the engine skips: "servers down" is read as
    "servers", so "is there a server in Brazil?" matches it as well as "the servers are down";
    and keywords it reads nothing of, which never match ("comment", French for "how"; "4G")."""
    from knowledge.text import analyse, words
    from knowledge.wordlists import MEANING_STOP_WORDS

    found: list[Finding] = []
    for i, dept in enumerate(registry.departments):
        for kind, where, keyword in _department_texts(registry, i):
            if kind != "keyword" or where is None:
                continue
            target = dept.id if "topics" not in where else f"{dept.id}/{dept.topics[where[3]].id}"
            tokens = analyse(keyword)
            if not tokens:  # "comment" (French for "how"), "4G": no word the engine reads
                unaccented = " ".join(words(keyword)) if not keyword.isascii() else ""  # how it reads without accents
                found.append(Finding("void_keyword", {"target": target, "term": keyword, "unaccented": unaccented}, where))
                continue
            skipped = [w for w in dict.fromkeys(words(keyword)) if w in MEANING_STOP_WORDS]
            if skipped:
                read = " ".join(t.word for t in tokens)
                found.append(Finding("skipped_word", {"target": target, "term": keyword, "words": skipped,
                                                      "read": read}, where))
    return found


_PARTS = re.compile(r"[^\s\-_/]+")


def _shrunk_terms(key: str, terms: list[str], entries: list[tuple[str, Loc]]) -> list[Finding]:
    """Terms of several parts ("e-bike", "Mon Ondéa") that stop words, short parts and hyphens
    reduce to one word ("bike": every "bike" matches), and terms that reduce to nothing (never
    match). A word the entry also lists on its own, or a fixed expression read as one word
    ("mise à jour"), is what the registry means: left alone."""
    from knowledge.text import analyse, fold

    found: list[Finding] = []
    alone = {tokens[0].keys for term in (key, *terms) if len(tokens := analyse(term)) == 1
             and len(_PARTS.findall(term)) == 1}
    for term, where in entries:
        tokens = analyse(term)
        if not tokens:
            found.append(Finding("void_synonym", {"target": key, "term": term}, where))
            continue
        parts = [re.sub(r"[^a-z0-9]", "", fold(p)) for p in _PARTS.findall(term)]
        if len(tokens) != 1 or len(parts) < 2 or tokens[0].keys in alone or _glued(tokens[0].word, parts):
            continue
        found.append(Finding("collapsed_synonym", {"target": key, "term": term, "word": tokens[0].word}, where))
    return found


def _glued(word: str, parts: list[str]) -> bool:
    """Whether ``word`` is several written parts read as one ("miseajour", "prendre0en0compte")."""
    plain = word.replace("0", "")
    return any("".join(parts[a:b]) == plain for a in range(len(parts)) for b in range(a + 2, len(parts) + 1))
