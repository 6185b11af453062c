"""The lexical signal: what the registry says about each department, in its own words.

Everything the registry says about a department is indexed once, with a weight per field:

    keywords (and topic keywords)  strongest: the registry's own routing vocabulary
    names (department, topic)      strong
    description                    medium
    examples                       weak: whole sentences, most of their words are incidental
    names they capitalise          half of that: a city or a site is where, not what

How those texts are read is here too, for every signal that reads them: the parts of a name
that lists several things, the sentences of a description that say where things go rather than
what the department does, and the proper nouns a description or an example capitalises.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.index import TermIndex
from knowledge.lexicon import Lexicon, QueryToken
from knowledge.models import Department, Registry, Topic
from knowledge.signals import SignalScores
from knowledge.text import analyse, fold, spaced_form

KEYWORD = 3.0
KEYWORD_WORD = 1.5  # each word of a multi-word keyword, on top of the phrase itself
NAME = 2.5
TOPIC_TERM_FOR_DEPARTMENT = 0.9  # a topic's evidence also counts for its department, a bit less
DESCRIPTION = 1.5
EXAMPLE = 1.0
PHRASE_BONUS = 1.0
PROPER_NOUN = 0.5  # a name a description or an example capitalises (a city, a site): context more than subject


_NAME_SEPARATORS = re.compile(r"\s*(?:[&,/+;()]|\s-\s|\bet\b|\band\b)\s*", re.IGNORECASE)


def name_parts(name: str) -> list[str]:
    """The parts of a name that lists several things ("Assurances & sinistres" -> two parts);
    a part of several words is matched as a phrase, its words counting less on their own."""
    return [part for part in _NAME_SEPARATORS.split(name) if part.strip()]


def _keyword_forms(keywords: Sequence[str]) -> list[str]:
    """Registry keywords, each also spaced when it hyphenates a verb to its particle ("check-in")."""
    return [form for keyword in keywords for form in (keyword, spaced_form(keyword)) if form]


def own_name_parts(dept: Department, topic: Topic) -> list[str]:
    """The parts of a department's name that name the department itself, not ``topic``: a topic
    whose name repeats them ("Crédit immobilier" of "Crédit", "Virements frauduleux" of "Fraude")
    is not told apart by them ("un crédit auto" is the department's), while a name that lists the
    topic ("Marketing & influence" and its topic "Influence & créateurs") leaves it its word."""
    topic_parts = [{k for t in analyse(part) for k in t.keys} for part in name_parts(topic.name)]
    return [part for part in name_parts(dept.name)
            if not any(keys and keys <= {k for t in analyse(part) for k in t.keys} for keys in topic_parts)]


_SENTENCES = re.compile(r"(?<=[.;!?])\s+")
# a sentence that says where something goes ("Les journalistes vont toujours à la presse, quel que
# soit le sujet", "threats go to the crisis cell") is a routing statement, not a list of subjects
_GOES_TO = re.compile(
    r"(?<![\w-])(?:va|vont|passe(?:nt)? (?:toujours |systematiquement )?par|releve|relevent|est traitee?s?|sont traitee?s?|est geree?s?|"
    r"sont geree?s?|goes|go|belongs?|(?:is|are) handled|(?:is|are) routed)(?![\w-])")


# a capitalised word with a lower-case letter in it ("Orly", "McDonald's", "Sacré-Cœur"; not "RGPD"),
# after a space inside a sentence (not after . ! ? : ; « " ( [ — – … or a line break) or after an
# elision ("d'Orly", "l'Autorité")
_PROPER = re.compile(r"(?:(?<=[ \t])(?<![.!?:;«\"(\[—–…\n] )(?<![.!?:;«\"(\[—–…\n]  )|(?<=\b[dlDL]['’]))"
                     r"([A-ZÀ-ÝŒÆ](?=[^\W\d_]*[a-zà-ÿœæ])[^\W\d_]*(?:[-'’][^\W\d_]+)*)")


# a code of capitals and digits: a line, a flight, a model, a room ("T2", "AF1234", "A320", "B12";
# not "B2B", "CO2" or "PS5", which name what they are about)
CODE = re.compile(r"(?<![\w-])([A-Z]\d{1,4}|[A-Z]{2}\d{3,4})(?![\w-])")


def split_proper_nouns(text: str) -> tuple[str, str]:
    """``text`` without the names it capitalises inside a sentence (places, people, brands:
    "stations at Orly, Nice and Lyon") and the codes it names (a line "T2", a flight "AF1234"),
    and those apart: a message that names the same city or line is about something happening
    there, not necessarily about this department."""
    proper = _PROPER.findall(text) + CODE.findall(text)
    if not proper:
        return text, ""
    return CODE.sub(" ", _PROPER.sub(" ", text)), " ".join(proper)


def subject_description(dept: Department) -> str:
    """The part of a department's description that names its subjects.

    Sentences stating where things go are routing statements: one that sends things to this
    department keeps only what it sends ("Toute lettre d'avocat … va au juridique, quel que soit
    le sujet (facture, panne)" keeps "Toute lettre d'avocat"); one that sends them elsewhere
    ("Les pannes générales vont au SRE") is left out, its subjects belong to another department.
    """
    own = [frozenset(k for t in analyse(part) for k in t.keys) for part in name_parts(dept.name)]
    own.append(frozenset(k for t in analyse(dept.id.replace("_", " ")) for k in t.keys))
    kept: list[str] = []
    for sentence in _SENTENCES.split(dept.description):
        folded = fold(sentence)
        match = _GOES_TO.search(folded)
        if match is None:
            kept.append(sentence)
            continue
        target = {k for t in analyse(folded[match.end():]) for k in t.keys}
        if any(keys and keys <= target for keys in own):
            kept.append(folded[:match.start()])
    return " ".join(kept)


class LexicalSignal:
    """Word and phrase overlap between the text and what the registry says about each department."""

    def __init__(self, registry: Registry, lexicon: Lexicon):
        self.departments = TermIndex(lexicon)
        self.topics = TermIndex(lexicon)
        # a topic is chosen on what sets it apart: words its department uses anyway do not count
        self.general: list[frozenset[str]] = []
        topic_no = 0
        for d, dept in enumerate(registry.departments):
            description = subject_description(dept)
            own = [*name_parts(dept.name), description, *dept.examples, *dept.keywords]
            general = frozenset(k for text in own for t in analyse(text) for k in t.keys)
            for part in name_parts(dept.name):
                self.departments.add_term(d, part, NAME, word_weight=KEYWORD_WORD)
            for text, weight in ((description, DESCRIPTION), *((e, EXAMPLE) for e in dept.examples)):
                common, proper = split_proper_nouns(text)
                self.departments.add_words(d, common, weight)
                if proper:
                    self.departments.add_words(d, proper, weight * PROPER_NOUN)
            for keyword in _keyword_forms(dept.keywords):
                self.departments.add_term(d, keyword, KEYWORD, word_weight=KEYWORD_WORD)
            for topic in dept.topics:
                self._add_topic(topic_no, d, topic)
                # its own words always count, but for those that name its department
                claimed = {k for text in (*name_parts(topic.name), *topic.keywords) for t in analyse(text) for k in t.keys}
                core = {k for text in own_name_parts(dept, topic) for t in analyse(text) for k in t.keys}
                self.general.append(general - (claimed - core))
                topic_no += 1
        self.departments.finish(len(registry.departments))
        self.topics.finish(max(topic_no, 1))

    def _add_topic(self, t: int, d: int, topic: Topic) -> None:
        ratio = TOPIC_TERM_FOR_DEPARTMENT
        for index, scale in ((self.topics, 1.0), (self.departments, ratio)):
            doc = t if index is self.topics else d
            for part in name_parts(topic.name):
                index.add_term(doc, part, NAME * scale, word_weight=KEYWORD_WORD * scale)
            for keyword in _keyword_forms(topic.keywords):
                index.add_term(doc, keyword, KEYWORD * scale, word_weight=KEYWORD_WORD * scale)
            for example in topic.examples:
                index.add_words(doc, example, EXAMPLE * scale)

    def word_rarity(self, keys: tuple[str, ...]) -> float:
        """How specific a word is to few departments of this registry (1.0 if it is in none)."""
        rarities = [self.departments.idf[k] for k in keys if k in self.departments.idf]
        return max(rarities) if rarities else 1.0

    def score(self, query: Sequence[QueryToken]) -> SignalScores:
        """Department and topic scores from shared words and phrases."""
        depts = self.departments.score(query, phrase_bonus=PHRASE_BONUS)
        topics = self.topics.score(query, phrase_bonus=PHRASE_BONUS, lazy=True)
        return SignalScores(depts.scores, lambda t: topics.score_of(t, self.general[t]),
                            depts.explain, topics.explain)
