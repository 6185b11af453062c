"""The built-in thesaurus: the shipped file validates, lookups find concepts, registries extend it."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from knowledge.thesaurus import Thesaurus, ThesaurusInvalid
from knowledge.thesaurus_file import load_thesaurus


def simple_normalise(text: str) -> list[str]:
    """Folded words, no stemming and no stop words: enough to test the matcher on its own."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.findall(r"[a-z0-9]+", folded)


@pytest.fixture(scope="module")
def thesaurus() -> Thesaurus:
    return load_thesaurus()


@pytest.fixture(scope="module")
def compiled(thesaurus: Thesaurus):
    return thesaurus.compile(simple_normalise)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad-thesaurus.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """\
version: 1
domains:
  security: {fr: Sécurité, en: Security}
concepts:
  - id: data_breach
    domain: security
    label_fr: Fuite de données
    label_en: Data breach
    fr: [fuite de données]
    en: [data breach]
    related: [phishing]
  - id: phishing
    domain: security
    label_fr: Hameçonnage
    label_en: Phishing
    fr: [hameçonnage, faux site]
    en: [phishing]
"""


# --- the shipped file ----------------------------------------------------------------------------


def test_shipped_thesaurus_is_large_enough_to_cover_company_functions(thesaurus):
    assert len(thesaurus.concepts) >= 60
    assert thesaurus.term_count() >= 800
    # every declared company function has concepts
    used = {c.domain for c in thesaurus.concepts.values()}
    assert used == set(thesaurus.domains)


def test_every_concept_speaks_both_languages_and_points_to_real_neighbours(thesaurus):
    for concept in thesaurus.concepts.values():
        assert concept.fr and concept.en, concept.id
        assert concept.label_fr.strip() and concept.label_en.strip(), concept.id
        for related in concept.related:
            assert related in thesaurus.concepts, (concept.id, related)


def test_default_thesaurus_is_loaded_once(thesaurus):
    assert load_thesaurus() is thesaurus


def test_the_functions_named_in_the_brief_are_there(thesaurus):
    expected = {
        "journalist_inquiry", "lawsuit_threat", "defamation", "gdpr_request", "trademark", "refund",
        "late_delivery", "product_injury", "recall", "influencer", "app_outage", "data_breach",
        "account_takeover", "phishing_impersonation", "harassment", "strike_union", "environment_claims",
        "investor_relations", "store_staff", "crisis_management", "moderation_troll", "payment_failure",
        "card_issue", "insurance_claim", "patient_care", "food_safety", "travel_disruption",
    }
    assert expected <= set(thesaurus.concepts)


# --- lookup --------------------------------------------------------------------------------------


def test_longest_term_wins_over_the_phrase_it_contains(compiled):
    tokens = simple_normalise("Mon mot de passe volé circule en ligne")
    found = compiled.matched_terms(tokens)
    assert found["account_takeover"] == ["mot de passe volé"]
    assert "login_problem" not in found  # "mot de passe" alone is a login matter


def test_multi_word_term_needs_its_words_in_sequence(compiled):
    assert "data_breach" in compiled.lookup(simple_normalise("we suffered a data breach last night"))
    assert "data_breach" not in compiled.lookup(simple_normalise("the data shows no breach of contract"))


def test_lookup_ignores_case_and_accents(compiled):
    accented = compiled.lookup(simple_normalise("Demande d'accès : SUPPRIMEZ MES DONNÉES"))
    plain = compiled.lookup(simple_normalise("demande d'acces : supprimez mes donnees"))
    assert accented == plain
    assert accented["gdpr_request"] == 1.0


def test_weight_counts_occurrences(compiled):
    weights = compiled.lookup(simple_normalise("phishing again: a fake website and a phishing email"))
    assert weights["phishing_impersonation"] == 3.0  # phishing, fake website, phishing


def test_text_without_company_matters_finds_nothing(compiled):
    assert compiled.lookup(simple_normalise("On se voit demain pour le déjeuner ?")) == {}
    assert compiled.lookup([]) == {}


