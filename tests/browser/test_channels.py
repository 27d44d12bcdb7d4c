"""Acceptance: a communicator imports a CSV of paper forms onto a goal from its summary, sees
them listed, publishes one, and finds it on the goal page under its channel; axe finds no
WCAG 2.1 A/AA violation on the pages."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.catalogue.models import Goal, Municipality, Plan
from dialog.extensions import db
from tests.browser.test_officials import sign_in_with_code
from tests.browser.test_resident_flow import assert_accessible, flash, follow, generous_limits
from tests.officials import make_official

pytestmark = pytest.mark.browser

COMMUNICATOR = "kanal.kommunikator@lund.se"
FORMS = (
    "text;channel;received_on;ref\n"
    "Fler bänkar längs Höjeån, det är långt mellan vilplatserna.;paper;2026-11-02;B-101\n"
    "Belys gångvägen vid stationen, den är mörk på kvällen.;paper;2026-11-03;B-102\n"
)


@pytest.fixture(scope="module")
def channels_world(app, live_server):
    with generous_limits(app):
        with app.app_context():
            make_official(COMMUNICATOR, [("lund", Role.COMMUNICATOR)], name="Kanal Kommunikatör")
            goal_id = db.session.scalar(
                select(Goal.id)
                .join(Plan, Plan.id == Goal.plan_id)
                .join(Municipality, Municipality.id == Plan.municipality_id)
                .where(Municipality.slug == "lund")
                .order_by(Goal.id)
                .limit(1)
            )
            db.session.remove()
        yield {"goal_id": goal_id}


def test_a_communicator_imports_paper_forms_and_publishes_one(
    live_server, page, channels_world, tmp_path
):
    goal_id = channels_world["goal_id"]
    sign_in_with_code(page, live_server, COMMUNICATOR)
    page.goto(f"{live_server}/hantera/lund/sammanfattning/mal/{goal_id}")
    follow(
        page,
        page.get_by_role("link", name="Kommentarer från andra kanaler: importera och publicera"),
        max_tabs=400,
    )
    expect(page.locator("h1")).to_have_text("Kommentarer från andra kanaler")
    expect(page.locator("main")).to_contain_text("Inga kommentarer från andra kanaler ännu.")
    assert_accessible(page, "the empty list of imported comments")

    wrong = tmp_path / "fel.csv"
    wrong.write_text("text;channel\n;paper\n", encoding="utf-8")
    page.locator("#document").set_input_files(str(wrong))
    follow(page, "Importera")
    expect(page.locator("#import-problems")).to_contain_text("rad 2, kolumn text: texten saknas")
    assert_accessible(page, "the import's problems")

    forms = tmp_path / "blanketter.csv"
    forms.write_text(FORMS, encoding="utf-8")
    page.locator("#document").set_input_files(str(forms))
    follow(page, "Importera")
    expect(flash(page)).to_contain_text("Importerat: 2 nya, 0 redan importerade.")
    listed = page.locator("ol.imported-comments > li")
    expect(listed).to_have_count(2)
    expect(listed.first).to_contain_text("Pappersblankett B-102")
    expect(page.locator("main")).to_contain_text("Fler bänkar längs Höjeån")
    assert_accessible(page, "the list of imported comments")

    first = page.locator("ol.imported-comments > li", has_text="B-101")
    follow(page, first.get_by_role("button"))
    expect(flash(page)).to_contain_text("Kommentaren är publicerad på målets sida.")
    expect(first).to_contain_text("Publicerad")

    page.goto(f"{live_server}/mal/{goal_id}")
    shown = page.locator("article.comment", has_text="Fler bänkar längs Höjeån")
    expect(shown).to_contain_text("Inkommen på pappersblankett")
    expect(page.locator("main")).not_to_contain_text("Belys gångvägen vid stationen")
    assert_accessible(page, "the goal page with a published paper form")
