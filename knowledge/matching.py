"""Rank a registry's departments and topics for a text, with a calibrated confidence and the why.

A text is read into stemmed tokens (typos in long words forgiven), plus hint words naming the
incidents the severity rules recognised, and every *signal* scores the departments its words touch:
the lexical signal (the registry's own words, ``knowledge.lexical``), the concept signal of ``knowledge.concepts`` (both sides mapped onto a
built-in thesaurus), the example signals (resemblance to the registry's examples,
``knowledge.neighbours``, and to texts people rerouted, ``knowledge.learned_examples``), and any
other object with the same ``score`` method. Summed scores shortlist departments; the shortlist is
rescored word by word so one word seen by two signals counts once and a little. A topic is picked
inside a department when the words that set it apart from its department are strong enough.

Confidence is the winner's lead over the runner-up, the evidence it has that the others lack: a
single weak word, or two departments neck and neck, gives a low confidence, and below
``CONFIDENT_AT`` the router hands the text to triage instead of guessing (word-level scoring and
calibration live in ``knowledge.evidence``).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING

from knowledge.evidence import CONFIDENT_AT, OFF_DUTY_FACTOR, RULE_CONFIDENCE, calibrate, scaled, word_level
from knowledge.index import Hit
from knowledge.lexical import LexicalSignal
from knowledge.lexicon import Lexicon, QueryToken
from knowledge.models import Registry
from knowledge.reasons import concept_reason, off_duty_reason, resemblance_reason
from knowledge.signals import Signal, SignalScores
from knowledge.text import analyse

if TYPE_CHECKING:
    from knowledge.precedence import Applied, Precedence


TOPIC_MIN = 2.0  # a topic needs about one keyword of its own
ALTERNATIVES = 3
MATCHED = 6  # reasons given for an answer
WEAK_REASON = 0.1  # a reason worth less than this share of the strongest is not shown (a keyword always is)
HINT_FACTOR = 0.8
SHORT_STEM = 5  # a hint's stem this short, far shorter than the word, meets too many others
SHORTLIST = 6  # departments rescored word by word
PLAUSIBLE_RANK = 3  # a precedence rule applies to a department among the one-click candidates...
PLAUSIBLE_SHARE = 0.25  # ...with at least this share of the best summed score
CONCEPT_RULE_SHARE = 0.5  # ...or half of it, when the text says another word of the rule's concept


@dataclass(frozen=True, slots=True)
class TopicRef:
    """A topic's place in the registry: its department index and ids."""

    department: int
    department_id: str
    topic_id: str


