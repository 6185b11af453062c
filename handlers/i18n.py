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
        "fr": "Je ne suis pas sûr de savoir qui s'en occupe. En cas de doute, c'est *{triage}* (tri) qui prend le relais.",
        "en": "I'm not sure who handles this. When in doubt, *{triage}* (triage) takes it.",
    },
    "who.owner": {"fr": "Responsable", "en": "Owner"},
    "who.deputies": {"fr": "Suppléants", "en": "Deputies"},
    "who.head": {"fr": "Direction", "en": "Head"},
    "who.channel": {"fr": "Canal", "en": "Channel"},
    "who.none": {"fr": "aucun", "en": "none"},
    "who.no_deputy": {"fr": "aucun — point de défaillance unique", "en": "none — single point of failure"},
    "who.confidence": {"fr": "Confiance {percent} %", "en": "Confidence {percent}%"},
    "who.why": {"fr": "Pourquoi : {terms}", "en": "Why: {terms}"},
    "who.why_nothing": {"fr": "aucun terme du registre ne correspond", "en": "no term of the registry matched"},
    "who.alternatives": {"fr": "C'est plutôt l'un de ceux-ci ?", "en": "Is it rather one of these?"},
    "who.empty": {
        "fr": "Dites-moi de quoi il s'agit, par exemple : `/who un journaliste demande une interview`",
        "en": "Tell me what it is about, for example: `/who a journalist asks for an interview`",
    },
    "who.chosen": {
        "fr": "Noté : c'est pour *{department}*. Merci, je m'en souviendrai pour les cas semblables.",
        "en": "Noted: this is for *{department}*. Thanks, I'll remember it for similar cases.",
    },
    # escalations
    "esc.title": {"fr": "{icon} Escalade {id} — {severity}", "en": "{icon} Escalation {id} — {severity}"},
    "esc.severity.critical": {"fr": "critique", "en": "critical"},
    "esc.severity.high": {"fr": "haute", "en": "high"},
    "esc.severity.normal": {"fr": "normale", "en": "normal"},
    "esc.for": {"fr": "Pour *{department}*{topic}", "en": "For *{department}*{topic}"},
    "esc.reported_by": {"fr": "Signalé par {reporters}", "en": "Reported by {reporters}"},
    "esc.source": {"fr": "Message d'origine", "en": "Source message"},
    "esc.level": {
        "fr": "Vous êtes sollicité·e au niveau {level} : {reason}",
        "en": "You are called in at level {level}: {reason}",
    },
    "esc.reason.first": {"fr": "vous êtes responsable", "en": "you are responsible"},
    "esc.reason.climbed": {"fr": "pas d'accusé de réception en {delay}", "en": "not acknowledged in {delay}"},
    "esc.reason.reassigned": {"fr": "réattribuée par {user}", "en": "reassigned by {user}"},
    "esc.reason.triage": {"fr": "personne n'a accusé réception — non acquittée", "en": "nobody acknowledged — unacknowledged"},
    "esc.btn.ack": {"fr": "J'accuse réception", "en": "Acknowledge"},
    "esc.btn.reassign": {"fr": "Réattribuer", "en": "Reassign"},
    "esc.btn.resolve": {"fr": "Résoudre", "en": "Resolve"},
    "esc.status.open": {"fr": "En attente d'accusé de réception", "en": "Waiting for acknowledgement"},
    "esc.status.acknowledged": {"fr": "Prise en charge par {user} à {time}", "en": "Acknowledged by {user} at {time}"},
    "esc.status.resolved": {"fr": "Résolue par {user} à {time}", "en": "Resolved by {user} at {time}"},
    "esc.status.note": {"fr": "Note : {note}", "en": "Note: {note}"},
    "esc.thread.created": {
        "fr": "Escalade {id} ({severity}) transmise à *{department}* : {people}.",
        "en": "Escalation {id} ({severity}) sent to *{department}*: {people}.",
    },
    "esc.thread.climbed": {
        "fr": "{id} : {people} ajouté·es — {reason}.",
        "en": "{id}: added {people} — {reason}.",
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
    "esc.reminder": {
        "fr": "Rappel : l'escalade {id} que vous avez prise en charge n'est pas encore résolue.",
        "en": "Reminder: escalation {id}, which you acknowledged, is not resolved yet.",
    },
    "esc.unsure": {
        "fr": "Je ne sais pas à qui cette escalade revient : elle part au tri. Un clic suffit pour la diriger :",
        "en": "I don't know whose this escalation is: it goes to triage. One click routes it:",
    },
    "esc.refused": {
        "fr": "Désolé, seules les personnes sollicitées, les suppléants, la direction du service et les admins peuvent agir sur {id} ({allowed}).",
        "en": "Sorry, only the people called in, the department's deputies and head, and the admins can act on {id} ({allowed}).",
    },
    "esc.already": {"fr": "{id} est déjà {state}.", "en": "{id} is already {state}."},
    "esc.state.acknowledged": {"fr": "prise en charge par {user}", "en": "acknowledged by {user}"},
    "esc.state.resolved": {"fr": "résolue par {user}", "en": "resolved by {user}"},
    "esc.escalate_usage": {
        "fr": "Usage : `/escalate [critical|high|normal] <texte ou lien vers un message>`",
        "en": "Usage: `/escalate [critical|high|normal] <text or message link>`",
    },
    "esc.link_unreadable": {
        "fr": "Je n'arrive pas à lire ce message ({error}). Invitez-moi dans le canal, ou collez le texte.",
        "en": "I can't read that message ({error}). Invite me to the channel, or paste the text.",
    },
    "esc.received": {
        "fr": "Reçu : je transmets ce message à la bonne personne.",
        "en": "Got it: I'm passing this message to the right person.",
    },
    # modals
    "modal.reassign.title": {"fr": "Réattribuer", "en": "Reassign"},
    "modal.reassign.department": {"fr": "Service", "en": "Department"},
    "modal.reassign.person": {"fr": "Personne (facultatif)", "en": "Person (optional)"},
    "modal.resolve.title": {"fr": "Résoudre", "en": "Resolve"},
    "modal.resolve.note": {"fr": "Note (facultative)", "en": "Note (optional)"},
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


def language_from_locale(locale: str | None, default: str) -> str:
    """Map a Slack locale such as ``fr-FR`` or ``en-US`` to a supported language."""
    if locale:
        code = locale.split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return default
