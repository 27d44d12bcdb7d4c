"""Acceptance: a moderator works the desk with the keyboard only; axe on every desk page.

A Lund moderator signs in with a password and a TOTP code, opens the desk from the officials'
start page, rejects a comment awaiting approval with a reason and a message, and hides a
reported one. The author then reads the reason on My page.
"""

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dialog.accounts.models import User
from dialog.accounts.roles import Role
from dialog.catalogue.models import Goal
from dialog.extensions import db
from dialog.participation.models import Comment, CommentStatus
from dialog.participation.services import post_comment, report_comment
from tests.browser.test_officials import sign_in_with_code, sign_in_with_password
from tests.browser.test_resident_flow import (
    assert_accessible,
    choose_radio,
    flash,
    follow,
    generous_limits,
    tab_to,
    type_into,
)
from tests.factories import make_user
from tests.officials import make_official, open_goal_of

pytestmark = pytest.mark.browser

MODERATOR = "mona.moderator@lund.se"
ADMIN = "ada.admin@lund.se"
AUTHOR = "alex.author@example.se"
WAITING = "En synpunkt som väntar på att bli godkänd."
REPORTED = "Köp billiga solglasögon på vår webbplats!"


@pytest.fixture(scope="module")
def desk_world(app, live_server):
    """A Lund moderator, and an author with one comment awaiting approval and one reported."""
    with generous_limits(app):
        with app.app_context():
            goal = open_goal_of("lund")
            make_official(MODERATOR, [("lund", Role.MODERATOR)], name="Mona Moderator")
            make_official(ADMIN, [("lund", Role.ADMIN)], name="Ada Admin")
            author = make_user(AUTHOR, "Alex")
            reporter = make_user("rita.reporter@example.se", "Rita")
            waiting = post_comment(goal, author, WAITING, None, "w" * 32).comment
            waiting.status, waiting.held_for = CommentStatus.PENDING.value, "approval"
            spam = post_comment(goal, author, REPORTED, None, "s" * 32).comment
            report_comment(spam, reporter, "spam", "Reklam.")
            db.session.commit()
            ids = {"goal": goal.title, "waiting": waiting.id, "spam": spam.id}
            db.session.remove()
        yield ids
    for message in Path(app.config["MAIL_OUTBOX"]).glob("*.eml"):
        message.unlink()


def item_link(page, comment_id: int, goal: str):
    return page.get_by_role("link", name=f"Kommentar {comment_id} om {goal}", exact=True)


def test_a_moderator_works_the_queue_with_the_keyboard(live_server, browser, page, desk_world):
    sign_in_with_code(page, live_server, MODERATOR)
    follow(page, "Hantera")
    expect(page.locator("h1")).to_have_text("Hantera")
    follow(page, page.get_by_role("link", name=re.compile(r"^Modereringen\s*, Lunds kommun$")))
    expect(page.locator("h1")).to_have_text("Modereringen")
    assert_accessible(page, "the desk")

    follow(page, "Väntar på godkännande (1)")
    expect(page.locator("h2").first).to_have_text("Väntar på godkännande")
    assert_accessible(page, "the approval queue")
    follow(page, item_link(page, desk_world["waiting"], desk_world["goal"]))
    expect(page.locator("h1")).to_have_text(f"Kommentar {desk_world['waiting']}")
    expect(page.locator(".moderated-text")).to_have_text(WAITING)
    assert_accessible(page, "a comment awaiting approval")

    follow(page, "Avvisa")  # without a reason: the page says what is missing
    expect(page.locator("#error-summary")).to_contain_text("Välj vilken regel")
    assert_accessible(page, "a rejection without a reason")
    tab_to(page, "#reject-reason")
    page.keyboard.type("Handlar")
    expect(page.locator("#reject-reason")).to_have_value("off_topic")
    type_into(page, "#reject-message", "Skriv gärna om målet.")
    follow(page, "Avvisa")
    expect(flash(page)).to_contain_text(
        f"Kommentar {desk_world['waiting']} är avvisad. Inget återstår i ”Väntar på godkännande”."
    )
    expect(page.locator("h2").first).to_have_text("Väntar på godkännande")

    follow(page, "Anmälda (1)")
    expect(page.locator("h2").first).to_have_text("Anmälda")
    follow(page, item_link(page, desk_world["spam"], desk_world["goal"]))
    expect(page.locator("main")).to_contain_text("Reklam eller skräppost: Reklam.")
    assert_accessible(page, "a reported comment")
    tab_to(page, "#hide-reason")
    page.keyboard.type("Reklam")
    follow(page, "Dölj")
    expect(flash(page)).to_contain_text(f"Kommentar {desk_world['spam']} är dold.")
    # The confirmation has the focus, so a screen reader reads it on the page that follows.
    expect(flash(page)).to_be_focused()
    expect(page.locator("main")).to_contain_text("Inget väntar i den här kön.")
    follow(page, "Siffror för modereringen")
    expect(page.locator("h1")).to_have_text("Siffror för modereringen")
    expect(page.locator(".facts")).to_contain_text("Beslut2")
    assert_accessible(page, "the desk figures")

    author = browser.new_context(locale="sv-SE").new_page()
    author.goto(live_server + "/konto/logga-in?next=/mina-sidor")
    sign_in_with_password(author, AUTHOR)
    expect(author.locator("h1")).to_have_text("Mina sidor")
    mine = author.locator(".my-comments")
    expect(mine).to_contain_text("Avvisad – skäl: Handlar inte om målet. Skriv gärna om målet.")
    expect(mine).to_contain_text("Dold av en moderator – skäl: Reklam eller skräppost")
    author.context.close()


