"""Acceptance: a moderator works a small queue on a 390 px phone, by keyboard only, in English
and in Swedish, without JavaScript; axe on every page.

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
from dialog.core.audit import AuditEntry
from dialog.extensions import db
from dialog.participation.models import Comment, CommentStatus
from dialog.participation.services import post_comment, report_comment
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
from tests.officials import SECRET, make_official, open_goal_of

pytestmark = pytest.mark.browser

#: What the walk reads and presses, in each language of the desk.
TEXTS = {
    "en": {
        "locale": "en-GB",
        "query": "?lang=en",
        "code step": "Second step: code",
        "manage": "Manage",
        "desk": "Moderation desk",
        "approval": "Awaiting approval",
        "reported": "Reported",
        "comments": "{} comments, longest waiting first",
        "reported comments": "{} comments, oldest report first",
        "comment": "Comment {}",
        "comment on": "Comment {} on ",
        "position": "Comment 1 of 4 in the queue “Awaiting approval”",
        "publish": "Publish",
        "published": "Comment {} is published. 3 comments are left in “Awaiting approval”.",
        "off topic": "Off",
        "reject": "Reject",
        "rejected": "Comment {} is rejected.",
        "apply": "Apply to the chosen comments",
        "nothing changed": "Nothing was changed.",
        "no reason": "Choose the rule the comment breaks.",
        "reject two?": "Reject 2 comments?",
        "reject two": "Reject 2 comments",
        "applied": "“Reject” is applied to 2 comments. Nothing is left in “Awaiting approval”.",
        "spam report": "Advertising or spam: Reklam.",
        "attack": "Personal attack or harassment",
        "spam": "Adv",
        "hide": "Hide",
        "hidden": "Comment {} is hidden.",
        "reported emptied": "Nothing is left in “Reported”.",
        "restore": "Restore",
        "restored": "Comment {} is restored.",
        "history": "Restore – Mona Walk",
    },
    "sv": {
        "locale": "sv-SE",
        "query": "",
        "code step": "Andra steget: kod",
        "manage": "Hantera",
        "desk": "Modereringen",
        "approval": "Väntar på godkännande",
        "reported": "Anmälda",
        "comments": "{} kommentarer, den som väntat längst först",
        "reported comments": "{} kommentarer, äldsta anmälan först",
        "comment": "Kommentar {}",
        "comment on": "Kommentar {} om ",
        "position": "Kommentar 1 av 4 i kön ”Väntar på godkännande”",
        "publish": "Publicera",
        "published": (
            "Kommentar {} är publicerad. 3 kommentarer återstår i ”Väntar på godkännande”."
        ),
        "off topic": "Han",
        "reject": "Avvisa",
        "rejected": "Kommentar {} är avvisad.",
        "apply": "Utför åtgärden på de valda kommentarerna",
        "nothing changed": "Ingenting ändrades.",
        "no reason": "Välj vilken regel kommentaren bryter mot.",
        "reject two?": "Avvisa 2 kommentarer?",
        "reject two": "Avvisa 2 kommentarer",
        "applied": "”Avvisa” gäller nu 2 kommentarer. Inget återstår i ”Väntar på godkännande”.",
        "spam report": "Reklam eller skräppost: Reklam.",
        "attack": "Personangrepp eller trakasserier",
        "spam": "Rek",
        "hide": "Dölj",
        "hidden": "Kommentar {} är dold.",
        "reported emptied": "Inget återstår i ”Anmälda”.",
        "restore": "Återställ",
        "restored": "Kommentar {} är återställd.",
        "history": "Återställ – Mona Walk",
    },
}
PARENT = "Fler bänkar i parken, tack."
REPLY = "Håller med, och mer skugga."
SPAM = "Köp billiga solglasögon på vår webbplats!"


@pytest.fixture(params=["en", "sv"])
def language(request) -> str:
    return request.param


@pytest.fixture
def queue(app, live_server, language):
    """Four comments awaiting approval in Lund (the second a reply), and two reported ones by
    one writer; a moderator and writers of their own for each language's walk."""
    with generous_limits(app):
        with app.app_context():
            goal = open_goal_of("lund")
            make_official(f"mona.{language}@lund.se", [("lund", Role.MODERATOR)], name="Mona Walk")
            writer = make_user(f"walk.writer.{language}@example.se", "Wille")
            spammer = make_user(f"walk.spammer.{language}@example.se", "Sam")
            reporters = [make_user(f"walk.r{n}.{language}@example.se", f"R{n}") for n in range(2)]

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
def phone(browser, language):
    """The language's page without JavaScript at 390 px, and beside it one with it for axe."""
    locale = TEXTS[language]["locale"]
    context = browser.new_context(locale=locale, java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.checker = browser.new_page(locale=locale, viewport=PHONE)  # type: ignore[attr-defined]
    page.language = language  # type: ignore[attr-defined]
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
    assert_accessible(checker, name, page.language)  # type: ignore[attr-defined]
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
    said = TEXTS[page.language]["comment on"].format(comment_id)  # type: ignore[attr-defined]
    return page.get_by_role("link", name=re.compile(f"^{said}"))


def audited(app, action: str) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count(AuditEntry.id)).filter_by(action=action))
        db.session.remove()
    return count


