"""The wording of the incidents of the severity rubric that put someone or something at risk: legal
threats, harm and accidents, leaks and hacked accounts, threats against staff, in French and
English (``knowledge.severity`` rates a message with them; what makes a mention public or
sensitive is in ``knowledge.severity_public``).

Each rule is a list of whole-word alternatives read on the cleaned, accent-folded text
(``knowledge.text.prepare``); ``knowledge.alternations`` compiles them and lets a text skip every
rule whose words it lacks. A pattern here must name the incident itself, not an everyday phrase
that shares its words: tests/knowledge/test_severity.py lists sentences that must stay normal.
"""
from __future__ import annotations

import re

from knowledge.alternations import rx as _rx  # the name the rules were written with


LAWYER_OR_COURT = _rx(
    r"avocats?", r"avocates?", r"tribunal", r"tribunaux", r"assignations?", r"assigner", r"assigne",
    r"(?:devant|au|le|du|un|les|des) juges?", r"en justice", r"la justice", r"proces", r"huissiers?",
    r"porter plainte", r"porte plainte", r"deposer plainte", r"depose plainte", r"plainte contre",
    r"plainte au penal", r"action (?:collective|de groupe|en justice)", r"prud'?hommes",
    r"mon conseil (?:prepare|a envoye|va)", r"lawyers?", r"attorneys?", r"solicitors?", r"court(?![- ]circuit)",
    r"sue", r"suing", r"sued", r"lawsuits?", r"legal action", r"class action", r"small claims",
    r"mises? en demeure", r"poursuites? (?:judiciaires?|en justice)", r"poursuivre en justice",
    r"(?:vous|te|les) poursuivre", r"(?:on|je|nous|ils) (?:vous|te) poursui\w+", r"recours collectif",
    r"devant le (?:ta|tribunal administratif)", r"(?:saisir|saisirons|saisira|saisi|saisit|devant) le tj\b",
    # a lawyer's own words ("je représente Mme K., dont…"; not "je représente la société X au salon")
    r"je represente les interets d",
    r"(?:je represente|nous representons) (?:mme|m|mlle|monsieur|madame|mon client|ma cliente|mes clients)\b(?=[^!?]{0,80}?"
    r"\b(?:refus\w*|litige|prejudice|contest\w*|plainte|licencie\w*|victime|abusi\w*|resilie\w*))",
    r"(?:i|we) represent (?:mrs?|ms|miss|my client|our client)\b(?=[^!?]{0,80}?\b(?:whose|who was|claim|denied|refused|dispute|injur\w*|dismiss\w*|victim))",
    r"attaquer (?:la|cette|notre|votre|leur|sa) decision (?:[\w']+ ){0,5}(?:devant|en justice|au tribunal)",
    r"cease and desist", r"formal notice", r"subpoena\w*", r"injunctions?", r"injonctions?", r"refere",
    r"juridiquement", r"legal proceedings", r"take (?:you|this|it) to court",
    r"sais\w* (?:ses|mes|nos|leurs|son|mon) (?:conseils|avocats?)", r"(?:a|ont|j'ai|avons) saisi la justice",
    r"(?:retained|hired|instructed) (?:a |our |my |his |her |their )?(?:counsel|lawyers?|solicitors?|attorneys?)",
    # a claim said without the word "justice": who sues over what, a hearing's date, a letter from counsel
    r"(?:nous|vous|les|l'|la|le) (?:attaque(?:nt|ra|ront|rait)?|attaquer|ont attaque\w*|a attaque\w*) pour (?:trouble de jouissance|trouble anormal|prejudice|"
    r"diffamation|licenciement|harcelement|discrimination|rupture abusive|vice cache|concurrence deloyale|contrefacon)",
    r"audiences? (?:\w+ ){0,3}(?:au tribunal|devant (?:le|la) (?:juge|tribunal|cour)|aux prud'?hommes)", r"audience (?:est )?fixee au \d",
    r"(?:courrier|lettre|mail) de son (?:conseil|avocat|avocate)(?! (?:municipal|d'administration|de quartier|des jeunes|syndical|de classe))",
)
# A child put in danger by an adult: critical, and no product's harm either.
CHILD_SAFETY = _rx(
    r"grooming", r"p(?:a)?edophil\w*", r"pedocriminel\w*", r"child predators?", r"predateurs? sexuels?",
    r"asking (?:\w+ ){0,4}(?:son|daughter|kid|child|children|minor|boy|girl)s? for (?:pics|photos|pictures|nudes)",
    r"(?:messag\w*|dm\w*|texting|contact\w*) (?:my |our |a |her |his |their )?(?:\d+ ?(?:yo|year old|years old) )?"
    r"(?:son|daughter|kid|child|children|minor|boy|girl)s? (?:\w+ ){0,2}(?:asking|asks|asked) (?:\w+ )?for (?:pics|photos|pictures|nudes)",
    r"demande (?:\w+ ){0,4}(?:photos?|nudes) (?:\w+ ){0,4}(?:mon fils|ma fille|un enfant|une enfant|un mineur|une mineure|des enfants|des mineurs)",
)
# A person who may take their own life, hurt themselves or is in distress: harm, but no product's
# (no hint of one).
SELF_HARM = _rx(
    r"suicid\w*", r"automutilations?", r"scarifications?", r"self-harm\w*", r"self harm\w*",
    r"idees noires", r"mettre fin a (?:mes|ses|leurs|tes|vos) jours", r"(?:me|se|te) foutre en l'air", r"en detresse",
    # the pronoun is the person ("je vais me tuer", "il menace de se tuer"; "il va me tuer" is a threat)
    r"(?:je|j') ?(?:vais|veux|voulais|voudrais|vais finir par|ai envie de) me tuer", r"envie de me tuer",
    r"(?:va|veut|voulait|voudrait|menace de|essaye de|essaie de|tente de|a tente de) se tuer", r"(?:vas|veux) te tuer",
    r"kill (?:myself|himself|herself|themselves|yourself)", r"end (?:my|his|her|their|your) (?:own )?life",
    r"take (?:my|his|her|their|your) own life", r"hurt (?:myself|himself|herself|themselves)",
    # wanting it to end, a farewell letter
    r"(?:veut|voulait|veux|voudrait|voudrais|va|vais|allait|a envie d'|avait envie d'|parle d')[ \"]*en finir"
    r"(?=\"? *$|\"? *[.,;:!?]|\"?  |\" | avec (?:la|sa|ma|leur) vie| avec tout\b)",
    r"lettre d'adieu(?! (?:a|au|aux) )(?![^.!?]{0,40}(?:retraite|depart|pot|equipe|collegues))", r"plus envie de vivre",
    r"(?:no longer|doesn't|does not|don't) want to live(?= *(?:$|[.,;:!?]|anymore|any more))",
    r"suicide note", r"(?:wants?|wanted) to end it all\b",
    r"(?:ne )?vois (?:plus|pas|aucune) (?:de )?raisons? de vivre", r"(?:plus|aucune) raison de vivre",
    r"(?:no|any) reasons? (?:left )?to live\b",
    r"(?:j'ai|je n'ai|j'n'ai|je tiens|je ne tiens|j'en peux|je n'en peux) plus\b[^!?]{0,80}?"
    r"(?:raisons? de continuer|comment continuer|c'est la fin)(?= *(?:$|[.,;:!?»\"]))",
)
# "mourir de rire", "died laughing": a feeling, no death
_OF_A_FEELING_FR = r"(?! (?:de|d') ?(?:rire|honte|ennui|peur|impatience|envie|fatigue))"
_OF_A_FEELING_EN = r"(?! laughing| of (?:laughter|embarrassment|shame|boredom))"
# someone taken, sent or kept there: the hospital as where a bus goes or where one works is no harm
_TAKEN_TO_HOSPITAL_FR = (r"(?:fini|finit|finir|emmene|emmenee|emmenes|emmenees|transporte|transportee|transportes|transportees|"
                         r"conduit|conduite|conduits|envoye|envoyee|envoyes|admis|admise|admises|evacue|evacuee|evacues|amene|"
                         r"amenee|amenes|atterri|retrouve|retrouvee|retrouves|termine|terminee|passe la nuit|passer la nuit|"
                         r"est|etait|sont|etaient|reste|restee|garde|gardee|file|filer|foncer|fonce|partie?s?|aller) "
                         r"(?:d'urgence |en urgence |direct |directement )?(?:a l'|vers l'|en |a )hopital")
_TAKEN_TO_HOSPITAL_EN = (r"(?:taken|rushed|admitted|sent|went|go|going|ended up|landed|is|was|were|been|airlifted|transported|"
                         r"kept|spent the night|stayed) (?:back )?(?:to|in|into|at) (?:the |a )?hospital(?! (?:stop|road|station|street|car park|parking))")
# Where care is given: harm, in an organisation whose business is something else ("hospitalisé
# après avoir mangé votre produit"), and the business itself in one that gives care.
CARE_SETTING = _rx(
    r"hospitalise(?:e|s|es)?", r"hospitalisation", _TAKEN_TO_HOSPITAL_FR, r"aux urgences", r"pompiers", r"samu",
    r"ambulances?", _TAKEN_TO_HOSPITAL_EN, r"ambulance", r"hospitali[sz]ed", r"hospitali[sz]ation",
    r"emergency room", r"(?:went|taken) to (?:the )?(?:er|a&e)",
    # a person who depends on a machine at home (a power cut is then a danger)
    r"(?:sous|branchee? (?:a|sur) (?:un|une|son|sa)) (?:respirateur|oxygene|concentrateur d'oxygene|assistance respiratoire|dialyse)",
    r"(?:is|was|are|were|depends|relies|dependent) on (?:a |an |home |his |her )?(?:ventilator|oxygen concentrator|home oxygen|dialysis machine)",
    r"on (?:a ventilator|home oxygen|oxygen at home)",
)
# What an organisation that gives care calls its own departments (see SeverityRater's business).
CARE_BUSINESS = _rx(
    r"hopital", r"hopitaux", r"cliniques?", r"chu", r"ehpad", r"maisons? de retraite", r"urgences", r"maternite",
    r"soins", r"patients?", r"hospital", r"hospitals", r"clinics?", r"care homes?", r"nursing homes?",
    r"emergency department", r"a&e", r"maternity", r"patient care",
)
# Someone died; unless what "died" is a thing, said just before (THING_BEFORE): "my phone died",
# "la batterie est morte", "le serveur est mort depuis ce matin" are breakdowns.
DIED = _rx(r"est mort(?:e)?" + _OF_A_FEELING_FR, r"sont morts", r"sont mortes", r"died" + _OF_A_FEELING_EN, r"is dead")
# burnt: a person, not a thing ("sa voiture a brûlé", "le chargeur a brûlé"), read like DIED
BURNT = _rx(r"(?<!creme )(?<!cremes )(?<!\bde )brule(?:e|s|es)?"
            r"(?! (?:[\w']+ ){0,2}(?:feux?|stop|etapes|calories|cartouches?|budget|stock|enveloppe|chemises?|linge|vetements?|tissus?)\b)")
# ...what burns in a kitchen or a circuit too
_BURNT_THING = re.compile(r"\b(?:roti|gateaux?|plats?|pizzas?|pain|repas|tarte|sauce|frites|toasts?|carte mere|cartes meres|graphique|"
                          r"repasser|maison|appartement|immeuble|entrepot|fusibles?|cables?|"
                          r"ampoules?|composants?|transfos?|transformateurs?|alimentations?|resistances?|roast|cake|"
                          r"fuses?|bulbs?|motherboards?)\b(?:\W+\w+)?\W*$")
