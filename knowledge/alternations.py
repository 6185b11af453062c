"""Whole-word regex alternations that are only run when a text could match them.

A severity rule is a long alternation of phrases; running every one on every message costs more
than the rest of the rating. So a rule's regex only runs when two cheap tests allow it:

    heads   some word of the text (with its apostrophes and hyphens, or one of its parts) starts
            with the first two or three letters of an alternative's first word
    needs   the text has the runs of word characters one way of starting a match cannot do
            without ("on (?:vous|te) poursui" needs "on", "vous" or "te", and a run starting
            with "poursui"; lookbehinds are looked past, an optional letter is spelt both
            ways); every rule's needs are indexed together, so a text is read once for all
            of them

The second test never skips a regex that could match; nor does the first, now that the parts of
an elided word ("l'avocat") count as words too.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from operator import itemgetter

from knowledge.wordlists import ENGLISH_STOP_WORDS, FRENCH_STOP_WORDS

_LITERAL = re.compile(r"[a-z0-9'\- ]*")
_SPELT = re.compile(r"(?:[a-z0-9'\- &]|\\\.)*")  # the same, with "&" and an escaped dot (runs of a literal)
_RUNS = re.compile(r"\w+")
_TEXT_WORD = re.compile(r"[a-z0-9'\-]+")
_FIRST_TWO = itemgetter(slice(0, 2))
_FIRST_THREE = itemgetter(slice(0, 3))
_COMMON = FRENCH_STOP_WORDS | ENGLISH_STOP_WORDS  # poor words to look a need up by


def _group_parts(alternative: str) -> tuple[list[str], str] | None:
    """For an alternative starting with ``(?:…)``, the group's top-level parts and what follows."""
    depth = 0
    for i, char in enumerate(alternative):
        depth += char == "("
        depth -= char == ")"
        if depth == 0:
            inner, rest = alternative[3:i], alternative[i + 1:]
            parts, level, start = [], 0, 0
            for j, c in enumerate(inner):
                level += (c == "(") - (c == ")")
                if c == "|" and level == 0:
                    parts.append(inner[start:j])
                    start = j + 1
            return parts + [inner[start:]], rest
    return None


def _literals(alternative: str) -> set[str] | None:
    """The literal text every match of ``alternative`` starts with, one per way it can start;
    None when the alternative can start with anything (a digit class, an optional group…)."""
    if alternative.startswith("(?:"):
        split = _group_parts(alternative)
        if split is None or split[1].startswith(("?", "*")):
            return None
        literals: set[str] = set()
        for part in split[0]:
            found = _literals(part + split[1])
            if found is None:
                return None
            literals |= found
        return literals
    literal = _LITERAL.match(alternative).group(0)
    if len(literal) < len(alternative) and alternative[len(literal)] in "?*{":
        literal = literal[:-1]  # the letter before an optional mark may be absent
    return {literal}


def _after_lookbehinds(alternative: str) -> str:
    """``alternative`` without the lookbehinds it starts with ("(?<!exercice )incendie"): they
    test the text before a match, so every match still starts like what follows them."""
    while alternative.startswith(("(?<!", "(?<=")):
        depth = 0
        for i, char in enumerate(alternative):
            depth += (char == "(") - (char == ")")
            if depth == 0:
                alternative = alternative[i + 1:]
                break
        else:
            return alternative
    return alternative


def _heads(alternative: str) -> set[str] | None:
    """The first two or three letters every match of ``alternative`` starts with; None when the
    alternative can start with anything (a digit class, an optional first letter…)."""
    alternative = _after_lookbehinds(alternative)
    literals = _literals(alternative)
    if literals is None or any(not lit.split(" ")[0] for lit in literals):
        return None
    if any(len(lit) < 2 and len(alternative) > len(lit) for lit in literals):
        return None  # one letter, then more of the word ("p(?:a)?edophil"): a text's heads have two or three
    return {lit.split(" ")[0][:3] for lit in literals}