@dataclass(slots=True)
class Candidate:
    """A department (and maybe a topic) with its score, confidence and the hits that decided."""

    department: str
    topic: str | None
    score: float
    confidence: float = 0.0  # for the first: how sure the engine is; for the others, their share
    share: float = 0.0  # its share of the evidence among the candidates, comparable across them
    hits: list[Hit] = field(default_factory=list)
    support: int = 0  # distinct words of the text that count for it
    rule: str | None = None  # the precedence rule that chose it, as it reads in an explanation
    off_duty: tuple[str, ...] = ()  # the words that held its confidence back (what no department handles)

    def matched(self, limit: int = MATCHED, spelling: Mapping[str, str] | None = None,
                hint_sources: Mapping[str, str] | None = None) -> list[str]:
        """Why this candidate: at most ``limit`` short reasons, strongest first, each said once.

        A registry keyword as the registry writes it, another shared word as the text writes it,
        a concept or a resemblance as a ``knowledge.reasons`` reason (the concept with the words
        no keyword explains), and a precedence rule first of all. With ``spelling`` (folded word
        -> how the text writes it), words not the text's own (severity hints) are not shown; with
        ``hint_sources`` (hint word -> the text's words the severity rules read it from), a concept
        only a hint evokes is explained by those words ("banque de france ≈ Régulateur").
        """
        grouped: dict[tuple[str, str], list] = {}
        for label, words, score, _, kind in self.hits:
            entry = grouped.get((kind, label))
            if entry is None:
                grouped[(kind, label)] = [score, list(words)]
            else:
                entry[0] += score
                shown = entry[1]
                for w in words:
                    if w not in shown:
                        shown.append(w)
        ordered = sorted(grouped.items(), key=lambda kv: -kv[1][0])
        if spelling is not None:
            sources = hint_sources or {}
            for (kind, _), entry in grouped.items():
                own = [w for w in entry[1] if w in spelling]  # the text's own words only
                if not own and kind == "concept":
                    own = list(dict.fromkeys(sources[w] for w in entry[1] if w in sources))
                entry[1] = own
        else:
            spelling = {}

        sourced = set(hint_sources.values()) if hint_sources else ()

        def spelt(words: list[str]) -> str:
            # a fixed expression as words; a hint's source as the text wrote it
            return " ".join(dict.fromkeys(spelling.get(w) or (w if w in sourced else w.replace("0", " ")) for w in words))

        by_terms = {w for (kind, _), (_, words) in ordered if kind == "term" for w in words}
        by_examples = {w for (kind, _), (_, words) in ordered if kind in ("example", "correction") for w in words}
        out: list[str] = [self.rule] if self.rule else []
        if self.off_duty:
            out.append(off_duty_reason(spelt(list(self.off_duty))))
        explained: set[str] = set()  # words a keyword entry already shows
        words_shown = 0
        # each group's entries in the order of ``ordered`` (the limit is checked before each)
        by_group: dict[str, list] = {"term": [], "concept": [], "example": [], "word": []}
        for entry in ordered:
            kind = entry[0][0]
            bucket = by_group.get("example" if kind == "correction" else kind)
            if bucket is not None:
                bucket.append(entry)
        strongest = ordered[0][1][0] if ordered else 0.0
        for group, entries in by_group.items():
            for (kind, label), (score, own) in entries:
                if len(out) >= limit:
                    return out
                if kind != "term" and score < WEAK_REASON * strongest:
                    continue  # "tram ≈ Transport et voyageurs" in every answer of a transport company
                if kind == "term" == group:
                    if not own or all(w in explained for w in own) or label in out:
                        continue
                    explained.update(own)
                    out.append(label)
                elif kind == "concept" == group:
                    fresh = [w for w in own if w not in by_terms]  # the words no keyword shown already says
                    if own and not fresh:
                        continue  # all its words are a registry keyword shown already: "visa, ≈ …" read as a slip
                    text = concept_reason(spelt(fresh) if fresh else "", label)
                    if text not in out:
                        out.append(text)
                        explained.update(fresh)  # not shown again as a plain word ("cb ≈ Carte bancaire", "cb")
                elif kind in ("example", "correction") and group == "example":
                    out.append(resemblance_reason(kind, label))
                elif kind == "word" == group and words_shown < 2:
                    if own and not any(w in by_terms or w in by_examples or w in explained for w in own):
                        explained.update(own)
                        out.append(spelt(own))
                        words_shown += 1
        return out


def _close_keys(keys: tuple[str, ...], light: tuple[str, ...]) -> tuple[str, ...]:
    """A hint word's stems without a short one that cuts far into the word: the hint "régulateur"
    (an authority) meets a registry's "régulateur", not the "régulation" (dispatching) of a
    transport network, which Snowball also cuts to "regul"."""
    shortest = min(map(len, light), default=0) - 2
    return tuple(k for k in keys if len(k) >= shortest or len(k) > SHORT_STEM) or keys


@dataclass(slots=True)
class Ranking:
    """The outcome of matching one text: best candidate first."""

    candidates: list[Candidate]
    tokens: list[QueryToken]
    off_duty: tuple[str, ...] = ()  # the text's words naming what no department handles, if any

    @property
    def best(self) -> Candidate | None:
        """The top candidate, if any department matched at all."""
        return self.candidates[0] if self.candidates else None

    @property
    def confident(self) -> bool:
        """True when the top candidate is clear enough to route to without asking."""
        return bool(self.candidates) and self.candidates[0].confidence >= CONFIDENT_AT


