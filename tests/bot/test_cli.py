"""The `switchboard` command line as an admin uses it: registry, who/route, escalations."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "registry.yaml"
JSON_FIELDS = {"department", "topic", "confident", "confidence", "severity", "owner", "deputies", "head",
               "channel", "matched", "alternatives"}


def run(capsys, *argv: str, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def data(tmp_path) -> str:
    return str(tmp_path / "data")


def test_validate_accepts_the_sample_and_prints_warnings(capsys):
    code, out, _ = run(capsys, "registry", "validate", str(SAMPLE))
    assert code == 0
    assert "valid" in out and "single point of failure" in out


def test_validate_reports_every_error_with_file_line_and_path(capsys, tmp_path):
    bad = tmp_path / "registry.yaml"
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("    deputies: [U0LEGAL02]", "    deputes: [U0LEGAL02]", 1)
    text = text.replace("critical: 15m", "critical: quinze minutes", 1)
    bad.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "registry", "validate", str(bad))
    assert code == 1
    assert "registry.yaml:" in out and "deputes: unknown field" in out
    assert "settings.ack_timeouts.critical" in out  # both errors at once


def test_an_invalid_file_lists_its_errors_then_what_is_only_a_warning(capsys, tmp_path):
    bad = tmp_path / "registry.yaml"
    text = SAMPLE.read_text(encoding="utf-8").replace("critical: 15m", "critical: quinze minutes", 1)
    text = text.replace("    channel: C0LEGAL01\n", "    channel: #legal\n", 1)
    bad.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "registry", "validate", str(bad))
    assert code == 1
    errors, warnings = out.split("warnings (1):")
    assert "errors (1):" in errors and "settings.ack_timeouts.critical" in errors
    assert "'#legal' is read as a comment" in warnings
    assert "invalid (the other warnings are checked once the errors are fixed)" in warnings


def test_import_export_round_trip_and_audit_trail_where_an_unchanged_reimport_succeeds(capsys, tmp_path, data):
    # re-importing an unchanged file exits 0: a deploy script that imports the same file again must not fail
    code, out, _ = run(capsys, "--data-dir", data, "registry", "import", str(SAMPLE), "--as", "U0ADMIN01")
    assert code == 0 and "revision 1" in out
    exported = tmp_path / "export.yaml"
    assert run(capsys, "--data-dir", data, "registry", "export", "-o", str(exported))[0] == 0
    assert yaml.safe_load(exported.read_text()) == yaml.safe_load(
        subprocess.run([sys.executable, "-m", "bot", "--data-dir", data, "registry", "export"], cwd=ROOT,
                       capture_output=True, text=True, check=True).stdout)
    # importing the export gives the same registry: nothing to change
    code, out, err = run(capsys, "--data-dir", data, "registry", "import", str(exported))
    assert code == 0 and "no change" in out and "nothing imported" in out and err == ""
    code, out, _ = run(capsys, "--data-dir", data, "registry", "export", "--format", "json")
    assert json.loads(out)["settings"]["triage_department"] == "community"
    code, out, _ = run(capsys, "--data-dir", data, "registry", "history")
    assert "r1" in out and "Léa Fournier (U0ADMIN01) via file" in out and "r2" not in out  # the re-import recorded nothing


def test_an_invalid_import_changes_nothing(capsys, tmp_path, data):
    run(capsys, "--data-dir", data, "registry", "import", str(SAMPLE))
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAMPLE.read_text(encoding="utf-8").replace("triage_department: community",
                                                              "triage_department: nobody"), encoding="utf-8")
    code, _, err = run(capsys, "--data-dir", data, "registry", "import", str(bad))
    assert code == 1 and "nobody" in err and "nothing was imported" in err
    _, out, _ = run(capsys, "--data-dir", data, "registry", "history")
    assert "r2" not in out


def test_undo_restores_the_previous_registry(capsys, tmp_path, data):
    run(capsys, "--data-dir", data, "registry", "import", str(SAMPLE))
    changed = tmp_path / "changed.yaml"
    changed.write_text(SAMPLE.read_text(encoding="utf-8").replace("owner: U0COMM001", "owner: U0PRESS01", 1),
                       encoding="utf-8")
    run(capsys, "--data-dir", data, "registry", "import", str(changed))
    _, out, _ = run(capsys, "--data-dir", data, "registry", "show", "press")
    assert "owner:    Inès Caron" in out
    code, out, _ = run(capsys, "--data-dir", data, "registry", "undo")
    assert code == 0 and "revision 3" in out
    _, out, _ = run(capsys, "--data-dir", data, "registry", "show", "press")
    assert "owner:    Paul Renaud" in out
    code, _, err = run(capsys, "--data-dir", data, "registry", "history", "--at", "2000-01-01T00:00")
    assert code == 1 and "no registry existed" in err


def test_show_names_an_unknown_department(capsys, data):
    run(capsys, "--data-dir", data, "registry", "import", str(SAMPLE))
    code, _, err = run(capsys, "--data-dir", data, "registry", "show", "marketing")
    assert code == 1 and "unknown department 'marketing'" in err and "press" in err
    code, _, err = run(capsys, "--data-dir", data, "registry", "show", "privacy")  # a topic's id alone
    assert code == 1 and "'privacy' is a topic, not a department: write legal/privacy" in err


def test_audit_reports_single_points_of_failure_with_counts(capsys):
    code, out, _ = run(capsys, "registry", "audit", "--registry", str(SAMPLE))
    assert code == 0
    assert "crisis" in out and "Without a deputy" in out
    assert "U0CEO0001 (Hélène Marchand)" in out


def test_commands_without_a_registry_say_how_to_get_one(capsys, data):
    code, _, err = run(capsys, "--data-dir", data, "who", "un journaliste")
    assert code == 1 and "registry import" in err


def test_who_json_has_every_contract_field(capsys):
    code, out, _ = run(capsys, "who", "une journaliste demande une interview", "--json", "--registry", str(SAMPLE))
    answer = json.loads(out)
    assert code == 0 and set(answer) == JSON_FIELDS
    assert answer["department"] == "press" and answer["owner"] == "U0COMM001"
    assert isinstance(answer["deputies"], list) and 0 <= answer["confidence"] <= 1


def test_who_readable_answer(capsys):
    code, out, _ = run(capsys, "who", "une journaliste demande une interview", "--registry", str(SAMPLE))
    assert code == 0 and "department: press" in out and "Paul Renaud" in out and "confidence:" in out


def test_out_of_scope_question_goes_to_triage_not_confident(capsys):
    _, out, _ = run(capsys, "who", "quel temps fera-t-il dimanche à la plage", "--json", "--registry", str(SAMPLE))
    answer = json.loads(out)
    assert answer["confident"] is False and answer["department"] == "community"


def test_route_batch_keeps_order_and_echoes_ids(capsys, monkeypatch):
    lines = "\n".join([
        json.dumps({"id": "a", "text": "Une cliente brûlée par notre réchaud, son avocat porte plainte"}),
        "mon colis n'est jamais arrivé",
        json.dumps({"id": "c"}),
        json.dumps({"id": 7, "text": "a journalist wants a comment before tonight"}),
    ]) + "\n"
    code, out, _ = run(capsys, "route", "--batch", "--registry", str(SAMPLE), stdin=lines, monkeypatch=monkeypatch)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == 4
    assert rows[0]["id"] == "a" and rows[0]["severity"] == "critical" and set(rows[0]) == JSON_FIELDS | {"id"}
    assert "id" not in rows[1] and set(rows[1]) == JSON_FIELDS
    assert rows[2] == {"id": "c", "line": 3, "error": "no text field"}
    assert rows[3]["id"] == 7 and rows[3]["department"] == "press"


def test_escalations_list_before_any_escalation_and_on_a_missing_folder(capsys, data):
    code, _, err = run(capsys, "--data-dir", data, "escalations", "list")
    assert code == 1 and "no data folder" in err
    run(capsys, "--data-dir", data, "registry", "import", str(SAMPLE))
    code, out, _ = run(capsys, "--data-dir", data, "escalations", "list")
    assert code == 0
    code, _, err = run(capsys, "--data-dir", data, "escalations", "show", "ESC-9")
    assert code == 1 and "ESC-9" in err


def test_console_script_and_module_are_the_same_program():
    by_module = subprocess.run([sys.executable, "-m", "bot", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert by_module.returncode == 0
    for command in ("registry", "who", "route", "run", "demo", "console", "escalations"):
        assert command in by_module.stdout
    script = Path(sys.executable).parent / "switchboard"
    if script.exists():
        by_script = subprocess.run([str(script), "--help"], capture_output=True, text=True)
        assert by_script.stdout == by_module.stdout


def test_reading_commands_work_while_the_bot_holds_the_data_folder(capsys, data):
    run(capsys, "--data-dir", data, "registry", "import", str(SAMPLE))
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; sys.path.insert(0, sys.argv[2]); from knowledge.store import Store; "
         "s = Store.open(sys.argv[1]); print('locked', flush=True); time.sleep(60)", data, str(ROOT)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        code, out, err = run(capsys, "--data-dir", data, "registry", "show", "press")
        assert code == 0 and "Paul Renaud" in out and "without the lock" in err
        code, out, _ = run(capsys, "--data-dir", data, "registry", "history")
        assert code == 0 and "r1" in out
        code, out, _ = run(capsys, "--data-dir", data, "who", "un journaliste veut une interview", "--json")
        assert code == 0 and json.loads(out)["department"] == "press"
        code, _, err = run(capsys, "--data-dir", data, "registry", "undo")
        assert code == 1 and "already used by another Switchboard process" in err  # changes still refused
    finally:
        holder.kill()
        holder.wait()


def test_data_dir_may_also_follow_the_command(capsys, tmp_path):
    folder = str(tmp_path / "elsewhere")
    assert run(capsys, "registry", "import", str(SAMPLE), "--data-dir", folder)[0] == 0
    code, out, _ = run(capsys, "escalations", "list", "--data-dir", folder)
    assert code == 0 and "no escalations" in out
    code, out, _ = run(capsys, "--data-dir", folder, "registry", "show", "legal")
    assert code == 0 and "U0LEGAL01" in out


# --- command-line defects: each error is one line naming what is wrong, and changes nothing ---

def _usage_error(capsys, *argv: str) -> str:
    """The stderr of an argparse usage error (exit 2)."""
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    assert exited.value.code == 2
    out = capsys.readouterr()
    assert out.out == ""
    return out.err


@pytest.mark.parametrize("port", ["0", "65536", "70000", "-1", "http"])
def test_run_rejects_a_port_outside_1_to_65535(capsys, port):
    err = _usage_error(capsys, "run", "--port", port)
    assert f"argument --port: expected a port number from 1 to 65535, got '{port}'" in err


def test_run_port_type_accepts_the_bounds():
    from bot.cli import build_parser

    for port in ("1", "3000", "65535"):
        assert build_parser().parse_args(["run", "--port", port]).port == int(port)


@pytest.mark.parametrize("text", ["", "   "])
def test_who_refuses_an_empty_or_blank_text_like_route(capsys, data, text):
    code, out, err = run(capsys, "--data-dir", data, "who", text)
    assert code == 1 and out == ""
    assert err == "switchboard: nothing to route: TEXT is empty; give the question or message\n"
    code, _, err = run(capsys, "--data-dir", data, "route", text)
    assert code == 1 and err.startswith("switchboard: nothing to route")
    assert not Path(data).exists()  # refused before the data folder is even opened


@pytest.mark.parametrize("stdin", ["", "  \n"])
def test_route_with_nothing_to_route_names_every_way_to_give_the_text(capsys, monkeypatch, stdin):
    code, out, err = run(capsys, "route", "--registry", str(SAMPLE), stdin=stdin, monkeypatch=monkeypatch)
    assert code == 1 and out == ""
    assert err == ("switchboard: nothing to route: give the message as a TEXT argument or on standard input, "
                   "or use --batch with one item per line on standard input\n")
    code, out, _ = run(capsys, "route", "--json", "--registry", str(SAMPLE), stdin="un journaliste appelle\n",
                       monkeypatch=monkeypatch)
    assert code == 0 and json.loads(out)["department"] == "press"  # the way the message promised


def test_route_batch_refuses_a_text_argument(capsys):
    err = _usage_error(capsys, "route", "un journaliste", "--batch", "--registry", str(SAMPLE))
    assert "TEXT cannot be given with --batch: --batch reads standard input" in err


def test_route_batch_gives_one_line_out_per_line_in_with_an_error_for_each_bad_line(capsys, monkeypatch):
    lines = [
        json.dumps({"id": "y", "text": ""}),
        "",
        "   ",
        json.dumps({"id": "z", "text": "   "}),
        '{"id": "w", "text": "oops"',
        "[1, 2]",
        '"x"',
        "3",
        json.dumps({"id": 5, "text": 42}),
        "[URGENT] a journalist wants a comment before tonight",
        json.dumps({"text": "a journalist wants a comment before tonight"}),
    ]
    code, out, err = run(capsys, "route", "--batch", "--registry", str(SAMPLE),
                         stdin="\n".join(lines) + "\n", monkeypatch=monkeypatch)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and err == "" and len(rows) == len(lines)
    assert rows[0] == {"id": "y", "line": 1, "error": "empty text"}
    assert rows[1] == {"line": 2, "error": "empty line"}
    assert rows[2] == {"line": 3, "error": "empty line"}
    assert rows[3] == {"id": "z", "line": 4, "error": "empty text"}
    assert rows[4]["line"] == 5 and rows[4]["error"].startswith("malformed JSON: Expecting ',' delimiter")
    for row in rows[5:8]:  # a line that is not a JSON object is plain text, whatever it looks like
        assert set(row) == JSON_FIELDS and "error" not in row
    assert rows[8] == {"id": 5, "line": 9, "error": "text must be a string"}
    assert rows[9]["department"] == "press" and "id" not in rows[9]  # plain text, even starting with [
    assert set(rows[10]) == JSON_FIELDS and rows[10]["department"] == "press"


def _readable(capsys, text: str) -> str:
    code, out, _ = run(capsys, "route", text, "--registry", str(SAMPLE))
    assert code == 0
    return out


def _json_answer(capsys, text: str) -> dict:
    return json.loads(run(capsys, "route", text, "--json", "--registry", str(SAMPLE))[1])


def test_readable_answer_when_not_confident_says_whose_confidence_it_is(capsys):
    text = "le contrat du fournisseur pose question"
    answer = _json_answer(capsys, text)
    assert answer["confident"] is False and answer["department"] == "community"
    assert answer["alternatives"][0]["department"] == "legal"  # the likeliest department
    out = _readable(capsys, text)
    lines = out.splitlines()
    assert lines[0] == "not confident: handing to the triage department community — Community management"
    confidence = f"{answer['confidence']:.0%}"
    assert (f"confidence: {confidence} in the likeliest department, legal — below the 80% needed to route there"
            in lines)
    assert f"why (legal): {', '.join(answer['matched'])}" in lines
    share = f"{answer['alternatives'][0]['confidence']:.0%}"
    assert f"share of the evidence: legal {share}" in lines  # labelled: not a second confidence of legal
    assert sum("likeliest" in line for line in lines) == 1  # one number is "the likeliest department"'s
    assert f"confidence: {confidence}" not in lines  # never a bare percentage that reads as sure of triage
    assert not any(line.startswith(("also:", "why:")) for line in lines)


def test_readable_answer_when_the_triage_department_is_itself_the_likeliest(capsys):
    text = "une question sur la communauté"
    answer = _json_answer(capsys, text)
    assert answer["confident"] is False and answer["department"] == "community"
    assert "community" not in [a["department"] for a in answer["alternatives"]]  # JSON contract unchanged
    lines = _readable(capsys, text).splitlines()
    assert any(line.startswith(f"confidence: {answer['confidence']:.0%} in the likeliest department, community "
                               "(the triage department itself) — below the 80% needed to be sure")
               for line in lines)
    assert any(line.startswith("why (community): ") for line in lines)
    shares = next(line for line in lines if line.startswith("share of the evidence: "))
    assert shares.split()[4] == "community" and "legal" in shares


def test_readable_answer_when_two_departments_are_level_says_none_stands_out(capsys, tmp_path):
    registry = tmp_path / "registry.yaml"
    registry.write_text("""\