def _spelt_out(pattern: str, budget: list[int]) -> set[str]:
    """Literal texts one of which every match of ``pattern`` starts with: groups spelt out
    (an optional group both without and with each of its parts), as far as ``budget`` allows."""
    literal = _SPELT.match(pattern).group(0)
    rest = pattern[len(literal):]
    if not rest.startswith("(?:"):
        shorter = literal[:-2] if literal.endswith("\\.") else literal[:-1]  # without its last character
        if rest[:1] == "?" and literal and budget[0] > 0:  # an optional character: without it and with it
            budget[0] -= 2
            after = rest[1:].removeprefix("?")
            return _spelt_out(shorter + after, budget) | _spelt_out(literal + after, budget)
        return {(shorter if rest[:1] in ("?", "*", "{") else literal).replace("\\.", ".")}
    split = _group_parts(rest)
    if split is None or budget[0] <= 0 or _has_rare_run(literal):
        return {literal.replace("\\.", ".")}  # with a rare whole word already, spelling more out would not help
    parts, after = split
    if after.startswith("?") and not after.startswith("??"):
        ways, after = ["", *parts], after[1:]
    elif after[:1] in ("*", "+", "{", "?"):
        return {literal}
    else:
        ways = parts
    budget[0] -= len(ways)
    found: set[str] = set()
    for way in ways:
        found |= _spelt_out(literal + way + after, budget)
    return found


def _has_rare_run(literal: str) -> bool:
    """True when ``literal`` has a whole run of word characters (one the literal goes on after)
    that is no function word and at least three letters long: a good one to look a need up by."""
    runs = _RUNS.findall(literal)
    return any(len(run) >= 3 and run not in _COMMON for run in runs[:-1])


def _top_level_bar(alternative: str) -> bool:
    """True when ``alternative`` is itself several alternatives (a ``|`` outside groups)."""
    depth = 0
    for char in alternative:
        depth += (char == "(") - (char == ")")
        if char == "|" and depth == 0:
            return True
    return False


def _needs(alternative: str) -> list[tuple[str, bool, str | None, frozenset[str]]] | None:
    """What each way of starting a match of ``alternative`` needs in the text: the run of word
    characters to look it up by (a word that is not a function word if possible, the longest)
    and whether that run is whole, the run it only has to start like (the literal stops inside
    it), if any, and the other whole runs (the literal goes on after them). None when some way
    needs nothing. Sound: a match starts a run of the text (whole words) and every later run of
    its literal start follows a space, an apostrophe, a hyphen, an ampersand or a dot, so each run of the literal is
    a run of the text, whole unless the literal stops inside it."""
    alternative = _after_lookbehinds(alternative)
    if _top_level_bar(alternative):
        return None
    needs = []
    for literal in _spelt_out(alternative, [256]):
        found = [(m.group(0), m.end() < len(literal)) for m in _RUNS.finditer(literal)]
        if not found:
            return None
        run, whole = max(found, key=lambda rw: (rw[0] not in _COMMON, len(rw[0])))
        prefix = next((r for r, w in found if not w), None)
        needs.append((run, whole, prefix, frozenset(r for r, w in found if w and r != run)))
    return needs


# Every rule's needs (see _needs), by the run they are looked up with: a whole run itself; the
# first two letters (one for a one-letter start) of a run the literal only starts.
_Entry = tuple["Rule", "str | None", "tuple[frozenset[str], ...]"]
_BY_RUN: dict[str, list[_Entry]] = {}
_BY_START: dict[str, list[_Entry]] = {}


class Rule:
    """A whole-word alternation that is only run when the text has a word it could start with."""

    def __init__(self, alternatives: tuple[str, ...]):
        self.regex = re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])")
        heads = [_heads(a) for a in alternatives]
        self.heads: frozenset[str] | None = (
            None if any(h is None for h in heads) else frozenset().union(*heads))  # type: ignore[arg-type]
        needs = [_needs(a) for a in alternatives]
        self.always = any(n is None for n in needs)  # some way needs nothing: never skipped on needs
        if self.always:
            return
        grouped: dict[tuple[str, bool, str | None], list[frozenset[str]]] = {}
        for run, whole, prefix, others in (n for ways in needs for n in ways):  # type: ignore[union-attr]
            wholes = grouped.setdefault((run, whole, prefix), [])
            if others not in wholes:
                wholes.append(others)
        for (run, whole, prefix), wholes in grouped.items():
            if whole:
                _BY_RUN.setdefault(run, []).append((self, prefix, tuple(wholes)))
            else:  # the run looked up by is the one only started
                _BY_START.setdefault(run[:2], []).append((self, run, tuple(wholes)))
        _RUN_NEEDS.clear()  # a new rule: what runs need is read again

    def may_match(self, text: TextHeads) -> bool:
        """False when the regex cannot match: no word of the text starts like any alternative, or
        the text lacks the runs of word characters every way of starting a match needs."""
        if not self.always and text.met is not None and self not in text.met:
            return False
        return self.heads is None or not self.heads.isdisjoint(text.heads)