def test_compile_is_cached_per_normaliser(thesaurus, compiled):
    assert thesaurus.compile(simple_normalise) is compiled


# --- with the engine's own normaliser (stems, stop words, abbreviations) --------------------------

PARAPHRASES = [
    ("ma CB a été avalée par le DAB", {"card_issue", "atm_cash"}),
    ("Des clients reçoivent des appels à un bip d'un numéro surtaxé", {"fraud_scam"}),
    ("Women get skipped for promotion every year here", {"discrimination"}),
    ("L'autorité des télécoms lance une consultation publique", {"regulator_inquiry"}),
    ("Votre affiche utilise ma photo sans autorisation", {"image_rights"}),
    ("une option jamais souscrite sur ma facture", {"billing_error"}),
    ("Le client menace de partir chez un concurrent si on ne baisse pas le prix", {"subscription_cancellation"}),
    ("panne réseau dans tout le quartier depuis ce matin", {"telecom_outage"}),
    ("un gars se fait passer pour mon conseiller au tel", {"phishing_impersonation"}),
    ("virement jamais arrivé, c'est la 3e fois", {"bank_transfer"}),
    ("mon compte a été hacké", {"account_takeover"}),
    ("toujours pas reçu ma commande", {"late_delivery"}),
    ("colis marqué comme livré mais je n'ai rien reçu", {"lost_parcel"}),
    ("Our CEO was misquoted in a Reuters news story", {"executive_leadership", "media_coverage"}),
    ("un contrôleur m'a verbalisé alors que j'avais mon pass", {"fare_inspection_fines"}),
    ("La Voix du Nord veut une réaction sur la panne", {"media_coverage"}),
    ("Paris Match nous appelle à propos de l'agence de Vannes", {"media_coverage"}),
    ("The Wall Street Journal is asking about the layoffs", {"media_coverage"}),
    ("Les salariés se mettent en grève lundi", {"strike_union"}),
    ("Data breach: customer passwords are for sale on the dark web", {"data_breach"}),
    ("La crème m'a donné des rougeurs et des démangeaisons", {"product_injury"}),
    # healthcare
    ("8h d'attente aux urgences, des patients sur des brancards dans le couloir", {"emergency_department"}),
    ("Impossible d'avoir un rendez-vous chez le spécialiste avant l'automne", {"medical_appointment"}),
    ("Ma fille est sur liste d'attente pour une IRM", {"medical_waiting_list", "medical_records"}),
    ("La sage-femme a été adorable pendant mon accouchement", {"maternity_birth"}),
    ("Les horaires de visite ont encore changé, impossible de voir mon père hospitalisé", {"hospital_stay"}),
    ("On m'a facturé un dépassement d'honoraires et ma mutuelle refuse de payer", {"patient_billing"}),
    ("Comment obtenir une copie de mon dossier médical ?", {"medical_records"}),
    ("Chambre sale et draps jamais changés pendant tout le séjour", {"hospital_hygiene"}),
    ("Encore un service fermé faute de personnel, les soignants sont épuisés", {"healthcare_staffing"}),
    ("My brother was sectioned under the Mental Health Act last night", {"mental_health"}),
    ("Le VSL n'est jamais venu me chercher pour ma dialyse", {"patient_transport"}),
    ("I would like to take part in a clinical trial", {"clinical_research"}),
    ("Je souhaite faire un legs testamentaire à la fondation de l'hôpital", {"donation_fundraising"}),
    ("Where can I give blood near the hospital?", {"organ_blood_donation"}),
    ("Je veux saisir la commission des usagers", {"patient_relations"}),
    # public services and local government
    ("Il me faut un acte de naissance pour le dossier de mariage", {"civil_status"}),
    ("Toujours pas de créneau pour renouveler ma carte d'identité", {"identity_documents"}),
    ("Mon voisin a construit un garage sans permis de construire", {"planning_permits", "neighbour_dispute"}),
    ("La taxe foncière a encore augmenté cette année", {"local_taxes"}),
    ("Les poubelles n'ont pas été ramassées depuis lundi", {"waste_collection"}),
    ("Huge pothole on our street and the pavement is cracked", {"roads_potholes"}),
    ("Le lampadaire devant chez moi est en panne depuis une semaine", {"street_lighting"}),
    ("Le menu de la cantine n'a rien d'équilibré", {"school_services"}),
    ("Aucune place en crèche pour la rentrée", {"childcare_nursery"}),
    ("Quand a lieu le prochain conseil municipal ?", {"local_council"}),
    ("Comment m'inscrire sur les listes électorales ?", {"elections_voting"}),
    ("Ma voiture a été mise en fourrière sans prévenir", {"city_mobility"}),
    ("Ma grand-mère a besoin d'une aide à domicile, le CCAS peut-il aider ?", {"social_services"}),
    ("Rodéos urbains tous les soirs, que fait la police municipale ?", {"municipal_police"}),
    ("Tapage nocturne tous les week-ends dans la rue", {"noise_nuisance"}),
    ("Les jeux pour enfants du parc sont cassés", {"parks_green_spaces"}),
    ("Quel est le prix d'une concession funéraire au cimetière ?", {"cemetery_funeral"}),
    # education and universities
    ("Toujours aucune proposition sur Parcoursup", {"admissions_enrolment"}),
    ("Les notes des partiels ne sont toujours pas publiées", {"exams_grades"}),
    ("Ma bourse du CROUS n'est toujours pas versée", {"tuition_scholarships"}),
    ("Ma chambre CROUS est infestée de cafards", {"student_housing", "hygiene_pests"}),
    ("Prof absent depuis trois semaines et toujours non remplacé", {"teaching_classes"}),
    # housing and social landlords
    ("Nouvelle hausse de loyer alors que les charges locatives explosent", {"rent_charges"}),
    ("Fuite au plafond de la salle de bain et le plombier n'est jamais venu", {"housing_repairs"}),
    ("Mes voisins font la fête toutes les nuits, c'est infernal", {"neighbour_dispute"}),
    ("Plus d'eau chaude depuis trois jours, la chaudière est en panne", {"heating_hot_water"}),
    ("L'ascenseur est encore en panne et j'habite au huitième", {"lift_breakdown"}),
    ("Black mould all over the bedroom walls, the damp is making my kids ill", {"damp_mould"}),
    ("Ma demande de logement social n'avance pas depuis des années", {"social_housing_allocation"}),
    ("Je conteste l'état des lieux de sortie", {"tenancy_lease"}),
    ("Les parties communes ne sont jamais nettoyées", {"building_common_areas"}),
    ("Mes points n'ont pas été crédités, la caissière a oublié de scanner ma carte", {"loyalty_points_issue"}),
    ("Commande drive incomplète, il manquait la moitié des produits", {"drive_click_collect"}),
    ("Plus aucun créneau de livraison pour mes courses cette semaine", {"grocery_home_delivery"}),
    ("Yaourts périmés en rayon ce matin au magasin de Lyon", {"expiry_date"}),
    ("Encore de la réduflation : paquet plus petit, même prix", {"price_rise_shrinkflation"}),
    ("Le prospectus promo annonçait -30% mais remise non appliquée en caisse", {"promo_catalogue"}),
    ("Les agriculteurs en colère bloquent l'entrepôt et dénoncent les marges arrière", {"farmers_fair_price"}),
    ("Vol annulé, AirHelp dit que j'ai droit à une indemnisation EU261", {"flight_compensation"}),
    ("My suitcase never arrived, where do I file the property irregularity report?", {"luggage_issue"}),
    ("Refusé à l'embarquement alors que j'avais mon billet, vol surbooké", {"denied_boarding_overbooking"}),
    ("Draps tachés et cheveux dans la douche, chambre crasseuse", {"hotel_room_condition"}),
    ("The rental company charged me for scratches that were already there", {"car_rental"}),
    ("Reçu un courrier de rappel constructeur pour les airbags Takata", {"vehicle_recall"}),
    ("Voiture en panne sur l'autoroute, ça fait 2h qu'on attend la dépanneuse", {"breakdown_assistance"}),
    ("Toutes les bornes de recharge de l'aire sont hors service", {"ev_charging"}),
    ("Trottinettes mal garées partout sur le trottoir devant l'école", {"shared_mobility"}),
    ("Le technicien n'est jamais venu pour le raccordement fibre", {"installation_appointment"}),
    ("Facture estimée délirante alors que j'envoie mon index tous les mois", {"utility_bill_dispute"}),
    ("Zone blanche dans tout le village, les appels coupés sans arrêt", {"network_coverage"}),
    ("Menace de coupure pour impayé en pleine trêve hivernale", {"disconnection_debt"}),
    ("Netflix keeps buffering and the picture is pixelated", {"streaming_outage"}),
    ("Wrongly banned for cheating, I never used an aimbot", {"cheating_bans"}),
    ("Mon fils a dépensé 300 € en achats intégrés sans mon autorisation", {"in_game_purchases"}),
    ("Billet de match jamais reçu alors que le match est samedi", {"event_ticketing"}),
    ("Fumigènes et envahissement de terrain, les stadiers débordés", {"stadium_safety"}),
    ("Toujours pas de reçu fiscal pour mes dons de l'an dernier", {"donation_receipt"}),
    ("Je voudrais devenir bénévole le week-end", {"volunteering"}),
    ("Les recruteurs de rue de votre ONG sont trop insistants", {"fundraising_campaign"}),
    ("Le mercato est catastrophique, l'entraîneur doit partir", {"club_sport_performance"}),
    ("Hooligans attacked the away coach after the match", {"fan_violence"}),
    # a bank's and a transport network's trials
    ("Des débits que je reconnais pas sur mon relevé", {"unauthorised_transaction"}),
    ("payments I don't recognise on my statement", {"unauthorised_transaction"}),
    ("our public website got defaced this morning", {"cyberattack"}),
    ("le site défiguré par des hackers ce matin", {"cyberattack"}),
    ("Ma manager me rabaisse devant toute l'équipe", {"harassment"}),
    ("Date de détachement du coupon cette année ?", {"investor_relations"}),
    ("Moody's, l'agence de notation, va revoir la note", {"investor_relations"}),
    ("un sac oublié dans le bus 7 ce matin", {"travel_disruption"}),
    ("I left my laptop on the metro this morning", {"travel_disruption"}),
    ("des jeunes caillassent les bus tous les soirs", {"security_emergency"}),
    ("le chauffeur a refusé de sortir la rampe pour mon déambulateur", {"accessibility"}),
    ("Tracfin nous demande des informations sur un compte", {"compliance"}),
    ("Une instagrameuse avec 300k abonnés propose une vidéo", {"influencer"}),
    # an insurer's trial
    ("vous remboursez combien pour une couronne dentaire ?", {"patient_billing"}),
    ("mes lunettes de vue ne sont toujours pas remboursées", {"patient_billing"}),
    ("mon plafond trempé à cause du voisin du dessus", {"insurance_claim"}),
    ("Pouvez-vous m'envoyer une copie des infos qu'on détient sur elle ?", {"gdpr_request"}),
    ("SMS reçu : cliquez sur ce lien pour votre remboursement", {"phishing_impersonation"}),
    ("La médiathèque du centre est fermée depuis lundi", {"libraries_culture"}),
    ("Is the public library open on Sundays?", {"libraries_culture"}),
    ("Le gymnase est fermé pour travaux, les créneaux du gymnase sont annulés", {"sports_facilities"}),
    ("The leisure centre pool has no lifeguard today", {"sports_facilities"}),
    ("Est-ce que ces flacons se recyclent ?", {"packaging_waste"}),
    ("Le container à verre de la rue déborde", {"waste_collection"}),
    ("Il veut construire une véranda, il faut une autorisation ?", {"planning_permits"}),
    ("Elle veut se marier à la mairie en juin", {"civil_status"}),
    ("Je reçois encore vos mails alors que je me suis désabonné", {"unwanted_marketing"}),
    ("Who has the quarterly revenue figures?", {"financial_results"}),
    ("Le colis est arrivé, couvercle cassé, ça a coulé dans le carton", {"damaged_parcel"}),
    ("Elle se fait insulter par son chef tous les jours", {"harassment"}),
    ("Il veut tout ce que vous avez sur lui", {"gdpr_request"}),
    ("Send me all the information you have about me", {"gdpr_request"}),
    ("Des tags partout et des crottes de chien sur les trottoirs sales", {"street_cleaning"}),
    ("Un trou énorme dans la chaussée avenue Foch", {"roads_potholes"}),
    ("Elle voudrait des repas livrés à domicile après l'hôpital", {"social_services"}),
    ("Mon colis est bloqué à la poste depuis 8 jours", {"late_delivery", "delivery"}),
    ("Production server crashed again this night", {"hosting_infrastructure"}),
    ("Le tapis de tri est à l'arrêt depuis 6h", {"warehouse_supply_chain"}),
    ("Les camions tournent au ralenti devant l'école, gaz d'échappement partout", {"pollution"}),
    ("Le colis est indiqué distribué mais la boîte aux lettres est vide", {"lost_parcel"}),
    ("He wants us to erase everything we hold about him", {"gdpr_request"}),
    ("L'amicale des locataires demande une réunion", {"tenant_participation"}),
    ("La tour 3 sera démolie, qui s'occupe du relogement des familles ?", {"construction_renewal", "social_housing_allocation"}),
    ("Un échafaudage est tombé sur le chantier de rénovation", {"construction_renewal"}),
    ("Ils veulent échanger leurs appartements, on est 6 dans un T2 et on veut un logement plus grand", {"social_housing_allocation"}),
    ("Des jeunes squattent le hall et l'interphone est cassé", {"building_common_areas"}),
    ("Il faudrait une douche de plain-pied pour une locataire en fauteuil", {"accessibility"}),
    ("Who handles tenants who are behind on their rent?", {"rent_charges"}),
]


