"""Every sentence the bot says in Slack, in French and English."""
from __future__ import annotations

from typing import Any

LANGUAGES = ("fr", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # "who handles this?"
    "who.confident": {
        "fr": "*{department}*{topic} s'en occupe.",
        "en": "*{department}*{topic} handles this.",
    },
    "who.not_confident": {
        "fr": "Je ne suis pas sûr de savoir qui s'en occupe. En cas de doute, c'est *{triage}*, le service de triage, qui prend le relais.",
        "en": "I'm not sure who handles this. When in doubt, *{triage}* (triage) takes it.",
    },
    "who.owner": {"fr": "Responsable", "en": "Owner"},
    "who.deputies": {"fr": "Suppléant·es", "en": "Deputies"},
    "who.deputy": {"fr": "Suppléant·e", "en": "Deputy"},
    "who.backup": {"fr": "{person} (responsable du service)", "en": "{person} (department owner)"},
    "who.head": {"fr": "Direction", "en": "Head"},
    "who.channel": {"fr": "Canal", "en": "Channel"},
    "who.none": {"fr": "aucun", "en": "none"},
    "who.no_deputy": {"fr": "aucun — point de défaillance unique", "en": "none — single point of failure"},
    "who.confidence": {"fr": "Confiance {percent} %", "en": "Confidence {percent}%"},
    "who.guess": {
        "fr": "Piste la plus probable : {department}, confiance {percent} % (trop peu pour l'y envoyer)",
        "en": "Likeliest: {department}, confidence {percent}% (too little to send it there)",
    },
    "who.guess_tie": {
        "fr": "{department} et {other} à égalité (trop proches pour choisir)",
        "en": "{department} and {other} neck and neck (too close to choose)",
    },
    "who.why": {"fr": "Pourquoi : {terms}", "en": "Why: {terms}"},
    "who.why_nothing": {"fr": "aucun terme du registre ne correspond", "en": "no term of the registry matched"},
    "who.why_rule": {"fr": "règle « {term} » → {department}", "en": "rule “{term}” → {department}"},
    "who.why_rule_concept": {"fr": "règle « {term} » (même sujet : {concept}) → {department}",
                             "en": "rule “{term}” (same subject: {concept}) → {department}"},
    "who.why_concept": {"fr": "{words}≈ {concept} (thésaurus)", "en": "{words}≈ {concept} (thesaurus)"},
    "who.why_example": {"fr": "comme l'exemple « {text} »", "en": "like the example “{text}”"},
    "who.why_correction": {"fr": "comme la correction « {text} »", "en": "like the correction “{text}”"},
    "who.why_off_duty": {"fr": "hors périmètre : « {words} »", "en": "out of scope: “{words}”"},
    "who.alternatives": {"fr": "C'est plutôt l'un de ceux-ci ?", "en": "Is it rather one of these?"},
    "who.otherwise": {"fr": "Pas le bon service ? Un clic corrige :", "en": "Not the right department? One click corrects it:"},
    "bot.help": {
        "fr": ("Je relie les messages sensibles aux personnes responsables.\n"
               "• Posez-moi une question ici ou avec `/who &lt;question&gt;` : je dis qui s'en occupe.\n"
               "• Pour escalader un message : réaction :{emoji}:, raccourci *Escalate / Escalader* sur le message, "
               "`/escalate [critique|haute|normale] &lt;texte ou lien&gt;`, ou mentionnez-moi avec « escalade » dans son fil.\n"
               "• Le registre des responsabilités : `/registry help`."),
        "en": ("I connect sensitive messages with the people responsible.\n"
               "• Ask me a question here or with `/who &lt;question&gt;`: I say who handles it.\n"
               "• To escalate a message: react with :{emoji}:, use the *Escalate / Escalader* shortcut on it, "
               "`/escalate [critical|high|normal] &lt;text or link&gt;`, or mention me with \"escalate\" in its thread.\n"
               "• The responsibility registry: `/registry help`."),
    },
    "bot.thanks": {"fr": "Avec plaisir !", "en": "You're welcome!"},
    "bot.escalate_where": {
        "fr": "Quel message escalader ? Mentionnez-moi avec « escalade » dans le fil de ce message, réagissez-y "
              "avec :{emoji}:, ou utilisez le raccourci *Escalate / Escalader* sur lui.",
        "en": "Which message should I escalate? Mention me with \"escalate\" in that message's thread, react to it "
              "with :{emoji}:, or use the *Escalate / Escalader* shortcut on it.",
    },
    "who.empty": {
        "fr": "Dites-moi de quoi il s'agit, par exemple : `/who un journaliste demande une interview`",
        "en": "Tell me what it is about, for example: `/who a journalist asks for an interview`",
    },
    "who.chosen": {
        "fr": "C'est pour *{department}* (choisi par {user}). Je m'en souviendrai pour les cas semblables.",
        "en": "This is for *{department}* (chosen by {user}). I'll remember it for similar cases.",
    },
    "who.choice_not_yours": {
        "fr": "Seule la personne qui a posé la question, ou un admin du registre, peut choisir le service.",
        "en": "Only the person who asked, or a registry admin, can choose the department.",
    },
    # escalations
    "esc.title": {"fr": "{icon} Escalade {id} — {severity}", "en": "{icon} Escalation {id} — {severity}"},
    "esc.severity.critical": {"fr": "critique", "en": "critical"},
    "esc.severity.high": {"fr": "haute", "en": "high"},
    "esc.severity.normal": {"fr": "normale", "en": "normal"},
    "esc.for": {"fr": "Pour *{department}*{topic}", "en": "For *{department}*{topic}"},
    "esc.reported_by": {"fr": "Signalé par {reporters}", "en": "Reported by {reporters}"},
    "esc.previous": {"fr": "Déjà escaladée : {id}, résolue par {user}, {time}.",
                     "en": "Escalated before: {id}, resolved by {user}, {time}."},
    "esc.previous_note": {"fr": "Note de résolution : {note}", "en": "Resolution note: {note}"},
    "esc.also_reported_by": {"fr": "signalé aussi par {reporters}", "en": "also reported by {reporters}"},
    "esc.source": {"fr": "Message d'origine", "en": "Source message"},
    "esc.auto_screened": {
        "fr": "Repéré automatiquement dans {channel}",
        "en": "Spotted by automatic screening in {channel}",
    },
    "esc.called.owner": {"fr": "Vous en êtes responsable.", "en": "You are responsible for it."},
    "esc.called.reassigned": {"fr": "Réattribuée par {user} : vous en êtes responsable.",
                              "en": "Reassigned by {user}: you are responsible for it."},
    "esc.called.deputy": {"fr": "Vous êtes suppléant·e : pas d'accusé de réception en {delay}.",
                          "en": "You are a deputy: not acknowledged in {delay}."},
    "esc.called.owner_backup": {"fr": "Vous en êtes responsable : la personne choisie n'a pas accusé réception en {delay}.",
                                "en": "You are responsible for it: the person it was sent to did not acknowledge it in {delay}."},
    "esc.called.department_owner": {
        "fr": "Vous êtes responsable du service : la personne en charge de ce sujet n'a pas accusé réception en {delay}.",
        "en": "You own the department: the person in charge of this topic did not acknowledge it in {delay}."},
    "esc.called.moved": {"fr": "Réattribuée à *{department}* : c'est à ce service d'en accuser réception.",
                         "en": "Reassigned to *{department}*: that department acknowledges it now."},
    "esc.called.head": {"fr": "Vous dirigez le service : pas d'accusé de réception en {delay}.",
                        "en": "You head the department: not acknowledged in {delay}."},
    "esc.called.triage": {"fr": "Triage : personne n'a accusé réception à temps.",
                          "en": "Triage: nobody acknowledged it in time."},
    "esc.reason.climbed": {"fr": "pas d'accusé de réception en {delay}", "en": "not acknowledged in {delay}"},
    "esc.reason.triage": {"fr": "personne n'a accusé réception", "en": "nobody acknowledged"},
    "esc.btn.ack": {"fr": "J'accuse réception", "en": "Acknowledge"},
    "esc.btn.reassign": {"fr": "Réattribuer", "en": "Reassign"},
    "esc.btn.resolve": {"fr": "Résoudre", "en": "Resolve"},
    "esc.status.open": {"fr": "En attente d'accusé de réception", "en": "Waiting for acknowledgement"},
    "esc.status.deadline": {"fr": "(d'ici {time}, sinon {next})", "en": "(by {time}, else {next})"},
    "esc.next.deputies": {"fr": "les suppléant·es", "en": "the deputies"},
    "esc.next.head": {"fr": "la direction", "en": "the head"},
    "esc.next.unacknowledged": {"fr": "le triage", "en": "triage"},
    "esc.status.acknowledged": {"fr": "Prise en charge par {user}, {time}", "en": "Acknowledged by {user}, {time}"},
    "esc.status.resolved": {"fr": "Résolue par {user}, {time}", "en": "Resolved by {user}, {time}"},
    "esc.status.note": {"fr": "Note : {note}", "en": "Note: {note}"},
    "esc.thread.created": {
        "fr": "Escalade {id} ({severity}) transmise à *{department}* : {people}.",
        "en": "Escalation {id} ({severity}) sent to *{department}*: {people}.",
    },
    "esc.thread.climbed": {
        "fr": "{id} : appel à {people} — {reason}.",
        "en": "{id}: added {people} — {reason}.",
    },
    "esc.thread.severity_raised": {
        "fr": "{id} : gravité relevée à *{severity}* par {user}.",
        "en": "{id}: severity raised to *{severity}* by {user}.",
    },
    "esc.thread.acknowledged": {"fr": "{id} : prise en charge par {user}.", "en": "{id}: acknowledged by {user}."},
    "esc.thread.resolved": {"fr": "{id} : résolue par {user}.", "en": "{id}: resolved by {user}."},
    "esc.thread.reassigned": {
        "fr": "{id} : réattribuée à *{department}* ({people}) par {user}.",
        "en": "{id}: reassigned to *{department}* ({people}) by {user}.",
    },
    "esc.confirm.created": {
        "fr": "Merci ! Escalade {id} ({severity}) envoyée à *{department}* ({people}).",
        "en": "Thanks! Escalation {id} ({severity}) sent to *{department}* ({people}).",
    },
    "esc.confirm.plus_one": {
        "fr": "Ce message est déjà l'escalade {id} : vous êtes ajouté·e aux signalements (+1). Personne n'est relancé.",
        "en": "This message is already escalation {id}: you were added as a reporter (+1). Nobody is notified again.",
    },
    "esc.own_message": {
        "fr": "C'est un message de Switchboard : pour agir sur une escalade, utilisez les boutons de sa carte.",
        "en": "This is a Switchboard message: to act on an escalation, use the buttons on its card.",
    },
    "esc.confirm.raised": {
        "fr": "Ce message est déjà l'escalade {id} : sa gravité passe de {before} à *{severity}*, et son délai "
              "de prise en charge raccourcit d'autant.",
        "en": "This message is already escalation {id}: its severity goes from {before} to *{severity}*, and its "
              "time to acknowledge shortens accordingly.",
    },
    "esc.confirm.raised.acknowledged": {
        "fr": "Ce message est déjà l'escalade {id} : sa gravité passe de {before} à *{severity}*. {user}, qui l'a "
              "prise en charge, en est prévenu·e.",
        "en": "This message is already escalation {id}: its severity goes from {before} to *{severity}*. {user}, who "
              "acknowledged it, is told.",
    },
    "esc.confirm.kept": {
        "fr": "Ce message est déjà l'escalade {id}, en gravité *{severity}* : une gravité n'est jamais abaissée. "
              "Personne n'est relancé.",
        "en": "This message is already escalation {id}, at severity *{severity}*: a severity is never lowered. "
              "Nobody is notified again.",
    },
    "esc.confirm.same": {
        "fr": "Ce message est déjà l'escalade {id}, en gravité *{severity}*. Personne n'est relancé.",
        "en": "This message is already escalation {id}, at severity *{severity}*. Nobody is notified again.",
    },
    "esc.raised_notice": {
        "fr": ":warning: {id} passe de {before} à *{severity}* ({user}) : accusé de réception attendu sous {delay}, "
              "sur sa carte.",
        "en": ":warning: {id} goes from {before} to *{severity}* ({user}): acknowledgement expected within {delay}, "
              "on its card.",
    },
    "esc.raised_notice.acknowledged": {
        "fr": ":warning: {id}, que vous avez prise en charge, passe de {before} à *{severity}* ({user}) : "
              "prochain rappel dans {delay}.",
        "en": ":warning: {id}, which you acknowledged, goes from {before} to *{severity}* ({user}): "
              "next reminder in {delay}.",
    },
    "esc.confirm.added": {"fr": "Vous êtes ajouté·e aux signalements (+1).", "en": "You were added as a reporter (+1)."},
    "esc.confirm.resolved": {
        "fr": "Ce message est l'escalade {id}, déjà résolue : rien n'a changé. Pour un fait nouveau, escaladez "
              "le nouveau message.",
        "en": "This message is escalation {id}, already resolved: nothing changed. For something new, escalate "
              "the new message.",
    },
    "esc.confirm.again": {
        "fr": "Vous avez déjà signalé ce message : c'est l'escalade {id}. Personne n'est relancé.",
        "en": "You already reported this message: it is escalation {id}. Nobody is notified again.",
    },
    "esc.reminder": {
        "fr": "Rappel : l'escalade {id} que vous avez prise en charge n'est pas encore résolue.",
        "en": "Reminder: escalation {id}, which you acknowledged, is not resolved yet.",
    },
    "esc.unanswered": {
        "fr": ":alarm_clock: L'escalade {id} ({severity}) n'a toujours pas d'accusé de réception : toute la chaîne a été "
              "prévenue et personne n'a répondu. Prenez-la en charge, ou réattribuez-la.",
        "en": ":alarm_clock: Escalation {id} ({severity}) is still not acknowledged: everyone in its chain was called "
              "in and nobody answered. Acknowledge it, or reassign it.",
    },
    "esc.elsewhere": {
        "fr": "Pas pour votre service ? Un clic l'envoie plutôt à :",
        "en": "Not for your department? One click sends it instead to:",
    },
    "esc.unsure": {
        "fr": "Je ne sais pas à qui cette escalade revient, elle est donc au triage. Un clic suffit pour la diriger :",
        "en": "I don't know who this escalation belongs to, so it is with triage. One click routes it:",
    },
    "esc.refused": {
        "fr": "Désolé, seules les personnes sollicitées, le ou la responsable du service, ses suppléant·es, sa direction et les admins peuvent agir sur {id} ({allowed}).",
        "en": "Sorry, only the people called in, the department's owner, deputies and head, and the admins can act on {id} ({allowed}).",
    },
    "esc.already": {"fr": "{id} est déjà {state}.", "en": "{id} is already {state}."},
    "esc.state.acknowledged": {"fr": "prise en charge par {user}", "en": "acknowledged by {user}"},
    "esc.state.resolved": {"fr": "résolue par {user}", "en": "resolved by {user}"},
    "esc.escalate_usage": {
        "fr": "Usage : `/escalate [critique|haute|normale] <texte ou lien vers un message>`",
        "en": "Usage: `/escalate [critical|high|normal] <text or message link>`",
    },
    "esc.escalate_nothing": {
        "fr": "Escalader quoi ? Après la sévérité ({severity}), collez le texte ou le lien du message.",
        "en": "Escalate what? After the severity ({severity}), paste the text or the message's link.",
    },
    "esc.link_unreadable": {
        "fr": "Je n'arrive pas à lire ce message ({error}). Invitez-moi dans le canal, ou collez le texte.",
        "en": "I can't read that message ({error}). Invite me to the channel, or paste the text.",
    },
    "esc.link_broken": {
        "fr": "Ce lien ne mène à aucun message : il a dû être coupé. Copiez-le à nouveau (*Copier le lien* "
              "sur le message), ou collez le texte. Rien n'a été escaladé.",
        "en": "That link leads to no message: it must have been cut off. Copy it again (*Copy link* on the "
              "message), or paste the text. Nothing was escalated.",
    },
    "esc.link_missing": {
        "fr": "Je n'arrive pas à lire ce message ({error}). Vérifiez le lien, ou collez le texte.",
        "en": "I can't read that message ({error}). Check the link, or paste the text.",
    },
    # why Slack would not give a message, as people understand it (other codes are shown as they are)
    "slack.channel_not_found": {"fr": "je ne vois pas ce canal", "en": "I can't see that channel"},
    "slack.not_in_channel": {"fr": "je ne suis pas dans ce canal", "en": "I'm not in that channel"},
    "slack.message_not_found": {"fr": "ce message n'existe plus ou m'est caché",
                                "en": "that message no longer exists or is hidden from me"},
    "slack.thread_not_found": {"fr": "ce fil n'existe plus", "en": "that thread no longer exists"},
    "slack.is_archived": {"fr": "ce canal est archivé", "en": "that channel is archived"},
    "slack.missing_scope": {"fr": "il me manque une autorisation Slack", "en": "I lack a Slack permission"},
    "esc.received": {
        "fr": "Reçu : je transmets ce message à la bonne personne.",
        "en": "Got it: I'm passing this message to the right person.",
    },
    "esc.received_link": {"fr": "Reçu : je lis ce message.", "en": "Got it: reading that message."},
    # modals
    "modal.reassign.title": {"fr": "Réattribuer", "en": "Reassign"},
    "modal.reassign.department": {"fr": "Service", "en": "Department"},
    "modal.reassign.person": {"fr": "Personne", "en": "Person"},
    "modal.resolve.title": {"fr": "Résoudre", "en": "Resolve"},
    "modal.resolve.note": {"fr": "Note", "en": "Note"},
    "modal.submit": {"fr": "Valider", "en": "Submit"},
    "modal.cancel": {"fr": "Annuler", "en": "Cancel"},
    # errors
    "error.unexpected": {
        "fr": "Désolé, quelque chose s'est mal passé de mon côté (référence {ref}). L'équipe peut retrouver le détail avec cette référence.",
        "en": "Sorry, something went wrong on my side (reference {ref}). The team can find the details with that reference.",
    },
    "error.no_registry": {
        "fr": "Aucun registre des responsabilités n'est chargé. Un admin peut l'importer avec `switchboard registry import`.",
        "en": "No responsibility registry is loaded. An admin can import one with `switchboard registry import`.",
    },
    "error.known": {"fr": "{message}", "en": "{message}"},
}


