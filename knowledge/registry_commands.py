"""`/registry …` text to a typed command: read-only commands, or one of ``knowledge.registry_edits``.

Slack sends people as ``<@U123|name>`` and channels as ``<#C123|name>`` when the command escapes
them; bare ids are accepted too, and a plain ``@name`` or ``#name`` (what Slack sends when it
does not escape) is refused with a hint rather than guessed. Words in "straight", “curly” or
« French » quotes are one keyword. Slack's HTML escaping of &, < and > is undone in free text.
Every mistake is a ``BadCommand`` whose code and values name what is wrong.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from knowledge.edit_errors import BadCommand
from knowledge.registry_edits import (
    CHANNEL_RE,
    IDENT_RE,
    KEYWORD_LIMIT,
    NAME_LIMIT,
    USER_RE,
    AddDepartment,
    AddDeputy,
    AddKeyword,
    Edit,
    PersonRef,
    RemoveDepartment,
    RemoveDeputy,
    RemoveKeyword,
    SetChannel,
    SetHead,
    SetOwner,
    Target,
    check_new_keywords,
    has_slack_mention,
)

HISTORY_DEFAULT = 10
HISTORY_MAX = 50
IMPORT_SUFFIXES = (".yaml", ".yml", ".json")
IMPORT_FILETYPES = ("yaml", "json")


def is_registry_file(name: str | None, filetype: str | None = None) -> bool:
    """True for a shared file that may be a registry: YAML or JSON, by name or by Slack's file type."""
    return bool(name and name.lower().endswith(IMPORT_SUFFIXES)) or (filetype or "").lower() in IMPORT_FILETYPES


# --- read-only commands ----------------------------------------------------------------------

@dataclass(frozen=True)
class Help:
    """`/registry` or `/registry help`."""


@dataclass(frozen=True)
class Show:
    """`/registry show [department[/topic]]`."""

    department: str | None = None
    topic: str | None = None


@dataclass(frozen=True)
class History:
    """`/registry history [--at <date>] [<count>]`."""

    at: datetime | None = None
    limit: int = HISTORY_DEFAULT


@dataclass(frozen=True)
class Undo:
    """`/registry undo`."""


@dataclass(frozen=True)
class Export:
    """`/registry export`."""


Command = Help | Show | History | Undo | Export | Edit


# --- parsing `/registry …` --------------------------------------------------------------------

USAGE = {
    "help": "help",
    "show": "show [department[/topic]]",
    "set-owner": "set-owner <department>[/<topic>] @person",
    "add-deputy": "add-deputy <department>[/<topic>] @person",
    "remove-deputy": "remove-deputy <department>[/<topic>] @person",
    "set-head": "set-head <department> @person|none",
    "set-channel": "set-channel <department> #channel|none",
    "add-keyword": 'add-keyword <department>[/<topic>] "words" ["more words"…]',
    "remove-keyword": 'remove-keyword <department>[/<topic>] "words" ["more words"…]',
    "add-department": 'add-department <id> "Name" [@owner]',
    "remove-department": "remove-department <id>",
    "history": "history [--at 2026-11-02T14:00] [count]",
    "undo": "undo",
    "export": "export",
}
READ_COMMANDS = ("help", "show", "history")
_ALIASES = {"aide": "help", "?": "help", "list": "show", "historique": "history", "annuler": "undo"}

_QUOTES = {'"': '"', "“": "”", "«": "»", "„": "“"}
_MENTION_RE = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|([^>]*))?>$")
_CHANNEL_MENTION_RE = re.compile(r"^<#([CG][A-Z0-9]+)(?:\|([^>]*))?>$")
_NONE = ("none", "aucun", "aucune", "-")  # no channel, no head


@dataclass(frozen=True)
class _Token:
    text: str
    quoted: bool = False


def _unescape(text: str) -> str:
    """Slack escapes &, < and > in the text of a slash command."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def tokenize(text: str) -> list[_Token]:
    """Words, "quoted words" (straight, curly or « French » quotes) and <…> mentions."""
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
        elif char in _QUOTES:
            end = text.find(_QUOTES[char], i + 1)
            if end < 0:
                raise BadCommand("unclosed_quote")
            tokens.append(_Token(_unescape(" ".join(text[i + 1:end].split())), quoted=True))
            i = end + 1
        elif char == "<":
            end = text.find(">", i)
            end = n - 1 if end < 0 else end
            tokens.append(_Token(text[i:end + 1]))
            i = end + 1
        else:
            j = i
            while j < n and not text[j].isspace():
                j += 1
            tokens.append(_Token(_unescape(text[i:j])))
            i = j
    return tokens


def parse_person(token: str) -> PersonRef:
    """``<@U123|name>``, ``<@U123>`` or a bare user id; BadCommand for anything else."""
    match = _MENTION_RE.match(token)
    if match:
        return PersonRef(match[1], (match[2] or "").strip() or None)
    if USER_RE.match(token):
        return PersonRef(token)
    raise BadCommand("bad_person", value=_unescape(token))


def parse_channel(token: str) -> str | None:
    """``<#C123|name>``, ``<#C123>``, a bare channel id, or none/- for no channel."""
    match = _CHANNEL_MENTION_RE.match(token)
    if match:
        return match[1]
    if CHANNEL_RE.match(token):
        return token
    if token.lower() in _NONE:
        return None
    raise BadCommand("bad_channel", value=_unescape(token))


