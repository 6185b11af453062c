"""Registry files: every mistake is named with file, line and field; warnings; export round trip."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.errors import Problem, RegistryInvalid, SwitchboardError
from knowledge.models import Registry
from knowledge.validation import (
    dump_registry,
    load_registry_file,
    parse_registry_text,
    registry_warnings,
    render_report_text,
    responsibility_report,
    validate_data,
)

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "samples" / "registry.yaml"
DEV_REGISTRY = REPO / ".." / "shared" / "data" / "dev-registry.yaml"

# A valid registry; tests replace one line or append to it.
BASE = """\
version: 1
settings:
  triage_department: legal
  admins: [U0ADMIN01]
people:
  U0ADMIN01: {name: Léa Fournier}
  U0LEGAL01: {name: Claire Martin}
  U0LEGAL02: {name: Marc Dubois}
  U0DPO0001: {name: Samia Haddad}
departments:
  - id: legal
    name: Juridique
    owner: U0LEGAL01
    deputies: [U0LEGAL02]
    head: U0ADMIN01
    keywords: [avocat]
    topics:
      - id: privacy
        name: Données personnelles
        owner: U0DPO0001
        deputies: [U0LEGAL01]
"""


def write(tmp_path: Path, text: str, name: str = "registry.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, snippet: str, nth: int = 1) -> int:
    """1-based number of the nth line that contains ``snippet``."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if snippet in line]
    return hits[nth - 1]


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(RegistryInvalid) as info:
        load_registry_file(path)
    return info.value.problems


def only_problem(path: Path) -> Problem:
    problems = problems_of(path)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_base_registry_is_valid_and_has_no_warnings(tmp_path):
    loaded = load_registry_file(write(tmp_path, BASE))
    assert [d.id for d in loaded.registry.departments] == ["legal"]
    assert loaded.warnings == []


# --- one test per error ------------------------------------------------------------------------

def test_unknown_field_names_file_line_and_path(tmp_path):
    text = BASE.replace("    head: U0ADMIN01\n", "    head: U0ADMIN01\n    deputes: [U0ADMIN01]\n")
    path = write(tmp_path, text)
    problem = only_problem(path)
    assert str(problem) == (
        f"{path}:{line_of(text, 'deputes')}: departments[0].deputes: unknown field (did you mean 'deputies'?)"
    )
    assert line_of(text, "deputes") == 16


def test_unknown_field_with_a_block_value_points_at_the_key(tmp_path):
    text = BASE.replace("    head: U0ADMIN01\n", "    head: U0ADMIN01\n    deputes:\n      - U0ADMIN01\n")
    problem = only_problem(write(tmp_path, text))
    assert (problem.path, problem.line) == ("departments[0].deputes", line_of(text, "deputes:"))


def test_missing_field_points_at_the_parent_key(tmp_path):
    text = BASE.replace("  triage_department: legal\n", "")
    problem = only_problem(write(tmp_path, text))
    assert (problem.path, problem.line) == ("settings.triage_department", line_of(text, "settings:"))
    assert problem.message.startswith("missing")


def test_wrong_type_expected_a_list(tmp_path):
    text = BASE.replace("deputies: [U0LEGAL02]", "deputies: U0LEGAL02")
    path = write(tmp_path, text)
    problem = only_problem(path)
    assert problem.line == line_of(text, "deputies: U0LEGAL02")
    assert problem.path == "departments[0].deputies"
    assert "expected a list" in problem.message


def test_yaml_boolean_where_text_is_expected_is_explained(tmp_path):
    text = BASE.replace("keywords: [avocat]", "keywords: [avocat, no]")
    problem = only_problem(write(tmp_path, text))
    assert problem.path == "departments[0].keywords[1]"
    assert problem.line == line_of(text, "keywords:")
    assert "expected text" in problem.message and "quotes" in problem.message


def test_bad_user_id(tmp_path):
    text = BASE.replace("owner: U0LEGAL01", "owner: u12")
    path = write(tmp_path, text)
    problem = only_problem(path)
    assert str(problem) == (
        f"{path}:{line_of(text, 'owner: u12')}: departments[0].owner: "
        "bad user id 'u12': expected U… or W… followed by at least two upper-case letters or digits"
    )


