"""Validation warnings about words the engine reads otherwise than the registry means, and a
registry nobody can change from Slack: the registry stays valid, the warning names the word."""
from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.registry_findings import change_findings, findings
from knowledge.validation import load_registry_file, parse_registry_text, validate_data

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "samples" / "registry.yaml"
EVAL = sorted((REPO / "bench" / "eval").glob("*-registry.yaml"))

# A bike-sharing company's registry, as its administrator first wrote it: "VAE" is their word for
# an electric bike ("vélo à assistance électrique"), and "validation des acquis" for the thesaurus.
BIKES = """\
version: 1
settings:
  language: fr
  triage_department: support
  admins: [U0ADMIN01]
  synonyms:
    vae: [vélo électrique, e-bike]
    assistance électrique: [e-bike, e-scooter]
departments:
  - id: support
    name: Service client
    description: Abonnements, factures, remboursements et réclamations des usagers.
    owner: U0SUPP001
    deputies: [U0SUPP002]
    keywords: [abonnement, facture, remboursement, réclamation]
  - id: fleet
    name: Flotte et maintenance
    description: Entretien et réparation des vélos et des stations, batteries, pannes.
    owner: U0FLEET01
    deputies: [U0FLEET02]
    keywords: [vélo cassé, batterie, station, freins, crevaison]
    topics:
      - id: ebikes
        name: Vélos électriques
        keywords: [vae, assistance électrique]
        examples: [La batterie de mon VAE ne tient plus la charge]
  - id: legal
    name: Juridique
    description: Litiges, mises en demeure, données personnelles.
    owner: U0LEGAL01
    deputies: [U0LEGAL02]
    keywords: [avocat, plainte, rgpd]
"""


def line_of(text: str, snippet: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if snippet in line)


def warnings_of(text: str) -> dict[str, tuple[int | None, str]]:
    """Field path -> (line, message) of every warning of a valid registry text."""
    loaded = parse_registry_text(text, "bikes.yaml")
    return {w.path: (w.line, w.message) for w in loaded.warnings}


# --- 1. a word that takes in an unrelated built-in meaning ------------------------------------

def test_a_keyword_that_is_a_builtin_word_of_a_subject_no_department_has_is_a_warning():
    found = warnings_of(BIKES)
    line, message = found["departments[1].topics[0].keywords[0]"]
    assert line == line_of(BIKES, "keywords: [vae, assistance")
    # the concept as the routes' reasons of this French registry name it
    assert message.startswith("keyword 'vae' is, in the built-in thesaurus, a word for « Inscription et admission dans l'enseignement » "
                              "(Éducation et enseignement supérieur), which nothing else in the registry is about: every "
                              "message on that subject will come to topic 'fleet/ebikes'")
    english = warnings_of(BIKES.replace("  language: fr", "  language: en"))["departments[1].topics[0].keywords[0]"]
    assert "a word for « Admissions and enrolment » (Education and universities)" in english[1]
    # the example that repeats "VAE" does not vouch for it; the registry's other keywords are fine
    assert not any(path.startswith(("departments[0]", "departments[2]", "departments[1].keywords"))
                   for path in found)


def test_a_synonym_key_the_thesaurus_lists_for_a_subject_no_department_has_is_a_warning():
    line, message = warnings_of(BIKES)["settings.synonyms.vae"]
    assert line == line_of(BIKES, "vae: [vélo")
    assert "synonym key 'vae' is a word of the built-in concept « Inscription et admission dans l'enseignement »" in message
    assert "its terms ('vélo électrique', 'e-bike') are added to that concept" in message


def test_the_same_word_is_no_warning_where_the_registry_is_about_that_subject():
    university = BIKES.replace("name: Flotte et maintenance", "name: Scolarité") \
        .replace("description: Entretien et réparation des vélos et des stations, batteries, pannes.",
                 "description: Inscriptions, dossiers d'admission, Parcoursup, équivalences de diplôme.") \
        .replace("keywords: [vélo cassé, batterie, station, freins, crevaison]", "keywords: [inscription, admission]")
    assert not [path for path in warnings_of(university) if "keywords" in path or path == "settings.synonyms.vae"]