def test_an_administrator_sets_pre_moderation_with_the_keyboard(live_server, page, desk_world):
    sign_in_with_code(page, live_server, ADMIN)
    follow(page, "Hantera")
    expect(page.locator("h1")).to_have_text("Hantera")
    follow(
        page,
        page.get_by_role(
            "link", name=re.compile(r"^Inställningar för moderering\s*, Lunds kommun$")
        ),
    )
    expect(page.locator("h1")).to_have_text("Inställningar för moderering")
    expect(page.locator("#words")).to_contain_text("idiot*")
    assert_accessible(page, "the moderation settings")
    tab_to(page, "#policy-0")  # a radio group is one stop; the arrows choose
    choose_radio(page, "policy", "pre")
    type_into(page, "#retention_days", "20")
    follow(page, "Spara")
    expect(page.locator("#error-summary")).to_contain_text("från 30 till 36 500")
    assert_accessible(page, "the moderation settings with an error")
    tab_to(page, "#retention_days")
    page.keyboard.press("Control+A")
    page.keyboard.type("730")
    follow(page, "Spara")
    # Turning retention on deletes for good: a page of its own says how much, then asks.
    expect(page.locator("h1")).to_have_text("Radera kommentarer för gott?")
    expect(page.locator("main")).to_contain_text("går inte att återställa")
    assert_accessible(page, "the retention confirmation")
    follow(page, "Tillbaka utan att spara")
    expect(page.locator("h1")).to_have_text("Inställningar för moderering")
    expect(page.locator("#retention_days")).to_have_value("730")
    expect(page.locator("#policy-1")).to_be_checked()
    follow(page, "Spara")
    expect(page.locator("h1")).to_have_text("Radera kommentarer för gott?")
    follow(page, "Spara och radera")
    expect(flash(page)).to_contain_text("Inställningarna för moderering är sparade.")
    expect(page.locator("#policy-1")).to_be_checked()
    expect(page.locator("#retention_days")).to_have_value("730")


QUEUED = ["Första i kön om bänkarna.", "Andra i kön om träden.", "Köp lampor på www.lampa.example"]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def full_queue(app, live_server, desk_world):
    """Three comments awaiting approval, nothing else in that queue, and a moderator who has
    not signed in yet (a code is used once)."""
    with generous_limits(app), app.app_context():
        goal = db.session.scalars(select(Goal).where(Goal.title == desk_world["goal"])).first()
        waiting = db.session.scalars(
            select(Comment).where(Comment.held_for == "approval", Comment.status == "pending")
        ).all()
        for earlier in waiting:
            earlier.status, earlier.held_for = CommentStatus.PUBLISHED.value, None
        author = db.session.scalar(select(User).where(User.email == AUTHOR))
        ids = []
        for n, text in enumerate(QUEUED):
            comment = post_comment(goal, author, text, None, f"q{n}" * 16).comment
            comment.status, comment.held_for = CommentStatus.PENDING.value, "approval"
            db.session.flush()
            ids.append(comment.id)
        moderator = f"queue.{uuid.uuid4().hex[:8]}@lund.se"
        make_official(moderator, [("lund", Role.MODERATOR)], name="Kim Kö")
        db.session.commit()
        db.session.remove()
        yield moderator, ids


@pytest.fixture
def phone_moderator(browser, live_server, full_queue):
    """full_queue's moderator signed in on a 390 px phone: the page and the queued ids."""
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    moderator, ids = full_queue
    sign_in_with_code(page, live_server, moderator)
    page.set_viewport_size(PHONE)
    yield page, ids
    context.close()


def expect_in_view(page, locator) -> None:
    """Nothing hides the focused control: it is wholly inside the viewport (WCAG 2.4.11)."""
    box = locator.bounding_box()
    size = page.viewport_size
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= size["height"], box
    assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"], box


