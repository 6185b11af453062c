"""Word lists for French and English text handling: stop words, question frames, abbreviations.

Everything here is written in accent-folded lower case, the form ``knowledge.text`` compares in.
The lists describe the two languages and the way people ask "who handles this?" in a company
chat; they name no department and no registry.
"""
from __future__ import annotations

# Function words of French, folded (``à`` -> ``a``). Elided forms (l', d', qu') are cut before.
FRENCH_STOP_WORDS = frozenset("""
a ai aie aient aies ait al alors as au aucun aucune aupres aussi autre autres aux avaient avais
avait avant avec avez aviez avions avoir avons ayant ayez ayons bah ben bon c ca car ce ceci cela
celle celles celui cependant certain certaine certaines certains ces cet cette ceux chacun chacune
chaque chez ci comme comment d dans de debout dedans dehors depuis des desquelles desquels dessous
dessus deja donc dont du duquel durant elle elles en encore entre es est et etaient etais etait
etant ete etes etiez etions etre eu eue eues eurent eus eusse eut eux fais fait faites faut fois
font furent fut hors ici il ils j je jusqu jusque l la laquelle le lequel les lesquelles lesquels
leur leurs lors lorsque lui m ma mais me meme memes mes moi moins mon n ne ni non nos notre nous
o on ont or ou par parce parmi pas peu peut peuvent peux plus plupart pour pourquoi pourrait
pourriez pouvez pouvons puis puisque qu quand que quel quelle quelles quels qui quoi s sa sans se
sera serait seront ses si sien sienne siennes siens soi soient sois soit sommes son sont sous
suis sur t ta tandis te tel telle telles tels tes toi ton tous tout toute toutes tres trop tu un
une unes uns va vais vas vers via voici voila vont vos votre vous vu y
aujourd hui hier demain oui ok okay voila bref genre truc trucs chose choses plait contre
personne personnes rien tous quelque quelques plusieurs beaucoup vraiment juste deja
dit dis disent dire disait disaient dise bonjour bonsoir salut coucou merci cordialement
""".split())

# Numbers, durations and dates: they say when and how much, never who is responsible.
TIME_AND_NUMBER_WORDS = frozenset("""
zero deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize vingt
trente quarante cinquante soixante cent cents mille million millions milliard premier premiere
deuxieme troisieme dernier derniere
one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty
hundred hundreds thousand thousands million millions first second third last
seconde secondes minute minutes heure heures jour jours journee semaine semaines mois an ans
annee annees fois matin matinee soir soiree nuit midi minuit lendemain
hour hours day days week weeks weekend month months year years time times morning evening night
tonight today tomorrow yesterday noon
lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday wednesday thursday friday
saturday sunday janvier fevrier mars avril mai juin juillet aout septembre octobre novembre
decembre january february march april june july august september october november december
""".split())

# Function words of English.
ENGLISH_STOP_WORDS = frozenset("""
a about above after again against all also am an and any are aren as at be because been before
being below between both but by can cannot could couldn d did didn do does doesn doing down
during each else ever few for from further had hadn has hasn have haven having he her here hers
herself him himself his how i if in into is isn it its itself just ll m me might more most much
must mustn my myself no nor not now o of off on once only or other our ours ourselves out over own
re s same shall shan she should shouldn so some such t than that the their theirs them themselves
then there these they this those through to too under until up us ve very was wasn we were weren
what whats when where which while whom why will with won would wouldn y yet you your yours
yourself yourselves yes ok okay please thanks thank hi hello hey also even still really got get
gets getting go goes going gone let lets make made one ones thing things stuff
since already ago anyway maybe perhaps though although whether etc per via almost another
says said saying dear cheers
""".split())

# Stop words that still carry a phrase's meaning: a registry phrase that writes one of them
# ("servers down", "not delivered", "hors service") means it, and "servers" alone is not it.
MEANING_STOP_WORDS = frozenset("""
down up off out over back away not no never without nor
pas plus jamais sans aucun aucune rien hors
""".split())

# The frame of a routing question: who to ask, how to pass it on. They say nothing about the
# subject, so they must not count as evidence for any department.
QUESTION_FRAME_WORDS = frozenset("""
qui quoi quel quelle quels quelles quelqu quelqun gere gerer gerent geres occupe occuper
occupent traite traiter traitent contacter contacte joindre prevenir previens previent
transmettre transmets transmet renvoyer renvoie rediriger redirige envoyer envoie remonter
remonte signaler signale savoir sait sais demander demande cest faire fait voir vois
who whom whose handles handle handled handling deals deal dealing manages manage managing owns
own responsible route routes routed forward forwarded send sent talk ask asking reach tell
know knows anyone someone somebody
escalate escalates escalated escalating escalation escalade escalader escaladez escalades
""".split())

