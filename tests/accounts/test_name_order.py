"""Lists of names (municipalities, districts, people, tags) in the page's language's order: the
database's C collation put capitals first and Ä before Å, on Swedish pages too."""

import re

from dialog.accounts.roles import Role
from dialog.catalogue.models import District, Municipality
from dialog.core import audit
from dialog.extensions import db
from tests.factories import make_goal, make_user, sign_in
from tests.officials import make_official, sign_in_official

PLACES = ["Örebro", "Ängelholm", "Åstorp", "Zinkgruvan", "Alvesta", "bjuv"]
IN_SWEDISH = ["Alvesta", "bjuv", "Zinkgruvan", "Åstorp", "Ängelholm", "Örebro"]
IN_ENGLISH = ["Alvesta", "Ängelholm", "Åstorp", "bjuv", "Örebro", "Zinkgruvan"]


def order_in(html: str, names: list[str]) -> list[str]:
    """`names` in the order they first appear in `html`."""
    return sorted(names, key=lambda name: html.index(name))


def places() -> list[Municipality]:
    found = []
    for n, name in enumerate(PLACES):
        municipality = Municipality(slug=f"place-{n}", name=name)
        db.session.add(municipality)
        db.session.add_all(
            [
                District(municipality=municipality, name="Ödeby", position=1),
                District(municipality=municipality, name="Centrum", position=2),
            ]
        )
        found.append(municipality)
    db.session.commit()
    return found


def test_an_officials_municipalities_in_the_pages_order(client, app_context):
    places()
    make_official("root@dialog.se", platform_admin=True)
    sign_in_official(client, "root@dialog.se")
    assert order_in(client.get("/hantera").get_data(as_text=True), PLACES) == IN_SWEDISH
    assert order_in(client.get("/hantera?lang=en").get_data(as_text=True), PLACES) == IN_ENGLISH


def test_the_profiles_districts_by_municipality_in_the_pages_order(client, app_context):
    places()
    make_user()
    sign_in(client)
    for query, expected in (("", IN_SWEDISH), ("?lang=en", IN_ENGLISH)):
        html = client.get("/mina-sidor/profil" + query).get_data(as_text=True)
        shown = re.findall(r'<option value="[0-9]+">([^<]*)</option>', html)
        # each municipality's districts stay in their own order, not by name
        assert shown == [f"{place} – {d}" for place in expected for d in ("Ödeby", "Centrum")]


def test_the_audit_logs_people_in_the_pages_order(client, app_context):
    goal = make_goal(slug="lund")
    lund = goal.plan.municipality
    admin = make_official("admin@lund.se", [("lund", Role.ADMIN)], name="Alva")
    for n, name in enumerate(PLACES):
        person = make_user(f"p{n}@example.se", name)
        audit.record(f"test.{n}", actor=person, municipality_id=lund.id)
    audit.record("test.admin", actor=admin, municipality_id=lund.id)
    db.session.commit()
    sign_in_official(client, "admin@lund.se")
    for query, expected in (("", IN_SWEDISH), ("?lang=en", IN_ENGLISH)):
        html = client.get("/hantera/lund/logg" + query).get_data(as_text=True)
        menu = html.split('name="actor"', 1)[1].split("</select>", 1)[0]
        shown = re.findall(r'<option value="[0-9]+">([^<(]*) \(#', menu)
        assert shown == ["Alva", *expected], query  # "alva" before "alvesta" in both
