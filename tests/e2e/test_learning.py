"""Ask when unsure, learn from corrections, end to end: one-click choices on escalations and answers,
the corrections they leave, and keyword suggestions accepted or dismissed from the Home tab.

Everyone in the sandbox has a French Slack, so the bot answers in French.
"""
from __future__ import annotations

import json

from bot import emulator as slack
from handlers.ids import Action, Block

SOCIAL = "C0SOCIAL1"
TRIAGE_CHANNEL = "C0COMMUN1"
TRIAGE_OWNER = "U0ADMIN01"  # also the registry admin
REPORTER = "U0CM00002"
AUTHOR = "U0CM00003"
CARE_OWNER = "U0CARE001"
OUTSIDER = "U0LEGAL02"
UNSURE = "un client demande pourquoi son compte a été fermé"


async def _escalate(sandbox, text: str = UNSURE) -> str:
    ts = sandbox.emulator.add_message(SOCIAL, text, AUTHOR)
    await sandbox.react(REPORTER, SOCIAL, ts, "rotating_light")
    await sandbox.settle()
    return ts


def _choices(message) -> dict[str, dict]:
    """The "is it rather…?" buttons of a message, by the department they choose."""
    found = {}
    for button in slack.buttons(message.blocks or []):
        if button["action_id"].startswith(Action.CHOOSE_DEPARTMENT):
            found[json.loads(button["value"])["d"]] = button
    return found


def _card(sandbox, user: str, esc_id: str = "ESC-1"):
    cards = [m for m in sandbox.dms_to(user) if any(b.get("value") == esc_id for b in slack.buttons(m.blocks or []))]
    assert cards, sandbox.emulator.transcript()
    return cards[-1]


def _thread_note(sandbox, ts: str):
    notes = [m for m in sandbox.emulator.messages_in(SOCIAL, thread_ts=ts) if m.user == slack.BOT_USER_ID]
    assert notes, sandbox.emulator.transcript()
    return notes[0]


async def _click_choice(sandbox, user: str, message, department: str):
    button = _choices(message)[department]
    return await sandbox.click(user, message.channel, message.ts, button["action_id"], value=button["value"])


async def _click_answer_choice(sandbox, user: str, channel: str, answer: dict, department: str):
    """A click on a choice under an answer only ``user`` sees (an ephemeral /who answer)."""
    button = next(b for b in slack.buttons(answer["blocks"])
                  if b["action_id"].startswith(Action.CHOOSE_DEPARTMENT) and json.loads(b["value"])["d"] == department)
    return await sandbox.send(slack.block_actions(button["action_id"], user_id=user, channel_id=channel,
                                                  message={"ts": "1.0", "blocks": answer["blocks"]},
                                                  response_url=sandbox.emulator.response_url("who"),
                                                  value=button["value"]))


# --- an escalation sent to triage ---------------------------------------------------------------

async def test_an_unsure_escalation_offers_the_likeliest_departments_on_every_card_and_in_the_thread(sandbox):
    ts = await _escalate(sandbox)
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert esc["department"] == "community" and esc["confident"] is False
    offered = [a["department"] for a in esc["alternatives"]]
    assert offered and "community" not in offered and len(offered) <= 3

    dm = _card(sandbox, TRIAGE_OWNER)
    post = next(m for m in sandbox.emulator.messages_in(TRIAGE_CHANNEL) if "ESC-1" in m.text)
    note = _thread_note(sandbox, ts)
    for message in (dm, post, note):
        choices = _choices(message)
        assert list(choices) == offered, message
        assert {json.loads(b["value"])["r"] for b in choices.values()} == {"esc:ESC-1"}
        assert "Un clic suffit pour la diriger" in str(message.blocks)
    names = [b["text"]["text"] for b in _choices(dm).values()]
    assert "Service client" in names


LEAK = "Piratage : des mots de passe de clients ont fuité sur un forum, fuite de données confirmée"


