"""Every way a message becomes an escalation, end to end over signed HTTP and the emulator."""
from __future__ import annotations

import asyncio

import pytest

from bot import emulator as slack

SOCIAL = "C0SOCIAL1"
REPORTER = "U0CM00002"
LEAK = "Piratage : des mots de passe de clients ont fuité sur un forum, fuite de données confirmée"


def _buttons(message) -> dict[str, str]:
    return {b["action_id"]: b["value"] for b in slack.buttons(message.blocks or [])}


def _dm_cards(sandbox, user):
    return [m for m in sandbox.dms_to(user) if "escalation_ack" in _buttons(m) or "escalation_resolve" in _buttons(m)]


async def _assert_escalated_to_security(sandbox, source_ts: str | None, via_channel: str = SOCIAL):
    cards = _dm_cards(sandbox, "U0SEC0001")
    assert len(cards) == 1, sandbox.emulator.transcript()
    buttons = {k: v for k, v in _buttons(cards[0]).items() if k.startswith("escalation_")}
    assert buttons == {"escalation_ack": "ESC-1", "escalation_reassign": "ESC-1", "escalation_resolve": "ESC-1"}
    assert "ESC-1" in cards[0].text
    card_text = str(cards[0].blocks)
    assert "mots de passe" in card_text and f"<@{REPORTER}>" in card_text
    assert "Vous en êtes responsable." in card_text  # why they are called in, by role
    # the department's channel gets the card too
    assert any("ESC-1" in m.text for m in sandbox.emulator.messages_in("C0SECUR01"))
    # the reporter gets a confirmation naming the escalation id
    confirmations = [c for c in sandbox.emulator.calls_to("chat.postEphemeral") if c.body.get("user") == REPORTER]
    assert any("ESC-1" in c.body.get("text", "") for c in confirmations)
    if source_ts:
        thread = sandbox.emulator.messages_in(via_channel, thread_ts=source_ts)
        notes = [m for m in thread if m.user == slack.BOT_USER_ID]
        assert len(notes) == 1 and "ESC-1" in notes[0].text and "<@U0SEC0001>" in notes[0].text
        assert "<!channel>" not in notes[0].text and "<!here>" not in notes[0].text


async def test_reaction_with_the_escalation_emoji_escalates_the_message(sandbox):
    ts = sandbox.emulator.add_message(SOCIAL, LEAK, "U0CM00003")
    reply = await sandbox.react(REPORTER, SOCIAL, ts, "rotating_light")
    assert reply.status == 200
    await sandbox.settle()
    await _assert_escalated_to_security(sandbox, ts)


async def test_a_burst_of_reactions_in_one_channel_reads_the_messages_with_few_calls(sandbox):
    texts = [f"{LEAK} (capture {n})" for n in range(12)]
    stamps = [sandbox.emulator.add_message(SOCIAL, text, "U0CM00003") for text in texts]
    replies = await asyncio.gather(*(sandbox.react(REPORTER, SOCIAL, ts, "rotating_light") for ts in stamps))
    assert all(reply.status == 200 for reply in replies)
    await sandbox.settle()
    escalations = await sandbox.switchboard.escalations.list()
    assert sorted(e["text"] for e in escalations) == sorted(texts)  # each with its own message's text
    assert len(sandbox.emulator.calls_to("conversations.history")) < len(stamps)


async def test_another_emoji_does_nothing(sandbox):
    ts = sandbox.emulator.add_message(SOCIAL, LEAK, "U0CM00003")
    await sandbox.react(REPORTER, SOCIAL, ts, "eyes")
    await sandbox.settle()
    assert _dm_cards(sandbox, "U0SEC0001") == []
    assert sandbox.emulator.calls_to("chat.postMessage") == []


async def test_message_shortcut_escalates_the_message(sandbox):
    ts = sandbox.emulator.add_message(SOCIAL, LEAK, "U0CM00003")
    reply = await sandbox.shortcut(REPORTER, SOCIAL, ts)
    assert reply.status == 200
    await sandbox.settle()
    await _assert_escalated_to_security(sandbox, ts)


async def test_escalate_command_with_text_and_explicit_severity(sandbox):
    reply = await sandbox.command(REPORTER, SOCIAL, "/escalate", "normal " + LEAK)
    assert reply.status == 200
    await sandbox.settle()
    await _assert_escalated_to_security(sandbox, None)
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert esc["severity"] == "normal"  # the severity given explicitly wins over the engine's