@pytest.fixture(scope="module")
def engine_compiled(thesaurus):
    text = pytest.importorskip("knowledge.text")

    def first_stems(value: str) -> list[str]:
        return [token.keys[0] for token in text.analyse(value)]

    return thesaurus.compile(first_stems), first_stems


@pytest.mark.parametrize(("message", "concepts"), PARAPHRASES, ids=[m for m, _ in PARAPHRASES])
def test_everyday_wording_reaches_its_concepts(engine_compiled, message, concepts):
    compiled, normalise = engine_compiled
    assert concepts <= set(compiled.lookup(normalise(message)))


def test_small_talk_reaches_no_concept_with_the_engine_normaliser(engine_compiled):
    compiled, normalise = engine_compiled
    for message in ("Bonjour, on se voit demain pour le déjeuner ?", "Thanks, see you at lunch tomorrow!"):
        assert compiled.lookup(normalise(message)) == {}, message


def test_no_term_vanishes_in_the_engine_normaliser(engine_compiled):
    compiled, _ = engine_compiled
    assert compiled.empty_terms == []


# --- registry synonyms ---------------------------------------------------------------------------


def test_extend_adds_terms_to_a_concept_by_id(thesaurus):
    extended = thesaurus.extend({"atm_cash": ["tirette"]})
    compiled = extended.compile(simple_normalise)
    assert compiled.lookup(["tirette"]) == {"atm_cash": 1.0}
    assert "tirette" not in thesaurus.concepts["atm_cash"].terms  # the built-in one is untouched