THING_BEFORE = re.compile(
    # the thing is what died, not how someone travelled ("un homme à vélo est mort", "a man on a bike died")
    r"(?<!\ba )(?<!\ben )(?<!\bon )(?<!\bby )(?<!\bin )(?<!\bsur )(?<!\bdans )(?<!\bpar )"
    r"\b(?:telephones?|portables?|smartphones?|iphones?|batteries?|batterie|piles?|ordis?|ordinateurs?|pc|"
    r"ecrans?|applis?|applications?|tablettes?|chargeurs?|voitures?|moteurs?|box|imprimantes?|routeurs?|"
    r"serveurs?|frigos?|lampes?|trottinettes?|velos?|consoles?|manettes?|teles?|"
    r"phones?|laptops?|computers?|screens?|apps?|tablets?|chargers?|cars?|engines?|"
    r"printers?|routers?|servers?|fridges?|lamps?|scooters?|bikes?|headphones?|earbuds?|modems?|tvs?)"
    r"\b(?:\W+\w+)?\W*$"  # at most one word between ("ma lampe frontale est morte", "my phone literally died")
)
BURNT_THING_BEFORE = re.compile(f"(?:{THING_BEFORE.pattern})|(?:{_BURNT_THING.pattern})")
# ...unless a person is named just before: then the person is likely who died ("a man on one of
# your scooters died"); a breakdown read as a death costs less than a death read as a breakdown
KILLING_ME_BEFORE = re.compile(
    # "tuer" said of one's job, family or weather: "ce boulot va me tuer", "ma mère va me tuer", "ces
    # réunions vont nous tuer", "ça va me tuer"; anyone else keeps the threat ("il va me tuer", "le
    # client va me tuer", "son ex va me tuer", "a menacé de me tuer")
    r"\b(?:ca|(?:ce|cet|cette|ces|mon|ma|mes|ton|ta|tes|son|sa|ses|notre|nos|votre|vos) (?:\w+ )?"
    r"(?:boulot|travail|taf|job|attente|reunions?|chaleur|canicule|froid|stress|fatigue|rythme|semaine|journee|"
    r"projet|dossier|examens?|partiels?|bac|mere|pere|maman|papa|parents|chef|cheffe|patron|patronne|boss|manager|prof))"
    r" (?:\w+ )?(?:va|vont|allait|allaient|finira par|finiront par|va finir par|vont finir par) (?:me|nous) $"
    r"|\bm'a $"  # "X m'a tuer", the misspelt graffiti of a famous trial, quoted as a joke
)
PERSON_BEFORE = re.compile(
    r"\b(?:hommes?|femmes?|enfants?|bebes?|clients?|clientes?|cyclistes?|pietons?|passagers?|passageres?|"
    r"personnes?|quelqu'un|usagers?|usageres?|salaries?|salariees?|employes?|employees?|pere|mere|fils|fille|"
    r"mari|epouse|man|men|woman|women|child|children|kids?|baby|babies|customers?|riders?|cyclists?|"
    r"pedestrians?|passengers?|someone|somebody|person|people|employees?|workers?|father|mother|son|daughter|"
    r"husband|wife|boy|girl)\b"
)
_BODY = (r"(?:jambes?|bras|poignets?|chevilles?|nez|mains?|doigts?|orteils?|cotes?|clavicules?|hanches?|dents?|"
         r"machoires?|genoux|genou|epaules?|coudes?|crane|dos|arcades?|front|levres?|menton)")
_BODY_EN = (r"(?:arms?|legs?|wrists?|ankles?|nose|hands?|fingers?|toes?|ribs?|collarbones?|hips?|tooth|teeth|"
            r"jaws?|knees?|shoulders?|elbows?|skull|back|neck)")
_PERSON = (r"(?:pieton\w*|passant\w*|cycliste\w*|enfants?|gamins?|bebes?|homme|femme|personnes?|dame|monsieur|"
           r"motard\w*|usager\w*|voyageu\w*|passager\w*|eleves?|ado\w*|jeunes?|fils|fille|client\w*|quelqu'un)")
_STRUCK = r"(?:frappe|gifle|tabasse|roue de coups|mordu|etrangle|poignarde)"  # what one person did to another

# people one cannot reach after a disaster (family, students, staff; not a supplier, see HARM)
_PEOPLE_REACHED = (r"(?:fille|fils|mere|pere|parents|famille|enfants?|soeur|frere|mari|femme|epouse|grand-mere|grand-pere|"
                   r"etudiants?|etudiantes?|collaborat\w+|salaries?|salariees?|collegues?|employes?|equipes?|adherents?|"
                   r"voyageurs?|passagers?|daughter|son|mother|father|mum|mom|dad|family|kids|children|sister|brother|wife|"
                   r"husband|students?|colleagues?|staff|team)")
# not answering or not seen for days (said of an elderly person, see HARM)
_SILENT_FOR_DAYS = (r"[^.!?]{0,40}?(?:ne )?(?:repond plus|donne plus (?:de )?signe de vie|pas vue? depuis) (?:depuis )?"
                    r"(?:\d+|plusieurs|quelques|deux|trois|une semaine|lundi|mardi|mercredi|jeudi|vendredi)")
