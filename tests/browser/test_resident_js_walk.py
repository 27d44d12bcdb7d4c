"""A first-time resident's main path with JavaScript on, on a 390 px phone, in English, by
keyboard only: the start page, a municipality, a plan, a focus area and a goal; the comments
sorted and paged; an account made and confirmed; a comment, a reply, the two rating answers,
a reaction, a report and an edit; My page, the notifications, the data as a file and the
account deletion's confirmation page; search, the accessibility statement and signing out.

On every page: English, axe (WCAG 2.2 AA and best practice, run in the page itself, scripts
and all) finds nothing, no Swedish text outside lang="sv", nothing wider than 390 or 320 px.
After each post the thanks is in sight and has focus (dialog.js), so it is also read out.

DIALOG_SCREENSHOTS=<folder> keeps a screenshot of each page."""

import json
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from dialog.catalogue.models import Goal, Plan
from dialog.extensions import db
from dialog.participation.services import post_comment
from tests.browser.test_communicator_walk import UNMARKED_SWEDISH, focus_is_seen, press
from tests.browser.test_insights_on_a_phone import AXE, PHONE, WCAG_22_AA, wider_than_the_screen
from tests.browser.test_resident_flow import (
    GOAL_TITLE,
    PLAN_SLUG,
    PLAN_TITLE,
    choose_radio,
    generous_limits,
    tab_to,
    type_into,
)
from tests.factories import Outbox, make_user

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 700}
EMAIL = "first.visit@example.se"
PASSWORD = "seventy years and still curious"
COMMENT = "More benches along the path to the station, please."
EDITED = "More benches and more light along the path to the station, please."
REPLY = "Yes, and a roof over the bus stop."


@pytest.fixture(scope="module")
def world(app, live_server):
    """The Lund goal with seven comments by another resident, shown five to a page."""
    with generous_limits(app), pytest.MonkeyPatch.context() as patch:
        patch.setitem(app.config, "COMMENTS_PER_PAGE", 5)
        with app.app_context():
            goal = db.session.scalar(
                select(Goal).join(Plan).where(Plan.slug == PLAN_SLUG, Goal.title == GOAL_TITLE)
            )
            other = make_user("granne@example.se", "Granne")
            posted = [
                post_comment(goal, other, f"Synpunkt {n} om tryggheten.", None, f"{n:02d}" * 16)
                for n in range(7)
            ]
            db.session.commit()
            found = SimpleNamespace(
                goal=goal.id, area=goal.focus_area_id, other=posted[-1].comment.id
            )
            db.session.remove()
        yield found
    for message in Path(app.config["MAIL_OUTBOX"]).glob("*.eml"):
        message.unlink()