def test_extend_by_a_known_word_reaches_the_concepts_that_have_it(thesaurus):
    extended = thesaurus.extend({"DAB": ["automate de retrait"]})
    assert "automate de retrait" in extended.concepts["atm_cash"].terms


def test_extend_with_an_unknown_word_creates_a_registry_concept(thesaurus):
    extended = thesaurus.extend({"carte grise": ["certificat d'immatriculation"]})
    concept = extended.concepts["carte grise"]
    assert concept.terms == ["carte grise", "certificat d'immatriculation"]
    compiled = extended.compile(simple_normalise)
    assert compiled.lookup(simple_normalise("Perte de mon certificat d'immatriculation"))["carte grise"] == 1.0
    assert "carte grise" not in thesaurus.concepts


def test_bad_synonyms_are_refused_with_their_place(thesaurus):
    with pytest.raises(ThesaurusInvalid) as caught:
        thesaurus.extend({"refund": "remboursé", "recall": ["", "rappel"]})
    message = str(caught.value)
    assert "settings.synonyms.refund: expected a list of terms" in message
    assert "settings.synonyms.recall[0]" in message


# --- a bad file ----------------------------------------------------------------------------------


def test_a_small_valid_file_loads(tmp_path):
    thesaurus = load_thesaurus(write(tmp_path, GOOD))
    assert set(thesaurus.concepts) == {"data_breach", "phishing"}
    assert thesaurus.concepts["phishing"].terms == ["hameçonnage", "faux site", "phishing"]


