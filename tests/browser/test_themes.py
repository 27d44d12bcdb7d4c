"""Acceptance: a communicator opens a goal's themes, computes them, renames and merges two,
tags a comment, and sees the change in the goal's summary and its report; axe finds no
WCAG 2.1 A/AA violation on the pages."""

import pytest
from docx import Document
from playwright.sync_api import expect
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.catalogue.models import Goal, Municipality, Plan
from dialog.extensions import db
from tests.browser.test_officials import sign_in_with_code
from tests.browser.test_resident_flow import (
    assert_accessible,
    flash,
    follow,
    generous_limits,
    type_into,
)
from tests.factories import make_user
from tests.officials import make_official
from tests.themes.fixture import add_comments, read

pytestmark = pytest.mark.browser

COMMUNICATOR = "tove.tema@lund.se"


@pytest.fixture(scope="module")
def goal_id(app, live_server):
    with generous_limits(app):
        with app.app_context():
            make_official(COMMUNICATOR, [("lund", Role.COMMUNICATOR)], name="Tove Tema")
            goal = db.session.scalar(
                select(Goal).join(Plan).join(Municipality).where(Municipality.slug == "lund")
            )
            add_comments(goal, make_user("boende@example.se", "Boende"), read("fixture")[1][:80])
            db.session.commit()
            found = goal.id
            db.session.remove()
        yield found


def test_a_communicator_renames_merges_and_tags(live_server, page, goal_id):
    sign_in_with_code(page, live_server, COMMUNICATOR)
    page.goto(f"{live_server}/hantera/lund/sammanfattning/mal/{goal_id}")
    expect(page.locator("main")).to_contain_text("Temana har inte beräknats ännu.")
    link = page.get_by_role(
        "link", name="Teman i kommentarerna: byt namn, slå ihop och sätt etiketter"
    )
    follow(page, link, max_tabs=400)
    expect(page.locator("h1")).to_contain_text("Teman i kommentarerna")
    assert_accessible(page, "a goal's themes before they are computed")

    follow(page, "Beräkna temana")  # the first time; "Beräkna igen" once they exist
    # Without a broker the job runs in the server process before the redirect is answered.
    expect(flash(page)).to_contain_text("Temana är beräknade", timeout=120_000)
    expect(page.locator("main")).to_contain_text("Beräknat")
    expect(page.get_by_role("button", name="Beräkna igen")).to_be_visible()
    headings = page.locator("section.theme h2")
    first = headings.nth(0).get_attribute("id").removeprefix("theme-")
    second = headings.nth(1).get_attribute("id").removeprefix("theme-")
    assert_accessible(page, "a goal's themes")

    page.locator(f"#label-{first}").fill("")
    type_into(page, f"#label-{first}", "Att ta sig fram")
    follow(
        page, page.locator(f"section[aria-labelledby='theme-{first}'] button", has_text="Byt namn")
    )
    expect(flash(page)).to_contain_text("Temat heter nu ”Att ta sig fram”")

    page.locator("#merge-theme").select_option(second)
    page.locator("#merge-into").select_option(first)
    follow(page, page.locator(".theme-merge button", has_text="Slå ihop"))
    expect(flash(page)).to_contain_text("är ihopslaget med ”Att ta sig fram”")
    expect(page.locator(f"#theme-{second}")).to_have_count(0)

    follow(
        page, page.locator(f"section[aria-labelledby='theme-{first}'] .tag-comment summary").first
    )
    tag_field = page.locator(f"section[aria-labelledby='theme-{first}'] input[name=name]").first
    type_into(page, tag_field, "Cykelvägar")
    follow(
        page,
        page.locator(
            f"section[aria-labelledby='theme-{first}'] button", has_text="Lägg till etikett"
        ).first,
    )
    told = page.locator("li[id^=comment-] .flash")  # at the comment the page returns to
    expect(told).to_contain_text("har fått etiketten ”Cykelvägar”")
    expect(told).to_be_in_viewport()
    assert_accessible(page, "a goal's themes after the changes")

    follow(page, "Tillbaka till målets sammanfattning")
    main = page.locator("main")
    expect(main).to_contain_text("Att ta sig fram")
    expect(main).to_contain_text("Cykelvägar")
    assert_accessible(page, "the goal summary with themes")
    with page.expect_download() as docx:
        follow(page, "Word (DOCX) på engelska", max_tabs=400)
    document = Document(str(docx.value.path()))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Att ta sig fram" in cells and "Cykelvägar" in cells
