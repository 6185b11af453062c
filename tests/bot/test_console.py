"""`switchboard console` driven through its real entry point, lines fed as from a pipe."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from datetime import datetime

import pytest

from bot.cli import main
from tests.conftest import ROOT

CRISIS = "Rappel produit : une cliente dit que le réchaud a explosé, elle est brûlée aux mains"


def console(monkeypatch, capsys, *lines: str, argv: tuple[str, ...] = ()) -> tuple[int, str]:
    """Run `switchboard console` in-process with ``lines`` on standard input; exit code and output."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(line + "\n" for line in lines)))
    code = main([*argv[:2], "console", *argv[2:]] if argv[:1] == ("--data-dir",) else ["console", *argv])
    return code, capsys.readouterr().out


def number_of(output: str, marker: str) -> int:
    """The [N] of the first output line containing ``marker``."""
    line = next(line for line in output.splitlines() if marker in line and line.startswith("["))
    return int(line[1:line.index("]")])


def test_from_a_pipe_slash_command_answer_is_shown_readably_and_quit_exits_0():
    script = "/who une journaliste demande une interview\n:quit\n"
    done = subprocess.run([sys.executable, "-m", "bot", "console"], input=script, capture_output=True, text=True,
                          cwd=ROOT, timeout=60, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Léa Fournier in #C0SOCIAL1> /who une journaliste demande une interview" in out  # the line echoed
    assert "[1] switchboard → #C0SOCIAL1, only Léa Fournier sees it" in out
    assert "*Communication & presse* s'en occupe." in out  # &amp; unescaped
    assert "@Paul Renaud" in out and "<@U0COMM001>" not in out  # mentions shown by name
    assert "#press" in out  # <#C0PRESS01> shown as the department's channel


def test_mention_and_direct_message_are_answered_in_the_thread_in_each_persons_language(monkeypatch, capsys):
    code, out = console(monkeypatch, capsys,
                        "@switchboard un client attend son remboursement depuis trois semaines",
                        ":as jade", ":in dm", "Who handles GDPR data deletion requests?")
    assert code == 0
    asked = number_of(out, "Léa Fournier in #C0SOCIAL1: @switchboard un client")
    assert f"switchboard → #C0SOCIAL1, in the thread of [{asked}]" in out
    assert "*Service client* s'en occupe." in out
    dm = number_of(out, "Jade Morel in DM to switchboard: Who handles GDPR")
    assert f"switchboard → DM to Jade Morel, in the thread of [{dm}]" in out
    assert "Données personnelles (RGPD) handles this." in out  # Jade's Slack is in English


def test_watched_post_escalates_and_wait_pulls_in_the_deputy_then_the_head(monkeypatch, capsys):
    code, out = console(monkeypatch, capsys, ":as hugo", CRISIS, ":wait 10m", ":wait 10m", ":escalations")
    assert code == 0
    posted = out.index(f"Hugo Petit in #C0SOCIAL1: {CRISIS}")
    owner = out.index("switchboard → DM to Antoine Roux")
    deputy = out.index("switchboard → DM to Emma Faure")
    head = out.index("switchboard → DM to Olivier Carré")
    assert posted < owner < out.index("(10 minutes pass…)") < deputy < out.rindex("(10 minutes pass…)") < head
    assert "Escalade ESC-1 — critique" in out
    assert "ESC-1 : appel à @Emma Faure — pas d'accusé de réception en 10 min." in out
    assert "ESC-1  open    critical  quality     L2" in out


def test_clicks_by_button_number_or_name_acknowledge_and_refuse_outsiders(monkeypatch, capsys):
    _code, first = console(monkeypatch, capsys, CRISIS)
    card = number_of(first, "switchboard → DM to Antoine Roux")
    channel_card = number_of(first, "switchboard → #quality")
    code, out = console(monkeypatch, capsys, CRISIS, ":as yanis", f":click ack {channel_card}",
                        ":as antoine", f":click 1 {card}", f":click ack {card}")
    assert code == 0
    assert "only Yanis Ferrand sees it" in out and "Vous ne pouvez pas agir sur ESC-1" in out
    assert f"[{card}] switchboard → DM to Antoine Roux, updated in place" in out
    assert "Prise en charge par @Antoine Roux" in out
    assert "ESC-1 : prise en charge par @Antoine Roux." in out
    # once acknowledged the card has no Acknowledge button left: the third click is explained, not sent
    assert f"no button 'ack' on [{card}]; it has: Réattribuer, Résoudre" in out


def test_a_button_that_opens_a_modal_is_filled_from_the_following_lines(monkeypatch, capsys):
    _code, first = console(monkeypatch, capsys, CRISIS)
    card = number_of(first, "switchboard → DM to Antoine Roux")
    code, out = console(monkeypatch, capsys, CRISIS, ":as antoine", f":click reassign {card}", "3", "",
                        ":as claire", ":in dm", ":escalations")
    assert code == 0
    assert "A form opens for Antoine Roux: “Réattribuer”" in out
    assert "    3. Juridique" in out
    assert "(form submitted)" in out
    claire = number_of(out, "switchboard → DM to Claire Martin")
    assert "réattribuée à *Juridique* (@Claire Martin) par @Antoine Roux" in out
    code, out = console(monkeypatch, capsys, CRISIS, ":as antoine", f":click reassign {card}", "3", "",
                        ":as claire", f":click resolve {claire}", "Lot retiré de la vente", ":show ESC-1")
    assert "résolue par @Claire Martin" in out
    assert "Note : Lot retiré de la vente" in out
    assert "ESC-1 · critical · legal · resolved" in out


def test_a_person_picked_in_a_form_must_be_someone_of_the_workspace(monkeypatch, capsys):
    _code, first = console(monkeypatch, capsys, CRISIS)
    card = number_of(first, "switchboard → DM to Antoine Roux")
    code, out = console(monkeypatch, capsys, CRISIS, ":as antoine", f":click reassign {card}", "3", "U0NOBODY9",
                        "claire", ":escalations")
    assert code == 0
    assert "(someone of this workspace: a U0… id or part of a name; :people lists them)" in out
    assert "U0NOBODY9" not in out.split("(someone of this workspace")[1]  # asked again, never sent to
    assert "réattribuée à *Juridique* (@Claire Martin) par @Antoine Roux" in out


def test_a_modal_left_at_end_of_input_is_closed_without_submitting(monkeypatch, capsys):
    _code, first = console(monkeypatch, capsys, CRISIS)
    card = number_of(first, "switchboard → DM to Antoine Roux")
    code, out = console(monkeypatch, capsys, CRISIS, ":as antoine", f":click resolve {card}")
    assert code == 0
    assert "(form closed without submitting)" in out
    assert "résolue" not in out


def test_show_says_how_an_escalation_was_made_apart_from_its_reporters_in_aligned_columns(monkeypatch, capsys):
    code, out = console(monkeypatch, capsys, ":as hugo", CRISIS, ":react rotating_light 1", ":show ESC-1")
    assert code == 0
    shown = out[out.index("ESC-1 · critical"):]
    assert "Reporters: Hugo Petit (U0CM00002)\n" in shown  # he reacted later: not "(via auto)"
    assert "UTC, automatically: a serious post in a watched channel\n" in shown
    timeline = shown[shown.index("Timeline (UTC):"):shown.index("Cards:")].splitlines()[1:]
    rows = [re.fullmatch(r"  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d  (.{16}) (\S.*)", line) for line in timeline]
    assert all(rows), timeline  # every event's description starts in the same column
    assert [(row[1].rstrip(), row[2]) for row in rows] == [
        ("created", "via auto (quality, critical)"),
        ("notified", "L0 responsible: Antoine Roux (U0QUAL001)"),
        ("reporter added", "by Hugo Petit (U0CM00002)"),
    ]


def test_show_names_only_the_channel_of_a_level_without_people(monkeypatch, capsys):
    # the triage department's owner is already called at L0, so L3 only posts in its channel
    code, out = console(monkeypatch, capsys, "/escalate high une question sur la communauté", ":show ESC-1")
    assert code == 0
    assert "\n  L3 triage       #community\n" in out
    assert " and #community" not in out


def test_reacting_with_the_escalation_emoji_escalates_any_message(monkeypatch, capsys):
    code, out = console(monkeypatch, capsys, ":in customer_care", ":as julie",
                        "Un client dit que sa commande est arrivée abîmée", ":as thomas",
                        ":react rotating_light 1", ":escalations")
    assert code == 0
    assert "Julie Lambert in #customer_care: Un client dit que sa commande" in out
    assert "switchboard → DM to Julie Lambert" in out  # the owner of customer care is told
    assert "only Thomas Girard sees it" in out  # the reporter's confirmation
    assert "ESC-1" in out and "customer_care" in out


def test_mistakes_are_explained_and_the_session_goes_on(monkeypatch, capsys):
    code, out = console(monkeypatch, capsys, ":click ack 99", ":react", ":as nobody-known", ":as ma", ":in nowhere",
                        ":wait soon", ":frobnicate", "/who un journaliste appelle")
    assert code == 0
    assert "(there is no message [99])" in out
    assert "(usage: :react EMOJI N)" in out
    assert "no one matches 'nobody-known'" in out
    assert "'ma' could be " in out and "Marc Dubois" in out and "Hélène Marchand" in out
    assert "no channel 'nowhere'" in out and "(:in press)" in out
    assert "cannot read the duration 'soon'" in out
    assert "unknown console command :frobnicate" in out
    assert "*Communication & presse* s'en occupe." in out  # still answering afterwards


def test_as_and_in_flags_choose_who_types_where(monkeypatch, capsys):
    code, out = console(monkeypatch, capsys, "/who un journaliste appelle",
                        argv=("--as", "U0CM00003", "--in", "legal"))
    assert code == 0
    assert "Jade Morel in #legal> /who" in out
    assert "only Jade Morel sees it" in out and "handles this." in out


def test_unknown_flags_values_stop_with_one_clear_line(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["console", "--registry", "/no/such/registry.yaml"]) == 1
    assert "no registry file at /no/such/registry.yaml" in capsys.readouterr().err
    assert main(["console", "--in", "#nowhere"]) == 1
    err = capsys.readouterr().err
    assert "no channel '#nowhere'" in err and "a department id (--in press) or dm" in err


@pytest.mark.parametrize("channel", ["C0NOPE", "#nowhere"])
def test_a_channel_the_workspace_does_not_know_is_refused_by_in_and_by_the_flag_alike(monkeypatch, capsys, channel):
    refusal = f"no channel {channel!r} in this workspace: use the C0… id of a channel the registry names"
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["console", "--in", channel]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"switchboard: {refusal}") and len(err.splitlines()) == 1
    code, out = console(monkeypatch, capsys, f":in {channel}", ":in C0LEGAL01", "/who un avocat nous écrit")
    assert code == 0
    assert f"({refusal}" in out
    assert "Léa Fournier in #legal> /who" in out  # a channel of the registry, by its id