def test_unknown_key_names_file_line_and_field(tmp_path):
    path = write(tmp_path, GOOD.replace("    related: [phishing]", "    realted: [phishing]"))
    with pytest.raises(ThesaurusInvalid) as caught:
        load_thesaurus(path)
    assert str(caught.value).splitlines()[1] == (
        f"{path}:11: concepts[0].realted: unknown key (allowed: id, domain, label_fr, label_en, fr, en, related)"
    )


def test_duplicate_ids_unknown_related_and_repeated_terms_are_all_reported(tmp_path):
    text = GOOD.replace("id: phishing", "id: data_breach").replace("fr: [hameçonnage, faux site]",
                                                                  "fr: [hameçonnage, Hameconnage]")
    with pytest.raises(ThesaurusInvalid) as caught:
        load_thesaurus(write(tmp_path, text))
    messages = [p.message for p in caught.value.problems]
    assert any("duplicate concept id 'data_breach'" in m for m in messages)
    assert any("unknown concept 'phishing'" in m for m in messages)
    assert any("term 'Hameconnage' repeats fr[0]" in m for m in messages)
    assert {p.line for p in caught.value.problems} == {11, 12, 16}  # related, second id, repeated term


def test_a_concept_without_english_terms_is_refused(tmp_path):
    with pytest.raises(ThesaurusInvalid) as caught:
        load_thesaurus(write(tmp_path, GOOD.replace("    en: [phishing]\n", "")))
    assert "concepts[1].en: required key is missing" in str(caught.value)


