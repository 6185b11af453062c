"""The readable transcript: Slack markup as a person reads it, numbered messages and buttons."""
from __future__ import annotations

import pytest

from bot.emulator import BOT_ID, BOT_USER_ID, Message, SlackEmulator
from bot.transcript import Names, Transcript
from knowledge.validation import load_registry_file
from tests.conftest import SAMPLE_REGISTRY


@pytest.fixture(scope="module")
def registry():
    return load_registry_file(SAMPLE_REGISTRY).registry


@pytest.fixture
def emulator(registry):
    emu = SlackEmulator()
    for user_id, person in registry.people.items():
        emu.add_user(user_id, person.name)
    return emu


def test_mentions_channels_links_and_entities_become_plain_text(registry, emulator):
    names = Names(registry, emulator)
    text = "<@U0QUAL001> voir <#C0QUALIT1> · <https://example.com/a?b=1&amp;c=2|la fiche> &amp; <https://x.org>"
    assert names.readable(text) == "@Antoine Roux voir #quality · la fiche (https://example.com/a?b=1&c=2) & https://x.org"


def test_escaped_user_text_is_shown_literally_and_never_as_a_ping(registry, emulator):
    names = Names(registry, emulator)
    assert names.readable("&lt;!channel&gt; &lt;@U0CEO0001&gt; a &amp;lt; b") == "<!channel> <@U0CEO0001> a &lt; b"
    assert names.readable("<!here> <!subteam^S1|@crise>") == "@here @crise"


def test_people_and_channels_are_found_by_the_names_people_use(registry, emulator):
    names = Names(registry, emulator)
    assert names.find_person("hugo") == "U0CM00002"
    assert names.find_person("U0XXXX001") == "U0XXXX001"
    assert names.find_person("marc") == "U0LEGAL02"  # Marc Dubois, not Hélène Marchand
    assert names.find_person("march") == "U0CEO0001"
    assert names.find_person("ma") is None  # Marc Dubois, Claire Martin or Hélène Marchand
    assert names.find_channel("#quality") == "C0QUALIT1"
    assert names.find_channel("C0SOCIAL1") == "C0SOCIAL1"
    assert names.find_channel("nowhere") is None


def _card(emulator: SlackEmulator, channel: str) -> Message:
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": "*ESC-1* pour <@U0QUAL001>"}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "Signalé par <@U0CM00002>"}]},
        {"type": "actions", "elements": [
            {"type": "button", "text": {"type": "plain_text", "text": "J'accuse réception"}, "action_id": "escalation_ack", "value": "ESC-1"},
            {"type": "button", "text": {"type": "plain_text", "text": "Résoudre"}, "action_id": "escalation_resolve", "value": "ESC-1"},
        ]},
    ]
    message = Message(channel=channel, ts=emulator.workspace.next_ts(), text="ESC-1", user=BOT_USER_ID,
                      bot_id=BOT_ID, blocks=blocks)
    return emulator.workspace.store(message)


def test_messages_are_numbered_with_where_they_went_and_their_buttons(registry, emulator):
    transcript = Transcript(emulator, Names(registry, emulator))
    ts = emulator.add_message("C0SOCIAL1", "Un réchaud a explosé", "U0CM00002")
    dm, _existed = emulator.workspace.open_dm(["U0QUAL001"])
    _card(emulator, dm)
    emulator.workspace.store(Message(channel="C0SOCIAL1", ts=emulator.workspace.next_ts(), text="transmise à <@U0QUAL001>",
                                     user=BOT_USER_ID, bot_id=BOT_ID, thread_ts=ts))
    lines = transcript.take()
    assert lines[0] == "[1] Hugo Petit in #C0SOCIAL1: Un réchaud a explosé"
    assert lines[1] == "[2] switchboard → DM to Antoine Roux"
    assert "    *ESC-1* pour @Antoine Roux" in lines
    assert "    Signalé par @Hugo Petit" in lines
    assert "    buttons: (1) J'accuse réception  (2) Résoudre" in lines
    assert "[3] switchboard → #C0SOCIAL1, in the thread of [1]" in lines


def test_buttons_are_named_by_number_short_name_or_label(registry, emulator):
    transcript = Transcript(emulator, Names(registry, emulator))
    card = _card(emulator, "C0QUALIT1")
    assert transcript.button(card, "2")["action_id"] == "escalation_resolve"
    assert transcript.button(card, "ack")["action_id"] == "escalation_ack"
    assert transcript.button(card, "résoudre")["action_id"] == "escalation_resolve"
    with pytest.raises(LookupError, match="buttons 1 to 2"):
        transcript.button(card, "3")
    with pytest.raises(LookupError, match="it has: J'accuse réception, Résoudre"):
        transcript.button(card, "reassign")


def test_an_update_shows_only_what_changed(registry, emulator):
    transcript = Transcript(emulator, Names(registry, emulator))
    card = _card(emulator, "C0QUALIT1")
    transcript.take()
    blocks = card.blocks[:2] + [{"type": "section", "text": {"type": "mrkdwn", "text": "Résolue par <@U0QUAL001>"}}]
    emulator.workspace.update(card, blocks=blocks)
    assert transcript.take() == [
        "[1] switchboard → #quality, updated in place",
        "    Résolue par @Antoine Roux",
        "    (no buttons any more)",
    ]


def test_an_update_says_which_row_of_buttons_went_away(registry, emulator):
    transcript = Transcript(emulator, Names(registry, emulator))
    card = _card(emulator, "C0QUALIT1")
    choices = {"type": "actions", "elements": [
        {"type": "button", "text": {"type": "plain_text", "text": "Juridique"}, "action_id": "choose_department_0", "value": "x"}]}
    emulator.workspace.update(card, blocks=[*card.blocks, choices])
    transcript.take()
    emulator.workspace.update(card, blocks=card.blocks[:3])  # the choices go, the card's own buttons stay
    assert transcript.take() == [
        "[1] switchboard → #quality, updated in place",
        "    (gone) buttons: (3) Juridique",
    ]


def test_a_row_of_buttons_that_only_changed_is_not_said_gone(registry, emulator):
    transcript = Transcript(emulator, Names(registry, emulator))
    card = _card(emulator, "C0QUALIT1")
    transcript.take()
    resolve_only = {"type": "actions", "elements": [card.blocks[2]["elements"][1]]}  # Acknowledge removed
    emulator.workspace.update(card, blocks=[*card.blocks[:2], resolve_only])
    assert transcript.take() == ["[1] switchboard → #quality, updated in place", "    buttons: (1) Résoudre"]
