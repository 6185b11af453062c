"""Escalation lifecycle on a real data folder, a fake clock and a fake Slack Web API."""
from __future__ import annotations

import asyncio
import os

import pytest

from bot.escalation_store import archive_month
from knowledge.errors import Conflict, NotAllowed, NotFound
from knowledge.journal import read_database
from tests.bot.escalation_kit import REGISTRY, SOURCE, FakeRoute, Rig, route_for


@pytest.fixture
async def rig(tmp_path):
    rig = await Rig(tmp_path / "data").open()
    yield rig
    await rig.close()


def kinds(esc: dict) -> list[str]:
    return [entry["kind"] for entry in esc["timeline"]]


def thread_replies(rig: Rig) -> list[str]:
    return [a["text"] for a in rig.slack.sent() if a.get("thread_ts") == SOURCE["ts"]]


async def test_create_notifies_owner_channel_thread_and_reporter(rig):
    esc = await rig.create()
    await rig.settle()

    assert esc["id"] == "ESC-1" and esc["status"] == "open"
    assert rig.slack.dms() == ["U0LEGAL01"]
    card = rig.slack.sent()[0]
    buttons = {b["action_id"]: b["value"] for b in card["blocks"][-1]["elements"]}
    assert buttons == {"escalation_ack": "ESC-1", "escalation_reassign": "ESC-1", "escalation_resolve": "ESC-1"}
    assert len(rig.slack.in_channel("C0LEGAL01")) == 1
    assert thread_replies(rig) == ["ESC-1: sent to legal (U0LEGAL01)"]
    [confirmation] = rig.slack.sent("chat.postEphemeral")
    assert confirmation["user"] == "U0CM00002" and "ESC-1" in confirmation["text"]
    second = await rig.create(source={**SOURCE, "ts": "1700000001.000100"})
    assert second["id"] == "ESC-2"


async def test_chain_climbs_level_by_level_after_each_timeout(rig):
    await rig.create()
    await rig.settle()
    rig.slack.clear()

    assert await rig.tick(29) == 0
    assert rig.slack.calls == []
    assert await rig.tick(2) == 1
    assert rig.slack.dms() == ["U0LEGAL02", "U0LEGAL03"]
    assert thread_replies(rig) == ["ESC-1: not acknowledged in 30 s, now U0LEGAL02, U0LEGAL03 (deputies)"]
    rig.slack.clear()

    await rig.tick(30)
    assert rig.slack.dms() == ["U0CEO0001"]
    rig.slack.clear()

    await rig.tick(30)
    assert rig.slack.dms() == ["U0ADMIN01"]
    [triage_post] = [a for a in rig.slack.in_channel("C0COMMUN1") if "blocks" in a]
    assert "L3 NON PRIS EN CHARGE" in triage_post["text"]  # the channel speaks the registry language
    rig.slack.clear()

    esc = await rig.service.get("ESC-1")
    assert esc["level"] == 3 and kinds(esc).count("climbed") == 3
    assert esc["notified"] == ["U0LEGAL01", "U0LEGAL02", "U0LEGAL03", "U0CEO0001", "U0ADMIN01"]


async def test_silence_at_the_top_of_the_chain_reminds_everyone_called_in_less_and_less_often(rig):
    await rig.create()
    await rig.settle()
    for _ in range(3):
        await rig.tick(30)  # deputies, head, triage
    rig.slack.clear()

    assert await rig.tick(29) == 0
    assert await rig.tick(1) == 1  # the triage level waited as long as the others
    everyone = ["U0LEGAL01", "U0LEGAL02", "U0LEGAL03", "U0CEO0001", "U0ADMIN01"]

    def reminded() -> list[str]:
        return sorted("U" + a["channel"][1:] for a in rig.slack.sent()
                      if a["channel"].startswith("D") and "still not acknowledged" in a["text"])

    assert reminded() == sorted(everyone)
    rig.slack.clear()
    assert await rig.tick(59) == 0 and await rig.tick(1) == 1  # then twice as long
    assert reminded() == sorted(everyone)
    esc = await rig.service.get("ESC-1")
    assert [e["detail"]["count"] for e in esc["timeline"] if e["kind"] == "nudged"] == [1, 2]

    await rig.service.acknowledge("ESC-1", "U0CEO0001")
    await rig.settle()
    rig.slack.clear()
    await rig.tick(120)
    assert reminded() == []