def rx(*alternatives: str) -> Rule:
    """A rule matching any of ``alternatives`` as whole words."""
    return Rule(alternatives)


def _one_within(wholes: tuple[frozenset[str], ...], present: set[str]) -> bool:
    for whole in wholes:
        if whole <= present:
            return True
    return False


class TextHeads:
    """What a text's words start with, read once for every rule: the first two and three letters
    of each word (when first needed), and the rules whose needs its runs of word characters meet
    (``met``; None, meaning every rule, unless the text is ASCII, which prepared texts are)."""

    __slots__ = ("_text", "_heads", "_runs", "met")

    def __init__(self, text: str):
        self._text = text
        self._heads: set[str] | None = None
        self._runs: list[str] | None = None  # the text's runs of word characters, once read
        self.met: set[Rule] | None = self._rules_met() if text.isascii() else None

    @property
    def heads(self) -> set[str]:
        """The first two and three characters of each word, a word being a run of [a-z0-9'-] or
        a run of word characters (so "l'avocat" starts both "l'a" and "avo")."""
        if self._heads is None:
            runs = self._runs if self._runs is not None else _RUNS.findall(self._text)
            words = _TEXT_WORD.findall(self._text) + runs
            # and what follows each apostrophe or hyphen inside a word ("-l'ars" starts "l'a" too)
            words += [word[i + 1:] for word in words if "'" in word or "-" in word
                      for i, char in enumerate(word) if char in "'-" and i + 1 < len(word)]
            heads = set(map(_FIRST_THREE, words))
            heads.update(map(_FIRST_TWO, words))
            self._heads = heads
        return self._heads

    def needs_met(self, rule: Rule) -> bool:
        """True when the text's runs meet what some way of starting a match of ``rule`` needs."""
        return self.met is None or rule in self.met

    def _rules_met(self) -> set[Rule]:
        self._runs = _RUNS.findall(self._text)
        present = set(self._runs)
        runs: list[str] | None = None
        met: set[Rule] = set()
        known = _RUN_NEEDS
        for run in present:
            needs = known.get(run)
            if needs is None:
                if len(known) >= 65536:
                    known.clear()
                needs = known[run] = _needs_of(run)
            for rule, prefix, wholes in needs:
                if rule in met or not _one_within(wholes, present):
                    continue
                if prefix is not None:
                    runs = runs or sorted(present)
                    if not _has_start(runs, prefix):
                        continue
                met.add(rule)
        return met


_RUN_NEEDS: dict[str, tuple[_Entry, ...]] = {}  # a run of the vocabulary -> _needs_of(run)


def _needs_of(run: str) -> tuple[_Entry, ...]:
    """The needs a run looks up: those of the run itself (another run may have to start like
    their prefix), and those of the starts it has (their prefix is met)."""
    found = list(_BY_RUN.get(run, ()))
    for key in (run[:2], run[:1]) if len(run) > 1 else (run,):
        for rule, start, wholes in _BY_START.get(key, ()):
            if run.startswith(start):  # type: ignore[arg-type]
                found.append((rule, None, wholes))
    return tuple(found)


def _has_start(runs: list[str], prefix: str) -> bool:
    """True when one of the sorted ``runs`` starts with ``prefix``."""
    # the first run not sorted before ``prefix`` starts with it if any run does
    i = bisect_left(runs, prefix)
    return i < len(runs) and runs[i].startswith(prefix)
