"""Acceptance: an administrator keeps the catalogue current without a developer.

A Lund administrator signs in with a password and a TOTP code, opens the content pages from
the officials' start page, changes a goal's title through the form (a refused empty title
first), adds a focus area whose title is typed on two lines, and uploads a goal document:
the preview lists what would change, and only the confirmation imports it. axe finds no
WCAG 2.1 A/AA violation on the content pages.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.catalogue.cli import dump_document
from dialog.catalogue.importer import export_municipality
from dialog.catalogue.models import Goal, Municipality
from dialog.extensions import db
from tests.browser.test_officials import sign_in_with_code
from tests.browser.test_resident_flow import (
    assert_accessible,
    flash,
    follow,
    generous_limits,
    tab_to,
    type_into,
)
from tests.officials import make_official

pytestmark = pytest.mark.browser

ADMIN_EMAIL = "ada.innehall@lund.se"
EDITED = "Lund ska ha trygga och gröna parker"
UPLOADED = "Ett mål från en uppladdad fil"
#: A focus area's title typed on two lines, as it is stored: on one.
AREA = "Trygghet och gemenskap i alla stadsdelar"


@pytest.fixture(scope="module")
def content_world(app, live_server, tmp_path_factory):
    """A Lund administrator, the goal to edit, and a Lund document changing another goal."""
    with generous_limits(app):
        with app.app_context():
            make_official(ADMIN_EMAIL, [("lund", Role.ADMIN)], name="Ada Admin")
            lund = db.session.scalar(select(Municipality).filter_by(slug="lund"))
            plan = next(p for p in lund.plans if len([g for g in p.goals if g.focus_area]) > 1)
            edited, uploaded = [g for g in plan.goals if g.focus_area][:2]
            uploaded.code = uploaded.code or "U1"  # the document names it by code
            db.session.commit()
            world = {
                "plan": plan.title,
                "edited": (edited.id, edited.title),
                "uploaded": (uploaded.id, uploaded.code),
                "file": tmp_path_factory.mktemp("upload") / "lund.yaml",
            }
            db.session.remove()
        yield world


def write_document(world: dict) -> None:
    """Lund's catalogue as it is now, in the import format, with one goal's title changed."""
    lund = db.session.scalar(select(Municipality).filter_by(slug="lund"))
    document = export_municipality(lund)
    for plan_data in document["plans"]:
        for area in plan_data.get("focus_areas", []):
            for goal in area.get("goals", []):
                if goal.get("code") == world["uploaded"][1]:
                    goal["title"] = UPLOADED
    world["file"].write_text(dump_document(document), encoding="utf-8")


def test_an_administrator_edits_a_goal_and_uploads_a_document(
    live_server, app, page, content_world
):
    sign_in_with_code(page, live_server, ADMIN_EMAIL)
    follow(page, "Hantera")
    expect(page.locator("h1")).to_have_text("Hantera")
    follow(
        page,
        page.get_by_role(
            "link", name=re.compile(r"^Styrdokument, mål och inställningar\s*, Lunds kommun$")
        ),
    )
    expect(page.locator("h1")).to_have_text("Innehåll i Lunds kommun")
    assert_accessible(page, "the content overview")

    follow(page, content_world["plan"])
    expect(page.locator("h1")).to_have_text(content_world["plan"])
    assert_accessible(page, "a plan's content page")
    goal_id, title = content_world["edited"]
    follow(page, page.get_by_role("link", name=f"Ändra {title}", exact=True), max_tabs=400)
    expect(page.locator("h1")).to_have_text(f"Ändra målet {title}")
    assert_accessible(page, "the goal form")

    tab_to(page, "#title")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    follow(page, "Spara")
    expect(page.locator("#title-error")).to_contain_text("Fältet måste fyllas i.")
    assert_accessible(page, "the goal form with an error")
    type_into(page, "#title", EDITED)
    follow(page, "Spara")
    expect(flash(page)).to_contain_text("Målet är sparat.")
    expect(page.locator(f"#goal-{goal_id}")).to_contain_text(EDITED)

    follow(page, "Lägg till ett fokusområde")
    expect(page.locator("h1")).to_have_text(f"Nytt fokusområde i {content_world['plan']}")
    expect(page.locator("#title")).to_have_attribute("rows", "3")  # a long title, read in whole
    assert_accessible(page, "the focus area form")
    type_into(page, "#title", "Trygghet och gemenskap")
    page.keyboard.press("Enter")  # a new line in the box; the form is not sent
    page.keyboard.type("i alla  stadsdelar")
    follow(page, "Spara")
    expect(flash(page)).to_contain_text("Fokusområdet är sparat.")
    area = page.locator(".admin-item h3", has_text="Trygghet och gemenskap")
    expect(area).to_have_text(AREA)

    with app.app_context():
        write_document(content_world)
    follow(page, "Innehåll i Lunds kommun")
    expect(page.locator("h1")).to_have_text("Innehåll i Lunds kommun")
    follow(page, "Ladda upp ett måldokument")
    expect(page.locator("h1")).to_have_text("Ladda upp ett måldokument")
    assert_accessible(page, "the upload page")
    page.locator("#document").set_input_files(Path(content_world["file"]))
    follow(page, "Granska filen")
    preview = page.locator(".preview")
    expect(preview).to_contain_text("Förhandsvisning")
    expect(preview).to_contain_text(UPLOADED)
    expect(preview.locator(".import-report li")).to_have_count(1)
    assert_accessible(page, "the upload preview")
    with app.app_context():
        assert db.session.get(Goal, content_world["uploaded"][0]).title != UPLOADED
    follow(page, "Bekräfta importen")
    expect(flash(page)).to_contain_text("Importerat – tillagda: 0, ändrade: 1, arkiverade: 0.")
    with app.app_context():
        assert db.session.get(Goal, content_world["uploaded"][0]).title == UPLOADED

    follow(page, "Namn, vision, logotyp och kontakter")
    expect(page.locator("h1")).to_have_text("Inställningar för Lunds kommun")
    assert_accessible(page, "the settings form")
    page.goto(f"{live_server}/hantera/lund/innehall/mal/{goal_id}/dialog")
    expect(page.locator("h1")).to_contain_text("Dialogperiod för")
    assert_accessible(page, "the dialogue window form")
    page.goto(f"{live_server}/hantera/lund/innehall/namnder/ny")
    expect(page.locator("h1")).to_have_text("Ny nämnd")
    assert_accessible(page, "the committee form")