async def test_a_confident_escalation_offers_its_runner_ups_to_the_people_it_reached_not_in_the_thread(sandbox):
    ts = await _escalate(sandbox, LEAK)
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert esc["department"] == "security" and esc["confident"] is True
    card = _card(sandbox, "U0SEC0001")
    runner_ups = [a["department"] for a in esc["alternatives"] if a["department"] != "security"][:2]
    assert runner_ups and list(_choices(card)) == runner_ups
    assert "Pas pour votre service ? Un clic l'envoie plutôt à" in str(card.blocks)
    assert _choices(_thread_note(sandbox, ts)) == {}  # the thread is for everyone: no buttons there


async def test_one_click_sends_a_confident_escalation_elsewhere_and_is_learned(sandbox):
    await _escalate(sandbox, LEAK)
    card = _card(sandbox, "U0SEC0001")
    stale = _choices(card)  # the buttons as first drawn
    other, again = list(stale)  # the two runner-ups
    await _click_choice(sandbox, OUTSIDER, card, other)  # not called in: refused
    await sandbox.settle()
    assert (await sandbox.switchboard.escalations.get("ESC-1"))["department"] == "security"
    assert sandbox.switchboard.learning.corrections == []

    await _click_choice(sandbox, "U0SEC0001", card, other)
    await sandbox.settle()
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert esc["department"] == other and esc["level"] == 0
    assert [e["kind"] for e in esc["timeline"]].count("reassigned") == 1
    correction = sandbox.switchboard.learning.corrections[-1]
    assert (correction.department, correction.who, correction.ref) == (other, "U0SEC0001", "esc:ESC-1")
    # the card is redrawn without the choices, and a stale click changes nothing more
    assert _choices(sandbox.emulator.message(card.channel, card.ts)) == {}
    button = stale[again]
    await sandbox.click("U0SEC0001", card.channel, card.ts, button["action_id"], value=button["value"])
    await sandbox.settle()
    assert (await sandbox.switchboard.escalations.get("ESC-1"))["department"] == other
    assert "a déjà été dirigée vers" in sandbox.emulator.calls_to("response_url")[-1].body["text"]
    assert len(sandbox.switchboard.learning.corrections) == 1


async def test_an_acknowledged_escalation_no_longer_offers_its_runner_ups(sandbox):
    await _escalate(sandbox, LEAK)
    card = _card(sandbox, "U0SEC0001")
    stale = _choices(card)
    assert stale
    await sandbox.click("U0SEC0001", card.channel, card.ts, "escalation_ack", value="ESC-1")
    await sandbox.settle()
    assert _choices(sandbox.emulator.message(card.channel, card.ts)) == {}
    # a button of the card as first drawn changes nothing: the acknowledgement stands
    button = next(iter(stale.values()))
    await sandbox.click("U0SEC0001", card.channel, card.ts, button["action_id"], value=button["value"])
    await sandbox.settle()
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert (esc["department"], esc["status"], esc["acknowledged_by"]) == ("security", "acknowledged", "U0SEC0001")
    assert "ESC-1 a déjà été prise en charge par" in sandbox.emulator.calls_to("response_url")[-1].body["text"]
    assert sandbox.switchboard.learning.corrections == []


async def test_two_clicks_at_once_on_the_runner_ups_reassign_once(sandbox):
    import asyncio

    await _escalate(sandbox, LEAK)
    first, second = list(_choices(_card(sandbox, "U0SEC0001")))
    results = await asyncio.gather(
        sandbox.switchboard.choose(first, None, "esc:ESC-1", "U0SEC0001"),
        sandbox.switchboard.choose(second, None, "esc:ESC-1", "U0SEC0001"), return_exceptions=True)
    assert sum(isinstance(r, Exception) for r in results) == 1
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert [e["kind"] for e in esc["timeline"]].count("reassigned") == 1
    assert len(sandbox.switchboard.learning.corrections) == 1


