"""Whole numbers in forms are ASCII digits: WTForms' IntegerField reads with `int`, which takes
"١٢" (Arabic-Indic) and "１２" (full-width) as 12, so an audit filter, a status's progress or a
retention period got a number no one typed. Such text gets the field's message instead."""

import ast
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectField

from dialog.accounts.roles import Role
from dialog.core.audit import AuditEntry
from dialog.core.forms import IntegerField, NumberRange, whole_choice
from dialog.extensions import db
from dialog.moderation.models import Settings
from dialog.responses import queries
from tests.factories import csrf, make_goal
from tests.officials import make_official, sign_in_official

#: Digits to `int` or to `str.isdigit`, but not ASCII: Arabic-Indic, a superscript, full-width.
NOT_ASCII = ("١٢", "²", "１２")
DIALOG = Path(__file__).resolve().parents[2] / "dialog"


class Numbers(Form):
    count = IntegerField(validators=[NumberRange(0, 100, "From 0 to 100.")])
    change = IntegerField(negative=True)
    days = IntegerField(invalid_value_message="Days, in digits.")
    chosen = SelectField(coerce=whole_choice, validate_choice=False)


def _read(**sent: str) -> Numbers:
    form = Numbers(MultiDict(sent))
    form.validate()
    return form


@pytest.mark.parametrize("sent", [*NOT_ASCII, "+5", "1_000", "1 2", "0x1", "-5", "٥", "\u200912"])
def test_anything_but_ascii_digits_is_not_a_number(sent):
    form = _read(count=sent)
    assert form.count.data is None
    assert form.count.errors == ["Not a valid integer value."]  # once: the range says no more


def test_an_empty_field_is_left_to_its_validators():
    for sent in ("", "  "):
        form = _read(count=sent, change=sent)
        assert (form.count.data, form.change.data) == (None, None)
        assert form.count.errors == ["From 0 to 100."] and form.change.errors == []


@pytest.mark.parametrize("sent", [*NOT_ASCII, "+5", "--5", "-", "- 5", "-١٢"])
def test_a_field_that_takes_negatives_takes_only_an_ascii_minus_and_digits(sent):
    assert _read(change=sent).change.errors == ["Not a valid integer value."]


def test_a_fields_own_message_for_what_is_no_number_is_kept():
    assert _read(days="١٢").days.errors == ["Days, in digits."]
    assert _read(days="12").days.data == 12


def test_ascii_digits_are_read_with_spaces_around_and_a_minus_where_allowed():
    assert _read(count="40").count.data == 40
    assert _read(count=" 07\n").count.data == 7
    form = _read(change="-12")
    assert form.change.data == -12 and form.change.errors == []
    assert _read(count="9" * 5000).count.errors == ["Not a valid integer value."]  # int refuses


@pytest.mark.parametrize("sent", NOT_ASCII)
def test_a_choice_of_numbers_takes_ascii_digits_only(sent):
    assert _read(chosen="12").chosen.data == 12
    form = _read(chosen=sent)
    assert form.chosen.data is None and form.chosen.errors
    with pytest.raises(ValueError):
        whole_choice(sent)
    assert whole_choice(7) == 7


def test_no_module_uses_wtforms_own_integer_field_or_coerces_with_int():
    offenders = []
    for path in DIALOG.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("wtforms"):
                wanted = ("IntegerField", "DecimalField", "FloatField", "IntegerRangeField")
                offenders += [f"{path}: {a.name}" for a in node.names if a.name in wanted]
            if isinstance(node, ast.Attribute) and node.attr in ("IntegerField", "DecimalField"):
                offenders.append(f"{path}: {ast.unparse(node)}")
            if isinstance(node, ast.keyword) and node.arg == "coerce":
                if isinstance(node.value, ast.Name) and node.value.id in ("int", "float"):
                    offenders.append(f"{path}: coerce={node.value.id}")
    assert offenders == [f"{DIALOG / 'core' / 'forms.py'}: wtforms.IntegerField"]


@pytest.fixture
def lund(app_context):
    goal = make_goal(slug="lund")
    make_official("admin@lund.se", [("lund", Role.ADMIN)])
    return goal


@pytest.mark.parametrize("sent", NOT_ASCII)
def test_the_audit_logs_target_number_refuses_other_digits(client, lund, sent):
    sign_in_official(client, "admin@lund.se")
    assert client.get("/hantera/lund/logg?lang=en&target_id=12").status_code == 200
    english = client.get(f"/hantera/lund/logg?lang=en&target_id={quote(sent)}")
    html = english.get_data(as_text=True)
    assert english.status_code == 400 and 'class="error-summary"' in html
    assert html.count("Enter a whole number.") == 2  # in the summary and at the field
    assert "Not a valid integer value." not in html  # the field's own words, once
    swedish = client.get(f"/hantera/lund/logg?target_id={quote(sent)}")
    assert swedish.status_code == 400 and "Skriv ett heltal." in swedish.get_data(as_text=True)


@pytest.mark.parametrize("sent", NOT_ASCII)
def test_a_status_with_another_scripts_progress_is_refused(client, lund, sent):
    sign_in_official(client, "admin@lund.se")
    token = csrf(client, f"/hantera/lund/mal/{lund.id}/aterkoppling?lang=en")
    option = queries.options_of(lund.plan.municipality_id)[0]
    sent_form = {"csrf_token": token, "option": str(option.id), "happened_on": "2026-06-01"}
    response = client.post(
        f"/hantera/lund/mal/{lund.id}/status?lang=en", data={**sent_form, "progress": sent}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'aria-invalid="true"' in html
    assert "Enter the progress as a number from 0 to 100." in html
    assert queries.feedback(lund.id).is_empty
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action != "access.denied")) is None
    ascii_digits = client.post(  # the same form with ASCII digits is saved: the test can fail
        f"/hantera/lund/mal/{lund.id}/status?lang=en", data={**sent_form, "progress": "12"}
    )
    assert ascii_digits.status_code == 302 and not queries.feedback(lund.id).is_empty


@pytest.mark.parametrize("sent", ["٣٦٥", "３６５", "3²"])
def test_a_retention_period_in_other_digits_is_not_saved(client, lund, sent):
    sign_in_official(client, "admin@lund.se")
    page = "/hantera/lund/moderering/installningar?lang=en"
    form = {"csrf_token": csrf(client, page), "policy": "post", "words": "bilar"}
    refused = client.post(page, data={**form, "retention_days": sent})
    assert refused.status_code == 200
    assert "Give a number from 30 to 36,500." in refused.get_data(as_text=True)
    assert db.session.scalar(select(Settings.retention_days)) is None
    saved = client.post(page, data={**form, "retention_days": "365", "bekraftat": "ja"})
    assert saved.status_code == 302  # confirmed: turning retention on asks first
    assert db.session.scalar(select(Settings.retention_days)) == 365
