"""Acceptance: a moderator works a small queue on a 390 px phone, by keyboard only, in English,
without JavaScript; axe on every page.

Mona signs in with a password and a TOTP code and opens the desk from the menu. In the approval
queue she publishes the oldest comment (one Tab from the confirmation to "Publish"), rejects
the next, a reply shown under the comment it answers, with a reason, and decides the last two
together: the first try without a reason comes back with both still ticked, the second asks
her to confirm. In the reported
queue she reads the reports' reasons and the writer's other comment waiting, hides both, then
changes her mind on the first and restores it; every decision is in the audit log.

DIALOG_SCREENSHOTS=<folder> keeps a screenshot of each page.
"""

import os
import re
from types import SimpleNamespace

import pyotp
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from dialog.accounts.roles import Role
from dialog.catalogue.models import Goal, Municipality, Plan
from dialog.core.audit import AuditEntry
from dialog.extensions import db
from dialog.participation.models import Comment, CommentStatus
from dialog.participation.services import post_comment, report_comment
from dialog.participation.windows import dialogue_state
from tests.browser.test_insights_on_a_phone import PHONE
from tests.browser.test_resident_flow import (
    assert_accessible,
    flash,
    follow,
    generous_limits,
    tab_to,
    type_into,
)
from tests.factories import PASSWORD, make_user
from tests.officials import SECRET, make_official

pytestmark = pytest.mark.browser

EMAIL = "mona.walk@lund.se"
PARENT = "Fler bänkar i parken, tack."
REPLY = "Håller med, och mer skugga."
SPAM = "Köp billiga solglasögon på vår webbplats!"


@pytest.fixture(scope="module")
def queue(app, live_server):
    """Four comments awaiting approval in Lund (the second a reply), and two reported ones by
    one writer."""
    with generous_limits(app):
        with app.app_context():
            lund = db.session.scalars(
                select(Goal).join(Plan).join(Municipality).where(Municipality.slug == "lund")
            ).all()
            goal = next(found for found in lund if dialogue_state(found).is_open)
            make_official(EMAIL, [("lund", Role.MODERATOR)], name="Mona Walk")
            writer = make_user("walk.writer@example.se", "Wille")
            spammer = make_user("walk.spammer@example.se", "Sam")
            reporters = [make_user(f"walk.r{n}@example.se", f"R{n}") for n in range(2)]

            def waiting(text: str, parent: Comment | None = None) -> Comment:
                made = post_comment(goal, writer, text, None, os.urandom(16).hex(), parent=parent)
                made.comment.status, made.comment.held_for = CommentStatus.PENDING.value, "approval"
                return made.comment

            first = waiting("Bygg en ny lekplats vid skolan.")
            parent = post_comment(goal, spammer, PARENT, None, os.urandom(16).hex()).comment
            reply = waiting(REPLY, parent=parent)
            third, fourth = waiting("Bättre belysning på cykelvägen."), waiting("Fler soptunnor.")
            spam = post_comment(goal, spammer, SPAM, None, os.urandom(16).hex()).comment
            report_comment(spam, reporters[0], "spam", "Reklam.")
            report_comment(spam, reporters[1], "personal_attack", None)
            again = post_comment(goal, spammer, "Solglasögon igen!", None, os.urandom(16).hex())
            report_comment(again.comment, reporters[0], "spam", None)
            db.session.commit()
            ids = SimpleNamespace(
                first=first.id,
                reply=reply.id,
                third=third.id,
                fourth=fourth.id,
                spam=spam.id,
                again=again.comment.id,
            )
            db.session.remove()
        yield ids


@pytest.fixture
def phone(browser):
    """English without JavaScript at 390 px, and beside it a page with JavaScript for axe."""
    context = browser.new_context(locale="en-GB", java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.checker = browser.new_page(locale="en-GB", viewport=PHONE)  # type: ignore[attr-defined]
    yield page
    page.checker.close()  # type: ignore[attr-defined]
    context.close()


def check(page: Page, name: str) -> None:
    """axe on a copy of the page as the keyboard user sees it, no sideways scrolling, and a
    screenshot when asked for."""
    html = page.content()
    checker: Page = page.checker  # type: ignore[attr-defined]
    checker.route(page.url, lambda route: route.fulfill(body=html, content_type="text/html"))
    checker.goto(page.url)
    checker.unroute(page.url)
    assert_accessible(checker, name, "en")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    folder = os.environ.get("DIALOG_SCREENSHOTS")
    if folder:
        path = os.path.join(folder, f"moderator-{name.replace(' ', '-')}.png")
        page.screenshot(path=path, full_page=True)


def tabs_to(page: Page, name: str) -> int:
    """How many Tabs from the focus to the button `name`: the keystrokes a decision costs."""
    for count in range(1, 30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == name:
            return count
    raise AssertionError(f"no {name!r} within 30 Tabs")


def choose(page: Page, select: str, typed: str, value: str) -> None:
    """Pick an option in a select by typing its first letters, as a keyboard user does."""
    tab_to(page, select)
    page.keyboard.type(typed)
    expect(page.locator(select)).to_have_value(value)


def item_link(page: Page, comment_id: int):
    return page.get_by_role("link", name=re.compile(f"^Comment {comment_id} on "))


def audited(app, action: str) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count(AuditEntry.id)).filter_by(action=action))
        db.session.remove()
    return count