async def test_one_click_routes_the_escalation_at_once_and_is_learned(sandbox):
    ts = await _escalate(sandbox)
    card = _card(sandbox, TRIAGE_OWNER)
    reply = await _click_choice(sandbox, TRIAGE_OWNER, card, "customer_care")
    assert reply.status == 200
    await sandbox.settle()

    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert esc["department"] == "customer_care" and esc["level"] == 0
    assert esc["chain"][0]["users"] == [CARE_OWNER]
    assert _card(sandbox, CARE_OWNER)  # the new owner has the card with its buttons
    answer = sandbox.emulator.calls_to("response_url")[-1].body
    assert "ESC-1 part chez *Service client*" in answer["text"]
    # the triage card is redrawn without the choices; the thread says where it went
    assert _choices(sandbox.emulator.message(card.channel, card.ts)) == {}
    notes = [m.text for m in sandbox.emulator.messages_in(SOCIAL, thread_ts=ts) if m.user == slack.BOT_USER_ID]
    assert any("réattribuée à *Service client*" in n for n in notes)

    correction = sandbox.switchboard.learning.corrections[-1]
    assert (correction.text, correction.department, correction.who, correction.source, correction.ref) == \
        (UNSURE, "customer_care", TRIAGE_OWNER, "choice", "esc:ESC-1")
    logged = (sandbox.data_dir / "corrections.jsonl").read_text().splitlines()
    assert json.loads(logged[-1])["department"] == "customer_care"

    # the next message like it goes straight to customer care, confidently
    await _escalate(sandbox, "Un client demande pourquoi son compte est bloqué depuis hier")
    second = await sandbox.switchboard.escalations.get("ESC-2")
    assert second["department"] == "customer_care" and second["confident"] is True


async def test_a_choice_clicked_by_someone_not_called_in_is_refused_and_changes_nothing(sandbox):
    await _escalate(sandbox)
    card = _card(sandbox, TRIAGE_OWNER)
    await _click_choice(sandbox, OUTSIDER, card, "customer_care")
    await sandbox.settle()
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert esc["department"] == "community" and esc.get("chain_no", 0) == 0
    answer = sandbox.emulator.calls_to("response_url")[-1].body
    assert "Vous ne pouvez pas agir sur ESC-1" in answer["text"]
    assert sandbox.switchboard.learning.corrections == []


async def test_a_stale_choice_after_the_escalation_was_routed_changes_nothing(sandbox):
    ts = await _escalate(sandbox)
    note = _thread_note(sandbox, ts)  # as drawn before the choice made on the card
    await _click_choice(sandbox, TRIAGE_OWNER, _card(sandbox, TRIAGE_OWNER), "customer_care")
    await sandbox.settle()
    other = next(d for d in _choices(note) if d != "customer_care")
    await _click_choice(sandbox, TRIAGE_OWNER, note, other)
    await sandbox.settle()
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert esc["department"] == "customer_care" and esc["chain_no"] == 1
    answer = sandbox.emulator.calls_to("response_url")[-1].body
    assert "ESC-1 a déjà été dirigée vers Service client par Léa Fournier" in answer["text"]
    assert [c.department for c in sandbox.switchboard.learning.corrections] == ["customer_care"]


async def test_a_choice_made_in_the_thread_takes_the_notes_buttons_away(sandbox):
    ts = await _escalate(sandbox)
    note = _thread_note(sandbox, ts)
    await _click_choice(sandbox, TRIAGE_OWNER, note, "customer_care")
    await sandbox.settle()
    redrawn = sandbox.emulator.message(note.channel, note.ts)
    assert _choices(redrawn) == {} and redrawn.text == note.text  # the note stays, its choices are gone
    assert (await sandbox.switchboard.escalations.get("ESC-1"))["department"] == "customer_care"