def test_bad_user_id_as_people_key_points_at_the_key(tmp_path):
    text = BASE.replace("  U0DPO0001: {name: Samia Haddad}\n", "  U0DPO0001: {name: Samia Haddad}\n  u7: {name: X}\n")
    problem = only_problem(write(tmp_path, text))
    assert (problem.path, problem.line) == ("people.u7", line_of(text, "u7:"))
    assert problem.message.startswith("bad user id 'u7'")


def test_bad_department_id(tmp_path):
    text = BASE.replace("triage_department: legal", "triage_department: Legal")
    text = text.replace("- id: legal", "- id: Legal")
    problems = problems_of(write(tmp_path, text))
    assert [(p.path, p.line) for p in problems] == [
        ("settings.triage_department", line_of(text, "triage_department")),
        ("departments[0].id", line_of(text, "- id: Legal")),
    ]
    assert all("bad id 'Legal': expected lower-case letters, digits, _ or -" in p.message for p in problems)


def test_bad_duration(tmp_path):
    timeouts = "    ack_timeouts:\n      critical: 15 minutes\n"
    text = BASE.replace("    head: U0ADMIN01\n", "    head: U0ADMIN01\n" + timeouts)
    problem = only_problem(write(tmp_path, text))
    assert (problem.path, problem.line) == ("departments[0].ack_timeouts.critical", line_of(text, "15 minutes"))
    assert "bad duration '15 minutes': expected a positive whole number followed by s, m, h or d" in problem.message


def test_duplicate_department_id_names_the_first(tmp_path):
    text = BASE + "  - id: legal\n    name: Encore\n    owner: U0LEGAL02\n    deputies: [U0LEGAL01]\n"
    path = write(tmp_path, text)
    problem = only_problem(path)
    first, second = line_of(text, "- id: legal"), line_of(text, "- id: legal", nth=2)
    assert str(problem) == (
        f"{path}:{second}: departments[1].id: duplicate department id 'legal' (first at line {first})"
    )


def test_duplicate_topic_id_inside_a_department(tmp_path):
    text = BASE + "      - id: privacy\n        name: Encore\n"
    problem = only_problem(write(tmp_path, text))
    assert problem.path == "departments[0].topics[1].id"
    assert problem.line == line_of(text, "- id: privacy", nth=2)
    assert f"duplicate topic id 'privacy' in department 'legal' (first at line {line_of(text, '- id: privacy')})" \
        in problem.message


def test_same_topic_id_in_two_departments_is_fine(tmp_path):
    text = BASE + (
        "  - id: care\n    name: Service client\n    owner: U0LEGAL02\n    deputies: [U0LEGAL01]\n"
        "    topics:\n      - {id: privacy, name: Données clients}\n"
    )
    loaded = load_registry_file(write(tmp_path, text))
    assert [t.id for d in loaded.registry.departments for t in d.topics] == ["privacy", "privacy"]


def test_missing_owner_points_at_the_department(tmp_path):
    text = BASE.replace("    owner: U0LEGAL01\n", "")
    path = write(tmp_path, text)
    problem = only_problem(path)
    assert str(problem) == (
        f"{path}:{line_of(text, '- id: legal')}: departments[0].owner: missing: every department needs an owner"
    )


def test_triage_department_that_does_not_exist(tmp_path):
    text = BASE.replace("triage_department: legal", "triage_department: community")
    problem = only_problem(write(tmp_path, text))
    assert (problem.path, problem.line) == ("settings.triage_department", 3)
    assert "triage department 'community' does not exist" in problem.message


@pytest.mark.parametrize(("old", "new", "path"), [
    ("admins: [U0ADMIN01]", "admins: [U0ADMIN01, U0GHOST01]", "settings.admins[1]"),
    ("owner: U0LEGAL01", "owner: U0GHOST01", "departments[0].owner"),
    ("deputies: [U0LEGAL02]", "deputies: [U0GHOST01]", "departments[0].deputies[0]"),
    ("head: U0ADMIN01", "head: U0GHOST01", "departments[0].head"),
    ("owner: U0DPO0001", "owner: U0GHOST01", "departments[0].topics[0].owner"),
    ("deputies: [U0LEGAL01]", "deputies: [U0GHOST01]", "departments[0].topics[0].deputies[0]"),
])
def test_person_not_in_people(tmp_path, old, new, path):
    text = BASE.replace(old, new)
    problem = only_problem(write(tmp_path, text))
    assert (problem.path, problem.line) == (path, line_of(text, new))
    assert problem.message == "person U0GHOST01 is not in people"