async def test_escalate_command_understands_the_severities_in_french(sandbox):
    await sandbox.command(REPORTER, SOCIAL, "/escalate", "Haute " + LEAK)
    await sandbox.settle()
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert esc["severity"] == "high" and esc["text"] == LEAK  # the word is the severity, not the text


async def test_escalate_command_with_a_message_link_fetches_the_message(sandbox):
    ts = sandbox.emulator.add_message(SOCIAL, LEAK, "U0CM00003")
    link = f"https://example.slack.com/archives/{SOCIAL}/p{ts.replace('.', '')}"
    await sandbox.command(REPORTER, "C0COMMUN1", "/escalate", f"critical {link}")
    await sandbox.settle()
    await _assert_escalated_to_security(sandbox, ts)
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert esc["severity"] == "critical" and esc["source"]["ts"] == ts


@pytest.mark.parametrize("word, severity, text", [
    ("low", "normal", LEAK),  # the engine would have said critical: the reporter's word is the escalation's
    ("urgent", "critical", "Un client attend son remboursement depuis trois semaines"),
    ("élevée", "high", "Un client attend son remboursement depuis trois semaines"),
])
async def test_another_word_for_a_severity_before_a_message_link_is_its_severity(sandbox, word, severity, text):
    ts = sandbox.emulator.add_message(SOCIAL, text, "U0CM00003")
    link = f"https://example.slack.com/archives/{SOCIAL}/p{ts.replace('.', '')}"
    await sandbox.command(REPORTER, "C0COMMUN1", "/escalate", f"{word} {link}")
    await sandbox.settle()
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert esc["severity"] == severity and esc["source"]["ts"] == ts


async def test_a_severity_word_before_a_thread_replys_link_is_its_severity(sandbox):
    parent = sandbox.emulator.add_message(SOCIAL, "Un client attend son remboursement", "U0CM00003")
    ts = sandbox.emulator.add_message(SOCIAL, "Toujours rien trois semaines après", "U0CM00003", thread_ts=parent)
    link = (f"https://example.slack.com/archives/{SOCIAL}/p{ts.replace('.', '')}"
            f"?thread_ts={parent}&cid={SOCIAL}")  # as Slack's "Copy link" gives a reply's
    await sandbox.command(REPORTER, "C0COMMUN1", "/escalate", f"urgent {link}")
    await sandbox.settle()
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert esc["severity"] == "critical" and esc["source"]["ts"] == ts


@pytest.mark.parametrize("text, severity, kept", [
    ("urgent : " + LEAK, "critical", LEAK),
    ("low - " + LEAK, "normal", LEAK),
    # other words for a severity that begin the text's own phrase stay the text's
    ("Low quality tent poles snapping, customers angry on reddit", None,
     "Low quality tent poles snapping, customers angry on reddit"),
    ("haut débit coupé depuis ce matin dans tout le quartier", None, "haut débit coupé depuis ce matin dans tout le quartier"),
])
async def test_escalate_command_reads_other_words_for_a_severity_only_when_set_apart(sandbox, text, severity, kept):
    await sandbox.command(REPORTER, SOCIAL, "/escalate", text)
    await sandbox.settle()
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert esc["text"] == kept
    if severity is not None:
        assert esc["severity"] == severity


@pytest.mark.parametrize("text", ["", "help", "aide", "critique .", "high", "  !!! "])
async def test_escalate_command_without_text_explains_the_usage(sandbox, text):
    reply = await sandbox.command(REPORTER, SOCIAL, "/escalate", text)
    assert "/escalate [critique|haute|normale]" in reply.text
    await sandbox.settle()
    assert await sandbox.switchboard.escalations.list() == []
    assert sandbox.emulator.calls_to("chat.postMessage") == []  # nobody paged


async def test_escalate_with_a_severity_alone_says_what_is_missing(sandbox):
    reply = await sandbox.command(REPORTER, SOCIAL, "/escalate", "haute")
    assert "Escalader quoi ? Après la sévérité (haute), collez le texte ou le lien du message." in reply.text


@pytest.mark.parametrize("text", ["https://example.slack.com/archives/C0SOCIAL1/p17966",
                                  "critique <https://example.slack.com/archives/C0SOCIAL1/>"])
