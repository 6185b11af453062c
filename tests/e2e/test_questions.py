""""Who handles this?" through /who, a direct message and a mention, in French and English."""
from __future__ import annotations

from bot import emulator as slack

QUESTION_FR = "un journaliste demande une interview sur nos prix"


async def test_who_answers_only_the_asker_with_owner_deputies_channel_and_confidence(sandbox):
    reply = await sandbox.command("U0CM00002", "C0COMMUN1", "/who", QUESTION_FR)
    assert reply.status == 200
    assert reply.body["response_type"] == "ephemeral"
    rendered = str(reply.body["blocks"])
    assert "Communication" in rendered
    assert "<@U0COMM001>" in rendered and "<@U0PRESS01>" in rendered  # owner and deputy as mentions
    assert "<#C0PRESS01>" in rendered
    assert "Confiance" in rendered and "Pourquoi" in rendered  # French: the asker's Slack locale


async def test_who_speaks_english_to_an_english_locale(sandbox):
    sandbox.emulator.add_user("U0CM00003", "Jade Morel", locale="en-US")
    reply = await sandbox.command("U0CM00003", "C0COMMUN1", "/who", "a journalist wants an interview about our prices")
    rendered = str(reply.body["blocks"])
    assert "handles this" in rendered and "Confidence" in rendered and "Why" in rendered


async def test_who_gives_its_reasons_in_the_askers_language(sandbox):
    freelance = "un pigiste demande une interview sur nos prix"  # a thesaurus word, not the rule's own
    french = str((await sandbox.command("U0CM00002", "C0COMMUN1", "/who", QUESTION_FR)).body["blocks"])
    french += str((await sandbox.command("U0CM00002", "C0COMMUN1", "/who", freelance)).body["blocks"])
    assert "règle « journaliste » → Communication" in french and "pigiste ≈ " in french and "(thésaurus)" in french
    assert "rule" not in french and "(thesaurus)" not in french and "like the example" not in french
    sandbox.emulator.add_user("U0CM00003", "Jade Morel", locale="en-US")
    english = str((await sandbox.command("U0CM00003", "C0COMMUN1", "/who", QUESTION_FR)).body["blocks"])
    english += str((await sandbox.command("U0CM00003", "C0COMMUN1", "/who", freelance)).body["blocks"])
    assert "rule “journaliste” → Communication" in english and "(thesaurus)" in english and "«" not in english
    assert "règle" not in english and "(thésaurus)" not in english


async def test_who_when_not_sure_says_so_names_triage_and_offers_choices(sandbox):
    reply = await sandbox.command("U0CM00002", "C0COMMUN1", "/who", "le menu de la cantine de jeudi")
    rendered = str(reply.body["blocks"])
    assert "pas sûr" in rendered
    assert "Community management" in rendered  # the triage department


async def test_when_not_sure_the_confidence_shown_is_the_likeliest_departments_and_says_so(sandbox):
    reply = await sandbox.command("U0CM00002", "C0COMMUN1", "/who", "Le contrôleur de la DGCCRF a appelé")
    rendered = str(reply.body["blocks"])
    assert "pas sûr" in rendered
    assert "Piste la plus probable : Juridique, confiance" in rendered and "trop peu pour l'y envoyer" in rendered
    sandbox.emulator.add_user("U0CM00003", "Jade Morel", locale="en-US")
    english = str((await sandbox.command("U0CM00003", "C0COMMUN1", "/who", "The DGCCRF inspector called")).body["blocks"])
    assert "Likeliest: Juridique, confidence" in english


async def test_who_without_a_question_explains_how_to_ask(sandbox):
    reply = await sandbox.command("U0CM00002", "C0COMMUN1", "/who", "   ")
    assert "/who" in reply.text


async def test_direct_message_gets_the_answer_in_its_thread(sandbox):
    dm = sandbox.dm_channel("U0CM00002")
    ts = await sandbox.post("U0CM00002", dm, QUESTION_FR)
    await sandbox.settle()
    answers = [m for m in sandbox.emulator.messages_in(dm, thread_ts=ts) if m.user == slack.BOT_USER_ID]
    assert len(answers) == 1
    assert "<@U0COMM001>" in str(answers[0].blocks)


async def test_a_mention_is_answered_once_although_slack_sends_two_events(sandbox):
    ts = await sandbox.post("U0CM00002", "C0COMMUN1", f"<@{slack.BOT_USER_ID}> {QUESTION_FR}")
    await sandbox.settle()
    answers = [m for m in sandbox.emulator.messages_in("C0COMMUN1", thread_ts=ts) if m.user == slack.BOT_USER_ID]
    assert len(answers) == 1
    # answered where others read it: the people are named, nobody is notified
    assert "*Paul Renaud*" in str(answers[0].blocks) and "<@" not in str(answers[0].blocks)


async def test_a_retried_mention_event_is_answered_once(sandbox):
    ts = sandbox.emulator.add_message("C0COMMUN1", f"<@{slack.BOT_USER_ID}> {QUESTION_FR}", "U0CM00002")
    event = slack.event_callback(slack.app_mention(user="U0CM00002", text=f"<@{slack.BOT_USER_ID}> {QUESTION_FR}",
                                                   channel="C0COMMUN1", ts=ts), event_id="Ev0MENTION")
    await sandbox.send(event)
    await sandbox.send(event.retried(1))
    await sandbox.settle()
    answers = [m for m in sandbox.emulator.messages_in("C0COMMUN1", thread_ts=ts) if m.user == slack.BOT_USER_ID]
    assert len(answers) == 1


