"""The goal page as a first-time resident sees it on a 390 x 844 phone, by keyboard.

Found by a walk: the resident's own rating form came after two tables of other residents'
answers, about 1000 px down the page; and after "Svara" the reply form stood at the top of the
screen with the comment being answered just above it, out of sight (here, with three replies
in between, far above).

DIALOG_SCREENSHOTS=<folder> keeps a screenshot of the goal page (goalpage-<language>.png)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from dialog.catalogue.models import Goal
from dialog.core.forms import new_submission_token
from dialog.extensions import db
from dialog.participation.models import RatingQuestion
from dialog.participation.services import post_comment, rate
from tests.browser.test_first_visit import sign_in
from tests.factories import make_user

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
EMAIL = "sjuttio@example.se"
ASKED = "Kan kommunen sätta upp fler gatlampor längs gångvägen till stationen?"


@pytest.fixture(scope="module")
def goal(app, live_server):
    """The goal rated by five residents (so both tables of answers show), three comments (the
    first with three replies), and a resident of 70 who has not rated it yet."""
    with app.app_context():
        found = db.session.scalar(select(Goal).where(Goal.title == "Sveriges tryggaste kommun"))
        for n in range(5):
            other = make_user(f"svarat{n}@example.se", f"Granne {n}")
            rate(found, other, {RatingQuestion.IMPORTANCE: 1 + n, RatingQuestion.PERFORMANCE: 3})
        make_user(EMAIL, "Sjuttio år")
        asker = make_user("fragar@example.se", "Frågvis")
        asked = post_comment(found, asker, ASKED, None, new_submission_token()).comment
        for n in range(3):
            post_comment(
                found,
                make_user(f"svarar{n}@example.se", f"Svarar {n}"),
                "Håller med. " * 40,
                None,
                new_submission_token(),
                parent=asked,
            )
        for text in ("Fler bänkar i parken.", "Mer ljus vid busshållplatsen."):
            post_comment(found, asker, text, None, new_submission_token())
        db.session.commit()
        ids = {"goal": found.id, "asked": asked.id}
        db.session.remove()
    return ids


def phone_page(browser, javascript: bool = True) -> Page:
    context = browser.new_context(locale="sv-SE", viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def top_on_the_page(page: Page, selector: str) -> int:
    return page.locator(selector).first.evaluate(
        "(el) => Math.round(el.getBoundingClientRect().top + window.scrollY)"
    )


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_rating_form_comes_before_the_other_residents_answers(
    live_server, browser, goal, language
):
    """The form's top was 2793 px (sv) and 2870 px (en) down the page, under the two tables;
    then 1783 and 1812 px, right under the section's heading but after the dialogue box (some
    700 px of ladder step, what can be influenced, who reads); with all but the box's first
    line behind "Mer om dialogen" it is 1094 and 1177 px."""
    page = phone_page(browser)
    try:
        sign_in(page, live_server, goal["goal"], EMAIL)
        page.goto(f"{live_server}/mal/{goal['goal']}?lang={language}")
        if folder := os.environ.get("DIALOG_SCREENSHOTS"):
            path = Path(folder) / f"goalpage-{language}.png"
            page.screenshot(path=str(path), full_page=True)
            for n in range(3):  # in screen-sized parts too, to look at
                part = {"x": 0, "y": n * 1400, "width": PHONE["width"], "height": 1400}
                page.screenshot(path=str(path.with_suffix(f".{n}.png")), full_page=True, clip=part)
        assert page.locator(".distribution-table").count() == 2
        form = top_on_the_page(page, ".rating-form")
        tables = top_on_the_page(page, ".distribution-table")
        assert form < tables, (form, tables)
        assert form < 1300, form
        # Nothing of the box is lost: the keyboard opens it from a 44 px line.
        more = page.locator(".window-more > summary")
        assert more.bounding_box()["height"] >= 44
        influence = page.locator(".window-more dl")
        expect(influence).to_be_hidden()
        more.focus()
        page.keyboard.press("Enter")
        expect(influence).to_be_visible()
        if folder := os.environ.get("DIALOG_SCREENSHOTS"):
            page.locator(".window").screenshot(
                path=str(Path(folder) / f"goalpage-window-{language}.png")
            )
    finally:
        page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_after_reply_the_comment_being_answered_is_on_the_screen(
    live_server, browser, goal, javascript
):
    page = phone_page(browser, javascript)
    try:
        sign_in(page, live_server, goal["goal"], EMAIL)
        comment = page.locator(f"#c{goal['asked']}")
        reply = comment.get_by_role("link", name="Svara på kommentar", exact=False)
        reply.focus()
        reply.press("Enter")
        page.wait_for_url(f"**/kommentar/{goal['asked']}#reply")
        if folder := os.environ.get("DIALOG_SCREENSHOTS"):
            page.screenshot(path=str(Path(folder) / f"goalpage-reply-{javascript}.png"))
        form = page.locator("#reply")
        expect(form.get_by_label("Ditt svar", exact=False)).to_be_in_viewport()
        # The words of the comment being answered, on the screen together with the form.
        seen = (
            page.locator("main")
            .get_by_text(ASKED)
            .evaluate_all(
                """(els) => els.some((el) => {
                const box = el.getBoundingClientRect();
                return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
            })"""
            )
        )
        assert seen, f"{ASKED!r} is not on the screen above the reply form"

    finally:
        page.context.close()


@pytest.mark.parametrize(("language", "where"), [("sv", "Sida 2 av 3"), ("en", "Page 2 of 3")])
def test_the_paging_says_which_page_of_how_many_above_its_links(
    app, live_server, browser, goal, monkeypatch, language, where
):
    monkeypatch.setitem(app.config, "COMMENTS_PER_PAGE", 1)
    page = phone_page(browser, javascript=False)
    try:
        page.goto(f"{live_server}/mal/{goal['goal']}?lang={language}")
        paging = page.locator("nav.pagination")
        expect(paging.locator(".page-of")).to_have_text(where.replace("2", "1", 1))
        paging.locator("a[rel=next]").focus()
        page.keyboard.press("Enter")
        expect(paging.locator(".page-of")).to_have_text(where)
        paging.scroll_into_view_if_needed()
        if folder := os.environ.get("DIALOG_SCREENSHOTS"):
            paging.screenshot(path=str(Path(folder) / f"goalpage-paging-{language}.png"))
        # On a line of its own above the two links, which stand side by side.
        tops = paging.locator("li").evaluate_all(
            "(els) => els.map((el) => Math.round(el.getBoundingClientRect().top))"
        )
        assert len(tops) == 3 and tops[0] < tops[1] == tops[2], tops
    finally:
        page.context.close()


def test_the_folded_facts_of_the_dialogue_are_printed(live_server, browser, goal):
    """Folded on the screen, the ladder step and the rest are still on paper."""
    page = phone_page(browser, javascript=False)
    try:
        page.goto(f"{live_server}/mal/{goal['goal']}")
        expect(page.locator(".window-more dl")).to_be_hidden()
        page.emulate_media(media="print")
        expect(page.locator(".window-more dl")).to_be_visible()
        expect(page.locator(".window-more > summary")).to_be_hidden()
    finally:
        page.context.close()