async def test_escalate_command_with_a_cut_off_link_pages_nobody_and_says_why(sandbox, text):
    reply = await sandbox.command(REPORTER, SOCIAL, "/escalate", text)
    assert "Ce lien ne mène à aucun message : il a dû être coupé" in reply.text
    await sandbox.settle()
    assert await sandbox.switchboard.escalations.list() == []
    assert sandbox.emulator.calls_to("chat.postMessage") == []  # nobody paged


@pytest.mark.parametrize("text", ["Article viral https://example.slack.com/archives/C0SOCIAL1/ sur nous",
                                  "https://www.lemonde.fr/archives/2026/12/article-sur-nous"])
async def test_escalate_command_with_a_link_among_words_or_to_another_site_is_a_text(sandbox, text):
    await sandbox.command(REPORTER, SOCIAL, "/escalate", text)
    await sandbox.settle()
    [esc] = await sandbox.switchboard.escalations.list()
    assert esc["text"] == text


async def test_the_reporter_of_a_typed_text_is_told_by_dm_what_becomes_of_it(sandbox):
    await sandbox.command("U0CM00003", SOCIAL, "/escalate", "critical " + LEAK)  # a text: no thread to follow
    await sandbox.settle()
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    owner = esc["chain"][0]["users"][0]
    dm = sandbox.dm_channel("U0CM00003")
    before = len(sandbox.emulator.messages_in(dm))
    await sandbox.switchboard.escalations.acknowledge("ESC-1", owner)
    await sandbox.switchboard.escalations.resolve("ESC-1", owner, "mots de passe réinitialisés")
    await sandbox.settle()
    told = [m.text for m in sandbox.emulator.messages_in(dm)[before:]]
    assert len(told) == 2 and all(f"<@{owner}>" in t and "ESC-1" in t for t in told), told
    assert all(LEAK[:40] in t for t in told)  # what it was about: a DM has no thread above it
    assert "mots de passe réinitialisés" not in told[0] and "mots de passe réinitialisés" in told[1]  # its note


async def test_mention_with_escalade_in_a_thread_escalates_the_thread_message(sandbox):
    ts = sandbox.emulator.add_message(SOCIAL, LEAK, "U0CM00003")
    await sandbox.post(REPORTER, SOCIAL, f"<@{slack.BOT_USER_ID}> escalade stp", thread_ts=ts)
    await sandbox.settle()
    await _assert_escalated_to_security(sandbox, ts)


@pytest.mark.parametrize(("said", "severity"), [
    ("escalade, c'est urgent", "critical"), ("pls escalate this one, high priority", "high"),
    ("escalate this, not urgent", "normal"), ("escalade stp", "normal"),
])
async def test_a_severity_said_when_asking_to_escalate_is_the_escalations(sandbox, said, severity):
    ts = sandbox.emulator.add_message(SOCIAL, "Une cliente trouve que la livraison prend du temps ce mois-ci", "U0CM00003")
    await sandbox.post(REPORTER, SOCIAL, f"<@{slack.BOT_USER_ID}> {said}", thread_ts=ts)
    await sandbox.settle()
    (esc,) = await sandbox.switchboard.escalations.list()
    assert esc["severity"] == severity


async def test_a_severity_said_when_asking_to_escalate_never_lowers_the_engines(sandbox):
    ts = sandbox.emulator.add_message(SOCIAL, LEAK, "U0CM00003")
    await sandbox.post(REPORTER, SOCIAL, f"<@{slack.BOT_USER_ID}> escalate this, low priority", thread_ts=ts)
    await sandbox.settle()
    (esc,) = await sandbox.switchboard.escalations.list()
    assert esc["severity"] == "critical"  # a data leak stays critical


async def test_serious_post_in_a_watched_channel_escalates_itself(sandbox):
    text = "URGENT : une cliente a été brûlée par notre réchaud, son avocat annonce une plainte au tribunal"
    ts = await sandbox.post("U0CM00003", SOCIAL, text)
    await sandbox.settle()
    escalations = await sandbox.switchboard.escalations.list()
    assert len(escalations) == 1
    esc = escalations[0]
    assert esc["via"] == "auto" and esc["severity"] == "critical" and esc["source"]["ts"] == ts
    await sandbox.react(REPORTER, SOCIAL, ts, "rotating_light")  # a person reports it too
    await sandbox.settle()
    await sandbox.switchboard.escalations.acknowledge(esc["id"], esc["chain"][0]["users"][0])  # cards redrawn
    await sandbox.settle()
    card = str(sandbox.emulator.calls_to("chat.update")[-1].body["blocks"])
    assert "Repéré automatiquement dans" in card and f"signalé aussi par <@{REPORTER}>" in card


