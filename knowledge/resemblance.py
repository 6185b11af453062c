"""How texts are read for resemblance: labelled examples, the keys of their words and concepts, a quote.

Both example signals (``knowledge.neighbours``, the registry's examples, and
``knowledge.learned_examples``, the texts people labelled) compare a query with examples through
the cosine similarity of their rarity-weighted stems, and of the thesaurus concepts they name, so
"tout est down depuis 10 h" resembles "la plateforme est en panne".
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from knowledge.lexical import CODE
from knowledge.lexicon import QueryToken
from knowledge.text import analyse, fold

if TYPE_CHECKING:
    from knowledge.concepts import ConceptSignal

MIN_SIMILARITY = 0.3  # below this a resemblance is a coincidence of words
MIN_SHARED = 2  # nor is one shared word, however rare (words like "tweet" or "post" not counted)
CANDIDATES = 16  # examples compared in full per query
SHORT = 50  # characters of an example quoted in an explanation


def text_keys(text: str, concepts: ConceptSignal | None) -> list[tuple[str, ...]]:
    """The keys of each distinct word of ``text`` but the codes it names (a line "T2", a flight
    "AF1234": which one, not what happened), then one key per thesaurus concept it names."""
    codes = {fold(code) for code in CODE.findall(text)}
    words = list(dict.fromkeys(t.keys for t in analyse(text) if t.word not in codes))
    if concepts is not None:  # the concepts a text names count like its words
        words.extend((f"c:{c}",) for c in concepts.concepts_of(text))
    return words


class ConceptWord(NamedTuple):
    """A concept a query names, read like one of its words (a named tuple: cheap to make)."""

    word: str  # the word that names it
    keys: tuple[str, ...]  # its one key, "c:<number>"
    factor: float
    words: tuple[str, ...] = ()  # every word of the text that names it
    hinted: bool = False  # only the severity rules' hint words name it


_CONCEPT_KEYS: dict[int, tuple[str, ...]] = {}  # concept number -> its key, made once


def _concept_keys(concept: int) -> tuple[str, ...]:
    keys = _CONCEPT_KEYS.get(concept)
    if keys is None:
        keys = _CONCEPT_KEYS[concept] = (f"c:{concept}",)
    return keys


def query_tokens(query: Sequence[QueryToken], concepts: ConceptSignal | None, *,
                 hints: bool = True) -> list[QueryToken | ConceptWord]:
    """The query's distinct words, then the concepts they name (under the word that names them);
    without ``hints``, the words the severity rules added and what only they evoke are left out."""
    distinct = {t.keys: t for t in query} if hints else {t.keys: t for t in query if not t.hint}
    tokens: list[QueryToken | ConceptWord] = list(distinct.values())
    if concepts is not None:
        tokens += [ConceptWord(seen.words[0], _concept_keys(c), min(seen.strength, 1.0), seen.words, seen.hinted)
                   for c, seen in concepts.evoke(query).items()
                   if c == seen.source and (hints or not seen.hinted)]
    return tokens


def distinct_evidence(tokens: Sequence[QueryToken | ConceptWord], shared: Iterable[int]) -> int:
    """How many pieces of evidence the strong tokens at ``shared`` are: each of the text's words
    once, the severity rules' hint words and what only they name together once (the names of one
    incident, not the text's), and a concept as one more only when the text names it by a word not already shared
    ("le bus" is not like "Pourquoi le bus 5 n'est pas passé ?" twice, by "bus" and by the
    transport concept "bus" names; "un chercheur signale une faille" is like "un chercheur signale
    une vulnérabilité" by "chercheur" and by the concept "faille" names)."""
    strong = [tokens[p] for p in shared if tokens[p].factor >= 0.5]
    words = {t.word for t in strong if not isinstance(t, ConceptWord) and not t.hint}
    hinted = any(t.hinted if isinstance(t, ConceptWord) else t.hint for t in strong)
    concepts = sum(1 for t in strong if isinstance(t, ConceptWord) and not t.hinted
                   and not set(t.words or (t.word,)) <= words)
    return len(words) + hinted + concepts


def same_matter(text: str, other: str) -> bool:
    """Whether two messages name the same things: at least ``MIN_SHARED`` distinct words of five
    letters or more in common (by stem; weak words such as "tweet" or "post" left out). A
    follow-up note repeats what the first message named ("la journaliste du Parisien", "son
    article"); another crisis of the same department seldom does."""
    def words(value: str) -> list[frozenset[str]]:
        return [frozenset(t.keys) for t in analyse(value) if not t.weak and len(t.word) >= 5]
    theirs = words(other)
    shared = {keys for keys in words(text) if any(keys & them for them in theirs)}
    return len(shared) >= MIN_SHARED


def shortened(text: str) -> str:
    """``text`` on one line, cut to ``SHORT`` characters (with an ellipsis) for quoting in an explanation."""
    text = " ".join(text.split())
    return text if len(text) <= SHORT else text[:SHORT - 1].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class LabelledExample:
    """A text and where it belongs: a department index and maybe a topic index."""

    text: str
    department: int
    topic: int | None = None
    label: str = "example"
