"""Reflow (WCAG 1.4.10): at 320 CSS px, what a 1280 px screen shows at 400 % zoom, no page
scrolls sideways, in either language. Wide data tables may scroll inside their own box."""

import pytest
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
