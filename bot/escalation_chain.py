"""The escalation document, its chain of people, who may act on it, and the messages a change causes.

An escalation document (plain JSON, stored by ``bot.escalation_store``)::

    id, number, rev            "ESC-42", 42, bumped by every state change (outbox entries carry it)
    status                     open | acknowledged | resolved
    severity, department, topic, channel (the department's), confident
    alternatives               [{department, topic, confidence}]: the route's next likeliest departments
                               (at most three), offered as one-click choices when not confident
    text, source               {channel, ts, thread_ts, permalink} of the message escalated
    reporters, via             user ids; reaction | shortcut | command | mention | auto | dm
    created_at, updated_at     epoch seconds
    chain, chain_no            [{level 0..3, users, channel, label}] fixed at creation (a reassign
                               replaces it and bumps chain_no); labels: responsible, deputies,
                               head, unacknowledged
    level, notified            the level reached; everyone ever notified (they keep their buttons)
    ack_seconds                the acknowledgement timeout of each level, fixed with the chain
    due_at, due_kind           the next step: "climb", "nudge" (everyone called in reminded, at the
                               last level), "remind" (the acknowledger) or None
    acknowledged_by/_at, resolved_by/_at, resolved_note
    timeline                   [{at, kind, actor, detail}]: created, notified, climbed, acknowledged,
                               reassigned, reminded, nudged (everyone called in, at the top of the
                               chain), resolved, reporter_added, severity_raised, delivery_failed
    messages                   [{key, to, channel_key, lang, channel, ts}]: the cards posted, so they
                               can be updated in place (channel and ts once Slack has answered)
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from knowledge.errors import Conflict, NotAllowed
from knowledge.models import Registry

if TYPE_CHECKING:
    from bot.escalations import EscalationRenderer
    from bot.outbox import Outbox

LABELS = ("responsible", "deputies", "head", "unacknowledged")
_MAX_NAMES = 8


def build_chain(registry: Registry, *, owner: str | None, deputies: list[str], head: str | None) -> list[dict]:
    """The four levels; nobody appears twice (a person keeps their first level)."""
    triage = registry.triage
    raw = [([owner], None), (deputies, None), ([head], None), ([triage.owner], triage.channel)]
    seen: set[str] = set()
    chain = []
    for level, (users, channel) in enumerate(raw):
        kept = [u for u in dict.fromkeys(u for u in users if u) if u not in seen]
        seen.update(kept)
        chain.append({"level": level, "users": kept, "channel": channel, "label": LABELS[level]})
    return chain


def first_level_from(chain: list[dict], start: int) -> int | None:
    """The first level at or after ``start`` with someone (or a channel) in it."""
    return next((s["level"] for s in chain if s["level"] >= start and (s["users"] or s.get("channel"))), None)


def refresh_chain(esc: dict, registry: Registry) -> None:
    """The levels not reached yet, as the registry says now: a deputy removed since the
    escalation began is not called in, a deputy or head added is (the levels already reached
    stay as they were, the history of who was called)."""
    dept = registry.department(esc["department"])
    if dept is None:
        return  # the department was removed: the chain it had is all there is
    topic = esc.get("topic") if dept.topic(esc.get("topic")) is not None else None
    first = esc["chain"][0]["users"] if esc.get("chain") else []
    picked, backups, head = registry.escalation_people(esc["department"], topic, first[0] if first else None)
    fresh = build_chain(registry, owner=picked, deputies=backups, head=head)
    esc["chain"] = [old if old["level"] <= esc["level"] else new for old, new in zip(esc["chain"], fresh)]


def level_detail(esc: dict, step: dict | None) -> dict:
    """A chain level as a thread note or a timeline entry tells it."""
    if step is None:
        return {"level": None, "label": None, "users": [], "channel": None}
    return {"level": step["level"], "label": step["label"], "users": list(step["users"]),
            "channel": step.get("channel")}


def still_called(esc: dict, registry: Registry) -> list[str]:
    """The people of the levels reached so far who may still acknowledge (not those of a
    department the escalation was reassigned away from): whom silence at the top reminds."""
    allowed = ack_actors(esc, registry)
    return list(dict.fromkeys(u for step in esc["chain"] if step["level"] <= esc["level"]
                              for u in step["users"] if u in allowed))


def new_escalation(
    *, esc_id: str, now: float, text: str, source: dict, reporter: str | None, via: str, route: Any,
    severity: str, chain: list[dict], registry: Registry,
) -> dict:
    """A fresh, open escalation document (not stored, nobody notified yet)."""
    department = route.department
    esc = {
        "id": esc_id,
        "number": int(esc_id.split("-")[1]),
        "rev": 1,
        "status": "open",
        "severity": severity,
        "department": department,
        "topic": getattr(route, "topic", None),
        "channel": getattr(route, "channel", None),
        "confident": bool(getattr(route, "confident", True)),
        "alternatives": [
            {"department": a.department, "topic": a.topic, "confidence": round(float(a.confidence), 3)}
            for a in list(getattr(route, "alternatives", None) or [])[:3]
        ],
        "text": text,
        "source": {k: source.get(k) for k in ("channel", "ts", "thread_ts", "permalink")},
        "reporters": [reporter] if reporter else [],
        "via": via,
        "created_at": now,
        "updated_at": now,
        "chain": chain,
        "chain_no": 0,
        "level": 0,
        "notified": [],
        "ack_seconds": registry.ack_seconds(department, severity),
        "due_at": None,
        "due_kind": None,
        "acknowledged_by": None,
        "acknowledged_at": None,
        "resolved_by": None,
        "resolved_at": None,
        "resolved_note": None,
        "timeline": [],
        "messages": [],
    }
    stamp(esc, now, "created", reporter, via=via, department=department, topic=esc["topic"], severity=severity)
    return esc


def stamp(esc: dict, now: float, kind: str, actor: str | None, **detail: Any) -> None:
    """Add a timeline entry."""
    esc["timeline"].append({"at": now, "kind": kind, "actor": actor, "detail": detail})
    esc["updated_at"] = now


# -- who may act -------------------------------------------------------------------------------

def department_people(registry: Registry, department: str, topic: str | None = None) -> set[str]:
    """The owner, backups and head of a department (or topic) in today's registry; none for a
    department the registry no longer has."""
    if registry.department(department) is None:
        return set()
    owner, backups, head = registry.escalation_people(department, topic)
    return {owner, *backups, *([head] if head else [])}


def allowed_actors(esc: dict, registry: Registry) -> set[str]:
    """Everyone notified, the department's (or topic's) owner, backups and head (today's registry), admins."""
    return (set(esc.get("notified", [])) | set(registry.settings.admins)
            | department_people(registry, esc["department"], esc.get("topic")))


def reachable(registry: Registry, department: str, topic: str | None = None, *extra: str | None) -> set[str]:
    """The people an escalation of ``department`` (``topic``) may write to as it climbs: its
    owner, deputies and head, the triage department's, the registry's admins, and ``extra``."""
    people = {*extra, *registry.settings.admins, *department_people(registry, department, topic)}
    triage = registry.department(registry.settings.triage_department)
    if triage is not None:
        people.update((triage.owner, triage.head, *triage.deputies))
    return {p for p in people if p}


def ack_actors(esc: dict, registry: Registry) -> set[str]:
    """Who may take an escalation on: the people of its current chain, its department's owner,
    deputies and head (today's registry), admins. Someone it was sent to before it was reassigned
    may still reassign or resolve it, but an acknowledgement from them would stop the chase of
    the department it went to."""
    allowed = {u for level in esc.get("chain") or [] for u in level.get("users") or []}
    return allowed | set(registry.settings.admins) | department_people(registry, esc["department"], esc.get("topic"))


def not_allowed_to_acknowledge(esc: dict, registry: Registry, lang: str) -> NotAllowed:
    """The refusal of an acknowledgement from someone the escalation has left, naming who may
    take it on now; carries the escalation as ``.escalation``."""
    people, admin_names = _who_may(esc, registry, ack_actors(esc, registry), anyone_else=False)
    dept = registry.department(esc["department"])
    where = dept.name if dept is not None else esc["department"]
    if lang == "fr":
        message = (f"{esc['id']} est désormais chez {where} : seuls {people} ou un administrateur du registre "
                   f"({admin_names}) peuvent la prendre en charge. Vous pouvez encore la réattribuer ou la résoudre.")
    else:
        message = (f"{esc['id']} is now with {where}: only {people} or a registry admin ({admin_names}) can take "
                   "it on. You can still reassign or resolve it.")
    return _refusal(esc, message)


def _who_may(esc: dict, registry: Registry, allowed: set[str], *, anyone_else: bool) -> tuple[str, str]:
    """The names of those ``allowed`` to act, admins apart, in the chain's order (the department's
    owner, deputies and head first; with ``anyone_else``, then the others allowed), and the admins'."""
    admins = set(registry.settings.admins)
    ordered = [u for level in esc.get("chain") or [] for u in level.get("users") or []]
    if registry.department(esc["department"]) is not None:
        owner, backups, head = registry.escalation_people(esc["department"], esc.get("topic"))
        ordered = [owner, *backups, *([head] if head else []), *ordered]
    if anyone_else:
        ordered += sorted(allowed)
    people = [u for u in dict.fromkeys(ordered) if u in allowed and u not in admins]
    return _names(registry, people) or "—", _names(registry, sorted(admins)) or "—"


def _refusal(esc: dict, message: str) -> NotAllowed:
    error = NotAllowed(message)
    error.escalation = esc  # type: ignore[attr-defined]
    return error


def _names(registry: Registry, users: list[str]) -> str:
    names = [registry.person_name(u) for u in users[:_MAX_NAMES]]
    if len(users) > _MAX_NAMES:
        names.append("…")
    return ", ".join(names)


def _when(epoch: float | None, lang: str) -> str:
    """A moment as the cards write it for clients that cannot show Slack's own dates."""
    moment = datetime.fromtimestamp(epoch or 0, tz=UTC)
    return moment.strftime("le %d/%m à %H:%M UTC" if lang == "fr" else "on %b %d at %H:%M UTC")


def not_allowed(esc: dict, registry: Registry, lang: str) -> NotAllowed:
    """The polite refusal, naming who may act; carries the escalation as ``.escalation``."""
    people, admin_names = _who_may(esc, registry, allowed_actors(esc, registry), anyone_else=True)
    if lang == "fr":
        message = (f"Vous ne pouvez pas agir sur {esc['id']} : seuls {people} "
                   f"ou un administrateur du registre ({admin_names}) le peuvent.")
    else:
        message = f"You cannot act on {esc['id']}: only {people} or a registry admin ({admin_names}) can."
    return _refusal(esc, message)


def state_conflict(esc: dict, registry: Registry, lang: str) -> Conflict:
    """"Already resolved/acknowledged by X at T"; carries the escalation as ``.escalation``."""
    if esc["status"] == "resolved":
        who, when = registry.person_name(esc["resolved_by"]), _when(esc["resolved_at"], lang)
        message = (f"{esc['id']} a déjà été résolue par {who} {when}." if lang == "fr"
                   else f"{esc['id']} was already resolved by {who} {when}.")
    else:
        who, when = registry.person_name(esc["acknowledged_by"]), _when(esc["acknowledged_at"], lang)
        message = (f"{esc['id']} a déjà été prise en charge par {who} {when}." if lang == "fr"
                   else f"{esc['id']} was already acknowledged by {who} {when}.")
    error = Conflict(message)
    error.escalation = esc  # type: ignore[attr-defined]
    return error


# -- the messages one change causes --------------------------------------------------------------

class Batch:
    """Outbox entries for one transaction, tagged with the escalation's new rev."""

    def __init__(
        self, esc: dict, outbox: Outbox, renderer: EscalationRenderer, default_lang: str,
        lang_of: Callable[[str], str],
    ):
        self.esc = esc
        self.entries: list[dict] = []
        self.default_lang = default_lang
        self.lang_of = lang_of
        self._outbox = outbox
        self._renderer = renderer

    def _add(self, method: str, args: dict, key: str, *, channel_key: str | None = None,
             ts_from: dict | None = None, urgent: bool = False) -> None:
        esc = self.esc
        self.entries.append(self._outbox.entry(
            method, args, channel_key=channel_key, ts_from=ts_from, urgent=urgent,
            ref={"escalation": esc["id"], "rev": esc["rev"], "key": key},
            entry_id=f"{esc['id']}/{esc['rev']}/{len(self.entries)}",
        ))

    def _card(self, method_args: dict, key: str, to: str, channel_key: str, lang: str, *,
              urgent: bool = False) -> None:
        self._add("chat.postMessage", method_args, key, channel_key=channel_key, urgent=urgent)
        self.esc["messages"].append(
            {"key": key, "to": to, "channel_key": channel_key, "lang": lang, "channel": None, "ts": None})

    def card_dm(self, user: str, kwargs: dict, suffix: str) -> None:
        """A card in a direct message to ``user`` (a person who must act: delivered first)."""
        key = f"{self.esc.get('chain_no', 0)}.{suffix}"
        self._card({**kwargs, "user": user}, key, user, f"user:{user}", self.lang_of(user), urgent=True)

    def card_post(self, channel: str, kwargs: dict, suffix: str) -> None:
        """A card posted in ``channel``."""
        key = f"{self.esc.get('chain_no', 0)}.{suffix}:{channel}"
        self._card({**kwargs, "channel": channel}, key, channel, channel, self.default_lang)

    def update_cards(self, render: Callable[[dict, str, str | None], dict]) -> None:
        """Redraw every card posted so far (those not delivered yet are updated once they are),
        each for its reader: the person or the channel it was posted to."""
        for message in self.esc["messages"]:
            args = dict(render(self.esc, message["lang"], message.get("to")))
            ts_from = None
            if message.get("ts"):
                args.update(channel=message["channel"], ts=message["ts"])
            else:
                ts_from = {"escalation": self.esc["id"], "key": message["key"]}
            self._add("chat.update", args, f"update:{message['key']}", channel_key=message["channel_key"],
                      ts_from=ts_from)

    def thread(self, event: str, detail: dict) -> None:
        """A reply in the source message's thread; for a typed text, which has no thread to follow,
        a direct message to each of its reporters when it is acknowledged, reassigned or resolved
        (whoever did it excepted)."""
        source = self.esc["source"]
        if not (source.get("channel") and source.get("ts")):
            if event in ("acknowledged", "reassigned", "resolved"):
                # what it was about, and the resolution's note: a DM has no thread above it to read
                told = getattr(self._renderer, "reporter_note", self._renderer.thread_note)
                for reporter in self.esc.get("reporters") or []:
                    if reporter != detail.get("by"):
                        text = told(self.esc, event, detail, self.lang_of(reporter))
                        self._add("chat.postMessage", {"user": reporter, "text": text, "unfurl_links": False,
                                                       "unfurl_media": False},
                                  f"told:{event}:{reporter}", channel_key=f"user:{reporter}")
            return
        text = self._renderer.thread_note(self.esc, event, detail, self.default_lang)
        args = {"channel": source["channel"], "thread_ts": source.get("thread_ts") or source["ts"],
                "text": text, "unfurl_links": False, "unfurl_media": False}
        # a renderer may put buttons under a note (the "is it rather…?" choices of an unsure escalation)
        thread_blocks = getattr(self._renderer, "thread_blocks", None)
        note_blocks = thread_blocks(self.esc, event, text, self.default_lang) if thread_blocks else None
        if note_blocks:
            args["blocks"] = note_blocks
        self._add("chat.postMessage", args, f"thread:{event}")

    def confirm(self, reporter: str, text: str) -> None:
        """Tell the reporter: in the DM they wrote in, else privately in the channel, else by DM."""
        source = self.esc["source"]
        if self.esc.get("via") == "dm" and source.get("channel"):
            args = {"channel": source["channel"], "text": text}
            if source.get("ts"):
                args["thread_ts"] = source.get("thread_ts") or source["ts"]
            self._add("chat.postMessage", args, f"confirm:{reporter}")
        elif source.get("channel"):
            args = {"channel": source["channel"], "user": reporter, "text": text}
            if source.get("thread_ts"):
                args["thread_ts"] = source["thread_ts"]
            self._add("chat.postEphemeral", args, f"confirm:{reporter}")
        else:
            self._add("chat.postMessage", {"user": reporter, "text": text}, f"confirm:{reporter}")

    def notice_dm(self, user: str, text: str, suffix: str) -> None:
        """A short direct message to someone who must act (delivered first, like a card)."""
        self._add("chat.postMessage", {"user": user, "text": text}, f"{suffix}:{user}", channel_key=f"user:{user}",
                  urgent=True)

    def reminder_dm(self, user: str, kwargs: dict) -> None:
        """A direct message reminding ``user``."""
        self._add("chat.postMessage", {**kwargs, "user": user}, f"remind:{user}")