async def test_an_edit_to_the_registry_is_visible_to_the_next_who_at_once(sandbox):
    def new_owner(data: dict) -> None:
        press = next(d for d in data["departments"] if d["id"] == "press")
        press["owner"] = "U0PRESS01"
        press["deputies"] = ["U0COMM001"]

    await sandbox.store.acall(sandbox.switchboard.repo.change, new_owner, actor="U0ADMIN01", source="cli",
                              action="set-owner")
    reply = await sandbox.command("U0CM00002", "C0COMMUN1", "/who", QUESTION_FR)
    owner_line = next(b["text"]["text"] for b in reply.body["blocks"] if "Responsable" in str(b))
    assert "<@U0PRESS01>" in owner_line.split("\n")[0]


async def test_help_in_a_direct_message_says_what_the_bot_does_in_the_askers_language(sandbox):
    sandbox.emulator.add_user("U0CM00003", "Jade Morel", locale="en-US")
    for user, word, said in (("U0CM00002", "aide", "Je relie les messages sensibles"),
                             ("U0CM00003", "help", "I connect sensitive messages")):
        dm = sandbox.dm_channel(user)
        ts = await sandbox.post(user, dm, word)
        await sandbox.settle()
        answers = [m for m in sandbox.emulator.messages_in(dm, thread_ts=ts) if m.user == slack.BOT_USER_ID]
        assert len(answers) == 1 and said in answers[0].text and "/registry help" in answers[0].text


async def test_a_greeting_or_a_bare_mention_gets_what_the_bot_does(sandbox):
    dm = sandbox.dm_channel("U0CM00002")
    ts = await sandbox.post("U0CM00002", dm, "Bonjour à tous !")
    thanks = await sandbox.post("U0CM00002", dm, "merci")
    who = await sandbox.command("U0CM00002", "C0COMMUN1", "/who", "aide")
    assert "Je relie les messages sensibles" in who.text
    mention = await sandbox.post("U0CM00002", "C0COMMUN1", f"<@{slack.BOT_USER_ID}>")
    await sandbox.settle()
    for channel, asked in ((dm, ts), ("C0COMMUN1", mention)):
        answers = [m for m in sandbox.emulator.messages_in(channel, thread_ts=asked) if m.user == slack.BOT_USER_ID]
        assert len(answers) == 1 and "Je relie les messages sensibles" in answers[0].text
    answers = [m for m in sandbox.emulator.messages_in(dm, thread_ts=thanks) if m.user == slack.BOT_USER_ID]
    assert len(answers) == 1 and answers[0].text == "Avec plaisir !"


async def test_asking_to_escalate_outside_a_thread_says_how_to_point_at_the_message(sandbox):
    ts = await sandbox.post("U0CM00002", "C0COMMUN1", f"<@{slack.BOT_USER_ID}> escalade ça stp")
    await sandbox.settle()
    answers = [m for m in sandbox.emulator.messages_in("C0COMMUN1", thread_ts=ts) if m.user == slack.BOT_USER_ID]
    assert len(answers) == 1 and "Quel message escalader ?" in answers[0].text
    assert not await sandbox.switchboard.escalations.list()


async def test_escalade_in_the_thread_of_a_direct_message_escalates_that_message(sandbox):
    dm = sandbox.dm_channel("U0CM00002")
    ts = await sandbox.post("U0CM00002", dm, "Un client menace de porter plainte, son avocat nous écrit")
    await sandbox.settle()
    await sandbox.post("U0CM00002", dm, "escalade", thread_ts=ts)
    await sandbox.settle()
    escalations = await sandbox.switchboard.escalations.list()
    assert len(escalations) == 1 and escalations[0]["source"]["ts"] == ts and escalations[0]["via"] == "mention"


async def test_the_thesaurus_concepts_among_the_reasons_are_named_in_the_askers_language(sandbox):
    sandbox.emulator.add_user("U0CM00003", "Jade Morel", locale="en-US")
    reply = await sandbox.command("U0CM00003", "C0COMMUN1", "/who", "my parcel never arrived, the tracking is stuck")
    why = str(reply.body["blocks"])
    assert "(thesaurus)" in why and "Livraison et colis" not in why and "Delivery and parcels" in why


async def test_a_rule_met_through_its_subject_says_so_in_the_askers_language(sandbox):
    # "pigiste" is not the rule's word "journaliste": the reason names the subject they share
    question = "Une pigiste veut une interview sur nos prix"
    french = str((await sandbox.command("U0CM00002", "C0COMMUN1", "/who", question)).body["blocks"])
    assert "règle « journaliste » (même sujet : Demande de journaliste) → Communication" in french
    sandbox.emulator.add_user("U0CM00003", "Jade Morel", locale="en-US")
    english = str((await sandbox.command("U0CM00003", "C0COMMUN1", "/who", question)).body["blocks"])
    assert "rule “journaliste” (same subject: Journalist inquiry) → Communication" in english
