"""Registry extensions: settings.synonyms and settings.precedence, validated and honoured by routing."""
from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.errors import RegistryInvalid
from knowledge.index import Hit
from knowledge.signals import SignalScores
from knowledge.routing import Router
from knowledge.validation import dump_registry, load_registry_file, parse_registry_text, validate_data

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "registry.yaml"

HEAD = """\
version: 1
settings:
  triage_department: community
{settings}
departments:
  - id: community
    name: Community management
    owner: U0CM00001
"""

BASE = HEAD + """\
    deputies: [U0CM00002]
    keywords: [modération, troll]
  - id: press
    name: Presse
    owner: U0PRESS01
    deputies: [U0PRESS02]
    keywords: [journaliste, journalist, interview]
  - id: security
    name: Sécurité informatique
    owner: U0SEC0001
    deputies: [U0SEC0002]
    keywords: [piratage, "fuite de données", "data breach"]
  - id: legal
    name: Juridique
    owner: U0LEGAL01
    deputies: [U0LEGAL02]
    keywords: [avocat, "mise en demeure", procès]
  - id: crisis
    name: Cellule de crise
    owner: U0CRISIS1
    deputies: [U0CRISIS2]
    keywords: [crise, menace, threat]
  - id: logistics
    name: Logistique
    owner: U0LOGI001
    deputies: [U0LOGI002]
    description: Entrepôts, transporteurs, préparation des commandes.
    keywords: [entrepôt, transporteur, véhicules de livraison]
"""


def registry_text(settings: str = "") -> str:
    return BASE.format(settings=settings)


def problems_of(text: str) -> list[str]:
    with pytest.raises(RegistryInvalid) as caught:
        parse_registry_text(text, "registry.yaml")
    return [str(p) for p in caught.value.problems]


def line_of(text: str, snippet: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if snippet in line)


# --- validation -----------------------------------------------------------------------------------


def test_a_precedence_rule_for_an_unknown_department_is_refused_with_file_line_and_path():
    text = registry_text("  precedence:\n    - when: [journaliste]\n      prefer: presse")
    problems = problems_of(text)
    assert problems == [f"registry.yaml:{line_of(text, 'prefer: presse')}: settings.precedence[0].prefer: "
                        "precedence rule prefers unknown department 'presse' "
                        "(departments: community, press, security, legal, crisis, logistics)"]


@pytest.mark.parametrize(
    ("settings", "path", "message"),
    [
        ("  precedence:\n    - when: []\n      prefer: press", "settings.precedence[0].when",
         "expected at least 1 item(s)"),
        ('  precedence:\n    - when: ["  "]\n      prefer: press', "settings.precedence[0].when[0]",
         "must not be empty"),
        ("  precedence:\n    - prefer: press", "settings.precedence[0].when", "missing"),
        ("  precedence:\n    - when: [journaliste]\n      prefer: press\n      because: stated", 
         "settings.precedence[0].because", "unknown field"),
        ("  synonyms:\n    carte grise: []", "settings.synonyms.carte grise", "expected at least 1 item(s)"),
        ('  synonyms:\n    carte grise: ["certificat", ""]', "settings.synonyms.carte grise[1]", "must not be empty"),
        ("  synonyms:\n    carte grise: certificat", "settings.synonyms.carte grise", "expected a list"),
        (f"  synonyms:\n    carte grise: [{'x' * 121}]", "settings.synonyms.carte grise[0]", "too long"),
    ],
)
def test_bad_extensions_are_refused_with_their_place(settings, path, message):
    problems = problems_of(registry_text(settings))
    assert len(problems) == 1, problems
    assert f": {path}: " in problems[0] and message in problems[0]
    assert problems[0].startswith("registry.yaml:")


def test_extensions_survive_an_export_and_a_reimport():
    settings = ("  synonyms:\n    carte grise: [certificat d'immatriculation]\n"
                "  precedence:\n    - when: [journaliste, journalist]\n      prefer: press")
    registry = parse_registry_text(registry_text(settings), "registry.yaml").registry
    again = parse_registry_text(dump_registry(registry), "export.yaml").registry
    assert again == registry
    assert again.settings.synonyms == {"carte grise": ["certificat d'immatriculation"]}
    assert [(r.when, r.prefer) for r in again.settings.precedence] == [(["journaliste", "journalist"], "press")]
    plain = parse_registry_text(registry_text(), "registry.yaml").registry
    assert "synonyms" not in dump_registry(plain) and "precedence" not in dump_registry(plain)