HARM = _rx(
    r"brule(?:e|s)? (?:la|le|les|sa|son|ses) (?:main|mains|bras|jambe|jambes|visage|doigts?|peau|pieds?|cuisses?|cou|dos|levres?)\b",
    r"(?:seisme|tremblement de terre|earthquake|attentats?|terrorist attack|tsunami|ouragan|cyclone|typhon|hurricane|typhoon)"
    r"(?=[^.!?]{0,200}?(?:(?:(?:(?:arrive|arrivent|arrivons|arrivez) (?:pas |plus )?a|impossible de) (?:la |le |les |l')?joindre|"
    r"sans nouvelles|pas de nouvelles|aucune nouvelle|no news|can't reach|cannot reach|unable to reach|haven't heard from|"
    r"not heard from) (?:de |d'|from |of )?(?:[\w'-]+ ){0,2}?" + _PEOPLE_REACHED + r"\b|"
    + _PEOPLE_REACHED + r" (?:[\w'-]+ ){0,3}?(?:sont|est|are|is) (?:toujours )?(?:injoignables?|unreachable)))",
    r"blesse(?:e|s|es)?", r"blessures?", r"intoxication", r"intoxique(?:e|s|es)?", r"malaises?",
    r"deces", r"decede(?:e|s|es)?",
    r"brulures?", r"electrocute(?:e|s|es)?", r"choc anaphylactique", r"reaction allergique",
    # a serious allergy said as such, in either language ("allergie grave" as "severe allergic reaction")
    r"allergies? (?:grave|severe|serieuse|violente)s?", r"(?:grave|severe|serieuse|violente|forte) (?:crise d')?allergie",
    r"severe allerg(?:y|ies)", r"oedemes? de quincke", r"angioedema",
    r"en danger", r"mise en danger", r"accident grave", r"grievement", r"(?<!exercice )(?<!exercices )(?<!exercice d')(?<!simulation )(?<!simulation d')incendie",
    r"injured", r"injury", r"injuries", r"hurt",
    r"poisoning", r"poisoned", r"death", r"burned", r"burns", r"electrocuted",
    r"allergic reaction", r"anaphylactic", r"unsafe", r"serious accident", r"fire broke out",
    r"nausees?", r"vomissements?", r"a vomi", r"ont vomi", r"nausea", r"vomiting", r"threw up",
    r"crises? d'epilepsie", r"convulsions?", r"seizures?", r"urgence vitale",
    r"blessures? graves?",
    # a near miss: someone was nearly hit, crushed or killed
    r"(?:a|ont|avons|ai|avait|avaient|j'ai|on a) (?:bien )?failli (?:se faire |me faire |nous faire |les faire |etre )?"
    r"(?:percuter|percute|percutee|percutes|ecraser|ecrase|ecrasee|ecrases|renverser|renverse|renversee|mourir|electrocuter|"
    r"electrocute|noyer|noye|noyee|bruler|brule|brulee|tuer|tue|tuee)\b" + _OF_A_FEELING_FR,
    r"(?:nearly|almost) (?:got |been |was |were )?(?:hit|run over|crushed|killed|electrocuted|drowned)\b"
    r"(?! (?:him|her|them|it|myself))",
    r"(?:a|ont|avait|avaient) saigne (?:du |de la |des |de l')(?:nez|front|visage|bras|pied|genou|crane|bouche|oreille|doigt|main|tete|jambe|arcade)",
    r"bleeding from (?:the|his|her|my|their|your|its) (?:head|nose|face|mouth|arm|leg|hand|ear|forehead|eye)",
    r"erreurs? medicales?", r"erreurs? de (?:dosage|dose|medicament|traitement|diagnostic|patient)", r"surdosage",
    r"mauvais (?:medicament|traitement|dosage)", r"(?:faute|negligence)s? medicales?", r"maltraitance",
    r"infections? nosocomiales?", r"escarres?", r"oubli(?:e|ee)? (?:une )?compresses?",
    r"medication errors?", r"wrong (?:dose|dosage|medication|drug|patient)", r"overdosed", r"medical (?:error|negligence|malpractice)",
    r"malpractice", r"mistreated", r"elder abuse", r"bed ?sores?", r"pressure ulcers?", r"hospital-acquired infection",
    r"(?:est|sont|etait|etaient) tombee?s? (?:de son lit|de (?:son|leur) fauteuil|du brancard|dans (?:sa|leur) chambre)",
    r"fell (?:out of (?:bed|her bed|his bed)|from (?:a|the|her|his) (?:bed|stretcher|wheelchair))",
    r"(?:morceaux?|bouts?|eclats?|debris) de (?:verre|metal|plastique dur)", r"(?:piece|pieces|shards?|bits?|fragments?) of (?:glass|metal) in",
    r"(?:une|des) aiguilles? dans (?:le|la|les|un|une|mon|ma|mes|son|sa|ses|du|de la|notre|votre) (?!botte)",
    r"needles? in (?:my|his|her|the|a|our|their|your) (?!haystack)", r"lames? de rasoir dans", r"razor blades? in",
    r"e\.? ?coli", r"listeria", r"listeriose", r"listeriosis", r"salmonell\w*", r"botulism\w*", r"botulique",
    # falling ill because of something (being ill is what patients are; "tombé malade, je reprends
    # rendez-vous" is not an incident)
    r"(?:tombe|tombes|tombee|tombees) malades? (?:apres|a cause|en mangeant|en buvant)",
    # several people of the public ill at once (not one's own sick day, not "malades de rire")
    r"(?:plusieurs|des dizaines de|une dizaine de|de nombreux|de nombreuses|beaucoup de) (?:habitants|riverains|clients|clientes|"
    r"residents|consommateurs|convives|voyageurs|passagers) (?:[\w'-]+ ){0,6}?"
    r"(?:sont|sont tombee?s|tombent|ont ete|etaient) malades(?! (?:de|d') )",
    r"(?:several|many|dozens of) (?:residents|customers|guests|passengers|diners) "
    r"(?:\w+ ){0,6}?(?:are|were|got|fell|have been|have fallen) (?:ill|sick)\b(?! of)",
    # someone who may be lying unconscious or dead at home
    r"(?:personne agee|voisine? agee|vieux monsieur|vieille dame|vieil homme|mamie|papi|octogenaire|nonagenaire)" + _SILENT_FOR_DAYS,
    r"(?:monsieur|madame|dame|voisine?|locataire|resident\w*) (?:[\w'-]+ ){0,3}\(\d\d ans\)" + _SILENT_FOR_DAYS,
    r"agee? de \d\d ans" + _SILENT_FOR_DAYS,  # "le monsieur du 3e (82 ans) ne répond plus depuis 4 jours"  # "le monsieur du 3e (82 ans) ne répond plus depuis 4 jours"
    r"plus de nouvelles (?:de |d')(?:[\w'-]+ ){0,3}\d{2} ans",
    r"(?:elderly|old) (?:neighbou?r|man|woman|lady|gentleman|tenant|resident) (?:\w+ ){0,4}(?:hasn't|has not|haven't|have not) "
    r"(?:been seen|answered|opened)",
    # violence at home
    r"(?:mari|conjoint|compagnon|ex|copain|ex-mari|ex-compagnon|concubin) (?:la |le |les |me |l')?(?:frappe|frappait|tabasse|violente|"
    r"a frappee?|l'a frappee?|m'a frappee?|l'a battue?|m'a battue?|a menacee? de mort|m'a menacee? de mort)",
    r"(?:mari|conjoint|compagnon|ex|concubin) (?:la |les )(?:bat|battait)\b",
    r"se fait (?:battre|frapper|tabasser) par (?:son|sa) (?:mari|conjoint|compagnon|ex|copain|concubin)",
    r"(?<!aux )(?:victime|victimes|subit|subissent|subi|subissait) (?:des |de )?violences? (?:conjugales?|intrafamiliales?|familiales?)",
    r"(?:husband|partner|boyfriend|ex) (?:hits|beats|hit|beat|abuses|abused|has been (?:hitting|beating|abusing)) (?:her|him|me)",
    r"(?:victim|victims) of domestic (?:violence|abuse)",
    # a skin reaction (a rash alone may be mild: hives are a reaction)
    r"(?:fait|fais|eu|a eu|ai eu|avons eu|declenche) (?:de l'|une |des |d')?(?:crises? d')?urticaire",
    r"urticaire (?:partout|sur (?:le|la|les|tout|son|sa|ses|mon|ma|mes)\b)",
    r"plaques rouges (?:partout|depuis (?:que|qu')|sur (?:le |la |les |son |sa |ses |mon |ma |mes |tout le )?"
    r"(?:visage|corps|peau|cou|bras|jambes?|mains?|ventre|dos|joues?|front|torse))",
    r"(?:gave|giving|gives) (?:me|her|him|my \w+) (?:\w+ )?hives\b", r"(?:got|get|getting|developed) hives\b",
    r"(?:broke|break|breaking|broken) out in (?:\w+ )?hives\b",
    r"hives all over (?:my|her|his|their|the) (?:body|face|neck|arms?|legs?|skin|back|chest)",
    r"(?:got|fell|became) (?:really |very )?sick (?:after|from)", r"made (?:us|me|them|him|her|my \w+) sick",
    r"(?:s'est|se sont) etouffe(?:e|s|es)?", r"etouffement",
    r"a failli (?:s'etouffer|avaler|mourir" + _OF_A_FEELING_FR + ")",
    r"(?:almost|nearly) (?:swallowed|choked|died" + _OF_A_FEELING_EN + ")",
    r"(?:s'est|me suis|se sont) coupe(?:e|s|es)? (?:la|le|les|a la|au|aux) (?:doigts?|mains?|levres?|langue|bouche|gencives?|pieds?|joues?)",
    r"cut (?:his|her|my|their|our) (?:mouth|gums?|tongue|lips?|fingers?|hand)",
    r"(?:a|ont|avait|avaient) pris feu", r"prend feu", r"caught fire", r"catch(?:es)? fire",
    r"burst into flames", r"went up in flames",
    # broken bones and wounds that needed care ("fracture numérique" is the digital divide)
    r"fractures?(?! (?:numerique|sociale|territoriale|generationnelle|digitale))",
    r"fractured", r"points de suture", r"stitches", r"commotion cerebrale", r"traumatisme cranien",
    r"concussion",
    r"(?:s'est|se sont|me suis|s'etait|il s'est|elle s'est) (?:casse|ouvert|fracture)(?:e|s|es)? "
    r"(?:la|le|les|l'|un|une|deux) ?" + _BODY,
    r"(?:" + _BODY + r") (?:casse|cassee|casses|cassees|fracture|fracturee)",
    r"(?:broke|broken|fractured|snapped) (?:his|her|my|their|our|your|a|an|both) " + _BODY_EN,
    r"broken " + _BODY_EN,
    # surgery on the wrong side or person, a vulnerable person gone missing from care
    r"(?:opere|operee|operes|operees|operer) (?:\w+ ){0,3}(?:du |de la |le |la |sur le |sur la )?mauvais(?:e)? (?:cote|oeil|rein|sein|patiente?|" + _BODY + r")",
    r"(?:operated|surgery|surgeons? operated) on (?:the |a )?wrong (?:patient|eye|kidney|" + _BODY_EN + r")",
    r"wrong-site surgery",
    # care going wrong: swallowed medicines, a wrong baby or blood group, infections spreading, a fall from a window
    r"(?:a|ont|avait) avale (?:des|un|une|plusieurs|toute la boite de|une boite de) (?:medicaments?|comprimes?|cachets?|pilules?|piles?|aimants?|produits? (?:menagers?|chimiques?))",
    r"swallowed (?:some |a |the |his |her |several )?(?:pills|tablets|medication|medicines|battery|batteries|magnets)",
    r"(?:le|un) mauvais bebe", r"the wrong baby", r"mauvais groupe sanguin", r"wrong blood (?:type|group)",
    r"erreur (?:de|lors d'une) transfusion", r"transfusion error",
    r"legionell\w*", r"klebsiella", r"bacteries? multi-?resistantes?", r"clostridi\w*", r"norovirus",
    r"(?:s'est|se sont) defenestre(?:e|s|es)?", r"defenestration", r"jumped (?:out of|from) (?:a|the|his|her) window",
    r"(?:s'est|me suis|se sont) piquee?s? avec (?:une|l'|des) aiguilles?", r"accident d'exposition au sang", r"needle-?stick injur\w*",
    r"panne (?:electrique|de courant) (?:au|dans le|en|aux) (?:bloc|reanimation|service de reanimation|urgences|neonat\w*)",
    r"(?:aurait |a )?(?:gifle|frappe|bouscule|maltraite) (?:une|un|la|le) (?:residente?|patiente?|enfant|bebe|personne agee|pensionnaire)",
    r"(?:a|ont|avait|avaient) fugue (?:du|de l'|de la|des) (?:service|unite|ehpad|hopital|clinique|foyer|etablissement)",
    r"fugue d'(?:un|une) (?:patiente?|residente?|enfant|mineure?)", r"disparition inquietante",
    r"(?:absconded|went missing|has gone missing) from (?:the |our |a )?(?:ward|hospital|care home|clinic|psychiatric unit)",
    # neglect in care: choking, dehydration, a person tied to a bed or left alone for hours
    r"fausses? routes?", r"deshydrat\w+", r"dehydrated", r"denutri\w+", r"malnourished", r"choked on", r"bebe secoue", r"shaken baby",
    r"attachee?s? (?:a|sur|dans) (?:son|le|un|leur) (?:lit|fauteuil)", r"tied to (?:a|the|his|her|their) (?:bed|chair|wheelchair)",
    r"laissee?s? seule?s? (?:pendant |durant )?(?:\d+|deux|trois|quatre|plusieurs|des) (?:heures|nuits|jours)",
    r"left (?:alone|unattended) for (?:\d+|two|three|four|several|many) (?:hours|nights|days)",
    r"(?:violation|viole|bafoue) (?:du |le )?secret medical", r"breach of (?:medical|patient) confidentiality",
    # someone bleeding
    # a passenger or a customer who struck another, an allergic shock treated with adrenaline
    r"(?:a|ont|avait|avaient) " + _STRUCK + r" (?:son|sa|ses|leur|leurs|mon|ma|mes|un|une) (?:autre )?"
    r"(?:voisine?s?|compagnon|compagne|conjointe?|" + _PERSON + r")",
    r"(?:a|avait) " + _STRUCK + r" (?:le|la|l') ?(?:passagere?|cliente?|femme|homme|dame|enfant|bebe|vendeuse|vendeur|"
    r"caissiere?|conducteur|conductrice|chauffeur|voisine?|serveuse|serveur|hotesse|steward|agent|agente)\b",
    r"(?:punched|slapped|attacked|assaulted|stabbed|strangled|headbutted) (?:his|her|their|my|a|an|the|another|two|several) "
    r"(?:neighbou?rs?|seatmates?|fellow passengers?|passengers?|customers?|child|children|kids?|woman|man|person|people|girl|boy|wife|husband|partner)",
    r"piquee?s? a l'adrenaline", r"(?:utilise|sorti|fait) (?:son|sa|leur|mon|ma|un|une) (?:stylo d'adrenaline|epi-?pen)",
    r"(?:used|needed|gave (?:her|him|them)|injected|administered|had to use) (?:\w+ ){0,2}(?:her|his|their|my|an|the) epi-?pen",
    # electrical danger: sparks, bare wires, water in an installation
    r"(?:des |les )?etincelles (?:qui )?(?:sortent|sortaient|jaillissent|jaillissaient) (?:du|de la|des|de l')",
    r"sparks (?:coming|came|flying) (?:out of|from)", r"(?:sparking|arcing) (?:from|outlet|socket|charger|cable|meter)",
    r"(?:fils|cables) (?:electriques )?(?:denudes|a nu)", r"(?:fils|cables) electriques (?:arraches|pendent|qui pendent)",
    r"(?:exposed|bare) (?:electrical )?wires?", r"live (?:electrical )?wires? (?:hanging|exposed|on the)",
    r"(?:prises?|tableau electrique|compteur electrique|fils electriques|cables? electriques?|interrupteurs?|radiateurs?|chargeurs?|"
    r"multiprises?|disjoncteurs?|installation electrique)[^.!?]{0,40}(?:fait|font|faisait|faisaient) des etincelles",
    r"etincelles (?:\w+ ){0,3}(?:prise|tableau electrique|compteur|fils electriques|cables?)",
    r"(?:socket|plug|outlet|fuse ?box|wiring|cable|charger)s? (?:\w+ ){0,2}(?:sparking|sparked|sparks)\b",
    r"(?:eau|fuite|infiltration)s? (?:\w+ ){0,4}(?:dans|sur) (?:le |les |la |un |une )?(?:tableau electrique|compteur electrique|prises?)\b",
    r"water (?:\w+ ){0,3}(?:into|onto|in) the (?:fuse ?box|electrical panel|consumer unit|sockets?|plugs?)",
    r"saigne(?:nt)? (?:du|de la|des|de l') ?(?:nez|front|visage|bras|pied|genou|crane|bouche|oreille|tete|arcade)",
    r"(?<!c'est la )(?:bagarre|baston|rixe)s? (?:a eclate|ont eclate|a eu lieu|eclate|generale|devant|dans|a la sortie|"
    r"entre (?:des|deux|plusieurs|les) (?:eleves|etudiants|clients|supporters|jeunes|passagers|bandes))",
    r"(?:a|huge|massive|mass) brawl (?:broke out|in|at|outside|erupted)", r"fight broke out", r"(?:got|were) into a (?:fist)?fight",
    r"(?:il|elle|ils|elles) saigne(?:nt)?\b(?! (?:les|des|nos|ses|leurs|mes|vos) )", r"(?:est|etait|sont|etaient) en sang",
    r"du sang partout", r"couverte?s? de sang", r"blood everywhere", r"covered in blood",
    r"(?:he|she|they|it|someone|somebody|the (?:driver|passenger|child|kid|boy|girl|man|woman|victim)|my (?:son|daughter|child|kid|husband|wife|mother|father|friend))"
    r" (?:is|was|are|were) bleeding",
)
# who was hit, fell or got caught (not a phone or a suitcase)
_NOT_A_DRILL = r"(?![^.!?\n]*\b(?:exercice|drill)s?\b)"  # an evacuation for an exercise is no incident
# An accident on a vehicle, a platform or a site, or what puts people in danger there even when
# no one is hurt yet: critical harm, which hints at a serious accident rather than a product.
ACCIDENT = _rx(
    # left waiting where the traffic passes
    r"(?:bloque|bloquee|bloques|coince|coincee|coinces|immobilise|immobilisee|laisse|laissee|laisses|en panne)"
    r"\b[^.!?,]{0,20}?sur (?:la )?bande d'arret d'urgence",
    r"(?:stuck|stranded|left|waiting|broken down)\b[^.!?]{0,40}?on the hard shoulder",
    r"atterrissages? d'urgence", r"emergency landings?", r"(?:fumee|fumees|odeur de brule) (?:dans la|en|dans l') ?(?:cabine|avion|rame|wagon|cockpit)",
    r"smoke (?:in|filled) the (?:cabin|cockpit|plane|aircraft|carriage|train)", r"depressuris\w*", r"masques a oxygene", r"oxygen masks",
    r"sortie de piste", r"runway excursion", r"derail\w*", r"deraillement", r"quasi-collision", r"near[ -]miss",
    r"(?:moteur|reacteur) en feu", r"engine (?:fire|failure) (?:\w+ ){0,3}(?:after take-?off|in flight|mid-?air)", r"engine caught fire",
    r"accident (?:de|du|d'un|d'une) (?:bus|car|autocar|train|tram|tramway|avion|navette|camion de livraison|metro|ferry)",
    r"(?:bus|coach|train|tram|plane|shuttle|ferry|delivery (?:van|truck)) (?:crash|crashed|accident|collided|overturned)",
    r"fuites? de gaz", r"gas leak", r"monoxyde de carbone", r"carbon monoxide", r"noyade", r"(?:drowned|drowning)",
    r"(?:passagers|voyageurs|clients|salaries|employes|patients|residents|eleves|enfants|le magasin|le batiment|l'immeuble|l'avion|le train|"
    r"la gare|l'aeroport|le terminal|les locaux|le site|l'usine|l'entrepot|la boutique|l'agence) (?:\w+ ){0,2}(?:ont ete|a ete|ont du etre|a du etre) evacue(?:e|s|es)?" + _NOT_A_DRILL,
    r"(?:passengers|customers|staff|employees|patients|residents|pupils|children|the building|the store|the shop|the plane|the aircraft|the train|"
    r"the station|the airport|the terminal|the site|the warehouse|the office|the factory) (?:\w+ ){0,2}(?:was|were|had to be|has been|have been) evacuated" + _NOT_A_DRILL,
    r"(?:le magasin|le batiment|l'immeuble|la gare|la station|la rame|le tram|le train|le bus|le site|l'usine|l'entrepot|la boutique|l'agence|"
    r"le centre commercial|les locaux) (?:est|sont) (?:en train d'etre |en cours d')?evacue(?:e|s|es)?" + _NOT_A_DRILL,
    r"(?:les gens|tout le monde|les salaries|les employes) (?:evacuent|evacue|ont evacue|a evacue)\b" + _NOT_A_DRILL,
    r"(?:are|is) being evacuated" + _NOT_A_DRILL,
    r"(?:faut|faudrait|va falloir|commence a|commencent a|en train d') ?evacuer "
    r"(?:des |les |plusieurs |toute la |tout le |la |le )?(?:habitants|riverains|residents|familles|maisons|immeubles?|rues?|quartiers?|"
    r"batiments?|ecoles?)" + _NOT_A_DRILL,
    r"(?:need to|have to|must|are|is|had to) evacuat\w* (?:the |all |some )?(?:residents|tenants|families|street|block|building|homes|houses)" + _NOT_A_DRILL,
    r"(?:risque|risquent|menace|menacent|pourrait|pourraient) (?:de )?(?:tomber|s'effondrer|s'ecrouler|ceder|basculer) (?:sur|dans) "
    r"(?:les |des |un |une |la |le )?(?:passants?|pietons?|gens|enfants?|eleves|voitures|route|chaussee|trottoir|cour)",
    r"(?:balcon|facade|toiture|mur|plafond|arbre|grue|echafaudage|cheminee|corniche)s? (?:\w+ ){0,3}(?:menace|menacent|risque|risquent) de (?:s'effondrer|s'ecrouler|tomber)",
    r"(?:morceaux|bouts|pans|tuiles|briques|plaques) (?:de |d')?(?:\w+ )?(?:tombent|tombe|sont tombes|est tombe|se detachent) (?:sur|dans) (?:le |la |les )?(?:trottoir|rue|chaussee|cour|passants|route)",
    r"(?:poteau|lampadaire|arbre|mur|facade|grue|echafaudage|panneau|balcon|cheminee|pylone|candelabre)s? (?:[\w'-]+ ){0,3}?"
    r"(?:penche|penchent|oscille|oscillent|branle|branlent) dangereusement",
    r"(?:bricks|tiles|masonry|debris) (?:\w+ ){0,2}(?:falling|fell|fall) (?:onto|on) the (?:pavement|sidewalk|street|road)",
    r"(?:could|might|may|is about to|are about to|threatens? to) (?:fall|collapse|come down|topple) (?:on|onto) (?:passers-by|pedestrians|people|children|kids|cars|the (?:road|pavement|sidewalk))", r"evacuating (?:the|our) (?:building|store|shop|station|office|site|train|tram|plane)" + _NOT_A_DRILL,
    # people hit by a vehicle, caught in doors, fallen on the tracks; smoke and gas
    r"(?:a|ont|avait|avaient|vient de|viennent de) (?:percute|renverse|heurte|fauche|ecrase) (?:un|une|des|le|la|les|deux|trois|plusieurs) "
    r"(?:pieton\w*|passant\w*|cycliste\w*|enfants?|gamins?|homme|femme|personnes?|dame|monsieur|motard\w*|usager\w*|voyageu\w*|eleves?|"
    r"collegues?|ado\w*|piet\w*)",
    _PERSON + r" (?:\w+ ){0,3}(?:a ete |ont ete |s'est fait |se sont fait |est |sont )?(?:renverse|percute|fauche|heurte)e?s? par (?:un|une|le|la|notre|nos|l'un de nos|l'une de nos|un de nos|une de nos) "
    r"(?:bus|autobus|tram|tramway|train|rame|voiture|camion\w*|scooter|velo|trottinette|chauffeur|conducteur|vehicule|livreur)",
    r"(?:hit|struck|ran over|knocked down|knocked over|mowed down) (?:a|an|the|two|three|several|some) "
    r"(?:pedestrians?|cyclists?|child|children|kids?|man|woman|person|people|boy|girl|passengers?|bikers?|motorcyclists?|students?|pupils?)",
    r"(?:got|was|were|been) (?:hit|run over|knocked down|struck) by (?:a|an|the|our|one of (?:our|your|the)) "
    r"(?:bus|tram|train|car|van|truck|lorry|scooter|bike|driver|vehicle|delivery (?:van|truck))",
    _PERSON + r" (?:\w+ ){0,3}(?:est |sont |s'est |se sont |a |ont )?tombee?s? (?:sur|entre) (?:les|la) (?:rails|voies?|quai)",
    r"(?:someone|somebody|a (?:man|woman|child|kid|boy|girl|passenger|person|teen)|he|she|my \w+) (?:\w+ ){0,2}fell (?:onto|on|between) the (?:tracks|rails|platform)",
    _PERSON + r" (?:\w+ ){0,3}(?:est |sont |s'est |se sont |reste |restee )?coincee?s? (?:dans|entre) (?:les|la|une|l') ?(?:portes?|escalators?|escalier mecanique|rame)",
    r"(?:someone|somebody|a (?:man|woman|child|kid|boy|girl|passenger|person)|he|she|my (?:son|daughter|child|kid|mother|father)) (?:\w+ ){0,2}(?:was |is |got )?(?:trapped|stuck|caught) (?:in|between) the (?:doors|escalator|train doors|tram doors)",
    r"trainee?s? sur (?:\d+|plusieurs|quelques|des) ?(?:metres|m)\b", r"dragged (?:along|for) (?:\d+|several|a few)",
    r"(?:de la|d'epaisses|une epaisse) fumees?\b(?![^.!?\n]*\b(?:cigarettes?|clopes?|fumeu\w*|vapot\w*|barbecue|chicha|encens)\b)", r"fumees? (?:sort|sortent|sortait|s'echappe|s'echappent|envahit|a envahi|noire|epaisse)",
    r"smoke (?:coming|pouring|billowing|rising) (?:out|from)", r"(?:full of|filled with|thick|black) smoke",
    r"(?:odeur de gaz|sent(?:ait)? le gaz|smell(?:s|ed)? (?:of )?gas\b|smells like gas)(?![^.!?\n]*(?:echappement|exhaust))",
    # a driver or a pilot unfit to drive
    r"(?:chauffeur|conducteur|conductrice|pilote|machiniste|livreur)s? (?:\w+ ){0,2}(?:ivres?(?! de (?:joie|bonheur|colere|rage|fatigue|fierte))|saoul|soul|bourree?|alcoolise\w*|sous l'emprise (?:de l'alcool|d'alcool|de la drogue|de stupefiants|de drogues?))",
    r"(?:drunk|intoxicated) (?:bus |tram |train |delivery )?(?:driver|pilot)",
    r"(?:driver|pilot) (?:\w+ ){0,2}(?:was|is|seemed|looked) (?:drunk|intoxicated|under the influence)",
)
# Emergency services out of reach: said with a negation, so read apart from HARM (whose
# patterns a negation before them cancels: "personne n'a été blessé").
EMERGENCY_UNREACHABLE = _rx(
    # a call to the emergency services, not a house number ("ne passe plus au 18 rue des Lilas")
    r"appels? (?:\w+ ){0,3}ne passe(?:nt)? (?:plus |pas )?(?:vers|au) (?:le )?(?:15|17|18|112|114|115)\b(?! (?:rue|avenue|av|bd|boulevard|place|chemin|allee|impasse|route|quai|cours|square)\b)",
    r"numeros d'urgence (?:\w+ ){0,3}injoignables?",
    r"impossible d'appeler (?:le |les )?(?:15|17|18|112|114|115|secours|urgences)\b(?! (?:rue|avenue|av|bd|boulevard|place|chemin|allee|impasse|route|quai|cours|square)\b)",
    r"(?:can't|cannot|can not|unable to|couldn't) (?:call|reach|dial) (?:911|999|112|emergency services)",
    # care withheld
    r"(?:n'a|n'ont|n'avait|n'avaient) (?:pas|jamais) (?:eu|recu) (?:son|sa|ses|leur|leurs) (?:insuline|traitement|medicaments?|antibiotiques?|oxygene|anticoagulants?)",
    r"en hypoglycemie", r"(?:missed|didn't get|did not get|never got) (?:his|her|their) (?:insulin|medication|medicine|antibiotics|oxygen)",
)
# An attack on the systems: critical as a breach is, but its own subject (IT security's, where a
# registry tells the two apart; a breach is often personal data's).
CYBERATTACK = _rx(
    r"ransom ?notes?", r"ransom demands?", r"ransom messages?", r"demandes? de rancon", r"(?:messages?|notes?) de rancon", r"ranc?ongiciels?", r"ransomwares?",
    r"cyber ?-?attaques?", r"cyber ?-?attacks?", r"attaques? informatiques?", r"(?:attaque|attack) ddos", r"ddos attacks?",
)
_SOMEONE_ELSE_FR = (r"(?:une autre personne|un autre client|une autre cliente|un inconnu|une inconnue|un autre patient|"
                    r"une autre patiente|un autre abonne|une autre abonnee|un autre utilisateur|une autre utilisatrice|"
                    r"un autre adherent|une autre adherente)")