async def test_routine_post_in_a_watched_channel_is_not_escalated(sandbox):
    await sandbox.post("U0CM00003", SOCIAL, "Bonjour, à quelle heure ouvre le magasin de Lyon samedi ?")
    await sandbox.settle()
    assert await sandbox.switchboard.escalations.list() == []


async def test_a_serious_reply_in_a_watched_channels_thread_escalates_unless_its_post_already_did(sandbox):
    crisis = "URGENT : une cliente a été brûlée par notre réchaud, son avocat annonce une plainte au tribunal"
    quiet = await sandbox.post("U0CM00003", SOCIAL, "Bonjour, une question sur vos horaires")
    reply = await sandbox.post("U0CM00002", SOCIAL, crisis, thread_ts=quiet)
    await sandbox.settle()
    escalations = await sandbox.switchboard.escalations.list()
    assert [(e["source"]["ts"], e["source"]["thread_ts"]) for e in escalations] == [(reply, quiet)]
    # in the thread of that escalated post, people talk about the same crisis: no second escalation
    await sandbox.post("U0CM00003", SOCIAL, crisis, thread_ts=reply)
    escalated = await sandbox.post("U0CM00003", SOCIAL, crisis)
    await sandbox.post("U0CM00002", SOCIAL, "Son avocat menace d'aller au tribunal, elle est brûlée", thread_ts=escalated)
    await sandbox.settle()
    assert len(await sandbox.switchboard.escalations.list()) == 2


ARTICLE = ("Le Parisien prépare un article sur l'intoxication de clients après notre plat cuisiné, "
           "la journaliste veut une réponse avant 18h")


async def _article_escalated(sandbox) -> dict:
    """A journalist's deadline posted in the watched channel: escalated to press, returned."""
    await sandbox.post("U0CM00003", SOCIAL, ARTICLE)
    await sandbox.settle()
    (esc,) = await sandbox.switchboard.escalations.list()
    return esc


async def test_a_follow_up_of_the_same_matter_by_whoever_handles_it_is_not_escalated_again(sandbox):
    esc = await _article_escalated(sandbox)
    press_owner = esc["chain"][0]["users"][0]
    assert esc["department"] == "press" and press_owner == "U0COMM001"
    follow_up = "Rappelé la journaliste du Parisien : son article sort demain 7h, je lui envoie notre déclaration avant 18h"
    await sandbox.post(press_owner, SOCIAL, follow_up)
    await sandbox.settle()
    assert [e["id"] for e in await sandbox.switchboard.escalations.list()] == [esc["id"]]
    # the same words from someone not handling it are news; so is another crisis from the press owner,
    # in another department or in press itself
    await sandbox.post("U0CM00002", SOCIAL, follow_up)
    await sandbox.post(press_owner, SOCIAL, LEAK)
    await sandbox.post(press_owner, SOCIAL, "Nouveau : un journaliste de BFM nous appelle sur une tout autre affaire, "
                                            "il diffuse son sujet ce soir à 20h et veut une réaction avant 19h")
    await sandbox.settle()
    escalated = sorted((e["department"], e["text"][:11]) for e in await sandbox.switchboard.escalations.list())
    assert escalated == [("press", "Le Parisien"), ("press", "Nouveau : u"), ("press", "Rappelé la "),
                         ("security", LEAK[:11])]


async def test_once_reassigned_away_the_escalation_no_longer_silences_its_first_owner(sandbox):
    esc = await _article_escalated(sandbox)
    await sandbox.switchboard.escalations.reassign(esc["id"], "U0COMM001", "legal")
    await sandbox.settle()
    # the press owner writes about the same article, now legal's matter: news for legal, escalated
    await sandbox.post("U0COMM001", SOCIAL, "Le Parisien confirme : l'article sur l'intoxication sort demain, "
                                            "leur avocat nous menace d'un procès")
    await sandbox.settle()
    assert len(await sandbox.switchboard.escalations.list()) == 2