async def test_after_a_reassignment_the_top_of_the_chain_reminds_only_those_who_may_acknowledge(rig):
    await rig.create()
    await rig.settle()
    for _ in range(3):
        await rig.tick(30)  # legal's deputies, the head, triage: nobody answers
    await rig.service.reassign("ESC-1", "U0ADMIN01", "press")
    await rig.settle()
    await rig.tick(30)  # press has no deputies and no head: straight to triage, already called in
    rig.slack.clear()
    await rig.tick(30)
    reminded = {"U" + a["channel"][1:] for a in rig.slack.sent()
                if a["channel"].startswith("D") and "still not acknowledged" in a["text"]}
    assert reminded == {"U0PRESS01", "U0ADMIN01"}  # not legal's people, who can no longer acknowledge it


async def test_an_escalation_stored_silent_at_the_top_of_its_chain_is_reminded_after_a_restart(rig):
    await rig.create()
    await rig.settle()
    for _ in range(3):
        await rig.tick(30)
    esc = await rig.service.get("ESC-1")
    rig.service.records.save({**esc, "due_at": None, "due_kind": None})  # as stored before reminders existed
    await rig.restart()
    assert rig.repaired["reminders_resumed"] == 1
    rig.slack.clear()
    assert await rig.tick(30) == 1
    assert any("still not acknowledged" in a["text"] for a in rig.slack.sent())


async def test_empty_levels_are_skipped_at_once(rig):
    await rig.create(route=route_for(REGISTRY, "press"))
    await rig.settle()
    assert rig.slack.dms() == ["U0PRESS01"]
    rig.slack.clear()

    await rig.tick(30)  # press has no deputies and no head: straight to triage
    assert rig.slack.dms() == ["U0ADMIN01"]
    esc = await rig.service.get("ESC-1")
    climbed = next(e for e in esc["timeline"] if e["kind"] == "climbed")
    assert climbed["detail"]["level"] == 3 and climbed["detail"]["skipped"] == [1, 2]


async def test_people_already_in_the_chain_are_not_notified_twice(rig):
    # The triage department's own escalation: its owner is L0, so L3 is only the channel.
    await rig.create(route=route_for(REGISTRY, "community"))
    await rig.settle()
    for _ in range(3):
        await rig.tick(30)
    assert rig.slack.dms() == ["U0ADMIN01", "U0CM00002", "U0COMM001"]
    esc = await rig.service.get("ESC-1")
    assert esc["chain"][3]["users"] == [] and esc["level"] == 3
    # the department's own channel is the triage channel: its card is redrawn, not posted twice
    cards = [a for a in rig.slack.in_channel("C0COMMUN1") if "blocks" in a]
    assert len(cards) == 1, cards
    assert any(a["channel"] == "C0COMMUN1" for a in rig.slack.sent("chat.update"))


@pytest.mark.parametrize("climbs, acker, cards", [(0, "U0LEGAL01", 2), (1, "U0LEGAL03", 4), (2, "U0CEO0001", 5)])
async def test_acknowledging_stops_the_climb(rig, climbs, acker, cards):
    await rig.create()
    await rig.settle()
    for _ in range(climbs):
        await rig.tick(30)
    rig.slack.clear()

    esc = await rig.service.acknowledge("ESC-1", acker)
    await rig.settle()
    assert esc["status"] == "acknowledged" and esc["acknowledged_by"] == acker
    updates = rig.slack.sent("chat.update")
    assert len(updates) == cards  # every card posted so far: DMs and the department channel
    assert all(f"acknowledged by {acker}" in u["text"] or f"pris en charge par {acker}" in u["text"] for u in updates)
    assert thread_replies(rig) == [f"ESC-1: acknowledged by {acker}"]
    rig.slack.clear()

    for _ in range(5):
        await rig.tick(30)
    assert rig.slack.calls == []


