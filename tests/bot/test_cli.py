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


def test_import_export_round_trip_and_audit_trail(capsys, tmp_path, data):
    code, out, _ = run(capsys, "--data-dir", data, "registry", "import", str(SAMPLE), "--as", "U0ADMIN01")
    assert code == 0 and "revision 1" in out
    exported = tmp_path / "export.yaml"
    assert run(capsys, "--data-dir", data, "registry", "export", "-o", str(exported))[0] == 0
    assert yaml.safe_load(exported.read_text()) == yaml.safe_load(
        subprocess.run([sys.executable, "-m", "bot", "--data-dir", data, "registry", "export"], cwd=ROOT,
                       capture_output=True, text=True, check=True).stdout)
    # importing the export gives the same registry: nothing to change
    code, _, err = run(capsys, "--data-dir", data, "registry", "import", str(exported))
    assert code == 1 and "no change" in err
    code, out, _ = run(capsys, "--data-dir", data, "registry", "export", "--format", "json")
    assert json.loads(out)["settings"]["triage_department"] == "community"
    code, out, _ = run(capsys, "--data-dir", data, "registry", "history")
    assert "r1" in out and "U0ADMIN01 via file" in out


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
    _, out, _ = run(capsys, "--data-dir", data, "registry", "history", "--at", "2000-01-01T00:00")
    assert "no registry existed" in out


def test_show_names_an_unknown_department(capsys, data):
    run(capsys, "--data-dir", data, "registry", "import", str(SAMPLE))
    code, _, err = run(capsys, "--data-dir", data, "registry", "show", "marketing")
    assert code == 1 and "unknown department 'marketing'" in err and "press" in err


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