def test_people_are_not_checked_when_the_directory_is_empty(tmp_path):
    start, end = BASE.index("people:"), BASE.index("departments:")
    text = (BASE[:start] + BASE[end:]).replace("owner: U0LEGAL01", "owner: U0GHOST01")
    loaded = load_registry_file(write(tmp_path, text))
    assert loaded.registry.departments[0].owner == "U0GHOST01"


def test_key_written_twice_in_one_mapping(tmp_path):
    text = BASE.replace("    owner: U0LEGAL01\n", "    owner: U0LEGAL01\n    owner: U0LEGAL02\n")
    problem = only_problem(write(tmp_path, text))
    assert (problem.path, problem.line) == ("departments[0].owner", line_of(text, "owner: U0LEGAL02"))
    assert problem.message == f"duplicate key 'owner' (first at line {line_of(text, 'owner: U0LEGAL01')})"


@pytest.mark.parametrize("key", ["''", '"  "', "~"])
def test_an_empty_synonym_key_is_reported_on_its_own_line(tmp_path, key):
    text = BASE.replace("  admins: [U0ADMIN01]\n",
                        f"  admins: [U0ADMIN01]\n  synonyms:\n    DAB: [automate]\n    {key}: [rien]\n")
    problem = only_problem(write(tmp_path, text))
    assert (problem.line, problem.path, problem.message) == (
        line_of(text, f"{key}: [rien]"), "settings.synonyms", "a key must not be empty")


def test_all_errors_are_reported_at_once_in_line_order(tmp_path):
    text = (
        BASE.replace("triage_department: legal", "triage_department: nowhere")
        .replace("owner: U0LEGAL01", "owner: u12")
        .replace("    head: U0ADMIN01\n", "    head: U0ADMIN01\n    deputes: []\n")
        .replace("owner: U0DPO0001", "owner: U0GHOST01")
    )
    problems = problems_of(write(tmp_path, text))
    assert [(p.line, p.path) for p in problems] == [
        (line_of(text, "triage_department"), "settings.triage_department"),
        (line_of(text, "owner: u12"), "departments[0].owner"),
        (line_of(text, "deputes"), "departments[0].deputes"),
        (line_of(text, "U0GHOST01"), "departments[0].topics[0].owner"),
    ]


# --- whole-file errors -------------------------------------------------------------------------

def test_yaml_syntax_error_gives_file_and_line(tmp_path):
    text = BASE.replace("    name: Juridique\n", "    name: Juridique\n    keywords avocat\n")
    path = write(tmp_path, text)
    problem = only_problem(path)
    typo = line_of(text, "keywords avocat")
    assert str(problem).startswith(f"{path}:{problem.line}: YAML syntax error: a 'key: value' line is missing its ':'")
    assert problem.line in (typo, typo + 1) and f"line {typo}" in problem.message


def test_a_value_that_yaml_reads_as_a_comment_is_named_not_silently_empty(tmp_path):
    # "channel: #legal" once loaded as a department without a channel, and nothing said so
    text = BASE.replace("    head: U0ADMIN01\n", "    head: U0ADMIN01\n    channel: #legal   # its room\n")
    loaded = parse_registry_text(text, "registry.yaml")
    assert loaded.registry.departments[0].channel is None  # a warning: what loaded before still loads
    warning = next(w for w in loaded.warnings if "read as a comment" in w.message)
    assert warning.line == line_of(text, "channel: #legal") and warning.path == "departments[0].channel"
    assert "'#legal' is read as a comment" in warning.message
    assert "write the id instead (a channel's is C…" in warning.message and "quotes" not in warning.message
    # a comment after a value or on its own line, a '#' inside a block of text or in quotes: no warning
    fine = BASE.replace("    head: U0ADMIN01\n",
                        "    head: U0ADMIN01   # the director\n    # channel: none yet\n"
                        "    description: |\n      Urgent: #legal on Slack\n      channel: #legal too\n"
                        "    examples: [\"#procès en cours\"]\n")
    assert not [w for w in parse_registry_text(fine, "fine.yaml").warnings if "comment" in w.message]


