"""Acceptance for issue 10 (orientation, coming back, phones): in headless Chromium a resident
goes from the start page to an open dialogue (a focus area of Lund's "Våra fokusområden") in at
most two clicks, comments on it, turns on reply mail and sees the reply on My page, at 390 px
in Swedish and at 1280 px in English, with axe checking each new page type. At 320 and 390 px,
without JavaScript, nothing scrolls sideways, the menu opens from its button, and the goal's
jump link and comment actions are 44 × 44 px.

Screenshots of the phone pages go to $DIALOG_SCREENSHOTS when it is set, for people to look at.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from dialog.accounts.models import User
from dialog.catalogue.models import FocusArea, Goal, Plan
from dialog.core.forms import new_submission_token
from dialog.extensions import db
from dialog.participation.models import Comment
from dialog.participation.notifications import notify_reply
from dialog.participation.services import post_comment
from tests.browser.test_resident_flow import (
    GOAL_TITLE,
    PLAN_SLUG,
    assert_accessible,
    generous_limits,
)
from tests.factories import PASSWORD, Outbox, make_user

pytestmark = pytest.mark.browser

FOCUS_PLAN_TITLE = "Våra fokusområden"
AREA_TITLE = "Ekologisk hållbarhet"

WORDS = {
    "sv": {
        "open": "Öppen för dialog",
        "sign_in": "Logga in för att kommentera",
        "sign_in_button": "Logga in",
        "publish": "Publicera kommentar",
        "offer": "Mejla mig när någon svarar eller när kommunen återkopplar",
        "done": "Klart! Vi mejlar dig",
        "menu": "Meny",
        "my_page": "Mina sidor",
        "replied": "svarade på din kommentar om",
        "new": "Nytt:",
    },
    "en": {
        "open": "Open for dialogue",
        "sign_in": "Sign in to comment",
        "sign_in_button": "Sign in",
        "publish": "Publish comment",
        "offer": "E-mail me when someone replies or the municipality responds",
        "done": "Done! We will e-mail you",
        "menu": "Menu",
        "my_page": "My page",
        "replied": "replied to your comment on",
        "new": "New:",
    },
}


@pytest.fixture(scope="module")
def limits(app, live_server):
    with generous_limits(app):
        yield


def shoot(page: Page, name: str, full_page: bool = True) -> None:
    folder = os.environ.get("DIALOG_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=full_page)


def open_menu_if_folded(page: Page, words: dict) -> None:
    """On a phone the account links sit behind the menu button."""
    button = page.locator("summary.menu-button")
    if button.is_visible():
        button.click()


@pytest.mark.parametrize("width, language", [(390, "sv"), (1280, "en")])
def test_start_page_to_a_reply_on_my_page(live_server, app, limits, page, width, language):
    words = WORDS[language]
    email = f"invanare{width}@example.se"
    with app.app_context():
        make_user(email, f"Invånare {width}")
        other = make_user(f"granne{width}@example.se", f"Granne {width}")
        other_id = other.id
    page.set_viewport_size({"width": width, "height": 844})

    # The language is part of the address; every link and form on the way keeps it.
    page.goto(live_server + f"/?lang={language}")
    assert_accessible(page, "start page with open dialogues", language)
    shoot(page, f"{width}-{language}-1-start")
    # Click 1: the open document; click 2: one of its focus areas, where the dialogue is.
    # The card's link names the municipality too (two municipalities' plans may share a title).
    card = page.locator(".plan-cards").get_by_role(
        "link", name=re.compile(rf"^{FOCUS_PLAN_TITLE}\s*, Lunds kommun$")
    )
    card.click()
    expect(page.locator("h1")).to_have_text(FOCUS_PLAN_TITLE)
    assert_accessible(page, "plan page with phase, timeline and filters", language)
    shoot(page, f"{width}-{language}-2-plan")
    page.locator("main").get_by_role("link", name=AREA_TITLE, exact=True).first.click()
    expect(page.locator("h1")).to_have_text(AREA_TITLE)
    expect(page.locator(".window-status")).to_contain_text(words["open"])

    page.get_by_role("link", name=words["sign_in"]).click()
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name=words["sign_in_button"]).click()
    expect(page.locator("h1")).to_have_text(AREA_TITLE)
    page.locator("#body").fill("Fler lampor längs cykelvägen, tack.")
    page.get_by_role("button", name=words["publish"]).click()
    offer = page.get_by_role("button", name=words["offer"])
    expect(offer).to_be_visible()
    assert_accessible(page, "goal page with the reply-mail offer", language)
    offer.scroll_into_view_if_needed()
    shoot(page, f"{width}-{language}-3-offer", full_page=False)
    offer.click()
    expect(page.locator(".flash-messages")).to_contain_text(words["done"])
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email=email))
        assert user.notify_reply and user.notify_response
        mine = db.session.scalar(select(Comment).filter_by(author_id=user.id))
        area = db.session.get(FocusArea, mine.focus_area_id)
        neighbour = db.session.get(User, other_id)
        reply = post_comment(
            area, neighbour, "Ja, och bättre snöröjning.", None, new_submission_token(), mine
        ).comment
        with app.test_request_context():
            assert notify_reply(reply) is True
        db.session.commit()
        db.session.remove()
    assert email in [m["To"] for m in Outbox(Path(app.config["MAIL_OUTBOX"])).messages()]

    open_menu_if_folded(page, words)
    page.get_by_role("link", name=words["my_page"], exact=True).click()
    news = page.locator(".news-list li").first
    expect(news).to_contain_text(f"Granne {width} {words['replied']}")
    expect(news).to_contain_text(words["new"])
    expect(news).to_contain_text("Ja, och bättre snöröjning.")
    assert_accessible(page, "My page with replies and reactions", language)
    shoot(page, f"{width}-{language}-4-my-page", full_page=False)


@pytest.fixture(scope="module")
def busy_goal(app, live_server):
    """The goal with a comment and a reply, so that comment actions are on the page."""
    with app.app_context():
        goal = db.session.scalar(
            select(Goal).join(Plan).where(Plan.slug == PLAN_SLUG, Goal.title == GOAL_TITLE)
        )
        author = make_user("skribent@example.se", "Skribent")
        top = post_comment(goal, author, "En lång synpunkt " * 20, None, new_submission_token())
        post_comment(goal, author, "Ett tillägg.", None, new_submission_token(), top.comment)
        db.session.commit()
        goal_id = goal.id
        db.session.remove()
    return goal_id


@pytest.mark.parametrize("width", [320, 390])
def test_phone_pages_fit_and_work_without_javascript(live_server, browser, busy_goal, width):
    context = browser.new_context(
        locale="sv-SE", viewport={"width": width, "height": 740}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        paths = [
            "/",
            "/kommun/lund",
            "/kommun/lund?fas=open&sort=discussed",
            f"/kommun/lund/plan/{PLAN_SLUG}",
            f"/kommun/lund/plan/{PLAN_SLUG}?sort=discussed",
            f"/mal/{busy_goal}",
        ]
        for path in paths:
            page.goto(live_server + path)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"{path} scrolls sideways at {width} px ({scroll} px wide)"
            header = page.locator(".site-header").bounding_box()
            assert header["height"] <= 110, f"the header takes {header['height']} px on {path}"

        # "Logga in" is in the bar itself; the menu opens from its button, without JavaScript.
        expect(page.locator(".header-sign-in").get_by_role("link", name="Logga in")).to_be_visible()
        register = page.get_by_role("link", name="Skapa konto", exact=True)
        expect(register).to_be_hidden()
        page.get_by_text("Meny", exact=True).click()
        expect(register).to_be_visible()

        # On the goal, the jump link is near the top and leads to the comments.
        jump = page.get_by_role(
            "link", name=re.compile(r"^Till kommentarerna \(\d+ kommentar(er och| eller) svar\)$")
        )
        assert jump.bounding_box()["y"] < 740
        actions = page.locator(".comment-actions a, .jump-link, .menu-button")
        assert actions.count() >= 3
        for box in actions.evaluate_all(
            "(els) => els.map((el) => el.getBoundingClientRect()).map((r) => [r.width, r.height])"
        ):
            assert box[0] >= 44 and box[1] >= 44, box
        jump.click()
        assert page.url.endswith("#comments-heading")
        if os.environ.get("DIALOG_SCREENSHOTS"):
            page.goto(live_server + f"/mal/{busy_goal}#comments-heading")
            page.screenshot(
                path=os.path.join(os.environ["DIALOG_SCREENSHOTS"], f"{width}-comments.png")
            )
    finally:
        context.close()