async def test_bots_own_posts_in_a_watched_channel_are_ignored(sandbox):
    text = "URGENT : une cliente a été brûlée par notre réchaud, son avocat annonce une plainte au tribunal"
    await sandbox.post(slack.BOT_USER_ID, SOCIAL, text, bot_id=slack.BOT_ID)
    await sandbox.settle()
    assert await sandbox.switchboard.escalations.list() == []


async def test_second_trigger_on_the_same_message_adds_a_reporter_and_notifies_no_one(sandbox):
    ts = sandbox.emulator.add_message(SOCIAL, LEAK, "U0CM00003")
    await sandbox.react(REPORTER, SOCIAL, ts, "rotating_light")
    await sandbox.settle()
    posts_before = len(sandbox.emulator.calls_to("chat.postMessage"))
    await sandbox.shortcut("U0ADMIN01", SOCIAL, ts)
    await sandbox.react("U0CM00003", SOCIAL, ts, "rotating_light")
    await sandbox.settle()
    escalations = await sandbox.switchboard.escalations.list()
    assert len(escalations) == 1
    assert set(escalations[0]["reporters"]) == {REPORTER, "U0ADMIN01", "U0CM00003"}
    assert len(sandbox.emulator.calls_to("chat.postMessage")) == posts_before  # nobody notified again
    plus_one = [c for c in sandbox.emulator.calls_to("chat.postEphemeral") if c.body.get("user") == "U0ADMIN01"]
    assert plus_one and "+1" in plus_one[-1].body["text"]


async def test_the_same_reporter_pressing_the_shortcut_again_is_told_which_escalation_it_is(sandbox):
    ts = sandbox.emulator.add_message(SOCIAL, LEAK, "U0CM00003")
    await sandbox.shortcut(REPORTER, SOCIAL, ts)
    await sandbox.settle()
    posts_before = len(sandbox.emulator.calls_to("chat.postMessage"))
    await sandbox.shortcut(REPORTER, SOCIAL, ts)
    await sandbox.settle()
    escalations = await sandbox.switchboard.escalations.list()
    assert len(escalations) == 1 and escalations[0]["reporters"] == [REPORTER]
    assert len(sandbox.emulator.calls_to("chat.postMessage")) == posts_before  # nobody notified again
    told = [c for c in sandbox.emulator.calls_to("chat.postEphemeral") if c.body.get("user") == REPORTER]
    assert "Vous avez déjà signalé ce message : c'est l'escalade ESC-1." in told[-1].body["text"]
    link = f"https://example.slack.com/archives/{SOCIAL}/p{ts.replace('.', '')}"
    reply = await sandbox.command(REPORTER, "C0COMMUN1", "/escalate", link)
    # the answer to the command itself says it, and only that (no "passing it on" first)
    assert "Vous avez déjà signalé ce message : c'est l'escalade ESC-1." in reply.text


async def test_event_retried_by_slack_is_processed_once(sandbox):
    ts = sandbox.emulator.add_message(SOCIAL, LEAK, "U0CM00003")
    request = slack.event_callback(slack.reaction_added(user=REPORTER, reaction="rotating_light", channel=SOCIAL, ts=ts),
                                   event_id="Ev0RETRY1")
    assert (await sandbox.send(request)).status == 200
    assert (await sandbox.send(request.retried(1))).status == 200
    assert (await sandbox.send(request.retried(2))).status == 200
    await sandbox.settle()
    assert len(_dm_cards(sandbox, "U0SEC0001")) == 1
    confirmations = [c for c in sandbox.emulator.calls_to("chat.postEphemeral") if c.body.get("user") == REPORTER]
    assert len(confirmations) == 1


async def test_the_escalation_emoji_on_a_reply_in_a_thread_escalates_that_reply(sandbox):
    parent = sandbox.emulator.add_message(SOCIAL, "Post sur le rappel", "U0CM00003")
    reply = sandbox.emulator.add_message(SOCIAL, LEAK, "U0CM00003", thread_ts=parent)
    await sandbox.react(REPORTER, SOCIAL, reply, "rotating_light")
    await sandbox.settle()
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert esc is not None and esc["text"] == LEAK and esc["source"]["thread_ts"] == parent