def test_a_moderator_works_a_small_queue_by_keyboard_on_a_phone(app, live_server, queue, phone):
    page = phone
    page.goto(live_server + "/konto/logga-in?lang=en")
    type_into(page, "#email", EMAIL)
    type_into(page, "#password", PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Second step: code")
    type_into(page, "#code", pyotp.TOTP(SECRET).now())
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "tvastegsverifiering" not in url)
    expect(page.locator("h1")).to_have_text("Manage")  # an official begins on the officials' start
    follow(page, page.get_by_role("link", name=re.compile(r"^Moderation desk\s*, Lunds kommun$")))
    expect(page.locator("h1")).to_have_text("Moderation desk")
    check(page, "desk")

    # Awaiting approval: four, oldest first. The first is published with one Tab and Enter.
    follow(page, "Awaiting approval (4)")
    expect(page.locator("[role=status]")).to_have_text("4 comments, oldest first")
    check(page, "approval queue")
    follow(page, item_link(page, queue.first))
    expect(page.locator(".queue-position")).to_have_text(
        "Comment 1 of 4 in the queue “Awaiting approval”"
    )
    check(page, "comment awaiting approval")
    assert tabs_to(page, "Publish") == 1
    page.keyboard.press("Enter")

    # The next comment, a reply, opens with the confirmation focused, the parent above it.
    expect(flash(page)).to_have_text(
        f"Comment {queue.first} is published. 3 comments are left in “Awaiting approval”."
    )
    expect(flash(page)).to_be_focused()
    expect(page.locator("h1")).to_have_text(f"Comment {queue.reply}")
    expect(page.locator("section[aria-labelledby=parent-heading]")).to_contain_text(PARENT)
    check(page, "a reply after a decision")
    choose(page, "#reject-reason", "Off", "off_topic")
    type_into(page, "#reject-message", "Please write about the goal.")
    follow(page, "Reject")
    expect(flash(page)).to_contain_text(f"Comment {queue.reply} is rejected.")
    expect(page.locator("h1")).to_have_text(f"Comment {queue.third}")

    # The last two together from the list; without a reason both stay ticked.
    back = page.get_by_role("link", name="Moderation desk: Awaiting approval", exact=True)
    follow(page, back, backwards=True)
    expect(page.locator("[role=status]")).to_have_text("2 comments, oldest first")
    for comment_id in (queue.third, queue.fourth):
        tab_to(page, f"#select-{comment_id}")
        page.keyboard.press("Space")
    choose(page, "#bulk-action", "Rej", "reject")
    follow(page, "Apply to the chosen comments")
    expect(flash(page)).to_contain_text("Nothing was changed.")
    expect(page.locator("#error-summary")).to_contain_text("Choose the rule the comment breaks.")
    for comment_id in (queue.third, queue.fourth):
        expect(page.locator(f"#select-{comment_id}")).to_be_checked()
    expect(page.locator("#bulk-action")).to_have_value("reject")
    check(page, "a selection without a reason")
    choose(page, "#bulk-reason", "Off", "off_topic")
    follow(page, "Apply to the chosen comments")
    expect(page.locator("h1")).to_have_text("Reject 2 comments?")
    check(page, "a selection to confirm")
    follow(page, "Reject 2 comments")
    expect(flash(page)).to_have_text(
        "“Reject” is applied to 2 comments. Nothing is left in “Awaiting approval”."
    )

    # Reported: the reasons, the writer's other comment waiting; both hidden, one restored.
    follow(page, "Reported (2)")
    expect(page.locator("[role=status]")).to_have_text("2 comments, oldest first")
    follow(page, item_link(page, queue.spam))
    expect(page.locator("h1")).to_have_text(f"Comment {queue.spam}")
    reports = page.locator("section[aria-labelledby=reports-heading]")
    expect(reports).to_contain_text("Advertising or spam: Reklam.")
    expect(reports).to_contain_text("Personal attack or harassment")
    waiting = page.locator("#waiting-heading + ul")
    expect(waiting.get_by_role("link")).to_have_text(re.compile(f"^Comment {queue.again} on "))
    check(page, "a reported comment")
    choose(page, "#hide-reason", "Adv", "spam")
    follow(page, "Hide")
    expect(flash(page)).to_contain_text(f"Comment {queue.spam} is hidden.")
    expect(page.locator("h1")).to_have_text(f"Comment {queue.again}")
    choose(page, "#hide-reason", "Adv", "spam")
    follow(page, "Hide")
    expect(flash(page)).to_contain_text("Nothing is left in “Reported”.")
    check(page, "the reported queue emptied")

    # She changes her mind: the first hidden comment, from the writer's record, is restored.
    page.goto(f"{live_server}/hantera/lund/moderering/{queue.again}?lang=en")
    follow(page, page.locator("#author-heading + ul").get_by_role("link"))
    expect(page.locator("h1")).to_have_text(f"Comment {queue.spam}")
    follow(page, "Restore")
    expect(flash(page)).to_contain_text(f"Comment {queue.spam} is restored.")
    page.goto(f"{live_server}/hantera/lund/moderering/{queue.spam}?lang=en")
    history = page.locator("#history-heading + ul li")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text("Restore – Mona Walk")
    check(page, "a restored comment")
    assert [audited(app, f"moderation.{action}") for action in ("publish", "reject", "hide")] == [
        1,
        3,
        2,
    ]
    assert audited(app, "moderation.restore") == 1