def test_wait_without_a_duration_says_how_long_passes(monkeypatch, capsys):
    code, out = console(monkeypatch, capsys, ":wait", ":wait 5m")
    assert code == 0
    assert "(no duration given: 1 minute passes…)" in out and "(5 minutes pass…)" in out
    assert "1m when none is given" in console(monkeypatch, capsys, ":help")[1]


def test_help_says_everyone_may_read_the_registry_and_only_admins_change_it(monkeypatch, capsys):
    _code, out = console(monkeypatch, capsys, ":help")
    line = next(line for line in out.splitlines() if line.lstrip().startswith("/registry"))
    assert "help, show, history for everyone; changes for admins" in line
    _code, out = console(monkeypatch, capsys, "/registry show legal", argv=("--as", "hugo"))
    assert "*Responsable* : @Claire Martin" in out  # Hugo, not an admin, reads it


@pytest.mark.parametrize("before", [False, True])
def test_a_data_dir_that_is_a_file_is_one_clear_line(monkeypatch, capsys, tmp_path, before):
    file = tmp_path / "notes.md"
    file.write_text("not a folder\n", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    argv = ["--data-dir", str(file), "console"] if before else ["console", "--data-dir", str(file)]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"switchboard: data folder {file} is a file, not a folder") and len(err.splitlines()) == 1
    assert file.read_text(encoding="utf-8") == "not a folder\n"