_SOMEONE_ELSE_EN = (r"(?:(?:someone|somebody|a stranger)(?: else)?|(?:another|other) "
                    r"(?:customer|client|user|patient|member|person|subscriber))'s ")
LEAKED = _rx(
    # a file of people sent out of the company, to a personal mailbox or drive
    r"(?:a|ont|avait|avaient) (?:envoye|transfere|exporte|forwarde|copie|telecharge|emporte) (?:[\w'-]+ ){0,2}"
    r"(?:listes?|fichiers?|base|bdd|exports?|extractions?|donnees) (?:[\w'-]+ ){0,4}(?:clients?|patients?|salaries?|adherents?|abonnes?|"
    r"usagers?|voyageurs?|employes?|collaborateurs?) (?:[\w'-]+ ){0,4}(?:sur|a|vers|dans) (?:son|sa|ses|leur|leurs|une) "
    r"(?:gmail|hotmail|yahoo|outlook|adresse|mail|e-?mail|boite(?: mail)?|messagerie|cle usb|drive|dropbox)(?: [\w'-]+)? (?:perso|personnel(?:le)?)\b",
    r"(?:sent|forwarded|exported|emailed|copied|downloaded) (?:\w+ ){0,2}(?:customer|client|patient|employee|member|subscriber|passenger)s? "
    r"(?:\w+ ){0,3}(?:lists?|files?|data|database|records|exports?) (?:\w+ ){0,4}to (?:his|her|their|a) personal (?:e-?mail|gmail|account|address|drive|dropbox|inbox)",
    # a file of people sent to many by mistake, a mailbox taken over and sending spam
    r"(?:our|their|his|her|my|several|staff|colleagues'?|employees'?) (?:\w+ )?(?:mailboxes|inboxes|email accounts|mailbox|inbox) (?:\w+ ){0,3}"
    r"(?:are |were |is |was |started |have been |has been )?(?:spamming|sending (?:out )?(?:spam|phishing))",
    r"(?:nos |leurs |mes |ma |sa |son |ses |plusieurs |des |les )(?:boites? (?:mail|aux lettres electroniques)|messageries?|comptes? (?:mail|outlook|gmail)) "
    r"(?:[\w'-]+ ){0,4}?(?:envoient|envoie|envoyaient|ont envoye|a envoye|spamment|spamme) (?:du |des )?(?:spams?|phishing|mails? frauduleux|faux mails)",
    r"(?<!pas )(?<!jamais )(?:clicked|cliqu\w+) (?:on |sur )?(?:a |an |the |un |une |le |la )?(?:fake|faux|fausse|phishing|bogus|fraudulent|frauduleu\w+) "
    r"(?:\w+ ){0,2}(?:e-?mail|mail|link|lien|message|docusign|sms)(?![^.!?]*(?:sensibilisation|simulation|exercice|awareness|phishing test|test de phishing))",
    # a lost or stolen device holding files about people, or said to be unencrypted
    r"(?:cles? usb|ordinateurs? portables?|pc portables?|laptops?|disques? durs?|tablettes?|telephones? pro\w*) (?:[\w'-]+ ){0,3}?"
    r"(?:avec|contenant|qui contient|qui contenait|plein de|pleine de) (?:[\w'-]+ ){0,2}?(?:dossiers|fichiers|donnees|listes?|fiches|coordonnees) "
    r"(?:[\w'-]+ ){0,4}?(?:clients?|patients?|beneficiaires|salaries|eleves|usagers|adherents|residents|locataires|personnel|agents|administres|candidats|"
    r"abonnes|enfants|familles|mineurs) (?:[\w'-]+ ){0,4}?(?:a ete |ont ete |est |sont |etait |etaient )(?:perdue?s?|volee?s?|oubliee?s?|egaree?s?)\b",
    r"(?:perdu|oublie|egare|fait voler|fait derober|vole|derobe)(?:e|s|es)? (?:ma |sa |la |une |un |le |son |mon |notre |leur )"
    r"(?:cle usb|ordinateur portable|pc portable|laptop|disque dur|tablette|telephone pro\w*) (?:[\w'-]+ ){0,3}?(?:avec|contenant|qui contient|qui contenait|plein de|pleine de) "
    r"(?:[\w'-]+ ){0,2}?(?:dossiers|fichiers|donnees|listes?|fiches|coordonnees|paie|base)",
    r"(?:cles? usb|ordinateurs? portables?|pc portables?|laptops?|disques? durs?|tablettes?)[^.!?]{0,60}(?:perdu|vole|oublie|egare)\w*"
    r"[^.!?]{0,60}(?:rien n'etait|n'etait pas|n'est pas|non|pas) chiffre(?:e|s|es)?\b",
    r"(?:lost|stolen|left) (?:\w+ ){0,3}(?:usb (?:stick|key|drive)|laptop|hard drive|tablet) (?:\w+ ){0,3}(?:with|containing|holding|full of) "
    r"(?:\w+ ){0,3}(?:customer|client|patient|employee|staff|student|resident|member|tenant|pupil)s?'? (?:files|records|data|details|lists?)",
    r"(?:lost|stolen) (?:\w+ ){0,8}?(?:unencrypted|not encrypted)",
    r"(?:usb (?:stick|key|drive)|laptop|hard drive|tablet) (?:with|containing|holding|full of) (?:\w+ ){0,3}(?:customer|client|patient|employee|staff|student|"
    r"resident|member|tenant|pupil)s?'? (?:files|records|data|details|lists?) (?:was|were|has been|got) (?:stolen|lost)",
    r"fuites? de donnees", r"donnees (?:volees|divulguees|exposees|en vente|piratees)",
    r"(?:dump|dumps|extraction|extract) (?:de (?:la |notre |leur )?|of (?:the |our |their )?)?(?:base|bdd|database|db) (?:de donnees )?(?:clients?|customers?|users?|utilisateurs|abonnes|patients)",
    r"dumps? (?:of )?(?:the |our |their |a )?(?:[\d.,]+ ?k? |[\d.,]+ (?:thousand|million) )?(?:customer|user|client|patient|subscriber|member)s? (?:database|db|data|records)",
    r"vol de donnees", r"(?:data|security) (?:breach|leak)s?", r"breached",
    r"(?:credit card|card|bank card|payment card) (?:numbers?|details|data) (?:\w+ ){0,3}(?:leaked|exposed|dumped|stolen|for sale|posted)",
    r"(?:leaked|exposed|dumped|stolen) (?:credit card|card|bank card|payment card) (?:numbers|details|data)",
    r"leaked (?:data|database|passwords|credentials|emails|customer)",
    r"(?:other|autres) (?:users|customers|clients|utilisateurs)'?s? ?'?(?:data|balances?|donnees|soldes|details|accounts?|comptes)",
    r"(?:other|another) (?:users?|customers?|clients?|members?|passengers?|patients?|subscribers?)'?s? ?'?(?:full )?"
    r"(?:names?|e-?mails?|e-?mail addresses|home addresses|addresses|phone numbers|personal (?:data|details|information))",
    r"(?:noms|adresses|e-?mails|mails|numeros de telephone|coordonnees|donnees personnelles|infos personnelles) (?:\w+ ){0,3}"
    r"d'autres (?:clients|clientes|usagers|abonnes|utilisateurs|patients|passagers|voyageurs|adherents)",
    r"donnees (?:d'autres|des autres|de tous les) (?:clients|utilisateurs)", r"(?:a|ont) fuite",
    r"(?:data|database|records|credentials|passwords) (?:exposed|leaked|dumped)",
    r"exposed (?:data|database|records|credentials|passwords)", r"data leak(?:ed|s)?",
    r"(?:publicly|openly) accessible", r"accessibles? (?:publiquement|sans (?:mot de passe|authentification))",
    r"(?:data|files|documents|invoices|records) (?:is|are|was|were|has been|have been|got) (?:exposed|leaked)",
    r"(?:other|another) (?:people|person|company|companies|customer|user|client)'?s? ?'?(?:data|files|documents|invoices|details)",
    r"(?:donnees|fichiers|documents|factures|dossiers) d'(?:une autre (?:entreprise|societe)|un autre (?:client|utilisateur)|autres (?:entreprises|societes))",
    r"(?:mots de passe|identifiants|donnees clients?|donnees personnelles) (?:\w+ ){0,4}circulent",
    r"(?:dossiers (?:medicaux|patients?|de patients|des patients|du personnel|clients?)|donnees (?:de sante|medicales|de patients|des patients|bancaires)"
    r"|fichiers? (?:clients?|patients?|du personnel)|fiches de paie) (?:\w+ ){0,4}(?:circulent|circule|en vente|fuite(?:e|s|es|nt)?)",
    r"(?:medical|patient|health|customer|employee|payroll) (?:records|data|files) (?:\w+ ){0,4}(?:circulating|leaked|for sale)",
    r"(?:photos?|videos?) (?:de |des )(?:patients?|residents?|malades|enfants hospitalises) (?:\w+ ){0,4}(?:circulent|circule|postees?|publiees?)",
    r"(?:fichiers?|base de donnees|base clients?|donnees|export|tableur|listes? (?:des |de |de nos )?(?:clients|contacts|salaries|patients|adherents|prospects|abonnes)) (?:\w+ ){0,5}(?:envoye|envoyee|envoyes|envoyees|transmis|transmise|partage|partagee) (?:\w+ ){0,5}a la mauvaise (?:adresse|personne)",
    r"(?:envoye|envoyee|envoyes|envoyees|transmis|transmise|partage|partagee) (?:\w+ ){0,3}(?:fichiers?|base de donnees|base clients?|donnees|export|tableur|listes? (?:des |de |de nos )?(?:clients|contacts|salaries|patients|adherents|prospects|abonnes)) (?:\w+ ){0,8}a la mauvaise (?:adresse|personne)",
    # a file of people sent by mistake, a customer base put up for sale
    r"(?:envoye|envoyee|envoyes|envoyees|transmis|transmise|transfere|transferee|partage|partagee|diffuse|diffusee|parti|partie) par erreur (?:[\w'-]+ ){0,3}"
    r"(?:fichiers?|base de donnees|base clients?|donnees|export|tableur|tableau|listes?)(?: (?:clients|patients|salaries|adherents|abonnes)\b|"
    r"(?: [\w'-]+){0,8}? (?:des |de |du |nos |de nos |avec les |\()"
    r"(?:clients|noms|iban|rib|adresses|coordonnees|salaires|patients|abonnes|adherents|salaries|donnees personnelles|locataires|residents|"
    r"beneficiaires|eleves|usagers|candidats))",
    r"(?:fichiers?|tableur|tableau|listes?|export) (?:[\w'-]+ ){0,2}?(?:des |de nos |avec les )(?:clients|patients|salaries|adherents|abonnes|"
    r"locataires|residents|beneficiaires|eleves|usagers|candidats|coordonnees|donnees)[^.!?]{0,80}"
    r"(?:(?:envoye|envoyee|transmis|transmise|transfere|transferee|partage|partagee|parti|partie)\w* par erreur|par erreur)",
    r"(?:sent|emailed|shared|forwarded) (?:\w+ ){0,3}(?:customer|client|patient|employee|staff|user|member|subscriber|personal|salary|payroll) "
    r"(?:file|spreadsheet|export|database|list|data|records|details) (?:[\w'-]+ ){0,8}"
    r"(?:by mistake|in error|to the wrong (?:person|customer|client|address|recipient))",
    r"(?:base (?:de donnees )?clients?|fichiers? clients?) (?:[\w'-]+ ){0,3}?"
    r"(?:(?:est|sont|serait|seraient|mise?|mis|la met|les met|la mettent|les mettent) en vente|for sale)",
    r"customer (?:database|list|data) (?:\w+ ){0,2}for sale",
    r"(?<!on )(?:vend|vendent|revend|revendent|met en vente|mis en vente|sells|selling|sold)(?! jamais| point)"
    r" +(?:(?!gestionnaire|manager)\S+ +){0,4}?"
    r"(?:identifiants|logins|credentials|mots de passe|passwords)\b",
    r"(?:identifiants|logins|credentials|mots de passe|passwords) (?:[\w'-]+ ){0,4}?"
    r"(?:sont vendus|se vendent|sont (?:proposes|mis) (?:a la vente|en vente)|(?:are|were|being) (?:sold|for sale))",
    r"(?:file|files|spreadsheet|database|export|data|customer list|contact list|mailing list) (?:\w+ ){0,5}(?:sent|emailed|shared) (?:\w+ ){0,5}to the wrong (?:address|person|recipient)",
    r"(?:cles? d'api|cles? api|api keys?|tokens? d'acces|access tokens?) (?:\w+ ){0,2}(?:leaked|exposed|fuite(?:e|s|es)?|expose(?:e|s|es)?)",
    r"(?:accede|acces) a (?:notre|la|leur|votre) base (?:clients?|de donnees|utilisateurs)",
    # someone else's data seen on screen, or their documents received (a parcel of someone else's
    # order received by mistake is a delivery error, not a breach)
    r"(?:vois|voit|voyons|voient|affiche|affichent|apparait|apparaissent) (?:\w+ ){0,4}"
    r"(?:commandes?|factures?|adresses?|comptes?|infos|informations|coordonnees|historique|donnees|dossiers?|releves?|rib|iban|"
    r"bulletins?|fiches? de paie|contrats?|ordonnances?|resultats?|documents?|remboursements?|decomptes?) "
    r"(?:(?:de compte|de paie|de salaire|d'analyses?|de (?:remboursements?|soins|sante|prestations|mutuelle)) )?"
    r"(?:et (?:l'|la |le |les )?\w+ )?d'" + _SOMEONE_ELSE_FR,
    r"(?:recu|recois|recoit|recoivent|envoye|envoyee) (?:\w+ ){0,4}"
    r"(?:factures?|releves?|rib|iban|bulletins?|fiches? de paie|contrats?|ordonnances?|resultats?|dossiers?|donnees|coordonnees|"
    r"documents?) (?:(?:de compte|de paie|de salaire|d'analyses?|medical|medicaux|de (?:remboursements?|soins|sante|prestations|mutuelle)) )?"
    r"(?:et (?:l'|la |le |les )?\w+ )?d'" + _SOMEONE_ELSE_FR,
    r"(?:see|seeing|sees|shows?|showing|displays?|displaying) (?:\w+ ){0,3}" + _SOMEONE_ELSE_EN +
    r"(?:bank )?(?:orders?|account|data|details|address|information|order history|statements?|bills?|invoices?|payslips?|"
    r"contracts?|prescriptions?|(?:test )?results|documents?|files?|records?)",
    r"(?:got|received|receive|receives|sent me|sent us) (?:\w+ ){0,3}" + _SOMEONE_ELSE_EN +
    r"(?:bank )?(?:data|details|statements?|bills?|invoices?|payslips?|contracts?|prescriptions?|(?:test )?results|documents?|records?)",
)
# what someone types to pay or to log in: given away, it opens an account or a card to others
_CREDENTIALS = (r"(?:numeros? de (?:carte|cb)|coordonnees bancaires|codes? (?:bancaires|de (?:carte|cb)|secrets?|d'acces)|"
                r"mots? de passe|mdp|identifiants?|iban|(?:card|bank|banking|login) (?:details|numbers?)|passwords?|credentials)")