async def test_updates_wait_for_cards_not_yet_delivered(rig):
    rig.slack.fail("chat.postMessage", *[ConnectionResetError("network down")] * 3)
    await rig.create()
    await rig.service.acknowledge("ESC-1", "U0LEGAL01")
    await rig.settle_while_advancing(60)
    card = rig.slack.sent()[0]
    assert card["channel"] == "D0LEGAL01"
    [update] = [u for u in rig.slack.sent("chat.update") if u["channel"] == card["channel"]]
    posted_ts = (await rig.service.get("ESC-1"))["messages"][0]["ts"]
    assert update["ts"] == posted_ts


async def test_reminder_goes_to_the_acknowledger_until_resolved(rig):
    await rig.create()
    await rig.settle()
    await rig.service.acknowledge("ESC-1", "U0LEGAL01")
    await rig.settle()
    rig.slack.clear()

    await rig.tick(4 * 3600 - 1)
    assert rig.slack.calls == []
    await rig.tick(1)
    [reminder] = rig.slack.sent()
    assert reminder["channel"] == "D0LEGAL01" and reminder["text"].startswith("Reminder: ESC-1")
    await rig.tick(4 * 3600)
    assert len(rig.slack.sent()) == 2
    await rig.service.resolve("ESC-1", "U0LEGAL01")
    await rig.settle()
    rig.slack.clear()
    await rig.tick(8 * 3600)
    assert rig.slack.calls == []
    assert kinds(await rig.service.get("ESC-1")).count("reminded") == 2


async def test_reassign_starts_a_new_chain_and_keeps_history(rig):
    await rig.create()
    await rig.settle()
    await rig.service.acknowledge("ESC-1", "U0LEGAL01")
    await rig.settle()
    rig.slack.clear()

    esc = await rig.service.reassign("ESC-1", "U0LEGAL01", "press")
    await rig.settle()
    assert esc["department"] == "press" and esc["status"] == "open" and esc["level"] == 0
    assert [lvl["users"] for lvl in esc["chain"]] == [["U0PRESS01"], [], [], ["U0ADMIN01"]]
    assert rig.slack.dms() == ["U0PRESS01"]
    assert {u["channel"] for u in rig.slack.sent("chat.update")} == {"D0LEGAL01", "C0LEGAL01"}
    assert thread_replies(rig) == ["ESC-1: reassigned by U0LEGAL01 to press (U0PRESS01)"]
    assert kinds(esc) == ["created", "notified", "acknowledged", "reassigned", "notified"]
    rig.slack.clear()

    await rig.tick(30)  # the new chain climbs on its own timeouts
    assert rig.slack.dms() == ["U0ADMIN01"]
    resolved = await rig.service.resolve("ESC-1", "U0LEGAL01", "handled by press")  # earlier people keep their buttons
    assert resolved["status"] == "resolved" and resolved["resolved_note"] == "handled by press"


async def test_who_handed_an_escalation_away_cannot_take_it_on_for_the_department_it_went_to(rig):
    await rig.create()
    await rig.settle()
    await rig.service.reassign("ESC-1", "U0LEGAL01", "press")
    await rig.settle()
    rig.slack.clear()
    with pytest.raises(NotAllowed, match="ESC-1 is now with Press: only Inès Caron or a registry admin"):
        await rig.service.acknowledge("ESC-1", "U0LEGAL01")
    await rig.settle()
    esc = await rig.service.get("ESC-1")
    assert esc["status"] == "open" and rig.slack.calls == []  # press is still chased
    assert await rig.tick(30) == 1 and rig.slack.dms() == ["U0ADMIN01"]
    taken = await rig.service.acknowledge("ESC-1", "U0PRESS01")  # the people it went to can
    assert taken["status"] == "acknowledged" and taken["acknowledged_by"] == "U0PRESS01"


async def test_reassign_to_a_person_backs_them_up_with_the_department(rig):
    await rig.create()
    esc = await rig.service.reassign("ESC-1", "U0LEGAL01", "legal", person="U0LEGAL03")
    assert [lvl["users"] for lvl in esc["chain"]] == [["U0LEGAL03"], ["U0LEGAL01", "U0LEGAL02"], ["U0CEO0001"],
                                                        ["U0ADMIN01"]]
    with pytest.raises(NotFound, match="unknown department 'nope'"):
        await rig.service.reassign("ESC-1", "U0LEGAL01", "nope")


