""" "Reply" on a phone leads to the reply area, whoever presses it.

Found by the walk of a first-time resident of 70 on a 390 px phone: signed out, "Svara" on a
comment with replies opened the comment's page at the top, and the way to sign in stood under
the replies, out of sight; the page seemed to have done nothing. A resident whose address was
not confirmed met the same, and the notice there did not say which address the link went to.
"""

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from dialog.catalogue.models import Goal
from dialog.core.forms import new_submission_token
from dialog.extensions import db
from dialog.participation.services import post_comment
from tests.browser.test_first_visit import PHONE
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser

LONG = (
    "Gång- och cykelvägen längs ån behöver belysning hela vägen, fler bänkar med armstöd "
    "och en ramp vid bron. Många äldre går här varje dag, och på vintern är det mörkt redan "
    "klockan fyra. "
) * 3
UNCONFIRMED = "obekraftad@example.se"


@pytest.fixture(scope="module")
def thread(app, live_server):
    """A comment with three long replies, so that the reply area is far below the top."""
    with app.app_context():
        goal = db.session.scalar(select(Goal).where(Goal.title == "Sveriges tryggaste kommun"))
        writer = make_user("skribent@example.se", "Skribent")
        top = post_comment(goal, writer, LONG, None, new_submission_token()).comment
        for number in range(3):
            other = make_user(f"svar{number}@example.se", f"Svarare {number}")
            post_comment(goal, other, LONG, None, new_submission_token(), parent=top)
        make_user(UNCONFIRMED, "Ny här", verified=False)
        db.session.commit()
        ids = {"goal": goal.id, "top": top.id}
        db.session.remove()
    return ids


def phone_page(browser, script: bool) -> Page:
    context = browser.new_context(locale="sv-SE", viewport=PHONE, java_script_enabled=script)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def press_reply(page: Page, live_server: str, ids: dict, language: str) -> None:
    """From the goal page, by keyboard, the Reply link of the comment with replies."""
    query = "?lang=en" if language == "en" else ""  # Swedish needs no `lang`
    page.goto(f"{live_server}/mal/{ids['goal']}{query}")
    link = page.locator(f'main a[href^="/kommentar/{ids["top"]}"][href$="#reply"]')
    expect(link).to_have_count(1)
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server}/kommentar/{ids['top']}{query}#reply")
    page.wait_for_load_state("load")


@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_signed_out_reply_shows_the_way_to_sign_in_on_screen(
    live_server, browser, thread, script, language
):
    page = phone_page(browser, script)
    press_reply(page, live_server, thread, language)
    invite = page.locator("#reply")
    expect(invite).to_be_in_viewport()
    words = {
        "sv": ("Logga in för att svara", "skapa ett konto"),
        "en": ("Sign in to reply", "create an account"),
    }
    for name in words[language]:
        expect(invite.get_by_role("link", name=name)).to_be_visible()
    page.context.close()


@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
def test_an_unconfirmed_resident_is_told_at_the_reply_which_address_to_confirm(
    live_server, browser, thread, script
):
    page = phone_page(browser, script)
    page.goto(f"{live_server}/konto/logga-in")
    page.get_by_label("E-postadress").fill(UNCONFIRMED)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Logga in").press("Enter")
    expect(page.locator("h1")).not_to_have_text("Logga in")
    press_reply(page, live_server, thread, "sv")
    notice = page.locator("#reply")
    expect(notice).to_be_in_viewport()
    expect(notice.locator("strong")).to_have_text(UNCONFIRMED)
    expect(notice.get_by_role("button", name="Skicka bekräftelselänken igen")).to_be_visible()
    expect(notice.get_by_role("link", name="E-post och lösenord")).to_be_visible()
    page.context.close()