def test_data_dir_keeps_what_happened_for_the_next_session(monkeypatch, capsys, tmp_path):
    data = str(tmp_path / "data")
    code, _out = console(monkeypatch, capsys, CRISIS, argv=("--data-dir", data))
    assert code == 0
    code, out = console(monkeypatch, capsys, ":escalations", argv=("--data-dir", data))
    assert code == 0
    assert "ESC-1  open    critical  quality" in out


def test_a_data_dir_reopened_takes_new_escalations_of_every_kind(tmp_path):
    # each session is a new process: its messages, events and commands must not look like the
    # earlier sessions' ones, which the data folder remembers
    data = str(tmp_path / "data")

    def session(*lines: str) -> str:
        done = subprocess.run([sys.executable, "-m", "bot", "--data-dir", data, "console"],
                              input="".join(line + "\n" for line in lines), capture_output=True, text=True,
                              cwd=ROOT, timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
        assert done.returncode == 0, done.stderr
        return done.stdout

    first = ":in customer_care", ":as julie", "Un client dit que sa commande est arrivée abîmée", ":as thomas"
    session(*first, ":react rotating_light 1", "/escalate le réchaud d'un client a pris feu")
    out = session(*first, ":react rotating_light 1", "/escalate une cliente s'est brûlée avec la bouilloire",
                  ":escalations")
    assert all(f"ESC-{n}" in out for n in (1, 2, 3, 4)), out


@pytest.mark.parametrize("line", [":help", ":?"])
def test_help_lists_the_console_commands(monkeypatch, capsys, line):
    _code, out = console(monkeypatch, capsys, line)
    for command in (":react EMOJI N", ":click BUTTON N", ":as PERSON", ":in CHANNEL", ":wait DURATION", ":quit"):
        assert command in out


def test_registry_commands_take_people_and_channels_as_typed_in_slack(monkeypatch, capsys):
    code, out = console(monkeypatch, capsys, "/registry set-owner legal @U0LEGAL02",
                        "/registry set-channel legal #press", argv=("--as", "lea"))
    assert code == 0
    assert "Léa Fournier in #C0SOCIAL1> /registry set-owner" in out  # "lea" finds Léa
    assert "@Marc Dubois est maintenant responsable de *Juridique* (`legal`)." in out
    assert "Juridique · canal : C0LEGAL01 -> C0PRESS01" in out
    assert "n'est pas" not in out  # neither refused as not a person nor as not a channel


def test_a_choice_on_an_answer_only_you_see_replaces_it_as_in_slack(monkeypatch, capsys):
    code, out = console(monkeypatch, capsys, "/who un client dit que sa tente a pris feu et qu il va porter plainte",
                        ":click 2 1", ":click 1 1", ":quit")
    assert code == 0
    assert "[1] switchboard → #C0SOCIAL1, only Léa Fournier sees it, updated in place" in out
    assert "(choisi par @Léa Fournier)" in out and "([1] has no buttons)" in out  # no second, opposite choice


BAD_REGISTRIES = {
    "invalid": ("version: 1\npeople: 3\n", "people: expected a mapping"),
    "broken YAML": ("version: 1\nsettings:\n  admins: [\n", "YAML syntax error"),
}


def run_console_process(*argv: str, lines: str = "") -> subprocess.CompletedProcess[str]:
    """`switchboard console` in its own process: what it leaves on stderr at exit counts too."""
    return subprocess.run([sys.executable, "-m", "bot", "console", *argv], input=lines, capture_output=True,
                          text=True, cwd=ROOT, timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


@pytest.mark.parametrize("kind", BAD_REGISTRIES)
def test_a_bad_registry_for_a_data_dir_that_holds_one_prints_only_its_errors(tmp_path, kind):
    data = tmp_path / "data"
    assert run_console_process("--data-dir", str(data), lines=":quit\n").returncode == 0
    audit = (data / "audit.jsonl").read_bytes()
    text, error = BAD_REGISTRIES[kind]
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    done = run_console_process("--data-dir", str(data), "--registry", str(bad))
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0].startswith("errors (") and error in done.stderr
    assert all(line.startswith(f"  {bad}:") for line in lines[1:]), done.stderr  # nothing but the errors
    assert (data / "audit.jsonl").read_bytes() == audit  # the registry kept is untouched
    assert run_console_process("--data-dir", str(data), lines=":quit\n").returncode == 0  # and the folder is free


def test_a_failed_first_start_leaves_no_new_folder_and_an_empty_one_as_it_was(monkeypatch, capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_REGISTRIES["invalid"][0], encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["console", "--data-dir", str(tmp_path / "fresh" / "data"), "--registry", str(bad)]) == 1
    assert "people: expected a mapping" in capsys.readouterr().err
    assert not (tmp_path / "fresh").exists()
    assert main(["console", "--data-dir", str(tmp_path / "fresh"), "--as", "nobody-known"]) == 1
    assert "no one matches 'nobody-known'" in capsys.readouterr().err
    assert not (tmp_path / "fresh").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["console", "--data-dir", str(empty), "--registry", str(bad)]) == 1
    assert empty.is_dir() and not any(empty.iterdir())  # made by the person: kept, and as it was