def parse_target(token: str) -> Target:
    """``department`` or ``department/topic`` (ids are lower-case, whatever the case typed)."""
    token = token.lower()
    department, _, topic = token.partition("/")
    if not IDENT_RE.match(department) or (topic and not IDENT_RE.match(topic)) or token.endswith("/"):
        raise BadCommand("bad_target", value=token)
    return Target(department, topic or None)


def parse_date(text: str) -> datetime:
    """An ISO date, with or without a time; a time without an offset is UTC."""
    try:
        when = datetime.fromisoformat(text.strip().replace(" ", "T"))
    except ValueError:
        raise BadCommand("bad_date", value=text) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def is_change(text: str) -> bool:
    """True when ``text`` (after `/registry`) names a command that changes the registry (or
    exports it), whatever its arguments: those are for admins only."""
    tokens = tokenize(text or "")
    if not tokens:
        return False
    name = tokens[0].text.lower()
    name = _ALIASES.get(name, name)
    return name in USAGE and name not in READ_COMMANDS  # every other command is an admin's


def parse_command(text: str) -> Command:
    """The typed command for the text after `/registry`; BadCommand names what is wrong."""
    tokens = tokenize(text or "")
    if not tokens:
        return Help()
    name = tokens[0].text.lower()
    name = _ALIASES.get(name, name)
    if name not in USAGE or tokens[0].quoted:
        raise BadCommand("unknown_command", command=tokens[0].text, commands=list(USAGE))
    args = tokens[1:]
    parser = _PARSERS[name]
    return parser(name, args)


def _need(name: str, args: list[_Token], count: int, most: int | None = None) -> None:
    if len(args) < count:
        raise BadCommand("missing_argument", command=name, usage=USAGE[name])
    most = count if most is None else most
    if len(args) > most:
        raise BadCommand("too_many_arguments", command=name, extra=args[most].text, usage=USAGE[name])


def _ident(token: _Token, *, lower: bool = True) -> str:
    text = token.text.lower() if lower else token.text
    if not IDENT_RE.match(text):
        raise BadCommand("bad_id", value=token.text)
    return text


def _parse_help(name: str, args: list[_Token]) -> Command:
    return Help()


def _parse_show(name: str, args: list[_Token]) -> Command:
    _need(name, args, 0, 1)
    if not args:
        return Show()
    target = parse_target(args[0].text)
    return Show(target.department, target.topic)


def _parse_history(name: str, args: list[_Token]) -> Command:
    at: datetime | None = None
    limit = HISTORY_DEFAULT
    rest = list(args)
    while rest:
        token = rest.pop(0).text
        # Desktop clients may turn "--" into an em or en dash.
        option = token.lstrip("-—–") if token[:1] in "-—–" else None
        if option is not None and option.lower().startswith("at"):
            value = option[2:].lstrip("=")
            if not value:
                if not rest:
                    raise BadCommand("missing_argument", command=name, usage=USAGE[name])
                value = rest.pop(0).text
            # "2026-11-02 14:00": the time may come as a word of its own
            if rest and re.match(r"^\d{1,2}:\d{2}", rest[0].text) and "T" not in value:
                value += "T" + rest.pop(0).text
            at = parse_date(value)
        elif token.isdigit():
            limit = int(token)
            if not 1 <= limit <= HISTORY_MAX:
                raise BadCommand("bad_number", value=token, limit=HISTORY_MAX)
        else:
            raise BadCommand("too_many_arguments", command=name, extra=token, usage=USAGE[name])
    return History(at=at, limit=limit)


def _parse_plain(name: str, args: list[_Token]) -> Command:
    _need(name, args, 0)
    return Undo() if name == "undo" else Export()


def _is_person_like(token: _Token) -> bool:
    """A token meant as a person: a mention, a typed ``@name`` or a user id."""
    return not token.quoted and (token.text.startswith(("<@", "@")) or bool(USER_RE.match(token.text)))


