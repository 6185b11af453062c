"""Acknowledge / Reassign / Resolve, refusals, forged requests and escaping, end to end."""
from __future__ import annotations

import asyncio
import json
from urllib.parse import quote

import pytest

from bot import emulator as slack
from handlers.ids import Block

SOCIAL = "C0SOCIAL1"
REPORTER = "U0CM00002"
OWNER = "U0SEC0001"
LEAK = "Piratage : des mots de passe de clients ont fuité sur un forum, fuite de données confirmée"


async def _escalate(sandbox, text: str = LEAK) -> str:
    ts = sandbox.emulator.add_message(SOCIAL, text, "U0CM00003")
    await sandbox.react(REPORTER, SOCIAL, ts, "rotating_light")
    await sandbox.settle()
    return ts


async def _open_reassign_form(sandbox) -> dict:
    """Escalate, then open the Reassign form from the owner's card; the form's view."""
    await _escalate(sandbox)
    card = _card(sandbox, OWNER)
    await sandbox.click(OWNER, card.channel, card.ts, "escalation_reassign")
    opened = await sandbox.emulator.wait_for("views.open")
    return opened[0].response["view"]


def _card(sandbox, user: str):
    cards = [m for m in sandbox.dms_to(user) if any(b.get("value") == "ESC-1" for b in slack.buttons(m.blocks or []))]
    assert cards, sandbox.emulator.transcript()
    return cards[0]


async def test_acknowledge_updates_the_cards_and_tells_the_thread(sandbox):
    ts = await _escalate(sandbox)
    card = _card(sandbox, OWNER)
    reply = await sandbox.click(OWNER, card.channel, card.ts, "escalation_ack")
    assert reply.status == 200
    await sandbox.settle()
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert esc["status"] == "acknowledged" and esc["acknowledged_by"] == OWNER
    updates = sandbox.emulator.calls_to("chat.update")
    assert {c.body["ts"] for c in updates} >= {card.ts}
    updated = sandbox.emulator.message(card.channel, card.ts)
    assert f"<@{OWNER}>" in str(updated.blocks)
    assert "<!date^" in str(updated.blocks)  # the time of it, in each reader's own time zone
    assert "escalation_ack" not in {b["action_id"] for b in slack.buttons(updated.blocks)}
    notes = [m.text for m in sandbox.emulator.messages_in(SOCIAL, thread_ts=ts) if m.user == slack.BOT_USER_ID]
    assert any(f"<@{OWNER}>" in n and ("prise en charge" in n or "acknowledged" in n) for n in notes)


async def test_repeated_acknowledge_clicks_are_idempotent(sandbox):
    await _escalate(sandbox)
    card = _card(sandbox, OWNER)
    await sandbox.click(OWNER, card.channel, card.ts, "escalation_ack")
    await sandbox.settle()
    calls_before = len(sandbox.emulator.calls)
    # a second click that left the person's screen before the card was redrawn
    await sandbox.click(OWNER, card.channel, card.ts, "escalation_ack", value="ESC-1")
    await sandbox.settle()
    new_calls = sandbox.emulator.calls[calls_before:]
    assert not [c for c in new_calls if c.method in ("chat.postMessage", "chat.update")]
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert [e["kind"] for e in esc["timeline"]].count("acknowledged") == 1


async def test_resolve_asks_for_a_note_then_closes_the_escalation(sandbox):
    ts = await _escalate(sandbox)
    card = _card(sandbox, OWNER)
    await sandbox.click(OWNER, card.channel, card.ts, "escalation_resolve")
    opened = await sandbox.emulator.wait_for("views.open")
    view = opened[0].response["view"]
    reply = await sandbox.submit(OWNER, view, {Block.RESOLVE_NOTE: {"value": "Mots de passe réinitialisés"}})
    assert reply.status == 200
    await sandbox.settle()
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert esc["status"] == "resolved" and esc["resolved_note"] == "Mots de passe réinitialisés"
    updated = sandbox.emulator.message(card.channel, card.ts)
    assert slack.buttons(updated.blocks) == []  # a resolved card has no buttons left
    assert "Mots de passe réinitialisés" in str(updated.blocks)
    notes = [m.text for m in sandbox.emulator.messages_in(SOCIAL, thread_ts=ts) if m.user == slack.BOT_USER_ID]
    assert any("résolue" in n or "resolved" in n for n in notes)


