"""A date field's calendar button shows the site's focus (WCAG 2.4.7, 2.4.11).

Chromium makes the calendar button inside `<input type="date">` a Tab stop of its own, after
the field's day, month and year. There the field is the active element but neither `:focus`
nor `:focus-visible`, so the site's focus style did not reach it: only Chromium's own thin
ring on the small button showed where the keyboard was. Officials Tab through date fields on
the summaries' filter and the audit log's filter.
"""

import pytest
from playwright.sync_api import Page

from dialog.accounts.roles import Role
from tests.browser.test_official_swedish_walk import CALENDAR_BUTTON, FOCUS_SEEN
from tests.browser.test_officials import sign_in_with_code
from tests.browser.test_resident_flow import generous_limits, tab_to
from tests.officials import make_official

pytestmark = pytest.mark.browser

EMAIL = "dagny.datum@lund.se"


@pytest.fixture(scope="module")
def official(app, live_server):
    with generous_limits(app):
        with app.app_context():
            make_official(EMAIL, [("lund", Role.ADMIN), ("lund", Role.COMMUNICATOR)])
        yield EMAIL


def tab_to_the_calendar_button(page: Page, field: str) -> None:
    """Tab to the date field, then on within it until its calendar button has the focus."""
    tab_to(page, field, max_tabs=400)
    for _ in range(5):  # day, month and year come first, then the button
        if page.evaluate(CALENDAR_BUTTON):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"no calendar button in {field} on {page.url}")


#: The officials' date fields, each by its page: the summaries' filter and the audit log's.
FIELDS = [
    ("/hantera/lund/sammanfattning", "#since"),
    ("/hantera/lund/sammanfattning", "#until"),
    ("/hantera/lund/logg", "#since"),
    ("/hantera/lund/logg", "#until"),
]


def test_the_calendar_button_of_a_date_field_shows_the_focus(live_server, page, official):
    # Signed in once: the code is refused when used again within its 30 seconds.
    sign_in_with_code(page, live_server, official)
    for path, field in FIELDS:
        page.goto(live_server + path)
        tab_to_the_calendar_button(page, field)
        assert page.evaluate(FOCUS_SEEN), (path, field)
        # The site's own focus: the dark outline and the yellow ring around it.
        shadow = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
        assert shadow.startswith("rgb(255, 191, 71)"), (path, field)