def test_an_empty_required_value_written_after_a_hash_is_explained_beside_the_error(tmp_path):
    text = BASE.replace("    owner: U0LEGAL01\n", "    owner: #U0LEGAL01\n")
    with pytest.raises(RegistryInvalid) as caught:
        parse_registry_text(text, "registry.yaml")
    messages = [p.message for p in caught.value.problems if p.path == "departments[0].owner"]
    # one error, saying what is wrong and why
    assert len(messages) == 1 and "'#U0LEGAL01' is read as a comment" in messages[0] and "without '#'" in messages[0], messages


def test_an_optional_value_written_after_a_hash_stays_a_warning_beside_other_errors(tmp_path):
    # an invalid file lists "channel: #legal" among its warnings, not as one more error
    text = BASE.replace("    head: U0ADMIN01\n", "    head: U0ADMIN01\n    channel: #legal\n").replace(
        "    owner: U0LEGAL01\n", "    owner: u0legal01\n")
    with pytest.raises(RegistryInvalid) as caught:
        parse_registry_text(text, "registry.yaml")
    assert [p.path for p in caught.value.problems] == ["departments[0].owner"]
    assert [w.path for w in caught.value.warnings] == ["departments[0].channel"]


def test_a_registry_written_by_the_bot_with_a_hash_in_its_text_loads_back(tmp_path):
    loaded = parse_registry_text(BASE, "base.yaml")
    data = loaded.registry.to_data()
    data["departments"][0]["description"] = "Contrats et litiges.\nSlack: #legal for urgent matters"
    text = dump_registry(Registry.model_validate(data))
    again = parse_registry_text(text, "dumped.yaml")
    assert again.registry.departments[0].description.endswith("#legal for urgent matters")
    assert not [w for w in again.warnings if "comment" in w.message]


def test_bad_indentation_is_explained(tmp_path):
    text = BASE.replace("    name: Juridique\n", "    name: Juridique\n  keywords: [avocat]\n")
    problem = only_problem(write(tmp_path, text))
    assert problem.line == line_of(text, "  keywords: [avocat]")
    assert "not indented like the lines above" in problem.message


def test_tab_indentation_is_explained(tmp_path):
    text = BASE.replace("    name: Juridique", "\tname: Juridique")
    problem = only_problem(write(tmp_path, text))
    assert problem.line == line_of(text, "\tname")
    assert "tabs" in problem.message


def test_empty_file(tmp_path):
    for text in ("", "# only a comment\n"):
        path = write(tmp_path, text)
        problem = only_problem(path)
        assert str(problem) == f"{path}: the registry is empty: expected version, settings and departments"


def test_top_level_must_be_a_mapping(tmp_path):
    problem = only_problem(write(tmp_path, "- legal\n- press\n"))
    assert problem.line == 1
    assert "top level must be a mapping" in problem.message and "found a list" in problem.message


def test_missing_version(tmp_path):
    text = BASE.replace("version: 1\n", "")
    problem = only_problem(write(tmp_path, text))
    assert problem.path == "version"
    assert "version: 1" in problem.message


@pytest.mark.parametrize("version", ["2", "'1'", "true"])
def test_unsupported_version_is_the_only_error(tmp_path, version):
    text = BASE.replace("version: 1", f"version: {version}").replace("owner: U0LEGAL01", "owner: u12")
    problem = only_problem(write(tmp_path, text))
    assert (problem.path, problem.line) == ("version", 1)
    assert "unsupported registry version" in problem.message


def test_file_that_is_not_utf8_text_is_named(tmp_path):
    path = tmp_path / "registry.yaml"
    path.write_bytes(b"version: 1\nname: Juridique \xe9t\xe9\n")
    with pytest.raises(SwitchboardError) as info:
        load_registry_file(path)
    assert str(path) in str(info.value) and "UTF-8" in str(info.value)


def test_unreadable_file_is_named(tmp_path):
    missing = tmp_path / "nope.yaml"
    with pytest.raises(SwitchboardError) as info:
        load_registry_file(missing)
    assert not isinstance(info.value, RegistryInvalid)
    assert str(missing) in str(info.value)


# --- JSON --------------------------------------------------------------------------------------

def _base_json(indent: str = "  ") -> tuple[dict, str]:
    data = parse_registry_text(BASE, "base.yaml").registry.to_data()
    return data, json.dumps(data, indent=indent, ensure_ascii=False)


def test_json_input_loads_like_yaml(tmp_path):
    _, text = _base_json()
    loaded = load_registry_file(write(tmp_path, text, "registry.json"))
    assert loaded.registry == parse_registry_text(BASE, "base.yaml").registry