# Chat and business abbreviations, expanded into what they stand for before stop words apply.
# Only expansions that are unambiguous in a company chat are listed; an empty expansion drops
# the token (laughter, filler).
ABBREVIATIONS: dict[str, str] = {
    # French chat shorthand
    "svp": "s'il vous plait", "stp": "s'il te plait", "pb": "probleme", "pbs": "problemes",
    "pbm": "probleme", "rdv": "rendez0vous", "abo": "abonnement", "abos": "abonnements",
    "reduc": "reduction", "reducs": "reductions", "resto": "restaurant", "restos": "restaurants",
    "ordi": "ordinateur", "ordis": "ordinateurs", "mutu": "mutuelle", "manif": "manifestation",
    "manifs": "manifestations", "qd": "quand", "jsp": "je sais pas", "dac": "d'accord", "cb": "carte bancaire", "pk": "pourquoi",
    "pq": "pourquoi", "pcq": "parce que", "pck": "parce que", "bcp": "beaucoup", "tt": "tout",
    "tjs": "toujours", "tjrs": "toujours", "qqn": "quelqu'un", "qqun": "quelqu'un",
    "qqch": "quelque chose", "qq": "quelques", "ajd": "aujourd'hui", "auj": "aujourd'hui",
    "dsl": "desole", "mdr": "", "ptdr": "", "lol": "", "tkt": "", "jsuis": "je suis",
    "chui": "je suis", "jsais": "je sais", "jpeux": "je peux", "jveux": "je veux",
    "ct": "c'etait", "jai": "j'ai", "ya": "il y a", "bjr": "bonjour", "bsr": "bonsoir",
    "slt": "salut", "cad": "c'est-a-dire", "cdt": "cordialement", "cdlt": "cordialement",
    "mtn": "maintenant", "msg": "message", "msgs": "messages", "tel": "telephone",
    "convoc": "convocation", "convocs": "convocations", "delib": "deliberation", "delibs": "deliberations",
    "num": "numero", "infos": "informations", "info": "information", "dispo": "disponible",
    "dispos": "disponibles", "maj": "miseajour", "mdp": "mot de passe", "pj": "piece jointe",
    "cv": "curriculum vitae", "dm": "message prive", "mp": "message prive",
    # English chat shorthand
    "asap": "as soon as possible", "fyi": "for0your0information", "btw": "by0the0way",  # asides (see FIXED_EXPRESSIONS)
    "pls": "please", "plz": "please", "thx": "thanks", "ty": "thank you", "u": "you",
    "ur": "your", "idk": "i do not know", "imo": "in my opinion", "eta": "estimated time",
    "wfh": "work from home", "ooo": "out of office", "pm": "private message",
    # French business shorthand
    "rh": "ressources humaines", "drh": "directeur ressources humaines", "dg": "directeur general",
    "pdg": "president directeur general", "dsi": "direction systemes information",
    "rssi": "responsable securite systemes information", "dpo": "delegue protection donnees",
    "com": "communication", "compta": "comptabilite", "appli": "application",
    "applis": "applications", "app": "application", "apps": "applications",
    "assu": "assurance", "assur": "assurance", "immo": "immobilier", "conso": "consommation",
    "pro": "professionnel", "pros": "professionnels", "perso": "personnel", "secu": "securite",
    "admin": "administration", "appro": "approvisionnement", "presta": "prestataire",
    "prestas": "prestataires", "resa": "reservation", "resas": "reservations",
    "cdd": "contrat duree determinee", "cdi": "contrat duree indeterminee", "itw": "interview",
    "ao": "appel d'offres", "aos": "appels d'offres",
    "ecom": "e-commerce", "sav": "service apres-vente", "rs": "reseaux sociaux",
    "cm": "community manager", "po": "product owner", "ag": "assemblee generale",
    "cse": "comite social economique", "tva": "taxe valeur ajoutee", "factu": "facturation",
    "recla": "reclamation", "reclam": "reclamation", "remb": "remboursement", "rembt": "remboursement",
    "rembourst": "remboursement", "bibli": "bibliotheque", "biblis": "bibliotheques",
    "ij": "indemnites journalieres", "lrar": "lettre recommandee accuse reception",
    "cmd": "commande", "cde": "commande", "dev": "developpement", "prod": "production",
    "collab": "collaborateur", "collabs": "collaborateurs", "mgr": "manager",
    # English business shorthand
    "hr": "human resources", "ceo": "chief executive", "cfo": "chief financial officer",
    "cto": "chief technology officer", "ciso": "chief information security officer",
    "cs": "customer service", "cx": "customer experience", "acct": "account",
    "accts": "accounts", "pwd": "password", "mgmt": "management", "dept": "department",
    "govt": "government", "qty": "quantity", "2fa": "two factor authentication",
    "mfa": "multi factor authentication", "otp": "one time password",
    "ddos": "denial of service",
}

