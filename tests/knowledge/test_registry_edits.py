"""Registry edits from Slack: `/registry …` text to commands, each edit and each refusal, the department form."""
from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from knowledge.department_form import DepartmentForm, EditDepartment, check_department_form
from knowledge.edit_errors import BadCommand, EditRefused, FieldErrors, UnknownTarget
from knowledge.errors import Conflict, NotFound
from knowledge.models import Registry
from knowledge.registry_commands import (
    Export,
    Help,
    History,
    Show,
    Undo,
    is_registry_file,
    parse_command,
)
from knowledge.registry_edits import (
    AddDepartment,
    AddDeputy,
    AddKeyword,
    PersonRef,
    RemoveDepartment,
    RemoveDeputy,
    RemoveKeyword,
    SetChannel,
    SetHead,
    SetOwner,
    Target,
    apply_edit,
)
from knowledge.registry_diff import diff_registries
from knowledge.registry_findings import change_findings
from knowledge.registry_repo import RegistryRepo
from knowledge.store import Store
from knowledge.validation import load_registry_file, validate_data

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "registry.yaml"
ADMIN = "U0ADMIN01"


@pytest.fixture(scope="module")
def sample() -> Registry:
    return load_registry_file(SAMPLE).registry


@pytest.fixture
def data(sample) -> dict:
    return sample.to_data()


def applied(data: dict, command: str, **kwargs) -> Registry:
    """Parse and apply ``command`` as the admin; the registry it gives, validated as a whole."""
    apply_edit(data, parse_command(command), actor=ADMIN, **kwargs)
    return validate_data(data).registry


def refused(data: dict, command: str, code: str, **kwargs):
    """The edit is refused with ``code`` and the data is left exactly as it was."""
    before = copy.deepcopy(data)
    with pytest.raises(BadCommand if code in BAD_COMMAND else (EditRefused, UnknownTarget)) as caught:
        apply_edit(data, parse_command(command), actor=ADMIN, **kwargs)
    assert caught.value.code == code
    assert data == before
    return caught.value


BAD_COMMAND = {"keyword_too_long"}


# --- parsing ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("", Help()),
    ("  help ", Help()),
    ("aide", Help()),
    ("show", Show()),
    ("show Legal", Show("legal")),
    ("undo", Undo()),
    ("export", Export()),
    ("history", History()),
    ("history 5", History(limit=5)),
    ("history --at 2026-11-02T14:00", History(at=datetime(2026, 11, 2, 14, 0, tzinfo=UTC))),
    ("history --at 2026-11-02 14:00 3", History(at=datetime(2026, 11, 2, 14, 0, tzinfo=UTC), limit=3)),
    ("history —at=2026-11-02T14:00+01:00",
     History(at=datetime(2026, 11, 2, 14, 0, tzinfo=timezone(timedelta(hours=1))))),
    ("set-owner legal/privacy <@U0CLAIRE1|claire.martin>",
     SetOwner(Target("legal", "privacy"), PersonRef("U0CLAIRE1", "claire.martin"))),
    ("set-owner legal U0CLAIRE1", SetOwner(Target("legal"), PersonRef("U0CLAIRE1"))),
    ("add-deputy press <@U0PRESS02>", AddDeputy(Target("press"), PersonRef("U0PRESS02"))),
    ("remove-deputy customer_care/delivery <@U0CARE002|thomas>",
     RemoveDeputy(Target("customer_care", "delivery"), PersonRef("U0CARE002", "thomas"))),
    ("set-head crisis <@U0CEO0001|helene>", SetHead("crisis", PersonRef("U0CEO0001", "helene"))),
    ("set-channel legal <#C0LEGAL02|juridique>", SetChannel("legal", "C0LEGAL02")),
    ("set-channel legal none", SetChannel("legal", None)),
    ("set-head legal none", SetHead("legal", None)),
    ("set-head legal Aucune", SetHead("legal", None)),
    ('add-keyword legal "mise en demeure" “huissier de justice” « référé »',
     AddKeyword(Target("legal"), ("mise en demeure", "huissier de justice", "référé"))),
    ("add-keyword legal/privacy droit à l'oubli", AddKeyword(Target("legal", "privacy"), ("droit à l'oubli",))),
    ('remove-keyword quality "R&amp;D"', RemoveKeyword(Target("quality"), ("R&D",))),
    ('add-department events "Événements &amp; salons"', AddDepartment("events", "Événements & salons")),
    ('add-department events "Salons" <@U0COMM001|paul>',
     AddDepartment("events", "Salons", PersonRef("U0COMM001", "paul"))),
    ("add-department events Salons et foires", AddDepartment("events", "Salons et foires")),
    ("add-department events Salons et foires <@U0COMM001>",
     AddDepartment("events", "Salons et foires", PersonRef("U0COMM001"))),
    ("add-department events Salons U0COMM001", AddDepartment("events", "Salons", PersonRef("U0COMM001"))),
    ("add-department web W3C et normes", AddDepartment("web", "W3C et normes")),
    ('remove-keyword legal "greffe, tribunal"', RemoveKeyword(Target("legal"), ("greffe, tribunal",))),
    ("remove-department hr", RemoveDepartment("hr")),
])
def test_each_command_is_understood(text, expected):
    assert parse_command(text) == expected