async def test_reassigning_to_the_person_it_is_already_with_changes_nothing(rig):
    await rig.create()
    await rig.service.reassign("ESC-1", "U0LEGAL01", "legal", person="U0LEGAL03")
    await rig.settle()
    rig.slack.clear()
    before = await rig.service.get("ESC-1")
    with pytest.raises(Conflict, match="already with"):
        await rig.service.reassign("ESC-1", "U0LEGAL01", "legal", person="U0LEGAL03")
    await rig.settle()
    assert rig.slack.calls == [] and (await rig.service.get("ESC-1"))["rev"] == before["rev"]


async def test_a_person_picked_in_the_same_department_gets_the_cards_redrawn_not_posted_again(rig):
    await rig.create()
    await rig.settle()
    posts_before = [a["channel"] for a in rig.slack.sent("chat.postMessage")]
    await rig.service.reassign("ESC-1", "U0LEGAL01", "legal", person="U0LEGAL03")
    await rig.settle()
    posted = [a["channel"] for a in rig.slack.sent("chat.postMessage")][len(posts_before):]
    legal_channel = [c for c in posts_before if c.startswith("C0LEG")]
    assert legal_channel and legal_channel[0] not in posted  # the channel's card is redrawn, not posted again


async def test_refusal_names_who_may_act_and_changes_nothing(rig):
    await rig.create()
    await rig.settle()
    before = await rig.service.get("ESC-1")
    rig.slack.clear()

    for action in (lambda: rig.service.acknowledge("ESC-1", "U0STRANGR"),
                   lambda: rig.service.resolve("ESC-1", "U0STRANGR", "x"),
                   lambda: rig.service.reassign("ESC-1", "U0STRANGR", "press")):
        with pytest.raises(NotAllowed) as refused:
            await action()
        assert "Claire Martin" in str(refused.value) and "Léa Fournier" in str(refused.value)
        assert "U0STRANGR" not in str(refused.value)
        said = str(refused.value)  # the owner first, then the deputies, then the head
        assert said.index("Claire Martin") < said.index("Marc Dubois") < said.index("Hélène Marchand")
    await rig.settle()
    assert rig.slack.calls == []
    assert await rig.service.get("ESC-1") == before

    rig.languages["U0STRANGR"] = "fr"
    with pytest.raises(NotAllowed, match="Vous ne pouvez pas agir sur ESC-1"):
        await rig.service.acknowledge("ESC-1", "U0STRANGR")


async def test_deputies_head_and_admins_may_act_before_being_notified(rig):
    await rig.create()
    for user in ("U0LEGAL02", "U0CEO0001", "U0ADMIN01"):
        assert (await rig.service.check_can_act("ESC-1", user))["id"] == "ESC-1"
    with pytest.raises(NotAllowed):
        await rig.service.check_can_act("ESC-1", "U0PRESS01")


async def test_repeated_clicks_are_idempotent(rig):
    await rig.create()
    await rig.settle()
    await rig.service.acknowledge("ESC-1", "U0LEGAL01")
    await rig.settle()
    rig.slack.clear()

    again = await rig.service.acknowledge("ESC-1", "U0LEGAL01")
    assert again["acknowledged_by"] == "U0LEGAL01"
    # the moment written as the cards write it for clients without Slack's dates
    with pytest.raises(Conflict, match=r"already acknowledged by Claire Martin on [A-Z][a-z]{2} \d\d at \d\d:\d\d UTC\."):
        await rig.service.acknowledge("ESC-1", "U0LEGAL02")
    await rig.service.resolve("ESC-1", "U0LEGAL02", "done")
    await rig.settle()
    rig.slack.clear()
    assert (await rig.service.resolve("ESC-1", "U0LEGAL02"))["resolved_note"] == "done"
    with pytest.raises(Conflict, match="already resolved by Marc Dubois") as late:
        await rig.service.acknowledge("ESC-1", "U0LEGAL01")
    assert late.value.escalation["status"] == "resolved"
    await rig.settle()
    assert rig.slack.calls == []
    assert kinds(await rig.service.get("ESC-1")).count("resolved") == 1