def check(page: Page, name: str) -> None:
    """English, axe finds nothing, Swedish is marked, nothing is wider than 390 or 320 px."""
    expect(page.locator("html")).to_have_attribute("lang", "en")
    folder = os.environ.get("DIALOG_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"resident-js-{name}.png"), full_page=True)
    found = {
        "axe": [
            f"{rule['id']}: {[node['target'] for node in rule['nodes']]}"
            for rule in AXE.run(page, options=WCAG_22_AA).response["violations"]
        ],
        "unmarked Swedish": page.evaluate(UNMARKED_SWEDISH),
        "wide at 390": wider_than_the_screen(page),
    }
    page.set_viewport_size(NARROW)
    found["wide at 320"] = wider_than_the_screen(page)
    page.set_viewport_size(PHONE)
    assert {key: value for key, value in found.items() if value} == {}, name


def thanked(page: Page, text: str) -> None:
    """The thanks after a post is in sight and has focus: it is seen and read out."""
    thanks = page.locator(".flash-messages")
    expect(thanks).to_have_text(text)
    expect(thanks).to_be_focused()
    expect(thanks).to_be_in_viewport()


def open_menu(page: Page) -> None:
    press(page, "summary.menu-button", "Enter")  # at 390 px the search and account links fold


def test_a_first_time_resident_walks_the_main_path_with_javascript(
    live_server, browser, world, app
):
    context = browser.new_context(locale="en-GB", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    other = f"#c{world.other}"

    # Reading: start page, municipality, plan, focus area, goal.
    page.goto(live_server + "/?lang=en")
    check(page, "start")
    press(page, page.locator("main a", has_text=re.compile("^Lunds kommun$")).first)
    expect(page.locator("h1")).to_have_text("Lunds kommun")
    check(page, "municipality")
    press(page, page.locator("main a", has_text=re.compile(f"^{PLAN_TITLE}$")).first)
    expect(page.locator("h1")).to_have_text(PLAN_TITLE)
    check(page, "plan")
    press(page, page.locator(f"main a[href^='/fokusomrade/{world.area}?']").first)
    expect(page.locator(".breadcrumbs")).to_contain_text(PLAN_TITLE)
    check(page, "focus-area")
    press(page, page.locator("main a", has_text=re.compile(f"^{GOAL_TITLE}$")).first)
    expect(page.locator("h1")).to_have_text(GOAL_TITLE)
    check(page, "goal")

    # The comments: to them, sorted, the next page.
    press(page, page.locator("a.jump-link"))
    press(page, "Most agreed")
    expect(page.locator("nav.sort a[aria-current]")).to_have_text("Most agreed")
    press(page, "Next page")
    expect(page.locator("nav.pagination a[rel=prev]")).to_be_visible()
    check(page, "comments-page-2")

    # An account, confirmed from the mail, and signed in: back at the goal's form.
    press(page, page.locator(".invite a[href*='/konto/registrera']"))
    expect(page.locator("h1")).to_have_text("Create account")
    check(page, "register")
    type_into(page, "#email", EMAIL)
    type_into(page, "#display_name", "Gunnel")
    type_into(page, "#password", PASSWORD)
    press(page, "#accept_rules", " ")
    press(page, "#accept_privacy", " ")
    press(page, page.locator("main form button[type=submit]"))
    expect(page.locator("h1")).to_have_text("Check your e-mail")
    check(page, "check-mail")
    outbox = Outbox(Path(app.config["MAIL_OUTBOX"]))
    mail = next(m for m in reversed(outbox.messages()) if m["To"] == EMAIL)
    page.goto(next(url for url in outbox.links(mail) if "/konto/bekrafta/" in url))
    expect(page.locator("h1")).to_have_text("Sign in")
    check(page, "sign-in")
    type_into(page, "#email", EMAIL)
    type_into(page, "#password", PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/mal/{world.goal}.*#comment-form$"))
    check(page, "goal-signed-in")

    # A comment, with the live count; the thanks stands just above it.
    type_into(page, "#body", COMMENT)
    expect(page.locator("#body")).to_have_accessible_description(
        f"{2000 - len(COMMENT)} characters left"
    )
    press(page, "Publish comment")
    thanked(page, "Thank you! Your comment is published.")
    mine = "#" + page.url.rsplit("#", 1)[1]
    expect(page.locator(f".flash-messages + {mine} .comment-body")).to_have_text(COMMENT)
    check(page, "commented")

    # A reply on the other resident's comment page.
    press(page, page.locator(f"{other} > .comment-actions a[href$='#reply']"))
    expect(page.locator("#reply-heading")).to_have_text("Reply")
    type_into(page, "#reply #body", REPLY)
    press(page, "Publish reply")
    thanked(page, "Thank you! Your reply is published.")
    check(page, "replied")

    # The two rating answers, above the comments.
    press(page, "Back to all comments on the goal")
    expect(page.locator("h1")).to_have_text(GOAL_TITLE)
    tab_to(page, "input[name=importance]", backwards=True)
    choose_radio(page, "importance", "4")
    page.keyboard.press("Tab")
    choose_radio(page, "performance", "2")
    press(page, "Save my answers")
    expect(page.locator("#ratings .flash-messages")).to_contain_text("Your answers are saved")
    expect(page.locator("#ratings .flash-messages")).to_be_in_viewport()
    check(page, "rated")

    # Agree with the other comment, then report it.
    tab_to(page, page.locator(f"{other} > .reactions button").first)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(f"{other} > .reactions button").first).to_have_attribute(
        "aria-pressed", "true"
    )
    # The page opens at the comment, with the message just above it and focused.
    thanked(page, "Your reaction is saved.")
    expect(page.locator(f".flash-messages + {other}")).to_have_count(1)
    press(page, page.locator(f"{other} > .comment-actions a[href$='/anmal']"))
    expect(page.locator("h1")).to_have_text("Report a comment")
    check(page, "report")
    tab_to(page, "input[name=reason]")
    choose_radio(page, "reason", "off_topic")
    press(page, "Send report")
    expect(page.locator(".flash-messages")).to_have_text(
        "Thank you. A moderator will look at the comment."
    )

    # The own comment, corrected within the minutes allowed.
    press(page, "Back to all comments on the goal")
    expect(page.locator("h1")).to_have_text(GOAL_TITLE)
    press(page, page.locator(f"{mine} .comment-actions a[href$='/redigera']"))
    expect(page.locator("h1")).to_have_text("Edit your comment")
    check(page, "edit")
    tab_to(page, "#body")
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(EDITED)
    press(page, "Save changes")
    thanked(page, "Your comment is updated.")
    expect(page.locator(f"{mine} .comment-body")).to_have_text(EDITED)

    # My page, the notifications, the data as a file, and what deleting the account means.
    open_menu(page)
    press(page, "My page")
    expect(page.locator("h1")).to_have_text("My page")
    check(page, "my-page")
    press(page, "Notifications")
    expect(page.locator("h1")).to_have_text("Notifications")
    check(page, "notifications")
    press(page, "My comments and ratings")
    expect(page.locator("h1")).to_have_text("My page")
    tab_to(page, "Download my data")
    focus_is_seen(page)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert {comment["text"] for comment in data["comments"]} == {EDITED, REPLY}
    press(page, "Delete account")
    expect(page.locator("h1")).to_have_text("Delete account")
    check(page, "delete-account")

    # Search, the accessibility statement, and signing out in English.
    open_menu(page)
    type_into(page, "#site-search", "tryggaste")
    page.keyboard.press("Enter")
    expect(page.locator("[role=status]")).to_contain_text("tryggaste")
    check(page, "search")
    press(page, page.locator("footer a", has_text="Accessibility statement"))
    expect(page.locator("h1")).to_have_text("Accessibility statement")
    check(page, "accessibility")
    open_menu(page)
    press(page, "Sign out")
    expect(page.locator(".flash-messages")).to_have_text("You are signed out.")
    check(page, "signed-out")
    context.close()
