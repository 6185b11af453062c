"""How serious is a message? ``critical``, ``high`` or ``normal``, with the reasons that decided.

The built-in French/English rules follow the escalation rubric:

    critical   a legal threat involving a lawyer or a court · harm to health or safety · a data
               breach, a cyberattack or hacked accounts · a viral crisis spreading fast (trending, thousands of
               shares within hours) · a journalist with a deadline · a threat against staff
    high       a press inquiry · an influencer or a large audience (10k+ followers) · a regulator ·
               discrimination or harassment · a complaint going public (call to share, hundreds
               of reactions, consumer groups, elected officials, protests)
    normal     everything else

Rules read the cleaned, accent-folded text (numbers kept, so "200k vues en 3h" can be measured).
A registry extends them with ``settings.severity_keywords``: its critical and high phrases match
as whole words, in any inflection; its normal phrases are only reported. A registry whose own
department or topic names name care (a hospital group, a clinic, a care home operator) does not
take a hospital, an emergency department or an ambulance in a message for harm: that is its
business.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from knowledge.alternations import Rule as _Rule, TextHeads
from knowledge.models import SeverityKeywords
from knowledge.severity_public import (
    AUDIENCE_HIGH,
    CIRCULATING,
    ENGAGEMENT_HIGH,
    LIGHT_HEARTED,
    PRAISE_ONLY,
    VIRAL_BURST,
    VIRAL_DAY,
    TROUBLE,
    VIRAL,
    PRESS,
    PRESS_NOT_REALLY,
    DEADLINE,
    INFLUENCER,
    REGULATOR,
    DISCRIMINATION,
    GOING_PUBLIC,
    AUDIENCE_WORDS,
    ENGAGEMENT_WORDS,
    AUDIENCE,
    ENGAGEMENT,
)
from knowledge.severity_rules import (
    LAWYER_OR_COURT,
    CARE_SETTING,
    CARE_BUSINESS,
    EMERGENCY_UNREACHABLE,
    HARM,
    ACCIDENT,
    SELF_HARM,
    CHILD_SAFETY,
    DIED,
    BURNT,
    BURNT_THING_BEFORE,
    EXPOSED_FILE,
    KILLING_ME_BEFORE,
    THING_BEFORE,
    PERSON_BEFORE,
    CYBERATTACK,
    LEAKED,
    HACKED,
    PERSONAL_DATA_FIELDS,
    FOR_SALE,
    UNREQUESTED_CODES,
    STAFF_THREAT,
)
from knowledge.text import analyse, as_written, prepare, words
from knowledge.wordlists import MEANING_STOP_WORDS

LEVELS = ("critical", "high", "normal")
_QUOTED = re.compile(r"« ([^»]+) »")


# What each kind of incident is called, in both languages: the router reads these words as a
# hint about the subject when a rule recognised the incident from its wording ("je sais où elle
# habite" is a threat even though it never says "menace"). Kinds that say how far a message
# spreads (viral, influencer, going public) say nothing of its subject and give no hint.
CATEGORY_WORDS: dict[str, str] = {
    "legal_threat": "procès lawsuit",
    "harm": "blessure injury",  # a person at risk of self-harm ("self_harm") says nothing of a product
    "accident": "accident grave serious accident",  # on a vehicle, a platform, a site: no product either
    "leak": "fuite de données data breach",
    "cyberattack": "cyberattaque cyberattack",
    "hacked": "compte piraté account hacked",
    "threat": "menace threat",
    "press": "journaliste journalist",
    "regulator": "régulateur regulator",
    "discrimination": "discrimination harcèlement harassment",
}


@dataclass(frozen=True, slots=True)
class SeverityRating:
    """A severity level and the reasons found for it, most serious first."""

    level: str
    reasons: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()  # which kinds of incident the rules recognised (see CATEGORY_WORDS)
    excerpts: tuple[str, ...] = ()  # for each category, the words of the text that showed it, as written


def _count(number: str, scale: str | None) -> float:
    if re.fullmatch(r"\d{1,3}(?:[ .,]\d{3})+", number):
        value = float(re.sub(r"[ .,]", "", number))
    else:
        value = float(number.replace(",", "."))
    if scale:
        value *= 1_000 if scale in ("k", "mille") else 1_000_000
    return value


_DIGIT = re.compile(r"\d")
_CODE_HEADS = frozenset({"cod", "sms", "otp"})  # the words UNREQUESTED_CODES starts with

_NEGATION = re.compile(r"(?<![\w-])(?:personne n'a|aucune?|sans|no one|nobody|not|no|pas de|pas d'|n'a pas ete|"
                       r"n'ont pas ete|ni|rien de|rien d'|nothing)\W+(?:\w+\W+){0,2}$")


def _found(rule: _Rule | re.Pattern[str], text: str, heads: TextHeads, *,
           negatable: bool = False, unless: re.Pattern[str] | None = None,
           unless_not: re.Pattern[str] | None = None) -> str | None:
    """The first match of ``rule`` in ``text``; with ``negatable``, one that is not denied just
    before ("personne n'a été blessé", "no one was hurt"); with ``unless``, one that the words
    just before do not turn into something else ("my phone died"), except when ``unless_not``
    is met there too ("a man on one of your scooters died")."""
    if isinstance(rule, _Rule):
        met = heads.met  # may_match's first test, without a call for the many rules it rules out
        if (met is not None and rule not in met and not rule.always) or not rule.may_match(heads):
            return None
        rule = rule.regex
    for match in rule.finditer(text):
        if negatable and _NEGATION.search(text, max(0, match.start() - 40), match.start()):
            continue
        if (unless is not None and unless.search(text, max(0, match.start() - 60), match.start())
                and not (unless_not and unless_not.search(text, max(0, match.start() - 60), match.start()))):
            continue
        return match.group(0)
    return None


class SeverityRater:
    """Rates texts with the built-in rules plus a registry's own severity keywords."""

    def __init__(self, extra: SeverityKeywords | None = None, *, business: str = ""):
        """``business``: what the organisation calls its departments (its registry's department
        and topic names). When those name care (a hospital group, a clinic, a care home
        operator), a hospital or an ambulance in a message is its daily business, not harm."""
        prepared = prepare(business) if business else ""
        self._care_is_business = bool(prepared) and _found(CARE_BUSINESS, prepared, TextHeads(prepared)) is not None
        self._extra: list[tuple[str, str, tuple[frozenset[str], ...], frozenset[str]]] = []
        for level in LEVELS:
            for phrase in getattr(extra, level, None) or ():
                parts = tuple(frozenset(t.keys) for t in analyse(phrase))
                if parts:  # with the small words that carry its meaning ("down" of "servers down")
                    self._extra.append((level, phrase, parts, frozenset(words(phrase)) & MEANING_STOP_WORDS))

    def rate(self, text: str, *, corrections: Mapping[str, str] | None = None) -> SeverityRating:
        """The severity of ``text`` and why; ``normal`` with no reasons when nothing stands out.

        ``corrections`` maps misspelt words of the text (folded, as ``prepare`` writes them) to
        the known words they were read as ("piratte" to "piratee"): the rules read those instead,
        so a typo does not hide a hacked account or an injury.
        """
        folded = prepare(text)
        if corrections:
            folded = _respelt(folded, corrections)
        found: dict[str, list[str]] = {"critical": [], "high": [], "normal": []}
        categories: list[str] = []
        excerpts: list[str] = []
        for level, category, reason in self._builtin(folded):
            found[level].append(reason)
            if category not in categories:
                categories.append(category)
                excerpts.append(quote.group(1) if (quote := _QUOTED.search(reason)) else "")
        for level, phrase in self._registry_phrases(text):
            found[level].append(f"registry keyword « {phrase} »")
        level = next((lvl for lvl in ("critical", "high") if found[lvl]), "normal")
        # a reason for a lower level says so: the registry's "avis viral" is high, not critical
        reasons = tuple(r if lvl == level else f"{r} ({lvl})" for lvl in LEVELS for r in found[lvl])
        if reasons and (corrections or not text.isascii()):
            # the words as the text writes them ("brûlée", not "brulee"; "piratté", not "piratee")
            misspelt = {known: typo for typo, known in corrections.items()} if corrections else {}
            quoted = {w for r in reasons for q in _QUOTED.findall(r) for w in q.replace("'", " ").split()}
            written = as_written(text, {misspelt.get(w, w) for w in quoted})

            def spelt(word: str) -> str:
                if "'" in word:  # an elided word ("l'adrenaline"), spelt part by part
                    return "'".join(map(spelt, word.split("'")))
                word = misspelt.get(word, word)
                return written.get(word, word)

            reasons = tuple(_QUOTED.sub(lambda m: "« " + " ".join(map(spelt, m.group(1).split())) + " »", r)
                            for r in reasons)
            excerpts = [" ".join(map(spelt, e.split())) for e in excerpts]
        return SeverityRating(level, reasons, tuple(categories), tuple(excerpts))

    def _registry_phrases(self, text: str) -> Iterable[tuple[str, str]]:
        if not self._extra:
            return
        tokens = analyse(text)
        said: frozenset[str] | None = None  # the text's words, read once if a phrase needs them
        for level, phrase, parts, small in self._extra:
            if small:
                said = frozenset(words(text)) if said is None else said
                if not small <= said:  # "is there a server in Brazil?" is not "servers down"
                    continue
            size = len(parts)
            for i in range(len(tokens) - size + 1):
                if all(not parts[j].isdisjoint(tokens[i + j].keys) for j in range(size)):
                    yield level, phrase
                    break

    def _builtin(self, text: str) -> Iterable[tuple[str, str, str]]:
        heads = TextHeads(text)
        if hit := _found(LAWYER_OR_COURT, text, heads, negatable=True):
            yield "critical", "legal_threat", f"legal threat with a lawyer or a court (« {hit} »)"
        if hit := _found(SELF_HARM, text, heads, negatable=True):
            yield "critical", "self_harm", f"harm to health or safety (« {hit} »)"
        if hit := _found(CHILD_SAFETY, text, heads, negatable=True):
            yield "critical", "child_safety", f"harm to health or safety (« {hit} »)"
        if (hit := _found(HARM, text, heads, negatable=True)) or (
                hit := _found(DIED, text, heads, negatable=True, unless=THING_BEFORE, unless_not=PERSON_BEFORE)) or (
                hit := _found(BURNT, text, heads, negatable=True, unless=BURNT_THING_BEFORE, unless_not=PERSON_BEFORE)) or (
                hit := _found(EMERGENCY_UNREACHABLE, text, heads)) or (
                not self._care_is_business and (hit := _found(CARE_SETTING, text, heads, negatable=True))):
            yield "critical", "harm", f"harm to health or safety (« {hit} »)"
        if hit := _found(ACCIDENT, text, heads, negatable=True):
            yield "critical", "accident", f"harm to health or safety (« {hit} »)"
        if hit := _found(CYBERATTACK, text, heads, negatable=True):
            yield "critical", "cyberattack", f"cyberattack (« {hit} »)"
        if hit := _found(LEAKED, text, heads, negatable=True):
            yield "critical", "leak", f"data breach (« {hit} »)"
        elif ((_found(FOR_SALE, text, heads) or _found(EXPOSED_FILE, text, heads))
              and len(set(PERSONAL_DATA_FIELDS.regex.findall(text))) >= 2):
            yield "critical", "leak", "data breach (personal data offered for sale or open to anyone)"
        if hit := _found(HACKED, text, heads, negatable=True):
            yield "critical", "hacked", f"hacked accounts (« {hit} »)"
        elif (any(head in text for head in _CODE_HEADS)  # a word's start is in the text: a quick test
              and not _CODE_HEADS.isdisjoint(heads.heads) and UNREQUESTED_CODES.search(text)):
            yield "critical", "hacked", "hacked accounts (security codes nobody asked for)"
        if hit := _found(STAFF_THREAT, text, heads, unless=KILLING_ME_BEFORE):
            yield "critical", "threat", f"threat against staff or premises (« {hit} »)"
        if (hit := _found(VIRAL, text, heads, negatable=True)) or (
                (hit := _found(CIRCULATING, text, heads)) and not _light_only(text)):
            yield "critical", "viral", f"viral crisis spreading fast (« {hit} »)"
        press = _found(PRESS, text, heads) if not _found(PRESS_NOT_REALLY, text, heads) else None
        if press:
            if deadline := _found(DEADLINE, text, heads):
                yield "critical", "press", f"journalist with a deadline (« {press} », « {deadline} »)"
            else:
                yield "high", "press", f"press inquiry (« {press} »)"
        if _DIGIT.search(text):
            yield from self._numbers(text)
        if (hit := _found(INFLUENCER, text, heads)) and not _praise_only(text):
            yield "high", "influencer", f"influencer (« {hit} »)"
        if hit := _found(REGULATOR, text, heads):
            yield "high", "regulator", f"regulator (« {hit} »)"
        if hit := _found(DISCRIMINATION, text, heads):
            yield "high", "discrimination", f"discrimination or harassment allegation (« {hit} »)"
        if hit := _found(GOING_PUBLIC, text, heads):
            yield "high", "public", f"complaint going public (« {hit} »)"

    def _numbers(self, text: str) -> Iterable[tuple[str, str, str]]:
        # a match has one of the words (after a space for engagement): a quick test first
        # a large audience matters for a complaint: praise alone is no crisis, however many follow it
        audience = AUDIENCE.finditer(text) if any(w in text for w in AUDIENCE_WORDS) and not _praise_only(text) else ()
        for match in audience:
            if _count(match.group(1), match.group(2)) >= AUDIENCE_HIGH:
                yield "high", "influencer", f"large audience (« {match.group(0)} »)"
                break
        # many reactions to a joke or to praise are no complaint going public, nor a crisis
        engagement = (ENGAGEMENT.finditer(text) if any(" " + w in text for w in ENGAGEMENT_WORDS)
                      and not _light_only(text) else ())
        for match in engagement:
            count = _count(match.group(1), match.group(2))
            within_hours = match.group(4) is not None or match.group(5) is not None
            within_a_day = match.group(5) == "depuis hier"  # a day, not hours: a burst only at a far larger count
            if within_hours and count >= (VIRAL_DAY if within_a_day else VIRAL_BURST):
                yield "critical", "viral", f"viral crisis spreading fast (« {match.group(0)} »)"
                break
            if count >= ENGAGEMENT_HIGH:
                yield "high", "public", f"complaint going public (« {match.group(0)} »)"
                break


def _respelt(folded: str, corrections: Mapping[str, str]) -> str:
    """``folded`` with each whole word of ``corrections`` replaced by its correction."""
    words = re.compile(r"\b(?:" + "|".join(map(re.escape, corrections)) + r")\b")
    return words.sub(lambda m: corrections[m.group(0)], folded)


def _light_only(text: str) -> bool:
    """The text jokes or praises and says no word of trouble ("3k likes, plutôt sympa")."""
    return _untroubled(text, PRAISE_ONLY, LIGHT_HEARTED)


def _praise_only(text: str) -> bool:
    """The text praises and says no word of trouble ("elle adore nos vélos et nous remercie")."""
    return _untroubled(text, PRAISE_ONLY)


def _untroubled(text: str, *tones: re.Pattern[str]) -> bool:
    """One of ``tones`` is in the text, and no word of trouble."""
    return any(tone.search(text) for tone in tones) and TROUBLE.search(text) is None


def rate_severity(text: str, extra: SeverityKeywords | None = None) -> SeverityRating:
    """Rate one text with the built-in rules (and ``extra`` registry keywords, if given)."""
    return SeverityRater(extra).rate(text)
