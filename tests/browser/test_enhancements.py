"""JavaScript only enhances: the live character count works, and everything works without it."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dialog.catalogue.models import Goal
from dialog.extensions import db
from dialog.participation.services import post_comment
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def resident(app, live_server):
    with app.app_context():
        make_user("js@example.se", "Skriptlös")
        goal_id = db.session.scalar(
            select(Goal.id).where(Goal.title == "Sveriges tryggaste kommun")
        )
        db.session.remove()
    return goal_id


def sign_in(page, live_server, goal_id):
    page.goto(f"{live_server}/konto/logga-in?next=/mal/{goal_id}")
    page.get_by_label("E-postadress").fill("js@example.se")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").press("Enter")
    expect(page).to_have_url(f"{live_server}/mal/{goal_id}")


def test_live_character_count(live_server, page, resident):
    sign_in(page, live_server, resident)
    counter = page.locator("#body-counter")
    expect(counter).to_have_text("2000 tecken kvar")
    page.get_by_label("Din kommentar").fill("Hej")
    expect(counter).to_have_text("1997 tecken kvar")
    page.get_by_label("Din kommentar").fill("x" * 2003)
    expect(counter).to_have_text("3 tecken för mycket")
    expect(counter).to_have_class(re.compile("over-limit"))
    expect(counter).to_have_attribute("aria-live", "polite")


def test_everything_works_without_javascript(live_server, browser, resident):
    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, live_server, resident)
        expect(page.locator("#body-counter")).to_have_text("Högst 2000 tecken.")
        page.get_by_label("Din kommentar").fill("Skrivet utan JavaScript")
        page.get_by_label("Förslag").check()
        page.get_by_role("button", name="Publicera kommentar").click()
        expect(page.locator(".flash")).to_have_text("Tack! Din kommentar är publicerad.")
        comment = page.locator("article.comment", has_text="Skrivet utan JavaScript")
        expect(comment).to_contain_text("Skriptlös")
        page.locator("#ratings").get_by_label("4 – Mycket viktigt").check()
        page.locator("#ratings").get_by_label("Vet inte").nth(1).check()
        page.get_by_role("button", name="Spara mina svar").click()
        expect(page.locator(".flash")).to_contain_text("Dina svar är sparade")
        expect(page.locator("#ratings").get_by_label("4 – Mycket viktigt")).to_be_checked()
        comment.get_by_role("link", name=re.compile("^Svara")).click()
        page.get_by_label("Ditt svar").fill("Ett svar utan skript")
        page.get_by_role("button", name="Publicera svar").click()
        expect(page.locator("article.reply")).to_contain_text("Ett svar utan skript")
    finally:
        context.close()


def test_without_javascript_a_form_error_takes_focus_and_scrolls_into_view(
    live_server, browser, resident
):
    """The error summary of a comment sent empty sits far down a long goal page; `autofocus`
    moves the reader there on a 390 px phone without any script, as dialog.js does with one."""
    context = browser.new_context(
        locale="sv-SE", java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, live_server, resident)
        page.get_by_role("button", name="Publicera kommentar").click()
        summary = page.locator("#error-summary")
        expect(summary).to_contain_text("Din kommentar")
        expect(summary).to_be_focused()
        expect(summary).to_be_in_viewport()
    finally:
        context.close()


def test_radio_buttons_and_boxes_are_at_least_24_px(live_server, browser, resident):
    """WCAG 2.2, 2.5.8: the rating and category choices and the sign-in box, on a phone."""
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{live_server}/konto/logga-in")
        sizes = page.locator("input[type=checkbox]").evaluate_all(
            "(els) => els.map((el) => [el.offsetWidth, el.offsetHeight])"
        )
        sign_in(page, live_server, resident)
        sizes += page.locator("main input[type=radio]").evaluate_all(
            "(els) => els.map((el) => [el.offsetWidth, el.offsetHeight])"
        )
        assert len(sizes) > 10
        assert all(width >= 24 and height >= 24 for width, height in sizes), sizes
    finally:
        context.close()


def test_the_thanks_for_a_comment_is_seen_and_read_out_at_the_comment(
    app, live_server, browser, resident
):
    """The page opens at the new comment, far below the thanks at the top of the page on a
    phone: dialog.js puts the thanks just above the comment and gives it focus, so that it is
    seen and read out (WCAG 4.1.3), and Tab goes on to the comment's own links."""
    with app.app_context():  # below the new comment, a page's worth of others
        goal, other = db.session.get(Goal, resident), make_user("lang@example.se", "Lång")
        for n in range(8):
            post_comment(goal, other, f"En av flera synpunkter, nummer {n}.", None, f"{n}" * 32)
        db.session.commit()
        db.session.remove()
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, live_server, resident)
        page.get_by_label("Din kommentar").fill("Tack-meddelandet syns vid kommentaren")
        page.get_by_role("button", name="Publicera kommentar").press("Enter")
        expect(page).to_have_url(re.compile(r"#c\d+$"))
        thanks = page.locator(".flash-messages")
        expect(thanks).to_have_text("Tack! Din kommentar är publicerad.")
        expect(thanks).to_be_focused()
        expect(thanks).to_be_in_viewport()
        # with room above it for its focus ring (WCAG 2.4.7, 2.4.11)
        assert thanks.evaluate("(el) => el.getBoundingClientRect().top") >= 8
        comment_id = page.url.rsplit("#", 1)[1]
        expect(page.locator(f".flash-messages + article#{comment_id}")).to_be_in_viewport()
        page.keyboard.press("Tab")
        expect(page.locator(f"#{comment_id} a").first).to_be_focused()
    finally:
        context.close()


def test_sorting_and_my_page_links_are_44_px_targets(live_server, browser, resident):
    """The sort links (of the open dialogues, and of a goal's comments) and My page's own menu
    were one line of text high (about 20 px) on a phone; they are now as tall as the buttons."""
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    heights = "(els) => els.map((el) => el.getBoundingClientRect().height)"
    try:
        page.goto(f"{live_server}/")
        found = page.locator("nav.sort a").evaluate_all(heights)
        sign_in(page, live_server, resident)
        page.goto(f"{live_server}/mina-sidor")
        found += page.locator("nav.settings-nav a").evaluate_all(heights)
        assert len(found) == 7
        assert all(height >= 44 for height in found), found
    finally:
        context.close()


def test_publish_pressed_twice_sends_the_form_once(live_server, browser, resident):
    """An impatient second press of Enter sent the form again: stored once (its token), but
    the answer to the first press, with the thanks, could be lost on a slow line. dialog.js
    lets only the first press through. (The page's own submit events, which send nothing.)"""
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, live_server, resident)
        # The URL changes before dialog.js has run; its counter says when it has.
        expect(page.locator("#body-counter")).to_have_attribute("aria-live", "polite")
        stopped = page.locator("#comment-form").evaluate(
            """(form) => [1, 2].map(() => {
                const press = new Event("submit", { cancelable: true });
                form.dispatchEvent(press);
                return press.defaultPrevented;
            })"""
        )
        assert stopped == [False, True]
    finally:
        context.close()


def test_search_fields_and_choice_are_44_px_targets(live_server, browser, resident):
    """On the search page the search fields were 43 px and the municipality choice 37 px
    high, beside 44 px buttons."""
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{live_server}/sok?q=trygg")
        page.locator("summary.menu-button").click()  # the header's search folds on a phone
        heights = page.locator("input[type=search], main select").evaluate_all(
            "(els) => els.map((el) => el.getBoundingClientRect().height)"
        )
        assert len(heights) == 3
        assert all(height >= 44 for height in heights), heights
    finally:
        context.close()
