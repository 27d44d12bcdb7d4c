"""Lund and Lomma with their shipped content, and signed-in administrators of each."""

import pytest
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.catalogue.models import Goal, Municipality, Plan
from dialog.extensions import db
from tests.factories import form_fields
from tests.officials import make_official, sign_in_official


@pytest.fixture
def lund_admin(app, seeded, client):
    """The client, signed in as an administrator of Lund."""
    with app.app_context():
        make_official("admin@lund.se", [("lund", Role.ADMIN)])
    sign_in_official(client, "admin@lund.se")
    return client


@pytest.fixture
def lomma_admin(app, seeded, client):
    with app.app_context():
        make_official("admin@lomma.se", [("lomma", Role.ADMIN)])
    sign_in_official(client, "admin@lomma.se")
    return client


def lund_plan() -> Plan:
    lund = db.session.scalar(select(Municipality).filter_by(slug="lund"))
    return next(p for p in lund.plans if p.goals)


def first_goal(plan: Plan) -> Goal:
    return next(g for g in plan.goals if not g.is_archived)


def fields_of(client, url: str) -> dict[str, str]:
    """The form's current values (and its CSRF token), as a browser would send them."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return form_fields(page.get_data(as_text=True))