@pytest.mark.parametrize("way", ["reaction", "shortcut"])
async def test_a_message_of_the_bot_itself_escalates_nothing_and_says_why(sandbox, way):
    ts = sandbox.emulator.add_message(SOCIAL, LEAK, "U0CM00003")
    await sandbox.react(REPORTER, SOCIAL, ts, "rotating_light")
    await sandbox.settle()
    note = next(m for m in sandbox.emulator.messages_in(SOCIAL, thread_ts=ts) if m.user == slack.BOT_USER_ID)
    if way == "reaction":
        await sandbox.react(REPORTER, SOCIAL, note.ts, "rotating_light")
    else:
        await sandbox.shortcut(REPORTER, SOCIAL, note.ts)
    await sandbox.settle()
    assert len(await sandbox.switchboard.escalations.list()) == 1
    told = [c for c in sandbox.emulator.calls_to("chat.postEphemeral") if c.body.get("user") == REPORTER]
    assert "C'est un message de Switchboard" in told[-1].body["text"]


async def test_the_same_person_reporting_by_another_way_is_told_which_escalation_it_is(sandbox):
    ts = sandbox.emulator.add_message(SOCIAL, LEAK, "U0CM00003")
    await sandbox.react(REPORTER, SOCIAL, ts, "rotating_light")
    await sandbox.settle()
    posts_before = len(sandbox.emulator.calls_to("chat.postMessage"))
    await sandbox.shortcut(REPORTER, SOCIAL, ts)
    await sandbox.settle()
    assert len(sandbox.emulator.calls_to("chat.postMessage")) == posts_before  # nobody notified again
    told = [c for c in sandbox.emulator.calls_to("chat.postEphemeral") if c.body.get("user") == REPORTER]
    assert "Vous avez déjà signalé ce message : c'est l'escalade ESC-1." in told[-1].body["text"]


async def test_a_link_the_bot_cannot_read_is_explained_where_it_was_typed_and_can_be_retried(sandbox):
    link = "https://example.slack.com/archives/C0NOPE0001/p1700000000000100"
    for _attempt in range(2):
        await sandbox.command(REPORTER, "C0COMMUN1", "/escalate", link)
        await sandbox.settle()
    told = [c for c in sandbox.emulator.calls_to("chat.postEphemeral")
            if c.body.get("user") == REPORTER and "je ne vois pas ce canal" in c.body.get("text", "")]
    assert [c.body["channel"] for c in told] == ["C0COMMUN1", "C0COMMUN1"]  # told twice, where typed
    assert "Invitez-moi dans le canal" in told[0].body["text"]


async def test_a_link_to_a_message_that_is_not_there_says_to_check_the_link(sandbox):
    link = f"https://example.slack.com/archives/{SOCIAL}/p1700000000000999"
    reply = await sandbox.command(REPORTER, "C0COMMUN1", "/escalate", link)
    assert "je lis ce message" in reply.text
    await sandbox.settle()
    told = [c.body["text"] for c in sandbox.emulator.calls_to("chat.postEphemeral") if c.body.get("user") == REPORTER]
    assert "ce message n'existe plus ou m'est caché" in told[-1] and "Vérifiez le lien" in told[-1]
    assert not await sandbox.switchboard.escalations.list()


async def test_escalate_with_a_higher_severity_raises_an_existing_escalation_and_its_pace(clocked):
    sandbox, clock = clocked
    ts = sandbox.emulator.add_message(SOCIAL, "Un client attend son remboursement depuis trois semaines", "U0CM00003")
    await sandbox.react(REPORTER, SOCIAL, ts, "rotating_light")
    await sandbox.settle()
    assert (await sandbox.switchboard.escalations.get("ESC-1"))["severity"] == "normal"
    link = f"https://example.slack.com/archives/{SOCIAL}/p{ts.replace('.', '')}"
    await sandbox.command("U0ADMIN01", "C0COMMUN1", "/escalate", f"critical {link}")
    await sandbox.settle()
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert esc["severity"] == "critical" and "U0ADMIN01" in esc["reporters"]
    notes = [m.text for m in sandbox.emulator.messages_in(SOCIAL, thread_ts=ts) if m.user == slack.BOT_USER_ID]
    assert any("gravité relevée à *critique*" in n for n in notes)

    def told(user: str) -> list[str]:
        return [c.body["text"] for c in sandbox.emulator.calls_to("chat.postEphemeral") if c.body.get("user") == user]

    assert "sa gravité passe de normale à *critique*" in told("U0ADMIN01")[-1]  # who raised it is told so
    owner = esc["chain"][esc["level"]]["users"][0]  # and whoever must act now, with the new pace
    notices = [c.body["text"] for c in sandbox.emulator.calls_to("chat.postMessage")
               if "passe de normale à *critique*" in c.body.get("text", "")]
    assert len(notices) == 1 and "accusé de réception attendu sous" in notices[0], owner
    await sandbox.command(REPORTER, "C0COMMUN1", "/escalate", f"normal {link}")  # never lowered
    await sandbox.settle()
    assert (await sandbox.switchboard.escalations.get("ESC-1"))["severity"] == "critical"
    assert "en gravité *critique* : une gravité n'est jamais abaissée" in told(REPORTER)[-1]
    clock.advance(esc["ack_seconds"] + 1)  # the critical pace, not the normal one
    await sandbox.runtime.sweeper.run_once()
    await sandbox.settle()
    assert (await sandbox.switchboard.escalations.get("ESC-1"))["level"] >= 1