def t(lang: str, key: str, **values: Any) -> str:
    """The sentence ``key`` in ``lang`` (French or English), filled with ``values``."""
    entry = MESSAGES[key]
    template = entry.get(lang) or entry["en"]
    return template.format(**values) if values else template


def slack_error(lang: str, code: str) -> str:
    """A Slack error code as people understand it, in ``lang`` (the code itself when unknown)."""
    key = f"slack.{code}"
    return t(lang, key) if key in MESSAGES else code


def language_from_locale(locale: str | None, default: str) -> str:
    """Map a Slack locale such as ``fr-FR`` or ``en-US`` to a supported language."""
    if locale:
        code = locale.split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return default


# --- registry administration ------------------------------------------------------------------
# `/registry`, the import of a registry file, the department form and the App Home.

REGISTRY_MESSAGES: dict[str, dict[str, str]] = {
    "reg.help.title": {"fr": "Registre des responsabilités", "en": "Responsibility registry"},
    "reg.help.read": {
        "fr": "Pour tout le monde :\n"
              "• `/registry show [service[/sujet]]` — les services, leurs responsables, suppléant·es, direction, canal et "
              "sujets (et, pour un service ou un sujet, ses mots-clés ; pour un service, ses règles de priorité)\n"
              "• `/registry history [nombre]` — les dernières modifications, qui les a faites et ce qui a changé\n"
              "• `/registry history --at 2026-11-02T14:00` — le registre tel qu'il était à cette date (heure UTC)",
        "en": "For everyone:\n"
              "• `/registry show [department[/topic]]` — departments with their owner, deputies, head, channel and "
              "topics (and, for one department or topic, its keywords; for a department, its precedence rules)\n"
              "• `/registry history [count]` — the last changes, who made them and what changed\n"
              "• `/registry history --at 2026-11-02T14:00` — the registry as it was at that date (UTC)",
    },
    "reg.help.admin": {
        "fr": "Pour les admins du registre ({admins}) :\n"
              "• `/registry set-owner &lt;service&gt;[/&lt;sujet&gt;] @personne` — changer le ou la responsable\n"
              "• `/registry add-deputy &lt;service&gt;[/&lt;sujet&gt;] @personne` et `remove-deputy` — ajouter ou retirer un·e suppléant·e\n"
              "• `/registry set-head &lt;service&gt; @personne` (ou `none`) — changer la direction (dernier niveau d'escalade), ou la retirer\n"
              "• `/registry set-channel &lt;service&gt; #canal` (ou `none`) — le canal où ses escalades sont aussi publiées\n"
              "• `/registry add-keyword &lt;service&gt;[/&lt;sujet&gt;] \"mots\"` et `remove-keyword` — les mots-clés\n"
              "• `/registry add-department &lt;id&gt; \"Nom\" [@responsable]` et `remove-department &lt;id&gt;`\n"
              "• `/registry undo` — annuler la dernière modification\n"
              "• `/registry export` — recevoir le registre en fichier YAML ; pour l'importer, envoyez-moi le fichier en message privé\n"
              "Le bouton « Modifier » de mon onglet Accueil ouvre le formulaire d'un service. Chaque modification est "
              "vérifiée sur tout le registre avant d'être enregistrée, et tracée.",
        "en": "For the registry admins ({admins}):\n"
              "• `/registry set-owner &lt;department&gt;[/&lt;topic&gt;] @person` — change the owner\n"
              "• `/registry add-deputy &lt;department&gt;[/&lt;topic&gt;] @person` and `remove-deputy` — add or remove a deputy\n"
              "• `/registry set-head &lt;department&gt; @person` (or `none`) — change the head (last level of escalation), or remove it\n"
              "• `/registry set-channel &lt;department&gt; #channel` (or `none`) — where its escalations are also posted\n"
              "• `/registry add-keyword &lt;department&gt;[/&lt;topic&gt;] \"words\"` and `remove-keyword` — keywords\n"
              "• `/registry add-department &lt;id&gt; \"Name\" [@owner]` and `remove-department &lt;id&gt;`\n"
              "• `/registry undo` — undo the last change\n"
              "• `/registry export` — get the registry as a YAML file; to import one, send me the file in a direct message\n"
              "The \"Edit\" button on my Home tab opens a department's form. Every change is checked against the "
              "whole registry before it is stored, and audited.",
    },
    "reg.help.not_admin": {
        "fr": "Vous n'êtes pas admin du registre : vous pouvez le consulter, pas le modifier.",
        "en": "You are not a registry admin: you can read the registry, not change it.",
    },
    "reg.more": {"fr": "… et {count} de plus", "en": "… and {count} more"},
    "reg.more_lines": {"fr": "… et {count} lignes de plus", "en": "… and {count} more lines"},
    "reg.diff.new": {"fr": "nouveau registre", "en": "new registry"},
    # "(none)" in a diff, as fits the field; what a topic without its own inherits from its department
    "reg.diff.none": {"fr": "(aucun)", "en": "(none)"},
    "reg.diff.none.owner": {"fr": "(aucun)", "en": "(no one)"},
    "reg.diff.none.head": {"fr": "(aucune)", "en": "(no one)"},
    "reg.diff.none.description": {"fr": "(aucune)", "en": "(none)"},
    "reg.diff.inherited.owner.before": {
        "fr": "(aucun en propre — celui du service, {who}, s'appliquait)",
        "en": "(none of its own — the department's, {who}, applied)",
    },
    "reg.diff.inherited.owner.after": {
        "fr": "(aucun en propre — celui du service, {who}, s'applique)",
        "en": "(none of its own — the department's, {who}, applies)",
    },
    "reg.diff.inherited.deputies.before": {
        "fr": "(aucun en propre — ceux du service, {who}, s'appliquaient)",
        "en": "(none of its own — the department's, {who}, applied)",
    },
    "reg.diff.inherited.deputies.after": {
        "fr": "(aucun en propre — ceux du service, {who}, s'appliquent)",
        "en": "(none of its own — the department's, {who}, apply)",
    },
    "reg.field.owner": {"fr": "responsable", "en": "owner"},
    "reg.field.deputies": {"fr": "suppléant·es", "en": "deputies"},
    "reg.field.deputy": {"fr": "suppléant·e", "en": "deputy"},
    "reg.field.head": {"fr": "direction", "en": "head"},
    "reg.field.channel": {"fr": "canal", "en": "channel"},
    "reg.field.keywords": {"fr": "mots-clés", "en": "keywords"},
    "reg.field.name": {"fr": "nom", "en": "name"},
    "reg.field.description": {"fr": "description", "en": "description"},
    "reg.field.examples": {"fr": "exemples", "en": "examples"},
    "reg.field.topics": {"fr": "sujets", "en": "topics"},
    "reg.field.ack_timeouts": {"fr": "délais d'accusé de réception", "en": "times to acknowledge"},
    "reg.actor.system": {"fr": "Switchboard au démarrage", "en": "Switchboard at start"},
    "reg.source.slack": {"fr": "Slack", "en": "Slack"},
    "reg.source.file": {"fr": "un fichier", "en": "a file"},
    "reg.source.cli": {"fr": "la ligne de commande", "en": "the command line"},
    "reg.invalid": {
        "fr": "Modification refusée, rien n'a changé : le registre ne serait plus valide.",
        "en": "Change refused, nothing changed: the registry would no longer be valid.",
    },
    # refusals (codes of knowledge.edit_errors and bot.admin)
    "reg.err.unknown_command": {
        "fr": "Je ne connais pas la commande `{command}`. Commandes : {commands}. `/registry help` les explique.",
        "en": "I don't know the command `{command}`. Commands: {commands}. `/registry help` explains them.",
    },
    "reg.err.missing_argument": {
        "fr": "Il manque quelque chose. Usage : `/registry {usage}`",
        "en": "Something is missing. Usage: `/registry {usage}`",
    },
    "reg.err.too_many_arguments": {
        "fr": "Je ne comprends pas « {extra} ». Usage : `/registry {usage}`",
        "en": "I don't understand “{extra}”. Usage: `/registry {usage}`",
    },
    "reg.err.unclosed_quote": {
        "fr": "Un guillemet est ouvert mais jamais fermé.",
        "en": "A quote is opened but never closed.",
    },
    "reg.err.bad_person": {
        "fr": "« {value} » n'est pas une personne : choisissez-la dans la liste @ de Slack (ou écrivez son identifiant U…).",
        "en": "“{value}” is not a person: pick them from Slack's @ list (or write their user id, U…).",
    },
    "reg.err.unknown_user": {
        "fr": "Slack ne connaît aucun utilisateur `{user}` : choisissez la personne dans la liste @ de Slack. Rien n'a changé.",
        "en": "Slack has no user `{user}`: pick the person from Slack's @ list. Nothing changed.",
    },
    "reg.err.unknown_channel": {
        "fr": "Je ne vois aucun canal `{channel_id}` : choisissez-le dans la liste # de Slack (un canal privé : "
              "invitez-moi d'abord, `/invite @switchboard`). Rien n'a changé.",
        "en": "I can't see any channel `{channel_id}`: pick it from Slack's # list (a private channel: invite me "
              "first, `/invite @switchboard`). Nothing changed.",
    },
    "reg.err.bad_channel": {
        "fr": "« {value} » n'est pas un canal : choisissez-le dans la liste # de Slack (ou écrivez son identifiant C…), ou `none`.",
        "en": "“{value}” is not a channel: pick it from Slack's # list (or write its id, C…), or `none`.",
    },
    "reg.err.bad_target": {
        "fr": "« {value} » n'est pas un service : écrivez `service` ou `service/sujet`.",
        "en": "“{value}” is not a department: write `department` or `department/topic`.",
    },
    "reg.err.bad_id": {
        "fr": "Identifiant invalide « {value} » : lettres minuscules, chiffres, _ ou - (64 au plus).",
        "en": "Bad id “{value}”: lower-case letters, digits, _ or - (at most 64).",
    },
    "reg.err.bad_date": {
        "fr": "Date invalide « {value} » : écrivez par exemple 2026-11-02T14:00 (heure UTC).",
        "en": "Bad date “{value}”: write for example 2026-11-02T14:00 (UTC).",
    },
    "reg.err.bad_number": {
        "fr": "Nombre invalide « {value} » : combien de modifications afficher, de 1 à {limit}.",
        "en": "Bad number “{value}”: how many changes to show, 1 to {limit}.",
    },
    "reg.err.name_too_long": {
        "fr": "Le nom est trop long : {limit} caractères au plus.",
        "en": "The name is too long: at most {limit} characters.",
    },
    "reg.err.mention_in_name": {
        "fr": "Le nom « {name} » contient une mention Slack : un nom de service est du texte. Écrivez le nom entre "
              "guillemets, puis la personne responsable : `/registry add-department &lt;id&gt; \"Nom\" [@responsable]`",
        "en": "The name “{name}” holds a Slack mention: a department's name is plain text. Write the name in quotes, "
              "then the owner: `/registry add-department &lt;id&gt; \"Name\" [@owner]`",
    },
    "reg.err.head_on_topic": {
        "fr": "Un sujet n'a pas de direction à lui : changez celle du service `{department}`.",
        "en": "A topic has no head of its own: change the head of department `{department}`.",
    },
    "reg.err.unknown_department": {
        "fr": "Service inconnu `{department}`. Services : {known}.",
        "en": "Unknown department `{department}`. Departments: {known}.",
    },
    "reg.err.topic_not_department": {
        "fr": "`{department}` est un sujet, pas un service : écrivez {targets}.",
        "en": "`{department}` is a topic, not a department: write {targets}.",
    },
    "reg.err.unknown_topic": {
        "fr": "Le service `{department}` n'a pas de sujet `{topic}`. Ses sujets : {known}.",
        "en": "Department `{department}` has no topic `{topic}`. Its topics: {known}.",
    },
    "reg.err.already_owner": {
        "fr": "{person} est déjà responsable de `{target}`.",
        "en": "{person} is already the owner of `{target}`.",
    },
    "reg.err.already_deputy": {
        "fr": "{person} est déjà suppléant·e de `{target}`.",
        "en": "{person} is already a deputy of `{target}`.",
    },
    "reg.err.owner_as_deputy": {
        "fr": "{person} est responsable de `{target}` : le ou la suppléant·e doit être quelqu'un d'autre.",
        "en": "{person} is the owner of `{target}`: a deputy must be someone else.",
    },
    "reg.err.not_deputy": {
        "fr": "{person} n'est pas suppléant·e de `{target}` (suppléant·es : {deputies}).",
        "en": "{person} is not a deputy of `{target}` (deputies: {deputies}).",
    },
    "reg.err.already_head": {
        "fr": "{person} dirige déjà `{department}`.",
        "en": "{person} is already the head of `{department}`.",
    },
    "reg.err.no_head": {
        "fr": "`{department}` n'a pas de direction à retirer.",
        "en": "`{department}` has no head to remove.",
    },
    "reg.err.same_channel": {
        "fr": "Le canal de `{department}` est déjà {channel}.",
        "en": "The channel of `{department}` is already {channel}.",
    },
    "reg.err.no_channel": {
        "fr": "`{department}` n'a pas de canal à retirer.",
        "en": "`{department}` has no channel to remove.",
    },
    "reg.err.keyword_exists": {
        "fr": "`{target}` a déjà le mot-clé « {words} ». Rien n'a changé.",
        "en": "`{target}` already has the keyword “{words}”. Nothing changed.",
    },
    "reg.err.keyword_missing": {
        "fr": "`{target}` n'a pas de mot-clé « {words} » (mots-clés : {keywords}). Rien n'a changé.",
        "en": "`{target}` has no keyword “{words}” (keywords: {keywords}). Nothing changed.",
    },
    "reg.err.keyword_too_long": {
        "fr": "Le mot-clé « {words} » est trop long : {limit} caractères au plus.",
        "en": "The keyword “{words}” is too long: at most {limit} characters.",
    },
    "reg.err.mention_in_keyword": {
        "fr": "« {words} » contient une mention Slack : un mot-clé est un mot que les messages contiennent, pas une "
              "personne ni un canal. Rien n'a changé. Pour désigner qui s'en occupe : `/registry set-owner` ou `add-deputy`.",
        "en": "“{words}” holds a Slack mention: a keyword is words that messages contain, not a person or a channel. "
              "Nothing changed. To name who handles it: `/registry set-owner` or `add-deputy`.",
    },
    "reg.err.keyword_per_line": {
        "fr": "« {words} » réunit plusieurs mots-clés : il serait cherché tel quel. Mettez-en un par ligne.",
        "en": "“{words}” is several keywords in one: it would be looked for as it is. Put one per line.",
    },
    "reg.err.keyword_with_comma": {
        "fr": "« {words} » réunit plusieurs mots-clés : il serait cherché tel quel, virgule comprise. Rien n'a changé. "
              "Mettez chaque mot-clé entre guillemets : `/registry add-keyword {target} {quoted}`",
        "en": "“{words}” is several keywords in one: it would be looked for as it is, comma included. Nothing changed. "
              "Put each keyword in quotes: `/registry add-keyword {target} {quoted}`",
    },
    "reg.err.department_exists": {
        "fr": "Le service `{department}` existe déjà.",
        "en": "Department `{department}` already exists.",
    },
    "reg.err.triage_department": {
        "fr": "`{department}` est le service de triage : désignez-en un autre dans les réglages du registre avant de le supprimer.",
        "en": "`{department}` is the triage department: name another one in the registry settings before removing it.",
    },
    "reg.err.precedence_department": {
        "fr": "Impossible de supprimer `{department}` : les règles de priorité {rules} le désignent (réglages du "
              "registre, `settings.precedence`), et ces règles ne se modifient pas depuis Slack. Exportez le registre "
              "(`/registry export`), retirez ou changez-les dans le fichier, puis renvoyez-le-moi en message privé "
              "pour l'importer. Rien n'a changé.",
        "en": "`{department}` cannot be removed: the precedence rules {rules} send messages to it (registry settings, "
              "`settings.precedence`), and rules cannot be edited from Slack. Export the registry (`/registry export`), "
              "remove or change them in the file, then send it back to me in a direct message to import it. "
              "Nothing changed.",
    },
    "reg.err.precedence_department.one": {
        "fr": "Impossible de supprimer `{department}` : la règle de priorité {rules} le désigne (réglages du "
              "registre, `settings.precedence`), et les règles ne se modifient pas depuis Slack. Exportez le registre "
              "(`/registry export`), retirez ou changez cette règle dans le fichier, puis renvoyez-le-moi en message "
              "privé pour l'importer. Rien n'a changé.",
        "en": "`{department}` cannot be removed: the precedence rule {rules} sends messages to it (registry settings, "
              "`settings.precedence`), and rules cannot be edited from Slack. Export the registry (`/registry export`), "
              "remove or change that rule in the file, then send it back to me in a direct message to import it. "
              "Nothing changed.",
    },
    "reg.err.open_escalations": {
        "fr": "`{department}` a encore {count} escalades ouvertes : résolvez-les ou réattribuez-les d'abord.",
        "en": "`{department}` still has {count} open escalations: resolve or reassign them first.",
    },
    "reg.err.open_escalations.one": {
        "fr": "`{department}` a encore une escalade ouverte : résolvez-la ou réattribuez-la d'abord.",
        "en": "`{department}` still has one open escalation: resolve or reassign it first.",
    },
    "reg.err.owner_required": {
        "fr": "Chaque service a besoin d'un·e responsable.",
        "en": "Every department needs an owner.",
    },
    "reg.err.bad_duration": {
        "fr": "Durée invalide « {value} » : un nombre entier positif suivi de s, m, h ou d (par exemple 15m).",
        "en": "Bad duration “{value}”: a positive whole number followed by s, m, h or d (for example 15m).",
    },
    "reg.err.example_too_long": {
        "fr": "Un exemple est trop long : {limit} caractères au plus.",
        "en": "An example is too long: at most {limit} characters.",
    },
    "reg.err.fields": {"fr": "Le formulaire contient des erreurs.", "en": "The form has mistakes."},
    "reg.err.not_admin": {
        "fr": "Seuls les admins du registre peuvent le modifier ou l'exporter : {admins}. Adressez-vous à eux.",
        "en": "Only the registry admins can change or export it: {admins}. Please ask one of them.",
    },
    "reg.err.not_admin.one": {
        "fr": "Le registre ne peut être modifié ou exporté que par son admin : {admins}. Adressez-vous à cette personne.",
        "en": "Only the registry admin can change or export it: {admins}. Please ask them.",
    },
    "reg.err.not_admin.none": {
        "fr": "Ce registre n'a aucun admin : personne ne peut le modifier ni l'exporter depuis Slack. Il doit être "
              "changé en important un fichier de registre en ligne de commande (`switchboard registry import FICHIER`), "
              "avec ses admins dans `settings.admins`.",
        "en": "This registry has no admin, so no one can change or export it from Slack. It must be changed by "
              "importing a registry file from the command line (`switchboard registry import FILE`), with its admins "
              "in `settings.admins`.",
    },
    "reg.err.no_change": {
        "fr": "Rien à changer : le registre est déjà ainsi.",
        "en": "Nothing to change: the registry is already like this.",
    },
    "reg.err.nothing_to_undo": {
        "fr": "Rien à annuler : aucune modification ne peut être défaite.",
        "en": "Nothing to undo: no change can be reverted.",
    },
    "reg.err.department_changed": {
        "fr": "Quelqu'un a modifié `{department}` depuis l'ouverture de ce formulaire : fermez-le et rouvrez-le.",
        "en": "Someone changed `{department}` since this form was opened: close it and open it again.",
    },
    "reg.err.import_not_text": {
        "fr": "« {name} » n'est pas du texte UTF-8 : envoyez le registre en YAML ou en JSON.",
        "en": "“{name}” is not UTF-8 text: send the registry as YAML or JSON.",
    },
    "reg.err.import_too_big": {
        "fr": "« {name} » est trop gros ({size} octets, {limit} au plus).",
        "en": "“{name}” is too big ({size} bytes, at most {limit}).",
    },
    "reg.err.import_download_failed": {
        "fr": "Je n'arrive pas à télécharger « {name} » ({error}). Rien n'a changé.",
        "en": "I can't download “{name}” ({error}). Nothing changed.",
    },
    "reg.err.import_expired": {
        "fr": "Cet import n'est plus en attente (déjà confirmé, annulé ou trop ancien) : renvoyez le fichier si besoin.",
        "en": "This import is no longer pending (already confirmed, cancelled or too old): send the file again if needed.",
    },
    "reg.err.import_stale": {
        "fr": "Le registre a changé depuis l'aperçu (il est à la révision {revision}) : rien n'a été importé. Renvoyez « {name} » pour voir les différences à jour.",
        "en": "The registry changed since the preview (it is at revision {revision}): nothing was imported. Send “{name}” again to see the current differences.",
    },
    "reg.err.export_failed": {
        "fr": "Je n'ai pas pu vous envoyer le fichier du registre ({error}). Réessayez dans un moment.",
        "en": "I could not send you the registry file ({error}). Please try again in a moment.",
    },
    "reg.err.import_identical": {
        "fr": "« {name} » est identique au registre actuel : rien à importer.",
        "en": "“{name}” is identical to the current registry: nothing to import.",
    },
    # what a change did
    "reg.done.set-owner": {
        "fr": "{person} est maintenant responsable de {target}.",
        "en": "{person} is now the owner of {target}.",
    },
    "reg.done.add-deputy": {
        "fr": "{person} est maintenant suppléant·e de {target}.",
        "en": "{person} is now a deputy of {target}.",
    },
    "reg.done.remove-deputy": {
        "fr": "{person} n'est plus suppléant·e de {target}.",
        "en": "{person} is no longer a deputy of {target}.",
    },
    "reg.done.set-head": {
        "fr": "{person} dirige maintenant {department}.",
        "en": "{person} is now the head of {department}.",
    },
    "reg.done.set-head.none": {
        "fr": "{department} n'a plus de direction : si ni le ou la responsable ni les suppléant·es ne répondent, ses "
              "escalades passent au service de triage.",
        "en": "{department} no longer has a head: when neither the owner nor the deputies answer, its escalations go "
              "to the triage department.",
    },
    "reg.done.set-channel": {
        "fr": "Les escalades de {department} sont maintenant aussi publiées dans {channel}.",
        "en": "Escalations for {department} are now also posted in {channel}.",
    },
    "reg.done.set-channel.none": {
        "fr": "Les escalades de {department} ne sont plus publiées dans un canal.",
        "en": "Escalations for {department} are no longer posted in a channel.",
    },
    "reg.done.add-keyword": {
        "fr": "Mots-clés ajoutés à {target} : {words}.",
        "en": "Keywords added to {target}: {words}.",
    },
    "reg.done.remove-keyword": {
        "fr": "Mots-clés retirés de {target} : {words}.",
        "en": "Keywords removed from {target}: {words}.",
    },
    "reg.done.add-department": {
        "fr": "Nouveau service {department}, responsable {person}. Donnez-lui un·e suppléant·e et des mots-clés.",
        "en": "New department {department}, owner {person}. Give it a deputy and keywords.",
    },
    "reg.done.add-department.self": {
        "fr": "Nouveau service {department} ; vous en êtes responsable. Donnez-lui un·e suppléant·e et des mots-clés.",
        "en": "New department {department}; you are its owner. Give it a deputy and keywords.",
    },
    "reg.done.remove-department": {
        "fr": "Le service {department} est supprimé.",
        "en": "Department {department} is removed.",
    },
    "reg.done.edit-department": {"fr": "{department} est à jour.", "en": "{department} is up to date."},
    "reg.done.undo": {
        "fr": "La modification de la révision {undone} a été annulée.",
        "en": "The change of revision {undone} has been undone.",
    },
    "reg.done.import": {
        "fr": "Registre remplacé par « {name} ».",
        "en": "Registry replaced with “{name}”.",
    },
    "reg.done.footer": {
        "fr": "Révision {revision} · `/registry undo` pour annuler · `/registry history` pour l'historique",
        "en": "Revision {revision} · `/registry undo` to revert · `/registry history` for the history",
    },
    # after an undo, another undo reverts the change before, not the undo: no hint to "revert" it
    "reg.done.footer.undo": {
        "fr": "Révision {revision} · `/registry history` pour l'historique",
        "en": "Revision {revision} · `/registry history` for the history",
    },
    # what a change left fragile
    "reg.warn.no_deputy": {
        "fr": ":warning: `{target}` n'a aucun·e suppléant·e : si {person} ne répond pas, l'escalade passe directement "
              "à la direction (point de défaillance unique).",
        "en": ":warning: `{target}` has no deputy: if {person} does not answer, escalations go straight to the head "
              "(single point of failure).",
    },
    "reg.warn.no_deputy_no_head": {
        "fr": ":warning: `{target}` n'a ni suppléant·e ni direction : si {person} ne répond pas, l'escalade passe "
              "directement au triage (point de défaillance unique).",
        "en": ":warning: `{target}` has no deputy and no head: if {person} does not answer, escalations go straight "
              "to triage (single point of failure).",
    },
    "reg.warn.owner_is_deputy": {
        "fr": ":warning: {person} est à la fois responsable et suppléant·e de `{target}` : cette personne n'est appelée "
              "qu'une fois, elle ne compte donc pas comme suppléant·e. Mieux vaut choisir quelqu'un d'autre.",
        "en": ":warning: {person} is both owner and deputy of `{target}`: they are called only once, so they do not "
              "count as a deputy. Better pick someone else.",
    },
    "reg.warn.overloaded": {
        "fr": ":warning: {person} est responsable de {count} services ou sujets ({targets}) : c'est trop pour une seule personne (limite {limit}).",
        "en": ":warning: {person} owns {count} departments or topics ({targets}): too much rests on one person (limit {limit}).",
    },
    # words the engine reads otherwise than the registry means, and a registry nobody can change from Slack
    "reg.warn.no_admin": {
        "fr": ":warning: Le registre n'a aucun·e admin : personne ne peut plus le modifier depuis Slack "
              "(seulement `switchboard registry import` en ligne de commande).",
        "en": ":warning: The registry has no admin: nobody can change it from Slack any more "
              "(only `switchboard registry import` on the command line can).",
    },
    "reg.warn.foreign_meaning": {
        "fr": ":warning: Le mot-clé `{term}` de `{target}` est, dans le thésaurus intégré, un mot de « {concept_fr} » "
              "({domain_fr}), dont rien d'autre dans le registre ne parle : tout message sur ce sujet ira à `{target}`, "
              "même s'il ne dit pas `{term}`. S'il veut dire autre chose ici, écrivez-le en toutes lettres ou retirez-le.",
        "en": ":warning: Keyword `{term}` of `{target}` is, in the built-in thesaurus, a word for “{concept_en}” "
              "({domain_en}), which nothing else in the registry is about: every message on that subject will go to "
              "`{target}`, even one that never says `{term}`. If it means something else here, write it out in full "
              "or remove it.",
    },
    "reg.warn.foreign_synonym": {
        "fr": ":warning: La clé de synonymes `{term}` est un mot du concept intégré « {concept_fr} » ({domain_fr}), "
              "dont aucun service ne s'occupe : ses termes ({terms}) y sont ajoutés et lus comme ce sujet. Pour un "
              "concept à vous, prenez une clé que le thésaurus ne connaît pas.",
        "en": ":warning: Synonym key `{term}` is a word of the built-in concept “{concept_en}” ({domain_en}), which "
              "no department is about: its terms ({terms}) are added to it and read as that subject. For a concept "
              "of your own, use a key the thesaurus does not list.",
    },
    "reg.warn.collapsed_synonym": {
        "fr": ":warning: Le terme `{term}` (synonymes de `{target}`) se réduit au seul mot `{word}` : tout message "
              "qui dit `{word}` y correspond. Écrivez une expression qui garde deux mots porteurs de sens, ou le mot "
              "seul si c'est lui que vous voulez.",
        "en": ":warning: Term `{term}` (synonyms of `{target}`) reduces to the single word `{word}`: every message "
              "that says `{word}` matches it. Write a phrase that keeps two meaningful words, or the word itself if "
              "that is what you mean.",
    },
    "reg.warn.quoted_word": {
        "fr": ":warning: `{term}` contient des guillemets, qu'un message devrait dire aussi : dans le fichier YAML, "
              "écrivez chaque expression comme un élément à part, entre guillemets en entier ([braquage, \"hold-up\"]).",
        "en": ":warning: `{term}` holds quotation marks, which a message would have to say too: in the YAML file, write "
              "each phrase as an item of its own, quoted as a whole ([braquage, \"hold-up\"]).",
    },
    "reg.warn.skipped_word": {
        "fr": ":warning: Le mot-clé `{term}` de `{target}` se lit `{read}` : le moteur saute {words}, donc il compte "
              "pour moitié dans tout message qui dit `{read}`. Écrivez le sens avec un mot qu'il lit "
              "(« panne », « hors ligne »).",
        "en": ":warning: Keyword `{term}` of `{target}` is read as `{read}`: the engine skips {words}, so it counts "
              "half in every message that says `{read}`. Write the meaning in a word it reads "
              "(“outage”, “offline”).",
    },
    "reg.warn.void_keyword": {
        "fr": ":warning: Le mot-clé `{term}` de `{target}` ne correspond jamais : le moteur n'en lit aucun mot (il "
              "saute les nombres et les petits mots du français et de l'anglais, comme « comment » ou « car »{unaccented}). "
              "Écrivez-le avec un autre mot qu'il lit, ou dans une expression qui en contient un.",
        "en": ":warning: Keyword `{term}` of `{target}` never matches: the engine reads no word of it (it skips "
              "numbers and the small words of French and English: “comment” is French for “how”, “car” for "
              "“because”{unaccented}). Write it with another word the engine reads, or in a phrase with one.",
    },
    "reg.warn.void_synonym": {
        "fr": ":warning: Le terme `{term}` (synonymes de `{target}`) se réduit à rien (mots vides, lettres isolées) : "
              "il ne correspond jamais.",
        "en": ":warning: Term `{term}` (synonyms of `{target}`) reduces to nothing (stop words, single letters): "
              "it never matches.",
    },
    # show and history
    "reg.show.title": {
        "fr": "*Registre des responsabilités* — {count} services · triage : `{triage}` · révision {revision}",
        "en": "*Responsibility registry* — {count} departments · triage: `{triage}` · revision {revision}",
    },
    "reg.show.triage": {"fr": "— triage", "en": "— triage"},
    "reg.show.topic": {
        "fr": "Sujet *{name}* (`{id}`) : responsable {owner} · {deputies_label} {deputies}",
        "en": "Topic *{name}* (`{id}`): owner {owner} · {deputies_label} {deputies}",
    },
    "reg.show.timeouts": {"fr": "Délais d'accusé de réception : {timeouts}", "en": "Time to acknowledge: {timeouts}"},
    "reg.show.keywords": {"fr": "Mots-clés : {keywords}", "en": "Keywords: {keywords}"},
    "reg.show.or": {"fr": "ou", "en": "or"},
    "reg.show.rule": {"fr": "Règle de priorité : un texte qui dit {words} vient ici d'abord",
                      "en": "Precedence rule: a text that says {words} comes here first"},
    "reg.show.more": {
        "fr": "… et {count} autres services : `/registry show &lt;service&gt;` pour le détail.",
        "en": "… and {count} more departments: `/registry show &lt;department&gt;` for the details.",
    },
    "reg.history.title": {
        "fr": "*Dernières modifications du registre* (révision actuelle {revision})",
        "en": "*Latest registry changes* (current revision {revision})",
    },
    "reg.history.entry": {
        "fr": "*r{revision}* · {time} · {actor} via {source} · `{action}`",
        "en": "*r{revision}* · {time} · {actor} via {source} · `{action}`",
    },
    "reg.history.undoes": {"fr": "annule r{undone}", "en": "reverts r{undone}"},
    "reg.history.empty": {
        "fr": "Aucune modification n'est enregistrée pour l'instant.",
        "en": "No change is recorded yet.",
    },
    "reg.history.future": {"fr": "— ce moment est à venir : c'est le registre actuel.",
                           "en": "— that moment is still to come: this is the current registry."},
    "reg.history.at": {
        "fr": "*Le registre tel qu'il était le {time}* (révision {revision})",
        "en": "*The registry as it was at {time}* (revision {revision})",
    },
    "reg.history.none_at": {
        "fr": "Aucun registre n'existait encore le {time}.",
        "en": "No registry existed yet at {time}.",
    },
    # export and import
    "reg.export.comment": {
        "fr": "Le registre des responsabilités, révision {revision}. Modifiez-le et renvoyez-le-moi ici pour l'importer.",
        "en": "The responsibility registry, revision {revision}. Edit it and send it back to me here to import it.",
    },
    "reg.export.sent": {
        "fr": "Je vous ai envoyé le registre (révision {revision}) en message privé : `{name}`.",
        "en": "I sent you the registry (revision {revision}) in a direct message: `{name}`.",
    },
    "reg.import.preview": {
        "fr": "*Import de « {name} »* — voici ce qui changerait (registre actuel : révision {revision}) :",
        "en": "*Import of “{name}”* — here is what would change (current registry: revision {revision}):",
    },
    "reg.import.question": {
        "fr": "Remplacer le registre par ce fichier ? Rien ne change tant que vous n'avez pas confirmé.",
        "en": "Replace the registry with this file? Nothing changes until you confirm.",
    },
    "reg.import.confirm": {"fr": "Remplacer le registre", "en": "Replace the registry"},
    "reg.import.cancel": {"fr": "Annuler", "en": "Cancel"},
    "reg.import.cancelled": {
        "fr": "Import de « {name} » annulé : le registre n'a pas changé.",
        "en": "Import of “{name}” cancelled: the registry did not change.",
    },
    "reg.import.invalid": {
        "fr": "« {name} » n'est pas un registre valide, rien n'a changé :",
        "en": "“{name}” is not a valid registry, nothing changed:",
    },
    # the department form
    "reg.modal.title": {"fr": "Modifier le service", "en": "Edit department"},
    "reg.modal.intro": {
        "fr": "*{name}* (`{id}`) — le nom, la description et les sujets se modifient par export et import du fichier.",
        "en": "*{name}* (`{id}`) — the name, description and topics are changed by exporting and importing the file.",
    },
    "reg.modal.owner": {"fr": "Responsable", "en": "Owner"},
    "reg.modal.deputies": {"fr": "Suppléant·es", "en": "Deputies"},
    "reg.modal.head": {"fr": "Direction (dernier niveau d'escalade)", "en": "Head (last level of escalation)"},
    "reg.modal.channel": {"fr": "Canal où ses escalades sont aussi publiées", "en": "Channel where its escalations are also posted"},
    "reg.modal.keywords": {"fr": "Mots-clés (un par ligne)", "en": "Keywords (one per line)"},
    "reg.modal.examples": {"fr": "Exemples de messages (un par ligne)", "en": "Example messages (one per line)"},
    "reg.modal.too_long": {
        "fr": "{what} : trop long pour ce formulaire, à modifier par export et import du fichier.",
        "en": "{what}: too long for this form; change them by exporting and importing the file.",
    },
    "reg.modal.timeout": {
        "fr": "Délai d'accusé de réception — {severity}",
        "en": "Time to acknowledge — {severity}",
    },
    "reg.modal.timeout_hint": {"fr": "vide : {default} (réglage général)", "en": "empty: {default} (general setting)"},
    "reg.modal.notice_title": {"fr": "Registre", "en": "Registry"},
    "reg.modal.saved_title": {"fr": "Enregistré", "en": "Saved"},
    "reg.modal.close": {"fr": "Fermer", "en": "Close"},
    # App Home
    "reg.home.waiting": {"fr": "Escalades qui vous attendent", "en": "Escalations waiting for you"},
    "reg.home.waiting_none": {
        "fr": "Aucune escalade ne vous attend. :white_check_mark:",
        "en": "No escalation is waiting for you. :white_check_mark:",
    },
    "reg.home.waiting_item": {
        "fr": "{icon} *{id}* — {severity} · {department} · depuis le {time}\n> {excerpt}",
        "en": "{icon} *{id}* — {severity} · {department} · since {time}\n> {excerpt}",
    },
    "reg.home.mine": {
        "fr": "Vous êtes responsable de : {owns} · suppléant·e de : {deputises} · à la direction de : {heads}",
        "en": "You own: {owns} · you are a deputy of: {deputises} · you head: {heads}",
    },
    "reg.home.overview": {"fr": "Qui s'occupe de quoi", "en": "Who handles what"},
    "reg.home.edit": {"fr": "Modifier", "en": "Edit"},
    "reg.home.more": {
        "fr": "… et {count} autres services : `/registry show` pour la liste complète.",
        "en": "… and {count} more departments: `/registry show` for the full list.",
    },
    "reg.home.health": {"fr": "Santé des responsabilités", "en": "Responsibility health"},
    "reg.home.no_deputy": {
        "fr": "Sans suppléant·e (point de défaillance unique) : {targets}",
        "en": "Without a deputy (single point of failure): {targets}",
    },
    "reg.home.overloaded": {
        "fr": "Trop de responsabilités (plus de {limit}) : {people}",
        "en": "Too many responsibilities (more than {limit}): {people}",
    },
    "reg.home.open": {"fr": "Escalades ouvertes par service : {counts}", "en": "Open escalations per department: {counts}"},
    "reg.home.all_good": {"fr": "rien à signaler", "en": "nothing to report"},
    "reg.home.admin_hint": {
        "fr": "Vous êtes admin du registre (révision {revision}) : `/registry help` pour les commandes ; envoyez-moi un fichier YAML en message privé pour l'importer.",
        "en": "You are a registry admin (revision {revision}): `/registry help` for the commands; send me a YAML file in a direct message to import it.",
    },
}
MESSAGES.update(REGISTRY_MESSAGES)