async def test_a_stale_choice_gets_the_same_answer_whoever_clicks_it(sandbox):
    ts = await _escalate(sandbox)
    note = _thread_note(sandbox, ts)
    await _click_choice(sandbox, TRIAGE_OWNER, _card(sandbox, TRIAGE_OWNER), "customer_care")
    await sandbox.settle()
    other = next(d for d in _choices(note) if d != "customer_care")
    await _click_choice(sandbox, REPORTER, note, other)  # the reporter, who could not have chosen anyway
    await sandbox.settle()
    answer = sandbox.emulator.calls_to("response_url")[-1].body
    assert "ESC-1 a déjà été dirigée vers Service client par Léa Fournier" in answer["text"]


async def test_a_choice_on_a_resolved_escalation_says_who_resolved_it(sandbox):
    await _escalate(sandbox)
    card = _card(sandbox, TRIAGE_OWNER)
    button = _choices(card)["customer_care"]  # as drawn before the resolution
    await sandbox.switchboard.escalations.resolve("ESC-1", TRIAGE_OWNER, "réglé")
    await sandbox.settle()
    await sandbox.click(TRIAGE_OWNER, card.channel, card.ts, button["action_id"], value=button["value"])
    await sandbox.settle()
    answer = sandbox.emulator.calls_to("response_url")[-1].body
    assert "ESC-1 a déjà été résolue par Léa Fournier" in answer["text"]
    assert (await sandbox.switchboard.escalations.get("ESC-1"))["department"] == "community"


async def test_the_reassign_form_is_recorded_as_a_correction(sandbox):
    await _escalate(sandbox, "Piratage : des mots de passe de clients ont fuité sur un forum")
    card = _card(sandbox, "U0SEC0001")
    await sandbox.click("U0SEC0001", card.channel, card.ts, "escalation_reassign")
    view = (await sandbox.emulator.wait_for("views.open"))[0].response["view"]
    await sandbox.submit("U0SEC0001", view, {
        Block.REASSIGN_DEPARTMENT: {"value": {"type": "static_select", "selected_option": {"value": "legal"}}}})
    await sandbox.settle()
    correction = sandbox.switchboard.learning.corrections[-1]
    assert (correction.department, correction.who, correction.source) == ("legal", "U0SEC0001", "reassign")


# --- "who handles this?" ---------------------------------------------------------------------------

async def test_a_who_choice_is_learned_and_the_same_question_is_then_answered_confidently(sandbox):
    first = await sandbox.command(REPORTER, TRIAGE_CHANNEL, "/who", UNSURE)
    assert "pas sûr" in str(first.body["blocks"])
    values = [json.loads(b["value"]) for b in slack.buttons(first.body["blocks"])]
    assert "customer_care" in [v["d"] for v in values] and {v["q"] for v in values} == {UNSURE}
    await _click_answer_choice(sandbox, REPORTER, TRIAGE_CHANNEL, first.body, "customer_care")
    noted = sandbox.emulator.calls_to("response_url")[-1].body
    assert "C'est pour *Service client* (choisi par <@U0CM00002>)" in noted["text"]
    assert "<@U0CARE001>" in str(noted["blocks"])  # and who handles it there

    again = await sandbox.command(REPORTER, TRIAGE_CHANNEL, "/who", UNSURE)
    assert "*Service client* s'en occupe" in again.body["text"]
    assert "<@U0CARE001>" in str(again.body["blocks"])

    # a registry change builds a new router: what was learned is taught to it again
    await sandbox.store.acall(sandbox.switchboard.repo.change, lambda data: data["settings"].update(language="en"),
                              actor=TRIAGE_OWNER, source="cli", action="set-language")
    after = await sandbox.command(REPORTER, TRIAGE_CHANNEL, "/who", UNSURE)
    assert "*Service client* s'en occupe" in after.body["text"]