@pytest.mark.parametrize(("text", "code", "named"), [
    ("sho legal", "unknown_command", "sho"),
    ("set-owner legal", "missing_argument", "set-owner <department>[/<topic>] @person"),
    ("set-owner legal U0CLAIRE1 today", "too_many_arguments", "today"),
    ("set-owner legal @claire", "bad_person", "@claire"),
    ("set-owner legal Claire", "bad_person", "Claire"),
    ("set-channel legal #juridique", "bad_channel", "#juridique"),
    ('add-keyword legal "mise en demeure', "unclosed_quote", "never closed"),
    ("add-keyword legal", "missing_argument", "add-keyword"),
    ("history --at yesterday", "bad_date", "yesterday"),
    ("history --at", "missing_argument", "history"),
    ("history 500", "bad_number", "500"),
    ("history everything", "too_many_arguments", "everything"),
    ("set-head legal/privacy U0DPO0001", "head_on_topic", "legal"),
    ("set-owner legal/ U0DPO0001", "bad_target", "legal/"),
    ("set-owner Légal U0DPO0001", "bad_target", "légal"),
    ("add-department Events Salons", "bad_id", "Events"),
    ("add-department events", "missing_argument", "add-department"),
    ("add-department events @paul", "bad_person", "@paul"),
    ("remove-department", "missing_argument", "remove-department"),
    ("add-keyword legal " + "x" * 201, "keyword_too_long", "at most 200"),
    # the name is the quoted text (or the words before the owner); anything after the owner is refused
    ('add-department ev2 "Events" <@U0PRESS01> extra', "too_many_arguments", "'extra'"),
    ('add-department ev "Ev" <@U0PRESS01> <@U0CM00002>', "too_many_arguments", "'<@U0CM00002>'"),
    ('add-department ev "Events" more', "too_many_arguments", "'more'"),
    ('add-department ev Events "Salons"', "too_many_arguments", "'Salons'"),
    ('add-department ev "Ev <@U0PRESS01>"', "mention_in_name", "'Ev <@U0PRESS01>'"),
    ("add-department ev Events <#C0PRESS01>", "mention_in_name", "'Events <#C0PRESS01>'"),
    # a name typed by hand, with spaces, is refused whole
    ("set-owner legal @Zoé Carpentier", "bad_person", "'@Zoé Carpentier'"),
    ("set-owner legal Claire Martin", "bad_person", "'Claire Martin'"),
    ('add-department ev "Events" @Zoé Carpentier', "bad_person", "'@Zoé Carpentier'"),
    ("set-head legal none now", "too_many_arguments", "'now'"),
    # keywords are words messages contain: no mention, no list in one keyword
    ('add-keyword legal "huissier" <@U0LEGAL01>', "mention_in_keyword", "'huissier <@U0LEGAL01>'"),
    ('add-keyword legal "huissier <#C0LEGAL09>"', "mention_in_keyword", "'huissier <#C0LEGAL09>'"),
    ('add-keyword legal "greffe, tribunal"', "keyword_with_comma", '"greffe" "tribunal"'),
    ('add-keyword legal/privacy "cnil" "rgpd; dpo"', "keyword_with_comma", '"cnil" "rgpd" "dpo"'),
    ("add-keyword legal greffe, tribunal", "keyword_with_comma", '"greffe" "tribunal"'),
])
def test_bad_text_is_refused_naming_what_is_wrong(text, code, named):
    with pytest.raises(BadCommand) as caught:
        parse_command(text)
    assert caught.value.code == code
    assert named in str(caught.value)