# --- learning from corrections ------------------------------------------------------------------
# "Is it rather…?" choices on escalations, keyword suggestions in the App Home, the semantic backend.

LEARNING_MESSAGES: dict[str, dict[str, str]] = {
    "who.semantic": {"fr": "lecture sémantique du message", "en": "semantic reading of the message"},
    "esc.chosen": {
        "fr": "C'est fait : {id} part chez *{department}*. Merci, je m'en souviendrai pour les cas semblables.",
        "en": "Done: {id} goes to *{department}*. Thanks, I'll remember it for similar cases.",
    },
    "choice.already_acknowledged": {
        "fr": "{id} a déjà été prise en charge par {user} : pour la déplacer, utilisez « Réattribuer ».",
        "en": "{id} was already acknowledged by {user}: to move it, use Reassign.",
    },
    "choice.already_routed": {
        "fr": "{id} a déjà été dirigée vers {department} par {user} : rien n'a changé.",
        "en": "{id} was already routed to {department} by {user}: nothing changed.",
    },
    "learn.home.title": {"fr": "Mots-clés suggérés par les corrections", "en": "Keywords suggested by corrections"},
    "learn.home.none": {
        "fr": "Aucune suggestion pour l'instant : elles viennent des escalades réattribuées et des choix « C'est plutôt… ? ».",
        "en": "No suggestion yet: they come from reassigned escalations and \"Is it rather…?\" choices.",
    },
    "learn.home.more": {
        "fr": "… et {count} autres : `switchboard registry suggestions` pour la liste complète.",
        "en": "… and {count} more: `switchboard registry suggestions` for the full list.",
    },
    "learn.suggestion": {
        "fr": "{words} pour *{department}* — {support} corrections, dont {percent} % vers ce service",
        "en": "{words} for *{department}* — {support} corrections, {percent}% of them to this department",
    },
    "learn.accept": {"fr": "Ajouter", "en": "Add"},
    "learn.dismiss": {"fr": "Ignorer", "en": "Dismiss"},
    "learn.accepted": {
        "fr": ":white_check_mark: {words} ajouté aux mots-clés de *{department}* (révision {revision}).",
        "en": ":white_check_mark: {words} added to the keywords of *{department}* (revision {revision}).",
    },
    "learn.dismissed": {
        "fr": "{words} ne sera plus suggéré pour *{department}*.",
        "en": "{words} will not be suggested again for *{department}*.",
    },
    "learn.gone": {
        "fr": "Cette suggestion n'existe plus (déjà traitée, ou le registre a changé).",
        "en": "This suggestion no longer exists (already handled, or the registry changed).",
    },
}
MESSAGES.update(LEARNING_MESSAGES)
