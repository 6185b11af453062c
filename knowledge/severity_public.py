"""The wording of what makes a mention public or sensitive in the severity rubric: a viral burst,
the press and its deadlines, influencers, regulators, discrimination, a complaint going public
and the audience numbers that say so, in French and English (``knowledge.severity`` rates a
message with them; the incidents themselves are in ``knowledge.severity_rules``).

Read like the rules there: whole-word alternatives on the cleaned, accent-folded text, each run
only when a text has the words it needs (``knowledge.alternations``).
"""
from __future__ import annotations

import re

from knowledge.alternations import rx as _rx  # the name the rules were written with

AUDIENCE_HIGH = 10_000  # followers of an account that counts as an influencer
ENGAGEMENT_HIGH = 500  # reactions/shares/views that make a complaint public
VIRAL_BURST = 1_000  # that many reactions within hours is a crisis spreading fast
VIRAL_DAY = 100_000  # ...and that many since yesterday


_DAYS = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_HOUR = r"\d{1,2} ?(?:h|heures?)(?: ?\d\d)?|\d{1,2}(?::\d\d)? ?(?:am|pm)|\d{1,2}:\d\d"

VIRAL = _rx(
    r"viral(?:e|es|ity)?", r"virality", r"top tendances?", r"en tendance", r"dans les tendances",
    r"trending", r"trend(?:ing)? topic", r"bad buzz", r"fait le buzz", r"boycott\w*", r"monte vite",
    r"s'emballe", r"s'enflamme", r"spreading fast", r"blowing up", r"going viral", r"gone viral",
    r"viralite", r"fait le tour (?:des reseaux|du web|d'internet|de twitter|de tiktok)",
    r"(?:repris|relaye|partage) partout", r"partout sur (?:twitter|x|tiktok|instagram|facebook|linkedin|les reseaux)",
    r"explose sur", r"everywhere on", r"making the rounds", r"spreading (?:like|across|on)",
    r"tout le monde en parle", r"circule (?:partout|sur)",
    # trending ("#Boycott en TT depuis 1h"), not working from home ("je suis en TT demain", "2 jours en TT")
    r"(?<!\bsuis )(?<!\bes )(?<!\best )(?<!\bsommes )(?<!\betes )(?<!\bsont )(?<!\betre )"
    r"(?<!\bjour )(?<!\bjours )(?<!\bsemaine )(?<!\breste )(?<!\brester )(?<!\btravaille )"
    r"(?<!\btravailler )(?<!\bbosse )(?<!\bbosser )(?<!\bpasse )(?<!\bpasser )(?<!\bmis )"
    r"(?<!\bmise )(?<!\bmoi )"
    r"en tt(?= (?:depuis|france|n|no|numero|sur (?:x|twitter)|mondial|monde|partout|apres|et|avec)\b| *[,:;.!?]| *$)", r"explose de partout",
)
# pictures or a video of an incident circulating on a public platform (not one the company is filming)
_PLATFORM = r"(?:x|twitter|tiktok|insta\w*|facebook|fb|snapchat|reddit|telegram|les reseaux|les groupes (?:fb|facebook))"
CIRCULATING = _rx(
    r"(?<!nos )(?<!notre )(?:videos?|captures?|photos?|posts?|ca) (?:(?!que\b|qu'|qu\b)[\w']+ ){0,3}?(?:qui )?"
    r"(?:tourne|tournent|circule|circulent|commence a (?:tourner|circuler)|commencent a (?:tourner|circuler)) "
    r"(?:deja |partout |en boucle )?(?:sur|dans) (?:un |le |les )?(?:groupes? )?" + _PLATFORM,
    r"(?:videos?|captures?|photos?) (?:qui )?tournent partout",
)
PRESS = _rx(
    r"journalistes?", r"journalists?", r"reporters?", r"pigistes?", r"redaction", r"redacteur",
    r"redactrice", r"newsroom", r"reportage", r"tourne un sujet", r"un sujet sur", r"interviews?",
    r"interviewer", r"itw", r"enquete journalistique", r"press inquiry", r"media inquiry",
    r"for (?:a|an|their|his|her) (?:follow-up )?(?:article|piece(?! of)|story)",
    # "pour une pièce" is a spare part, "pour un article" may be an item for sale
    r"pour (?:un|son|leur) (?:papier|reportage)", r"pour (?:un|son|leur) article (?:sur|de presse|a paraitre)",
    r"(?:a|for) quote(?! for (?:\d|about \d|around \d))", r"notre version", r"notre reaction", r"our comment", r"request for comment",
    r"(?:runs?|running|publish(?:es|ing)?) (?:a|the|an|this) (?:story|article|piece)", r"(?:wants?|asks? for) a comment",
    r"(?:ask|asks|asked|asking|request|requests|requested|requesting) (?:\w+ )?for (?:a |our |any )?comments?",
    r"(?:tv|television|radio|news|documentary) (?:\d+ )?producers?", r"(?:bbc|cnn|itv|sky) (?:\w+ ){0,2}producers?",
    r"producers? (?:at|from) (?:\w+ ){0,2}(?:bfm\w*|bbc|cnn|itv|sky|channel \d|france ?\d|tf1|m6|arte|rtl|rmc|lci|cnews)\b",
    # a person named with the newsroom they write for ("Marion L. (Ouest-France)")
    r"(?:le parisien|le figaro|liberation|libe|ouest-france|mediapart|le progres|sud ouest|la depeche|la provence|le dauphine|"
    r"la voix du nord|les echos|le monde|20 minutes|franceinfo|france info|france bleu|france inter|bfm\w*|tf1|m6|rtl|rmc|europe 1|"
    r"bbc|cnn|le point|l'express|l'obs|konbini|huffpost|nice-matin|le telegramme|la croix|"
    r"60 millions de consommateurs|que choisir)(?=\))", r"(?:bbc|cnn|itv|sky news|bfm ?tv|france ?[0-9]|tf1|m6) (?:producer|crew|team|journalist)s?",
    r"(?:airing|air|broadcast(?:ing)?) (?:a|the|this|our) (?:segment|report|documentary|programme|program)",
    r"equipe de tournage", r"film crew", r"camera crew",
    # a reporter's own words: a piece in the making about the business (not "un article sur mon blog"),
    # a speaker wanted live
    r"(?:prepare|prepares|preparons|preparent|ecris|ecrit|ecrivons|redige|rediges|boucle|bouclons) un (?:papier|reportage|article) "
    r"(?:sur|a propos de|concernant)(?! (?:mon|ma|mes|notre|nos) (?:blog|experience|vie|voyage|famille|stage|memoire)\b)"
    r"(?! (?:[\w'-]+ ){0,7}(?:l')?(?:blog|ecole|lycee|fac|universite|memoire|cours|classe)\b)",
    r"(?:writing|working on|preparing|putting together|researching) (?:a|an) (?:piece|story|article|feature|segment) (?:for|on|about)"
    r"(?! (?:\w+ ){0,2}(?:my|his|her|our|kids|children|grandkids|school|university|college|class|blog|assignment|homework|family)\b)",
    r"doing (?:a|an) (?:piece|story|segment) (?:on|about)"
    r"(?! (?:\w+ ){0,2}(?:my|his|her|our|kids|children|grandkids|school|university|college|class|blog|assignment|homework|family)\b)",
    r"(?:intervenante?|porte-parole|interlocuteur)s? (?:[\w'-]+ ){0,6}(?:en direct|a l'antenne|en plateau|sur (?:le|notre|leur) plateau|dans (?:la|sa|leur|notre) matinale)",
    r"(?:radio|tele|tv|bfm\w*|tf1|m6|france ?\d+|france (?:bleu|inter|info|culture)|franceinfo|rtl|rmc|europe 1|lci|cnews|arte) "
    r"(?:[\w'-]+ ){0,2}(?:veut|veulent|voudrait|voudraient|aimerait|aimeraient|souhaite|souhaiterait|demande|cherche|nous contacte\w*|nous appelle\w*) "
    r"(?:[\w'-]+ ){0,2}(?:intervenante?|interview|itw|porte-parole|reaction|temoignage|interlocuteur|responsable|direct(?:eur|rice)|reportage)",
    # a newsroom by its name, asking
    r"(?:bfm\w*|tf1|m6|france ?\d+|france (?:bleu|inter|info|culture)|franceinfo|rtl|rmc|europe 1|lci|cnews|arte|le parisien|"
    r"le figaro|libe|ouest-france|l'afp|afp|reuters|bbc|cnn|sky news|itv|mediapart|le progres|sud ouest|"
    r"la depeche|la provence|le dauphine|la voix du nord|les echos|konbini|huffpost) "
    r"(?:veut|veulent|voudrait|voudraient|demande|demandent|nous contacte\w*|nous appelle\w*|nous ecri\w*|"
    r"nous envoie\w*|nous a (?:envoye|contacte|ecrit|appele|demande|sollicite)\w*|prepare\w*|cherche\w*|enquete\w*|"
    r"wants?|asks?|is asking|asked|called|is preparing)\b(?! dire)",
    # a publication asking to talk to someone at the top ("entretien" alone is also a job interview)
    r"(?:blog|magazine|media|journal|revue|podcast|emission|webzine|site d'info\w*)(?! (?:interne|municipal|de la ville|d'entreprise|du personnel|de la mairie))"
    r" (?:[\w'-]+ ){0,8}?(?:demande|demandent|veut|veulent|voudrait|voudraient|aimerait|aimeraient|souhaite|souhaitent|souhaiterait|sollicite|sollicitent) "
    r"(?:[\w'-]+ )?(?:un |une )?(?:entretien|echange|interview|itw) (?:avec|de) (?:la |le |l'|notre |nos |votre |vos )?(?:[\w'-]+ )?"
    r"(?:fondat\w+|co-?fondat\w+|pdg|ceo|directeur general|directrice generale|dirigeant\w*|president\w*|porte-parole|patron\w*|boss)",
    r"(?:a|ont|avait) (?:contacte|appele|alerte|prevenu|ecrit a) (?:\w+ )?(?:bfm\w*|tf1|m6|france ?\d+|rtl|rmc|europe 1|lci|libe|"
    r"le parisien|le figaro|ouest-france|l'afp|mediapart|le progres|la depeche|20 minutes|les echos|la presse|les medias|un journaliste)",
)
PRESS_NOT_REALLY = _rx(r"etudiants?", r"students?", r"ecole de journalisme", r"journalism school",
                       r"memoire", r"thesis", r"dissertation", r"expose scolaire", r"job interviews?",
                       r"entretien d'embauche",
                       r"interview for the (?:[\w-]+ ){0,3}(?:position|role|job|post|internship)")