async def test_acknowledge_and_resolve_race_exactly_one_wins(rig):
    for number in range(1, 4):
        await rig.create(source={**SOURCE, "ts": f"17000000{number}.000100"})
    await rig.settle()

    ack, res = await asyncio.gather(rig.service.acknowledge("ESC-1", "U0LEGAL01"),
                                    rig.service.resolve("ESC-1", "U0LEGAL02"), return_exceptions=True)
    final = await rig.service.get("ESC-1")
    assert final["status"] == "resolved" and final["resolved_by"] == "U0LEGAL02"
    assert kinds(final).count("resolved") == 1 and kinds(final).count("acknowledged") <= 1

    outcomes = await asyncio.gather(rig.service.resolve("ESC-2", "U0LEGAL01"),
                                    rig.service.resolve("ESC-2", "U0LEGAL02"), return_exceptions=True)
    winners = [o for o in outcomes if isinstance(o, dict)]
    losers = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(winners) == 1 and len(losers) == 1
    assert winners[0]["resolved_by"] in str(losers[0]) or "already resolved by" in str(losers[0])

    outcomes = await asyncio.gather(rig.service.acknowledge("ESC-3", "U0LEGAL01"),
                                    rig.service.acknowledge("ESC-3", "U0LEGAL02"), return_exceptions=True)
    assert sum(isinstance(o, dict) for o in outcomes) == 1 and sum(isinstance(o, Conflict) for o in outcomes) == 1
    await rig.settle()
    resolved_notes = [a["text"] for a in rig.slack.sent() if a.get("thread_ts") and "resolved by" in a["text"]]
    assert len(resolved_notes) == 2  # ESC-1 and ESC-2, once each


async def test_duplicate_trigger_adds_a_reporter_and_notifies_no_one(rig):
    await rig.create(reporter="U0CM00002")
    await rig.settle()
    rig.slack.clear()

    esc, created = await rig.service.create(text="same message", source=SOURCE, reporter="U0CM00003",
                                            via="shortcut", route=FakeRoute())
    await rig.settle()
    assert created is False and esc["id"] == "ESC-1"
    assert esc["reporters"] == ["U0CM00002", "U0CM00003"]
    assert kinds(esc)[-1] == "reporter_added"
    # the +1 to the reporter; the cards are redrawn in place to name them (an edit notifies no one)
    assert sorted(m for m, _ in rig.slack.calls if m != "chat.update") == ["chat.postEphemeral"]
    assert [a["user"] for m, a in rig.slack.calls if m == "chat.postEphemeral"] == ["U0CM00003"]
    assert {a["channel"] for m, a in rig.slack.calls if m == "chat.update"} == {"D0LEGAL01", "C0LEGAL01"}
    rig.slack.clear()

    _esc, created = await rig.service.create(text="same message", source=SOURCE, reporter="U0CM00003",
                                             via="reaction", route=FakeRoute())
    await rig.settle()
    assert created is False and rig.slack.calls == []
    assert len(await rig.service.list()) == 1


async def test_explicit_severity_wins_over_the_route(rig):
    esc = await rig.create(route=FakeRoute(severity="normal"), severity="critical")
    assert esc["severity"] == "critical" and esc["ack_seconds"] == 30
    esc = await rig.create(source={**SOURCE, "ts": "2.0"}, route=FakeRoute(severity="normal"))
    assert esc["severity"] == "normal" and esc["ack_seconds"] == 120


async def test_resolved_escalations_are_archived_by_month_and_still_listed(rig):
    await rig.create()
    await rig.create(source={**SOURCE, "ts": "2.0"})
    await rig.service.resolve("ESC-1", "U0LEGAL01", "false alarm")

    assert [e["id"] for e in await rig.service.list()] == ["ESC-2", "ESC-1"]
    assert [e["id"] for e in await rig.service.list(open_only=True)] == ["ESC-2"]
    assert (await rig.service.get("esc-1"))["resolved_note"] == "false alarm"
    month = archive_month(rig.clock.now())
    assert (rig.path / f"escalations-{month}.jsonl").exists()
    on_disk = [esc["id"] for p in rig.path.glob("escalations-active-*.json")
               for esc in read_database(p).get("active", {}).values()]
    assert on_disk == ["ESC-2"]
    with pytest.raises(NotFound):
        await rig.service.get("ESC-9")
    await rig.restart()
    assert (await rig.create(source={**SOURCE, "ts": "3.0"}))["id"] == "ESC-3"