def test_json_errors_have_lines_even_with_tab_indentation(tmp_path):
    data, _ = _base_json()
    data["departments"][0]["deputes"] = []
    text = json.dumps(data, indent="\t")
    path = write(tmp_path, text, "registry.json")
    problem = only_problem(path)
    assert str(problem).startswith(f"{path}:{line_of(text, 'deputes')}: departments[0].deputes: unknown field")


def test_json_with_escaped_emoji_loads(tmp_path):
    data, _ = _base_json()
    data["departments"][0]["keywords"].append("🔥")
    path = write(tmp_path, json.dumps(data, indent=2), "registry.json")  # ASCII only: "\ud83d\udd25"
    assert load_registry_file(path).registry.departments[0].keywords == ["avocat", "🔥"]


def test_json_syntax_error(tmp_path):
    _, text = _base_json()
    text = text.replace('"name": "Juridique",', '"name": "Juridique"')
    path = write(tmp_path, text, "registry.json")
    problem = only_problem(path)
    assert problem.message.startswith("JSON syntax error")
    assert problem.line == line_of(text, '"name": "Juridique"') + 1


# --- in-memory changes ---------------------------------------------------------------------------

def test_validate_data_runs_the_same_checks_without_lines():
    data = parse_registry_text(BASE, "base.yaml").registry.to_data()
    data["departments"].append(dict(data["departments"][0]))
    data["departments"][0]["deputies"] = ["U0GHOST01"]
    with pytest.raises(RegistryInvalid) as info:
        validate_data(data)
    assert [str(p) for p in info.value.problems] == [
        "registry: departments[1].id: duplicate department id 'legal' (first at departments[0].id)",
        "registry: departments[0].deputies[0]: person U0GHOST01 is not in people",
    ]


def test_validate_data_returns_warnings():
    data = parse_registry_text(BASE, "base.yaml").registry.to_data()
    data["departments"][0]["deputies"] = []
    loaded = validate_data(data, source="slack")
    assert [str(w) for w in loaded.warnings] == [
        "slack: departments[0]: department 'legal' has no deputy: if U0LEGAL01 (Claire Martin) does not answer, "
        "escalations go straight to the head (single point of failure)"
    ]


# --- warnings ----------------------------------------------------------------------------------

def test_department_without_deputy_warns_but_loads(tmp_path):
    text = BASE.replace("    deputies: [U0LEGAL02]\n", "")
    path = write(tmp_path, text)
    loaded = load_registry_file(path)
    assert [(w.source, w.line, w.path) for w in loaded.warnings] == [
        (str(path), line_of(text, "- id: legal"), "departments[0]")
    ]
    assert "single point of failure" in loaded.warnings[0].message


def test_a_topic_without_deputies_is_backed_up_by_its_departments_owner(tmp_path):
    text = BASE.replace("deputies: [U0LEGAL01]", "deputies: []")
    assert load_registry_file(write(tmp_path, text)).warnings == []  # Claire Martin steps in for Samia Haddad


def test_topic_with_empty_deputies_held_by_the_departments_owner_warns(tmp_path):
    text = BASE.replace("deputies: [U0LEGAL01]", "deputies: []").replace("owner: U0DPO0001", "owner: U0LEGAL01")
    loaded = load_registry_file(write(tmp_path, text))
    assert [(w.line, w.path) for w in loaded.warnings] == [(line_of(text, "- id: privacy"), "departments[0].topics[0]")]
    assert "topic 'legal/privacy' has no deputy" in loaded.warnings[0].message
    assert "straight to the head" in loaded.warnings[0].message


def test_without_deputy_nor_head_the_warning_says_triage_comes_next(tmp_path):
    text = BASE.replace("    deputies: [U0LEGAL02]\n", "").replace("    head: U0ADMIN01\n", "")
    messages = [w.message for w in load_registry_file(write(tmp_path, text)).warnings]
    assert any("department 'legal' has no deputy" in m and "straight to triage (the department has no head)" in m
               for m in messages), messages


def test_owner_who_is_their_own_deputy_warns(tmp_path):
    text = BASE.replace("deputies: [U0LEGAL02]", "deputies: [U0LEGAL02, U0LEGAL01]")
    loaded = load_registry_file(write(tmp_path, text))
    assert [(w.line, w.path) for w in loaded.warnings] == [
        (line_of(text, "U0LEGAL02, U0LEGAL01"), "departments[0].deputies[1]")
    ]
    assert "U0LEGAL01 (Claire Martin) is both owner and deputy of department 'legal'" in loaded.warnings[0].message