HACKED = _rx(
    r"pirate(?:e|s|es)?", r"piratage", r"hacke(?:e|s|es|r)?", r"hack(?:ed|ing)?",
    r"(?:got|broke) into (?:our|my|his|her|their|the|an?) (?:\w+ )?accounts?", r"intrusions?",
    r"(?:s'est|se sont) introduits? dans",
    r"comptes? compromis", r"compromised", r"acces non autorise", r"unauthori[sz]ed access",
    r"account takeover", r"comptes? vole(?:e|s|es)?",
    r"(?:mdp|mots? de passe|identifiants?) (?:a ete |ont ete |avait ete |avaient ete )?(?:change|changes|modifie|modifies) "
    r"(?:sans (?:eux|moi|lui|elle|elles|nous|leur accord|mon accord|son accord|notre accord)|a (?:leur|mon|son|notre) insu)"
    r"(?![^!?]{0,80}?(?:reinitialis|expir|migration|maintenance))",
    r"(?:mdp|mot de passe) a change tout seul", r"password changed (?:by itself|on its own)",
    r"passwords? (?:was |were |has been |have been |got )?changed without (?:me|them|him|her|us|my|their|his|our)\b", r"stolen accounts?", r"sim swap(?:ping|s)?",
    r"(?:nouvelle|new|duplicate|seconde|second) (?:carte )?sim (?:\w+ ){0,4}(?:a (?:son|mon|leur|ton|votre) nom|in (?:my|his|her|their|your) name)",
    r"(?:accounts?|comptes?) (?:\w+ ){0,2}(?:were|was|have been|has been|ont ete|a ete) (?:used|utilises?|utilisees?) (?:\w+ ){0,3}"
    r"(?:to send|pour envoyer) (?:\w+ ){0,2}(?:spam|invit\w*|messages|liens|links|phishing|arnaques|scams)",
    # clicked a link (said, or left implicit) and gave away what opens an account; not "clicked on login and entered my password"
    # (not a link the business sent on purpose: a reset, an activation, a payment link)
    r"(?:clique|clicked) (?:(?:[\w'-]+ ){0,4}(?<!your )(?<!votre )(?:liens?|links?|sms|mails?|e-?mails?|messages?|texts?|qr codes?)"
    r"(?! (?:de |d')?(?:reinitialisation|activation|paiement|confirmation|validation|connexion))"
    r"(?! (?:in |from )?(?:your|you sent|the bank|the shop)) (?:[\w'-]+ ){0,3})?"
    r"(?<!reset link )(?<!activation link )(?<!payment link )(?<!confirmation link )(?<!verification link )"
    r"(?:et|puis|and|then) (?:ont |a |ai |avons |j'ai |i |have |has |we )?(?:tape|entre|rentre|saisi|donne|rempli|entered|typed|gave)(?:s|es)? "
    r"(?:\w+ ){0,2}(?!(?:nouveau|nouvel|new) )" + _CREDENTIALS,
    r"(?:s'est|se sont|someone) (?:connecte|logged) (?:a|in(?:to)?) (?:mon|son|leur|my|his|her|their)",
    r"(?<!j'ai )(?<!i )(?<!i've )(?<!just )(?:change|changed|modifie) (?:mon|son|my|his|her) (?:mot de passe|mdp|password|numero|phone number)",
    r"(?:someone|somebody|quelqu'un) (?:has )?(?:changed|a change|a modifie) (?:my|mon|ma) (?:account )?"
    r"(?:e-?mail|email address|adresse (?:e-?)?mail|mot de passe|password|phone number|numero)",
    r"(?:quelqu'un|someone|somebody) (?:a |has )?(?:change|modifie|changed) (?:le |la |l'|the )?(?:mot de passe|adresse (?:e-?)?mail|e-?mail|password|numero|phone number) "
    r"(?:de |du |of )(?:mon|ma|my) (?:compte|account|espace)",
    r"vide (?:mon|son|leur) (?:compte|livret)", r"emptied (?:my|his|her|their) account",
    # someone else paid or booked with the customer's card or account
    r"(?:quelqu'un|un inconnu|une inconnue|un tiers) a (?:reserve|commande|achete|paye|utilise|depense|fait des achats) "
    r"(?:[\w'-]+ ){0,6}(?:avec|via|sur|depuis|par) (?:ma|mon) (?:carte|compte|cb)",
    r"(?:someone|somebody|a stranger) (?:has )?(?:booked|ordered|bought|used|spent|made purchases) (?:[\w'-]+ ){0,6}"
    r"(?:with|on|through|using|from) my (?:card|account)",
    r"connexions? suspectes?", r"suspicious (?:login|sign-in|log-in)s?", r"(?:prise de controle|usurpation) (?:de|du) (?:mon |son |leur )?compte",
    r"(?:my|his|her|their) account (?:was|has been|got) (?:taken over|stolen|accessed)",
    r"(?:cagnottes?|comptes?|points fidelite|points|miles|porte-monnaie|livrets?) (?:a|ont) ete vide(?:e|s|es)?",
    r"(?:accounts?|balances?|points|miles|wallets?) (?:was|were|has been|have been|got) (?:emptied|drained)",
    r"(?:tape|entre|rentre|saisi|donne)(?:s|es)? (?:leur|son|mon|ses|mes|leurs) " + _CREDENTIALS +
    r" (?:\w+ ){0,3}(?:sur|dans) (?:le|un|ce|cette|la|une) (?:faux|fausse|fake)",
    r"(?:entered|typed|gave) (?:their|my|his|her) " + _CREDENTIALS + r" (?:\w+ ){0,3}(?:on|into|in|to) "
    r"(?:a|the|this) (?:fake|phishing|scam|bogus)",
    r"(?:changement|modification|reinitialisation) de (?:mot de passe|mdp|l'adresse e-?mail) (?:\w+ ){0,5}(?:pas|jamais) demande(?:e|s|es)?",
    r"password (?:change|reset)s? (?:\w+ ){0,5}(?:didn't|did not|never|hadn't|had not) (?:request|ask)\w*",
    r"(?:e-?mail|adresse e-?mail|adresse mail|mot de passe|numero de telephone) (?:\w+ ){0,6}(?:a|ont|avait) (?:ete )?(?:change|modifie)e?s? sans (?:qu'(?:il|elle|on)|que (?:je|nous)) (?:ne )?(?:le |l')?(?:demande|ait demande|aie demande|ayons demande)",
    r"(?:e-?mail|email address|password|phone number) (?:\w+ ){0,4}(?:was|has been|got) changed (?:without (?:me|him|her|them|us) asking|without (?:my|his|her|their|our) (?:consent|knowledge))",
)
PERSONAL_DATA_FIELDS = _rx(
    r"noms?", r"prenoms?", r"adresses?", r"iban", r"rib", r"telephones?", r"emails?", r"e-mails?",
    r"mots? de passe", r"passwords?", r"identifiants", r"dates? de naissance", r"numeros? de carte",
    r"card numbers?", r"names", r"addresses", r"phone numbers?", r"birth ?dates?", r"dates? of birth",
    r"(?:numeros? de )?passeports?", r"passport numbers?", r"numeros? de securite sociale", r"social security numbers?",
    # a whole file of people
    r"(?:customer|client|passenger|user|member|patient|subscriber)s? (?:db|database|list|data)",
)
# personal data offered for sale or left open to anyone (with two kinds of personal data)
FOR_SALE = _rx(r"forum", r"dark ?web", r"en vente", r"a vendre", r"vend", r"vendeur", r"for sale",
               r"selling", r"(?:claims?|claiming|offers?|offering|tries|trying) to sell", r"dump", r"propose",
               r"sells? (?:a |the |our |your |their )?(?:\w+ )?(?:database|db|data|list|file|records)")
