"""The reasons a route gives: the strings of the JSON's `matched`, which also say what they are.

A reason reads as the CLI and the JSON contract write it ("rule: « journaliste » → Presse"), and
carries its kind and parts, so an answer in Slack can say it in the asker's language without
reading the English back.
"""
from __future__ import annotations


class Reason(str):
    """One reason as plain text, with ``kind`` and ``parts`` (empty for a plain word or keyword)."""

    __slots__ = ("kind", "parts")

    def __new__(cls, value: str, kind: str = "term", /, **parts: str) -> Reason:
        reason = super().__new__(cls, value)
        reason.kind, reason.parts = kind, parts
        return reason


def rule_reason(term: str, department: str, concept: str = "") -> Reason:
    """A precedence rule of the registry decided (``concept``: the subject the text shares with
    the rule's term, when it does not say the term itself)."""
    if concept:
        return Reason(f"rule: « {term} » (same subject: {concept}) → {department}", "rule_concept",
                      term=term, department=department, concept=concept)
    return Reason(f"rule: « {term} » → {department}", "rule", term=term, department=department)


def concept_reason(words: str, concept: str) -> Reason:
    """A thesaurus concept shared by the text (``words``: how the text says it, may be empty)."""
    text = f"{words} ≈ {concept} (thesaurus)" if words else f"≈ {concept} (thesaurus)"
    return Reason(text, "concept", words=words, concept=concept)


def off_duty_reason(words: str) -> Reason:
    """The text names what no department handles (``words``, as the engine read them): confidence held back."""
    return Reason(f"out of scope: « {words} »", "off_duty", words=words)


def resemblance_reason(kind: str, text: str) -> Reason:
    """The text resembles an example of the registry (``kind`` "example") or a correction."""
    return Reason(f"like {kind} « {text} »", kind, text=text)