def test_escalate_refuses_a_message_number_that_names_no_message_it_could_link_to(monkeypatch, capsys):
    code, out = console(monkeypatch, capsys, "/who une journaliste demande une interview", "/escalate #99",
                        "/escalate critique #0", "/escalate #1", ":escalations")
    assert code == 0
    assert "(there is no message [99])" in out and "(there is no message [0])" in out
    assert "([1] is visible to one person only; it cannot be escalated)" in out
    assert "(no escalations yet)" in out and "Escalade" not in out  # nobody paged about "#99"


def test_escalate_with_a_message_number_escalates_that_message(monkeypatch, capsys):
    code, out = console(monkeypatch, capsys, ":in customer_care", ":as julie",
                        "Un client dit que sa commande est arrivée abîmée", ":as thomas", "/escalate high #1",
                        ":escalations")
    assert code == 0
    assert "Message d'origine (https://example.slack.com/archives/C0CARE001/p" in out
    assert "ESC-1  open    high      customer_care" in out and "Un client dit que sa commande" in out


@pytest.mark.parametrize(("duration", "said"), [
    ("1s", "1 second passes"), ("30s", "30 seconds pass"), ("1m", "1 minute passes"), ("90m", "90 minutes pass"),
    ("1h", "1 hour passes"), ("3h", "3 hours pass"), ("1d", "1 day passes"), ("2d", "2 days pass"),
    ("4h1m", "4 hours and 1 minute pass"), ("1h 30m", "1 hour and 30 minutes pass"),
    ("1d2h30m", "1 day, 2 hours and 30 minutes pass"),
])
def test_wait_says_how_long_passes_in_words(monkeypatch, capsys, duration, said):
    code, out = console(monkeypatch, capsys, f":wait {duration}")
    assert code == 0
    assert f"({said}…)" in out