async def test_reassign_sends_it_to_the_chosen_department_and_keeps_history(sandbox):
    view = await _open_reassign_form(sandbox)
    values = {Block.REASSIGN_DEPARTMENT: {"value": {"type": "static_select", "selected_option": {"value": "legal"}}}}
    reply = await sandbox.submit(OWNER, view, values)
    assert reply.status == 200
    await sandbox.settle()
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert esc["department"] == "legal"
    kinds = [e["kind"] for e in esc["timeline"]]
    assert "created" in kinds and "reassigned" in kinds
    legal_cards = [m for m in sandbox.dms_to("U0LEGAL01") if "ESC-1" in m.text]
    assert legal_cards, sandbox.emulator.transcript()


async def test_reassigning_to_the_department_it_is_already_with_is_refused_in_the_form(sandbox):
    await _escalate(sandbox)
    card = _card(sandbox, OWNER)
    await sandbox.click(OWNER, card.channel, card.ts, "escalation_ack")
    await sandbox.settle()
    posts = len(sandbox.emulator.calls_to("chat.postMessage"))
    await sandbox.click(OWNER, card.channel, card.ts, "escalation_reassign")
    view = (await sandbox.emulator.wait_for("views.open"))[0].response["view"]
    values = {Block.REASSIGN_DEPARTMENT: {"value": {"type": "static_select", "selected_option": {"value": "security"}}}}
    reply = await sandbox.submit(OWNER, view, values)
    assert reply.body["response_action"] == "errors"
    assert "ESC-1 est déjà chez" in reply.body["errors"][Block.REASSIGN_DEPARTMENT]
    await sandbox.settle()
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert esc["status"] == "acknowledged"  # the acknowledgement is not undone
    assert len(sandbox.emulator.calls_to("chat.postMessage")) == posts  # no card posted again


@pytest.mark.parametrize("action_id", ["escalation_ack", "escalation_reassign", "escalation_resolve"])
async def test_someone_not_on_the_escalation_is_refused_and_nothing_changes(sandbox, action_id):
    await _escalate(sandbox)
    card = _card(sandbox, OWNER)
    outsider = "U0HR00002"
    await sandbox.settle()
    before = await sandbox.switchboard.escalations.get("ESC-1")
    response_calls_before = len(sandbox.emulator.calls_to("response_url"))
    calls_before = len(sandbox.emulator.calls)
    await sandbox.click(outsider, card.channel, card.ts, action_id)
    await sandbox.settle()
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert esc["status"] == "open" and esc["acknowledged_by"] is None
    assert esc["timeline"] == before["timeline"]
    refusals = sandbox.emulator.calls_to("response_url")[response_calls_before:]
    assert refusals and ("ne pouvez pas" in refusals[-1].body["text"] or "cannot" in refusals[-1].body["text"])
    # the refusal names who may act
    assert "Karim Saidi" in refusals[-1].body["text"]
    # no form opened, no card or thread touched
    new_calls = sandbox.emulator.calls[calls_before:]
    assert not [c for c in new_calls if c.method in ("views.open", "chat.postMessage", "chat.update")]