def test_an_unknown_command_lists_the_commands():
    with pytest.raises(BadCommand) as caught:
        parse_command("delete legal")
    assert {"set-owner", "history", "undo", "export"} <= set(caught.value.params["commands"])


@pytest.mark.parametrize(("name", "filetype", "expected"), [
    ("registry.yaml", None, True), ("Registre.YML", None, True), ("export.json", None, True),
    ("notes", "yaml", True), ("photo.png", "png", False), (None, None, False),
])
def test_registry_files_are_told_by_name_or_type(name, filetype, expected):
    assert is_registry_file(name, filetype) is expected


# --- each edit ---------------------------------------------------------------------------------

def test_set_owner_of_a_department_and_of_a_topic(data):
    registry = applied(data, "set-owner legal <@U0LEGAL02|marc>")
    assert registry.responsible("legal")[0] == "U0LEGAL02"
    registry = applied(data, "set-owner legal/privacy <@U0LEGAL01>")
    assert registry.responsible("legal", "privacy")[0] == "U0LEGAL01"


def test_set_owner_refuses_the_current_owner(data):
    error = refused(data, "set-owner legal U0LEGAL01", "already_owner")
    assert "U0LEGAL01 is already the owner of legal" in str(error)


def test_add_deputy_to_a_department(data):
    registry = applied(data, "add-deputy press <@U0CM00002>")
    assert registry.responsible("press")[1] == ["U0PRESS01", "U0CM00002"]


def test_add_deputy_to_a_topic_that_inherits_keeps_the_inherited_deputies(data):
    data["departments"][3]["topics"][0].pop("deputies")  # customer_care/delivery now inherits U0CARE002
    registry = applied(data, "add-deputy customer_care/delivery U0CARE001")
    assert registry.responsible("customer_care", "delivery")[1] == ["U0CARE002", "U0CARE001"]
    assert registry.responsible("customer_care")[1] == ["U0CARE002"]  # the department is untouched


def test_add_deputy_refusals(data):
    error = refused(data, "add-deputy legal U0LEGAL01", "owner_as_deputy")
    assert "a deputy must be someone else" in str(error)
    refused(data, "add-deputy legal U0LEGAL02", "already_deputy")


def test_remove_deputy_and_its_refusal(data):
    registry = applied(data, "remove-deputy hr <@U0HR00002>")
    assert registry.responsible("hr")[1] == []
    error = refused(data, "remove-deputy legal U0QUAL001", "not_deputy")
    assert "deputies: U0LEGAL02" in str(error)


def test_set_head_and_its_refusal(data):
    registry = applied(data, "set-head crisis U0OPS0001")
    assert registry.department("crisis").head == "U0OPS0001"
    refused(data, "set-head crisis U0OPS0001", "already_head")


def test_set_head_none_removes_the_head_once(data):
    edit = parse_command("set-head crisis none")
    assert (edit.summary(), edit.people()) == ("head of crisis: none", [])
    assert applied(data, "set-head crisis none").department("crisis").head is None
    error = refused(data, "set-head crisis none", "no_head")
    assert "crisis has no head to remove" in str(error)


def test_set_channel_set_clear_and_refusals(data):
    assert applied(data, "set-channel legal <#C0NEWLEG1|legal-crisis>").department("legal").channel == "C0NEWLEG1"
    refused(data, "set-channel legal C0NEWLEG1", "same_channel")
    assert applied(data, "set-channel legal none").department("legal").channel is None
    refused(data, "set-channel legal none", "no_channel")


def test_add_and_remove_keywords_of_a_department_and_a_topic(data):
    registry = applied(data, 'add-keyword legal "huissier" "référé"')
    assert registry.department("legal").keywords[-2:] == ["huissier", "référé"]
    registry = applied(data, 'add-keyword legal/privacy "RGPD article 17"')
    assert registry.department("legal").topic("privacy").keywords[-1] == "RGPD article 17"
    registry = applied(data, 'remove-keyword legal "HUISSIER"')  # case does not matter
    assert "huissier" not in registry.department("legal").keywords


