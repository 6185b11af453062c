"""Every Slack identifier the bot answers to: commands, action ids, callback ids, block ids."""
from __future__ import annotations

from enum import StrEnum


class Command(StrEnum):
    WHO = "/who"
    ESCALATE = "/escalate"
    REGISTRY = "/registry"


class Action(StrEnum):
    ACK = "escalation_ack"
    REASSIGN = "escalation_reassign"
    RESOLVE = "escalation_resolve"
    CHOOSE_DEPARTMENT = "route_choose"  # "Is this about: Press / Legal / Quality?" buttons
    HOME_EDIT_DEPARTMENT = "home_edit_department"
    IMPORT_CONFIRM = "registry_import_confirm"
    IMPORT_CANCEL = "registry_import_cancel"
    SUGGESTION_ACCEPT = "keyword_suggestion_accept"  # App Home: add a keyword learned from corrections
    SUGGESTION_DISMISS = "keyword_suggestion_dismiss"


class Callback(StrEnum):
    ESCALATE_SHORTCUT = "escalate_message"
    REASSIGN_VIEW = "escalation_reassign_view"
    RESOLVE_VIEW = "escalation_resolve_view"
    EDIT_DEPARTMENT_VIEW = "registry_edit_department"


class Block(StrEnum):
    REASSIGN_DEPARTMENT = "reassign_department"
    REASSIGN_PERSON = "reassign_person"
    RESOLVE_NOTE = "resolve_note"
    DEPT_OWNER = "dept_owner"
    DEPT_DEPUTIES = "dept_deputies"
    DEPT_HEAD = "dept_head"
    DEPT_CHANNEL = "dept_channel"
    DEPT_KEYWORDS = "dept_keywords"
    DEPT_EXAMPLES = "dept_examples"
    DEPT_TIMEOUT_CRITICAL = "dept_timeout_critical"
    DEPT_TIMEOUT_HIGH = "dept_timeout_high"
    DEPT_TIMEOUT_NORMAL = "dept_timeout_normal"


ESCALATE_WORDS = ("escalate", "escalade", "escalader", "escalation", "escalader")
