"""The importer's problems on a form's fields: found by their code and path, never by the
wording of their technical line."""

import dataclasses
import html
import re

import pytest
from sqlalchemy import select

from dialog.catalogue.admin import checks
from dialog.catalogue.importer import validation
from dialog.catalogue.models import Goal
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
