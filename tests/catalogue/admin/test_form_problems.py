"""The importer's problems on a form's fields: found by their code and path, never by the
wording of their technical line; saved, or shown again, by one `save_or_show`."""

import dataclasses
import html
import re

import pytest
from flask import get_flashed_messages
from sqlalchemy import select

from dialog.accounts.models import User
from dialog.catalogue.admin import checks, services
from dialog.catalogue.admin.forms import CommitteeForm
from dialog.catalogue.admin.views import save_or_show
from dialog.catalogue.importer import validation
from dialog.catalogue.models import Committee, Goal, Municipality
from dialog.core.audit import AuditEntry
from dialog.extensions import db
from tests.factories import csrf

BASE = "/hantera/lund/innehall"


def _error(page: str, field: str) -> str:
    """The error shown at a field, as read (without 'Error:' for screen readers)."""
    found = re.search(rf'id="{field}-error"><span[^>]*>[^<]*</span>\s*([^<]*)</p>', page)
    assert found, f"no error at {field}"
    return html.unescape(found[1]).strip()


@pytest.fixture
def reworded(monkeypatch):
    """Every technical line of the importer says something else (as a later version may)."""

    def find_problems(data, *args):
        found = validation.find_problems(data, *args)
        return [dataclasses.replace(p, message=f"reworded {n}") for n, p in enumerate(found)]

    monkeypatch.setattr(checks, "find_problems", find_problems)


def test_reworded_importer_lines_leave_the_forms_problems_on_their_fields(
    app, lund_admin, reworded
):
    """The forms matched the lines' text (`too long (at most`, `duplicate code '…'`), so a
    reworded line was shown as it was, in English, at the top of the form."""
    with app.app_context():
        coded = db.session.scalars(select(Goal).where(Goal.code.is_not(None))).first()
        slug, code = coded.plan.slug, coded.code
    url = f"{BASE}/planer/{slug}/mal/ny"
    data = {"csrf_token": csrf(lund_admin, url), "title": "Ett nytt mål", "kind": "goal"}
    page = lund_admin.post(url, data=data | {"code": code}).get_data(as_text=True)
    assert _error(page, "code") == f"Något annat i styrdokumentet har redan koden {code}."
    page = lund_admin.post(url, data=data | {"title": "x" * 501}).get_data(as_text=True)
    assert _error(page, "title") == "För lång: högst 500 tecken."
    assert "reworded" not in page

    window = f"{BASE}/planer/{slug}/dialog"
    data = {
        "csrf_token": csrf(lund_admin, window),
        "opens": "31/12/2026",
        "closes": "2030-01-31",
        "ladder": "dialogue",
        "influence": "Vilka mål som prioriteras.",
        "readers": "Kommunstyrelsen läser allt i maj.",
    }
    page = lund_admin.post(window, data=data).get_data(as_text=True)
    assert _error(page, "opens") == "Skriv datumet som ÅÅÅÅ-MM-DD."
    assert "reworded" not in page


def _admin() -> User:
    return db.session.scalar(select(User).filter_by(email="admin@lund.se"))


def test_save_or_show_commits_flashes_and_returns_what_was_saved(app, lund_admin):
    with app.test_request_context("/", method="POST"):
        lund = db.session.scalar(select(Municipality).filter_by(slug="lund"))
        form = CommitteeForm(data={"name": "Testnämnden", "kind": "committee"})
        saved = save_or_show(
            form,
            lambda: services.save_committee(lund, None, form.entry(), _admin()),
            "Nämnden är sparad.",
        )
        assert isinstance(saved, Committee) and saved.name == "Testnämnden"
        assert get_flashed_messages(with_categories=True) == [("success", "Nämnden är sparad.")]
    with app.app_context():  # committed, with the service's audit entry
        committee = db.session.scalar(select(Committee).filter_by(name="Testnämnden"))
        logged = select(AuditEntry).filter_by(action="catalogue.committee.create")
        assert db.session.scalars(logged).one().target_id == committee.id


def test_save_or_show_rolls_back_and_puts_the_problems_on_the_fields(app, lund_admin):
    with app.test_request_context("/", method="POST"):
        lund = db.session.scalar(select(Municipality).filter_by(slug="lund"))
        form = CommitteeForm(data={"name": "X", "kind": "committee"})

        def refused() -> Committee:
            lund.vision = "Ändrad men inte sparad"
            raise services.Invalid({"name": ["Fel namn."], "": ["Fel i stort."]})

        assert save_or_show(form, refused, "Nämnden är sparad.") is None
        assert form.name.errors == ["Fel namn."] and form.form_errors == ["Fel i stort."]
        assert get_flashed_messages() == []
    with app.app_context():
        lund = db.session.scalar(select(Municipality).filter_by(slug="lund"))
        assert lund.vision != "Ändrad men inte sparad"
