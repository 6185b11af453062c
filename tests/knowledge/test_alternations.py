"""The cheap tests in front of the severity rules' regexes never skip a regex that could match."""
import random
import re

from knowledge import severity
from knowledge.alternations import Rule, TextHeads, rx
from knowledge.text import prepare

RULES = [v for v in vars(severity).values() if isinstance(v, Rule)]


def _texts(count: int) -> list[str]:
    rng = random.Random(5)
    pieces = [p for rule in RULES for p in re.findall(r"[a-z'\- ]{2,}", rule.regex.pattern)]
    filler = "le la un client compte a été je vais on nous vous post for pour des i".split()
    return [" ".join(rng.choice(pieces if rng.random() < 0.5 else filler) for _ in range(rng.randint(1, 12)))
            for _ in range(count)]


def test_a_rule_is_only_skipped_when_its_regex_cannot_match():
    skipped = 0
    for text in _texts(3000):
        folded = prepare(text)
        heads = TextHeads(folded)
        for rule in RULES:
            if not rule.may_match(heads):
                skipped += 1
                # the needs test alone never skips a match (the heads test is older and kept)
                if not rule.always and not heads.needs_met(rule):
                    assert rule.regex.search(folded) is None, (rule.regex.pattern[:60], folded)
    assert skipped  # the tests do skip most rules


def test_needs_spell_out_groups_and_optional_parts():
    rule = rx(r"(?:on|je) (?:vous|te) poursui\w+", r"est mort(?:e)?", r"avocats?")
    for text, expected in [("on vous poursuivra", True), ("je te poursuis", True), ("on poursuit", False),
                           ("il est mort", True), ("un avocat", True), ("vous etes morts", False)]:
        assert TextHeads(text).needs_met(rule) is expected, text
        assert (rule.regex.search(text) is not None) <= expected


def test_an_alternative_that_can_start_with_anything_is_never_skipped_on_needs():
    rule = rx(r"\d+ abonnes", r"avocats?")
    assert rule.always and rule.may_match(TextHeads("12 abonnes"))


def test_needs_look_past_lookbehinds_optional_letters_dots_and_ampersands():
    # each of these once needed nothing (or only a word's first letter), so the rule ran on every text
    rule = rx(r"(?<!exercice )(?<!simulation d')incendie", r"e-?mail pirate", r"e\.? ?coli", r"a&e")
    assert not rule.always
    for text, expected in [("un incendie au depot", True), ("mon email pirate", True), ("mon e-mail pirate", True),
                           ("une e. coli", True), ("ecoli", True), ("aux a&e", True),
                           ("elle est en route avec son equipe", False), ("un mail du client", False)]:
        folded = prepare(text)
        assert TextHeads(folded).needs_met(rule) is expected, text
        assert (rule.regex.search(folded) is not None) is expected, text


def test_heads_do_not_skip_a_one_letter_start_nor_a_match_after_an_apostrophe_or_a_hyphen():
    from knowledge.severity import rate_severity

    # "p(?:a)?edophil" starts with one letter, and "-l'ARS" starts after a hyphen: both were skipped
    assert rate_severity("un paedophile dans le bus").level == "critical"
    assert rate_severity("-l'ARS a ouvert une enquête").level == "high"
    assert rate_severity("'l'ARS' a ouvert une enquête").level == "high"