async def test_a_resolve_form_submitted_by_someone_not_on_the_escalation_changes_nothing(sandbox):
    await _escalate(sandbox)
    card = _card(sandbox, OWNER)
    await sandbox.click(OWNER, card.channel, card.ts, "escalation_resolve")
    view = (await sandbox.emulator.wait_for("views.open"))[0].response["view"]
    calls_before = len(sandbox.emulator.calls)
    # the owner's form, sent back by someone else (a forwarded or forged submission)
    reply = await sandbox.submit("U0HR00002", view, {Block.RESOLVE_NOTE: {"value": "clos"}})
    await sandbox.settle()
    assert reply.status == 200 and reply.body["response_action"] == "errors"
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert esc["status"] == "open" and esc.get("resolved_note") is None
    new_calls = sandbox.emulator.calls[calls_before:]
    assert not [c for c in new_calls if c.method in ("chat.postMessage", "chat.update")]


async def test_an_admin_may_act_on_any_escalation(sandbox):
    await _escalate(sandbox)
    card = _card(sandbox, OWNER)
    await sandbox.click("U0ADMIN01", card.channel, card.ts, "escalation_ack")
    await sandbox.settle()
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert esc["acknowledged_by"] == "U0ADMIN01"


async def test_two_acknowledgements_at_the_same_moment_exactly_one_wins(sandbox):
    await _escalate(sandbox)
    card = _card(sandbox, OWNER)
    replies = await asyncio.gather(
        sandbox.click(OWNER, card.channel, card.ts, "escalation_ack"),
        sandbox.click("U0SEC0002", card.channel, card.ts, "escalation_ack"),
    )
    assert all(r.status == 200 for r in replies)
    await sandbox.settle()
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert [e["kind"] for e in esc["timeline"]].count("acknowledged") == 1


async def test_forged_or_stale_requests_get_401_and_change_nothing(sandbox):
    ts = sandbox.emulator.add_message(SOCIAL, LEAK, "U0CM00003")
    event = slack.event_callback(slack.reaction_added(user=REPORTER, reaction="rotating_light", channel=SOCIAL, ts=ts))
    forged = await sandbox.send(event, secret="0" * 32)
    unsigned = await sandbox.send(event, secret="")
    stale = await sandbox.send(event.signed("8f742231b10e8888abcd9901234585a5", timestamp=1_000_000_000), secret="")
    assert (forged.status, unsigned.status, stale.status) == (401, 401, 401)
    await sandbox.settle()
    assert await sandbox.switchboard.escalations.list() == []
    assert await sandbox.switchboard.inbox.pending() == []
    assert sandbox.emulator.calls_to("chat.postMessage") == []