def test_owner_only_deputy_of_themselves_also_has_no_deputy(tmp_path):
    text = BASE.replace("deputies: [U0LEGAL02]", "deputies: [U0LEGAL01]")
    messages = [w.message for w in load_registry_file(write(tmp_path, text)).warnings]
    assert len(messages) == 2
    assert "both owner and deputy" in messages[0] and "has no deputy" in messages[1]


def _many_departments(count: int) -> str:
    extra = "".join(
        f"  - id: d{i}\n    name: D{i}\n    owner: U0LEGAL01\n    deputies: [U0LEGAL02]\n" for i in range(count)
    )
    return BASE + extra


def test_owner_of_more_than_three_things_warns(tmp_path):
    text = _many_departments(3)  # legal + d0, d1, d2 = four departments
    loaded = load_registry_file(write(tmp_path, text))
    assert [(w.line, w.path) for w in loaded.warnings] == [(line_of(text, "U0LEGAL01:"), "people.U0LEGAL01")]
    assert "U0LEGAL01 (Claire Martin) owns 4 departments or topics (legal, d0, d1, d2)" in loaded.warnings[0].message
    assert "too much rests on one person" in loaded.warnings[0].message


def test_owner_of_exactly_three_things_is_fine(tmp_path):
    assert load_registry_file(write(tmp_path, _many_departments(2))).warnings == []


def test_sample_registry_warns_only_about_the_crisis_cell():
    loaded = load_registry_file(SAMPLE)
    assert [(w.path, w.line) for w in loaded.warnings] == [
        ("departments[8]", line_of(SAMPLE.read_text(encoding="utf-8"), "- id: crisis"))
    ]
    assert registry_warnings(loaded.registry) == [
        Problem("departments[8]", loaded.warnings[0].message, None, "registry")
    ]


# --- export ------------------------------------------------------------------------------------

def _registries() -> list[Path]:
    return [SAMPLE, DEV_REGISTRY]


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("path", _registries(), ids=["sample", "dev"])
def test_dump_then_load_gives_an_equal_registry(path, fmt):
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared dev data set lives beside the repo)")
    registry = load_registry_file(path).registry
    text = dump_registry(registry, fmt)
    again = parse_registry_text(text, f"export.{fmt}").registry
    assert again == registry
    assert dump_registry(again, fmt) == text


def test_yaml_dump_is_readable_and_adds_no_unwritten_defaults():
    registry = load_registry_file(SAMPLE).registry
    text = dump_registry(registry)
    top_keys = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith((" ", "#"))]
    assert top_keys == ["version", "settings", "people", "departments"]
    assert "Léa Fournier" in text  # unicode kept, not escaped
    assert "reminder_after" not in text and "topics: []" not in text
    assert "    deputies: [U0CM00002, U0CM00003]\n" in text


def test_dump_of_a_changed_registry_keeps_the_change():
    registry = load_registry_file(SAMPLE).registry
    crisis = registry.department("crisis")
    crisis.deputies.append("U0OPS0001")  # mutated in place: not recorded as "set" by pydantic
    again = parse_registry_text(dump_registry(registry), "export.yaml").registry
    assert again.department("crisis").deputies == ["U0OPS0001"]


def test_multi_line_text_survives_the_round_trip():
    registry = load_registry_file(SAMPLE).registry
    registry.departments[0].description = "First line.\n\n- id: not a department\nLast line."
    again = parse_registry_text(dump_registry(registry), "export.yaml").registry
    assert again == registry


def test_unknown_export_format():
    with pytest.raises(SwitchboardError, match="toml"):
        dump_registry(load_registry_file(SAMPLE).registry, "toml")


# --- responsibility report ------------------------------------------------------------------------