def test_deleting_a_department_a_rule_prefers_is_refused():
    settings = "  precedence:\n    - when: [journaliste]\n      prefer: press"
    data = parse_registry_text(registry_text(settings), "registry.yaml").registry.to_data()
    data["departments"] = [d for d in data["departments"] if d["id"] != "press"]
    with pytest.raises(RegistryInvalid, match="settings.precedence.0..prefer|unknown department 'press'"):
        validate_data(data)


# --- routing ----------------------------------------------------------------------------------------


def router_for(settings: str = "") -> Router:
    return Router(parse_registry_text(registry_text(settings), "registry.yaml").registry)


JOURNALIST_ON_A_LEAK = "Un journaliste prépare un article sur la fuite de données et le piratage de nos comptes clients"


def test_without_a_rule_the_subject_decides():
    route = router_for().route(JOURNALIST_ON_A_LEAK)
    assert route.department != "press"


def test_a_precedence_rule_sends_the_text_to_its_department_and_says_so():
    router = router_for("  precedence:\n    - when: [journaliste, journalist]\n      prefer: press")
    route = router.route(JOURNALIST_ON_A_LEAK)
    assert (route.department, route.confident) == ("press", True)
    assert route.matched[0] == "rule: « journaliste » → Presse"
    assert "security" in {a.department for a in route.alternatives}


def test_a_rule_term_the_thesaurus_knows_also_matches_its_synonyms_but_only_its_own_words_settle_it():
    router = router_for("  precedence:\n    - when: [journaliste]\n      prefer: press")
    text = "Une pigiste de Mediapart prépare un article sur le piratage et la fuite de données, elle demande une interview"
    route = router.route(text)
    # "pigiste" is a journalist to the thesaurus: press comes first, but it is not the rule's
    # own word and the leak is the text's stronger evidence, so the engine asks
    assert not route.confident
    assert [a.department for a in route.alternatives][:2] == ["press", "security"]
    # the explanation says the rule was met through its subject, not through its own word
    assert route.matched[0] == "rule: « journaliste » (same subject: Demande de journaliste) → Presse"
    assert route.matched[0].parts["concept"] == "Demande de journaliste"
    # the administrator settles it by writing the word into the rule
    router = router_for("  precedence:\n    - when: [journaliste, pigiste]\n      prefer: press")
    route = router.route(text)
    assert (route.department, route.confident) == ("press", True)


def test_another_word_of_a_rule_concept_in_passing_does_not_outweigh_the_subject():
    # with under half of the best evidence, a word of the rule's concept that is not the rule's
    # own does not put its department first: the subject decides (the rule's word still would)
    router = router_for("  precedence:\n    - when: [journaliste]\n      prefer: press")
    route = router.route("Une pigiste de Mediapart enquête sur le piratage et la fuite de données")
    assert route.department == "security"
    assert not route.matched[0].startswith("rule:")
    assert "press" in {a.department for a in route.alternatives}
    route = router.route("Une journaliste de Mediapart enquête sur le piratage et la fuite de données")
    assert (route.department, route.confident) == ("press", True)


class _Echo:
    """A further signal that hears one word for one department (as examples or corrections do)."""

    def __init__(self, word: str, department: int, value: float):
        self.word, self.department, self.value = word, department, value

    def score(self, query):
        if not any(t.word == self.word for t in query):
            return SignalScores()
        hit = Hit(self.word, (self.word,), self.value, kind="example")
        return SignalScores(departments={self.department: self.value},
                            explain_department=lambda d: [hit] if d == self.department else [])


def test_a_rule_met_through_its_concept_is_weighed_word_by_word():
    # ten signals hearing "pigiste" put press over half of the best when their scores are summed,
    # but one word counts once (plus a little) word by word, where press stays under half of the
    # leak's evidence: the rule, met only through its concept, does not put press first
    router = router_for("  precedence:\n    - when: [journaliste]\n      prefer: press")
    press = router.matcher.department_ids.index("press")
    for _ in range(10):
        router.matcher.add_signal(_Echo("pigiste", press, 1.0), 1.0)
    ranking = router.rank("Une pigiste enquête sur le piratage, la fuite de données et le data breach de nos comptes piratés")
    assert ranking.best.department == "security"
    assert ranking.best.rule is None
    assert "press" in [c.department for c in ranking.candidates]
    # the rule's own word still settles it
    route = router.route("Une journaliste enquête sur le piratage, la fuite de données et le data breach de nos comptes piratés")
    assert (route.department, route.confident) == ("press", True)