DEADLINE = re.compile(
    r"(?<![\w])(?:avant (?:demain|ce soir|ce midi|cet apres-midi|la fin de (?:la )?journee|midi|minuit|"
    + _DAYS + "|" + _HOUR + r")|d'ici (?:ce soir|demain|midi|" + _DAYS + "|" + _HOUR + r"|la fin de (?:la )?journee)"
    r"|(?<!pas de )(?<!sans )(?<!no )(?<!without )(?:date limite|deadline|bouclage|dernier delai)"
    r"|(?:by|before) (?:tonight|tomorrow|noon|midnight|end of (?:the )?day|eod|cob|" + _DAYS + "|"
    + _HOUR + r")|ce soir|tonight|n'a pas souhaite repondre|declined to comment"
    r"|pour (?:demain|ce soir|midi|" + _DAYS + "|" + _HOUR + r")|for tomorrow|due (?:today|tomorrow|tonight)"
    r"|demain (?:matin |soir |midi )?(?:a |vers )?(?:" + _HOUR + r")|tomorrow (?:morning |evening |night )?(?:at )?(?:" + _HOUR + r")"
    r"|en direct (?:demain|ce soir)"
    r"|pour (?:le|leur) (?:jt|journal|20 ?h|13 ?h|19/20|edition)(?: de (?:ce soir|demain|midi))?|(?:for|in) (?:tonight's|the evening) (?:news|bulletin)"
    r"|dans (?:l'heure|la journee|les \d+ ?(?:h|heures|minutes))|within (?:the hour|the day|\d+ ?(?:h|hours|minutes))"
    r"|in (?:an hour|\d+ (?:hours|minutes))|aujourd'hui|today|sous \d+ ?h"
    r"|publi(?:e|cation) demain|diffuse ce soir|airs tonight|goes to print|runs tomorrow"
    r"|(?:diffusion|publication|parution|bouclage) (?:prevue? )?(?:ce soir|demain|" + _DAYS + r")"
    r"|(?:publie|parait|diffuse)(?:ra)? (?:\w+ ){0,3}" + _DAYS + r"|(?:airs?|publish(?:es)?|goes out) (?:on )?" + _DAYS + r""
    r"|(?:publie|sort|parait|diffuse)(?:ra)? (?:\w+ ){0,3}demain|(?:runs?|publish(?:es)?|airs?) (?:\w+ ){0,3}tomorrow)(?![\w])")
