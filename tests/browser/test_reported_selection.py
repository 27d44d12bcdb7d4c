"""Acceptance: a moderator hides the spam of the reported queue in one selection, by keyboard,
without JavaScript, when reports have already taken one of the comments down.

The walk-through found the whole selection refused ("already handled", though no one had
decided it) because the taken-down comment counted as awaiting moderation, and nothing in the
list said which one it was.
"""

import os

import pytest
from flask import current_app
from playwright.sync_api import expect

from dialog.accounts.roles import Role
from dialog.extensions import db
from dialog.participation.models import Comment
from dialog.participation.services import post_comment, report_comment
from tests.browser.test_desk_list import desk
from tests.browser.test_resident_flow import (
    flash,
    follow,
    generous_limits,
    tab_to,
)
from tests.factories import make_user
from tests.officials import make_official, open_goal_of

pytestmark = pytest.mark.browser


@pytest.fixture
def spam(app, live_server):
    """Two reported spam comments in Lund: one reported once (still public), one reported
    until the threshold took it down."""
    with generous_limits(app):
        with app.app_context():
            goal = open_goal_of("lund")
            make_official("sel@lund.se", [("lund", Role.MODERATOR)], name="Selma")
            writer = make_user("sel.writer@example.se", "Sam")
            reporters = [
                make_user(f"sel.r{n}@example.se", f"R{n}")
                for n in range(current_app.config["REPORT_THRESHOLD"])
            ]

            def posted(text: str) -> Comment:
                return post_comment(goal, writer, text, None, os.urandom(16).hex()).comment

            public, taken_down = posted("Köp solglasögon!"), posted("Billiga klockor här!")
            report_comment(public, reporters[0], "spam", None)
            for reporter in reporters:
                report_comment(taken_down, reporter, "spam", None)
            db.session.commit()
            ids = (public.id, taken_down.id)
            db.session.remove()
        yield ids


def test_a_selection_in_the_reported_queue_is_hidden_by_keyboard(live_server, browser, spam):
    page = desk(browser, live_server, "sel", script=False)
    public, taken_down = spam
    try:
        page.goto(f"{live_server}/hantera/lund/moderering?queue=reported")
        expect(page.locator("p[role=status]")).to_have_text("2 kommentarer, äldsta anmälan först")
        down = page.locator(".desk-item", has=page.locator(f"#select-{taken_down}"))
        expect(down).to_contain_text("Dold för invånarna efter anmälningar")
        expect(
            page.locator(".desk-item", has=page.locator(f"#select-{public}"))
        ).not_to_contain_text("Dold för invånarna")
        for comment_id in (public, taken_down):
            tab_to(page, f"#select-{comment_id}")
            page.keyboard.press("Space")
        tab_to(page, "#bulk-action")
        page.keyboard.type("Döl")
        expect(page.locator("#bulk-action")).to_have_value("hide")
        tab_to(page, "#bulk-reason")
        page.keyboard.type("Rek")
        expect(page.locator("#bulk-reason")).to_have_value("spam")
        follow(page, "Utför åtgärden på de valda kommentarerna")
        expect(page.locator("h1")).to_have_text("Dölj 2 kommentarer?")
        follow(page, "Dölj 2 kommentarer")
        expect(flash(page)).to_have_text(
            "”Dölj” gäller nu 2 kommentarer. Inget återstår i ”Anmälda”."
        )
        expect(flash(page)).to_be_focused()
    finally:
        page.context.close()