# Fixed expressions whose words mean something else on their own: "prendre en compte" (take into
# account) has no bank account in it, "out of order" (broken) no order, "en train de" (in the
# middle of) no train. Each is read as one word, its words joined by zeros ("prendre0en0compte"; what
# one holds about a person is the one word ``HELD_ABOUT_WORD`` however it is said), on both
# sides of every match (registry, thesaurus, messages), so a department word inside one never
# counts. Patterns run on folded text (lower case, no accents) before elisions are cut; the
# longer alternatives come first.
_TAKE = r"(?:prendre|prend|prends|prenons|prenez|prennent|pris|prise|prises|prenait|prendra)"
_DO = r"(?:faire|fait|fais|faites|faisons|font|faisait|fera)"
# What an organisation holds about a person, in words that are all stop words or everyday ones
# ("tout ce que vous avez sur moi", "the data you hold about me"): read as one word,
# ``HELD_ABOUT_WORD``, whatever the wording.
HELD_ABOUT = (
    r"(?:(?:tout|tous|toutes) (?:ce|les (?:infos|informations|donnees|renseignements))|(?:les |des )?(?:infos|informations|donnees|renseignements))"
    r" (?:que |qu')(?:on|vous|nous|l'on|la societe|l'entreprise|la boite|la ville|la mairie) "
    r"(?:a|avez|avons|detient|detenez|detenons|possede|possedez|possedons|garde|gardez|gardons|conserve|conservez|conservons|stocke|stockez)"
    r" (?:encore )?sur (?:moi|lui|elle|eux|elles|nous)"
    r"|quell?e?s? (?:infos|informations|donnees|renseignements) (?:avez-vous|detenez-vous|possedez-vous|gardez-vous|conservez-vous|vous avez|vous detenez)"
    r" sur (?:moi|lui|elle|eux|elles|nous)"
    r"|(?:(?:all the |all |any |whatever |the |what )?(?:personal )?(?:data|information|info|details)|everything|anything) (?:that )?"
    r"(?:do |does |did )?(?:you|we|they) (?:hold|have|keep|store)"
    r" (?:on file )?(?:on|about) (?:me|him|her|them|us)"
)
HELD_ABOUT_WORD = "donnees0detenues"