def test_the_prompt_shows_the_day_once_the_first_one_is_over(monkeypatch, capsys):
    code, out = console(monkeypatch, capsys, ":wait 2d", ":wait 1d", ":people")
    assert code == 0
    prompts = [line for line in out.splitlines() if "Léa Fournier in #C0SOCIAL1> " in line]
    assert re.match(r"\d\d:\d\d Léa Fournier in #C0SOCIAL1> :wait 2d$", prompts[0])  # the first day: time only
    assert re.match(r"day 3 \d\d:\d\d Léa Fournier in #C0SOCIAL1> :wait 1d$", prompts[1])
    assert re.match(r"day 4 \d\d:\d\d Léa Fournier in #C0SOCIAL1> :people$", prompts[2])


def test_thread_in_another_channel_says_where_the_person_now_types(monkeypatch, capsys):
    code, out = console(monkeypatch, capsys, ":in quality", "Les sardines de la palette 12 sont livrées",
                        ":in press", ":thread 1", ":thread 1", "Bien reçu",
                        ":as hugo", ":in dm", "bonjour", ":as lea", ":thread 3")
    assert code == 0
    assert out.count("(now in #quality, in the thread of [1])") == 1  # said once: the second :thread moves nobody
    assert "Léa Fournier in #quality, thread [1]> Bien reçu" in out
    assert "Léa Fournier in #quality, in the thread of [1]: Bien reçu" in out
    hugo = number_of(out, "Hugo Petit in DM to switchboard: bonjour")
    assert hugo == 3
    assert "([3] is in Hugo Petit's DM with switchboard; only Hugo Petit can reply there)" in out