async def test_malformed_payload_gets_an_error_and_the_bot_keeps_working(sandbox):
    bad = slack.SlackRequest(body=b"payload=%7Bnot-json", headers={"Content-Type": "application/x-www-form-urlencoded"})
    reply = await sandbox.send(bad)
    assert reply.status >= 400
    # signed and readable, but a form submission without the fields Slack always sends
    payload = json.dumps({"type": "view_submission", "view": {"callback_id": "escalation_resolve_view"}})
    bad = slack.SlackRequest(body=b"payload=" + quote(payload).encode(),
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    reply = await sandbox.send(bad)
    assert reply.status == 400 and reply.body["error"] == "malformed_payload"
    answer = await sandbox.command(REPORTER, SOCIAL, "/who", "un journaliste demande une interview")
    assert answer.status == 200 and answer.text


async def test_pings_and_links_inside_an_escalated_message_are_neutralised(sandbox):
    text = "<!channel> <!here> <@U0CEO0001> piratage, fuite de données : <https://evil.example|cliquez ici>"
    await _escalate(sandbox, text)
    for call in sandbox.emulator.calls_to("chat.postMessage") + sandbox.emulator.calls_to("chat.postEphemeral"):
        rendered = str(call.body.get("blocks")) + call.body.get("text", "")
        assert "<!channel>" not in rendered and "<!here>" not in rendered
        assert "<@U0CEO0001>" not in rendered
        assert "<https://evil.example" not in rendered
    card = str(_card(sandbox, OWNER).blocks)
    # quoted as people read it in Slack, without the markup that would ping or hide an address
    assert "@channel @here @Hélène Marchand" in card
    assert "cliquez ici (https://evil.example)" in card


async def test_an_oversized_message_is_cut_with_a_visible_ellipsis(sandbox):
    await _escalate(sandbox, LEAK + " " + "détails " * 2000)
    card = _card(sandbox, OWNER)
    sections = [b["text"]["text"] for b in card.blocks if b.get("type") == "section"]
    assert all(len(s) <= 3000 for s in sections)
    assert any("…" in s for s in sections)


async def test_ampersands_and_angle_brackets_are_quoted_as_written_not_escaped_twice(sandbox):
    # Slack sends &, < and > as entities; the card shows them once, as the person wrote them
    await _escalate(sandbox, LEAK + " via Click &amp; Collect, prix &lt; 20 €")
    card = str(_card(sandbox, OWNER).blocks)
    assert "Click &amp; Collect, prix &lt; 20 €" in card
    assert "&amp;amp;" not in card and "&amp;lt;" not in card


async def test_a_long_text_of_ampersands_is_cut_between_entities(sandbox):
    await _escalate(sandbox, LEAK + " " + "&amp;" * 3000)
    sections = [b["text"]["text"] for b in _card(sandbox, OWNER).blocks if b.get("type") == "section"]
    cut = next(s for s in sections if s.endswith("…"))
    assert cut[:-1].rstrip().endswith("&amp;")  # never "&am…"


async def test_cards_are_in_each_readers_language_before_they_ever_used_the_bot(clocked):
    sandbox, clock = clocked
    sandbox.emulator.add_user("U0SEC0002", "Lucas Blanc", locale="en-US")  # the deputy, English, new to the bot
    await _escalate(sandbox)
    clock.advance(15 * 60)  # nobody acknowledges: the chain climbs to the deputies
    await sandbox.runtime.sweeper.run_once()
    await sandbox.settle()
    cards = [m for m in sandbox.dms_to("U0SEC0002") if any(b.get("value") == "ESC-1" for b in slack.buttons(m.blocks or []))]
    assert cards and "Escalation ESC-1" in str(cards[0].blocks) and "Acknowledge" in str(cards[0].blocks)


async def test_cards_stay_in_each_readers_language_after_a_restart_and_a_reassignment(clocked):
    sandbox, clock = clocked
    sandbox.emulator.add_user("U0SEC0002", "Lucas Blanc", locale="en-US")  # security's deputy
    sandbox.emulator.add_user("U0QUAL002", "Emma Faure", locale="en-US")  # quality's deputy
    await _escalate(sandbox)
    sandbox.switchboard.locales._cache.clear()  # a restart: the bot remembers no one's language
    clock.advance(15 * 60)  # nobody acknowledges: the chain climbs to security's deputy
    await sandbox.runtime.sweeper.run_once()
    await sandbox.settle()
    cards = [m for m in sandbox.dms_to("U0SEC0002") if any(b.get("value") == "ESC-1" for b in slack.buttons(m.blocks or []))]
    assert cards and "Escalation ESC-1" in str(cards[0].blocks)
    sandbox.switchboard.locales._cache.clear()
    await sandbox.switchboard.escalations.reassign("ESC-1", OWNER, "quality", person="U0QUAL002")
    await sandbox.settle()
    cards = [m for m in sandbox.dms_to("U0QUAL002") if any(b.get("value") == "ESC-1" for b in slack.buttons(m.blocks or []))]
    assert cards and "Escalation ESC-1" in str(cards[0].blocks) and "Acknowledge" in str(cards[0].blocks)


def _actions(message) -> set[str]:
    return {b["action_id"] for b in slack.buttons(message.blocks or [])}


async def test_a_reassigned_escalations_earlier_cards_say_where_it_went_without_acknowledge(sandbox):
    await _escalate(sandbox)
    card = _card(sandbox, OWNER)
    await sandbox.switchboard.escalations.reassign("ESC-1", OWNER, "quality")
    await sandbox.settle()
    mine = sandbox.emulator.message(card.channel, card.ts)  # security's owner handed it away
    assert "Réattribuée à *Qualité &amp; sécurité produit* : c'est à ce service d'en accuser réception" in str(mine.blocks)
    assert "escalation_ack" not in _actions(mine) and {"escalation_reassign", "escalation_resolve"} <= _actions(mine)
    [security_post] = [m for m in sandbox.emulator.messages_in("C0SECUR01") if "ESC-1" in m.text]
    assert "escalation_ack" not in _actions(sandbox.emulator.message(security_post.channel, security_post.ts))
    new_card = _card(sandbox, "U0QUAL001")  # the department it went to can take it on
    assert "escalation_ack" in _actions(new_card) and "vous en êtes responsable" in str(new_card.blocks)


async def test_the_home_tab_no_longer_lists_as_waiting_what_its_reader_handed_away(sandbox):
    await _escalate(sandbox)
    assert [e["id"] for e in (await sandbox.switchboard.admin.home(OWNER)).waiting] == ["ESC-1"]
    await sandbox.switchboard.escalations.reassign("ESC-1", OWNER, "quality")
    await sandbox.settle()
    assert (await sandbox.switchboard.admin.home(OWNER)).waiting == []
    assert [e["id"] for e in (await sandbox.switchboard.admin.home("U0QUAL001")).waiting] == ["ESC-1"]


async def test_a_card_redrawn_while_waiting_keeps_why_its_reader_was_called_in(sandbox):
    ts = await _escalate(sandbox, "Un client attend son remboursement depuis trois semaines")
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    owner = esc["chain"][0]["users"][0]
    card = _card(sandbox, owner)
    assert "Vous en êtes responsable." in str(card.blocks)
    link = f"https://example.slack.com/archives/{SOCIAL}/p{ts.replace('.', '')}"
    await sandbox.command("U0ADMIN01", "C0COMMUN1", "/escalate", f"critical {link}")  # the card is redrawn
    await sandbox.settle()
    redrawn = sandbox.emulator.message(card.channel, card.ts)
    assert "critique" in str(redrawn.blocks) and "Vous en êtes responsable." in str(redrawn.blocks)


async def test_the_owner_backing_up_a_person_picked_by_hand_is_not_called_a_deputy(clocked):
    sandbox, clock = clocked
    await _escalate(sandbox)
    await sandbox.switchboard.escalations.reassign("ESC-1", OWNER, "security", person="U0SEC0002")
    await sandbox.settle()
    clock.advance(15 * 60)  # the person picked does not acknowledge: the owner is called in
    await sandbox.runtime.sweeper.run_once()
    await sandbox.settle()
    cards = [m for m in sandbox.dms_to(OWNER) if "ESC-1" in m.text]
    assert "Vous en êtes responsable : la personne choisie n'a pas accusé réception" in str(cards[-1].blocks)
    assert "suppléant" not in str(cards[-1].blocks)


async def test_a_topics_own_owner_is_backed_up_by_the_departments_owner(clocked):
    # the delivery topic has its own owner (Nora Benali): if she does not acknowledge, the
    # customer care owner is called in with the deputy, and told why
    sandbox, clock = clocked
    await _escalate(sandbox, "Colis perdu depuis dix jours chez le transporteur, la cliente publie sa colère sur X")
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert (esc["department"], esc["topic"]) == ("customer_care", "delivery")
    assert esc["chain"][1]["users"] == ["U0CARE002", "U0CARE001"]
    clock.advance(esc["ack_seconds"])
    await sandbox.runtime.sweeper.run_once()
    await sandbox.settle()
    card = _card(sandbox, "U0CARE001")
    assert "Vous êtes responsable du service : la personne en charge de ce sujet n'a pas accusé réception" in str(card.blocks)
    assert "suppléant" not in str(card.blocks)


async def test_triages_cards_say_where_it_went_once_triage_reassigns_it(clocked):
    sandbox, clock = clocked
    await _escalate(sandbox)
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    for _level in range(3):  # nobody acknowledges: deputies, head, then triage
        clock.advance(esc["ack_seconds"])
        await sandbox.runtime.sweeper.run_once()
        await sandbox.settle()
    assert (await sandbox.switchboard.escalations.get("ESC-1"))["level"] == 3
    [triage_post] = [m for m in sandbox.emulator.messages_in("C0COMMUN1") if "ESC-1" in m.text]
    assert "escalation_ack" in _actions(triage_post)
    await sandbox.switchboard.escalations.reassign("ESC-1", "U0ADMIN01", "quality")
    await sandbox.settle()
    redrawn = sandbox.emulator.message(triage_post.channel, triage_post.ts)
    assert "escalation_ack" not in _actions(redrawn)
    assert "c'est à ce service d'en accuser réception" in str(redrawn.blocks)
    triage_card = _card(sandbox, "U0ADMIN01")  # the triage owner handed it away too
    assert "escalation_ack" not in _actions(sandbox.emulator.message(triage_card.channel, triage_card.ts))
    assert "escalation_ack" in _actions(_card(sandbox, "U0QUAL001"))


async def test_a_waiting_card_says_until_when_and_who_comes_next(clocked):
    sandbox, clock = clocked
    await _escalate(sandbox)
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    due = int(esc["due_at"])
    card = _card(sandbox, OWNER)
    assert f"En attente d'accusé de réception (d'ici <!date^{due}^" in str(card.blocks)
    assert "sinon les suppléant·es)" in str(card.blocks)
    clock.advance(esc["ack_seconds"])
    await sandbox.runtime.sweeper.run_once()
    await sandbox.settle()
    climbed = await sandbox.switchboard.escalations.get("ESC-1")
    deputy = climbed["chain"][1]["users"][0]
    assert "sinon la direction)" in str(_card(sandbox, deputy).blocks)
    # the owner's card is redrawn with the deadline and the next step that hold now
    redrawn = str(sandbox.emulator.message(card.channel, card.ts).blocks)
    assert f"(d'ici <!date^{int(climbed['due_at'])}^" in redrawn and "sinon la direction)" in redrawn
    for _level in range(2):  # the head, then triage: the last level calls in no one after it (reminders come by DM)
        clock.advance(esc["ack_seconds"])
        await sandbox.runtime.sweeper.run_once()
        await sandbox.settle()
    [triage_post] = [m for m in sandbox.emulator.messages_in("C0COMMUN1") if "ESC-1" in m.text]
    assert "En attente d'accusé de réception" in str(triage_post.blocks) and "sinon" not in str(triage_post.blocks)


async def test_the_reassign_form_offers_topics_and_sends_it_to_the_topics_own_owner(sandbox):
    view = await _open_reassign_form(sandbox)
    offered = [o["value"] for block in view["blocks"] if block.get("block_id") == Block.REASSIGN_DEPARTMENT
               for o in block["element"]["options"]]
    assert offered[offered.index("customer_care") + 1] == "customer_care/delivery"  # "Service client › Livraison"
    values = {Block.REASSIGN_DEPARTMENT: {"value": {"type": "static_select",
                                                    "selected_option": {"value": "customer_care/delivery"}}}}
    assert (await sandbox.submit(OWNER, view, values)).status == 200
    await sandbox.settle()
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert (esc["department"], esc["topic"], esc["chain"][0]["users"]) == ("customer_care", "delivery", ["U0LOGI001"])
    assert [m for m in sandbox.dms_to("U0LOGI001") if "ESC-1" in m.text], sandbox.emulator.transcript()