version: 1
settings: {triage_department: cm}
people: {U0A: {name: A}}
departments:
  - {id: cm, name: Community, owner: U0A}
  - {id: depot, name: Dépôt, owner: U0A, keywords: [palette]}
  - {id: magasin, name: Magasin, owner: U0A, keywords: [palette]}
""", encoding="utf-8")
    code, out, _ = run(capsys, "who", "une palette est tombée", "--registry", str(registry))
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("confidence: "))
    assert line.startswith("confidence: 0%: no department stands out (") and " level with " in line, line
    assert "likeliest" not in out


def test_readable_answer_when_nothing_matched(capsys):
    lines = _readable(capsys, "quel temps fera-t-il dimanche à la plage").splitlines()
    assert "confidence: 0% — no department matched" in lines
    assert "why:        no term of the registry matched" in lines
    assert not any(line.startswith("share of the evidence") for line in lines)


def test_readable_answer_when_confident_is_unchanged(capsys):
    out = _readable(capsys, "un avocat nous écrit au sujet d'un tweet")
    assert "department: legal — Juridique" in out
    assert "confidence: 100%\n" in out and "\nwhy:        avocat" in out and "\nalso:       " in out
    assert "likeliest" not in out


@pytest.mark.parametrize("text", ["un avocat nous écrit au sujet d'un tweet", "une question sur la communauté"])
def test_readable_answer_leaves_out_alternatives_under_1_percent_and_json_keeps_them(capsys, text):
    answer = _json_answer(capsys, text)
    assert any(f"{a['confidence']:.0%}" == "0%" for a in answer["alternatives"])  # the JSON contract keeps them
    out = _readable(capsys, text)
    shares = next(line for line in out.splitlines() if line.startswith(("also:", "share of the evidence:")))
    assert " 0%" not in shares and shares.endswith("%")


def test_export_to_a_missing_folder_is_one_clear_error(capsys, tmp_path):
    target = tmp_path / "nowhere" / "x.yaml"
    run(capsys, "--data-dir", str(tmp_path / "data"), "registry", "import", str(SAMPLE))
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "data"), "registry", "export", "-o", str(target))
    assert code == 1 and out == ""
    assert err == f"switchboard: cannot write {target}: there is no folder {target.parent}\n"
    assert not target.parent.exists()


def test_export_to_a_path_that_cannot_be_written_is_one_clear_error(capsys, tmp_path):
    target = tmp_path / "a folder"
    target.mkdir()
    run(capsys, "--data-dir", str(tmp_path / "data"), "registry", "import", str(SAMPLE))
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "data"), "registry", "export", "-o", str(target))
    assert code == 1 and out == ""
    assert err == f"switchboard: cannot write {target}: is a directory\n"


def test_a_data_dir_that_is_a_file_is_one_clear_error(capsys, tmp_path):
    file = tmp_path / "notes.md"
    file.write_text("not a folder\n", encoding="utf-8")
    for argv in (("registry", "show"), ("registry", "history"), ("registry", "import", str(SAMPLE)),
                 ("registry", "suggestions"), ("escalations", "list")):
        code, _, err = run(capsys, "--data-dir", str(file), *argv)
        assert code == 1 and err.startswith(f"switchboard: data folder {file} is a file, not a folder"), argv
        assert len(err.splitlines()) == 1, argv  # (import prints the file's warnings on standard output)
    assert file.read_text(encoding="utf-8") == "not a folder\n"


def test_a_data_dir_that_cannot_be_created_is_one_clear_error(capsys, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    folder = blocker / "data"  # its parent is a file: the folder cannot be created
    code, _, err = run(capsys, "--data-dir", str(folder), "registry", "import", str(SAMPLE))
    assert code == 1 and err.startswith(f"switchboard: cannot create data folder {folder}: ")
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize("command", [["who", "un journaliste appelle"], ["registry", "show"], ["registry", "history"],
                                     ["registry", "suggestions"], ["escalations", "list"]])
def test_reading_commands_do_not_create_a_missing_data_folder(capsys, tmp_path, command):
    folder = tmp_path / "mistyped"
    code, _, err = run(capsys, "--data-dir", str(folder), *command)
    assert code == 1 and not folder.exists()
    assert err.startswith(f"switchboard: no data folder at {folder}") and len(err.splitlines()) == 1


@pytest.mark.parametrize("command", [["escalations", "list"], ["registry", "show"], ["registry", "suggestions"]])
def test_a_missing_data_folder_is_named_with_where_it_came_from(capsys, tmp_path, monkeypatch, command):
    folder = tmp_path / "missing"
    monkeypatch.setenv("SWITCHBOARD_DATA_DIR", str(folder))
    code, _, err = run(capsys, *command)
    assert code == 1 and err.startswith(f"switchboard: no data folder at {folder} (set by SWITCHBOARD_DATA_DIR): ")
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "other"), *command)
    assert code == 1 and err.startswith(f"switchboard: no data folder at {tmp_path / 'other'} (given by --data-dir): ")
    monkeypatch.delenv("SWITCHBOARD_DATA_DIR")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, *command)
    assert code == 1 and err.startswith("switchboard: no data folder at data (the default: neither --data-dir nor "
                                        "SWITCHBOARD_DATA_DIR is set): ")


@pytest.mark.parametrize("limit", ["0", "-1", "ten"])
def test_history_refuses_a_limit_below_1(capsys, data, limit):
    err = _usage_error(capsys, "--data-dir", data, "registry", "history", "--limit", limit)
    assert f"argument --limit: expected a whole number of at least 1, got '{limit}'" in err
    assert not Path(data).exists()


def test_history_at_a_date_before_any_registry_is_one_error_line(capsys, data):
    run(capsys, "--data-dir", data, "registry", "import", str(SAMPLE))
    code, out, err = run(capsys, "--data-dir", data, "registry", "history", "--at", "2020-01-01")
    assert code == 1 and out == ""
    assert err.startswith("switchboard: no registry existed at 2020-01-01T00:00:00+00:00") and len(err.splitlines()) == 1


@pytest.mark.parametrize("at", ["yesterday", "2026-13-01", ""])
def test_history_refuses_an_unreadable_date_as_a_usage_error(capsys, data, at):
    err = _usage_error(capsys, "--data-dir", data, "registry", "history", "--at", at)
    assert "argument --at: expected a date and time such as 2026-11-02T14:00" in err and repr(at) in err
    assert not Path(data).exists()


def test_suggestions_refuses_to_accept_and_dismiss_the_same_one_as_a_usage_error(capsys, data):
    run(capsys, "--data-dir", data, "registry", "import", str(SAMPLE))
    err = _usage_error(capsys, "--data-dir", data, "registry", "suggestions", "--accept", "S1", "--dismiss", "S1")
    assert err.splitlines()[-1] == ("switchboard registry suggestions: error: --accept and --dismiss both name S1: "
                                    "a suggestion is either accepted or dismissed")


@pytest.mark.parametrize("actor", ["", "   "])
def test_a_blank_as_user_is_recorded_as_cli(capsys, data, actor):
    assert run(capsys, "--data-dir", data, "registry", "import", str(SAMPLE), "--as", actor)[0] == 0
    _, out, _ = run(capsys, "--data-dir", data, "registry", "history")
    assert "r1" in out and " cli via file" in out


@pytest.mark.parametrize("argv", [("demo", "--data-dir", "somewhere"), ("--data-dir", "somewhere", "demo")])
def test_demo_refuses_a_data_dir_before_or_after_the_command_and_console_says_what_its_data_dir_does(capsys, argv):
    err = _usage_error(capsys, *argv)
    assert err.splitlines()[-1] == ("switchboard demo: error: the demo always runs in a throw-away data folder and "
                                    "takes no --data-dir; to work in a folder of your own, use "
                                    "`switchboard console --data-dir DIR`")
    assert not Path("somewhere").exists()
    with pytest.raises(SystemExit):
        main(["demo", "--help"])
    demo_help = " ".join(capsys.readouterr().out.split())
    assert "always runs in a throw-away data folder" in demo_help
    assert "--data-dir, before or after the command, is refused, and SWITCHBOARD_DATA_DIR is not read" in demo_help
    with pytest.raises(SystemExit):
        main(["console", "--help"])
    console_help = " ".join(capsys.readouterr().out.split())
    assert "instead of a throw-away one" in console_help and "SWITCHBOARD_DATA_DIR is not read" in console_help
    assert "default ./data" not in console_help


def test_version_prints_the_package_version(capsys):
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"switchboard {version('switchboard')}\n"


def test_a_missing_bot_token_names_the_real_readme_section():
    from bot.config import ConfigError, load_settings

    with pytest.raises(ConfigError) as raised:
        load_settings({})
    assert "(see README, 'Install in a Slack workspace')" in str(raised.value)
    headings = [line[3:] for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
                if line.startswith("## ")]
    assert "Install in a Slack workspace" in headings


def test_history_refuses_a_limit_with_a_date_as_a_usage_error(capsys, data):
    err = _usage_error(capsys, "--data-dir", data, "registry", "history", "--at", "2030-01-01T00:00", "--limit", "3")
    assert "argument --limit: not allowed with argument --at" in err
    assert not Path(data).exists()


def test_export_of_an_empty_folder_names_the_way_out_it_has(capsys, tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    code, out, err = run(capsys, "--data-dir", str(folder), "registry", "export")
    assert code == 1 and out == ""
    assert "import one with `switchboard registry import FILE`" in err and "--registry" not in err
    code, _, err = run(capsys, "--data-dir", str(folder), "registry", "show")
    assert code == 1 and "or pass --registry FILE" in err  # show takes one


def test_run_help_says_what_run_does(capsys):
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    assert "Run the Slack bot: Socket Mode when SLACK_APP_TOKEN is set" in " ".join(capsys.readouterr().out.split())


# --- a new user's findings: usage of the command, words without quotes, lock hints, history names ---

@pytest.mark.parametrize(
    ("argv", "usage", "unknown"),
    [
        (("registry", "import", "f.yaml", "--bogus"), "switchboard registry import", "--bogus"),
        (("registry", "history", "--limit", "3", "extra"), "switchboard registry history", "extra"),
        (("escalations", "list", "--bogus"), "switchboard escalations list", "--bogus"),
        (("who", "journaliste", "--bogus"), "switchboard who", "--bogus"),
        (("registry", "--bogus", "show"), "switchboard registry", "--bogus"),
        (("--bogus", "registry", "show"), "switchboard", "--bogus"),  # given to no command
    ],
)
def test_unrecognized_arguments_are_reported_with_the_usage_of_the_command_they_were_given_to(
        capsys, tmp_path, argv, usage, unknown):
    data = tmp_path / "data"
    err = _usage_error(capsys, "--data-dir", str(data), *argv)
    assert err.startswith(f"usage: {usage} [-h]")
    assert err.splitlines()[-1] == f"{usage}: error: unrecognized arguments: {unknown}"
    assert not data.exists()


def test_who_and_route_take_several_words_without_quotes(capsys, monkeypatch):
    quoted = json.loads(run(capsys, "who", "un journaliste du Monde", "--json", "--registry", str(SAMPLE))[1])
    for argv in (("un", "journaliste", "du", "Monde"), ("un", "journaliste", "--json", "du", "Monde")):
        code, out, err = run(capsys, "who", *argv, "--json", "--registry", str(SAMPLE))
        assert code == 0 and err == "" and json.loads(out) == quoted
    code, out, _ = run(capsys, "who", "journaliste", "presse", "--registry", str(SAMPLE))
    assert code == 0 and out == run(capsys, "who", "journaliste presse", "--registry", str(SAMPLE))[1]
    code, out, _ = run(capsys, "route", "--json", "un", "journaliste", "--registry", str(SAMPLE))
    expected = run(capsys, "route", "--json", "un journaliste", "--registry", str(SAMPLE))[1]
    assert code == 0 and out == expected and json.loads(out)["department"] == "press"
    code, out, _ = run(capsys, "route", "--json", "--registry", str(SAMPLE), stdin="un journaliste\n",
                       monkeypatch=monkeypatch)
    assert code == 0 and out == expected  # without TEXT, still standard input
    err = _usage_error(capsys, "route", "un", "journaliste", "--batch", "--registry", str(SAMPLE))
    assert err.splitlines()[-1] == ("switchboard route: error: TEXT cannot be given with --batch: "
                                    "--batch reads standard input, one item per line")


@pytest.mark.parametrize("command", ["who", "route"])
def test_who_and_route_help_say_that_several_words_make_one_text(capsys, command):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "several words without quotes are joined by spaces" in " ".join(capsys.readouterr().out.split())


class _Held:
    """Another process holding the data folder, as a running bot does."""

    def __init__(self, folder: str):
        self.folder = folder

    def __enter__(self):
        self.holder = subprocess.Popen(
            [sys.executable, "-c",
             "import sys, time; sys.path.insert(0, sys.argv[2]); from knowledge.store import Store; "
             "s = Store.open(sys.argv[1]); print('locked', flush=True); time.sleep(60)", self.folder, str(ROOT)],
            stdout=subprocess.PIPE, text=True)
        assert self.holder.stdout.readline().strip() == "locked"
        return self

    def __exit__(self, *_exc):
        self.holder.kill()
        self.holder.wait()
        self.holder.stdout.close()


@pytest.mark.parametrize(
    ("argv", "from_slack"),
    [
        (("registry", "import", str(SAMPLE)),
         "send the file to the bot in a direct message (it shows the diff and asks for confirmation)"),
        (("registry", "undo"), "`/registry undo`"),
        (("registry", "suggestions"), "accept or dismiss the suggestions in the bot's App Home"),
    ],
)
def test_a_registry_change_refused_while_the_bot_runs_says_how_to_make_it_from_slack(capsys, data, argv, from_slack):
    run(capsys, "--data-dir", data, "registry", "import", str(SAMPLE))
    with _Held(data):
        code, out, err = run(capsys, "--data-dir", data, *argv)
    assert code == 1
    assert out == ""  # no warnings about the file above a refusal: nothing was imported
    assert err.count("\n") == 1 and "is already used by another Switchboard process" in err
    assert err.endswith(": while the bot runs on it, change the registry from Slack instead, as an admin: "
                        f"{from_slack}\n")


def test_an_import_that_goes_ahead_still_prints_the_warnings_of_the_file(capsys, data):
    code, out, _ = run(capsys, "--data-dir", data, "registry", "import", str(SAMPLE))
    assert code == 0 and out.startswith("warnings (1):") and "single point of failure" in out
    assert "imported" in out


def test_history_names_the_people_the_registry_knows_and_says_cli_once(capsys, data):
    from knowledge.registry_repo import RegistryRepo
    from knowledge.store import Store

    run(capsys, "--data-dir", data, "registry", "import", str(SAMPLE), "--as", "U0ADMIN01")
    changed = Path(data).parent / "changed.yaml"
    changed.write_text(SAMPLE.read_text(encoding="utf-8").replace("owner: U0COMM001", "owner: U0PRESS01", 1),
                       encoding="utf-8")
    run(capsys, "--data-dir", data, "registry", "import", str(changed), "--as", "U0NOBODY")
    with Store.open(data) as store:  # what `/registry undo` records
        RegistryRepo(store).undo(actor="U0CM00003", source="slack")
    run(capsys, "--data-dir", data, "registry", "import", str(changed))
    assert run(capsys, "--data-dir", data, "registry", "undo")[0] == 0
    code, out, _ = run(capsys, "--data-dir", data, "registry", "history")
    heads = [line.split("  ", 2)[2].split(":")[0] for line in out.splitlines() if line.startswith("r")]
    assert code == 0 and heads == [
        "cli",  # not "cli via cli"
        "cli via file",
        "Jade Morel (U0CM00003) via slack",
        "U0NOBODY via file",  # not in the registry: the id alone
        "Léa Fournier (U0ADMIN01) via file",
    ]


# --- registry validate/show/import/export: what a bike-sharing administrator ran into ------------

def test_validate_prints_the_word_warnings_and_the_file_stays_valid(capsys, tmp_path):
    from tests.knowledge.test_registry_word_warnings import BIKES

    path = tmp_path / "bikes.yaml"
    path.write_text(BIKES.replace("  admins: [U0ADMIN01]\n", "  admins: []\n"), encoding="utf-8")
    code, out, _ = run(capsys, "registry", "validate", str(path))
    assert code == 0 and out.startswith("warnings (6):") and "bikes.yaml: valid — 3 departments" in out
    assert "settings.admins: no admin: nobody can change the registry from Slack" in out
    assert "departments[1].topics[0].keywords[0]: keyword 'vae' is, in the built-in thesaurus, a word for " \
           "« Inscription et admission dans l'enseignement »" in out  # as this French registry's routes name it
    assert "settings.synonyms.vae: synonym key 'vae'" in out
    assert "settings.synonyms.assistance électrique[0]: term 'e-bike' reduces to the single word 'bike'" in out


def test_show_takes_a_topic_as_department_slash_topic(capsys):
    code, out, _ = run(capsys, "registry", "show", "legal/privacy", "--registry", str(SAMPLE))
    assert code == 0 and out.startswith("legal/privacy — Données personnelles (RGPD)  (topic of legal — Juridique)\n")
    assert "  owner:    Samia Haddad (U0DPO0001)\n" in out and "  keywords: rgpd, gdpr, données personnelles" in out
    assert "customer_care" not in out and "avocat" not in out  # the topic, not its department
    code, _, err = run(capsys, "registry", "show", "legal/nothing", "--registry", str(SAMPLE))
    assert code == 1 and "unknown topic 'nothing' in department 'legal'; its topics: privacy" in err


def test_show_lists_topic_keywords_synonyms_and_precedence_rules(capsys):
    _, out, _ = run(capsys, "registry", "show", "--registry", str(SAMPLE))
    assert "\nsynonyms: online_order = Click & Collect, retrait en magasin\n" in out
    assert "\nprecedence 1: journaliste, journalist → press\n" in out
    assert "  · topic privacy — Données personnelles (RGPD)\n" in out and "      keywords: rgpd, gdpr," in out
    _, out, _ = run(capsys, "registry", "show", "press", "--registry", str(SAMPLE))
    assert "  precedence 1: journaliste, journalist → press\n" in out  # the rules that prefer it
    _, out, _ = run(capsys, "registry", "show", "legal", "--registry", str(SAMPLE))
    assert "precedence" not in out and "synonyms" not in out


def test_reimporting_an_identical_file_prints_no_warnings_since_nothing_is_imported(capsys, data):
    run(capsys, "--data-dir", data, "registry", "import", str(SAMPLE))
    code, out, err = run(capsys, "--data-dir", data, "registry", "import", str(SAMPLE))
    assert code == 0 and out.startswith("no change:") and "warnings" not in out and err == ""


@pytest.mark.parametrize(("name", "given", "written"), [
    ("registry.json", None, "json"), ("REGISTRY.JSON", None, "json"), ("registry.yml", None, "yaml"),
    ("registry.yaml", None, "yaml"), ("registry.txt", None, "yaml"), ("registry.json", "yaml", "yaml"),
    ("registry.yaml", "json", "json"),
])
def test_export_follows_the_extension_of_the_output_file_unless_format_is_given(capsys, tmp_path, data, name,
                                                                                given, written):
    run(capsys, "--data-dir", data, "registry", "import", str(SAMPLE))
    target = tmp_path / name
    code, _, _ = run(capsys, "--data-dir", data, "registry", "export", "-o", str(target),
                     *(("--format", given) if given else ()))
    text = target.read_text(encoding="utf-8")
    assert code == 0 and text.startswith("{" if written == "json" else "version: 1")
    assert run(capsys, "--data-dir", data, "registry", "import", str(target))[1].startswith("no change")


def test_a_topics_own_owner_is_shown_backed_up_by_the_departments_owner(capsys, tmp_path):
    path = tmp_path / "registry.yaml"
    path.write_text(SAMPLE.read_text(encoding="utf-8").replace("        deputies: [U0LEGAL01]\n", "        deputies: []\n"),
                    encoding="utf-8")
    _, out, _ = run(capsys, "registry", "show", "legal/privacy", "--registry", str(path))
    assert "  deputies: Claire Martin (U0LEGAL01) (the department's owner)\n" in out
    _, out, _ = run(capsys, "who", "une cliente demande la suppression de ses données rgpd", "--registry", str(path))
    assert "deputies:   Claire Martin (U0LEGAL01) (the department's owner)" in out and "single point" not in out