def test_broken_yaml_and_missing_file_are_clear(tmp_path):
    with pytest.raises(ThesaurusInvalid) as caught:
        load_thesaurus(write(tmp_path, GOOD.replace("fr: [fuite de données]", "fr: [fuite de données")))
    assert "not valid YAML" in str(caught.value)
    assert caught.value.problems[0].line is not None
    with pytest.raises(ThesaurusInvalid, match="cannot read the file"):
        load_thesaurus(tmp_path / "nowhere.yaml")
    with pytest.raises(ThesaurusInvalid, match="the file is empty"):
        load_thesaurus(write(tmp_path, "# nothing yet\n"))


@pytest.mark.parametrize("text, wrong", [
    ("On va passer par un livreur différent demain", "phishing_impersonation"),
    ("Pouvez-vous passer à la banque demain ?", "phishing_impersonation"),
    ("Le support client ne répond plus", "supporters_relations"),
    ("La production de l'usine de Nantes a repris", "hosting_infrastructure"),
    ("Une découverte intéressante dans le rapport annuel", "bank_account"),
    ("Pouvez-vous poursuivre la discussion demain ?", "lawsuit_threat"),
    ("Le contenu de la newsletter est prêt", "moderation_troll"),
    ("Je suis en train de regarder ça", "transport_network"),
    ("The toilets near the fish counter are out of order", "online_order"),
    ("Le client menace de partir chez un concurrent", "threat_against_staff"),
    ("On se voit la veille au soir pour préparer", "e_reputation"),
    ("La fibre est arrivée dans notre rue", "telecom_outage"),
    ("Je suis épuisée après ce vol de nuit", "stock_shortage"),
    ("J'ai racheté un billet chez la concurrence", "mergers_acquisitions"),
    ("La commande est partie hier soir", "sales_inquiry"),  # "bon de commande" was just "commande"
    ("Quelle est la date de fermeture des inscriptions ?", "store"),  # "heure de fermeture"
    ("Can I get a quote from your spokesperson?", "sales_inquiry"),  # "get a quote"
    ("Our shop sign has been defaced overnight", "cyberattack"),  # a sign, not a website
    ("Il a fallu la force brute pour ouvrir la porte du magasin", "cyberattack"),
    ("How do I share my location with the driver?", "personal_data"),
    ("crue de la Brèche : l'eau monte rue Basse", "data_breach"),  # a river, a gap in a wall
    ("le container à verre de la place du marché déborde", "partner_program"),  # a town square
    ("le container à verre de la place du marché déborde", "street_cleaning"),  # collection, not cleaning
    ("nos bureaux sont au rez-de-chaussée", "roads_potholes"),  # a ground floor, no roadway
    ("je l'ai envoyé par la poste hier", "social_media"),  # the postal service, no social post
    ("le livreur a jeté le colis par-dessus le portail", "website_app"),  # a gate, no web portal
    ("l'eau coule du plafond de la chambre", "card_issue"),  # a ceiling, no card limit
    ("l'agence de Nantes ne répond plus", "bank_branch"),  # a travel, parcel, housing or job agency too
    ("Je prépare un papier pour la CAF", "journalist_inquiry"),  # a form, not a press article
    ("Le tapis roulant de la salle de sport est en panne", "warehouse_supply_chain"),
    ("La douchette de ma douche fuit", "internal_it"),
    ("Nos services tournent au ralenti pendant le mois d'août", "pollution"),
    ("Je voudrais donner procuration à mon fils sur mon compte", "elections_voting"),
    ("The Python library for your API is broken", "libraries_culture"),
    ("On s'est fait démolir dans les commentaires", "construction_renewal"),
    ("Ma piscine hors-sol est arrivée percée", "sports_facilities"),
    ("Je vais me marier en juin, vous faites des robes sur mesure ?", "civil_status"),
])
def test_a_phrase_reduced_to_an_everyday_word_does_not_evoke_its_concept(thesaurus, text, wrong):
    """Stop words shrink some phrases to one word ("se font passer pour nous" -> "passer"): such
    phrases are left out, or every text using the everyday word would evoke the concept."""
    from knowledge.concept_index import concept_index

    index = concept_index(thesaurus)
    evoked = {index.concepts[n].id for n in index.concepts_of(text)}
    assert wrong not in evoked, evoked


