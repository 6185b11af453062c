"""Keyword suggestions derived from corrections: words people keep using for a department.

A correction is a text and the department (maybe the topic) a person said it belongs to. When
several corrected texts of one department share a word that the registry does not list, that
word is a good keyword candidate:

    support     the word (or two-word phrase) appears in at least ``MIN_SUPPORT`` distinct
                texts corrected to the department;
    precision   at least ``MIN_PRECISION`` of all corrected texts using it went there;
    new         neither this department nor any other lists it among its keywords (compared by
                stems, so "colis" is known when "colis perdu" is a keyword); another department's
                keyword would make the two compete, so it is never suggested.

Texts are read with ``knowledge.text.analyse``: stop words, question frames, numbers and weak
words never count. A two-word phrase is suggested only when neither of its words is suggested
on its own (the phrase then says more than its words). When every supporting correction names the
same topic, the suggestion targets that topic. Dismissed suggestions are passed in and never
come back.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from knowledge.models import Registry
from knowledge.registry_edits import AddKeyword, Target
from knowledge.text import Token, analyse, fold, normalise

MIN_SUPPORT = 2
MIN_PRECISION = 0.75
MIN_LENGTH = 3
SHOWN_EXAMPLES = 3
_SURFACE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

Key = tuple[tuple[str, ...], ...]  # the stems of each word of a term


@dataclass(frozen=True, slots=True)
class LabelledText:
    """A text and where a person said it belongs."""

    text: str
    department: str
    topic: str | None = None


@dataclass(frozen=True, slots=True)
class KeywordSuggestion:
    """A word or phrase to add to a department's (or topic's) keywords, and why."""

    id: str
    department: str
    topic: str | None
    words: str
    support: int  # corrected texts of this department that use it
    precision: float  # share of all corrected texts using it that went to this department
    examples: tuple[str, ...]

    @property
    def target(self) -> Target:
        """Where the keyword would go."""
        return Target(self.department, self.topic)

    @property
    def dismiss_key(self) -> tuple[str, str]:
        """What a dismissal remembers: the department and the folded words."""
        return dismiss_key(self.department, self.words)

    def edit(self) -> AddKeyword:
        """The audited registry change that accepts this suggestion."""
        return AddKeyword(self.target, (self.words,))


def dismiss_key(department: str, words: str) -> tuple[str, str]:
    """The key a dismissal is remembered by."""
    return department, " ".join(fold(words).split())


def suggestion_id(department: str, words: str) -> str:
    """A short id that stays the same as long as the suggestion does."""
    digest = hashlib.sha1(f"{department}:{dismiss_key(department, words)[1]}".encode()).hexdigest()
    return digest[:6]


@dataclass
class _Term:
    key: Key
    surfaces: Counter[str]
    texts: dict[str, list[LabelledText]]  # department -> supporting texts


def _known_stems(registry: Registry) -> tuple[set[str], set[Key]]:
    """Stems of every keyword of every department and topic, and every keyword phrase as a key."""
    stems: set[str] = set()
    phrases: set[Key] = set()
    for dept in registry.departments:
        keywords = list(dept.keywords) + [k for topic in dept.topics for k in topic.keywords]
        for keyword in keywords:
            tokens = analyse(keyword)
            phrases.add(tuple(t.keys for t in tokens))
            for token in tokens:
                stems.update(token.keys)
    return stems, phrases


def _content(tokens: Iterable[Token]) -> list[Token]:
    return [t for t in tokens if not t.weak and len(t.word) >= MIN_LENGTH]


def _surface_forms(text: str) -> dict[str, str]:
    """Folded word -> the word as written (lower case, accents kept), so "communiqué" stays so."""
    forms: dict[str, str] = {}
    for raw in _SURFACE.findall(text.lower()):
        for part in re.split(r"['’-]", raw):
            forms.setdefault(fold(part).strip(), part)
    return forms


def _latest_per_text(corrections: Sequence[LabelledText]) -> list[LabelledText]:
    """One label per text: the last correction of the same normalised text wins."""
    latest: dict[str, LabelledText] = {}
    for correction in corrections:
        key = normalise(correction.text)
        if key:
            latest.pop(key, None)
            latest[key] = correction
    return list(latest.values())


def _terms(corrections: Sequence[LabelledText]) -> dict[Key, _Term]:
    terms: dict[Key, _Term] = {}
    for correction in corrections:
        tokens = _content(analyse(correction.text))
        forms = _surface_forms(correction.text)
        seen: set[Key] = set()
        grams = [(t,) for t in tokens] + list(zip(tokens, tokens[1:]))
        for gram in grams:
            key: Key = tuple(t.keys for t in gram)
            if len(gram) == 2 and gram[0].keys == gram[1].keys:
                continue
            if key in seen:
                continue
            seen.add(key)
            term = terms.get(key)
            if term is None:
                term = terms[key] = _Term(key, Counter(), defaultdict(list))
            term.surfaces[" ".join(forms.get(t.word, t.word) for t in gram)] += 1
            term.texts[correction.department].append(correction)
    return terms


def _qualifies(term: _Term, department: str) -> bool:
    support = len(term.texts.get(department, ()))
    total = sum(len(texts) for texts in term.texts.values())
    return support >= MIN_SUPPORT and support / total >= MIN_PRECISION


def suggest_keywords(
    registry: Registry,
    corrections: Sequence[LabelledText],
    *,
    dismissed: Collection[tuple[str, str]] = (),
    limit: int | None = None,
) -> list[KeywordSuggestion]:
    """Keyword suggestions from ``corrections``, strongest first; ``dismissed`` keys are left out."""
    known = {d.id: {t.id for t in d.topics} for d in registry.departments}
    usable = [c for c in _latest_per_text(corrections) if c.department in known]
    terms = _terms(usable)
    known_stems, known_phrases = _known_stems(registry)

    def is_known(key: Key) -> bool:
        if key in known_phrases:
            return True
        return all(not known_stems.isdisjoint(keys) for keys in key)

    suggestions: list[KeywordSuggestion] = []
    for term in terms.values():
        if is_known(term.key):
            continue
        for department in term.texts:
            if not _qualifies(term, department):
                continue
            if len(term.key) == 2:
                singles = [terms.get((keys,)) for keys in term.key]
                if any(s is not None and not is_known(s.key) and _qualifies(s, department) for s in singles):
                    continue  # one of its words is suggested on its own: the phrase adds nothing
            words = term.surfaces.most_common(1)[0][0]
            if dismiss_key(department, words) in dismissed:
                continue
            texts = term.texts[department]
            topics = {t.topic for t in texts}
            topic = topics.pop() if len(topics) == 1 else None
            if topic is not None and topic not in known[department]:
                topic = None
            total = sum(len(group) for group in term.texts.values())
            suggestions.append(KeywordSuggestion(
                id=suggestion_id(department, words),
                department=department,
                topic=topic,
                words=words,
                support=len(texts),
                precision=round(len(texts) / total, 2),
                examples=tuple(t.text for t in texts[-SHOWN_EXAMPLES:]),
            ))
    suggestions.sort(key=lambda s: (-s.support, -s.precision, len(s.words.split()), s.words))
    return suggestions[:limit] if limit is not None else suggestions