@pytest.mark.parametrize("language", ["sv", "en"])
def test_after_each_decision_one_tab_reaches_the_next_on_a_phone(
    live_server, phone_moderator, language
):
    """The confirmation has the focus; the next Tab is the next comment's first decision,
    in view at 390 px, with the comment's place in the queue said above it. A text with a link
    puts one more stop first: a skip link past the resident's links to the decision."""
    words = {
        "sv": (
            "Publicera",
            "Kommentar {n} av {total} i kön ”Väntar på godkännande”",
            "Hoppa över länkarna i texten och gå till beslutet",
        ),
        "en": (
            "Publish",
            "Comment {n} of {total} in the queue “Awaiting approval”",
            "Skip the links in the text and go to the decision",
        ),
    }[language]
    page, ids = phone_moderator
    first = ids[0]
    page.goto(f"{live_server}/hantera/lund/moderering/{first}?queue=approval&lang={language}")
    expect(page.locator(".queue-position")).to_have_text(words[1].format(n=1, total=3))
    publish = page.get_by_role("button", name=words[0], exact=True)
    follow(page, publish)
    for left in (2, 1):
        expect(page.locator(".queue-position")).to_have_text(words[1].format(n=1, total=left))
        expect(flash(page)).to_be_focused()
        assert_accessible(page, "the next comment after a decision", language)
        page.keyboard.press("Tab")
        if left == 1:  # the last one has a link
            expect(page.get_by_role("link", name=words[2], exact=True)).to_be_focused()
            page.keyboard.press("Enter")
            page.keyboard.press("Tab")
        expect(publish).to_be_focused()
        expect_in_view(page, publish)
        page.keyboard.press("Enter")
    expect(page.locator("h2").first).to_have_text(
        "Väntar på godkännande" if language == "sv" else "Awaiting approval"
    )
    expect(flash(page)).to_be_focused()


def test_skip_moves_on_by_keyboard_and_says_when_nothing_is_further(
    app, live_server, phone_moderator
):
    """Tab past the decisions to Skip and press Enter: the next comment's heading has the focus
    and the next Tab is its first decision. The last comment offers the start of the queue
    instead; nothing was decided on the way."""
    page, ids = phone_moderator
    page.goto(f"{live_server}/hantera/lund/moderering/{ids[0]}?queue=approval")
    position = page.locator(".queue-position")
    heading = page.locator("h1")
    expect(position).to_have_text("Kommentar 1 av 3 i kön ”Väntar på godkännande”")
    publish = page.get_by_role("button", name="Publicera", exact=True)
    skip = page.get_by_role("link", name="Hoppa över", exact=True)
    tab_to(page, page.get_by_role("button", name="Avvisa", exact=True))  # the last decision
    page.keyboard.press("Tab")  # Skip is the next stop
    expect(skip).to_be_focused()
    expect_in_view(page, skip)
    expect(skip).to_have_accessible_description(
        "Visar nästa kommentar i kön utan beslut. Den här ligger kvar i kön."
    )
    page.keyboard.press("Enter")
    expect(heading).to_have_text(f"Kommentar {ids[1]}")
    expect(heading).to_be_focused()
    # Scrolled to the top, the heading keeps room for its focus ring (outline and shadow, 11 px).
    assert heading.bounding_box()["y"] >= 11, heading.bounding_box()
    expect(position).to_have_text("Kommentar 2 av 3 i kön ”Väntar på godkännande”")
    assert_accessible(page, "a comment reached with Skip")
    page.keyboard.press("Tab")
    expect(publish).to_be_focused()
    expect_in_view(page, publish)

    follow(page, skip)
    expect(heading).to_have_text(f"Kommentar {ids[2]}")
    expect(heading).to_be_focused()
    expect(position).to_have_text("Kommentar 3 av 3 i kön ”Väntar på godkännande”")
    expect(skip).to_have_count(0)
    expect(page.locator(".skip-comment")).to_contain_text(
        "Det här är den sista kommentaren i kön: det finns ingen fler att hoppa till."
    )
    assert_accessible(page, "the last comment in the queue")
    follow(page, page.get_by_role("link", name="Tillbaka till början av kön", exact=True))
    expect(heading).to_have_text(f"Kommentar {ids[0]}")
    expect(heading).to_be_focused()
    expect(position).to_have_text("Kommentar 1 av 3 i kön ”Väntar på godkännande”")
    with app.app_context():
        still = db.session.scalars(select(Comment.status).where(Comment.id.in_(ids))).all()
        db.session.remove()
    assert still == ["pending"] * 3
