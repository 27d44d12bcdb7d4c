"""Acceptance: on a 390 px phone, a moderator opens a plan's summary, goes on to its opinion
groups and reads them (computed on the first visit); a communicator has them computed again.
axe finds no WCAG 2.1 A/AA violation, and the page does not scroll sideways."""

import os

import pytest
from playwright.sync_api import expect

from dialog.accounts.roles import Role
from dialog.extensions import db
from tests.browser.test_officials import sign_in_with_code
from tests.browser.test_resident_flow import assert_accessible, flash, follow, generous_limits
from tests.insights.groups.fixture import build_plan
from tests.officials import make_official

pytestmark = pytest.mark.browser

MODERATOR = "mo.moderator@testkommun.se"
COMMUNICATOR = "kim.kommunikator@testkommun.se"
SUMMARY = "/hantera/testkommun/sammanfattning/plan/planen"


@pytest.fixture(scope="module")
def groups_world(app, live_server):
    with generous_limits(app):
        with app.app_context():
            build_plan([40, 30, 25])
            make_official(MODERATOR, [("testkommun", Role.MODERATOR)], name="Mo Moderator")
            make_official(COMMUNICATOR, [("testkommun", Role.COMMUNICATOR)], name="Kim K")
            db.session.remove()
        yield


def fits(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} scrolls sideways at {width} px ({scroll} px wide)"


def smallest_chart_text(page) -> float:
    """The smallest text in the page's charts in CSS px as drawn (an SVG scaled down to fit a
    phone shrinks its text with it)."""
    return page.evaluate(
        """Math.min(...[...document.querySelectorAll('svg.chart text')].map(text => {
            const svg = text.closest('svg');
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return parseFloat(getComputedStyle(text).fontSize) * scale;
        }))"""
    )


def test_a_moderator_reads_the_opinion_groups_on_a_phone(live_server, page, groups_world):
    sign_in_with_code(page, live_server, MODERATOR)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server + SUMMARY)
    expect(page.locator("h1")).to_have_text("Sammanfattning för Planen")
    expect(page.locator("#opinion-groups")).to_have_text("Åsiktsgrupper")
    expect(page.locator("main")).to_contain_text("Åsiktsgrupperna har inte beräknats ännu.")

    full = page.get_by_role("link", name="Åsiktsgrupperna i sin helhet", exact=False)
    follow(page, full, max_tabs=400)
    expect(page.locator("h1")).to_have_text("Åsiktsgrupper: Planen")
    main = page.locator("main")
    expect(main).to_contain_text("95 invånare som har bedömt minst 3 mål bildar 3 grupper.")
    expect(main.get_by_role("img", name="Invånare per åsiktsgrupp")).to_be_visible()
    expect(
        main.get_by_role("table", name="Mål som mer än hälften i varje grupp gav 4 eller 5")
    ).to_contain_text("Rent vatten")
    expect(main.get_by_role("heading", name="Så hittas grupperna")).to_be_visible()
    # Moderators read; they do not have the groups computed.
    expect(main.get_by_role("button", name="Beräkna igen nu")).to_have_count(0)
    fits(page, 390)
    assert smallest_chart_text(page) >= 12
    assert_accessible(page, "the opinion groups")
    if folder := os.environ.get("DIALOG_SCREENSHOTS"):
        page.screenshot(path=os.path.join(folder, "opinion-groups-390.png"), full_page=True)


def test_a_communicator_has_them_computed_again(live_server, page, groups_world):
    sign_in_with_code(page, live_server, COMMUNICATOR)
    page.goto(live_server + SUMMARY + "/asiktsgrupper")
    expect(page.locator("h1")).to_have_text("Åsiktsgrupper: Planen")
    follow(page, "Beräkna igen nu", max_tabs=600)
    expect(flash(page)).to_contain_text("Åsiktsgrupperna beräknas nu")
    expect(page.locator("h1")).to_have_text("Åsiktsgrupper: Planen")
    assert_accessible(page, "the opinion groups after computing again")
