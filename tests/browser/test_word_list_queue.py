"""Acceptance: a moderator reads which listed words held a comment, in the word-list queue and
on the comment's page, by keyboard at 1280 px; the words add no Tab stop before the decision.
"""

import os

import pytest
from playwright.sync_api import expect

from dialog.accounts.roles import Role
from dialog.extensions import db
from dialog.participation.services import post_comment
from tests.browser.test_desk_list import desk
from tests.browser.test_resident_flow import follow, generous_limits
from tests.factories import make_user
from tests.officials import make_official, open_goal_of

pytestmark = pytest.mark.browser

TEXT = "Bänkarna vid dammen är trasiga sedan i våras. Den som sköter parken är ett pucko."


@pytest.fixture
def held(app, live_server):
    with generous_limits(app):
        with app.app_context():
            make_official("words@lund.se", [("lund", Role.MODERATOR)], name="Wera")
            writer = make_user("words.writer@example.se", "Otto")
            comment = post_comment(open_goal_of("lund"), writer, TEXT, None, os.urandom(16).hex())
            db.session.commit()
            assert comment.comment.held_for == "word_list"
            comment_id = comment.comment.id
            db.session.remove()
        yield comment_id


def test_the_listed_words_are_named_in_the_queue_and_on_the_page(live_server, browser, held):
    page = desk(browser, live_server, "words")
    try:
        page.goto(f"{live_server}/hantera/lund/moderering?queue=word_list")
        item = page.locator(".desk-item", has=page.locator(f"#select-{held}"))
        expect(item.locator(".desk-reasons")).to_have_text("Stoppad av orden i ordlistan: pucko*")
        follow(page, item.get_by_role("link"))
        expect(page.locator("h1")).to_have_text(f"Kommentar {held}")
        expect(page.locator("h1")).to_be_focused()
        fact = page.locator(".facts div", has_text="Stoppad av orden i ordlistan")
        expect(fact.locator("dd")).to_have_text("pucko*")
        page.keyboard.press("Tab")  # one Tab from the heading to the first decision, as before
        expect(page.get_by_role("button", name="Publicera")).to_be_focused()
    finally:
        page.context.close()