def _person_at(args: list[_Token], index: int) -> PersonRef:
    """The person ``args[index]`` names; a name typed by hand is refused whole, spaces and all
    ("@Zoé Carpentier", not "@Zoé" with "Carpentier" left over)."""
    try:
        return parse_person(args[index].text)
    except BadCommand:
        typed = []
        for token in args[index:]:
            if token.quoted or token.text.startswith("<") or (typed and _is_person_like(token)):
                break
            typed.append(token.text)
        raise BadCommand("bad_person", value=_unescape(" ".join(typed) or args[index].text)) from None


def _parse_person_edit(name: str, args: list[_Token]) -> Command:
    if len(args) < 2:
        raise BadCommand("missing_argument", command=name, usage=USAGE[name])
    target = parse_target(args[0].text)
    if name == "set-head":
        if target.topic:
            raise BadCommand("head_on_topic", department=target.department)
        if not args[1].quoted and args[1].text.lower() in _NONE:
            _need(name, args, 2)
            return SetHead(target.department, None)
    person = _person_at(args, 1)  # before counting: the words of a typed name are not "left over"
    _need(name, args, 2)
    if name == "set-head":
        return SetHead(target.department, person)
    kind = {"set-owner": SetOwner, "add-deputy": AddDeputy, "remove-deputy": RemoveDeputy}[name]
    return kind(target, person)


def _parse_channel(name: str, args: list[_Token]) -> Command:
    _need(name, args, 2)
    return SetChannel(_ident(args[0]), parse_channel(args[1].text))


def _parse_keywords(name: str, args: list[_Token]) -> Command:
    if len(args) < 2:
        raise BadCommand("missing_argument", command=name, usage=USAGE[name])
    target = parse_target(args[0].text)
    if all(t.quoted for t in args[1:]):
        words = tuple(t.text for t in args[1:] if t.text)
    else:
        # unquoted words are one keyword: add-keyword legal mise en demeure
        words = (" ".join(t.text for t in args[1:]),)
    if not words:
        raise BadCommand("missing_argument", command=name, usage=USAGE[name])
    if name == "add-keyword":
        check_new_keywords(target, words)
        return AddKeyword(target, words)
    for phrase in words:  # a keyword with a comma, imported from a file, can still be removed
        if len(phrase) > KEYWORD_LIMIT:
            raise BadCommand("keyword_too_long", words=phrase[:40] + "…", limit=KEYWORD_LIMIT)
    return RemoveKeyword(target, words)


def _parse_add_department(name: str, args: list[_Token]) -> Command:
    """`add-department <id> "Name" [@owner]`: the name is the quoted text, or the words before the
    first person; anything after the owner is not understood."""
    if len(args) < 2:
        raise BadCommand("missing_argument", command=name, usage=USAGE[name])
    dept_id = _ident(args[0], lower=False)
    if args[1].quoted:
        label, rest = args[1].text, args[2:]
    else:
        end = next((i for i, token in enumerate(args[1:], 1)
                    if token.quoted or token.text.startswith(("<@", "@"))), len(args))
        if end == len(args) and USER_RE.match(args[-1].text):
            if len(args) == 2:  # add-department events U0COMM001: a person, and no name
                raise BadCommand("missing_argument", command=name, usage=USAGE[name])
            end -= 1  # add-department events Salons U0COMM001: a user id after the name is its owner
        label, rest = " ".join(t.text for t in args[1:end]), args[end:]
    owner = None
    if rest and _is_person_like(rest[0]):
        owner = _person_at(rest, 0)
        rest = rest[1:]
    if rest:
        raise BadCommand("too_many_arguments", command=name, extra=rest[0].text, usage=USAGE[name])
    label = label.strip()
    if not label:
        raise BadCommand("missing_argument", command=name, usage=USAGE[name])
    if has_slack_mention(label):
        raise BadCommand("mention_in_name", name=label)
    if len(label) > NAME_LIMIT:
        raise BadCommand("name_too_long", limit=NAME_LIMIT)
    return AddDepartment(dept_id, label, owner)


def _parse_remove_department(name: str, args: list[_Token]) -> Command:
    _need(name, args, 1)
    return RemoveDepartment(_ident(args[0]))


_PARSERS: dict[str, Callable[[str, list[_Token]], Command]] = {
    "help": _parse_help,
    "show": _parse_show,
    "history": _parse_history,
    "undo": _parse_plain,
    "export": _parse_plain,
    "set-owner": _parse_person_edit,
    "add-deputy": _parse_person_edit,
    "remove-deputy": _parse_person_edit,
    "set-head": _parse_person_edit,
    "set-channel": _parse_channel,
    "add-keyword": _parse_keywords,
    "remove-keyword": _parse_keywords,
    "add-department": _parse_add_department,
    "remove-department": _parse_remove_department,
}
