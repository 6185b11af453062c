"""`switchboard escalations list|show` and the console's `:show`: channels and sources in words."""
from __future__ import annotations

import pytest

from knowledge.registry_repo import RegistryRepo
from knowledge.store import Store
from tests.bot.escalation_kit import REGISTRY, Rig, route_for
from tests.bot.test_console import CRISIS, console
from tests.bot.test_escalations import run_cli


@pytest.fixture
async def rig(tmp_path):
    rig = await Rig(tmp_path / "data").open()
    yield rig
    await rig.close()


def source_line(out: str, esc_id: str) -> str:
    """The Source: line of the `:show` of ``esc_id``."""
    shown = out[out.index(f"{esc_id} · "):]
    return next(line for line in shown.splitlines() if line.startswith("Source:"))


def test_show_says_where_a_typed_escalation_was_typed(monkeypatch, capsys):
    code, out = console(monkeypatch, capsys,
                        "/escalate high une question sur la communauté", ":show ESC-1",
                        ":in dm", "/escalate high une autre question", ":show ESC-2",
                        ":in community", "/escalate encore une question", ":show ESC-3")
    assert code == 0
    assert source_line(out, "ESC-1") == "Source:    typed with /escalate in the watched channel #C0SOCIAL1"
    assert source_line(out, "ESC-2") == "Source:    typed with /escalate in a direct message"
    assert source_line(out, "ESC-3") == "Source:    typed with /escalate in #community"
    assert "Source:    D" not in out and "Source:    C0" not in out


def test_show_names_the_message_escalated_and_links_to_it(monkeypatch, capsys):
    code, out = console(monkeypatch, capsys, ":as hugo", CRISIS, ":show ESC-1")
    assert code == 0
    assert source_line(out, "ESC-1").startswith(
        "Source:    a message in the watched channel #C0SOCIAL1 (https://example.slack.com/archives/C0SOCIAL1/p")


def test_show_names_the_triage_level_and_its_channel(monkeypatch, capsys):
    # the triage department's owner is already called at L0, so L3 only posts in its channel
    code, out = console(monkeypatch, capsys, ":in community", "/escalate high une question sur la communauté",
                        ":show ESC-1")
    assert code == 0
    chain = out[out.index("Chain (each level waits 1 h):\n"):out.index("Timeline (UTC):")].splitlines()[1:]
    assert chain[3] == "  L3 triage       #community"
    assert "C0COMMUN1" not in out


async def test_cli_names_the_channel_of_a_level_without_people_and_the_source_of_a_typed_text(rig, capsys):
    typed = {"channel": "D0CM00002", "ts": None, "thread_ts": None, "permalink": None}
    await rig.create(source=typed, via="command", route=route_for(REGISTRY, "community", "high"), severity="high")
    await rig.settle()
    for _level in range(3):  # owner, deputy and head of community all stay silent: triage's channel is called in
        await rig.tick(61)
        await rig.settle()
    await rig.close()
    code, out, _ = run_cli(capsys, rig.path, "list")
    assert "#C0COMMUN1" in out  # no registry stored yet: the id is all there is to show
    with Store.open(rig.path) as store:
        RegistryRepo(store).replace(REGISTRY, actor="test", source="cli")

    code, out, _ = run_cli(capsys, rig.path, "list")
    assert code == 0
    row = out.splitlines()[1]
    assert row.split()[:5] == ["ESC-1", "open", "high", "community", "L3"] and "  #community  " in row

    code, out, _ = run_cli(capsys, rig.path, "show", "1")
    assert code == 0
    assert "Source:    typed with /escalate in a direct message\n" in out
    assert "  L3 triage       #community <- now\n" in out
    assert "L2 -> L3 triage: not acknowledged in 1 min" in out
    assert "notified         L3 triage: #community\n" in out
    assert "C0COMMUN1" not in out and "unacknowledged" not in out