def test_report_counts_on_the_sample():
    registry = load_registry_file(SAMPLE).registry
    report = responsibility_report(registry)
    assert (report.department_count, report.topic_count) == (9, 2)
    assert [c.label for c in report.without_deputy] == ["crisis"]
    assert report.over_limit == ()
    ceo = report.person("U0CEO0001")
    assert (ceo.owner_count, ceo.deputy_count, ceo.head_count) == (1, 0, 5)
    assert ceo.owns == ("crisis",)
    care2 = report.person("U0CARE002")
    assert (care2.owner_count, care2.deputy_count, care2.head_count) == (0, 2, 0)
    assert care2.deputises == ("customer_care", "customer_care/delivery")
    claire = report.person("U0LEGAL01")
    assert (claire.owns, claire.deputises) == (("legal",), ("legal/privacy",))
    assert report.person("U0OPS0001").head_count == 3
    assert report.person("U0ADMIN01").admin
    assert report.not_in_people == () and report.unassigned == ()
    assert sum(p.owner_count for p in report.people) == 11  # 9 departments + 2 topics with their own owner


def test_report_lists_overloaded_and_missing_people(tmp_path):
    data = load_registry_file(write(tmp_path, _many_departments(3))).registry.to_data()
    data["people"]["U0IDLE001"] = {"name": "Idle"}
    data["departments"][0]["head"] = "U0BOSS001"
    registry = Registry.model_validate(data)  # models alone do not check the directory
    report = responsibility_report(registry)
    assert [(p.user_id, p.owner_count) for p in report.over_limit] == [("U0LEGAL01", 4)]
    assert report.not_in_people == ("U0BOSS001",)
    assert report.unassigned == ("U0IDLE001",)  # U0ADMIN01 holds nothing but is an admin
    text = render_report_text(report, registry)
    assert "U0LEGAL01 (Claire Martin): owns 4 (legal, d0, d1, d2)" in text
    assert "U0BOSS001" in text.split("Referenced but missing from people:")[1]
    assert "Idle (U0IDLE001)" in text.split("In people but responsible for nothing:")[1]


def test_report_text_on_the_sample():
    registry = load_registry_file(SAMPLE).registry
    text = render_report_text(responsibility_report(registry), registry)
    assert "9 departments, 2 topics, 21 people" in text
    assert "department crisis: only Hélène Marchand (U0CEO0001)" in text
    ceo_row = next(line for line in text.splitlines() if line.strip().startswith("U0CEO0001"))
    assert ceo_row.split()[-4:] == ["1", "0", "5", "crisis"]


def test_a_yaml_list_item_holding_quotes_is_warned_about_with_the_way_to_write_it(tmp_path):
    # a warning, not an error: a registry stored with such a keyword stays changeable
    text = BASE.replace("keywords: [avocat]", 'keywords: [avocat "mise en demeure", plainte]')
    loaded = load_registry_file(write(tmp_path, text))
    [warning] = [w for w in loaded.warnings if "quotation marks" in w.message]
    assert warning.path == "departments[0].keywords[0]" and warning.line == line_of(text, "keywords:")
    assert "in YAML, write each phrase as an item of its own" in warning.message


def test_a_malformed_department_id_in_a_rule_is_reported_once(tmp_path):
    text = BASE.replace("  admins: [U0ADMIN01]\n", "  admins: [U0ADMIN01]\n  precedence:\n    - when: [cnil]\n      prefer: DPO\n")
    with pytest.raises(RegistryInvalid) as info:
        load_registry_file(write(tmp_path, text))
    messages = [str(p) for p in info.value.problems]
    assert len(messages) == 1 and "bad id 'DPO'" in messages[0], messages


def test_a_keyword_the_engine_reads_nothing_of_is_warned_about(tmp_path):
    text = BASE.replace("keywords: [avocat]", 'keywords: [avocat, comment, 4G]')
    loaded = load_registry_file(write(tmp_path, text))
    warnings = {w.path: w.message for w in loaded.warnings if "never matches" in w.message}
    assert set(warnings) == {"departments[0].keywords[1]", "departments[0].keywords[2]"}, loaded.warnings
    assert "keyword 'comment' of 'legal' never matches" in warnings["departments[0].keywords[1]"]


def test_a_keyword_whose_meaning_is_in_a_skipped_word_is_warned_about(tmp_path):
    text = BASE.replace("keywords: [avocat]", 'keywords: [avocat, "servers down"]')
    loaded = load_registry_file(write(tmp_path, text))
    [warning] = [w for w in loaded.warnings if "skips" in w.message]
    assert warning.path == "departments[0].keywords[1]"
    assert "keyword 'servers down' of 'legal' is read as 'servers': the engine skips 'down'" in warning.message