# a file of people left open to anyone (with two kinds of personal data, as for FOR_SALE)
EXPOSED_FILE = _rx(
    r"(?:fichiers?|listes?|tableau|tableaux|tableur|base|export|listing|spreadsheet|file|list|database) (?:[\w'(),-]+ ){0,12}?"
    r"(?:en|par) lien public",
    r"public link to (?:a|the|our|their) (?:spreadsheet|file|list|database)",
    r"(?:spreadsheet|file|list|database) (?:\w+ ){0,6}?(?:publicly (?:shared|available)|shared publicly)",
)
UNREQUESTED_CODES = re.compile(
    r"\b(?:codes?|sms|otp)\b[^.!?]{0,60}\b(?:pas|jamais|never|not|didn't|did not)\b[^.!?]{0,12}"
    r"\b(?:demande|requested|asked)")
_IDENTITY = r"(?:noms?|prenoms?|photos?|adresses?|numeros?|visages?)"  # of a number of staff, or "vos" staff: not our own page
_STAFF = (r"(?:\d+|deux|trois|quatre|cinq|plusieurs|ces) (?:agents?|conseill\w+|employe\w*|salarie\w*|"
          r"vendeu\w+|caissi\w+|hotesses?|stewards?|chauffeurs?|conducteu\w+|techniciens?|techniciennes?|infirmi\w+|"
          r"soignant\w*|guichetiers?|livreu\w+)")
