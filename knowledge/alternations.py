"""Whole-word regex alternations that are only run when a text could match them.

A severity rule is a long alternation of phrases; running every one on every message costs more
than the rest of the rating. Each alternative starts with some literal text, so before running
the regex, a rule checks that the text has a word starting like one of them (the first letters
of its first word, words being read with their apostrophes and hyphens) and then a run of word
characters starting with the longest word of that literal (a run no match can do without, so
this second test never skips a regex that could match).
"""
from __future__ import annotations

import re
import string

_LITERAL = re.compile(r"[a-z0-9'\- ]*")
_TEXT_WORD = re.compile(r"[a-z0-9'\-]+")
_RUNS = re.compile(r"\w+")


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


def _heads(alternative: str) -> set[str] | None:
    """The first two or three letters every match of ``alternative`` starts with; None when the
    alternative can start with anything (a digit class, an optional first letter…)."""
    literals = _literals(alternative)
    if literals is None or any(not lit.split(" ")[0] for lit in literals):
        return None
    return {lit.split(" ")[0][:3] for lit in literals}


def _anchors(alternative: str) -> set[str] | None:
    """For each way ``alternative`` can start, the longest run of word characters of its literal
    start: every match has a run of word characters in the text that starts with it, since the
    match starts a run (whole words) and every later run of the literal follows a space, an
    apostrophe or a hyphen. None when some way has no such run."""
    literals = _literals(alternative)
    if literals is None:
        return None
    anchors = {max(_RUNS.findall(lit), key=len, default="") for lit in literals}
    return None if "" in anchors else anchors


class Rule:
    """A whole-word alternation that is only run when the text has a word it could start with."""

    def __init__(self, alternatives: tuple[str, ...]):
        self.regex = re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])")
        heads = [_heads(a) for a in alternatives]
        self.heads: frozenset[str] | None = (
            None if any(h is None for h in heads) else frozenset().union(*heads))  # type: ignore[arg-type]
        # a match needs a run of word characters of the text starting with one of these anchors;
        # keyed by their first two letters, like the text's runs (see TextHeads)
        starts = [_anchors(a) for a in alternatives]
        self.starts: dict[str, tuple[str, ...]] | None = None
        if all(s is not None for s in starts):
            by_key: dict[str, set[str]] = {}
            for start in set().union(*starts):  # type: ignore[arg-type]
                keys = [start] if len(start) >= 2 else [start, *(start + c for c in _WORD_CHARS)]
                for key in keys:
                    by_key.setdefault(key[:2], set()).add(start)
            self.starts = {key: tuple(sorted(found)) for key, found in by_key.items()}

    def may_match(self, text: TextHeads) -> bool:
        """False when no word of the text starts like any alternative (the regex cannot match)."""
        if self.heads is not None and self.heads.isdisjoint(text.heads):
            return False
        if self.starts is None or text.runs is None:
            return True
        runs = text.runs
        for key in self.starts.keys() & runs.keys():
            for start in self.starts[key]:
                for run in runs[key]:
                    if run.startswith(start):
                        return True
        return False


def rx(*alternatives: str) -> Rule:
    """A rule matching any of ``alternatives`` as whole words."""
    return Rule(alternatives)


_WORD_CHARS = string.ascii_letters + string.digits + "_"


class TextHeads:
    """What a text's words start with: the first two and three letters of each word, and its
    runs of word characters by their first two letters (None unless the text is ASCII, which
    prepared texts are)."""

    __slots__ = ("heads", "runs")

    def __init__(self, text: str):
        words = _TEXT_WORD.findall(text)
        self.heads = frozenset(w[:3] for w in words) | frozenset(w[:2] for w in words)
        self.runs: dict[str, list[str]] | None = None
        if text.isascii():
            runs: dict[str, list[str]] = {}
            for run in _RUNS.findall(text):
                runs.setdefault(run[:2], []).append(run)
            self.runs = runs
