"""`switchboard console` started again on the same data folder, and what a person cannot see in Slack."""
from __future__ import annotations

import io
import re
import sys
from datetime import datetime
from pathlib import Path

from bot.cli import main

BURN = "/escalate critical Un client s'est brûlé avec notre réchaud"


def console(monkeypatch, capsys, *lines: str, data: str | None = None) -> str:
    """Run `switchboard console` in-process (on ``data`` when given) with ``lines`` as input; its output."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(line + "\n" for line in lines)))
    assert main(["--data-dir", data, "console"] if data else ["console"]) == 0
    return capsys.readouterr().out


def number_of(output: str, marker: str) -> int:
    """The [N] of the first output line starting with [N] that contains ``marker``."""
    line = next(line for line in output.splitlines() if marker in line and line.startswith("["))
    return int(line[1:line.index("]")])


def prompts(output: str) -> list[str]:
    """The time (and day) each prompt showed, in order."""
    return re.findall(r"^((?:day \d+ )?\d\d:\d\d) \S.*?> ", output, re.MULTILINE)


def test_a_restarted_console_resumes_the_clock_where_the_folders_escalations_left_it(monkeypatch, capsys, tmp_path):
    data = str(tmp_path / "data")
    first = console(monkeypatch, capsys, ":wait 2d", BURN, ":wait 11m", data=data)
    # two days and 11 minutes after the first minute: day 3, or day 4 when those minutes cross midnight
    assert prompts(first)[-1].startswith(("day 3 ", "day 4 "))
    out = console(monkeypatch, capsys, ":show ESC-1", ":wait 8m", ":wait 1m", ":wait 1d", ":people", data=data)
    assert re.search(r"\d\d:\d\d(?=:00  climbed)", out), out
    # where the last session's clock stood (a minute after the climb): the first day of this session
    before = datetime.strptime(prompts(first)[-1][-5:], "%H:%M")  # the prompt before ":wait 11m"
    assert prompts(out)[0] == f"{(before.hour * 60 + before.minute + 11) // 60 % 24:02d}:{(before.minute + 11) % 60:02d}"
    assert "(in 9 min)" in out  # each level waits 10 min, and 9 are left
    assert "switchboard → DM to Olivier Carré" not in out.split("(1 minute passes…)")[0]
    assert "switchboard → DM to Olivier Carré" in out.split("(1 minute passes…)")[1]  # the head, on time
    assert prompts(out)[-1].startswith(("day 2 ", "day 3 "))  # a day and 10 minutes on (midnight may fall in them)


def test_a_folder_without_escalations_starts_at_the_current_minute_and_says_nothing_of_cards(
        monkeypatch, capsys, tmp_path):
    data = str(tmp_path / "data")
    console(monkeypatch, capsys, "/who une journaliste demande une interview", data=data)
    out = console(monkeypatch, capsys, ":wait 1m", data=data)
    assert "starts empty" not in out
    assert re.fullmatch(r"\d\d:\d\d", prompts(out)[0])


def test_a_restarted_console_says_the_cards_are_gone_and_puts_them_back_where_the_bot_updates_them(
        monkeypatch, capsys, tmp_path):
    data = str(tmp_path / "data")
    console(monkeypatch, capsys, BURN, ":wait 11m", data=data)
    out = console(monkeypatch, capsys, ":click ack 2", ":as hugo", ":in dm", "bonjour", ":cards ESC-1",
                  ":as emma", ":in quality", ":cards esc-1", data=data)
    assert ("(the data folder kept an unresolved escalation (ESC-1), but the emulated Slack starts empty, without "
            "its cards: :cards ESC-1 puts them back to act on them; :escalations lists everything)") in out
    assert "(there is no message [2])" in out
    # Hugo's DM, opened first in this session, did not take the id Antoine's card was posted under
    assert "[1] Hugo Petit in DM to switchboard: bonjour" in out
    assert "[3] switchboard → #quality" in out
    assert "[4] switchboard → DM to Antoine Roux" in out
    assert "[5] switchboard → DM to Emma Faure" in out
    assert "(ESC-1's cards: [3], [4], [5]; 3 put back, as the bot draws them now)" in out
    assert "(ESC-1's cards: [3], [4], [5])" in out  # asked again: nothing to put back
    out = console(monkeypatch, capsys, ":cards ESC-1", ":as emma", ":click ack 3", ":escalations", data=data)
    assert "[1] switchboard → #quality, updated in place" in out
    assert "[2] switchboard → DM to Antoine Roux, updated in place" in out
    assert "[3] switchboard → DM to Emma Faure, updated in place" in out
    assert "Acknowledged by @Emma Faure" in out
    assert "ESC-1  acknowledged" in out


def test_the_cards_of_several_unresolved_escalations_are_named_at_start(monkeypatch, capsys, tmp_path):
    data = str(tmp_path / "data")
    console(monkeypatch, capsys, BURN, "/escalate high un avocat nous envoie une mise en demeure", data=data)
    out = console(monkeypatch, capsys, ":cards ESC-9", data=data)
    assert ("(the data folder kept 2 unresolved escalations (ESC-1, ESC-2), but the emulated Slack starts empty, "
            "without their cards: :cards ESC-N puts them back") in out
    assert "(switchboard: there is no escalation ESC-9)" in out


def test_buttons_reactions_shortcuts_and_links_of_someone_elses_dm_are_refused(monkeypatch, capsys):
    first = console(monkeypatch, capsys, BURN)
    card = number_of(first, "switchboard → DM to Antoine Roux")
    out = console(monkeypatch, capsys, BURN, ":as emma", f":click ack {card}", f":react rotating_light {card}",
                  f":shortcut {card}", f"/escalate #{card}", ":as yanis", ":click 1 1", ":escalations")
    said = "[{card}] is in Antoine Roux's DM with switchboard; only Antoine Roux can {can}"
    for can in ("press its buttons", "react to it", "use a shortcut on it", "escalate it"):
        assert f"({said.format(card=card, can=can)})" in out
    assert "([1] is visible to Léa Fournier only; nobody else can press its buttons)" in out
    assert "updated in place" not in out and "only Emma Faure sees it" not in out  # nothing reached the bot
    assert "ESC-1  open" in out and "ESC-2" not in out
    out = console(monkeypatch, capsys, BURN, ":as antoine", f":click ack {card}")
    assert f"[{card}] switchboard → DM to Antoine Roux, updated in place" in out  # his own card


def test_a_restart_with_the_registry_file_already_stored_goes_on_with_it(monkeypatch, capsys, tmp_path):
    data = str(tmp_path / "data")
    sample = str(Path(__file__).resolve().parents[2] / "samples" / "registry.yaml")
    for _ in range(2):  # the second time, the file is exactly what the folder holds: nothing to import
        monkeypatch.setattr(sys, "stdin", io.StringIO(":people\n"))
        assert main(["--data-dir", data, "console", "--registry", sample]) == 0
        assert "Léa Fournier" in capsys.readouterr().out


def test_a_restarted_console_resumes_after_the_folders_last_registry_change(monkeypatch, capsys, tmp_path):
    # registry changes are dated by the console's clock: the next session goes on from the newest
    # one, so a change made then is not dated before the one made two days into the first session
    data = str(tmp_path / "data")
    console(monkeypatch, capsys, ":wait 2d", ":as U0ADMIN01", '/registry add-keyword legal "huissier de justice"',
            data=data)
    out = console(monkeypatch, capsys, ":as U0ADMIN01", '/registry add-keyword legal "greffe"', "/registry history",
                  data=data)
    dates = dict(re.findall(r"\*(r\d+)\* · (\d\d/\d\d/\d{4}) ", out))
    day = {revision: datetime.strptime(text, "%d/%m/%Y") for revision, text in dates.items()}
    assert (day["r3"] - day["r1"]).days == 2 and day["r3"] >= day["r2"], out