def test_a_term_whose_meaning_is_in_a_small_word_evokes_its_concept_only_half(thesaurus):
    """"network down" is read as "network" ("down" is skipped): the outage concept stays a
    possibility for any network, at half the strength of a term read in full."""
    from knowledge.concept_index import concept_index

    index = concept_index(thesaurus)
    outage = index.number["telecom_outage"]
    any_network = index.concepts_of("We are hiring for the network team").get(outage, 0.0)
    assert 0 < any_network <= 0.5 * index.concepts_of("network outage in Lyon")[outage]


def test_buying_a_ticket_is_no_fine(thesaurus):
    from knowledge.concept_index import concept_index

    index = concept_index(thesaurus)
    evoked = {index.concepts[n].id for n in index.concepts_of("je voudrais acheter un ticket de bus")}
    assert "ticketing" in evoked and "fare_inspection_fines" not in evoked


@pytest.mark.parametrize("text", ["toute la rue est dans le noir depuis 6h", "tout le quartier privé de courant depuis l'orage",
                                  "we've been without power since this morning"])
def test_a_power_cut_said_in_everyday_words_is_an_energy_matter(thesaurus, text):
    from knowledge.concept_index import concept_index

    index = concept_index(thesaurus)
    assert index.number["energy_water"] in index.concepts_of(text)