async def test_a_confident_who_answer_offers_two_runner_ups_and_a_click_corrects_it(sandbox):
    question = "Qui gère une fuite de données avec des mots de passe de clients piratés ?"
    first = await sandbox.command(REPORTER, TRIAGE_CHANNEL, "/who", question)
    assert "s'en occupe" in first.body["text"] and "Sécurité" in first.body["text"]
    values = [json.loads(b["value"]) for b in slack.buttons(first.body["blocks"])]
    assert 1 <= len(values) <= 2 and "security" not in {v["d"] for v in values}
    assert "Pas le bon service ? Un clic corrige" in str(first.body["blocks"])
    other = values[0]["d"]
    await _click_answer_choice(sandbox, REPORTER, TRIAGE_CHANNEL, first.body, other)
    correction = sandbox.switchboard.learning.corrections[-1]
    assert (correction.text, correction.department, correction.who) == (question, other, REPORTER)
    noted = sandbox.emulator.calls_to("response_url")[-1].body
    assert "choisi par <@U0CM00002>" in noted["text"]


async def test_a_mention_answer_offers_choices_that_teach_the_router(sandbox):
    ts = await sandbox.post(REPORTER, TRIAGE_CHANNEL, f"<@{slack.BOT_USER_ID}> {UNSURE}")
    await sandbox.settle()
    answer = next(m for m in sandbox.emulator.messages_in(TRIAGE_CHANNEL, thread_ts=ts) if m.user == slack.BOT_USER_ID)
    await _click_choice(sandbox, AUTHOR, answer, "customer_care")  # not the asker, not an admin: refused
    assert not sandbox.switchboard.learning.corrections
    assert "Seule la personne qui a posé la question" in sandbox.emulator.calls_to("response_url")[-1].body["text"]
    await _click_choice(sandbox, REPORTER, answer, "customer_care")
    correction = sandbox.switchboard.learning.corrections[-1]
    assert (correction.text, correction.department, correction.who, correction.source) == \
        (UNSURE, "customer_care", REPORTER, "choice")
    # the answer now says the choice and who handles it, and has no buttons left: nobody can teach
    # the opposite with it; in a channel's thread people are named, not pinged
    replaced = next(m for m in sandbox.emulator.messages_in(TRIAGE_CHANNEL, thread_ts=ts) if m.ts == answer.ts)
    assert "Service client" in replaced.text and _choices(replaced) == {}
    assert "*Julie Lambert*" in str(replaced.blocks) and "<@" not in str(replaced.blocks)


# --- keyword suggestions in the Home tab -----------------------------------------------------------

BAILIFF = ["Un huissier est passé au magasin de Lyon ce matin", "Courrier d'un huissier reçu à l'accueil du siège",
           "L'huissier revient demain pour le constat"]
RECEIPTS = ["Le ticket de caisse est illisible", "Encore un ticket de caisse sans TVA"]


async def _home(sandbox, user: str) -> dict:
    before = len(sandbox.emulator.calls_to("views.publish"))
    await sandbox.send(slack.event_callback({"type": "app_home_opened", "user": user, "channel": "D0HOME001",
                                             "tab": "home", "event_ts": "1.0"}))
    calls = await sandbox.emulator.wait_for("views.publish", count=before + 1)
    return calls[-1].body["view"]


async def _home_click(sandbox, user: str, home: dict, action: str, value: str) -> dict:
    before = len(sandbox.emulator.calls_to("views.publish"))
    await sandbox.send(slack.block_actions(action, user_id=user, channel_id="D0HOME001",
                                           message={"ts": "0", "blocks": home["blocks"]},
                                           response_url=sandbox.emulator.response_url("home"), value=value))
    calls = await sandbox.emulator.wait_for("views.publish", count=before + 1)
    return calls[-1].body["view"]


def _suggested(home: dict) -> dict[str, str]:
    """Suggestion id -> the section describing it."""
    found = {}
    blocks = home["blocks"]
    for number, block in enumerate(blocks):
        for button in block.get("elements") or []:
            if button.get("action_id") == Action.SUGGESTION_ACCEPT:
                found[button["value"]] = blocks[number - 1]["text"]["text"]
    return found


async def _teach(sandbox) -> None:
    for text in BAILIFF:
        await sandbox.switchboard.learning.record(text=text, department="legal", topic=None, who=TRIAGE_OWNER,
                                                  source="reassign")
    for text in RECEIPTS:
        await sandbox.switchboard.learning.record(text=text, department="ecommerce", topic=None, who=TRIAGE_OWNER,
                                                  source="choice")


