"""A resident's walk at 390 px, in English, by keyboard, without JavaScript: the report link
says once it has been used, the forms' Cancel links are targets as large as their buttons
(WCAG 2.5.8), and the search results and the "what we heard" page fit the screen."""

import re

import pytest
from playwright.sync_api import expect

from dialog.catalogue.search import refresh_index
from dialog.extensions import db
from dialog.insights import feedback
from dialog.participation import services
from dialog.participation.models import RatingQuestion
from tests.browser.test_resident_flow import generous_limits
from tests.factories import PASSWORD, make_goal, make_user
from tests.officials import make_official

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def walk(app, live_server):
    """A goal with an English title, rated by five residents; comments by Bo and Cia, and one
    by the walker written just now (so still theirs to edit); its plan's "what we heard"
    page."""
    with generous_limits(app):
        with app.app_context():
            goal = make_goal(title="Trygga cykelbanor")
            goal.title_en = "Safe cycle lanes"
            bos = services.post_comment(
                goal, make_user("bo@example.se", "Bo"), "Fler cykelbanor längs ån.", None, "b" * 32
            ).comment
            cias = services.post_comment(
                goal, make_user("cia@example.se", "Cia"), "Cykelbanor i skuggan.", None, "c" * 32
            ).comment
            walker = make_user("gang@example.se", "Gång")
            own = services.post_comment(
                goal, walker, "Belys cykelbanan vid skolan.", None, "g" * 32
            ).comment
            for n in range(5):
                rater = make_user(f"betyg{n}@example.se", f"Betyg {n}")
                answers = {RatingQuestion.IMPORTANCE: 1 + n, RatingQuestion.PERFORMANCE: 5 - n}
                services.rate(goal, rater, answers)
            refresh_index()
            official = make_official("publicerar@testkommun.se")
            parts = ("show_figures", "show_ratings", "show_matrix", "show_weeks")
            feedback.publish(goal.plan, dict.fromkeys(parts, True), official)
            db.session.commit()
            found = {
                "goal": goal.id,
                "bos": bos.id,
                "cias": cias.id,
                "own": own.id,
                "heard": f"/kommun/testkommun/plan/{goal.plan.slug}/vad-vi-hort",
            }
            db.session.remove()
        yield found


@pytest.fixture
def phone(browser, live_server, walk):
    """The walker signed in, at 390 px, with JavaScript off."""
    context = browser.new_context(locale="en-GB", java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server}/konto/logga-in?next=/mal/{walk['goal']}")
    page.get_by_label("E-postadress").fill("gang@example.se")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").press("Enter")
    page.wait_for_url(f"{live_server}/mal/{walk['goal']}")
    yield page
    context.close()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_reported_comment_says_so_to_whoever_reported_it(live_server, walk, phone):
    goal = f"{live_server}/mal/{walk['goal']}?lang=en"
    phone.goto(goal)
    report = phone.get_by_role("link", name=f"Report comment {walk['bos']}")
    report.focus()
    report.press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Report a comment")
    phone.get_by_label("Advertising or spam").check()
    phone.get_by_role("button", name="Send report").press("Enter")
    expect(phone.locator(".flash-success")).to_contain_text("A moderator will look")

    phone.goto(goal)
    bos = phone.locator(f"#c{walk['bos']}")
    expect(bos.get_by_text("Reported by you")).to_be_visible()
    expect(phone.get_by_role("link", name=f"Report comment {walk['bos']}")).to_have_count(0)
    assert fits(phone)
    phone.goto(f"{live_server}/kommentar/{walk['bos']}/anmal?lang=en")
    expect(phone.get_by_role("heading", level=1)).to_have_text("You have reported this comment")
    expect(phone.get_by_role("button", name="Send report")).to_have_count(0)
    assert fits(phone)


@pytest.mark.parametrize("action", ["redigera", "dra-tillbaka", "anmal"])
def test_cancel_is_a_target_as_large_as_the_button_beside_it(live_server, walk, phone, action):
    """Cancel was a word-sized link next to a 44 px button: now a secondary button-like link
    of the button's height, reached by the keyboard after it."""
    comment = walk["cias"] if action == "anmal" else walk["own"]  # Bo's is reported above
    phone.goto(f"{live_server}/kommentar/{comment}/{action}?lang=en")
    form = phone.locator("main form")
    button, cancel = form.locator("button[type=submit]"), form.get_by_role("link", name="Cancel")
    button.focus()
    phone.keyboard.press("Tab")
    expect(cancel).to_be_focused()
    own, beside = cancel.bounding_box(), button.bounding_box()
    assert own is not None and beside is not None
    assert own["width"] >= 24 and own["height"] >= 24
    assert abs(own["height"] - beside["height"]) <= 1, (own, beside)
    assert fits(phone)


def test_search_results_and_what_we_heard_fit_and_speak_english(live_server, walk, phone):
    phone.goto(f"{live_server}/sok?q=cykelbana&lang=en")
    found = phone.get_by_role("link", name=re.compile(r"^Safe cycle lanes\s*, Testkommun$"))
    expect(found).to_be_visible()
    expect(phone.get_by_text("Trygga cykelbanor")).to_have_count(0)
    assert fits(phone)
    phone.goto(f"{live_server}{walk['heard']}?lang=en")
    expect(phone.get_by_role("heading", name="How to read the figures")).to_be_visible()
    expect(phone.get_by_text("So this is not a poll of all residents.")).to_be_visible()
    assert fits(phone)


def test_the_site_name_does_not_run_under_the_language_button(live_server, walk, phone):
    """Signed in, the other language is a form's button, wider than the link a visitor
    sees: at 390 px "Testkommun" ran under it. The name now ends before the button, and a
    name too long for its room wraps instead."""
    goal, thread = f"/mal/{walk['goal']}", f"/kommentar/{walk['cias']}"
    for path in (f"{goal}?lang=en", f"{thread}?lang=en", goal):
        phone.goto(live_server + path)
        name = phone.locator(".site-owner").bounding_box()
        other = phone.locator(".header-lang button").bounding_box()
        assert name is not None and other is not None
        assert name["x"] + name["width"] <= other["x"], (path, name, other)
        width = phone.locator(".site-owner").evaluate("(el) => el.scrollWidth")
        assert width <= name["width"] + 1, (path, width, name)


def test_notification_boxes_keep_their_labels_beside_them(live_server, walk, phone):
    """At 390 px a label that took two lines ran on under its box, and the row was a small
    target: each label stays beside its box, and box and label make a row at least 44 px
    high that toggles the box (WCAG 2.5.8)."""
    phone.goto(f"{live_server}/mina-sidor/aviseringar?lang=en")
    boxes = phone.locator("form input[type=checkbox]")
    assert boxes.count() == 3
    wrapped = 0
    for n in range(boxes.count()):
        box = boxes.nth(n)
        label = phone.locator(f"label[for='{box.get_attribute('id')}']")
        b, t = box.bounding_box(), label.bounding_box()
        assert b is not None and t is not None
        assert t["x"] >= b["x"] + b["width"], (n, b, t)  # beside, also on its second line
        assert t["y"] < b["y"] + b["height"], (n, b, t)  # on the box's row
        assert t["height"] >= 44, (n, t)
        wrapped += t["height"] > 60  # more than one line of text
        checked = box.is_checked()
        label.click(position={"x": 4, "y": t["height"] - 4})  # the bottom of the target
        assert box.is_checked() is not checked
    assert wrapped, "no label takes two lines at 390 px: the test shows nothing"
    assert fits(phone)