def test_public_order_words_are_at_home_in_a_security_department():
    # a transport network's security team handles "incivilités": no warning that it takes in public order
    text = BIKES.replace("keywords: [avocat, plainte, rgpd]", "keywords: [agression, bagarre, incivilité]") \
        .replace("name: Juridique", "name: Sûreté et sécurité") \
        .replace("description: Litiges, mises en demeure, données personnelles.",
                 "description: Agressions, vols, incidents de sécurité à bord ou en station.")
    assert not [path for path in warnings_of(text) if path.startswith("departments[2].keywords")], warnings_of(text)


def test_a_department_named_after_its_function_vouches_for_its_keywords():
    # "Juridique" evokes no thesaurus concept, but it is the name of the legal function
    text = BIKES.replace("keywords: [avocat, plainte, rgpd]", "keywords: [avocat]") \
        .replace("description: Litiges, mises en demeure, données personnelles.", "description: ''")
    assert not [path for path in warnings_of(text) if path.startswith("departments[2]")]


def test_the_sample_and_the_evaluation_registries_get_few_such_warnings():
    def word_warnings(path: Path) -> list[str]:
        return [w.path for w in load_registry_file(path).warnings  # a built-in meaning foreign to the registry
                if w.message.startswith(("keyword '", "synonym key '")) and "built-in" in w.message]

    assert word_warnings(SAMPLE) == []
    counts = {path.name: len(word_warnings(path)) for path in EVAL}
    assert len(counts) == 5 and max(counts.values()) <= 4 and sum(counts.values()) <= 4, counts


# --- 2. a synonym term that reduces to one everyday word --------------------------------------

def test_a_synonym_term_that_reduces_to_one_word_names_the_word():
    found = warnings_of(BIKES)
    line, message = found["settings.synonyms.assistance électrique[0]"]
    assert line == line_of(BIKES, "assistance électrique: [e-bike")
    assert message.startswith("term 'e-bike' reduces to the single word 'bike' (stop words, one-letter parts and "
                              "hyphens are left out): every text that says 'bike' matches it")
    assert "'e-scooter' reduces to the single word 'scooter'" in found["settings.synonyms.assistance électrique[1]"][1]
    assert "settings.synonyms.vae[0]" not in found  # "vélo électrique" keeps both words


@pytest.mark.parametrize("terms", [
    "[mise à jour, prendre en compte]",  # fixed expressions, read as one word on purpose
    "[vélo électrique, bike, e-bike]",  # "bike" is listed on its own: the registry means it
    "[VAE]",
])
def test_terms_that_keep_their_meaning_are_no_warning(terms):
    text = BIKES.replace("    vae: [vélo électrique, e-bike]\n", "").replace("[e-bike, e-scooter]", terms)
    assert not [path for path in warnings_of(text) if path.startswith("settings.synonyms")]


def test_a_synonym_term_that_reduces_to_nothing_never_matches():
    text = BIKES.replace("[e-bike, e-scooter]", "[vélo électrique, \"c'est\"]")
    line, message = warnings_of(text)["settings.synonyms.assistance électrique[1]"]
    assert message == "term \"c'est\" reduces to nothing (only stop words or one-letter parts): it never matches"


# --- 3. no admin --------------------------------------------------------------------------------

@pytest.mark.parametrize("admins", ["  admins: []\n", ""])
def test_a_registry_without_admins_warns_that_nobody_can_change_it_from_slack(admins):
    text = BIKES.replace("  admins: [U0ADMIN01]\n", admins)
    line, message = warnings_of(text)["settings.admins"]
    assert line == (line_of(text, "admins: []") if admins else line_of(text, "settings:"))
    assert message.startswith("no admin: nobody can change the registry from Slack")
    assert "settings.admins" not in warnings_of(BIKES)


# --- the same findings for Slack, once per change ---------------------------------------------

def test_a_change_is_told_only_the_word_findings_it_brings():
    registry = parse_registry_text(BIKES, "bikes.yaml").registry
    codes = sorted(f.code for f in findings(registry))
    assert codes == ["collapsed_synonym", "collapsed_synonym", "collapsed_synonym", "foreign_meaning",
                     "foreign_synonym"]
    data = registry.to_data()
    data["settings"]["admins"] = []
    data["departments"][0]["keywords"].append("VAE")
    after = validate_data(data).registry
    assert [(f.code, f.params.get("target"), f.params.get("term")) for f in change_findings(registry, after)] == [
        ("no_admin", None, None), ("foreign_meaning", "support", "VAE")]