async def test_admins_see_suggested_keywords_and_accepting_one_is_an_audited_change(sandbox):
    await _teach(sandbox)
    home = await _home(sandbox, TRIAGE_OWNER)
    suggested = _suggested(home)
    bailiff = next(i for i, text in suggested.items() if "« huissier »" in text)
    assert "Juridique" in suggested[bailiff] and "3 corrections" in suggested[bailiff]

    home = await _home_click(sandbox, TRIAGE_OWNER, home, Action.SUGGESTION_ACCEPT, bailiff)
    assert "« huissier » ajouté aux mots-clés de *Juridique* (révision 2)" in home["blocks"][0]["text"]["text"]
    assert bailiff not in _suggested(home)
    assert "huissier" in sandbox.registry.department("legal").keywords
    entry = sandbox.switchboard.repo.history(1)[0]
    assert (entry.actor, entry.source, entry.action) == (TRIAGE_OWNER, "slack", "add-keyword")


async def test_a_dismissed_suggestion_does_not_come_back(sandbox):
    await _teach(sandbox)
    home = await _home(sandbox, TRIAGE_OWNER)
    receipt = next(i for i, text in _suggested(home).items() if "caisse" in text or "ticket" in text)
    home = await _home_click(sandbox, TRIAGE_OWNER, home, Action.SUGGESTION_DISMISS, receipt)
    assert "ne sera plus suggéré" in home["blocks"][0]["text"]["text"]
    assert receipt not in _suggested(home)
    assert receipt not in _suggested(await _home(sandbox, TRIAGE_OWNER))
    assert sandbox.switchboard.repo.current()[1] == 1  # nothing changed in the registry


async def test_members_see_no_suggestions_and_cannot_accept_one(sandbox):
    await _teach(sandbox)
    admin_home = await _home(sandbox, TRIAGE_OWNER)
    bailiff = next(i for i, text in _suggested(admin_home).items() if "huissier" in text)
    assert _suggested(await _home(sandbox, REPORTER)) == {}
    home = await _home_click(sandbox, REPORTER, admin_home, Action.SUGGESTION_ACCEPT, bailiff)
    assert "Le registre ne peut être modifié ou exporté que par son admin" in home["blocks"][0]["text"]["text"]
    assert "huissier" not in sandbox.registry.department("legal").keywords
    assert sandbox.switchboard.repo.current()[1] == 1


async def test_an_english_speaking_admin_gets_choices_answers_and_suggestions_in_english(sandbox):
    sandbox.emulator.add_user(TRIAGE_OWNER, "Léa Fournier", locale="en-US")
    await sandbox.switchboard.locales.of(TRIAGE_OWNER)  # cards follow the locales the bot already knows
    await _escalate(sandbox)
    card = _card(sandbox, TRIAGE_OWNER)
    assert "One click routes it" in str(card.blocks)
    await _click_choice(sandbox, TRIAGE_OWNER, card, "customer_care")
    await sandbox.settle()
    assert "Done: ESC-1 goes to *Service client*" in sandbox.emulator.calls_to("response_url")[-1].body["text"]

    await _teach(sandbox)
    home = await _home(sandbox, TRIAGE_OWNER)
    assert "Keywords suggested by corrections" in str(home["blocks"])
    bailiff = next(i for i, text in _suggested(home).items() if "“huissier”" in text)
    home = await _home_click(sandbox, TRIAGE_OWNER, home, Action.SUGGESTION_ACCEPT, bailiff)
    assert "“huissier” added to the keywords of *Juridique*" in home["blocks"][0]["text"]["text"]


def test_every_learning_sentence_exists_in_french_and_english():
    from handlers.i18n import LEARNING_MESSAGES

    assert {key for key, texts in LEARNING_MESSAGES.items() if set(texts) != {"fr", "en"}} == set()