async def test_repair_finishes_a_resolve_interrupted_after_archiving(rig):
    await rig.create()
    await rig.service.resolve("ESC-1", "U0LEGAL01")
    esc = await rig.service.get("ESC-1")
    # Put it back in the active file, as a crash between the two writes would leave it.
    stale = {**esc, "rev": esc["rev"] - 1, "status": "open", "resolved_by": None, "resolved_at": None}
    await rig.store.acall(rig.service.records.insert, stale)
    assert len(await rig.service.list()) == 2

    await rig.restart()
    assert rig.repaired["unarchived"] == ["ESC-1"]
    assert [(e["id"], e["status"]) for e in await rig.service.list()] == [("ESC-1", "resolved")]
    assert await rig.service.list(open_only=True) == []


async def test_restart_resumes_an_overdue_climb_exactly_once(rig):
    await rig.create()
    await rig.settle()
    await rig.close()
    rig.clock.advance(600)  # down for ten minutes: the L0 timeout passed meanwhile
    await rig.open()
    rig.slack.clear()

    assert await rig.tick(0) == 1
    assert rig.slack.dms() == ["U0LEGAL02", "U0LEGAL03"]
    assert await rig.tick(0) == 0
    await rig.restart()
    assert await rig.tick(1) == 0
    assert rig.slack.dms() == ["U0LEGAL02", "U0LEGAL03"]


async def test_crash_between_outbox_and_commit_is_rolled_back_and_redone_once(rig, monkeypatch):
    await rig.create()
    await rig.settle()
    rig.slack.clear()
    await rig.outbox.stop()

    class Killed(BaseException):
        pass

    def die(_doc):
        raise Killed()

    # The process "dies" right after the climb's messages were written, before the escalation.
    monkeypatch.setattr(rig.service.records, "save", die)
    monkeypatch.setattr(rig.outbox, "remove_tx", lambda _ids: None)
    rig.clock.advance(31)
    with pytest.raises(Killed):
        await rig.service.run_step("ESC-1", rig.clock.now())
    # two DMs, the thread note and the redraw of the two cards already posted, not committed
    assert sorted(e["method"] for e in await rig.outbox.pending()) == ["chat.postMessage"] * 3 + ["chat.update"] * 2
    rig.store.close()
    rig.store = None
    monkeypatch.undo()

    await rig.open()
    assert rig.repaired["outbox_rolled_back"] == 5
    assert await rig.tick(0) == 1
    assert rig.slack.dms() == ["U0LEGAL02", "U0LEGAL03"]
    assert len(thread_replies(rig)) == 1
    assert kinds(await rig.service.get("ESC-1")).count("climbed") == 1


async def test_crash_during_create_leaves_no_orphan_message(rig, monkeypatch):
    await rig.outbox.stop()

    class Killed(BaseException):
        pass

    def die(_doc):
        raise Killed()

    monkeypatch.setattr(rig.service.records, "insert_many", die)
    monkeypatch.setattr(rig.outbox, "remove_tx", lambda _ids: None)
    with pytest.raises(Killed):
        await rig.create()
    rig.store.close()
    rig.store = None
    monkeypatch.undo()

    await rig.open()
    assert rig.repaired["outbox_rolled_back"] == 4
    esc = await rig.create()  # Slack retries the unacknowledged trigger
    await rig.settle()
    assert esc["id"] == "ESC-1"
    assert rig.slack.dms() == ["U0LEGAL01"]


async def test_a_card_that_cannot_be_delivered_is_in_the_timeline(rig):
    from tests.bot.escalation_kit import slack_error

    rig.slack.fail("chat.postMessage", slack_error(200, "channel_not_found"))
    await rig.create(route=FakeRoute(owner="U0LEGAL01", channel=None))
    await rig.settle()
    esc = await rig.service.get("ESC-1")
    failed = [e for e in esc["timeline"] if e["kind"] == "delivery_failed"]
    assert failed and failed[0]["detail"]["error"] == "channel_not_found"
    assert failed[0]["detail"]["to"] == "user:U0LEGAL01"


