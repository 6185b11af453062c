"""The errors of an administrator's change to the registry, each with a code and values for translation.

Every error carries a ``code`` and ``params`` so the bot can say it in French or English;
``str(error)`` is the English sentence.

    EditError (SwitchboardError)
    ├── BadCommand      the text cannot be understood
    ├── EditRefused     understood, but not possible in the registry as it is (also a Conflict)
    ├── UnknownTarget   a department or topic id that names nothing (also a NotFound)
    └── FieldErrors     a department form with wrong fields; ``fields`` maps field -> EditError
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from knowledge.errors import Conflict, NotFound, SwitchboardError


_ENGLISH = {
    "unknown_command": "unknown command {command!r}: expected one of {commands}",
    "missing_argument": "something is missing: /registry {usage}",
    "too_many_arguments": "unexpected {extra!r}: /registry {usage}",
    "unclosed_quote": "a quote is opened but never closed",
    "bad_person": "{value!r} is not a person: pick someone from Slack's @ list (or write a user id, U…)",
    "bad_channel": "{value!r} is not a channel: pick one from Slack's # list (or write a channel id, C…)",
    "bad_target": "bad department {value!r}: expected <department> or <department>/<topic>",
    "bad_id": "bad id {value!r}: expected lower-case letters, digits, _ or - (at most 64)",
    "bad_date": "bad date {value!r}: expected a date and time such as 2026-11-02T14:00 (UTC)",
    "bad_number": "bad number {value!r}: expected how many changes to show, 1 to {limit}",
    "name_too_long": "the name is too long: at most {limit} characters",
    "mention_in_name": "the name {name!r} holds a Slack mention: put the name in quotes, the owner after it",
    "head_on_topic": "topics have no head of their own: set the head of department {department!r}",
    "unknown_department": "unknown department {department!r}; known: {known}",
    "keyword_per_line": "{words!r} is several keywords in one: put one per line, without quotes",
    "topic_not_department": "{department!r} is a topic, not a department: write {targets}",
    "unknown_topic": "department {department!r} has no topic {topic!r}; its topics: {known}",
    "unknown_user": "Slack has no user {user}: pick the person from Slack's @ list",
    "already_owner": "{person} is already the owner of {target}",
    "already_deputy": "{person} is already a deputy of {target}",
    "owner_as_deputy": "{person} is the owner of {target}: a deputy must be someone else",
    "not_deputy": "{person} is not a deputy of {target} (deputies: {deputies})",
    "already_head": "{person} is already the head of {department}",
    "no_head": "{department} has no head to remove",
    "same_channel": "the channel of {department} is already {channel}",
    "no_channel": "{department} has no channel to remove",
    "keyword_exists": "{target} already has the keyword {words!r}",
    "keyword_missing": "{target} has no keyword {words!r} (keywords: {keywords})",
    "keyword_too_long": "the keyword {words!r} is too long: at most {limit} characters",
    "mention_in_keyword": "the keyword {words!r} holds a Slack mention: keywords are words that messages contain",
    "keyword_with_comma": ("{words!r} is several keywords in one (a comma or a semicolon) and would never match: "
                           "quote each keyword on its own: {quoted}"),
    "department_exists": "a department {department!r} already exists",
    "triage_department": "{department!r} is the triage department: name another one in settings first",
    "precedence_department": ("{department!r} is preferred by precedence rule(s) {rules}: change them in the "
                              "registry file (export, edit, import)"),
    "open_escalations": "{department!r} still has {count} open escalation(s): resolve or reassign them first",
    "owner_required": "every department needs an owner",
    "bad_duration": "bad duration {value!r}: expected a positive whole number followed by s, m, h or d (e.g. 15m)",
    "example_too_long": "an example is too long: at most {limit} characters",
    "fields": "the form has mistakes: {details}",
    # refusals of the administration service
    "not_admin": "only the registry admins can change the registry: {admins}",
    "no_registry": "no registry is loaded yet: import a registry file first",
    "no_change": "no change: the registry is already exactly like this",
    "nothing_to_undo": "nothing to undo",
    "department_changed": "department {department!r} was changed by someone else since the form was opened",
    "import_not_text": "{name!r} is not UTF-8 text: send the registry as YAML or JSON",
    "import_too_big": "{name!r} is too big ({size} bytes, at most {limit})",
    "import_download_failed": "cannot download {name!r}: {error}",
    "import_expired": "this import is no longer pending (already confirmed or cancelled)",
    "import_stale": "the registry changed since the preview (now revision {revision}): send {name!r} again",
    "import_identical": "{name!r} is identical to the current registry: nothing to import",
    "export_failed": "the registry file could not be sent: {error}",
}


class EditError(SwitchboardError):
    """A known problem with an administrator's change, with a code and values for translation."""

    def __init__(self, code: str, **params: Any):
        self.code = code
        self.params = params
        super().__init__(_english(code, params))


def _english(code: str, params: Mapping[str, Any]) -> str:
    template = _ENGLISH.get(code)
    if template is None:
        return code.replace("_", " ") + (f" ({params})" if params else "")
    shown = {k: ", ".join(map(str, v)) or "none" if isinstance(v, list | tuple) else v for k, v in params.items()}
    return template.format(**shown)


class BadCommand(EditError):
    """The `/registry` text cannot be understood."""


class EditRefused(EditError, Conflict):
    """The change is understood but cannot be made to the registry as it is."""


class UnknownTarget(EditError, NotFound):
    """A department or topic that the registry does not have."""


class FieldErrors(EditError):
    """Several fields of a form are wrong; ``fields`` maps each field name to its error."""

    def __init__(self, fields: dict[str, EditError]):
        self.fields = fields
        details = "; ".join(f"{name}: {error}" for name, error in fields.items())
        super().__init__("fields", details=details)