def test_a_moderator_works_a_small_queue_by_keyboard_on_a_phone(
    app, live_server, queue, phone, language
):
    page, said = phone, TEXTS[language]
    actions = ("publish", "reject", "hide", "restore")
    before = [audited(app, f"moderation.{action}") for action in actions]
    page.goto(live_server + "/konto/logga-in" + said["query"])
    type_into(page, "#email", f"mona.{language}@lund.se")
    type_into(page, "#password", PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(said["code step"])
    type_into(page, "#code", pyotp.TOTP(SECRET).now())
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "tvastegsverifiering" not in url)
    expect(page.locator("h1")).to_have_text(said["manage"])  # an official's start
    desk = re.compile(rf"^{said['desk']}\s*, Lunds kommun$")
    follow(page, page.get_by_role("link", name=desk))
    expect(page.locator("h1")).to_have_text(said["desk"])
    check(page, "desk")

    # Awaiting approval: four, oldest first. The first is published with one Tab and Enter.
    follow(page, f"{said['approval']} (4)")
    expect(page.locator("[role=status]")).to_have_text(said["comments"].format(4))
    check(page, "approval queue")
    follow(page, item_link(page, queue.first))
    expect(page.locator(".queue-position")).to_have_text(said["position"])
    check(page, "comment awaiting approval")
    assert tabs_to(page, said["publish"]) == 1
    page.keyboard.press("Enter")

    # The next comment, a reply, opens with the confirmation focused, the parent above it.
    expect(flash(page)).to_have_text(said["published"].format(queue.first))
    expect(flash(page)).to_be_focused()
    expect(page.locator("h1")).to_have_text(said["comment"].format(queue.reply))
    expect(page.locator("section[aria-labelledby=parent-heading]")).to_contain_text(PARENT)
    check(page, "a reply after a decision")
    choose(page, "#reject-reason", said["off topic"], "off_topic")
    type_into(page, "#reject-message", "Please write about the goal.")
    follow(page, said["reject"])
    expect(flash(page)).to_contain_text(said["rejected"].format(queue.reply))
    expect(page.locator("h1")).to_have_text(said["comment"].format(queue.third))

    # The last two together from the list; without a reason both stay ticked.
    back = page.get_by_role("link", name=f"{said['desk']}: {said['approval']}", exact=True)
    follow(page, back, backwards=True)
    expect(page.locator("[role=status]")).to_have_text(said["comments"].format(2))
    for comment_id in (queue.third, queue.fourth):
        tab_to(page, f"#select-{comment_id}")
        page.keyboard.press("Space")
    choose(page, "#bulk-action", said["reject"][:3], "reject")
    follow(page, said["apply"])
    expect(flash(page)).to_contain_text(said["nothing changed"])
    expect(page.locator("#error-summary")).to_contain_text(said["no reason"])
    for comment_id in (queue.third, queue.fourth):
        expect(page.locator(f"#select-{comment_id}")).to_be_checked()
    expect(page.locator("#bulk-action")).to_have_value("reject")
    check(page, "a selection without a reason")
    choose(page, "#bulk-reason", said["off topic"], "off_topic")
    follow(page, said["apply"])
    expect(page.locator("h1")).to_have_text(said["reject two?"])
    check(page, "a selection to confirm")
    follow(page, said["reject two"])
    expect(flash(page)).to_have_text(said["applied"])

    # Reported: the reasons, the writer's other comment waiting; both hidden, one restored.
    follow(page, f"{said['reported']} (2)")
    expect(page.locator("[role=status]")).to_have_text(said["reported comments"].format(2))
    follow(page, item_link(page, queue.spam))
    expect(page.locator("h1")).to_have_text(said["comment"].format(queue.spam))
    reports = page.locator("section[aria-labelledby=reports-heading]")
    expect(reports).to_contain_text(said["spam report"])
    expect(reports).to_contain_text(said["attack"])
    waiting = page.locator("#waiting-heading + ul")
    again = said["comment on"].format(queue.again)
    expect(waiting.get_by_role("link")).to_have_text(re.compile(f"^{again}"))
    check(page, "a reported comment")
    choose(page, "#hide-reason", said["spam"], "spam")
    follow(page, said["hide"])
    expect(flash(page)).to_contain_text(said["hidden"].format(queue.spam))
    expect(page.locator("h1")).to_have_text(said["comment"].format(queue.again))
    choose(page, "#hide-reason", said["spam"], "spam")
    follow(page, said["hide"])
    expect(flash(page)).to_contain_text(said["reported emptied"])
    check(page, "the reported queue emptied")

    # She changes her mind: the first hidden comment, from the writer's record, is restored.
    page.goto(f"{live_server}/hantera/lund/moderering/{queue.again}{said['query']}")
    follow(page, page.locator("#author-heading + ul").get_by_role("link"))
    expect(page.locator("h1")).to_have_text(said["comment"].format(queue.spam))
    follow(page, said["restore"])
    expect(flash(page)).to_contain_text(said["restored"].format(queue.spam))
    page.goto(f"{live_server}/hantera/lund/moderering/{queue.spam}{said['query']}")
    history = page.locator("#history-heading + ul li")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text(said["history"])
    check(page, "a restored comment")
    done = [
        audited(app, f"moderation.{action}") - n for action, n in zip(actions, before, strict=True)
    ]
    assert done == [1, 3, 2, 1]
