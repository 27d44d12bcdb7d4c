"""Acceptance: an official answers for the municipality, with the keyboard only, axe on each page.

A Lund administrator signs in with a password and a TOTP code, finds the goal in the list of
goals waiting for a response, publishes the response, sets the status and replies to a
resident's comment as the municipality; the goal page then shows all three to everyone, and
the resident who asked to be told gets a mail.
"""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.catalogue.models import Goal, Plan
from dialog.core.forms import new_submission_token
from dialog.extensions import db
from dialog.participation.services import post_comment
from tests.browser.test_officials import sign_in_with_code
from tests.browser.test_resident_flow import (
    GOAL_TITLE,
    PLAN_SLUG,
    assert_accessible,
    flash,
    follow,
    generous_limits,
    tab_to,
    type_into,
)
from tests.factories import Outbox, make_user
from tests.officials import make_official

pytestmark = pytest.mark.browser

OFFICIAL = "rut.respons@lund.se"
RESIDENT = "invanare@example.se"
RESPONSE = "Vi sätter upp fler lampor i parkerna under hösten."


@pytest.fixture(scope="module")
def answered(app, live_server):
    """A Lund administrator, and a resident's comment on a seeded Lund goal."""
    with generous_limits(app):
        with app.app_context():
            make_official(OFFICIAL, [("lund", Role.ADMIN)], name="Rut Respons")
            goal = db.session.scalar(
                select(Goal).join(Plan).where(Plan.slug == PLAN_SLUG, Goal.title == GOAL_TITLE)
            )
            resident = make_user(RESIDENT, "Ines Invånare", notify_response=True)
            posted = post_comment(goal, resident, "Mörkt i parken.", None, new_submission_token())
            db.session.commit()
            ids = SimpleNamespace(goal=goal.id, comment=posted.comment.id)
            db.session.remove()
        yield ids
    for message in Path(app.config["MAIL_OUTBOX"]).glob("*.eml"):
        message.unlink()


def test_an_official_publishes_a_response_that_appears_on_the_goal_page(
    live_server, app, page, browser, answered
):
    sign_in_with_code(page, live_server, OFFICIAL)

    follow(page, "Hantera")
    expect(page.locator("h1")).to_have_text("Hantera")
    follow(
        page,
        page.get_by_role(
            "link", name=re.compile(r"^Mål som väntar på återkoppling\s*, Lunds kommun$")
        ),
    )
    expect(page.locator("h1")).to_have_text("Mål som väntar på återkoppling")
    assert_accessible(page, "the goals waiting for a response")
    follow(page, GOAL_TITLE)
    expect(page.locator("h1")).to_contain_text("Återkoppla om")
    assert_accessible(page, "the response page")

    type_into(page, "#body", RESPONSE)
    follow(page, "Publicera återkopplingen")
    expect(flash(page)).to_contain_text("Återkopplingen är publicerad")
    mail = Outbox(Path(app.config["MAIL_OUTBOX"])).last()
    assert mail["To"] == RESIDENT and mail["Subject"].startswith("Lunds kommun har återkopplat")

    tab_to(page, "#option")
    page.keyboard.type("Pågår")
    expect(page.locator("#option")).not_to_have_value("")
    tab_to(page, "#progress")
    page.keyboard.press("Control+a")
    page.keyboard.type("40")
    follow(page, "Lägg till statusuppdateringen")
    expect(flash(page)).to_contain_text("Statusen är uppdaterad")
    assert_accessible(page, "the response page after an update")

    follow(page, f"Svara som kommunen till kommentar {answered.comment}")
    expect(page.locator("h1")).to_have_text("Svara som kommunen")
    assert_accessible(page, "the official reply form")
    type_into(page, "#body", "Tack, vi har tagit med det.")
    follow(page, "Publicera svaret")
    expect(flash(page)).to_contain_text("Svaret är publicerat som kommunens")
    expect(page.locator(".comment.official")).to_contain_text("Officiellt svar")

    page.goto(f"{live_server}/mal/{answered.goal}")
    feedback = page.locator(".official-feedback")
    expect(feedback).to_contain_text("Så här tar vi hand om synpunkterna")
    expect(feedback).to_contain_text(RESPONSE)
    expect(feedback).to_contain_text("Pågår")
    expect(page.locator("#goal-progress")).to_have_attribute("value", "40")
    expect(page.locator(".comment.official")).to_contain_text("Lunds kommun")
    assert_accessible(page, "the goal page with the response")

    follow(page, "Hantera")
    expect(page.locator("h1")).to_have_text("Hantera")
    follow(page, page.get_by_role("link", name=re.compile(r"^Statusar för mål\s*, Lunds kommun$")))
    expect(page.locator("h1")).to_have_text("Statusar för mål")
    assert_accessible(page, "the list of statuses")

    # Everyone sees it, and no officials' link, without signing in (the same test: the world
    # this one made is not shared with another worker).
    visitor = browser.new_context(locale="sv-SE")
    anonymous = visitor.new_page()
    anonymous.goto(f"{live_server}/mal/{answered.goal}")
    expect(anonymous.locator(".official-feedback")).to_contain_text(RESPONSE)
    expect(anonymous.get_by_role("link", name="Återkoppla som kommunen")).to_have_count(0)
    assert_accessible(anonymous, "the goal page with the response, signed out")
    visitor.close()
