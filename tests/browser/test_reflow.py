"""Reflow (WCAG 1.4.10): at 320 CSS px, what a 1280 px screen shows at 400 % zoom, no page
scrolls sideways, in either language. Wide data tables may scroll inside their own box."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dialog.catalogue.models import Goal
from dialog.extensions import db
from dialog.participation.models import RatingQuestion
from dialog.participation.services import rate
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def rated_goal(app, live_server):
    """A goal rated by five residents, so that its page shows the answers' distributions."""
    with app.app_context():
        goal = db.session.scalar(select(Goal).where(Goal.title == "Sveriges tryggaste kommun"))
        for n in range(5):
            resident = make_user(f"reflow{n}@example.se", f"Läsare {n}")
            rate(goal, resident, {RatingQuestion.IMPORTANCE: 1 + n, RatingQuestion.PERFORMANCE: 0})
        db.session.commit()
        goal_id = goal.id
        db.session.remove()
    return goal_id


@pytest.mark.parametrize("language", ["sv", "en"])
def test_no_page_scrolls_sideways_at_320_px(live_server, page, rated_goal, language):
    page.set_viewport_size({"width": 320, "height": 640})
    wide = {}
    for path in (f"/mal/{rated_goal}", "/kakor", "/oppna-data"):
        page.goto(f"{live_server}{path}?lang={language}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide[path] = width
    page.goto(f"{live_server}/mal/{rated_goal}?lang={language}")
    assert page.locator(".distribution-table").count() == 2
    assert wide == {}


def test_my_page_with_ratings_does_not_scroll_sideways(live_server, page, rated_goal):
    """My page's table of ratings (goal, question, answer) was 350 px wide at 320 px, and the
    whole page scrolled sideways; the table now scrolls in its own box."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server}/konto/logga-in?next=/mina-sidor")
    page.get_by_label("E-postadress").fill("reflow0@example.se")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").press("Enter")
    page.wait_for_url(f"{live_server}/mina-sidor")
    for language in ("sv", "en"):
        page.goto(f"{live_server}/mina-sidor?lang={language}")
        assert page.locator("section[aria-labelledby=my-ratings] tbody tr").count() == 2
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, language


#: WCAG 1.4.12: what a reader's own style sheet may set without anything being lost.
TEXT_SPACING = (
    "* { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
    " word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"
)


def test_with_text_spacing_nothing_is_wider_than_320_px(live_server, browser, rated_goal):
    """At 320 px with the text spacing of WCAG 1.4.12, a plan's long Swedish compound in its
    "Take part" button, the answers' table and a long e-mail address kept the page wider than
    the screen."""
    context = browser.new_context(
        locale="sv-SE", viewport={"width": 320, "height": 640}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    wide = {}
    try:
        address = "ett.ganska.langt.namn.pa.en.adress@exempel-kommunen.example.se"
        page.goto(f"{live_server}/konto/registrera?lang=en")
        page.locator("#email").fill(address)
        page.locator("#display_name").fill("Långt Namn")
        page.locator("#password").fill("ett långt och bra lösenord")
        page.locator("#accept_rules").check()
        page.locator("#accept_privacy").check()
        page.locator("main form button[type=submit]").click()
        expect(page.locator("main")).to_contain_text(address)
        # The text is there before the stylesheet: unstyled, the address is 387 px wide (CI).
        page.wait_for_load_state("load")
        pages = [None, "/kommun/lund?lang=en", "/kommun/lund", f"/mal/{rated_goal}?lang=en"]
        for path in pages:
            if path is not None:
                page.goto(live_server + path)
            page.add_style_tag(content=TEXT_SPACING)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                wide[path or "check your e-mail"] = width
    finally:
        context.close()
    assert wide == {}