# who strikes staff ("frappé par un voyageur"), not what strikes them ("frappé par la grève")
_ASSAILANT = (r"(?:voyageurs?|passagers?|passageres?|clients?|clientes?|usagers?|individus?|hommes?|femmes?|jeunes?|inconnus?|inconnues?|"
              r"patients?|patientes?|supporters?|automobilistes?|fraudeurs?|fraudeuses?|ivrognes?|types?|mecs?|gars|personnes?|"
              r"adolescents?|ados?|bande|groupe|parent|pere|mere|famille)")
STAFF_THREAT = _rx(
    r"bombes?", r"bombs?", r"explosifs?", r"explosives?", r"attentat", r"alerte a la bombe",
    r"menaces? de mort", r"death threats?", r"je vais (?:vous|te|la|le|les) (?:tuer|buter|retrouver|frapper|faire payer)",
    r"(?:je vais|on va) (?:l'|la |le |les |vous |te |t')?(?:attendre|guetter|choper) (?:a|devant) la sortie",
    r"(?:vous|tu) (?:allez|vas) le regretter", r"gare a (?:toi|vous)", r"you(?:'ll| will) regret",
    r"watch your back", r"unruly passengers?", r"air rage", r"passagers? (?:ivres? et )?(?:violents?|agressifs?)",
    r"(?:je vais|je passe|je viens|on va|on passe|on vient) (?:\w+ )?(?:m'|nous )?occuper (?:du|de ce|de ton|de votre|des) (?:gars|mecs?|types?)(?! \w+ (?:de|du|des) )",
    r"(?:je passe|je viens|on passe|on vient) (?:\w+ )?(?:m'|nous )?occuper (?:du|de la|de l'|de ce|de cette|de ton|de votre|des) ?"
    r"(?:conseill\w*|employ\w*|vendeu\w*|caissi\w*|salari\w*|directeur|directrice|patron|responsable|technicien\w*|agents?)(?! \w+ (?:de|du|des) )",
    r"(?:should|gonna|going to|will|'ll|let's|lets) pay (?:him|her|them|you) a (?:little )?visit",
    r"(?:vos|tes|leurs) (?:[\w-]+ )?(?:employes|salaries|equipes|conseilleres|conseillers|vendeurs|vendeuses|agents|techniciens|collaborateurs|"
    r"bureaux|locaux|magasins|agences|boutiques|serveurs) (?:vont|va) (?:le |la )?payer(?= ?(?:[.!,;:]|$|cher|pour (?:ca|cela|tout|ce que)))",
    r"your (?:staff|employees|people|team|agents|offices|stores|servers) (?:will|are going to|gonna) pay(?= ?(?:[.!,;:]|$|dearly|for (?:this|it|that|what)))",
    r"home address(?:es)? of (?:our|the|your|an?|one of (?:our|your|the)) (?:\w+ ){0,2}(?:ceo|founder|co-founder|director|manager|employee|staff|adviser|advisor|agent|nurse|doctor|driver|cashier|"
    r"devs?|developers?|moderators?|mods|streamers?|designers?|engineers?|community managers?|artists?)",
    r"doxx?(?:ed|es|ing)?", r"doxx",
    r"threat(?:en|ens|ened|ening) to (?:kill|shoot|stab|hurt|beat|attack|rape|murder|burn|blow up|bomb)\w*",
    r"(?:come|coming|go|going) (?:over )?to (?:my|our|your|his|her|their) (?:house|home|place|office|studio|school|work|door)"
    r"(?: \w+){0,3} (?:and )?(?:kill|hurt|shoot|stab|beat|rape|murder)\w*",
    r"shoot up (?:the|our|your|this|that|a) \w+",
    r"(?:i|he|she|they|we)(?:'ll| will| would|'d| is going to| are going to| am going to) (?:kill|shoot|stab|murder) (?:me|us)",
    r"adresse (?:perso(?:nnelle)?|du domicile|de (?:son|leur) domicile) (?:de |du |d')(?:notre|nos|votre|vos|la|le|l'|un|une) ?(?:\w+ ){0,2}?"
    r"(?:pdg|ceo|fondat\w+|co-?fondat\w+|direct\w+|manag\w+|employe\w*|salarie\w*|conseill\w+|agent\w*|infirmi\w+|medecin\w*|chauffeu\w+|caissi\w+|responsable)",
    r"colis piege", r"engin explosif", r"bomb threat",
    # a place of the business to be blown up or set on fire ("faire sauter le PV" is to void a fine)
    r"(?:vais|va|allons|vont|veux|veut|menace de|menacent de) (?:faire sauter|faire exploser|bruler|cramer|incendier|mettre le feu a) "
    r"(?:la |le |l'|les |ton |ta |tes |votre |vos |cette |ce )(?:concession|magasin|boutique|agence|siege|usine|depot|entrepot|bureaux?|locaux|"
    r"batiment|garage|restaurant|hotel|station|gare|mairie|ecole|clinique|hopital)s?\b",
    r"(?:blow up|burn down|torch|set fire to) (?:the|your|this|that) (?:dealership|store|shop|branch|office|offices|building|warehouse|depot|"
    r"factory|garage|restaurant|hotel|station)",
    r"(?:she|he|they|you)(?:'d| had) better watch (?:out|it|(?:her|his|their|your) back)",
    r"je sais a quelle heure (?:elle|il|tu|vous|ils|elles) (?:finit|finis|finissez|finissent|sort|sors|sortez|sortent|termine|termines|terminez|terminent)",
    r"i know (?:when|what time) (?:she|he|you|they) (?:finish|finishes|leave|leaves|get off|gets off)",
    r"(?:vous|tu|elle|il|ils) (?:allez|vas|va|vont) (?:le )?payer", r"elle va voir", r"il va voir",
    r"je sais ou (?:elle|il|tu|vous|ils) (?:habite|habitez|habites|habitent|vit|vis|gare|se gare|garez|te gares|dort|dors|dorment|"
    r"depose ses enfants|deposez vos enfants)",
    r"i know where (?:you|she|he|they) (?:lives?|parks?|sleeps?)",
    r"lui faire regretter", r"(?:elle|il) va (?:le )?regretter de m'avoir", r"(?:kill|shoot|stab) (?:you|her|him|them|everyone)",
    r"i know (?:which|what) hotel (?:your \w+|she|he|they) (?:stay|stays|are staying|is staying)",
    r"(?:je|on) (?:l'|la |le |les )(?:attendrai|attendra|attendrons|guetterai) (?:a|devant) la sortie(?! d)",
    r"(?<!qu')(?<!que )(?:elle|il|ils|elles) (?:va|vont) comprendre(?! \w)(?! ?\?)",
    r"tuer", r"armed", r"arme a feu", r"braquage", r"hold-up", r"agression", r"agresse(?:e|s|es)?",
    r"assaulted", r"menace(?:e|nt|r)? (?:le|la|les|une|un|nos|notre|des) (?:personnel|salaries?|employes?|"
    r"conseill\w*|collegues?|equipes?|agents?|guichetiers?|vendeu\w*|caissi\w*|staff)"
    r"(?! (?:[\w'-]+ ){0,3}(?:de|d'|du) ?(?:les |un |une )?(?:licenci\w*|fermeture|sanctions?|mutations?|renvoi|poursuites|plaintes?|proces|greve|"
    r"demission|mise a pied|avertissement|delocalis\w*|chomage))",
    r"(?:a|ont|avait|avaient|l'a|les a|nous a) menace(?:e|s|es)? (?:le |la |les |une |un |nos |notre |des |l'|mon |ma |mes |son |sa |ses |deux |plusieurs |"
    r"un de nos |une de nos |l'un de nos |l'une de nos )"
    r"(?:personnel|salarie\w*|employe\w*|conseill\w*|collegues?|equipes?|agents?|agentes?|guichetiers?|guichetieres?|vendeu\w*|caissi\w*|staff|"
    r"secretaires?|hotesses?|receptionnistes?|infirmi\w*|medecins?|enseignant\w*|professeu\w*|animat\w*|chauffeu\w*|conductri\w*|conducteurs?|"
    r"controleu\w*|livreu\w*|serveu\w*|vigiles?|gardiens?|gardiennes?|pharmacien\w*|gerant\w*|directeur|directrice|responsable)"
    r"(?! (?:[\w'-]+ ){0,3}(?:de|d'|du) ?(?:les |un |une )?(?:licenci\w*|fermeture|sanctions?|mutations?|renvoi|poursuites|plaintes?|proces|greve|demission|mise a pied|avertissement))",
    r"threatened (?:our|the|an?|one of our|one of the|two of our|several of our) (?:staff|employees?|team|advisers?|advisors?|tellers?|receptionists?|nurses?|"
    r"doctors?|cashiers?|drivers?|agents?|guards?|security guards?|teachers?|carers?|pharmacists?|colleagues?|workers?|crew|waiters?|waitresses?)",
    r"threat(?:en(?:s|ing)?)? (?:our|the|an?) (?:staff|employees?|team|advisers?|advisors?|tellers?)(?! (?:faces?|is|are|of)\b)(?!'s? jobs?)",
    r"s'en prendre (?:a|aux) (?:la |le |l'|les |nos |notre |vos |votre |mes |mon |ma |ses |son |sa )?(?:personnel|salaries?|employes?|"
    r"conseill\w*|collegues?|equipes?|agents?|vendeu\w*|caissi\w*|staff|support)",
    r"(?:a|ont|avait|avaient) (?:frappe|gifle|bouscule|cogne|roue de coups|crache sur|etrangle) (?:une?|l'|la|le|notre|deux|trois|plusieurs) ?"
    r"(?:infirmi\w*|aide-soignan\w*|medecins?|docteurs?|internes?|soignan\w*|agents?|conseill\w*|caissi\w*|vendeu\w*|employ\w*|"
    r"salari\w*|collegues?|vigiles?|chauffeurs?|livreu\w*|guichetiers?|hotesses?|receptionnistes?|brancardiers?|sages-femmes?|pharmacien\w*)",
    r"(?:punched|slapped|attacked|kicked|spat on|headbutted|assaulted) (?:a|an|the|one of our|two|several) "
    r"(?:nurses?|doctors?|employees?|cashiers?|drivers?|agents?|guards?|receptionists?|carers?|paramedics?|pharmacists?|colleagues?)",
    r"(?:infirmi\w+|aide-soignan\w+|medecins?|internes?|soignan\w+|agents?|caissi\w+|vendeu\w+|conseill\w+|chauffeurs?|livreu\w+|hotesses?|stewards?|"
    r"conducteurs?|conductrices?|controleu\w+) "
    r"(?:a ete |ont ete |s'est fait |s'est faite |se sont fait |se sont faites )?(?:(?:agresse|gifle|roue de coups|tabasse|mordu|poignarde)(?:e|s|es)?"
    r"|(?:frappe|frappee|frappes|frappees)(?= par (?:un |une |des |deux |trois |plusieurs |l'|le |la )?(?:\w+ )?" + _ASSAILANT + r"| a coups| au visage| a la tete| violemment)"
    r"|(?:insulte|insultee|insultes|insultees|bouscule|bousculee) et menacee?s?)",
    r"(?:drivers?|conductors?|inspectors?|guards?|staff members?|employees?|cashiers?|nurses?|agents?) "
    r"(?:was |were |got |has been |have been )?(?:punched|slapped|attacked|assaulted|kicked|headbutted|stabbed|spat on)"
    r"(?= by| and| this| at| in| on|$| *[.,;:!?])",
    r"(?:nurses?|doctors?|carers?|paramedics?|cashiers?|drivers?|guards?|staff members?|employees?|colleagues?|cabin crew|stewards?) "
    r"(?:was|were|got|has been|have been) (?:punched|slapped|attacked|assaulted|kicked|headbutted|stabbed)",
    r"menace(?:e|nt)? (?:[\w']+ ){0,3}avec (?:une|un) (?:chaise|couteau|arme|bouteille|barre|ciseaux|seringue|cutter|marteau)",
    r"threatened (?:\w+ ){0,3}with (?:a|an) (?:chair|knife|weapon|bottle|bar|scissors|syringe|hammer|gun)",
    r"regler (?:ses|leurs|mes|nos) comptes['\"»]? avec(?! (?:votre|vous|la|cette|ma|mon|notre|leur|sa|son) (?:societe|banque|entreprise|compagnie|assurance|mutuelle|operateur|fournisseur|agence))"
    r"(?! (?:son|sa|ses|leur|leurs|mon|ma|mes) (?:passe|histoire|enfance|demons|fantomes|famille|pere|mere))", r"lui regler son compte", r"settle (?:the |a )?score with",
    r"burn (?:the|your|this|that) (?:shop|store|office|branch|building|place) down", r"burn (?:it|you) (?:all )?down",
    r"(?:bruler|cramer) (?:la|le|votre|ta|cette|ce|l') ?(?:boutique|magasin|agence|bureau|local|locaux)",
    r"mettre le feu (?:a|au|aux) (?:la |le |l'|votre |vos |ta |cette |ce )?(?:boutique|magasin|agence|bureau|local|locaux|entrepot)",
    r"(?:s'est|se sont|me suis|s'etait|s'etaient) fait(?:e|s|es)? (?:braquer|agresser|tabasser|attaquer(?! en justice))",
    # violence said in the passive, weapons, a suspect package
    r"(?:se faire|s'est fait|se sont fait|me suis fait|s'etait fait|s'etaient fait|vient de se faire|viennent de se faire)(?:e|s|es)? "
    r"(?:(?:[\w'-]+ ){1,4}(?:et|puis) )?(?:frapper|gifler|poignarder|cogner|molester|bousculer violemment|rouer de coups|menacer avec|"
    r"cracher dessus|tabasser)",
    # threatened, said in the passive by or of staff (a customer "menacé de fichage par la banque" is no threat against staff)
    r"(?:s'est fait|se sont fait|s'etait fait|vient de se faire|viennent de se faire)(?:e|s|es)? "
    r"(?:(?:[\w'-]+ ){1,4}(?:et|puis) )?menacer(?! (?:de |d')(?!mort|(?:un|une) (?:couteau|arme|pistolet|cutter|barre|batte|bouteille|seringue|marteau)))"
    r"(?! par (?:la |le |l'|mon |ma |mes |notre |votre |vos |son |sa )?(?:banque|banquier|conseill\w*|controleu\w*|service|operateur|"
    r"assurance|agent|chauffeur|conducteur|vendeu\w*|caissi\w*|direct\w*|patron|chef|manager))",
    r"armee?s? (?:d'un|d'une|de) (?:couteau|pistolet|fusil|arme|cutter|machette|sabre|hache|barre de fer|batte)",
    r"(?:homme|individu|type|mec|gars|inconnu|inconnue|femme|jeune) (?:\w+ ){0,2}avec (?:un|une) (?:couteau|pistolet|fusil|flingue|machette|cutter|hache|arme)"
    r"(?! (?:de cuisine|casse|cassee|defectueu\w*|neuf|neuve))",
    r"(?:brandit|brandissait|brandissant|sort|a sorti|sortait) (?:un|une) (?:couteau|pistolet|arme|cutter|machette|flingue)",
    r"threat(?:en|ens|ened|ening) (?:\w+ ){0,3}with (?:a|an) (?:knife|gun|weapon|machete|bat|bottle|syringe|hammer|pistol|rifle)",
    r"(?:man|woman|guy|someone|somebody|individual|teen|stranger) (?:\w+ ){0,3}with a (?:knife|gun|machete|pistol|rifle|weapon)(?! (?:tattoo|toy|emoji|skin|costume|shaped))",
    r"(?:armed|waving|brandishing|pulled out|pulls out|pulled) (?:with )?(?:a|an) (?:knife|gun|machete|pistol|rifle|weapon)",
    r"(?:colis|objet|engin)s? suspects?", r"suspicious (?:package|parcel|device|object)",
    r"(?<!mon )(?<!ma )(?<!mes )(?<!retrouve )(?<!retrouve ma )(?<!retrouve mon )(?:colis|bagages?|sacs?|valises?) abandonnee?s? "
    r"(?:sur|dans|pres d[eu]|a cote d[eu]) (?:le |la |l'|les )?(?:quais?|rames?|stations?|gares?|bus|tram|metro|terminal|aerogare|wagons?)",
    r"(?<!my )unattended (?:bag|package|parcel|suitcase)s? (?:on|in|at|near) (?:the )?(?:platform|train|bus|tram|station|terminal|concourse)",
    r"(?:sacs?|bagages?|valises?)s? suspects?",
    # someone coming armed, or with a weapon on them
    r"(?:viendra|viendrait|va venir|vient|venir|revenir|reviendra|reviendrait|debarquer|debarquera) "
    r"(?:\w+ ){0,2}arme(?:e|s|es)?\b(?! (?:de|d'|du|des)\b)",
    r"(?:individu|homme|type|mec|gars|inconnu|etudiant|eleve|client|passager|jeune)s? (?:est |etait |sont |etaient )?arme(?:e|s|es)?\b"
    r"(?! (?:de|d'|du|des)\b)",
    r"(?:bring|bringing|brings|brought) (?:a |his |her |their )?(?:gun|knife|weapon|rifle|pistol|firearm)s? (?:to|into) "
    r"(?:school|class|work|the (?:office|store|shop|campus|exam|meeting|building|station|hospital))",
    r"(?:has|had|with|carrying|carries|is carrying|was carrying) a (?:gun|firearm|pistol|rifle)(?![\w-])"
    r"(?! (?:emoji|tattoo|toy|costume|shaped|skin|show|licen[cs]e|control|range|safety|law|metal))",
    r"(?<!j'ai )(?<!\bon )(?<!nous avons )(?<!vous avez )(?:a|avait|porte|portait|cache|cachait) (?:un|une) "
    r"(?:couteau|pistolet|fusil|flingue|machette|arme)(?! (?:a |de cuisine|en plastique|jouet|factice|de collection|suisse|de table|de chef|"
    r"opinel|de lavage|secrete|fatale|absolue|de seduction|de vente|de communication))",
    r"(?:venir|viendra|viendrait|vient|revenir|reviendra|passer) avec de quoi regler (?:ses|leurs|mes|nos|son) comptes?",
    # staff named or shown to the public by a hostile account
    r"(?<!on a )(?<!j'ai )(?<!nous avons )(?<!on )(?<!nous )(?:publie|poste|partage|diffuse|balance|affiche)\w* (?:\w+ ){0,2}(?:les |des )?"
    + _IDENTITY + r"(?: et (?:les |des |leurs )?"
    + _IDENTITY + r")? (?:de |des |d')" + _STAFF,
    r"(?:les |des )?" + _IDENTITY + r" et (?:les |des |leurs )?" + _IDENTITY + r" (?:de |des |d')" + _STAFF,
    r"(?<!we )(?<!i )(?<!we've )(?<!i've )(?:posted|posting|shared|sharing|published|leaked) (?:\w+ ){0,2}(?:the )?(?:names?|photos?|pictures?|faces|addresses|phone numbers)"
    r"(?: and (?:their )?(?:names?|photos?|pictures?|faces|addresses|phone numbers))? of (?:\d+|two|three|four|five|several) "
    r"(?:staff|employees?|agents?|cashiers?|nurses?|drivers?|advisers?|advisors?|colleagues?|crew|flight attendants?|technicians?)",
)