def test_lang_sets_the_persons_slack_language_and_the_bot_answers_in_it_at_once(monkeypatch, capsys):
    code, out = console(monkeypatch, capsys, ":as paul", "/who qui gère les journalistes ?", ":lang en",
                        "/who who handles journalists?", ":lang de")
    assert code == 0
    first, second = out.split("(Paul Renaud's Slack is now in English)")
    assert "s'en occupe" in first and "handles this" in second  # no hour-long wait for the bot's cache
    assert "(unknown language 'de': fr or en)" in second


def test_the_help_and_hints_name_a_department_of_the_registry_in_use(monkeypatch, capsys, tmp_path):
    registry = (ROOT / "samples" / "registry.yaml").read_text(encoding="utf-8")
    custom = tmp_path / "registry.yaml"
    custom.write_text(registry.replace("id: press", "id: medias").replace("prefer: press", "prefer: medias"),
                      encoding="utf-8")
    code, out = console(monkeypatch, capsys, ":help", ":in nowhere", argv=("--registry", str(custom)))
    assert code == 0
    assert ":in press" not in out and ":in medias" in out and "(:in medias)" in out


def test_with_another_registry_everyone_speaks_its_language_even_under_a_sample_persons_id(monkeypatch, capsys,
                                                                                           tmp_path):
    registry = (ROOT / "samples" / "registry.yaml").read_text(encoding="utf-8")
    custom = tmp_path / "registry.yaml"
    custom.write_text(registry.replace("Jade Morel", "Lina Haddad"), encoding="utf-8")  # the same id, another person
    code, out = console(monkeypatch, capsys, ":people", argv=("--registry", str(custom)))
    assert code == 0
    assert "U0CM00003  Lina Haddad, Community manager — Slack in French" in out
    assert "Emma Faure, Ingénieure sécurité produit — Slack in English" in out  # still the sample's own person


@pytest.mark.parametrize(("language", "prompt"), [("fr", "  Personne (facultatif): "), ("en", "  Person (optional): ")])
def test_a_form_marks_its_optional_fields_once_in_the_persons_slack_language(monkeypatch, capsys, language, prompt):
    _code, first = console(monkeypatch, capsys, CRISIS)
    card = number_of(first, "switchboard → DM to Antoine Roux")
    code, out = console(monkeypatch, capsys, CRISIS, ":as antoine", f":lang {language}", f":click reassign {card}",
                        "3", ":cancel")
    assert code == 0
    assert "(fill the form: Enter skips an optional field, :cancel closes it)" in out
    assert prompt in out
    assert "Enter to skip" not in out


def test_registry_history_dates_a_change_by_the_consoles_clock(monkeypatch, capsys):
    code, out = console(monkeypatch, capsys, ":wait 2d", ":as U0ADMIN01", '/registry add-keyword legal "huissier de justice"',
                        "/registry history")
    assert code == 0
    dates = dict(re.findall(r"\*(r\d+)\* · (\d\d/\d\d/\d{4}) ", out))
    imported, changed = (datetime.strptime(dates[revision], "%d/%m/%Y") for revision in ("r1", "r2"))
    assert (changed - imported).days == 2, out


def test_wait_of_hours_and_minutes_moves_the_clock_by_both(monkeypatch, capsys):
    code, out = console(monkeypatch, capsys, ":wait 4h1m", ":wait 4h1x")
    assert code == 0
    start, after = (int(h) * 60 + int(m) for h, m in re.findall(r"^(?:day \d+ )?(\d\d):(\d\d) \w", out, re.MULTILINE)[:2])
    assert (after - start) % (24 * 60) == 4 * 60 + 1
    assert "cannot read the duration '4h1x': try 30s, 10m, 2h, 1d or 4h30m" in out


def test_the_home_tab_shows_what_the_person_may_see_and_its_buttons_open_their_forms(monkeypatch, capsys):
    code, out = console(monkeypatch, capsys, ":click 1 home", ":as U0ADMIN01", ":home", ":click 1 home", ":cancel",
                        ":as hugo", ":home")
    assert code == 0
    assert "(open the Home tab first: :home)" in out
    admin, member = out.split("Home tab of Léa Fournier")[1].split("Home tab of Hugo Petit")
    assert "Santé des responsabilités" in admin and "buttons: (1) Modifier" in admin  # the admin's panel and forms
    assert "A form opens for Léa Fournier: “Modifier le service”" in admin
    assert "Santé des responsabilités" not in member and "Modifier" not in member
    assert "Escalades qui vous attendent" in member
