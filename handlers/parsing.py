"""Plain values out of Slack text: message links, `/escalate` arguments, bot mentions."""
from __future__ import annotations

import re

from handlers.ids import ESCALATE_WORDS
from knowledge.models import SEVERITIES

LINK_RE = re.compile(
    r"https?://[^\s/|>]+/archives/(?P<channel>[CGD][A-Z0-9]+)/p(?P<ts>\d{10})(?P<frac>\d{6})"
    r"(?:\?[^\s|>]*thread_ts=(?P<thread>\d+\.\d+))?"
)
MENTION_RE = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
ESCALATE_RE = re.compile(r"\b(" + "|".join(ESCALATE_WORDS) + r")\b", re.IGNORECASE)


# a text that is only a link into a workspace's archive ("https://acme.slack.com/archives/C0…/p1700…",
# maybe in <…>); a news site's "/archives/" is another matter
_ARCHIVE_LINK_ONLY = re.compile(r"<?https?://(?:[^\s/|>]+\.)?slack\.com/archives/\S*>?", re.IGNORECASE)


def is_broken_message_link(text: str) -> bool:
    """True when ``text`` is nothing but a link into a Slack archive that names no message (cut
    off while copying): escalated as a text, it would page someone about a URL."""
    text = text.strip()
    return bool(_ARCHIVE_LINK_ONLY.fullmatch(text)) and parse_message_link(text) is None


def parse_message_link(text: str) -> tuple[str, str, str | None] | None:
    """(channel, ts, thread_ts) from a Slack message link inside ``text``, else None."""
    match = LINK_RE.search(text)
    if not match:
        return None
    return match["channel"], f"{match['ts']}.{match['frac']}", match["thread"]


# the severities as the cards name them, in English and French
SEVERITY_NAMES = {**{s: s for s in SEVERITIES}, "critique": "critical", "haute": "high", "normale": "normal"}
# with the words people reach for ("élevée", "urgent"); accents optional. These also begin
# ordinary phrases ("low quality", "haut débit", "faible réseau"), so they count as a severity only
# set apart from the text ("urgent : …", "low - …") or alone
SEVERITY_WORDS = {
    **SEVERITY_NAMES,
    "urgent": "critical", "urgente": "critical",
    "haut": "high", "elevee": "high", "élevée": "high", "eleve": "high", "élevé": "high",
    # three levels: the lowest one is "normal" whatever people call it
    "low": "normal", "basse": "normal", "bas": "normal", "faible": "normal",
}
_SEPARATORS = ":;,!-–—"


def parse_escalate_text(text: str) -> tuple[str | None, str]:
    """Split `/escalate [critical|high|normal] <text>` into (severity, rest).

    The French names of the severities ("critique", "haute", "normale") are understood too, and so
    are other words for them ("urgent", "élevée", "low", "faible") when a separator or the end of
    the text sets them apart, or a message link that is all the rest ("/escalate low <link>"):
    "/escalate low quality poles snapping" keeps its first word."""
    words = text.strip().split(maxsplit=1)
    if not words:
        return None, ""
    first = words[0].lower()
    word = first.rstrip(_SEPARATORS)
    rest = words[1] if len(words) > 1 else ""
    # set apart by a separator, by the end of the text, or by a message link that is all the rest
    apart = word != first or not rest or rest[0] in _SEPARATORS or _is_only_a_link(rest)
    if word in SEVERITY_NAMES or (word in SEVERITY_WORDS and apart):
        return SEVERITY_WORDS[word], rest.lstrip(_SEPARATORS + " ")
    return None, text.strip()


def _is_only_a_link(text: str) -> bool:
    """True when ``text`` is a Slack message link and nothing else ("/escalate low <link>"), the
    rest of its query included (a reply's link ends "?thread_ts=…&cid=…")."""
    link = text.strip().removeprefix("<").removesuffix(">").split("|")[0]
    match = LINK_RE.match(link)
    return match is not None and re.fullmatch(r"(?:[?&][^\s|>]*)?", link[match.end():]) is not None


def has_content(text: str) -> bool:
    """Whether a text says anything: a letter or a digit, not only punctuation."""
    return any(c.isalnum() for c in text)


def strip_mention(text: str, bot_user_id: str | None) -> str:
    """The text of a message without the bot's own mention."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    return " ".join(text.split())


def mentions_user(text: str, user_id: str | None) -> bool:
    return bool(user_id) and any(m == user_id for m in MENTION_RE.findall(text or ""))


HELP_WORDS = {"help", "aide", "?", "/help", "menu", "aide-moi", "aidez-moi"}
# a greeting alone is a first contact: say what the bot does rather than route "bonjour"
GREETINGS = {"bonjour", "bonsoir", "salut", "coucou", "bjr", "slt", "hello", "hi", "hey", "yo", "good morning",
             "good afternoon", "good evening"}
THANKS = {"merci", "merci beaucoup", "merci bien", "mercii", "thanks", "thank you", "thx", "ty", "cool merci",
          "ok merci", "ok thanks", "super merci", "great thanks"}
_TO_EVERYONE = re.compile(r"\s+(?:a tous|à tous|a toutes|à toutes|tout le monde|there|all|everyone|team|"
                          r"switchboard|l'equipe|l'équipe)$")


def _said(text: str) -> str:
    """A short message as said: lower case, no punctuation around, no "à tous" or "there" after it."""
    said = " ".join((text or "").lower().replace(",", " ").split()).strip(" !.?:)🙂😊🙏")
    return _TO_EVERYONE.sub("", said).strip(" !.?:")


def asks_for_help(text: str) -> bool:
    """True when a message only asks what the bot does ("help", "aide", "?"), or only greets it."""
    said = _said(text)
    return said in HELP_WORDS or said in GREETINGS or (text or "").strip() == "?"


def says_thanks(text: str) -> bool:
    """True when a message only thanks the bot ("merci", "thanks")."""
    return _said(text) in THANKS


def asks_to_escalate(text: str) -> bool:
    """True when a mention asks the bot to escalate (escalate / escalade…)."""
    return bool(ESCALATE_RE.search(text or ""))


_SAID_SEVERITY = re.compile(r"(?<![\w'’])(?:(pas|not|non|no|isn't|nothing)\s+)?("
                            + "|".join(sorted((re.escape(w) for w in SEVERITY_WORDS), key=len, reverse=True))
                            + r")(?![\w'’])", re.IGNORECASE)
SAID_SEVERITY_WORDS = 12  # a request to escalate longer than this is a message, not an instruction


def severity_said(text: str) -> str | None:
    """The severity a short request to escalate names ("escalade, c'est urgent", "escalate this,
    high priority"), if any; "pas urgent", "not critical" name none."""
    if len(text.split()) > SAID_SEVERITY_WORDS:
        return None
    for match in _SAID_SEVERITY.finditer(text):
        if not match.group(1):
            return SEVERITY_WORDS[match.group(2).lower()]
    return None


def clicked(body: dict) -> tuple[str, str]:
    """Who clicked a button, and the button's value, from a block_actions payload."""
    action = (body.get("actions") or [{}])[0]
    return body["user"]["id"], action.get("value", "")
