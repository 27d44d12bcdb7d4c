"""Acceptance: a queue filtered to nothing says so, and one link (by keyboard, without
JavaScript) shows the whole queue again."""

import os

import pytest
from playwright.sync_api import expect

from dialog.accounts.roles import Role
from dialog.extensions import db
from dialog.participation.models import CommentStatus
from dialog.participation.services import post_comment
from tests.browser.test_desk_list import desk
from tests.browser.test_resident_flow import follow, generous_limits
from tests.factories import make_user
from tests.officials import make_official, open_goal_of

pytestmark = pytest.mark.browser


@pytest.fixture
def waiting(app, live_server):
    with generous_limits(app):
        with app.app_context():
            make_official("narrow@lund.se", [("lund", Role.MODERATOR)], name="Nora")
            writer = make_user("narrow.writer@example.se", "Ines")
            for text in ("Fler papperskorgar.", "Bättre skyltning."):
                made = post_comment(open_goal_of("lund"), writer, text, None, os.urandom(16).hex())
                made.comment.status, made.comment.held_for = CommentStatus.PENDING.value, "approval"
            db.session.commit()
            db.session.remove()
        yield


def test_a_queue_filtered_to_nothing_leads_back_to_the_whole_queue(live_server, browser, waiting):
    page = desk(browser, live_server, "narrow", script=False)
    try:
        page.goto(f"{live_server}/hantera/lund/moderering?queue=approval&until=2000-01-01")
        expect(page.locator("main")).to_contain_text("Ingen kommentar i kön passar filtret.")
        expect(page.locator("main")).not_to_contain_text("Inget väntar i den här kön.")
        follow(page, "Visa hela kön (2 kommentarer)")
        status = page.locator("p[role=status]")
        expect(status).to_have_text("2 kommentarer, den som väntat längst först")
        expect(page.locator("input[name=selected]")).to_have_count(2)
    finally:
        page.context.close()