def _decided(applied: Applied | None, best: Candidate, words: tuple[str, ...]) -> bool:
    """Whether the registry or the people using it settled where a text naming what no
    department handles goes: a precedence rule said in the text's own words, the department's own
    keywords or name among the ``words`` that name it ("machine à café" for a facilities
    department), or corrections like the text."""
    if applied is not None and applied.literal and not applied.hinted:
        return True
    return any(hit.kind == "correction" or (hit.kind == "term" and not set(hit.words).isdisjoint(words))
               for hit in best.hits)



class Matcher:
    """Ranks departments and topics of one registry; built once, then used for every query."""

    def __init__(self, registry: Registry, lexicon: Lexicon | None = None,
                 signals: Sequence[tuple[float, Signal]] = ()):
        self.registry = registry
        self.lexicon = lexicon or Lexicon()
        self.department_ids = [d.id for d in registry.departments]
        self.topic_refs = [TopicRef(d, dept.id, t.id)
                           for d, dept in enumerate(registry.departments) for t in dept.topics]
        self.topics_of: list[list[int]] = [[] for _ in registry.departments]
        for t, ref in enumerate(self.topic_refs):
            self.topics_of[ref.department].append(t)
        self.department_names = [d.name for d in registry.departments]
        self.lexical = LexicalSignal(registry, self.lexicon)
        self.signals: list[tuple[float, Signal]] = [(1.0, self.lexical)]
        self.signals.extend(signals)
        self.precedence: Precedence | None = None  # the registry's rules, set by the router
        self._hints: dict[str, list[QueryToken]] = {}

    def add_signal(self, signal: Signal, weight: float = 1.0) -> None:
        """Let another signal (concepts, learnt examples) vote, with this weight."""
        self.signals.append((weight, signal))

    def rank(self, text: str, *, hints: str = "", limit: int = ALTERNATIVES + 1,
             query: list[QueryToken] | None = None) -> Ranking:
        """The ``limit`` best departments, best first, each with its topic, confidence and hits.

        ``hints`` are words read after the text at ``HINT_FACTOR`` (the names of the incidents
        the severity rules recognised). Signals' scores are summed to shortlist departments; the
        shortlist is then rescored word by word, so a word that is both a registry keyword and a
        thesaurus term for the same department counts once (plus a little), not twice. A
        precedence rule of the registry that the text triggers puts its department first when
        that department is on the shortlist. ``query``: the text as ``self.lexicon`` reads it,
        when the caller has read it already.
        """
        if query is None:
            query = self.lexicon.read(text)
        if hints:
            query = query + self._hint_tokens(hints)  # a new list: the caller's is left as it was
        found = [(weight, signal.score(query)) for weight, signal in self.signals]
        # the lexical signal (weight 1) is the base the others are added to
        dept_scores = dict(found[0][1].departments)
        get = dept_scores.get
        for weight, scores in found[1:]:
            for d, value in scores.departments.items():
                dept_scores[d] = get(d, 0.0) + weight * value
        shortlist = sorted(dept_scores.items(), key=itemgetter(1), reverse=True)[:max(limit, SHORTLIST)]
        top = shortlist[0][1] if shortlist else 0.0
        plausible = [d for d, score in shortlist[:PLAUSIBLE_RANK] if score > 0 and score >= PLAUSIBLE_SHARE * top]
        applied = self._precedence(query, found, plausible, shortlist, top)
        preferred = applied.rule.department if applied is not None else None
        # Rescoring never raises a score, so once the next summed score is below the second
        # rescored one, nothing further down can be first or second: the confidence (the lead of
        # the first over the second) is exact, and the others keep their summed score.
        phrased = frozenset().union(*(sc.phrased for _, sc in found if sc.phrased))
        rescored: list[tuple[float, int, int, list[Hit] | None]] = []
        exact: list[float] = []  # the rescored scores so far
        for d, upper in shortlist:
            if upper <= 0:
                break
            if d != preferred and len(exact) >= 2 and upper <= sorted(exact)[-2]:
                rescored.append((upper, d, 0, None))
                continue
            hits = []
            for w, sc in found:
                hits += sc.explain_department(d) if w == 1.0 else scaled(sc.explain_department(d), w)
            score, support = word_level(hits, phrased)
            rescored.append((score, d, support, hits))
            exact.append(score)
        if applied is not None and not applied.literal and exact:
            # a rule met only through its concept: checked again on the evidence counted word by
            # word, where a word that is both a keyword and a thesaurus term counts once
            own = next(r[0] for r in rescored if r[1] == preferred)
            if own < CONCEPT_RULE_SHARE * max(exact):
                applied = preferred = None
        rescored.sort(key=lambda r: (r[1] != preferred, -r[0], r[1]))
        candidates: list[Candidate] = []
        for score, d, support, hits in rescored[:limit]:
            topic = (0.0, 0)
            for position, t in enumerate(self.topics_of[d]):
                total = 0  # summed like sum(): from the integer 0, signal by signal
                for w, sc in found:
                    total += w * sc.topic_score(t)
                if position == 0 or (total, -t) > topic:  # like max(): the first best wins
                    topic = (total, -t)
            topic_id = None
            hits = hits or []
            if topic[0] >= TOPIC_MIN:
                t = -topic[1]
                topic_id = self.topic_refs[t].topic_id
                if hits:
                    hits = hits + [h for w, sc in found for h in scaled(sc.explain_topic(t), w)]
            candidates.append(Candidate(self.department_ids[d], topic_id, score, hits=hits, support=support))
        calibrate(candidates)
        if applied is not None and candidates:
            best = candidates[0]
            best.rule = applied.label(self.department_names[preferred])
            if not applied.hinted and applied.literal:
                best.confidence = max(best.confidence, RULE_CONFIDENCE)
        off_duty = next((sc.off_duty for _, sc in found if sc.off_duty), ())
        if candidates and off_duty and not _decided(applied, candidates[0], off_duty):
            # a farewell party, the office's coffee machine, a namesake's news, with a word that
            # happens to be some department's: a person had better decide (even of an incident)
            best = candidates[0]
            best.confidence = round(best.confidence * OFF_DUTY_FACTOR, 3)
            best.off_duty = off_duty
        return Ranking(candidates, query, off_duty)

    def _hint_tokens(self, hints: str) -> list[QueryToken]:
        """The query tokens of hint words (a few combinations of incident names: cached)."""
        tokens = self._hints.get(hints)
        if tokens is None:
            if len(self._hints) >= 1_000:
                self._hints.clear()
            tokens = self._hints[hints] = [QueryToken(t.word, _close_keys(t.keys, t.light), HINT_FACTOR, hint=True, light=t.light)
                                           for t in analyse(hints)]
        return tokens

    def _precedence(self, query: list[QueryToken], found: list[tuple[float, SignalScores]],
                    plausible: list[int], shortlist: list[tuple[int, float]], top: float) -> Applied | None:
        """The first precedence rule the text triggers whose department is plausible, if any.

        A rule met only through another word of its concept (a "transporteur" for a rule on
        "livraison à domicile") is wider than the rule's own words: it puts its department first
        only when that department has at least ``CONCEPT_RULE_SHARE`` of the best summed score
        (and, checked in ``rank``, of the best score counted word by word).
        """
        if not self.precedence or not plausible:
            return None
        concepts: dict[int, bool] = {}
        for _, scores in found:
            for concept, hinted in scores.concepts.items():
                concepts[concept] = concepts.get(concept, True) and hinted
        for applied in self.precedence.matching(query, concepts):
            if applied.rule.department in plausible:
                if applied.literal or next((score for d, score in shortlist if d == applied.rule.department),
                                           0.0) >= CONCEPT_RULE_SHARE * top:
                    return applied
        return None
