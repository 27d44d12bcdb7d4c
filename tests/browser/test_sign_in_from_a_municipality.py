"""A resident reading Lund's goal on a 390 px phone, in English, taps "Sign in": the sign-in,
create-account and forgotten-password pages still say Lunds kommun at the top, and signing in
leads back to the goal. The privacy notice reads plainly and says what its version changed."""

import pytest
from playwright.sync_api import expect

from dialog.extensions import db
from tests.factories import PASSWORD, make_user
from tests.officials import open_goal_of

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def goal_id(app, live_server):
    """An open goal of Lund's, and a resident of Lund with an account."""
    with app.app_context():
        found = open_goal_of("lund").id
        make_user("lundabo@example.se", "Lundabo")
        db.session.remove()
    return found


@pytest.fixture
def phone(browser, goal_id):
    context = browser.new_context(locale="en-GB", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page, goal_id
    context.close()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_signing_in_from_lunds_goal_stays_lunds(phone, live_server):
    page, goal_id = phone
    page.goto(f"{live_server}/mal/{goal_id}?lang=en")
    header = page.locator("header.site-header .site-name")
    expect(header).to_contain_text("Lunds kommun")
    page.locator(".header-sign-in").get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert "/konto/logga-in?next=" in page.url, page.url
    expect(header).to_contain_text("Lunds kommun")
    assert "Lunds kommun" in page.title() and fits(page)
    page.screenshot(path="/tmp/house3-sign-in-phone.png", full_page=True)

    page.get_by_role("link", name="Forgotten password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forgotten password")
    expect(header).to_contain_text("Lunds kommun")
    page.go_back()
    page.get_by_role("link", name="Create account").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create account")
    expect(header).to_contain_text("Lunds kommun")
    page.get_by_role("link", name="Sign in").last.click()

    page.get_by_label("E-mail address").fill("lundabo@example.se")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").press("Enter")
    page.wait_for_url(f"{live_server}/mal/{goal_id}*")
    expect(header).to_contain_text("Lunds kommun")


def test_the_privacy_notice_reads_plainly_on_a_phone(phone, live_server, app):
    page, _goal_id = phone
    page.goto(f"{live_server}/integritet?lang=en")
    version = app.config["PRIVACY_VERSION"]
    expect(page.locator("#changes")).to_contain_text(f"What changed in version {version}")
    expect(page.get_by_text("only a scrambled form of it")).to_be_visible()
    assert "scrypt" not in page.content() and fits(page)
    page.screenshot(path="/tmp/house3-privacy-phone.png", full_page=True)
