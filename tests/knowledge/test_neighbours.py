"""Learned examples: a correction sends the next similar message the same way, and nothing else."""
from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.learned_examples import LearnedExamples
from knowledge.lexicon import Lexicon
from knowledge.resemblance import LabelledExample, same_matter
from knowledge.routing import Router
from knowledge.validation import load_registry_file

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "registry.yaml"

CORRECTED = "Une cliente demande le remboursement de sa carte cadeau expirée, achetée en magasin à Rennes"
SIMILAR = "remboursement d'une carte cadeau expirée : la cliente insiste"
UNRELATED = [
    "Une cliente demande le remboursement de sa commande",  # shares a few words, nothing more
    "Mon colis est bloqué, la livraison a échoué et le transporteur ne répond pas",
    "Un journaliste du Monde veut une interview avant ce soir",
    "La cantine est fermée vendredi midi",  # out of scope: stays with triage
]


@pytest.fixture
def router():
    return Router(load_registry_file(SAMPLE).registry)


def summary(route):
    return route.department, route.topic, route.confident, route.confidence


def test_a_correction_sends_a_similar_message_to_the_corrected_department(router):
    before = router.route(SIMILAR)
    assert before.department == "customer_care"  # the registry's "remboursement"
    router.learn(CORRECTED, "ecommerce")
    after = router.route(SIMILAR)
    assert (after.department, after.confident) == ("ecommerce", True)
    assert any(m.startswith("like correction « Une cliente demande") for m in after.matched)


def test_a_correction_leaves_unrelated_messages_as_they_were(router):
    before = [summary(router.route(text)) for text in UNRELATED]
    router.learn(CORRECTED, "ecommerce")
    assert [summary(router.route(text)) for text in UNRELATED] == before
    assert not router.route(UNRELATED[-1]).confident


def test_a_correction_with_a_topic_teaches_the_topic(router):
    router.learn("Le casier de retrait de la gare de Nantes refuse le code, le client ne peut rien retirer",
                 "customer_care", "delivery")
    route = router.route("casier de retrait gare de Nantes : le code est refusé, rien à retirer")
    assert (route.department, route.topic, route.confident) == ("customer_care", "delivery", True)


def read(text: str):
    return Lexicon().read(text)


def votes(examples: LearnedExamples, text: str) -> dict[int, float]:
    return examples.score(read(text)).departments


QUERY = "le distributeur de billets de la gare avale les cartes"


def test_a_vote_grows_with_agreeing_examples_and_shrinks_with_disagreeing_ones():
    examples = LearnedExamples()
    examples.add(LabelledExample("le distributeur de billets de la gare a avalé ma carte", 1))
    one = votes(examples, QUERY)[1]
    examples.add(LabelledExample("distributeur de billets de la gare : il avale les cartes des clients", 1))
    two = votes(examples, QUERY)[1]
    assert two > one > 0
    examples.add(LabelledExample("le distributeur de billets de la gare avale les cartes depuis hier", 2))
    split = votes(examples, QUERY)
    assert split[1] < two and split[2] > 0


def test_sharing_a_few_words_is_not_resembling():
    examples = LearnedExamples()
    examples.add(LabelledExample("le distributeur de billets de la gare a avalé ma carte", 1))
    assert votes(examples, "la gare est fermée ce soir, les billets de train seront remboursés") == {}
    assert examples.nearest(read("rien à voir")) == []


def test_memory_is_bounded_the_oldest_text_forgotten_first():
    examples = LearnedExamples(capacity=2)
    texts = ["le distributeur de billets de la gare a avalé ma carte",
             "la borne de recharge du parking clignote en rouge",
             "le lecteur de badge de l'entrée nord refuse tous les badges"]
    for number, text in enumerate(texts):
        examples.add(LabelledExample(text, number))
    assert len(examples) == 2
    assert [e.text for e in examples.examples] == texts[1:]
    assert votes(examples, texts[0]) == {}
    assert set(votes(examples, texts[2])) == {2}


def test_teaching_a_text_again_replaces_its_label():
    examples = LearnedExamples()
    examples.add(LabelledExample("le distributeur de billets de la gare a avalé ma carte", 1))
    examples.add(LabelledExample("Le distributeur de billets de la gare a avalé ma carte !", 2))
    assert len(examples) == 1
    assert set(votes(examples, QUERY)) == {2}


def test_capacity_must_be_positive():
    with pytest.raises(ValueError, match="capacity"):
        LearnedExamples(capacity=0)


def test_a_line_or_a_flight_number_is_which_one_not_what_happened():
    from knowledge.resemblance import text_keys

    keys = {k for word in text_keys("J'ai oublié mon sac dans le tram ligne T2, vol AF1234", None) for k in word}
    assert {"t2", "af1234"}.isdisjoint(keys) and "sac" in keys


TRANSIT = """version: 1
settings:
  triage_department: community
people:
  U0A000001: {name: A}
  U0B000001: {name: B}
  U0C000001: {name: C}
departments:
  - {id: community, name: Communauté, owner: U0A000001}
  - id: trafic
    name: Info trafic
    owner: U0B000001
    keywords: [retard, perturbation]
    examples: ["Pourquoi le bus 5 n'est pas passé ce matin ?"]
  - id: objets
    name: Objets trouvés
    owner: U0C000001
    keywords: [objet perdu]
    examples: ["J'ai perdu mon portefeuille dans le métro"]
"""


def test_one_word_and_the_concept_it_names_are_not_a_resemblance(tmp_path):
    path = tmp_path / "registry.yaml"
    path.write_text(TRANSIT, encoding="utf-8")
    router = Router(load_registry_file(path).registry)
    # "bus" and the transport concept "bus" names are one piece of evidence, the setting of any message
    for text in ("le bus", "le métro"):
        route = router.route(text)
        assert not route.confident and not any(m.startswith("like example") for m in route.matched), route
    # a second word in common is a resemblance
    route = router.route("le bus 5 n'est toujours pas passé")
    assert any(m.startswith("like example « Pourquoi le bus 5") for m in route.matched), route.matched


def test_the_severity_hints_are_one_piece_of_evidence_not_the_texts_words(router):
    # the rating reads a threat and hints "menace threat": those and the concept only they name
    # are the rating's, not two words the text shares with "Quelqu'un menace de s'en prendre…"
    route = router.route("Bagage abandonné sur le quai")
    assert route.severity == "critical"
    assert not any(m.startswith("like example") for m in route.matched), route.matched


@pytest.mark.parametrize(("text", "same"), [
    ("Rappelé la journaliste du Parisien : son article sort demain 7h", True),
    ("Le Parisien a publié l'article, la journaliste cite notre réponse", True),
    ("Un journaliste de BFM nous appelle sur une tout autre affaire, réaction avant 19h", False),
    ("Piratage : des mots de passe de clients ont fuité sur un forum", False),
])
def test_a_follow_up_names_the_same_things_as_the_message_it_follows(text, same):
    first = "Le Parisien prépare un article sur l'intoxication de clients, la journaliste veut une réponse avant 18h"
    assert same_matter(text, first) is same