def test_keyword_refusals(data):
    refused(data, 'add-keyword legal "Avocat"', "keyword_exists")
    error = refused(data, 'remove-keyword legal "notaire"', "keyword_missing")
    assert "avocat" in str(error)  # the keywords it does have
    # one bad phrase among several changes nothing
    refused(data, 'add-keyword legal "greffe" "avocat"', "keyword_exists")
    assert "greffe" not in data["departments"][2]["keywords"]


def test_unknown_department_or_topic_is_named_with_what_exists(data):
    error = refused(data, "set-owner legl U0LEGAL02", "unknown_department")
    assert isinstance(error, NotFound)
    assert "legal" in error.params["known"]
    error = refused(data, "set-owner legal/gdpr U0LEGAL02", "unknown_topic")
    assert error.params["known"] == ["privacy"]
    error = refused(data, "set-owner privacy U0LEGAL02", "topic_not_department")  # a topic's id alone
    assert str(error) == "'privacy' is a topic, not a department: write legal/privacy"


def test_add_department_is_owned_by_the_admin_unless_named(data):
    registry = applied(data, 'add-department events "Salons"')
    assert registry.department("events").owner == ADMIN
    registry = applied(data, 'add-department fairs "Foires" <@U0COMM001>')
    assert registry.department("fairs").owner == "U0COMM001"
    refused(data, 'add-department legal "Juridique bis"', "department_exists")


def test_a_newcomer_joins_the_people_directory_with_their_name(data):
    registry = applied(data, "add-deputy crisis <@U0NEW0001|jeanne.d>", names={"U0NEW0001": "Jeanne Dupont"})
    assert registry.people["U0NEW0001"].name == "Jeanne Dupont"
    registry = applied(data, "set-head press <@U0NEW0002|pierre.l>")
    assert registry.people["U0NEW0002"].name == "pierre.l"  # no name from Slack: the mention's


def test_remove_department_and_its_refusals(data):
    registry = applied(data, "remove-department hr")
    assert registry.department("hr") is None
    error = refused(data, "remove-department community", "triage_department")
    assert isinstance(error, Conflict)
    error = refused(data, "remove-department legal", "open_escalations",
                    open_escalations=lambda dept: 2 if dept == "legal" else 0)
    assert "2 open escalation(s)" in str(error)
    refused(data, "remove-department nothing", "unknown_department")


def test_remove_department_named_by_a_precedence_rule_is_refused_naming_the_rule(data):
    data["settings"]["precedence"].append({"when": ["reporter"], "prefer": "press"})
    error = refused(data, "remove-department press", "precedence_department")
    assert isinstance(error, Conflict)
    assert error.params == {"department": "press", "rules": ["journaliste / journalist", "reporter"]}
    assert "registry file (export, edit, import)" in str(error)
    assert "unknown" not in str(error)


# --- the diff of a topic that inherits ----------------------------------------------------------

def test_a_topic_given_its_own_owner_or_deputies_shows_what_it_inherited(data):
    topic = data["departments"][3]["topics"][0]  # customer_care/delivery: owner U0CARE001, deputy U0CARE002
    del topic["owner"], topic["deputies"]
    before = copy.deepcopy(data)
    applied(data, "set-owner customer_care/delivery <@U0LOGI001>")
    applied(data, "add-deputy customer_care/delivery <@U0HR00001>")
    assert diff_registries(before, data) == [
        "departments[customer_care].topics[delivery].owner: (inherited: U0CARE001) -> U0LOGI001",
        "departments[customer_care].topics[delivery].deputies: (inherited: [U0CARE002]) -> [U0CARE002, U0HR00001]",
    ]
    assert diff_registries(data, before) == [
        "departments[customer_care].topics[delivery].owner: U0LOGI001 -> (inherited: U0CARE001)",
        "departments[customer_care].topics[delivery].deputies: [U0CARE002, U0HR00001] -> (inherited: [U0CARE002])",
    ]


# --- the department form ---------------------------------------------------------------------

def test_the_form_reports_every_bad_field_at_once():
    form = DepartmentForm(owner="U0LEGAL01", deputies=["U0LEGAL01", "U0LEGAL02"], keywords="ok\n" + "k" * 201,
                          timeouts={"critical": "10 minutes", "high": "2h", "normal": "0m"})
    with pytest.raises(FieldErrors) as caught:
        check_department_form(form, "legal")
    fields = caught.value.fields
    assert set(fields) == {"deputies", "keywords", "timeout_critical", "timeout_normal"}
    assert fields["timeout_critical"].params["value"] == "10 minutes"
    assert fields["deputies"].code == "owner_as_deputy"
    with pytest.raises(FieldErrors) as caught:
        check_department_form(DepartmentForm(owner=None), "legal")
    assert set(caught.value.fields) == {"owner"}