INFLUENCER = _rx(r"influenceu(?:r|se)s?", r"influencers?", r"youtubeu(?:r|se)s?", r"youtubers?",
                 r"instagramm?eu(?:r|se)s?", r"tiktokeu(?:r|se)s?", r"blogueu(?:r|se)s?", r"bloggers?",
                 r"streameu(?:r|se)s?", r"streamers?",
                 r"createu(?:r|rs|rice|rices) de contenus?", r"content creators?", r"podcasteu(?:r|se)s?",
                 r"podcasters?", r"vloggers?", r"twitcheu(?:r|se)s?")
# An influencer who only praises is no complaint going public ("une influenceuse adore nos vélos et
# nous remercie dans sa story"); any word of trouble keeps the rule.
PRAISE_ONLY = re.compile(
    # praise itself: "merci"/"thanks" open many a report ("thanks for checking: an influencer calls us out")
    r"\b(?:adore|adorent|adores|bravo|felicite\w*|recommande\w*|coup de coeur|"
    r"loves?|loved|shout-?out|recommends?|recommended|praises?|praised|raves?|kudos)\b"
)
LIGHT_HEARTED = re.compile(  # a joke or a friendly wink: many reactions to it are no complaint
    r"\b(?:sympa|drole|droles|marrant\w*|rigolo\w*|humour|mdr|ptdr|haha\w*|funny|hilarious|rien de mechant|"
    r"bon enfant|wholesome|cute|super retours|bons retours|retours positifs|great feedback|positive feedback)\b"
)
TROUBLE = re.compile(
    r"\b(?:mais|sauf|pourtant|dommage|decu\w*|nul(?:le)?s?|honte\w*|arnaque\w*|scandal\w*|probleme\w*|pannes?|"
    r"horribles?|violen\w*|bagarres?|agress\w*|racis\w*|harcel\w*|insult\w*|"
    r"jamais|plaintes?|boycott\w*|colere|furieu\w*|inadmissible|inacceptable|rembours\w*|casse\w*|defectu\w*|"
    r"danger\w*|mauvais\w*|pire|retards?|but|except|however|disappointed|disappointing|awful|terrible|worst|"
    r"scam\w*|broken|refund\w*|angry|furious|unacceptable|complain\w*|problems?|issues?|never|bad|dangerous)\b"
)
REGULATOR = _rx(
    r"acpr", r"amf", r"cnil", r"dgccrf", r"arcep", r"arcom", r"ansm", r"anssi", r"banque de france",
    r"autorite de (?:controle|la concurrence|regulation)", r"regulateurs?", r"regulators?",
    r"regulatory", r"inspection du travail", r"defenseur des droits", r"fca",
    r"consumer protection", r"protection des consommateurs", r"superviseur bancaire", r"bce", r"ecb",
    r"ico", r"data protection authority", r"autorite de protection des donnees", r"apd",
    r"commission d'acces a l'information", r"commissaire a la protection de la vie privee",
    r"privacy commissioner", r"preposee? federale? a la protection des donnees",
    r"office de la protection du consommateur", r"ftc", r"commission europeenne", r"european commission",
    r"commission (?:nationale )?(?:de l')?informatique et (?:des )?libertes",
    r"edpb", r"bureau de la concurrence", r"competition bureau", r"signalement a la cnil",
    r"l'ars", r"agence regionale de sante", r"haute autorite de sante", r"ordre des (?:medecins|infirmiers|pharmaciens|avocats)",
    r"care quality commission", r"cqc", r"autorite de surete nucleaire", r"l'asn", r"dgac", r"ofcom", r"ofgem",
    r"civil aviation authority", r"food standards agency", r"(?:the|la|by the|par la) fda", r"anses",
    r"anfr", r"agence nationale des frequences", r"easa", r"ntsb", r"igas", r"dreal", r"dgfip", r"controle fiscal", r"tax audit",
    # the prefecture asking the organisation for an account (not a resident's own paperwork)
    r"(?:prefecture|sous-prefecture|prefete?|sous-prefete?) (?:nous |vous |m'|l')?(?:demande|a demande|exige|reclame|veut|voudrait|attend|convoque|a convoque) "
    r"(?:un |une |des |le |la |les )?(?:rapport|explications?|point|bilan|comptes|justifications?|plan d'action|mesures|etat des lieux)",
    r"(?:prefecture|sous-prefecture|prefete?|sous-prefete?) (?:nous |vous )?(?:a saisi|saisit|met en demeure|a mis en demeure|enquete sur|a ecrit|nous ecrit)",
    # a ministry asking the organisation (not announcing a policy)
    r"(?:le )?minist(?:ere|re) (?:[\w'-]+ ){0,3}?(?:nous|vous) (?:demande|a demande|ecrit|a ecrit|interroge|convoque|a convoque|saisit|a saisi)",
    r"(?:the )?(?:ministry|department) (?:of|for) (?:\w+ ){1,3}(?:is asking|asks|has asked|asked|wrote to|has written to) us",
    r"direction generale de la sante", r"(?:direction|service)s? (?:departementale?s? |regionale?s? )?(?:de la )?protection des populations",
    r"ddpp", r"ddetsp?", r"repression des fraudes",
    r"(?:regional|national|state|public|local) health (?:agency|authority)(?! (?:guidance|guidelines|recommendations?|advice|rules))", r"osha", r"ofwat", r"ofsted", r"trading standards", r"bafin", r"cssf", r"finma",
    r"competition and markets authority", r"health and safety executive",
    r"(?<!formation )(?<!module )(?<!e-learning )(?<!training )(?<!cours )tracfin(?! (?:training|e-learning|module))",
)
DISCRIMINATION = _rx(
    r"discrimin\w*", r"racis\w*", r"sexis\w*", r"homophob\w*", r"transphob\w*", r"antisemit\w*",
    r"islamophob\w*", r"harcel\w*", r"harass\w*", r"ageism", r"agisme", r"misogyn\w*",
    # refused, thrown out or insulted for who one is (not "j'annule parce que je suis enceinte")
    r"(?:refuse|refusee|refuses|refusees|refus|vire|viree|vires|virees|exclu|exclue|expulse|expulsee|insulte|insultee|"
    r"denied|refused|kicked out|thrown out|threw (?:me|her|him|us|them) out|turned away|insulted|fired|banned|"
    r"followed (?:me|her|him|us|them) (?:around|everywhere)|suivie? (?:partout|dans tout le magasin))\b[^.!?]{0,60}"
    r"(?:parce que|parce qu'|because|a cause de|en raison de)\b[^.!?]{0,30}(?:voile|foulard|turban|kippa|hijab|headscarf|noire?|arabe|"
    r"musulmane?|juive?|handicap\w*|fauteuil|gay|lesbienne|trans|enceinte|origine|couleur de peau|black|muslim|jewish|"
    r"disabled|disability|wheelchair|pregnant|skin colou?r|religion|accent)",
    r"(?:c'est|est-ce|is it|just) (?:parce que|because) (?:je suis|je porte|j'ai|i'm|i am|i wear) (?:le |un |une |a )?"
    r"(?:voile|foulard|hijab|turban|kippa|noire?|arabe|musulmane?|juive?|handicapee?|gay|lesbienne|trans|enceinte|black|muslim|"
    r"jewish|disabled|pregnant|headscarf|accent|origine\w*)",
    r"(?:parce que|because) (?:je suis|je porte|i'm|i am|i wear) (?:le |un |une |a )?"
    r"(?:voile|foulard|hijab|turban|kippa|noire?|arabe|musulmane?|juive?|black|muslim|jewish|headscarf) ?\?",
    # a group of people refused something as a group
    r"(?:refuse\w*|refus|ecarte\w*) (?:(?!mais |pas |alors )[\w'-]+ ){0,4}aux (?:femmes(?: enceintes)?|salariees enceintes|"
    r"personnes (?:handicapees|noires|de couleur)|handicapes|etrangers|musulmans|musulmanes|juifs|noirs|arabes)\b",
    r"(?:won't|will not|doesn't|does not|don't|do not|refuses? to|never) (?:promote|hire|serve) (?:women|pregnant women|mothers|"
    r"older (?:people|staff)|disabled people|black people|muslims|jews|foreigners)\b",
    # unwanted advances
    r"remarques? (?:\w+ ){0,2}sur (?:son|mon|ton|leur|votre) physique", r"comments? (?:\w+ ){0,2}about (?:my|her|his|their|your) (?:body|looks)",
    r"(?:gestes?|propos|comportements?) (?:\w+ )?deplace(?:e|s|es)?",
    r"(?:envoie|envoient|envoyait|envoyaient|envoye|envoyer|recoit|recu|recevait|recevoir) (?:\w+ ){0,2}"
    r"(?:messages?|photos?|sms|mails?) deplace(?:e|s|es)?",
    r"inappropriate (?:messages?|comments?|texts?|behaviou?r|touching|advances|remarks?|photos?)", r"unwanted advances",
    r"attouchements?", r"mains? aux fesses",
    r"(?:remarques?|propos|commentaires?|blagues?|gestes?) (?:\w+ )?a (?:caractere|connotation) sexuel(?:le)?s?",
    r"sexual (?:comments?|remarks?|jokes?|innuendo)",
)
GOING_PUBLIC = _rx(
    r"partagez", r"faites tourner", r"faites passer", r"je publie tout", r"je vais (?:tout )?publier",
    r"rendre public", r"going public", r"go public", r"share this", r"please share", r"rt svp",
    r"associations? de consommateurs", r"assos de consommateurs", r"que choisir",
    r"60 millions de consommateurs",
    r"consumer (?:group|association|watchdog)s?", r"(?:elu|elus|depute|deputee|senateur|maire) \w+ ?relai\w*",
    r"relaie", r"relaye(?:e|s)?", r"relayed", r"petition", r"appelle(?:nt)? a manifester",
    r"manifestation", r"rassemblement devant", r"protesters", r"(?:a|the) protest (?:outside|in front|against)",
    r"call(?:s|ing)? (?:for|to) (?:a )?(?:protest|boycott)", r"des (?:dizaines|centaines|milliers) de",
    r"hundreds of", r"thousands of", r"contacter (?:les|la) (?:medias|presse)", r"aller voir (?:la presse|les medias|les journalistes)", r"call the press",
    r"alerter (?:les|la) (?:medias|presse)", r"(?:tell|warn) everyone", r"tout raconter",
    r"appeler (?:la presse|les medias|les journalistes|un journaliste|bfm\w*|le parisien|la tele|la television|france ?\d|tf1|m6)(?![\w-])",
    r"(?:raconte|balance|denonce)\w* (?:\w+ ){0,3}(?:sur|dans) (?:le|un|les) groupes? (?:fb|facebook|whatsapp|du quartier|des locataires|des habitants|des parents|de la residence)",
    r"tout le monde devrait verifier", r"everyone should check(?! out)",
    # an organisation publishing what it found about the business
    r"(?:une |l'|des |les )?(?:ong|ngo|association de consommateurs|collectif|militants|activists?) (?:[\w'-]+ ){0,3}?"
    r"(?:publie|publient|a publie|ont publie|diffuse|diffusent|a diffuse|denonce|denoncent|publishes|published|exposes|exposed)\b",
    # the press invited by others to their own meeting or protest (not the organisation's inauguration)
    r"(?:invite|invitee|invites|convie|conviee) (?:\w+ ){0,2}(?:france ?\d|tf1|m6|bfm\w*|la presse|les medias|des journalistes|la tele|la television|le journal local) "
    r"(?:a|au|aux|pour) (?:sa|son|leur|leurs) (?:reunion|manifestation|rassemblement|assemblee|action|conference de presse|sit-in|greve)",
    r"je vais (?:en parler|le dire|poster|le poster|tout balancer)", r"i(?:'ll| will) post",
    r"tout balancer sur (?:les reseaux|twitter|x|tiktok|insta\w*|facebook|fb|linkedin|youtube)",
    r"(?:je vais|je vais tout|on va|on va tout|il va|elle va|ils vont|menace de|menacent de) (?:tout )?balancer",
    r"(?:je vais|on va|il va|elle va|menace de) (?:\w+ )?raconter toute (?:l'|mon |cette |son )histoire",
    r"(?:i'll|i will|i'm going to|i am going to|gonna) (?:tell|share|post) the (?:whole|full) story",
    r"i(?:'m| am) going to post", r"(?:contact|tell) the (?:media|press)", r"prevenir tout le monde",
    r"(?:going|go|went|will go|'ll go) to the (?:press|media|papers|newspapers)(?! (?:conference|release|room|office|kit|day|event|launch|preview|screening|pass|trip))", r"(?:prevenir|saisir|contacter) (?:les|la) (?:medias|presse|journalistes)",
    # shared at least ENGAGEMENT_HIGH (500) times
    r"(?:partage|partagee|partages|shared|retweete|retweeted|reposte|reposted) (?:plus de |more than |over )?"
    r"(?:[5-9]\d{2}|\d{4,}|\d{1,3}(?:[ .,]\d{3})+|\d+ ?k) (?:fois|times)",
    r"(?:bloquent|bloqueront|vont bloquer|veulent bloquer|menacent de bloquer|appellent a bloquer) (?:l'|le |la |les |nos |notre |un |une )?(?:entrepot|magasin|usine|depot|plateforme|siege)s?",
    r"blocages? (?:de|du|devant) (?:l'|le |la |nos |notre )?(?:entrepot|magasin|usine|depot|plateforme|siege)s?",
    r"occupent (?:l'|le |la |les |notre |nos )?(?:entree|magasin|siege|hall|agence)",
    r"sit-in", r"blockades?", r"block(?:ing|ed)? (?:the|our) (?:warehouse|store|entrance|site|depot)", r"lettres? ouvertes?", r"open letter",
)
_NUMBER = r"(\d{1,3}(?:[ .,]\d{3})+|\d+(?:[.,]\d+)?) ?(k|m|millions?|mille)?"
# the words counted, listed apart so a text without any of them is not searched (see _numbers)
AUDIENCE_WORDS = ("abonne", "follower", "subscriber", "fan", "membre", "viewer", "spectateur")
ENGAGEMENT_WORDS = ("vue", "view", "like", "j'aime", "partage", "share", "retweet", "rt", "reaction",
                     "commentaire", "comment", "tweet", "post", "participant", "signature", "message",
                     "avis", "review")
AUDIENCE = re.compile(_NUMBER + r" (?:de |d')?(?:" + "|".join(AUDIENCE_WORDS) + r")s?(?![\w])")
ENGAGEMENT = re.compile(
    _NUMBER + r" (?:de |d')?(?:" + "|".join(ENGAGEMENT_WORDS) + r")s?(?![\w])(?: (?:en|in) (?:(\d+|une?|one|an|deux|"
    r"trois|quelques|a few) ?(h|heures?|hours?|min|minutes?|mins?))"
    r"|,? (en une (?:matinee|soiree|nuit|apres-midi|heure)|depuis ce matin|depuis hier(?: soir)?|in (?:a|one) (?:morning|night|evening|afternoon)"
    r"|overnight|since this morning))?")