async def test_raising_an_acknowledged_escalation_tells_who_took_it_on_and_brings_the_reminder_closer(clocked):
    sandbox, clock = clocked
    ts = sandbox.emulator.add_message(SOCIAL, "Un client attend son remboursement depuis trois semaines", "U0CM00003")
    await sandbox.react(REPORTER, SOCIAL, ts, "rotating_light")
    await sandbox.settle()
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    owner = esc["chain"][0]["users"][0]
    await sandbox.switchboard.escalations.acknowledge("ESC-1", owner)
    await sandbox.settle()
    normal_reminder = (await sandbox.switchboard.escalations.get("ESC-1"))["due_at"]
    link = f"https://example.slack.com/archives/{SOCIAL}/p{ts.replace('.', '')}"
    await sandbox.command("U0ADMIN01", "C0COMMUN1", "/escalate", f"critical {link}")
    await sandbox.settle()
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    registry = sandbox.switchboard.registry()
    assert esc["due_at"] == clock.now() + registry.settings.reminder_seconds("critical") < normal_reminder
    told = [c.body["text"] for c in sandbox.emulator.calls_to("chat.postEphemeral") if c.body.get("user") == "U0ADMIN01"]
    assert f"<@{owner}>, qui l'a prise en charge, en est prévenu·e" in told[-1]
    dms = [c.body["text"] for c in sandbox.emulator.calls_to("chat.postMessage")
           if c.body.get("channel") == sandbox.dm_channel(owner) and "passe de normale à *critique*" in c.body["text"]]
    assert len(dms) == 1 and "que vous avez prise en charge" in dms[0] and "prochain rappel dans 4 h" in dms[0]


async def test_the_same_reporter_can_raise_the_severity_of_what_they_reported(sandbox):
    ts = sandbox.emulator.add_message(SOCIAL, "Un client attend son remboursement depuis trois semaines", "U0CM00003")
    await sandbox.shortcut(REPORTER, SOCIAL, ts)
    await sandbox.settle()
    link = f"https://example.slack.com/archives/{SOCIAL}/p{ts.replace('.', '')}"
    await sandbox.command(REPORTER, "C0COMMUN1", "/escalate", f"high {link}")
    await sandbox.settle()
    esc = await sandbox.switchboard.escalations.get("ESC-1")
    assert esc["severity"] == "high" and esc["reporters"] == [REPORTER]


async def test_a_message_escalated_again_after_its_resolution_recalls_what_was_decided(sandbox):
    ts = sandbox.emulator.add_message(SOCIAL, LEAK, "U0CM00003")
    await sandbox.react(REPORTER, SOCIAL, ts, "rotating_light")
    await sandbox.settle()
    first = (await sandbox.switchboard.escalations.list())[0]
    await sandbox.switchboard.escalations.resolve(first["id"], first["chain"][0]["users"][0], "mots de passe réinitialisés")
    await sandbox.settle()
    await sandbox.react("U0CM00003", SOCIAL, ts, "rotating_light")  # someone reports it again later
    await sandbox.settle()
    second = await sandbox.switchboard.escalations.get("ESC-2")
    assert second["previous"]["id"] == "ESC-1"
    cards = [str(c.body.get("blocks")) for c in sandbox.emulator.calls_to("chat.postMessage") if "ESC-2" in str(c.body)]
    assert any("Déjà escaladée : ESC-1, résolue par" in c and "mots de passe réinitialisés" in c for c in cards)