# -- switchboard escalations list / show ------------------------------------------------------------

def run_cli(capsys, path, *argv: str) -> tuple[int, str, str]:
    from bot.cli import main

    code = main(["--data-dir", str(path), "escalations", *argv])
    out, err = capsys.readouterr()
    return code, out, err


async def test_cli_lists_and_shows_timelines(rig, capsys):
    from knowledge.registry_repo import RegistryRepo
    from knowledge.store import Store

    await rig.create()
    await rig.create(source={**SOURCE, "ts": "2.0"}, route=route_for(REGISTRY, "press"), severity="high")
    await rig.settle()
    await rig.tick(30)
    await rig.service.acknowledge("ESC-1", "U0LEGAL02")
    await rig.service.resolve("ESC-2", "U0PRESS01", "answered the journalist")
    await rig.settle()
    await rig.close()
    with Store.open(rig.path) as store:
        RegistryRepo(store).replace(REGISTRY, actor="test", source="cli")

    code, out, _ = run_cli(capsys, rig.path, "list")
    lines = out.splitlines()
    assert code == 0 and lines[0].split()[:4] == ["ID", "STATUS", "SEVERITY", "DEPARTMENT"]
    assert [line.split()[:3] for line in lines[1:]] == [["ESC-2", "resolved", "high"], ["ESC-1", "acknowledged", "critical"]]
    assert "Marc Dubois (U0LEGAL02)" in lines[2]

    code, out, _ = run_cli(capsys, rig.path, "list", "--open")
    assert [line.split()[0] for line in out.splitlines()[1:]] == ["ESC-1"]

    code, out, _ = run_cli(capsys, rig.path, "show", "esc-1")
    assert code == 0
    assert out.startswith("ESC-1 · critical · legal · acknowledged")
    assert "Acknowledged: Marc Dubois (U0LEGAL02)" in out
    timeline = out[out.index("Timeline"):]
    kinds_shown = [line.split()[2] for line in timeline.splitlines()[1:] if line.startswith("  ")]
    assert kinds_shown == ["created", "notified", "climbed", "notified", "acknowledged"]
    assert "L0 -> L1 deputies: not acknowledged in 30 s" in out

    code, out, _ = run_cli(capsys, rig.path, "show", "ESC-2")
    assert "Resolved:  Inès Caron (U0PRESS01) at" in out and "answered the journalist" in out
    for written in ("2", "esc-2"):  # the number alone, or the id in lower case, name it too
        assert run_cli(capsys, rig.path, "show", written)[1] == out

    code, _out, err = run_cli(capsys, rig.path, "show", "ESC-77")
    assert code == 1 and "there is no escalation ESC-77" in err


async def test_cli_reads_while_the_bot_holds_the_data_folder(rig, capsys):
    await rig.create()
    await rig.settle()
    code, out, _ = run_cli(capsys, rig.path, "list", "--open")
    assert code == 0 and out.splitlines()[1].split()[:2] == ["ESC-1", "open"]
    code, out, _ = run_cli(capsys, rig.path, "show", "ESC-1")
    assert "L0 responsible" in out and "<- now" in out


async def test_cli_on_an_empty_folder(tmp_path, capsys):
    code, out, _ = run_cli(capsys, tmp_path, "list")
    assert code == 0 and out.strip() == "no escalations yet"
    code, _out, err = run_cli(capsys, tmp_path / "missing", "list")
    assert code == 1 and "no data folder" in err