def test_the_form_sets_every_field_and_clears_what_is_emptied(data):
    form = DepartmentForm(owner="U0LEGAL02", deputies=["U0LEGAL01", "U0LEGAL01"], head="", channel="C0LEGAL09",
                          keywords=" avocat \n\nprocès\nAvocat\n", examples="Un huissier est passé\n",
                          timeouts={"critical": "5m", "high": "", "normal": "2 h"})
    apply_edit(data, EditDepartment("legal", form), actor=ADMIN)
    dept = validate_data(data).registry.department("legal")
    assert (dept.owner, dept.deputies, dept.head, dept.channel) == ("U0LEGAL02", ["U0LEGAL01"], None, "C0LEGAL09")
    assert dept.keywords == ["avocat", "procès"]
    assert dept.examples == ["Un huissier est passé"]
    assert dept.ack_timeouts.model_dump(exclude_none=True) == {"critical": "5m", "normal": "2h"}
    assert [t.id for t in dept.topics] == ["privacy"]  # what the form does not show is kept


def test_fields_the_form_did_not_offer_are_left_as_they_are(data):
    before = validate_data(copy.deepcopy(data)).registry.department("legal")
    apply_edit(data, EditDepartment("legal", DepartmentForm(owner="U0LEGAL01")), actor=ADMIN)
    after = validate_data(data).registry.department("legal")
    assert after == before


# --- what a change leaves fragile ------------------------------------------------------------

def test_findings_name_only_what_the_change_made_fragile(sample, data):
    after = applied(data, "remove-deputy hr U0HR00002")
    found = change_findings(sample, after)
    assert [(f.code, f.params["target"]) for f in found] == [("no_deputy", "hr")]  # not crisis, already so


def test_a_deputy_who_takes_over_leaves_the_deputies_and_the_gap_is_flagged(sample, data):
    after = applied(data, "set-owner press U0PRESS01")
    assert after.responsible("press")[:2] == ("U0PRESS01", [])  # not their own deputy
    codes = {f.code for f in change_findings(sample, after)}
    assert codes == {"no_deputy"}


def test_a_fourth_ownership_is_flagged_as_overload(sample, data):
    for dept in ("press", "legal", "quality"):
        apply_edit(data, parse_command(f"set-owner {dept} U0OPS0001"), actor=ADMIN)
    after = validate_data(data).registry
    overloaded = [f for f in change_findings(sample, after) if f.code == "overloaded"]
    assert overloaded == []  # three is the limit
    apply_edit(data, parse_command("set-owner hr U0OPS0001"), actor=ADMIN)
    overloaded = [f for f in change_findings(sample, validate_data(data).registry) if f.code == "overloaded"]
    assert overloaded[0].params["person"] == "U0OPS0001" and overloaded[0].params["count"] == 4


# --- through the audited repository ----------------------------------------------------------

def test_an_edit_through_the_repository_is_audited_and_a_refusal_changes_nothing(tmp_path, sample):
    with Store.open(tmp_path / "data") as store:
        repo = RegistryRepo(store)
        repo.replace(sample, actor="system", source="file")
        edit = parse_command("add-deputy crisis <@U0OPS0001>")
        entry, _warnings = repo.change(lambda d: apply_edit(d, edit, actor=ADMIN), actor=ADMIN, source="slack",
                                       action=edit.action, summary=edit.summary())
        assert (entry.revision, entry.action, entry.source) == (2, "add-deputy", "slack")
        assert entry.diff == ["+ departments[crisis].deputies: U0OPS0001"]
        bad = parse_command("remove-department community")
        with pytest.raises(EditRefused):
            repo.change(lambda d: apply_edit(d, bad, actor=ADMIN), actor=ADMIN, source="slack", action=bad.action)
        assert repo.current()[1] == 2
        assert len(repo.history()) == 2


def test_a_department_needs_a_name_besides_its_owner():
    with pytest.raises(BadCommand) as caught:
        parse_command("add-department events U0COMM001")
    assert caught.value.code == "missing_argument"