def test_words_the_severity_rules_add_do_not_settle_a_rule():
    # "fuite de données" makes the severity rules add incident words; they count for matching
    # a rule, not as the text saying the rule's term
    router = router_for("  precedence:\n    - when: [journaliste]\n      prefer: press")
    route = router.route("Une pigiste nous demande une interview sur la fuite de données et le piratage de nos comptes clients")
    assert not route.confident


def test_a_threat_rule_is_not_fooled_by_a_lawsuit_threat():
    router = router_for("  precedence:\n    - when: [menace, threat]\n      prefer: crisis")
    assert router.route("Un client menace de procès, son avocat nous a écrit").department == "legal"
    assert router.route("Un client menace notre conseillère, il dit qu'il l'attendra devant l'agence").department == "crisis"
    # nor by a customer's ultimatum
    assert router.route("Un client menace de partir chez un concurrent si on ne lui fait pas de remise").department != "crisis"
    assert router.route("Une agence de voyages menace d'arrêter de vendre nos billets").department != "crisis"
    # a threat to harm is still one, whatever its verb
    assert router.route("Un client menace de poignarder notre conseillère à la sortie").department == "crisis"


def test_the_first_matching_rule_wins():
    rules = ("  precedence:\n    - when: [avocat]\n      prefer: legal\n"
             "    - when: [journaliste]\n      prefer: press")
    route = router_for(rules).route("Un journaliste et un avocat nous interrogent sur la fuite de données")
    assert route.department == "legal"


def test_a_rule_does_not_send_a_text_to_a_department_without_evidence():
    router = router_for("  precedence:\n    - when: [entrepôt]\n      prefer: press")
    route = router.route("Un transporteur a perdu trois palettes en sortant de l'entrepôt")
    assert route.department == "logistics"


def test_registry_synonyms_let_a_message_reach_a_department_without_a_shared_word():
    text = "Ma camionnette de service a un pneu crevé, qui s'en occupe ?"
    assert not router_for().route(text).confident
    router = router_for("  synonyms:\n    véhicules de livraison: [camionnette de service, carte grise]")
    route = router.route(text)
    assert (route.department, route.confident) == ("logistics", True)
    assert "camionnette service ≈ véhicules de livraison (thesaurus)" in route.matched


def test_the_sample_registry_states_its_journalist_rule():
    registry = load_registry_file(SAMPLE).registry
    route = Router(registry).route("Un journaliste de Libération nous interroge sur le piratage des comptes clients")
    assert route.department == "press"
    assert route.matched[0].startswith("rule: « journaliste »")


COMPANY = HEAD + """\
    description: Les réseaux sociaux d'Ondéa.
    keywords: [modération, troll]
  - id: digital
    name: Appli et espace client
    owner: U0DIGI001
    description: L'application et l'espace client d'Ondéa.
    keywords: [appli, "Mon Ondéa", bug]
  - id: network
    name: Réseau
    owner: U0NETW001
    description: Le réseau mobile et fibre d'Ondéa, les pannes.
    keywords: [panne, coupure, antenne]
  - id: billing
    name: Facturation
    owner: U0BILL001
    description: Les factures Ondéa et les prélèvements.
    keywords: [facture, prélèvement, "rendez-vous"]
"""


def test_a_name_that_stop_words_reduce_to_the_company_name_is_not_a_keyword_of_every_message():
    # "Mon Ondéa" is read as "Ondéa", a word every department uses: as a keyword or a synonym it
    # would send every message about the company to the app
    for settings in ("", "  synonyms:\n    espace client: [\"Mon Ondéa\"]"):
        router = Router(parse_registry_text(COMPANY.format(settings=settings), "registry.yaml").registry)
        route = router.route("Ondéa a encore une panne chez moi, coupure depuis ce matin")
        assert route.department == "network"
        assert not any("Ondéa" in reason for reason in route.matched), route.matched
        assert "digital" not in {a.department for a in route.alternatives}
    # a name reduced to a word few departments use still counts ("rendez-vous" is "rendez")
    route = Router(parse_registry_text(COMPANY.format(settings=""), "registry.yaml").registry).route(
        "Je voudrais un rendez-vous pour parler de mes factures")
    assert route.department == "billing" and "rendez-vous" in route.matched