def test_a_word_of_one_language_is_not_met_by_a_term_of_the_other_that_stems_alike(thesaurus):
    from knowledge.concept_index import concept_index
    from knowledge.concepts import ConceptSignal
    from knowledge.lexicon import Lexicon
    from knowledge.models import Registry

    index = concept_index(thesaurus)
    registry = Registry.model_validate({
        "version": 1, "settings": {"triage_department": "ops"}, "people": {"U0A": {"name": "A"}},
        "departments": [{"id": "ops", "name": "Ops", "owner": "U0A"},
                        {"id": "bank", "name": "Bank branches", "owner": "U0A", "keywords": ["bank branch"]}]})
    signal = ConceptSignal(registry, index, lambda keys: 1.0)
    lexicon = Lexicon(parent=index.lexicon)
    branch = index.number["bank_branch"]
    # French "brancher" (to plug in) stems like the English "branch"; only the English word is one
    assert branch not in signal.evoke(lexicon.read("Impossible de brancher la voiture sur la borne"))
    assert branch in signal.evoke(lexicon.read("The Lyon branch is closed on Saturdays"))
    assert branch in signal.evoke(lexicon.read("L'agence bancaire de Lyon est fermée le samedi"))
    # a French term that the word lists only know as English is met by that very word
    buzz = index.number["viral_buzz"]
    bashing = ConceptSignal(registry.model_copy(update={"departments": [
        *registry.departments, registry.departments[1].model_copy(update={"id": "buzz", "keywords": ["bad buzz"]})]}),
        index, lambda keys: 1.0)
    seen = bashing.evoke(lexicon.read("un bashing en règle sur Twitter")).get(buzz)
    assert seen is not None and seen.source == buzz and "bashing" in seen.words, seen


@pytest.mark.parametrize("text", ["France 3 Occitanie voudrait filmer l'entrepôt", "vu sur France 2 hier soir",
                                  "une journaliste de France 24"])
def test_a_channel_named_with_a_number_is_a_newspaper(thesaurus, text):
    from knowledge.concept_index import concept_index

    index = concept_index(thesaurus)
    assert index.number["media_coverage"] in index.concepts_of(text)


@pytest.mark.parametrize("text", ["On livre partout en France", "un client de Nice", "c'est libre à midi",
                                  "J'entends des échos sur la ligne pendant mes appels",
                                  "dans l'ouest de la France", "the financial times of the year",
                                  "je suis allé en France 3 fois cette année", "la France 2 fois championne"])
def test_a_place_or_a_time_alone_names_no_newspaper(thesaurus, text):
    from knowledge.concept_index import concept_index

    index = concept_index(thesaurus)
    assert index.number["media_coverage"] not in index.concepts_of(text)


@pytest.mark.parametrize("text", ["Un type se fait passer pour notre conseiller au téléphone",
                                  "Des escrocs se font passer pour nous sur Facebook",
                                  "un faux livreur se faisant passer pour La Poste"])
def test_posing_as_someone_is_read_as_one_word(thesaurus, text):
    from knowledge.concept_index import concept_index

    index = concept_index(thesaurus)
    assert "phishing_impersonation" in {index.concepts[n].id for n in index.concepts_of(text)}
