"""Acceptance: on a 390 px phone, a resident comments on and rates a focus area of Lund's "Våra
fokusområden" (a plan whose focus areas carry no goals), and another resident replies; axe
finds no violation on the focus area page or the thread."""

from types import SimpleNamespace

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dialog.catalogue.models import FocusArea, Plan
from dialog.extensions import db
from tests.browser.test_resident_flow import assert_accessible, flash, generous_limits
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser

AREA_TITLE = "Ekologisk hållbarhet"
RESIDENT = "fokus@example.se"
COMMENT = "Klimatet borde väga tyngst när kommunen prioriterar."


@pytest.fixture(scope="module")
def resident(app, live_server):
    with generous_limits(app):
        with app.app_context():
            make_user(RESIDENT, "Frida i Fokus")
            area = db.session.scalar(
                select(FocusArea)
                .join(Plan)
                .where(Plan.slug == "vara-fokusomraden", FocusArea.title == AREA_TITLE)
            )
            found = SimpleNamespace(area=area.id)
            db.session.remove()
        yield found


def test_a_resident_comments_on_a_focus_area_on_a_phone(live_server, page, resident):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server + "/konto/logga-in")
    page.fill("#email", RESIDENT)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(live_server + "/")

    page.goto(live_server + "/kommun/lund/plan/vara-fokusomraden")
    page.get_by_role("link", name=AREA_TITLE, exact=True).first.click()
    expect(page.locator("h1")).to_have_text(AREA_TITLE)
    expect(page.locator("#window-heading")).to_be_visible()
    expect(page.get_by_text("Hur viktigt är det här fokusområdet för dig?").first).to_be_visible()
    assert_accessible(page, "a focus area open for dialogue")

    page.fill("#body", COMMENT)
    page.locator("#comment-form button[type=submit]").click()
    expect(flash(page)).to_contain_text("Tack! Din kommentar är publicerad.")
    assert page.url.startswith(f"{live_server}/fokusomrade/{resident.area}#c")
    expect(page.locator(".comment-list")).to_contain_text(COMMENT)
    expect(page.locator("#comments-heading")).to_contain_text("(1 kommentar eller svar)")
    no_sideways_scroll = "document.documentElement.scrollWidth <= window.innerWidth"
    assert page.evaluate(no_sideways_scroll)
    assert_accessible(page, "a focus area with a comment")

    page.locator(".rating-form input[name=importance][value='5']").check()
    page.locator(".rating-form button[type=submit]").click()
    expect(flash(page)).to_contain_text("Tack! Dina svar är sparade.")
    assert page.url.endswith(f"/fokusomrade/{resident.area}#ratings")

    page.locator(".comment-list a[href^='/kommentar/']").first.click()
    expect(page.locator("h1")).to_contain_text(AREA_TITLE)
    expect(
        page.get_by_role("link", name="Tillbaka till alla kommentarer om fokusområdet")
    ).to_be_visible()
    assert_accessible(page, "the thread of a comment on a focus area")