FIXED_EXPRESSIONS: tuple[str, ...] = (
    # French
    rf"{_TAKE} en compte", r"(?:tenir|tiens|tient|tenu|tenez|tenons|tiennent) compte",
    r"(?:rendre|rends|rend|rendu|rendue|rendez|rendons|rendent|rendait) compte",
    r"comptes? rendus?", r"en fin de compte",
    rf"{_TAKE} en charge", r"en charge",
    r"au cas ou", r"en tout cas", r"dans (?:ce|tous les) cas", r"le cas echeant",
    r"en toute confidentialite",  # discreetly: no personal data in it
    r"\d+(?:[.,]\d+)? ?(?:cm|mm|pm)",  # a size or an hour: "30 cm" is no community manager, "3 pm" no private message
    r"du coup", r"par rapport", r"point de vue", rf"{_DO} le point",
    r"(?:mettre|met|mets|mettons|mettez|mettent|mis|mise|mises) en place", r"sur place",
    r"tout de suite", r"par la suite", r"donner suite",
    r"suite a(?:ux?)? (?:votre|vos|ton|ta|tes|notre|nos|mon|ma|mes|son|sa|ses|leur|leurs|la|le|les|un|une|l'|ce|cet|cette|ces)",
    r"de la part", rf"{_DO} part",
    r"ca marche", r"tout a l'heure", r"de toute facon", r"a propos",
    r"(?:suis|es|est|sommes|etes|sont|etais|etait|etions|etiez|etaient|etre|ete) en train d(?:e|')",
    rf"{_DO} appel a(?:ux?)?", r"(?:pas de|aucun|sans) soucis?",
    r"(?:laisser|laisse|laisses|laissez|laissons|laissent) tomber",
    r"au niveau", r"en tout etat de cause", r"hors service",
    r"places? du marche",  # a town square, not a "place de marché" (an online marketplace)
    r"rez[- ]de[- ]chaussee",  # the ground floor, not a roadway
    r"seconde?[- ]mains?", r"second[- ]hand",  # used goods: no hand in them
    r"la poste(?! (?:de travail|informatique|de (?:police|secours|garde|pilotage|commandement)))",  # the postal service, no social post
    r"rendez[- ]vous(?! compte)",  # an appointment: no "rendre", no "vous"
    # a screen that says something is the messenger: what it says is the subject ("l'appli dit que
    # mon pass est expiré" is about the pass)
    r"(?:l'appli|l'app|l'application|le site|l'ecran|la borne|l'automate) (?:me |nous )?(?:dit|indique|affiche|marque) que",
    r"reseaux? sociaux", r"reseau social", r"medias sociaux",  # no network of branches, no press
    HELD_ABOUT,  # "tout ce qu'on a sur elle": a request for one's data, though every word is small
    # an aside, not about information: said before a pause ("pour info, ...", not "pour information voyageurs")
    r"(?:pour (?:info|information)|a titre (?:d'information|informatif))(?= *(?:[,:;.!?)-]|$))",
    r"(?:partir|part|partent|parti|partis|partie|parties) en fumee",
    # an ultimatum ("menace de partir", "threatens to leave") is not a threat against anyone; only
    # what a customer or a partner threatens to do to the business is read so, any other verb
    # ("menace de mort", "menace de poignarder", "menace de tout casser") stays a threat
    r"menac(?:e|es|ent|ait|aient|ee|ees|er|ant) d(?:e |')(?=(?:tout )?(?:partir|quitter|resilier|arreter|annuler|changer|passer chez|aller (?:a|chez|voir)|"
    r"faire (?:la |une )?greve|se mettre en greve|demissionner|"
    r"porter plainte|saisir|publier|poster|balancer|tout balancer|tout raconter|raconter|ecrire|signaler|alerter|contacter|prevenir|boycotter|"
    r"retirer|rompre|couper|suspendre|cesser|ne plus|faire (?:un|une) (?:scandale|reclamation|avis)|laisser (?:un|une)|mettre (?:un|une) (?:avis|note))\b)",
    # English
    r"out of order", r"out of service", r"in order (?:to|for)", r"in charge", r"free of charge",
    r"(?:take|takes|taking|took|taken) care of", r"in (?:any|that|this|which) case",
    r"(?:just )?in case", r"in terms of", r"right (?:now|away)", r"long story short",
    r"social (?:networks?|media)",
    r"the (?:app|website|site|screen|machine|kiosk) (?:says|tells me|tells us|shows) that",
    r"(?:for your information|by the way)(?= *(?:[,:;.!?)-]|$))", r"just so you know",
    r"(?:go|goes|went|gone|going) up in smoke",
    r"threaten(?:s|ed|ing)? to (?=(?:leave|cancel|switch|quit|sue|post|go (?:to|public)|report|stop|close|withdraw|boycott|take (?:us|this|it)|"
    r"write|complain|contact|tell|share|pull|move|take (?:their|his|her) business)\b)",
    # names with a number, which a text's word reading would drop ("France 3" would be a country)
    r"(?<!en )(?<!la )france (?:2|3|4|5|24)(?! ?%)",
)

# Upper-case acronyms whose lower-case form is an ordinary word ("IT" and "it").
ACRONYMS: dict[str, str] = {
    "IT": "informatique", "PR": "public relations", "CE": "comite entreprise",
    "CA": "chiffre d'affaires", "RP": "relations presse", "SI": "systemes information",
    "VE": "vehicule electrique",
}

# Words that say where a message was seen (a tweet, a review, a DM), not what it is about.
# They count, but only a little: nearly every flagged message carries one.
WEAK_WORDS = frozenset("""
tweet tweets tweete retweet retweets rt post posts poste poster publie publier publication
publications commentaire commentaires comment comments story stories reel reels thread fil
message messages mail mails email emails courriel courriels prive private chat avis review
reviews note notes capture captures screenshot screenshots lien link url facebook fb insta
instagram twitter tiktok linkedin youtube snapchat reddit whatsapp messenger google trustpilot
bluesky mastodon page pages tweeted posted shared partage partages partagee tague tag tagged
mention mentions mentionne abonne abonnes abonnee abonnees follower followers following
subscriber subscribers like likes aime vue vues view views reaction reactions internaute
internautes user users utilisateur utilisateurs video videos photo photos hashtag
""".split())