async def test_triggers_arriving_together_each_become_one_escalation(rig):
    jobs = [rig.service.create(text=f"message {n}", source={**SOURCE, "ts": f"{n}.000100"}, reporter="U0CM00002",
                               via="reaction", route=FakeRoute()) for n in range(10)]
    # The same message again in the same burst: a Slack retry, and a second reporter.
    jobs.append(rig.service.create(text="message 0", source={**SOURCE, "ts": "0.000100"}, reporter="U0CM00002",
                                   via="reaction", route=FakeRoute()))
    jobs.append(rig.service.create(text="message 0", source={**SOURCE, "ts": "0.000100"}, reporter="U0CM00003",
                                   via="shortcut", route=FakeRoute()))
    results = await asyncio.gather(*jobs)
    await rig.settle()

    assert [created for _esc, created in results] == [True] * 10 + [False, False]
    assert sorted(esc["id"] for esc, created in results if created) == sorted(f"ESC-{n}" for n in range(1, 11))
    first = await rig.service.get(results[0][0]["id"])
    assert first["reporters"] == ["U0CM00002", "U0CM00003"]
    cards = [a["text"].split()[0] for a in rig.slack.sent() if a["channel"] == "D0LEGAL01"]
    assert sorted(cards) == sorted(f"ESC-{n}" for n in range(1, 11))  # one card each, nobody twice
    confirmations = [a["user"] for a in rig.slack.sent("chat.postEphemeral")]
    assert confirmations.count("U0CM00003") == 1 and confirmations.count("U0CM00002") == 10


async def test_open_escalations_are_spread_over_small_shards(rig, monkeypatch):
    import bot.escalation_store

    monkeypatch.setattr(bot.escalation_store, "SHARD_SIZE", 10)
    await asyncio.gather(*(rig.create(source={**SOURCE, "ts": f"{n}.0"}) for n in range(25)))
    shards = sorted(p.name for p in rig.path.glob("escalations-active-*.json"))
    assert shards == ["escalations-active-0000.json", "escalations-active-0001.json", "escalations-active-0002.json"]
    for n in range(1, 11):
        await rig.service.resolve(f"ESC-{n}", "U0LEGAL01")

    await rig.restart()
    assert len(await rig.service.list()) == 25
    assert [e["id"] for e in await rig.service.list(open_only=True)][-1] == "ESC-11"
    esc, created = await rig.service.create(text="again", source={**SOURCE, "ts": "24.0"}, reporter="U0CM00003",
                                            via="reaction", route=FakeRoute())
    assert created is False and esc["id"] == "ESC-25"
    assert (await rig.create(source={**SOURCE, "ts": "new.0"}))["id"] == "ESC-26"


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files through /proc")
async def test_a_shard_whose_escalations_are_all_resolved_closes_its_files(rig, monkeypatch):
    import bot.escalation_store

    monkeypatch.setattr(bot.escalation_store, "SHARD_SIZE", 5)

    async def raise_and_resolve(numbers: range) -> None:
        for n in numbers:
            await rig.create(source={**SOURCE, "ts": f"{n}.0"})
        for n in numbers:
            await rig.service.resolve(f"ESC-{n}", "U0LEGAL01")

    await raise_and_resolve(range(1, 6))  # one shard filled and emptied: the files of the store open
    opened = len(os.listdir("/proc/self/fd"))
    await raise_and_resolve(range(6, 21))  # three more: a long-running bot's history
    assert len(os.listdir("/proc/self/fd")) <= opened  # not one journal per shard ever used
    assert (await rig.create(source={**SOURCE, "ts": "new.0"}))["id"] == "ESC-21"
    await rig.restart()
    assert [e["id"] for e in await rig.service.list(open_only=True)] == ["ESC-21"]


async def test_a_climb_calls_in_the_deputies_the_registry_names_now(rig):
    import copy

    from knowledge.validation import validate_data
    from tests.bot.escalation_kit import REGISTRY_DATA

    await rig.create()
    await rig.settle()
    rig.slack.clear()
    # while the owner has not answered, an admin replaces a deputy who left
    data = copy.deepcopy(REGISTRY_DATA)
    legal = next(d for d in data["departments"] if d["id"] == "legal")
    legal["deputies"] = ["U0LEGAL03", "U0CEO0001"]
    rig.registry = validate_data(data, source="test").registry
    await rig.tick(31)
    assert rig.slack.dms() == ["U0LEGAL03", "U0CEO0001"]  # Marc (removed) is not called in
    esc = await rig.service.get("ESC-1")
    assert esc["chain"][0]["users"] == ["U0LEGAL01"]  # the level already reached is kept as it was
